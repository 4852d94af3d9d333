//! The audit trail and people's notifications.

pub mod audit_trail;
pub mod notifications;
