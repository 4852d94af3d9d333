//! Annex's storage: one schema and one set of queries over SQLite (embedded default) and PostgreSQL.
//!
//! Every query that touches tenant data takes the organisation id and filters by it; callers
//! never see another organisation's rows. Writes go through [`transaction::write`].

pub mod api_tokens;
pub mod arrange;
pub mod attachments;
mod audiences;
pub mod audits;
pub mod clock;
pub mod cluster_templates;
pub mod clusters;
pub mod collaboration;
pub mod compliance;
pub mod connection;
pub mod credentials;
pub mod demo;
mod demo_clusters;
mod demo_packs;
mod demo_questionnaires;
mod demo_records;
mod demo_registers;
pub mod discussions;
pub mod error;
pub mod events;
pub mod exchange;
pub mod frameworks;
pub mod groups;
pub mod items;
pub mod kpis;
pub mod links;
pub mod login_attempts;
pub mod management_review;
pub mod members;
pub mod migrations;
pub mod my_work;
pub mod notifications;
pub mod org_archive;
pub mod organisations;
pub mod policy_packs;
pub mod privacy;
pub mod programme;
pub mod questionnaire_responses;
pub mod questionnaires;
pub mod risk_bank;
pub mod risk_matrix;
pub mod risks;
mod schema;
mod search;
pub mod sessions;
pub mod soa;
pub mod spaces;
pub mod stats;
pub mod templates;
pub mod todos;
pub mod transaction;

pub use connection::{
    Backend, DbConnection, DbPool, PooledDb, connect, connect_counting, sqlite_url_in,
};
pub use error::{FieldErrors, StoreError, StoreResult};
