//! Annex's storage: one schema and one set of queries over SQLite (embedded default) and PostgreSQL.
//!
//! Every query that touches tenant data takes the organisation id and filters by it; callers
//! never see another organisation's rows. Writes go through [`transaction::write`].

pub mod api_tokens;
pub mod attachments;
pub mod clock;
pub mod connection;
pub mod credentials;
pub mod demo;
pub mod error;
pub mod events;
pub mod groups;
pub mod items;
pub mod links;
pub mod members;
pub mod migrations;
pub mod organisations;
mod schema;
mod search;
pub mod sessions;
pub mod spaces;
pub mod transaction;

pub use connection::{Backend, DbConnection, DbPool, PooledDb, connect, sqlite_url_in};
pub use error::{StoreError, StoreResult};
