//! One module per screen.

pub mod audit;
pub mod group;
pub mod groups;
pub mod home;
pub mod invitation;
pub mod not_found;
pub mod signin;
pub mod tokens;
pub mod user_form;
pub mod users;
