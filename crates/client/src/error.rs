//! What can go wrong with a call, in the terms a screen reacts to.
//!
//! The rules: every non-2xx response becomes exactly one [`ApiError`] variant, chosen by the HTTP
//! status (and, for 400/422, by whether the problem carries field errors); every variant but
//! [`ApiError::Network`] carries the server's `application/problem+json` body as a [`Problem`].
//! When the body is not a problem (a proxy's HTML page, an empty 502), a problem is synthesized
//! from the status with the code [`UNPARSED_PROBLEM_CODE`], so callers never have to handle a
//! missing one. Failures that never produced a status (connection refused, CORS, a body that is
//! not the expected JSON) are [`ApiError::Network`].

use annex_domain::Problem;
use std::collections::BTreeMap;
use std::error::Error as StdError;

/// The `code` of a problem the client made up because the server's body was not one.
pub const UNPARSED_PROBLEM_CODE: &str = "unparsed_response";

/// The problem `code` the server gives to bodies that failed validation.
const VALIDATION_CODE: &str = "validation";

/// Longest non-problem body kept as a synthesized problem's `detail`; longer ones are pages, not messages.
const MAX_PLAIN_DETAIL: usize = 200;

/// Why a call failed, sorted into the cases a user interface handles differently.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 401: not signed in, or the token expired or was revoked: refresh or sign in again.
    #[error("{}", describe(.0))]
    Unauthorized(Problem),
    /// 403: signed in, but the role or token scope does not allow this.
    #[error("{}", describe(.0))]
    Forbidden(Problem),
    /// 404: no such record in the caller's organisation.
    #[error("{}", describe(.0))]
    NotFound(Problem),
    /// 409: the change clashes with existing data, e.g. a duplicate name.
    #[error("{}", describe(.0))]
    Conflict(Problem),
    /// 412 (stale `If-Match`) or 428 (missing `If-Match`): reload, then retry with the current version.
    #[error("{}", describe(problem))]
    PreconditionFailed {
        /// The server's account of the refusal.
        problem: Problem,
        /// The version the record has now, when the server said so.
        current_version: Option<i64>,
    },
    /// 400 or 422 with field errors: show `errors` next to the form fields they name.
    #[error("{}", describe(problem))]
    Validation {
        /// The server's account of the refusal.
        problem: Problem,
        /// Field name → messages, as in the problem's `errors`.
        errors: BTreeMap<String, Vec<String>>,
    },
    /// 429: too many attempts; wait before trying again.
    #[error("{}", describe(.0))]
    RateLimited(Problem),
    /// Any other 4xx: the request itself was wrong.
    #[error("{}", describe(.0))]
    BadRequest(Problem),
    /// 5xx (or a status the API never sends): the server failed; the request may be retried later.
    #[error("{}", describe(.0))]
    Server(Problem),
    /// No usable response: the server was unreachable, or its answer could not be read.
    #[error("network error: {0}")]
    Network(String),
}

impl ApiError {
    /// The HTTP status the server answered with; `None` when no answer arrived.
    pub fn status(&self) -> Option<u16> {
        self.problem().map(|p| p.status)
    }

    /// The server's problem body (or the one synthesized for it); `None` for network failures.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            ApiError::Unauthorized(p)
            | ApiError::Forbidden(p)
            | ApiError::NotFound(p)
            | ApiError::Conflict(p)
            | ApiError::RateLimited(p)
            | ApiError::BadRequest(p)
            | ApiError::Server(p)
            | ApiError::PreconditionFailed { problem: p, .. }
            | ApiError::Validation { problem: p, .. } => Some(p),
            ApiError::Network(_) => None,
        }
    }

    /// Text to show a person: the problem's detail, else its title, else the network failure.
    pub fn message(&self) -> String {
        match self {
            ApiError::Network(text) => text.clone(),
            _ => self
                .problem()
                .map(|p| match p.detail.as_deref() {
                    Some(detail) if !detail.trim().is_empty() => detail.to_owned(),
                    _ => p.title.clone(),
                })
                .unwrap_or_default(),
        }
    }

    /// Sorts a non-2xx response into its variant; `etag_version` is the response's `ETag`, if any,
    /// used for a 412 whose body does not name the current version.
    pub(crate) fn from_response(status: u16, body: &str, etag_version: Option<i64>) -> ApiError {
        let problem = parse_problem(body).unwrap_or_else(|| synthesize_problem(status, body));
        match status {
            401 => ApiError::Unauthorized(problem),
            403 => ApiError::Forbidden(problem),
            404 => ApiError::NotFound(problem),
            409 => ApiError::Conflict(problem),
            412 | 428 => ApiError::PreconditionFailed {
                current_version: problem.current_version.or(etag_version),
                problem,
            },
            400 | 422 if problem.code == VALIDATION_CODE || !problem.errors.is_empty() => {
                ApiError::Validation {
                    errors: problem.errors.clone(),
                    problem,
                }
            }
            429 => ApiError::RateLimited(problem),
            400..=499 => ApiError::BadRequest(problem),
            _ => ApiError::Server(problem),
        }
    }

    /// A failure below HTTP (or a request reqwest refused to build), with its causes spelled out.
    pub(crate) fn network(error: &reqwest::Error) -> ApiError {
        let mut text = error.to_string();
        let mut source = error.source();
        while let Some(cause) = source {
            let cause_text = cause.to_string();
            if !text.contains(&cause_text) {
                text.push_str(": ");
                text.push_str(&cause_text);
            }
            source = cause.source();
        }
        ApiError::Network(text)
    }

    /// A 2xx body that is not the JSON the endpoint promises.
    pub(crate) fn undecodable(error: &serde_json::Error) -> ApiError {
        ApiError::Network(format!("could not read the server's answer: {error}"))
    }
}

/// The server's problem body, when that is what the body is.
pub(crate) fn parse_problem(body: &str) -> Option<Problem> {
    serde_json::from_str(body).ok()
}

/// A problem standing in for a body that was not one, so every HTTP error carries one.
fn synthesize_problem(status: u16, body: &str) -> Problem {
    let title = reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Unexpected response")
        .to_owned();
    let plain = body.trim();
    let detail = (!plain.is_empty() && plain.len() <= MAX_PLAIN_DETAIL && !plain.starts_with('<'))
        .then(|| plain.to_owned());
    Problem {
        type_uri: "about:blank".to_owned(),
        title,
        status,
        detail,
        code: UNPARSED_PROBLEM_CODE.to_owned(),
        errors: BTreeMap::new(),
        current_version: None,
    }
}

/// The one-line form of a problem used by `Display`: status, title and detail.
fn describe(problem: &Problem) -> String {
    match problem.detail.as_deref() {
        Some(detail) => format!("{} {}: {detail}", problem.status, problem.title),
        None => format!("{} {}", problem.status, problem.title),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(status: u16, code: &str) -> serde_json::Value {
        json!({ "type": "about:blank", "title": "Some title", "status": status, "code": code })
    }

    fn from(status: u16, body: &serde_json::Value) -> ApiError {
        ApiError::from_response(status, &body.to_string(), None)
    }

    #[test]
    fn each_status_maps_to_its_variant() {
        type IsExpected = fn(&ApiError) -> bool;
        let cases: [(u16, IsExpected); 10] = [
            (400, |e| matches!(e, ApiError::BadRequest(_))),
            (401, |e| matches!(e, ApiError::Unauthorized(_))),
            (403, |e| matches!(e, ApiError::Forbidden(_))),
            (404, |e| matches!(e, ApiError::NotFound(_))),
            (409, |e| matches!(e, ApiError::Conflict(_))),
            (412, |e| matches!(e, ApiError::PreconditionFailed { .. })),
            (428, |e| matches!(e, ApiError::PreconditionFailed { .. })),
            (429, |e| matches!(e, ApiError::RateLimited(_))),
            (405, |e| matches!(e, ApiError::BadRequest(_))),
            (503, |e| matches!(e, ApiError::Server(_))),
        ];
        for (status, is_expected) in cases {
            let error = from(status, &body(status, "x"));
            assert!(is_expected(&error), "{status} became {error:?}");
            assert_eq!(error.status(), Some(status));
            assert_eq!(error.problem().map(|p| p.code.as_str()), Some("x"));
        }
    }

    #[test]
    fn validation_is_recognised_by_code_or_by_field_errors() {
        let by_code = from(422, &body(422, "validation"));
        assert!(
            matches!(by_code, ApiError::Validation { .. }),
            "{by_code:?}"
        );

        let mut with_errors = body(400, "bad_json");
        with_errors["errors"] = json!({ "email": ["must be an email address"] });
        match from(400, &with_errors) {
            ApiError::Validation { errors, problem } => {
                assert_eq!(errors["email"], vec!["must be an email address"]);
                assert_eq!(problem.errors, errors);
            }
            other => panic!("expected validation, got {other:?}"),
        }

        let plain_422 = from(422, &body(422, "unprocessable"));
        assert!(
            matches!(plain_422, ApiError::BadRequest(_)),
            "{plain_422:?}"
        );
    }

    #[test]
    fn a_stale_version_carries_the_current_one_from_the_body_or_else_the_etag() {
        let mut stale = body(412, "stale_version");
        stale["current_version"] = json!(7);
        match ApiError::from_response(412, &stale.to_string(), Some(5)) {
            ApiError::PreconditionFailed {
                current_version, ..
            } => assert_eq!(current_version, Some(7)),
            other => panic!("expected precondition failed, got {other:?}"),
        }
        match ApiError::from_response(412, &body(412, "stale_version").to_string(), Some(5)) {
            ApiError::PreconditionFailed {
                current_version, ..
            } => assert_eq!(current_version, Some(5)),
            other => panic!("expected precondition failed, got {other:?}"),
        }
    }

    #[test]
    fn a_body_that_is_not_a_problem_gets_a_synthesized_one() {
        let html = ApiError::from_response(502, "<html>Bad Gateway</html>", None);
        let ApiError::Server(problem) = &html else {
            panic!("expected server error, got {html:?}");
        };
        assert_eq!(problem.status, 502);
        assert_eq!(problem.title, "Bad Gateway");
        assert_eq!(problem.code, UNPARSED_PROBLEM_CODE);
        assert_eq!(problem.detail, None, "HTML is no message for a person");

        let text = ApiError::from_response(404, "no route\n", None);
        assert!(matches!(text, ApiError::NotFound(_)), "{text:?}");
        assert_eq!(text.message(), "no route");

        let empty = ApiError::from_response(500, "", None);
        assert_eq!(empty.message(), "Internal Server Error");
    }

    #[test]
    fn message_prefers_detail_then_title_then_the_network_failure() {
        let mut with_detail = body(409, "duplicate");
        with_detail["detail"] = json!("A group named Ops exists already.");
        assert_eq!(
            from(409, &with_detail).message(),
            "A group named Ops exists already."
        );
        assert_eq!(from(409, &body(409, "duplicate")).message(), "Some title");
        let network = ApiError::Network("connection refused".into());
        assert_eq!(network.message(), "connection refused");
        assert_eq!(network.status(), None);
        assert!(network.problem().is_none());
    }

    #[test]
    fn display_names_status_title_and_detail() {
        let mut problem = body(403, "forbidden");
        problem["detail"] = json!("Only admins may do this.");
        assert_eq!(
            from(403, &problem).to_string(),
            "403 Some title: Only admins may do this."
        );
    }
}
