//! Calling the API from a screen: the session's token, one refresh on 401, and errors in words.

use crate::session::{Refreshed, Session};
use annex_client::{ApiError, Client};
use std::collections::BTreeMap;
use std::fmt;
use uuid::Uuid;

/// Runs `f` with a client carrying the session's token; on 401 refreshes once and runs it again.
///
/// When the refresh is refused the session ends (back to sign-in, "Your session has ended") and
/// the 401 is returned, so screens never handle expiry themselves.
pub async fn call<T>(
    session: Session,
    f: impl AsyncFn(Client) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let sent_with = crate::storage::load().access;
    match f(session.client()).await {
        Err(ApiError::Unauthorized(problem)) => match session.refresh(sent_with).await {
            Refreshed::Yes => {
                let retried = f(session.client()).await;
                if matches!(retried, Err(ApiError::Unauthorized(_))) {
                    session.end(Some(crate::session::SESSION_ENDED));
                }
                retried
            }
            Refreshed::Ended => Err(ApiError::Unauthorized(problem)),
            Refreshed::Unreachable(text) => Err(ApiError::Network(text)),
        },
        other => other,
    }
}

/// Loads the record `id` names with `fetch`: `None` when there is no id (the address is wrong)
/// or the server has no such record, so the screen can say it does not exist.
pub async fn load_found<T>(
    session: Session,
    id: Option<Uuid>,
    fetch: impl AsyncFn(Client, Uuid) -> Result<T, ApiError>,
) -> Result<Option<T>, Failure> {
    let Some(id) = id else {
        return Ok(None);
    };
    found(call(session, async |c| fetch(c, id).await).await)
}

/// An answer with "not found" as `None`, other errors as a `Failure`.
pub fn found<T>(result: Result<T, ApiError>) -> Result<Option<T>, Failure> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(ApiError::NotFound(_)) => Ok(None),
        Err(err) => Err(Failure::from(err)),
    }
}

/// An API failure as screens keep it: cloneable, with the words to show and the fields to mark.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// One sentence a person can act on.
    pub message: String,
    /// Messages per form field, from a validation problem.
    pub fields: BTreeMap<String, Vec<String>>,
    /// True for a stale `If-Match`: the screen should reload the record.
    pub stale: bool,
}

impl Failure {
    /// The first message for `field`, if the server named it.
    pub fn field(&self, field: &str) -> Option<String> {
        self.fields.get(field).and_then(|m| m.first()).cloned()
    }

    /// The whole failure in words, for a toast or a screen that marks no field: the message, or,
    /// when the server named fields, each field's messages as sentences (they say what is wrong
    /// on their own, e.g. "A deliverable sits under a phase.").
    pub fn in_full(&self) -> String {
        if self.fields.is_empty() {
            return self.message.clone();
        }
        self.fields
            .values()
            .flatten()
            .map(|m| sentence(m))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

impl From<ApiError> for Failure {
    fn from(err: ApiError) -> Failure {
        Failure {
            message: describe(&err),
            fields: match &err {
                ApiError::Validation { errors, .. } => errors.clone(),
                _ => BTreeMap::new(),
            },
            stale: matches!(err, ApiError::PreconditionFailed { .. }),
        }
    }
}

/// Shown when a write lost the race with someone else's.
pub const STALE: &str = "Someone else changed this — reloaded. Check it and try again.";

/// The words for an error: the server's own where it gave some, ours for what it cannot say.
pub fn describe(err: &ApiError) -> String {
    match err {
        ApiError::Network(_) => {
            "Cannot reach the server. Check your connection and try again.".to_owned()
        }
        ApiError::RateLimited(_) => "Too many attempts. Wait a minute, then try again.".to_owned(),
        ApiError::PreconditionFailed { .. } => STALE.to_owned(),
        ApiError::Forbidden(_) => {
            format!(
                "Your role does not allow this. {}",
                sentence(&err.message())
            )
        }
        ApiError::Validation { errors, .. } if !errors.is_empty() => {
            "Some fields need attention.".to_owned()
        }
        ApiError::Server(_) => format!("The server failed. {}", sentence(&err.message())),
        _ => sentence(&err.message()),
    }
}

/// The server's lower-case detail ("the email or password is incorrect") as a sentence.
pub fn sentence(text: &str) -> String {
    let mut chars = text.trim().chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let mut out: String = first.to_uppercase().chain(chars).collect();
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_in_full_is_its_message_or_what_each_named_field_says() {
        let general = Failure {
            message: "The project is archived; restore it to change it.".into(),
            fields: BTreeMap::new(),
            stale: false,
        };
        assert_eq!(general.in_full(), general.message);
        let named = Failure {
            message: "Some fields need attention.".into(),
            fields: BTreeMap::from([
                (
                    "parent_id".to_owned(),
                    vec!["a deliverable sits under a phase".to_owned()],
                ),
                ("position".to_owned(), vec!["must be 0 or more".to_owned()]),
            ]),
            stale: false,
        };
        assert_eq!(
            named.in_full(),
            "A deliverable sits under a phase. Must be 0 or more."
        );
    }
}
