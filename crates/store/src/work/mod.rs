//! The work of an ISMS: spaces (trackers and projects), their items, and what people do on them — links, to-dos, discussions, attachments, arranging, exchange and search.

pub mod arrange;
pub mod attachments;
pub mod collaboration;
pub mod discussions;
pub mod exchange;
pub mod items;
pub mod links;
pub mod my_work;
pub mod recurrence;
pub(crate) mod search;
pub mod spaces;
pub mod stats;
pub mod templates;
pub mod todos;
