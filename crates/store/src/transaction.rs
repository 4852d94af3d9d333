//! Write transactions: every write of a request, and the events recording it, commit together or not at all.
//!
//! On SQLite a write transaction starts with `BEGIN IMMEDIATE`, so concurrent writers queue on the
//! busy timeout at the start instead of failing with "database is locked" when a read lock
//! cannot be upgraded.

use crate::connection::DbConnection;
use crate::error::StoreError;
use diesel::Connection;
use diesel::connection::{AnsiTransactionManager, TransactionManager};

/// Runs `work` in one write transaction, committing on `Ok` and rolling back on `Err`.
pub fn write<T, E>(
    conn: &mut DbConnection,
    work: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<StoreError>,
{
    match conn {
        DbConnection::Postgres(_) => conn
            .transaction(|conn| work(conn).map_err(Wrapped::App))
            .map_err(Wrapped::into_app),
        DbConnection::Sqlite(sqlite) => {
            AnsiTransactionManager::begin_transaction_sql(sqlite, "BEGIN IMMEDIATE")
                .map_err(|e| E::from(StoreError::from(e)))?;
            let outcome = work(conn);
            let DbConnection::Sqlite(sqlite) = conn else {
                unreachable!("the connection cannot change backend inside a transaction")
            };
            match outcome {
                Ok(value) => {
                    AnsiTransactionManager::commit_transaction(sqlite)
                        .map_err(|e| E::from(StoreError::from(e)))?;
                    Ok(value)
                }
                Err(e) => {
                    // The original error matters more than a failed rollback, which SQLite undoes on close anyway.
                    let _ = AnsiTransactionManager::rollback_transaction(sqlite);
                    Err(e)
                }
            }
        }
    }
}

/// Carries either the caller's error or diesel's through `Connection::transaction`.
enum Wrapped<E> {
    App(E),
    Db(diesel::result::Error),
}

impl<E> From<diesel::result::Error> for Wrapped<E> {
    fn from(e: diesel::result::Error) -> Self {
        Wrapped::Db(e)
    }
}

impl<E: From<StoreError>> Wrapped<E> {
    fn into_app(self) -> E {
        match self {
            Wrapped::App(e) => e,
            Wrapped::Db(e) => E::from(StoreError::from(e)),
        }
    }
}
