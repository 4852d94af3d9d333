//! The audit trail: the append-only record of every change, as auditors read it.

mod change;
pub mod mail;
pub mod notifications;

pub use change::{SubjectKind, Verb};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One recorded change: who did what to which record, when, and the record before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    pub id: Uuid,
    /// Absent for changes made by the system itself (seeding, start-up).
    pub actor_id: Option<Uuid>,
    pub actor_email: Option<String>,
    /// The kind of record: `organisation`, `member`, `group`, `api_token`, `session`…
    pub subject_kind: String,
    pub subject_id: Uuid,
    /// What happened: `created`, `updated`, `deactivated`, `signed_in`…
    pub verb: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub created_at: DateTime<Utc>,
    /// How many people the change notified, for changes that notify (assignments, to-dos, replies).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notified: Option<i64>,
}

/// Filters of the audit trail, newest first.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct EventFilter {
    pub actor_id: Option<Uuid>,
    pub subject_kind: Option<String>,
    pub subject_id: Option<Uuid>,
    pub verb: Option<String>,
    /// Only events at or after this time.
    pub since: Option<DateTime<Utc>>,
    /// Only events before this time.
    pub until: Option<DateTime<Utc>>,
}
