//! Every failure of the API is an `application/problem+json` body (RFC 9457), built here and only here.
//!
//! Rules: a client mistake is a 4xx with a `detail` a person can act on and a stable `code`;
//! validation failures list messages per field; another organisation's ids are `404`, never `403`,
//! so ids do not leak across tenants; a stale `If-Match` is `412` with the current version;
//! a `500` means a fault of ours, is logged, and says nothing about internals.

use actix_web::http::StatusCode;
use actix_web::http::header::ContentType;
use actix_web::{HttpResponse, ResponseError};
use annex_domain::Problem;
use annex_domain::page::PageError;
use annex_store::StoreError;
use std::collections::BTreeMap;

/// An error answered to the client as a problem document.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("the request failed validation: `errors` names each field or parameter")]
    Validation(BTreeMap<String, Vec<String>>),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    MethodNotAllowed(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Rule(String),
    #[error("this request must carry If-Match with the record's current version (its ETag)")]
    PreconditionRequired,
    #[error("the record has changed since version {expected}; it is now version {current}")]
    Stale { expected: i64, current: i64 },
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("{0}")]
    HeadersTooLarge(String),
    #[error("{0}")]
    TooManyRequests(String),
    #[error("{0}")]
    Unavailable(String),
    #[error("internal error")]
    Internal(String),
}

impl ApiError {
    /// The stable code clients switch on.
    fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest(_) => "bad_request",
            ApiError::Validation(_) => "validation",
            ApiError::Unauthorized(_) => "unauthorized",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::NotFound(_) => "not_found",
            ApiError::MethodNotAllowed(_) => "method_not_allowed",
            ApiError::Conflict(_) => "conflict",
            ApiError::Rule(_) => "rule_violated",
            ApiError::PreconditionRequired => "if_match_required",
            ApiError::Stale { .. } => "stale_version",
            ApiError::PayloadTooLarge(_) => "payload_too_large",
            ApiError::UnsupportedMediaType(_) => "unsupported_media_type",
            ApiError::HeadersTooLarge(_) => "headers_too_large",
            ApiError::TooManyRequests(_) => "rate_limited",
            ApiError::Unavailable(_) => "unavailable",
            ApiError::Internal(_) => "internal",
        }
    }

    /// The problem document of this error.
    pub fn problem(&self) -> Problem {
        let status = self.status_code();
        let detail = match self {
            ApiError::Internal(_) => {
                "Something went wrong on our side; it has been logged.".to_owned()
            }
            other => other.to_string(),
        };
        Problem {
            type_uri: "about:blank".into(),
            title: status.canonical_reason().unwrap_or("Error").into(),
            status: status.as_u16(),
            detail: Some(detail),
            code: self.code().into(),
            errors: match self {
                ApiError::Validation(errors) => errors.clone(),
                _ => BTreeMap::new(),
            },
            current_version: match self {
                ApiError::Stale { current, .. } => Some(*current),
                _ => None,
            },
        }
    }

    /// A 404 naming what was not found.
    pub fn not_found(what: &str) -> ApiError {
        ApiError::NotFound(format!("no such {what} in this organisation"))
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Validation(_) | ApiError::Rule(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            ApiError::Stale { .. } => StatusCode::PRECONDITION_FAILED,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::HeadersTooLarge(_) => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            ApiError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(cause) = self {
            tracing::error!(%cause, "internal error");
        }
        let mut response = HttpResponse::build(self.status_code());
        response.content_type(ContentType(
            "application/problem+json".parse().unwrap_or(mime_json()),
        ));
        match self {
            ApiError::TooManyRequests(_) => {
                response.insert_header(("Retry-After", "60"));
            }
            ApiError::Unavailable(_) => {
                response.insert_header(("Retry-After", "5"));
            }
            _ => {}
        }
        response.json(self.problem())
    }
}

fn mime_json() -> actix_web::mime::Mime {
    actix_web::mime::APPLICATION_JSON
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => {
                ApiError::NotFound("no such record in this organisation".into())
            }
            StoreError::Conflict(m) => ApiError::Conflict(m),
            StoreError::Stale { expected, current } => ApiError::Stale { expected, current },
            StoreError::Rule(m) => ApiError::Rule(m),
            StoreError::Invalid(errors) => ApiError::Validation(errors),
            StoreError::Pool(m) => ApiError::Unavailable(m),
            StoreError::Busy(m) => {
                tracing::warn!(cause = %m, "write refused after waiting for a lock");
                ApiError::Unavailable(
                    "the database is busy with other writes; try again in a few seconds".into(),
                )
            }
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<PageError> for ApiError {
    fn from(e: PageError) -> Self {
        let field = match e {
            PageError::Limit => "limit",
            PageError::Cursor => "cursor",
        };
        ApiError::Validation(BTreeMap::from([(field.to_owned(), vec![e.to_string()])]))
    }
}

impl From<validator::ValidationErrors> for ApiError {
    fn from(e: validator::ValidationErrors) -> Self {
        ApiError::Validation(annex_domain::problem::field_errors(&e))
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        ApiError::Internal(e.to_string())
    }
}

/// Results of handlers.
pub type ApiResult<T> = Result<T, ApiError>;

/// A store lookup whose missing record is a 404 naming what was looked for; every other failure
/// (a pool time-out, a broken rule, a fault) keeps its own answer.
pub trait OrNotFound<T> {
    /// `StoreError::NotFound` as "no such `what` in this organisation"; anything else as usual.
    fn or_not_found(self, what: &str) -> ApiResult<T>;
}

impl<T> OrNotFound<T> for Result<T, StoreError> {
    fn or_not_found(self, what: &str) -> ApiResult<T> {
        self.map_err(|e| match e {
            StoreError::NotFound => ApiError::not_found(what),
            other => other.into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(e: StoreError) -> Problem {
        ApiError::from(e).problem()
    }

    #[test]
    fn field_errors_are_a_validation_problem_naming_each_field() {
        let p = answer(StoreError::field("justification", "give a reason"));
        assert_eq!((p.status, p.code.as_str()), (422, "validation"));
        assert_eq!(
            p.errors,
            BTreeMap::from([("justification".to_owned(), vec!["give a reason".to_owned()])])
        );
    }

    #[test]
    fn a_rule_is_rule_violated_with_its_text_and_no_fields() {
        let p = answer(StoreError::rule("controls: A.9 is not a control"));
        assert_eq!((p.status, p.code.as_str()), (422, "rule_violated"));
        assert_eq!(p.detail.as_deref(), Some("controls: A.9 is not a control"));
        assert!(p.errors.is_empty());
    }

    #[test]
    fn a_corrupt_row_is_a_500_that_says_nothing_of_it() {
        let p = answer(StoreError::Corrupt("items.id `x`".into()));
        assert_eq!((p.status, p.code.as_str()), (500, "internal"));
        assert!(!p.detail.unwrap_or_default().contains("items.id"));
    }

    #[test]
    fn or_not_found_names_the_record_and_leaves_other_failures_alone() {
        let missing: Result<(), StoreError> = Err(StoreError::NotFound);
        let p = missing.or_not_found("note").unwrap_err().problem();
        assert_eq!(p.status, 404);
        assert_eq!(
            p.detail.as_deref(),
            Some("no such note in this organisation")
        );
        let timed_out: Result<(), StoreError> = Err(StoreError::Pool("timed out".into()));
        assert_eq!(
            timed_out.or_not_found("note").unwrap_err().problem().status,
            503
        );
        let refused: Result<(), StoreError> = Err(StoreError::rule("no"));
        assert_eq!(
            refused.or_not_found("note").unwrap_err().problem().status,
            422
        );
    }
}
