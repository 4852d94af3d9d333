//! Access: signing in, invitations, members, groups and API tokens.

pub mod group;
pub mod group_members;
pub mod groups;
pub mod invitation;
pub mod member_table;
pub mod signin;
pub mod token_form;
pub mod tokens;
pub mod user_form;
pub mod users;
