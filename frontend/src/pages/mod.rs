//! One module per screen.

pub mod access;
pub mod audits;
pub mod clusters;
pub mod events;
pub mod frameworks;
pub mod home;
pub mod home_dashboard;
pub mod kpis;
pub mod not_found;
pub mod packs;
pub mod privacy;
pub mod risk;
pub mod work;
