//! What can go wrong in storage, in terms the API maps to statuses: not found, conflict, stale, or a fault.
//!
//! Rules: a broken rule about named request fields is [`StoreError::Invalid`] (field → messages,
//! built with [`StoreError::field`]) so the API can name each field; a broken rule no single
//! field carries is [`StoreError::Rule`] (built with [`StoreError::rule`]); a stored value Annex
//! cannot read back is [`StoreError::Corrupt`], a fault, never the client's.

use std::collections::BTreeMap;

/// Field name → messages, for requests that break rules about named fields.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

/// A storage failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The record does not exist in the caller's organisation (or at all).
    #[error("not found")]
    NotFound,
    /// The write would break a uniqueness rule; the text says which.
    #[error("{0}")]
    Conflict(String),
    /// The write named an older version than the record has.
    #[error("the record has changed since version {expected}; it is now version {current}")]
    Stale { expected: i64, current: i64 },
    /// The request is well-formed but breaks a rule of the domain; the text says which.
    #[error("{0}")]
    Rule(String),
    /// The request breaks rules about named fields; shown as one "field: message" line each.
    #[error("{}", lines(.0))]
    Invalid(FieldErrors),
    /// A stored value cannot be read back (a corrupt id); the text says which.
    #[error("corrupt data: {0}")]
    Corrupt(String),
    /// Configuration is unusable (bad URL, unwritable data dir).
    #[error("{0}")]
    Config(String),
    /// The pool could not hand out a connection in time.
    #[error("database unavailable: {0}")]
    Pool(String),
    /// Another writer held the lock this write needed for longer than the bounded wait.
    #[error("the database is busy with other writes: {0}")]
    Busy(String),
    /// Any other database error.
    #[error("database error: {0}")]
    Database(diesel::result::Error),
    /// A migration failed to apply.
    #[error("migration failed: {0}")]
    Migration(String),
}

impl StoreError {
    /// A broken rule about one field of the request.
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        StoreError::Invalid(BTreeMap::from([(field.into(), vec![message.into()])]))
    }

    /// Broken rules about several fields of the request at once.
    pub fn fields(errors: FieldErrors) -> Self {
        StoreError::Invalid(errors)
    }

    /// A broken rule of the domain that no single field of the request carries.
    pub fn rule(message: impl Into<String>) -> Self {
        StoreError::Rule(message.into())
    }
}

/// Field errors as text, a "field: message" line each.
fn lines(errors: &FieldErrors) -> String {
    errors
        .iter()
        .flat_map(|(field, messages)| messages.iter().map(move |m| format!("{field}: {m}")))
        .collect::<Vec<_>>()
        .join("\n")
}

impl From<diesel::result::Error> for StoreError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match e {
            Error::NotFound => StoreError::NotFound,
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                StoreError::Conflict(format!("already exists ({})", info.message()))
            }
            Error::DatabaseError(DatabaseErrorKind::SerializationFailure, info) => {
                StoreError::Busy(info.message().to_owned())
            }
            Error::DatabaseError(_, info) if is_lock_contention(info.message()) => {
                StoreError::Busy(info.message().to_owned())
            }
            other => StoreError::Database(other),
        }
    }
}

/// SQLite's "database is locked" after its busy timeout, and PostgreSQL's `lock_timeout` and
/// deadlock errors: a wait for other writers that ran out, not a fault.
fn is_lock_contention(message: &str) -> bool {
    let message = message.to_ascii_lowercase();
    [
        "database is locked",
        "database is busy",
        "lock timeout",
        "deadlock detected",
    ]
    .iter()
    .any(|m| message.contains(m))
}

impl From<diesel::r2d2::PoolError> for StoreError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        StoreError::Pool(e.to_string())
    }
}

/// Results of storage calls.
pub type StoreResult<T> = Result<T, StoreError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_error_names_its_field_and_reads_as_field_colon_message() {
        let e = StoreError::field("document_id", "version 3 of the pack has no document x");
        match &e {
            StoreError::Invalid(errors) => assert_eq!(
                errors,
                &BTreeMap::from([(
                    "document_id".to_owned(),
                    vec!["version 3 of the pack has no document x".to_owned()]
                )])
            ),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            e.to_string(),
            "document_id: version 3 of the pack has no document x"
        );
    }

    #[test]
    fn several_field_errors_read_as_one_line_each_in_field_order() {
        let e = StoreError::fields(BTreeMap::from([
            ("title".to_owned(), vec!["must not be blank".to_owned()]),
            (
                "audience".to_owned(),
                vec!["name someone".to_owned(), "or a group".to_owned()],
            ),
        ]));
        assert_eq!(
            e.to_string(),
            "audience: name someone\naudience: or a group\ntitle: must not be blank"
        );
    }

    #[test]
    fn a_rule_keeps_its_text_and_names_no_field() {
        let e = StoreError::rule("the organisation must keep at least one active owner");
        assert!(
            matches!(&e, StoreError::Rule(m) if m == "the organisation must keep at least one active owner")
        );
        assert_eq!(
            e.to_string(),
            "the organisation must keep at least one active owner"
        );
    }
}
