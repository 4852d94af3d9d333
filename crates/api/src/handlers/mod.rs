//! Request handlers, one file per resource: parse, authorise, call the store, map the answer.

pub mod api_tokens;
pub mod arrange;
pub mod attachments;
pub mod audit_trail;
pub mod auth;
pub mod discussions;
pub mod exchange;
pub mod frameworks;
pub mod groups;
pub mod health;
pub mod items;
pub mod links;
pub mod me;
pub mod my_work;
pub mod notifications;
pub mod organisation;
pub mod risk_matrix;
pub mod risks;
pub mod soa;
pub mod spaces;
pub mod stats;
pub mod templates;
pub mod todos;
pub mod users;
