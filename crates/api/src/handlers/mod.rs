//! Request handlers, one file per resource: parse, authorise, call the store, map the answer.

pub mod api_tokens;
pub mod attachments;
pub mod audit_trail;
pub mod auth;
pub mod groups;
pub mod health;
pub mod items;
pub mod links;
pub mod me;
pub mod organisation;
pub mod spaces;
pub mod users;
