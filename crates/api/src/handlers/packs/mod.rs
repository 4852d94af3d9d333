//! Policy packs: what people must read and accept, and who has.

pub mod policy_packs;
