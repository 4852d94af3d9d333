//! Authentication (who is calling) and the one authorisation check (may their role do this).

pub mod caller;
pub mod item_access;
pub mod jwt;
pub mod rate_limit;

pub use caller::{Caller, Via};
