//! Optimistic concurrency: records carry a `version`, sent as `ETag` and required back as `If-Match`.

use crate::error::ApiError;
use actix_web::dev::Payload;
use actix_web::http::header::{ETAG, IF_MATCH};
use actix_web::{FromRequest, HttpRequest, HttpResponse, HttpResponseBuilder};
use std::future::{Ready, ready};

/// The version a client last saw, from `If-Match: "<version>"`; required on every change.
///
/// Extraction never fails: the handler asks for [`IfMatch::expected`] after authenticating and
/// authorising, so a signed-out caller hears 401 and a forbidden one 403, not 428.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IfMatch(Option<Option<i64>>);

impl IfMatch {
    /// The version the change expects: 428 when the header is missing, 400 when it is not a version.
    pub fn expected(self) -> Result<i64, ApiError> {
        match self.0 {
            None => Err(ApiError::PreconditionRequired),
            Some(None) => Err(ApiError::BadRequest(
                "If-Match must be the record's ETag, e.g. \"3\"".into(),
            )),
            Some(Some(version)) => Ok(version),
        }
    }
}

/// The `ETag` value of a version.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

/// Parses `"7"`, `W/"7"` or `7`.
fn parse(value: &str) -> Option<i64> {
    let value = value.trim();
    let value = value.strip_prefix("W/").unwrap_or(value);
    value.trim_matches('"').parse().ok()
}

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = Ready<Result<IfMatch, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let header = req.headers().get(IF_MATCH);
        ready(Ok(IfMatch(
            header.map(|value| value.to_str().ok().and_then(parse)),
        )))
    }
}

/// A 200 response carrying the record's version as its `ETag`.
pub fn ok_with_etag(version: i64) -> HttpResponseBuilder {
    let mut response = HttpResponse::Ok();
    response.insert_header((ETAG, etag(version)));
    response
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn accepts_strong_weak_and_bare_versions() {
        assert_eq!(parse("\"7\""), Some(7));
        assert_eq!(parse("W/\"7\""), Some(7));
        assert_eq!(parse("7"), Some(7));
        assert_eq!(parse("*"), None);
        assert_eq!(parse("\"abc\""), None);
    }
}
