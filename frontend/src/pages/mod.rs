//! One module per screen.

pub mod audit;
pub mod audit_event;
pub mod group;
pub mod group_members;
pub mod groups;
pub mod home;
pub mod invitation;
pub mod member_table;
pub mod not_found;
pub mod signin;
pub mod token_form;
pub mod tokens;
pub mod user_form;
pub mod users;
