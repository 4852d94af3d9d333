//! Request handlers, one file per resource: parse, authorise, call the store, map the answer.

pub mod access;
pub mod audits;
pub mod clusters;
pub mod dashboard;
pub mod events;
pub mod frameworks;
pub mod health;
pub mod kpis;
pub mod packs;
pub mod privacy;
pub mod risk;
pub mod work;
