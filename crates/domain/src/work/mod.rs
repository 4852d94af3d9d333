//! The work engine's pure rules: colours, tracker status workflows, custom-field values and project
//! progress roll-up. Spaces and items are stored and served on top of these (issue 3).

pub mod attachments;
pub mod colour;
pub mod discussions;
pub mod exchange;
pub mod fields;
pub mod items;
pub mod links;
pub mod my_work;
pub mod progress;
pub mod recurrence;
pub mod spaces;
pub mod stats;
pub mod templates;
pub mod todos;
pub mod tree;
pub mod workflow;

pub use colour::Colour;
