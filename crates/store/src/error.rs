//! What can go wrong in storage, in terms the API maps to statuses: not found, conflict, stale, or a fault.

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
