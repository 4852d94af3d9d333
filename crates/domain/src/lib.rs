//! The Annex domain: the vocabulary of an ISMS and the rules that hold whatever stores or shows it.
//!
//! Nothing here does IO, so the same types and rules run in the server and in the browser bundle.

pub mod audit;
pub mod audits;
pub mod auth;
pub mod cluster_templates;
pub mod clusters;
pub mod dates;
pub mod frameworks;
pub mod groups;
pub mod kpi;
pub mod management_review;
pub mod notifications;
pub mod organisation;
pub mod page;
pub mod policy_packs;
pub mod privacy;
pub mod problem;
pub mod programme;
pub mod questionnaires;
pub mod rights;
pub mod risk;
pub mod role;
pub mod tokens;
pub mod users;
pub mod work;

pub use page::{Cursor, Page, PageParams};
pub use problem::Problem;
pub use rights::Rights;
pub use role::{Action, Role};
