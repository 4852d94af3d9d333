//! A write the server acknowledged is still there after the server is killed mid-burst: the real
//! `annex serve` takes concurrent item creations, is SIGKILLed while requests are in flight, and
//! on restart every item it answered 201 for reads back with its exact title. Mail queued before
//! a SIGKILL goes out once after the restart. SQLite always; PostgreSQL too when
//! `ANNEX_TEST_BACKEND=postgres`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failed setup step or assertion should fail the test loudly, in helpers too"
)]

#[allow(
    dead_code,
    reason = "the crash test uses part of the integration suite's SMTP server"
)]
#[path = "../../../tests/integration/smtp.rs"]
mod smtp;

use diesel::Connection;
use diesel::connection::SimpleConnection;
use serde_json::{Value, json};
use std::hash::{BuildHasher, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CLIENTS: usize = 4;
/// The kill comes once this many writes are acknowledged, or after `BURST`, whichever is first.
const KILL_AFTER_ACKS: usize = 60;
const BURST: Duration = Duration::from_secs(2);
/// Fewer acknowledgements than this before the kill means the burst did not really happen.
const MIN_ACKS: usize = 10;
const TRACKER: &str = "ISMS Corrective Actions & Improvements";

/// A database the servers of one run share; a PostgreSQL one is created fresh and dropped after.
enum TestDatabase {
    Sqlite,
    Postgres { admin_url: String, name: String },
}

impl TestDatabase {
    fn postgres() -> TestDatabase {
        let admin_url = std::env::var("ANNEX_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        let random = std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish();
        let name = format!("annex_dur_{random:016x}");
        admin_sql(&admin_url, &format!("CREATE DATABASE {name}"));
        TestDatabase::Postgres { admin_url, name }
    }

    /// `ANNEX_DATABASE_URL` for the server; none for SQLite in the data dir.
    fn url(&self) -> Option<String> {
        match self {
            TestDatabase::Sqlite => None,
            TestDatabase::Postgres { admin_url, name } => Some(match admin_url.rsplit_once('/') {
                Some((server, _)) => format!("{server}/{name}"),
                None => format!("{admin_url}/{name}"),
            }),
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let TestDatabase::Postgres { admin_url, name } = self {
            admin_sql(
                admin_url,
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            );
        }
    }
}

fn admin_sql(admin_url: &str, sql: &str) {
    let mut conn = diesel::PgConnection::establish(admin_url)
        .expect("PostgreSQL must be reachable for ANNEX_TEST_BACKEND=postgres (set ANNEX_TEST_POSTGRES_URL)");
    conn.batch_execute(sql).expect("admin SQL");
}

/// A running `annex serve`, killed when dropped so a failing test leaves no server behind.
struct Server {
    child: Child,
    base: String,
    log: PathBuf,
}

impl Server {
    fn start(data_dir: &Path, database_url: Option<&str>, demo: bool, log: PathBuf) -> Server {
        Server::start_with(data_dir, database_url, demo, log, &[])
    }

    /// A server with more `ANNEX_*` settings.
    fn start_with(
        data_dir: &Path,
        database_url: Option<&str>,
        demo: bool,
        log: PathBuf,
        settings: &[(&str, String)],
    ) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut command = Command::new(env!("CARGO_BIN_EXE_annex"));
        command.arg("serve");
        if demo {
            command.arg("--demo");
        }
        command
            .env("ANNEX_BIND", format!("127.0.0.1:{port}"))
            .env("ANNEX_DATA_DIR", data_dir)
            .env("ANNEX_LOG", "warn")
            .env("ANNEX_KPI_INTERVAL_SECS", "0")
            .env_remove("ANNEX_JWT_SECRET")
            .env_remove("ANNEX_WEB_DIR")
            .env_remove("ANNEX_SMTP_URL")
            .envs(settings.iter().map(|(k, v)| (*k, v.as_str())))
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap());
        match database_url {
            Some(url) => command.env("ANNEX_DATABASE_URL", url),
            None => command.env_remove("ANNEX_DATABASE_URL"),
        };
        Server {
            child: command.spawn().unwrap(),
            base: format!("http://127.0.0.1:{port}"),
            log,
        }
    }

    /// Waits for `/api/ready` to answer 200, failing with the server's log if it does not.
    async fn ready(&mut self, http: &reqwest::Client) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!("the server exited ({status}): {}", self.log_text());
            }
            let answer = http.get(format!("{}/api/ready", self.base)).send().await;
            if answer.is_ok_and(|r| r.status() == 200) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "not ready in 20 s: {}",
                self.log_text()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// SIGKILL: no shutdown hook, no flush, no checkpoint.
    fn kill(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn url(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.base)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn sign_in(http: &reqwest::Client, server: &Server) -> String {
    sign_in_as(http, server, "editor@demo.example").await
}

async fn sign_in_as(http: &reqwest::Client, server: &Server, email: &str) -> String {
    let answer = http
        .post(server.url("/auth/login"))
        .json(&json!({"email": email, "password": "annex-demo"}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200, "{}", answer.text().await.unwrap());
    let body: Value = answer.json().await.unwrap();
    body["access_token"].as_str().unwrap().to_owned()
}

async fn tracker_id(http: &reqwest::Client, server: &Server, token: &str) -> String {
    let spaces: Value = http
        .get(server.url("/spaces?limit=200"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let data = spaces["data"].as_array().unwrap();
    let tracker = data.iter().find(|s| s["name"] == TRACKER);
    tracker.expect("the demo has the tracker")["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// What the clients saw: every acknowledged item as (id, title), and any answer other than 201.
#[derive(Default)]
struct Burst {
    acknowledged: Vec<(String, String)>,
    refused: Vec<String>,
}

/// Creates items until the connection breaks, recording what the server acknowledged.
async fn write_until_killed(
    http: reqwest::Client,
    url: String,
    token: String,
    client: usize,
    burst: Arc<Mutex<Burst>>,
) {
    for n in 0..100_000 {
        let title = format!("durable-{client}-{n}");
        let sent = http
            .post(&url)
            .bearer_auth(&token)
            .json(&json!({ "title": title }))
            .send()
            .await;
        let Ok(answer) = sent else { return };
        let status = answer.status();
        // A body cut off by the kill is no acknowledgement.
        let Ok(body) = answer.text().await else {
            return;
        };
        let mut burst = burst.lock().unwrap();
        if status == 201 {
            let item: Value = serde_json::from_str(&body).unwrap();
            let id = item["id"].as_str().unwrap().to_owned();
            burst.acknowledged.push((id, title));
        } else {
            burst.refused.push(format!("{title}: {status} {body}"));
            return;
        }
    }
}

/// Runs one burst against `database`, kills the server during it, restarts, and checks every
/// acknowledged item.
async fn acknowledged_items_survive_a_kill(database: &TestDatabase) {
    let started = Instant::now();
    let data = tempfile::tempdir().unwrap();
    let url = database.url();
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let log = |name: &str| data.path().join(name);

    let mut server = Server::start(data.path(), url.as_deref(), true, log("first.log"));
    server.ready(&http).await;
    let token = sign_in(&http, &server).await;
    let items = server.url(&format!(
        "/spaces/{}/items",
        tracker_id(&http, &server, &token).await
    ));

    let burst = Arc::new(Mutex::new(Burst::default()));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let task = write_until_killed(
                http.clone(),
                items.clone(),
                token.clone(),
                client,
                Arc::clone(&burst),
            );
            tokio::spawn(task)
        })
        .collect();
    let deadline = Instant::now() + BURST;
    while burst.lock().unwrap().acknowledged.len() < KILL_AFTER_ACKS && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let acknowledged_at_kill = burst.lock().unwrap().acknowledged.len();
    server.kill();
    for client in clients {
        client.await.unwrap();
    }
    let burst = std::mem::take(&mut *burst.lock().unwrap());
    assert!(
        burst.refused.is_empty(),
        "writes refused: {:?}\n{}",
        burst.refused,
        server.log_text()
    );
    assert!(
        acknowledged_at_kill >= MIN_ACKS,
        "only {acknowledged_at_kill} writes acknowledged in {BURST:?}"
    );

    let mut server = Server::start(data.path(), url.as_deref(), false, log("second.log"));
    server.ready(&http).await;
    let token = sign_in(&http, &server).await;
    let mut lost = Vec::new();
    for (id, title) in &burst.acknowledged {
        let answer = http
            .get(server.url(&format!("/items/{id}")))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        let status = answer.status();
        let item: Value = answer.json().await.unwrap();
        if status != 200 || item["title"] != title.as_str() {
            lost.push(format!("{title} ({id}): {status} {item}"));
        }
    }
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged writes lost: {lost:?}",
        lost.len(),
        burst.acknowledged.len()
    );
    eprintln!(
        "{}: {acknowledged_at_kill} writes acknowledged at the kill, {} in all, all present after restart ({} ms)",
        if url.is_some() { "postgres" } else { "sqlite" },
        burst.acknowledged.len(),
        started.elapsed().as_millis()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_writes_survive_a_killed_server() {
    let mut databases = vec![TestDatabase::Sqlite];
    if std::env::var("ANNEX_TEST_BACKEND").as_deref() == Ok("postgres") {
        databases.push(TestDatabase::postgres());
    }
    for database in &databases {
        acknowledged_items_survive_a_kill(database).await;
    }
}

/// Mails queued and not yet sent (the first server's sender is off), then a SIGKILL: after the
/// restart, with the sender on, each goes out exactly once (one per Message-ID, none twice).
async fn queued_mail_survives_a_kill(database: &TestDatabase) {
    const MAILS: usize = 8;
    let data = tempfile::tempdir().unwrap();
    let url = database.url();
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let log = |name: &str| data.path().join(name);
    let smtp = smtp::SmtpServer::start();
    let queue_only = [
        ("ANNEX_SMTP_URL", smtp.url()),
        ("ANNEX_MAIL_INTERVAL_SECS", "0".to_owned()),
    ];
    let mut server = Server::start_with(
        data.path(),
        url.as_deref(),
        true,
        log("mail-first.log"),
        &queue_only,
    );
    server.ready(&http).await;
    let token = sign_in_as(&http, &server, "admin@demo.example").await;
    for n in 0..MAILS {
        let answer = http
            .post(server.url("/mail/test"))
            .bearer_auth(&token)
            .json(&json!({"to": format!("person{n}@crash.example")}))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 202, "{}", answer.text().await.unwrap());
    }
    server.kill();
    assert!(
        smtp.received().is_empty(),
        "nothing was sent before the kill"
    );

    let sending = [
        ("ANNEX_SMTP_URL", smtp.url()),
        ("ANNEX_MAIL_INTERVAL_SECS", "1".to_owned()),
    ];
    let mut server = Server::start_with(
        data.path(),
        url.as_deref(),
        false,
        log("mail-second.log"),
        &sending,
    );
    server.ready(&http).await;
    // The test's mails (the demo's own, to its people, go out too).
    let ours = || -> Vec<smtp::Received> {
        smtp.received()
            .into_iter()
            .filter(|m| m.to.iter().any(|to| to.ends_with("@crash.example")))
            .collect()
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while ours().len() < MAILS && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    // A little longer, for a second copy that should not come.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let got = ours();
    let mut to: Vec<String> = got.iter().flat_map(|m| m.to.clone()).collect();
    to.sort();
    let expected: Vec<String> = (0..MAILS)
        .map(|n| format!("person{n}@crash.example"))
        .collect();
    assert_eq!(to, expected, "{}", server.log_text());
    let ids: std::collections::BTreeSet<&str> = got.iter().map(|m| m.message_id.as_str()).collect();
    assert_eq!(ids.len(), MAILS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn queued_mail_is_sent_once_after_a_killed_server() {
    let mut databases = vec![TestDatabase::Sqlite];
    if std::env::var("ANNEX_TEST_BACKEND").as_deref() == Ok("postgres") {
        databases.push(TestDatabase::postgres());
    }
    for database in &databases {
        queued_mail_survives_a_kill(database).await;
    }
}
