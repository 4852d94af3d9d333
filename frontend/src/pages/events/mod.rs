//! Events: the audit trail of every change, the person's notifications and how they hear of
//! them by e-mail, and the organisation's mail.

pub mod audit;
pub mod audit_event;
pub mod mail;
pub mod mail_outbox;
pub mod notification_settings;
pub mod notifications;
