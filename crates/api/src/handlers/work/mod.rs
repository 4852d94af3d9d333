//! Spaces, their items, and the work on them: links, to-dos, discussions, attachments, arranging, exchange, stats and templates.

pub mod arrange;
pub mod attachments;
pub mod discussions;
pub mod exchange;
pub mod items;
pub mod links;
pub mod my_work;
pub mod recurrence;
pub mod spaces;
pub mod stats;
pub mod templates;
pub mod todos;
