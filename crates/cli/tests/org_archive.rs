//! `annex export --org` / `annex import` as an administrator uses them: the demo organisation
//! written to one JSON file, restored into an empty instance on SQLite and on PostgreSQL, and
//! written again to the very same bytes; the restored instance signs its people in; an instance
//! that already has the organisation, or a file of another format, is refused without a change.
//! PostgreSQL at `ANNEX_TEST_POSTGRES_URL` (default: local, trust) is required when
//! `ANNEX_TEST_BACKEND=postgres`, and used whenever it is reachable.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failed setup step or assertion should fail the test loudly, in helpers too"
)]

use diesel::Connection;
use diesel::connection::SimpleConnection;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const DEMO_ORG: &str = "Demo Consulting Ltd";

fn annex(data_dir: &Path, database_url: Option<&str>, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_annex"));
    command
        .args(args)
        .env("ANNEX_DATA_DIR", data_dir)
        .env("ANNEX_LOG", "warn")
        .env("ANNEX_KPI_INTERVAL_SECS", "0");
    match database_url {
        Some(url) => command.env("ANNEX_DATABASE_URL", url),
        None => command.env_remove("ANNEX_DATABASE_URL"),
    };
    command.output().unwrap()
}

fn succeeded(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn refused(out: &Output) -> String {
    assert!(
        !out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn export(data_dir: &Path, database_url: Option<&str>, org: &str, out: &Path) -> Vec<u8> {
    succeeded(&annex(
        data_dir,
        database_url,
        &["export", "--org", org, "--out", out.to_str().unwrap()],
    ));
    std::fs::read(out).unwrap()
}

fn import(data_dir: &Path, database_url: Option<&str>, file: &Path) -> Output {
    annex(
        data_dir,
        database_url,
        &["import", "--file", file.to_str().unwrap()],
    )
}

/// A data dir with the demo organisation, given values that test the canonical form: doubles
/// that are not whole, and a timestamp SQLite holds without a fraction.
fn demo(data_dir: &Path) {
    succeeded(&annex(data_dir, None, &["demo"]));
    let mut db =
        diesel::SqliteConnection::establish(data_dir.join("annex.db").to_str().unwrap()).unwrap();
    db.batch_execute(
        "UPDATE kpi_readings SET value = 0.1 + 0.2 WHERE id = (SELECT MIN(id) FROM kpi_readings);
         UPDATE items SET days_estimated = 1.0 / 3.0, days_taken = 1e-300
           WHERE id = (SELECT MIN(id) FROM items);
         UPDATE spaces SET created_at = '2026-01-02 03:04:05' WHERE id = (SELECT MIN(id) FROM spaces);",
    )
    .unwrap();
}

fn document(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap()
}

#[test]
fn the_demo_restored_on_sqlite_exports_to_the_same_bytes_and_signs_its_people_in() {
    let dir = tempfile::tempdir().unwrap();
    let (source, restored) = (dir.path().join("source"), dir.path().join("restored"));
    demo(&source);
    let first = export(&source, None, DEMO_ORG, &dir.path().join("first.json"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("first.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the file holds password hashes");
    }
    let doc = document(&first);
    assert_eq!(doc["format"], "annex-organisation");
    assert_eq!(doc["version"], 1);
    let tables = doc["tables"].as_object().unwrap();
    assert_eq!(tables.len(), 35, "every table but those left out");
    for left_out in [
        "refresh_tokens",
        "login_attempts",
        "pending_upgrades",
        "mail_outbox",
        "mail_digests",
        "job_leases",
        "reminders_sent",
    ] {
        assert!(!tables.contains_key(left_out), "{left_out}");
    }
    assert_eq!(tables["users"].as_array().unwrap().len(), 6);
    assert!(tables["items"].as_array().unwrap().len() > 500);
    let text = String::from_utf8(first.clone()).unwrap();
    assert!(
        text.contains("\"value\": 0.30000000000000004"),
        "the double kept every bit"
    );
    assert!(text.contains("\"created_at\": \"2026-01-02T03:04:05.000000\""));
    assert!(text.ends_with("}\n"));

    let out = import(&restored, None, &dir.path().join("first.json"));
    let report = succeeded(&out);
    assert!(report.contains("rows in total"), "{report}");
    let again = export(&restored, None, DEMO_ORG, &dir.path().join("again.json"));
    assert!(first == again, "export → import → export is byte-identical");

    // The same organisation from its id, refusing to write over a file.
    let org_id = doc["organisation_id"].as_str().unwrap();
    let by_id = export(&restored, None, org_id, &dir.path().join("by-id.json"));
    assert!(by_id == first);
    let out = annex(
        &restored,
        None,
        &[
            "export",
            "--org",
            DEMO_ORG,
            "--out",
            dir.path().join("again.json").to_str().unwrap(),
        ],
    );
    assert!(refused(&out).contains("already exists"));
    assert!(std::fs::read(dir.path().join("again.json")).unwrap() == first);

    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(signs_in_on_a_served_copy(&restored));
}

/// The restored instance serves: a demo person signs in with their password and sees the spaces.
async fn signs_in_on_a_served_copy(data_dir: &Path) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let log = data_dir.join("serve.log");
    let child = Command::new(env!("CARGO_BIN_EXE_annex"))
        .arg("serve")
        .env("ANNEX_BIND", format!("127.0.0.1:{port}"))
        .env("ANNEX_DATA_DIR", data_dir)
        .env("ANNEX_LOG", "warn")
        .env("ANNEX_KPI_INTERVAL_SECS", "0")
        .env_remove("ANNEX_DATABASE_URL")
        .env_remove("ANNEX_JWT_SECRET")
        .env_remove("ANNEX_WEB_DIR")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let _server = Killed(child);
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !http
        .get(format!("{base}/api/ready"))
        .send()
        .await
        .is_ok_and(|r| r.status() == 200)
    {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        assert!(
            Instant::now() < deadline,
            "the server did not start: {text}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let answer = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": "editor@demo.example", "password": "annex-demo"}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200, "{}", answer.text().await.unwrap());
    let token = answer.json::<Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let spaces: Value = http
        .get(format!("{base}/api/v1/spaces?limit=200"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let names: Vec<&str> = spaces["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert!(names.contains(&"Requests for Change"), "{spaces}");
}

/// A child process killed when dropped, so a failing test leaves no server behind.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A fresh PostgreSQL database, dropped afterwards; `None` when no server is reachable and the
/// run does not require one.
struct Postgres {
    admin_url: String,
    name: String,
}

impl Postgres {
    fn create() -> Option<Postgres> {
        let admin_url = std::env::var("ANNEX_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        let mut admin = match diesel::PgConnection::establish(&admin_url) {
            Ok(conn) => conn,
            Err(e) if std::env::var("ANNEX_TEST_BACKEND").as_deref() != Ok("postgres") => {
                eprintln!("skipped: no PostgreSQL at {admin_url} ({e})");
                return None;
            }
            Err(e) => panic!("PostgreSQL must be reachable at {admin_url}: {e}"),
        };
        let name = format!("annex_archive_{}", uuid::Uuid::now_v7().simple());
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        Some(Postgres { admin_url, name })
    }

    fn url(&self) -> String {
        match self.admin_url.rsplit_once('/') {
            Some((server, _)) => format!("{server}/{}", self.name),
            None => format!("{}/{}", self.admin_url, self.name),
        }
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        if let Ok(mut admin) = diesel::PgConnection::establish(&self.admin_url) {
            let _ = admin.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

#[test]
fn the_demo_restored_on_postgres_exports_the_same_bytes_as_sqlite() {
    let Some(database) = Postgres::create() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source");
    demo(&source);
    let file = dir.path().join("sqlite.json");
    let from_sqlite = export(&source, None, DEMO_ORG, &file);

    let url = database.url();
    let started = Instant::now();
    succeeded(&import(&dir.path().join("pg"), Some(&url), &file));
    eprintln!("imported into PostgreSQL in {:?}", started.elapsed());
    let pg_file = dir.path().join("postgres.json");
    let from_postgres = export(&dir.path().join("pg"), Some(&url), DEMO_ORG, &pg_file);
    assert!(
        from_sqlite == from_postgres,
        "PostgreSQL gives the same document as SQLite (diff {} {})",
        file.display(),
        pg_file.display()
    );

    // And back: what PostgreSQL wrote restores on SQLite to the same bytes.
    let back = dir.path().join("back");
    succeeded(&import(&back, None, &pg_file));
    let again = export(&back, None, DEMO_ORG, &dir.path().join("back.json"));
    assert!(again == from_sqlite);
}

#[test]
fn an_instance_that_has_the_organisation_refuses_it_and_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source");
    demo(&source);
    let file = dir.path().join("demo.json");
    let before = export(&source, None, DEMO_ORG, &file);

    let stderr = refused(&import(&source, None, &file));
    assert!(stderr.contains("already has the organisation"), "{stderr}");
    assert!(stderr.contains("nothing was imported"), "{stderr}");
    let after = export(&source, None, DEMO_ORG, &dir.path().join("after.json"));
    assert!(before == after, "nothing changed");
}

/// An archive of a new organisation whose people are the demo's: only the organisation and the
/// memberships, every other table empty.
fn people_of_the_demo_in_a_new_organisation(demo: &Value) -> (Value, String) {
    let old_id = demo["organisation_id"].as_str().unwrap();
    let new_id = uuid::Uuid::now_v7().to_string();
    let mut doc = demo.clone();
    let tables = doc["tables"].as_object_mut().unwrap();
    for (name, rows) in tables.iter_mut() {
        if !["organisations", "users", "memberships"].contains(&name.as_str()) {
            *rows = json!([]);
        }
    }
    let mut org = tables["organisations"][0].clone();
    org["id"] = json!(new_id);
    org["name"] = json!("Second Ltd");
    tables["organisations"] = json!([org]);
    for membership in tables["memberships"].as_array_mut().unwrap() {
        assert_eq!(membership["org_id"], old_id);
        membership["org_id"] = json!(new_id);
    }
    doc["organisation_id"] = json!(new_id);
    (doc, new_id)
}

#[test]
fn people_the_instance_knows_are_kept_and_one_with_another_address_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source");
    demo(&source);
    let demo_doc = document(&export(
        &source,
        None,
        DEMO_ORG,
        &dir.path().join("demo.json"),
    ));
    let demo_before = std::fs::read(dir.path().join("demo.json")).unwrap();

    let (mut doc, new_id) = people_of_the_demo_in_a_new_organisation(&demo_doc);
    let users = doc["tables"]["users"].as_array_mut().unwrap();
    users[0]["email"] = json!("someone-else@example.com");
    let clash = dir.path().join("clash.json");
    std::fs::write(&clash, serde_json::to_vec(&doc).unwrap()).unwrap();
    let stderr = refused(&import(&source, None, &clash));
    assert!(stderr.contains("in the archive"), "{stderr}");
    let out = annex(
        &source,
        None,
        &["export", "--org", &new_id, "--out", "/nonexistent/x"],
    );
    assert!(
        refused(&out).contains("there is no organisation"),
        "not half imported"
    );

    let (doc, _) = people_of_the_demo_in_a_new_organisation(&demo_doc);
    let second = dir.path().join("second.json");
    std::fs::write(&second, serde_json::to_vec(&doc).unwrap()).unwrap();
    let report = succeeded(&import(&source, None, &second));
    assert!(
        report.contains("6 people already had an account here"),
        "{report}"
    );
    let exported = export(
        &source,
        None,
        "Second Ltd",
        &dir.path().join("second-again.json"),
    );
    assert_eq!(
        document(&exported)["tables"]["memberships"]
            .as_array()
            .unwrap()
            .len(),
        6
    );
    let demo_after = export(&source, None, DEMO_ORG, &dir.path().join("demo-after.json"));
    assert!(
        demo_after == demo_before,
        "the demo organisation is untouched"
    );
}

#[test]
fn a_file_of_another_format_or_version_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source");
    demo(&source);
    let mut doc = document(&export(
        &source,
        None,
        DEMO_ORG,
        &dir.path().join("demo.json"),
    ));
    let empty = dir.path().join("empty");

    doc["version"] = json!(2);
    let newer = dir.path().join("newer.json");
    std::fs::write(&newer, serde_json::to_vec(&doc).unwrap()).unwrap();
    let stderr = refused(&import(&empty, None, &newer));
    assert!(stderr.contains("archive version 2"), "{stderr}");

    let other: PathBuf = dir.path().join("other.json");
    std::fs::write(&other, br#"{"hello": "world"}"#).unwrap();
    let stderr = refused(&import(&empty, None, &other));
    assert!(
        stderr.contains("not an Annex organisation archive"),
        "{stderr}"
    );

    doc["version"] = json!(1);
    doc["tables"]["items"][0]["org_id"] = json!(uuid::Uuid::now_v7().to_string());
    let foreign = dir.path().join("foreign.json");
    std::fs::write(&foreign, serde_json::to_vec(&doc).unwrap()).unwrap();
    let stderr = refused(&import(&empty, None, &foreign));
    assert!(
        stderr.contains("belongs to another organisation"),
        "{stderr}"
    );

    let out = annex(
        &empty,
        None,
        &["export", "--org", DEMO_ORG, "--out", "/nonexistent/x"],
    );
    assert!(
        refused(&out).contains("there is no organisation"),
        "nothing was written"
    );
}

#[test]
fn space_and_organisation_arguments_are_not_mixed() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = annex(
        &data,
        None,
        &["export", "--org", DEMO_ORG, "--format", "csv", "--out", "x"],
    );
    assert!(refused(&out).contains("--space"));
    let out = annex(&data, None, &["import", "--org", DEMO_ORG, "--file", "x"]);
    assert!(refused(&out).contains("--space"));
}
