//! Ids and timestamps as stored: UUIDv7 text and UTC at microsecond precision (what both backends keep).

use chrono::{DateTime, NaiveDateTime, SubsecRound, Utc};
use uuid::Uuid;

/// A new time-ordered id.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}

/// Now, truncated to what PostgreSQL stores so a value reads back equal on both backends.
pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc().trunc_subsecs(6)
}

/// A stored timestamp as the API shows it.
pub fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

/// A stored id back as a UUID; ids are written only by Annex, so a bad one is a corrupted row.
pub fn uuid(text: &str) -> Uuid {
    Uuid::parse_str(text).unwrap_or_default()
}

/// The stored `archived_at` after a request: `Some(true)` archives (keeping the first time),
/// `Some(false)` restores, `None` leaves it as it was.
pub fn archive_change(
    current: Option<DateTime<Utc>>,
    archive: Option<bool>,
) -> Option<NaiveDateTime> {
    match archive {
        Some(true) => current.map(|a| a.naive_utc()).or(Some(now())),
        Some(false) => None,
        None => current.map(|a| a.naive_utc()),
    }
}
