//! Who may act in an organisation: the organisation itself, its people, groups, sign-in and API tokens.

pub mod auth;
pub mod groups;
pub mod organisation;
pub mod scope;
pub mod tokens;
pub mod users;
