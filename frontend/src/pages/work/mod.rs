//! Work: spaces (projects and trackers), items and what they carry, and my own work.

pub mod discussions;
pub mod documents;
pub mod fields;
pub mod item;
pub mod item_section;
pub mod links;
pub mod my_work;
pub mod notes;
pub mod project;
pub mod project_headline;
pub mod space;
pub mod space_details;
pub mod space_form;
pub mod spaces;
pub mod todos;
pub mod tracker;
pub mod tracker_board;
pub mod tracker_list;
pub mod tracker_new_item;
pub mod tracker_query;
pub mod tracker_settings;
pub mod tracker_stats;
pub mod tracker_table;
pub mod tracker_transfer;
pub mod updates;
