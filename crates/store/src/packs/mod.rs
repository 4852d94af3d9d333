//! Policy packs: documents people must read and accept, and the audiences they go to.

pub(crate) mod audiences;
pub mod policy_packs;
