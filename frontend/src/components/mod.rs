//! Pieces shared by several screens.

pub mod badges;
pub mod confirm;
pub mod download;
pub mod feedback;
pub mod field_input;
pub mod filter_chip;
pub mod form_panel;
pub mod icon;
pub mod markdown;
pub mod name_form;
pub mod new_item;
pub mod page_head;
pub mod paging;
pub mod risk;
pub mod secret;
pub mod shell;
pub mod soa;
pub mod toasts;
pub mod work;
