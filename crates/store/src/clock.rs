//! Ids and timestamps as stored: UUIDv7 text and UTC at microsecond precision (what both backends keep).

use crate::error::{StoreError, StoreResult};
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

/// A stored id back as a UUID; ids are written only by Annex, so a bad one is a corrupted row,
/// a fault to report rather than a nil id to act on.
pub fn uuid(text: &str) -> StoreResult<Uuid> {
    Uuid::parse_str(text)
        .map_err(|_| StoreError::Corrupt(format!("stored id `{text}` is not a UUID")))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_id_reads_back_as_its_uuid() {
        let id = new_id();
        assert_eq!(uuid(&id.to_string()).unwrap(), id);
    }

    #[test]
    fn a_corrupt_id_is_an_error_not_the_nil_uuid() {
        for bad in ["", "not-an-id", "0000"] {
            assert!(matches!(uuid(bad), Err(StoreError::Corrupt(_))), "{bad:?}");
        }
    }
}
