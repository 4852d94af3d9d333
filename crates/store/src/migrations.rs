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
