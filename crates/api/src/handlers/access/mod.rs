//! Organisations, people, groups, sign-in and API tokens.

pub mod api_tokens;
pub mod auth;
pub mod groups;
pub mod me;
pub mod organisation;
pub mod users;
