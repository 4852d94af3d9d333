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

#[cfg(test)]
mod tests {
    use super::write;
    use crate::connection::connect;
    use crate::error::StoreError;
    use crate::{access::organisations, migrations};
    use diesel::RunQueryDsl;
    use diesel::sql_types::{BigInt, Text};

    #[derive(diesel::QueryableByName)]
    struct Pragma {
        #[diesel(sql_type = Text)]
        journal_mode: String,
    }

    #[derive(diesel::QueryableByName)]
    struct Flag {
        #[diesel(sql_type = BigInt)]
        foreign_keys: i64,
    }

    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }

    #[test]
    fn sqlite_connections_use_wal_and_enforce_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let pool = connect(&dir.path().join("t.db").to_string_lossy(), 2).unwrap();
        let mut conn = pool.get().unwrap();
        let mode: Pragma = diesel::sql_query("PRAGMA journal_mode")
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(mode.journal_mode, "wal");
        let fk: Flag = diesel::sql_query("PRAGMA foreign_keys")
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(fk.foreign_keys, 1);
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind_and_a_good_one_commits() {
        let dir = tempfile::tempdir().unwrap();
        let pool = connect(&dir.path().join("t.db").to_string_lossy(), 2).unwrap();
        let mut conn = pool.get().unwrap();
        migrations::run_pending(&mut conn).unwrap();
        let failed: Result<(), StoreError> = write(&mut conn, |conn| {
            organisations::create(conn, "Rolled Back Ltd", None)?;
            Err(StoreError::rule("changed my mind"))
        });
        assert!(failed.is_err());
        assert!(
            organisations::find_by_name(&mut conn, "Rolled Back Ltd")
                .unwrap()
                .is_none()
        );
        let events: Count = diesel::sql_query("SELECT COUNT(*) AS n FROM events")
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(
            events.n, 0,
            "the event of the rolled-back write went with it"
        );
        write(&mut conn, |conn| {
            organisations::create(conn, "Kept Ltd", None)
        })
        .unwrap();
        assert!(
            organisations::find_by_name(&mut conn, "Kept Ltd")
                .unwrap()
                .is_some()
        );
    }
}
