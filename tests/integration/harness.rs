//! `TestApp`: a real Annex server on port 0 over a fresh database of its own, on the backend chosen
//! by `ANNEX_TEST_BACKEND` (`sqlite`, the default, or `postgres`), seeded with the demo organisation.

use annex_api::mail::MailConfig;
use annex_api::schedule::{Job, Scheduler};
use annex_api::{ApiConfig, AppState};
use annex_client::Client;
use annex_client::domain::PageParams;
use annex_client::domain::Role;
use annex_client::domain::access::auth::LoginRequest;
use annex_client::domain::access::groups::{CreateGroup, Group};
use annex_client::domain::access::users::CreateMember;
use annex_client::domain::work::items::{CreateItem, Item, ItemFilter};
use annex_client::domain::work::spaces::{CreateSpace, Space, SpaceFilter, SpaceKind};
use annex_store::access::members::{self, Credential};
use annex_store::{DbPool, access::organisations, demo, transaction};
use diesel::RunQueryDsl;
use diesel::connection::SimpleConnection;
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use uuid::Uuid;

/// The backend under test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Which backend this run tests, from `ANNEX_TEST_BACKEND`.
pub fn backend() -> Backend {
    match std::env::var("ANNEX_TEST_BACKEND").as_deref() {
        Ok("postgres") => Backend::Postgres,
        _ => Backend::Sqlite,
    }
}

/// The server a test talks to, and the database behind it.
pub struct TestApp {
    pub base_url: String,
    pub pool: DbPool,
    /// Statements run by every connection of the pool so far (see `statements_of`).
    statements: Arc<AtomicU64>,
    /// The server's scheduler, run by the tests at the times they choose (`run_job`).
    scheduler: Scheduler,
    scheduler_mailer: std::sync::Arc<annex_api::mail::Mailer>,
    server: actix_web::dev::ServerHandle,
    _data_dir: tempfile::TempDir,
    postgres_db: Option<String>,
}

/// The PostgreSQL server to create per-test databases in.
fn postgres_admin_url() -> String {
    std::env::var("ANNEX_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

fn with_database(admin_url: &str, db: &str) -> String {
    match admin_url.rsplit_once('/') {
        Some((server, _)) => format!("{server}/{db}"),
        None => format!("{admin_url}/{db}"),
    }
}

fn admin_sql(sql: &str) {
    use diesel::Connection;
    let mut conn = diesel::PgConnection::establish(&postgres_admin_url())
        .expect("PostgreSQL must be reachable for ANNEX_TEST_BACKEND=postgres (set ANNEX_TEST_POSTGRES_URL)");
    conn.batch_execute(sql).expect("admin SQL");
}

/// The public address mails' links start with.
pub const PUBLIC_URL: &str = "https://annex.test.example";

/// Options of a test server.
#[derive(Default)]
pub struct Options {
    pub max_body_bytes: Option<usize>,
    pub web_dir: Option<std::path::PathBuf>,
    pub public_url: Option<String>,
    pub metrics_token: Option<String>,
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The SMTP server mail goes through (`smtp://127.0.0.1:port` of an [`crate::mail::SmtpServer`]).
    pub smtp_url: Option<String>,
}

impl TestApp {
    /// A server with the demo organisation loaded.
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(Options::default()).await
    }

    /// A server with options.
    pub async fn spawn_with(options: Options) -> TestApp {
        let data_dir = tempfile::tempdir().expect("temp dir");
        let (url, postgres_db) = match backend() {
            Backend::Sqlite => (
                data_dir
                    .path()
                    .join("annex.db")
                    .to_string_lossy()
                    .into_owned(),
                None,
            ),
            Backend::Postgres => {
                let db = format!("annex_test_{}", Uuid::new_v4().simple());
                admin_sql(&format!("CREATE DATABASE {db}"));
                (with_database(&postgres_admin_url(), &db), Some(db))
            }
        };
        let statements = Arc::new(AtomicU64::new(0));
        let pool = annex_store::connect_counting(&url, 8, Arc::clone(&statements)).expect("pool");
        {
            let mut conn = pool.get().expect("connection");
            annex_store::migrations::run_pending(&mut conn).expect("migrations");
            transaction::write(&mut conn, demo::load_if_empty).expect("demo data");
        }
        let config = ApiConfig {
            max_body_bytes: options.max_body_bytes.unwrap_or(64 * 1024),
            web_dir: options.web_dir,
            public_url: options.public_url,
            metrics_token: options.metrics_token,
            trusted_proxies: options.trusted_proxies,
            mail: MailConfig {
                smtp_url: options.smtp_url,
                from: Some("Annex Test <annex@test.example>".into()),
                public_url: PUBLIC_URL.into(),
            },
        };
        let state = AppState::new(pool.clone(), &[42u8; 32], config).expect("state");
        let scheduler_mailer = state.mailer.clone();
        let scheduler = Scheduler::new(pool.clone(), scheduler_mailer.clone());
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let server = actix_web::HttpServer::new(move || annex_api::app(state.clone()))
            .workers(2)
            .listen(listener)
            .expect("listen")
            .run();
        let handle = server.handle();
        tokio::spawn(server);
        TestApp {
            base_url: format!("http://127.0.0.1:{port}"),
            pool,
            statements,
            scheduler,
            scheduler_mailer,
            server: handle,
            _data_dir: data_dir,
            postgres_db,
        }
    }

    /// Another scheduler on the server's database: a second node.
    pub fn scheduler(&self) -> Scheduler {
        Scheduler::new(self.pool.clone(), self.scheduler_mailer.clone())
    }

    /// Runs a job of the server's scheduler as of `at` (the tests' clock), on the blocking pool.
    pub async fn run_job(&self, job: Job, at: chrono::NaiveDateTime) {
        let scheduler = self.scheduler.clone();
        let ran = tokio::task::spawn_blocking(move || scheduler.run(job, at))
            .await
            .expect("job thread")
            .expect("job");
        assert!(ran, "the job's lease was free");
    }

    /// A client without credentials.
    pub fn anonymous(&self) -> Client {
        Client::new(&self.base_url)
    }

    /// A client signed in as `email` with `password`.
    pub async fn client_as(&self, email: &str, password: &str) -> Client {
        let tokens = self
            .anonymous()
            .login(&LoginRequest {
                email: email.into(),
                password: password.into(),
                org_id: None,
            })
            .await
            .unwrap_or_else(|e| panic!("login as {email}: {e:?}"));
        self.anonymous().with_token(tokens.access_token)
    }

    /// A client signed in as the owner of a new organisation named `name` (see `other_organisation`).
    pub async fn outsider(&self, name: &str) -> Client {
        let (_, email) = self.other_organisation(name);
        self.client_as(&email, "other-password").await
    }

    /// A client signed in as the demo account of `role`.
    pub async fn demo(&self, role: Role) -> Client {
        self.client_as(&format!("{role}@demo.example"), demo::PASSWORD)
            .await
    }

    /// Clients signed in as the demo accounts of `roles`, one after the other.
    pub async fn demos<const N: usize>(&self, roles: [Role; N]) -> [Client; N] {
        let mut clients = Vec::with_capacity(N);
        for role in roles {
            clients.push(self.demo(role).await);
        }
        match clients.try_into() {
            Ok(clients) => clients,
            Err(_) => unreachable!("one client a role"),
        }
    }

    /// Creates another organisation with one owner (`owner@<slug>.example`, password `other-password`).
    pub fn other_organisation(&self, name: &str) -> (Uuid, String) {
        let mut conn = self.pool.get().expect("connection");
        let email = format!("owner@{}.example", name.to_lowercase().replace(' ', "-"));
        let hash = annex_store::access::credentials::hash_password("other-password").expect("hash");
        let org = transaction::write(&mut conn, |conn| {
            let org = organisations::create(conn, name, None)?;
            let req = CreateMember {
                email: email.clone(),
                display_name: format!("{name} Owner"),
                role: Role::Owner,
                password: None,
            };
            members::create(
                conn,
                org.id.into(),
                None,
                &req,
                Credential::PasswordHash(hash),
            )?;
            Ok::<_, annex_store::StoreError>(org)
        })
        .expect("other organisation");
        (org.id, email)
    }

    /// Runs raw SQL against the test database (for checking what is stored).
    pub fn sql_count(&self, sql: &str) -> i64 {
        #[derive(diesel::QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let mut conn = self.pool.get().expect("connection");
        diesel::sql_query(sql)
            .get_result::<Count>(&mut conn)
            .expect("count query")
            .n
    }

    /// How many SQL statements the server ran while `work` (one or more requests) ran; the test
    /// must not run anything else meanwhile.
    pub async fn statements_of<T>(&self, work: impl std::future::Future<Output = T>) -> (T, u64) {
        let before = self.statements.load(Ordering::SeqCst);
        let out = work.await;
        (out, self.statements.load(Ordering::SeqCst) - before)
    }

    /// Runs a raw SQL statement and returns its error, if any.
    pub fn sql_execute(&self, sql: &str) -> Result<usize, diesel::result::Error> {
        let mut conn = self.pool.get().expect("connection");
        diesel::sql_query(sql).execute(&mut conn)
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Stop accepting requests; the runtime ends the server task when the test returns.
        drop(self.server.stop(false));
        if let Some(db) = self.postgres_db.take() {
            // FORCE ends the pool's open connections to it.
            admin_sql(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"));
        }
    }
}

/// The demo organisation's space of that name (every test that starts from the demo data finds
/// its trackers and projects this way).
pub async fn space_named(client: &Client, name: &str) -> Space {
    let page = PageParams {
        limit: Some(100),
        cursor: None,
    };
    client
        .list_spaces(&SpaceFilter::default(), &page)
        .await
        .unwrap()
        .data
        .into_iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no space {name}"))
}

/// `Err(ApiError::$variant(_))` expected of `$result`: asserts it, naming the call when it fails,
/// and gives the error back.
macro_rules! assert_err {
    ($result:expr, $variant:ident) => {{
        let err = $result.unwrap_err();
        assert!(
            matches!(err, annex_client::ApiError::$variant(_)),
            "{}: {err:?}",
            stringify!($result)
        );
        err
    }};
}

/// The id of the person `client` is signed in as.
pub async fn id_of(client: &Client) -> Uuid {
    client.me().await.unwrap().user.id
}

/// A new space of `kind` named `name`, without a template, made by `client`.
pub async fn new_space(client: &Client, kind: SpaceKind, name: &str) -> Space {
    client
        .create_space(&CreateSpace {
            kind,
            name: name.into(),
            description: String::new(),
            owner_id: None,
            template: None,
        })
        .await
        .unwrap()
}

/// A new item with only a title.
pub fn titled(title: &str) -> CreateItem {
    CreateItem {
        title: title.into(),
        ..Default::default()
    }
}

/// A new item of `space` with only a title, made by `client`.
pub async fn new_item(client: &Client, space: Uuid, title: &str) -> Item {
    client.create_item(space, &titled(title)).await.unwrap()
}

/// The item of `space` titled `title` (found by searching for it).
pub async fn item_titled(client: &Client, space: Uuid, title: &str) -> Item {
    client
        .list_items(
            space,
            &ItemFilter {
                q: Some(title.into()),
                ..ItemFilter::default()
            },
            &PageParams::default(),
        )
        .await
        .unwrap()
        .data
        .into_iter()
        .find(|i| i.title == title)
        .unwrap_or_else(|| panic!("no item {title}"))
}

/// A new group named `name` without a description, made by `client`.
pub async fn new_group(client: &Client, name: &str) -> Group {
    client
        .create_group(&CreateGroup {
            name: name.into(),
            description: String::new(),
        })
        .await
        .unwrap()
}

/// An error answering `$status` expected of `$result`: asserts it, naming the call when it fails,
/// and gives the error back.
macro_rules! assert_status {
    ($result:expr, $status:expr) => {{
        let err = $result.unwrap_err();
        assert_eq!(
            err.status(),
            Some($status),
            "{}: {err:?}",
            stringify!($result)
        );
        err
    }};
}

/// A 422 validation problem naming `$field` in its `errors` expected of `$result`: asserts it,
/// naming the call when it fails, and gives back the field's messages.
macro_rules! assert_field {
    ($result:expr, $field:expr) => {{
        let err = $result.unwrap_err();
        let field: &str = $field;
        match &err {
            annex_client::ApiError::Validation { problem, errors } => {
                assert_eq!(
                    (problem.status, problem.code.as_str()),
                    (422, "validation"),
                    "{}: {err:?}",
                    stringify!($result)
                );
                errors.get(field).cloned().unwrap_or_else(|| {
                    panic!(
                        "{}: no error for `{field}` in {errors:?}",
                        stringify!($result)
                    )
                })
            }
            other => panic!(
                "{}: expected a validation problem naming `{field}`, got {other:?}",
                stringify!($result)
            ),
        }
    }};
}

/// The rows of a CSV file (after any byte-order mark), header row included.
pub fn read_csv(body: &[u8]) -> Vec<Vec<String>> {
    let body = body.strip_prefix("\u{feff}".as_bytes()).unwrap_or(body);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// The audit of the ISO 27001 Audit Programme titled `title`.
pub async fn programme_audit(client: &Client, title: &str) -> Item {
    let programme = space_named(client, "ISO 27001 Audit Programme").await.id;
    item_titled(client, programme, title).await
}
