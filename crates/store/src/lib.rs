//! Annex's storage: one schema and one set of queries over SQLite (embedded default) and PostgreSQL.
//!
//! Every query that touches tenant data takes the organisation id and filters by it; callers
//! never see another organisation's rows. Writes go through [`transaction::write`].

pub mod access;
pub mod audits;
pub mod clock;
pub mod clusters;
pub mod connection;
pub mod demo;
pub mod error;
pub mod events;
pub mod frameworks;
pub mod job_leases;
pub mod kpis;
pub mod migrations;
pub mod org_archive;
pub mod packs;
pub mod privacy;
pub mod programme;
pub mod risk;
mod schema;
pub mod transaction;
pub mod versioned;
pub mod work;

pub use connection::{
    Backend, DbConnection, DbPool, PooledDb, connect, connect_counting, sqlite_url_in,
};
pub use error::{FieldErrors, StoreError, StoreResult};
