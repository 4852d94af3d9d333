//! Policy packs: documents people must read and accept, their audiences and acknowledgements.

pub mod policy_packs;
