//! One connection type over SQLite and PostgreSQL, the pool, and the backend chosen from the URL.

use crate::error::StoreError;
use diesel::connection::{Connection, InstrumentationEvent, SimpleConnection};
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel::{PgConnection, SqliteConnection};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// A connection to whichever database the deployment uses; queries are written once for both.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgres(PgConnection),
    Sqlite(SqliteConnection),
}

/// The shared pool handlers draw connections from (inside `web::block`).
pub type DbPool = Pool<ConnectionManager<DbConnection>>;
/// A connection checked out of the pool.
pub type PooledDb = PooledConnection<ConnectionManager<DbConnection>>;

/// Which engine a database URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// `postgres://` and `postgresql://` URLs are PostgreSQL; anything else is an SQLite path or `sqlite://` URL.
    pub fn of(url: &str) -> Backend {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }
}

/// The SQLite URL of `annex.db` inside a data directory, creating the directory on first run.
pub fn sqlite_url_in(data_dir: &Path) -> Result<String, StoreError> {
    std::fs::create_dir_all(data_dir)
        .map_err(|e| StoreError::Config(format!("cannot create {}: {e}", data_dir.display())))?;
    Ok(data_dir.join("annex.db").to_string_lossy().into_owned())
}

/// Prepares every new connection of the pool: the SQLite pragmas Annex relies on and, when asked
/// for, a count of the statements it runs.
#[derive(Debug, Clone)]
struct Prepare {
    sqlite: bool,
    statements: Option<Arc<AtomicU64>>,
}

impl CustomizeConnection<DbConnection, diesel::r2d2::Error> for Prepare {
    fn on_acquire(&self, conn: &mut DbConnection) -> Result<(), diesel::r2d2::Error> {
        if let (true, DbConnection::Sqlite(conn)) = (self.sqlite, &mut *conn) {
            conn.batch_execute(
                // busy_timeout first: switching a new file to WAL takes a lock other connections wait on.
                "PRAGMA busy_timeout = 10000;
                 PRAGMA journal_mode = WAL;
                 PRAGMA synchronous = NORMAL;
                 PRAGMA foreign_keys = ON;",
            )
            .map_err(diesel::r2d2::Error::QueryError)?;
        }
        if let Some(counter) = &self.statements {
            let counter = Arc::clone(counter);
            conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
                if matches!(event, InstrumentationEvent::StartQuery { .. }) {
                    counter.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
        Ok(())
    }
}

/// Opens a pool on `url`; `max_size` bounds the connections held open.
pub fn connect(url: &str, max_size: u32) -> Result<DbPool, StoreError> {
    open(url, max_size, None)
}

/// Opens a pool whose connections add every statement they run to `statements` — how tests prove
/// that a request costs a fixed number of queries.
pub fn connect_counting(
    url: &str,
    max_size: u32,
    statements: Arc<AtomicU64>,
) -> Result<DbPool, StoreError> {
    open(url, max_size, Some(statements))
}

fn open(
    url: &str,
    max_size: u32,
    statements: Option<Arc<AtomicU64>>,
) -> Result<DbPool, StoreError> {
    let url = url.strip_prefix("sqlite://").unwrap_or(url);
    let manager = ConnectionManager::<DbConnection>::new(url);
    Pool::builder()
        .max_size(max_size)
        .connection_timeout(Duration::from_secs(10))
        .connection_customizer(Box::new(Prepare {
            sqlite: Backend::of(url) == Backend::Sqlite,
            statements,
        }))
        .build(manager)
        .map_err(StoreError::from)
}
