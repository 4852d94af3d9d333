//! One connection type over SQLite and PostgreSQL, the pool, and the backend chosen from the URL.

use crate::error::StoreError;
use annex_domain::{ItemId, OrgId, SpaceId, UserId};
use diesel::connection::{Connection, InstrumentationEvent, SimpleConnection};
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::Text;
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
/// The domain's typed ids bind and read as text on either backend of the connection (the domain
/// crate gives them `ToSql` per backend and `FromSql` for any; the multi-backend that `DbConnection`
/// generates lives here, so its `ToSql` does too).
macro_rules! ids_on_both_backends {
    ($($id:ty),*) => {$(
        impl ToSql<Text, MultiBackend> for $id {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
                out.set_value((Text, self));
                Ok(IsNull::No)
            }
        }
    )*};
}

ids_on_both_backends!(OrgId, UserId, SpaceId, ItemId);

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

/// The SQLite URL of `annex.db` inside a data directory, creating both on first run readable by
/// the server's user alone (0700 and 0600): the database holds every organisation's risks,
/// incidents and password hashes. SQLite gives its `-wal` and `-shm` files the database's mode.
pub fn sqlite_url_in(data_dir: &Path) -> Result<String, StoreError> {
    let unusable = |what: &Path, e: std::io::Error| {
        StoreError::Config(format!("cannot create {}: {e}", what.display()))
    };
    let mut dir = std::fs::DirBuilder::new();
    dir.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut dir, 0o700);
    dir.create(data_dir).map_err(|e| unusable(data_dir, e))?;
    let db = data_dir.join("annex.db");
    if !db.exists() {
        let mut file = std::fs::OpenOptions::new();
        file.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut file, 0o600);
        match file.open(&db) {
            Ok(_) => {}
            // Another process made it between the check and the open: it is theirs to keep.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(unusable(&db, e)),
        }
    }
    Ok(db.to_string_lossy().into_owned())
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
        match (self.sqlite, &mut *conn) {
            (true, DbConnection::Sqlite(conn)) => conn
                .batch_execute(
                    // busy_timeout first: switching a new file to WAL takes a lock other
                    // connections wait on. A writer waits up to 10 s for another's
                    // transaction, then gets "database is locked" (answered as 503, not 500).
                    "PRAGMA busy_timeout = 10000;
                     PRAGMA journal_mode = WAL;
                     PRAGMA synchronous = NORMAL;
                     PRAGMA foreign_keys = ON;",
                )
                .map_err(diesel::r2d2::Error::QueryError)?,
            // The same bounded wait for a row or table lock on PostgreSQL.
            (false, DbConnection::Postgres(conn)) => conn
                .batch_execute("SET lock_timeout = '10s'")
                .map_err(diesel::r2d2::Error::QueryError)?,
            _ => {}
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

#[cfg(test)]
mod tests {
    #[cfg(unix)]
    #[test]
    fn a_new_data_directory_and_database_are_private_to_the_server() {
        use std::os::unix::fs::PermissionsExt;
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("data");
        let url = super::sqlite_url_in(&dir).unwrap();
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(std::path::Path::new(&url)), 0o600);
        let pool = super::connect(&url, 1).unwrap();
        let mut conn = pool.get().unwrap();
        crate::migrations::run_pending(&mut conn).unwrap();
        assert_eq!(
            mode(std::path::Path::new(&url)),
            0o600,
            "still private once SQLite wrote it"
        );
    }
}
