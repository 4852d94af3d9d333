//! Policy packs: preparing and publishing them, and reading those asked of me.

pub mod audience;
pub mod documents;
pub mod history;
pub mod list;
pub mod my_pack;
pub mod my_packs;
pub mod pack;
pub mod people;
