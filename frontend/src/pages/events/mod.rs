//! Events: the audit trail of every change, and the person's notifications.

pub mod audit;
pub mod audit_event;
pub mod notifications;
