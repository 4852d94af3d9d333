//! The audit trail, people's notifications and how they hear of them, and the organisation's mail.

pub mod audit_trail;
pub mod mail;
pub mod notification_settings;
pub mod notifications;
