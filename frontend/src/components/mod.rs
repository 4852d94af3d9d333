//! Pieces shared by several screens.

pub mod badges;
pub mod feedback;
pub mod icon;
pub mod paging;
pub mod secret;
pub mod shell;
pub mod toasts;
