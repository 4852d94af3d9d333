//! One organisation as one JSON document: everything it holds, written the same way whichever
//! database it came from, and put back into an instance that does not have it yet (on either
//! database). Export → import → export gives the same bytes.
//!
//! The document holds the organisation's people with their password hashes and the hashes of its
//! API tokens: whoever holds the file can guess passwords offline, so it must be kept like a
//! backup. Sessions and sign-in limiter state are left out ([`tables::EXCLUDED`]).

mod cells;
mod read;
pub mod tables;
mod write;

use crate::connection::DbConnection;
use crate::error::StoreError;
use diesel::migration::MigrationSource;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

pub use read::export;
pub use write::{ImportSummary, import};

/// What the document calls itself, so another JSON file is not mistaken for one.
pub const FORMAT: &str = "annex-organisation";
/// The layout of the document; a change to it that old readers would misread raises it.
pub const VERSION: u32 = 1;

/// Only the names are needed: the schema an archive was written under is its latest migration.
const MIGRATION_NAMES: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");

/// One row: column name to value, in the archive's canonical form.
pub type Row = Map<String, Value>;

/// The archive of one organisation. Fields are declared in alphabetical order and every map is
/// sorted, so the serialised text is canonical.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub format: String,
    pub organisation_id: String,
    /// The latest migration of the database it was written from; it restores only into the same.
    pub schema: String,
    /// Every table of [`tables::TABLES`], rows in primary-key order.
    pub tables: BTreeMap<String, Vec<Row>>,
    pub version: u32,
}

impl Document {
    /// The document as written to a file: pretty-printed JSON with sorted keys and a final newline.
    pub fn to_json(&self) -> Result<String, ArchiveError> {
        let mut text = serde_json::to_string_pretty(self)
            .map_err(|e| ArchiveError::Invalid(format!("cannot write the document: {e}")))?;
        text.push('\n');
        Ok(text)
    }

    /// Reads a document, refusing one of another format, version or schema than this build's
    /// before looking at its tables.
    pub fn parse(text: &str) -> Result<Document, ArchiveError> {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| ArchiveError::Invalid(format!("not a JSON document: {e}")))?;
        let format = value.get("format").and_then(Value::as_str);
        if format != Some(FORMAT) {
            return Err(ArchiveError::Format(format!(
                "not an Annex organisation archive (format {}, expected {FORMAT:?})",
                format.map_or_else(|| "missing".to_owned(), |f| format!("{f:?}"))
            )));
        }
        let version = value.get("version").and_then(Value::as_u64);
        if version != Some(u64::from(VERSION)) {
            return Err(ArchiveError::Format(format!(
                "archive version {} is not one this build reads (it reads version {VERSION})",
                version.map_or_else(|| "missing".to_owned(), |v| v.to_string())
            )));
        }
        let schema = value.get("schema").and_then(Value::as_str);
        let ours = build_schema()?;
        if schema != Some(ours.as_str()) {
            return Err(ArchiveError::Format(format!(
                "the archive was written under schema {}, this build has {ours:?}; \
                 import it with the Annex version that wrote it",
                schema.map_or_else(|| "missing".to_owned(), |s| format!("{s:?}"))
            )));
        }
        serde_json::from_value(value).map_err(|e| ArchiveError::Invalid(e.to_string()))
    }

    /// Rows of all tables.
    pub fn row_count(&self) -> usize {
        self.tables.values().map(Vec::len).sum()
    }
}

/// Why an archive could not be written or restored.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// Not an archive this build reads: another format, version or schema.
    #[error("{0}")]
    Format(String),
    /// The archive is malformed: a table, column or value that cannot be what it claims.
    #[error("invalid archive: {0}")]
    Invalid(String),
    /// Restoring would overwrite or collide with what the instance already holds.
    #[error("{0}")]
    Conflict(String),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<diesel::result::Error> for ArchiveError {
    fn from(e: diesel::result::Error) -> Self {
        ArchiveError::Store(StoreError::from(e))
    }
}

/// The name of this build's latest migration, e.g. `2026-12-07-000017_trust`.
pub fn build_schema() -> Result<String, ArchiveError> {
    latest_migration().map(|(name, _)| name)
}

/// This build's latest migration: its name and the version the database records for it.
fn latest_migration() -> Result<(String, String), ArchiveError> {
    let migrations = MigrationSource::<diesel::sqlite::Sqlite>::migrations(&MIGRATION_NAMES)
        .map_err(|e| StoreError::Migration(e.to_string()))?;
    migrations
        .iter()
        .map(|m| (m.name().to_string(), m.name().version().to_string()))
        .max()
        .ok_or_else(|| StoreError::Migration("this build has no migrations".into()).into())
}

/// The schema the database is at, which must be this build's: an archive describes exactly its
/// tables.
fn database_schema(conn: &mut DbConnection) -> Result<String, ArchiveError> {
    let applied = match conn {
        DbConnection::Sqlite(c) => c.applied_migrations(),
        DbConnection::Postgres(c) => c.applied_migrations(),
    }
    .map_err(|e| StoreError::Migration(e.to_string()))?;
    let latest = applied.iter().max().map(ToString::to_string);
    let (name, version) = latest_migration()?;
    if latest.as_deref() != Some(version.as_str()) {
        return Err(ArchiveError::Format(format!(
            "the database is at migration {}, this build at {name}; run `annex migrate` with \
             the matching version first",
            latest.unwrap_or_else(|| "none".into())
        )));
    }
    Ok(name)
}

#[cfg(test)]
mod tests;
