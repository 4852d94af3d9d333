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
