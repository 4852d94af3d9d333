//! The schema migrations, embedded in the binary and applied at start and by `annex migrate`.

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

const SQLITE: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");

/// Applies every pending migration of the connection's backend; returns the names of those applied.
pub fn run_pending(conn: &mut DbConnection) -> StoreResult<Vec<String>> {
    let applied = match conn {
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE),
        DbConnection::Postgres(c) => c.run_pending_migrations(POSTGRES),
    }
    .map_err(|e| StoreError::Migration(e.to_string()))?;
    Ok(applied.iter().map(ToString::to_string).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::space_fields;
    use crate::{connect, transaction};
    use diesel::migration::MigrationSource;
    use diesel::prelude::*;
    use diesel::sqlite::{Sqlite, SqliteConnection};
    use std::collections::BTreeSet;

    /// Every field with a template key: (field id, key).
    fn keyed_fields(conn: &mut DbConnection) -> BTreeSet<(String, String)> {
        space_fields::table
            .filter(space_fields::template_key.is_not_null())
            .select((
                space_fields::id,
                space_fields::template_key.assume_not_null(),
            ))
            .load::<(String, String)>(conn)
            .unwrap()
            .into_iter()
            .collect()
    }

    /// Takes the database back to just before the migration named `name` ends with.
    fn revert_to_before(conn: &mut SqliteConnection, name: &str) {
        let migrations = MigrationSource::<Sqlite>::migrations(&SQLITE).unwrap();
        let version = migrations
            .iter()
            .find(|m| m.name().to_string().ends_with(name))
            .map(|m| m.name().version().as_owned())
            .unwrap();
        while conn.applied_migrations().unwrap().contains(&version) {
            conn.revert_last_migration(SQLITE).unwrap();
        }
    }

    #[test]
    fn registers_made_before_field_keys_get_them_by_the_templates_names() {
        let dir = tempfile::tempdir().unwrap();
        let pool = connect(&dir.path().join("keys.db").to_string_lossy(), 1).unwrap();
        let mut conn = pool.get().unwrap();
        run_pending(&mut conn).unwrap();
        assert!(transaction::write(&mut conn, crate::demo::load_with_records_if_empty).unwrap());
        let made = keyed_fields(&mut conn);
        let received_on = |(_, key): &&(String, String)| key == "received_on";
        // The demo's GDPR cluster has one register of each; its QMS complaints tracker has a
        // "Received on" of its own, which is no register's.
        assert_eq!(made.len(), 8, "{made:?}");
        assert_eq!(made.iter().filter(received_on).count(), 1);

        let DbConnection::Sqlite(sqlite) = &mut *conn else {
            unreachable!("a file path opens SQLite")
        };
        revert_to_before(sqlite, "_field_keys");
        // Renamed before keys existed: the migration cannot tell it is the template's field.
        let renamed = made.iter().find(received_on).unwrap().0.clone();
        diesel::update(space_fields::table.find(&renamed))
            .set(space_fields::name.eq("Date received"))
            .execute(sqlite)
            .unwrap();
        run_pending(&mut conn).unwrap();

        let backfilled = keyed_fields(&mut conn);
        let expected: BTreeSet<_> = made.into_iter().filter(|(id, _)| *id != renamed).collect();
        assert_eq!(backfilled, expected);
    }
}
