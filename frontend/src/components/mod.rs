//! Pieces shared by several screens.

pub mod badges;
pub mod download;
pub mod feedback;
pub mod field_input;
pub mod icon;
pub mod markdown;
pub mod paging;
pub mod risk;
pub mod secret;
pub mod shell;
pub mod soa;
pub mod toasts;
pub mod work;
