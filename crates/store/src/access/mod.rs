//! Who may act in an organisation: organisations, members, groups, sessions, API tokens, credentials and sign-in attempts.

pub mod api_tokens;
pub mod credentials;
pub mod groups;
pub mod login_attempts;
pub mod members;
pub mod organisations;
pub mod sessions;
