//! One connection type over SQLite and PostgreSQL, the pool, and the backend chosen from the URL.

use crate::error::StoreError;
use diesel::connection::SimpleConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel::{PgConnection, SqliteConnection};
use std::path::Path;
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

/// Sets the SQLite pragmas Annex relies on, on every new connection of the pool.
#[derive(Debug, Clone, Copy)]
struct SqlitePragmas;

impl CustomizeConnection<DbConnection, diesel::r2d2::Error> for SqlitePragmas {
    fn on_acquire(&self, conn: &mut DbConnection) -> Result<(), diesel::r2d2::Error> {
        if let DbConnection::Sqlite(conn) = conn {
            conn.batch_execute(
                // busy_timeout first: switching a new file to WAL takes a lock other connections wait on.
                "PRAGMA busy_timeout = 10000;
                 PRAGMA journal_mode = WAL;
                 PRAGMA synchronous = NORMAL;
                 PRAGMA foreign_keys = ON;",
            )
            .map_err(diesel::r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

/// Opens a pool on `url`; `max_size` bounds the connections held open.
pub fn connect(url: &str, max_size: u32) -> Result<DbPool, StoreError> {
    let url = url.strip_prefix("sqlite://").unwrap_or(url);
    let manager = ConnectionManager::<DbConnection>::new(url);
    let builder = Pool::builder()
        .max_size(max_size)
        .connection_timeout(Duration::from_secs(10));
    let builder = match Backend::of(url) {
        Backend::Sqlite => builder.connection_customizer(Box::new(SqlitePragmas)),
        Backend::Postgres => builder,
    };
    builder.build(manager).map_err(StoreError::from)
}
