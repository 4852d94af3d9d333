//! The escape hatch: any request, any answer, for tests that probe what the typed methods never send.

use crate::client::Client;
use crate::error::{ApiError, parse_problem};
use crate::http::{Call, version_from_etag};
use annex_domain::Problem;
use reqwest::Method;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use serde::de::DeserializeOwned;

/// An answer as it came, whatever its status, for assertions on status, headers and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawResponse {
    /// The HTTP status code.
    pub status: u16,
    /// Every header, names in lower case, in the order received (a name may repeat).
    pub headers: Vec<(String, String)>,
    /// The body as text (empty for a 204).
    pub body: String,
}

impl RawResponse {
    /// Reads the body as `T`, whatever the status; a body that is not `T` is a [`ApiError::Network`].
    // Only 64-bit targets cross clippy's size limit; on wasm32 the error is small enough.
    #[cfg_attr(
        target_pointer_width = "64",
        expect(
            clippy::result_large_err,
            reason = "ApiError's unboxed Problem variants are the public contract the UI matches on"
        )
    )]
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        serde_json::from_str(&self.body).map_err(|e| ApiError::undecodable(&e))
    }

    /// The body as a problem, when it is one.
    pub fn problem(&self) -> Option<Problem> {
        parse_problem(&self.body)
    }

    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The record version the `ETag` header names, if there is one.
    pub fn etag_version(&self) -> Option<i64> {
        self.header("etag").and_then(version_from_etag)
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The error the typed methods would have returned for this answer; `None` for a 2xx.
    pub fn error(&self) -> Option<ApiError> {
        (!self.is_success())
            .then(|| ApiError::from_response(self.status, &self.body, self.etag_version()))
    }
}

impl Client {
    /// Escape hatch for tests: send an arbitrary request and get status + parsed problem/body back.
    ///
    /// `path` is relative to the base URL and may carry a query string. The client's token, its
    /// `Accept`, and for a JSON `body` `Content-Type: application/json`, are sent unless
    /// `headers` sets its own value of that header; a string `body` with a `Content-Type` other
    /// than JSON is sent as that text. Only a failure to get any
    /// answer is an `Err`: every status, 4xx and 5xx included, is an `Ok`.
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        body: Option<&serde_json::Value>,
        headers: &[(&str, &str)],
    ) -> Result<RawResponse, ApiError> {
        self.raw_call(method, path, body, headers).fetch_raw().await
    }

    /// The request [`Client::raw`] sends, put together without sending it.
    fn raw_call(
        &self,
        method: Method,
        path: &str,
        body: Option<&serde_json::Value>,
        headers: &[(&str, &str)],
    ) -> Call {
        let has = |wanted: &str| headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(wanted));
        let mut call = self.bare_call(method, path);
        if !has(ACCEPT.as_str()) {
            call = call.accept_api();
        }
        if let (Some(token), false) = (self.token(), has(AUTHORIZATION.as_str())) {
            call = call.bearer(token);
        }
        if let Some(body) = body {
            // A string sent as another type than JSON (a CSV file) goes as it is; anything else
            // as JSON, which a `Value` always prints, so this cannot fail as `serde_json::to_vec` could.
            let typed_other = headers
                .iter()
                .any(|(n, v)| n.eq_ignore_ascii_case(CONTENT_TYPE.as_str()) && !v.contains("json"));
            let bytes = match body {
                serde_json::Value::String(text) if typed_other => text.clone().into_bytes(),
                _ => body.to_string().into_bytes(),
            };
            if !has(CONTENT_TYPE.as_str()) {
                call = call.header(CONTENT_TYPE.as_str(), "application/json");
            }
            call = call.bytes(bytes);
        }
        for (name, value) in headers {
            call = call.header(name, value);
        }
        call
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, headers: &[(&str, &str)], body: &str) -> RawResponse {
        RawResponse {
            status,
            headers: headers
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
            body: body.to_owned(),
        }
    }

    #[test]
    fn headers_are_found_in_any_case_and_etags_read_as_versions() {
        let ok = response(
            200,
            &[("etag", "\"4\""), ("content-type", "application/json")],
            "{}",
        );
        assert_eq!(ok.header("ETag"), Some("\"4\""));
        assert_eq!(ok.etag_version(), Some(4));
        assert_eq!(ok.header("x-missing"), None);
        assert!(ok.is_success());
        assert!(ok.error().is_none());
    }

    #[test]
    fn failed_answers_expose_their_problem_and_typed_error()
    -> Result<(), Box<dyn std::error::Error>> {
        let body = r#"{"type":"about:blank","title":"Precondition Failed","status":412,"code":"stale_version","current_version":6}"#;
        let stale = response(412, &[], body);
        assert_eq!(
            stale.problem().map(|p| p.code),
            Some("stale_version".into())
        );
        assert!(matches!(
            stale.error(),
            Some(ApiError::PreconditionFailed {
                current_version: Some(6),
                ..
            })
        ));
        let value: serde_json::Value = stale.json()?;
        assert_eq!(value["status"], 412);
        Ok(())
    }

    #[test]
    fn a_body_of_the_wrong_shape_is_an_error_not_a_panic() {
        let text = response(200, &[], "not json");
        assert!(text.problem().is_none());
        assert!(matches!(
            text.json::<serde_json::Value>(),
            Err(ApiError::Network(_))
        ));
    }

    fn header_values(request: &reqwest::Request, name: &str) -> Vec<String> {
        request
            .headers()
            .get_all(name)
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .collect()
    }

    #[test]
    fn the_callers_authorization_replaces_the_token() -> Result<(), Box<dyn std::error::Error>> {
        let client = Client::new("http://h").with_token("mine");
        let own = client
            .raw_call(Method::GET, "/api/v1/me", None, &[])
            .build()?;
        assert_eq!(header_values(&own, "authorization"), ["Bearer mine"]);
        let theirs = client
            .raw_call(
                Method::GET,
                "/api/v1/me",
                None,
                &[("Authorization", "Bearer theirs")],
            )
            .build()?;
        assert_eq!(header_values(&theirs, "authorization"), ["Bearer theirs"]);
        let signed_out = Client::new("http://h")
            .raw_call(Method::GET, "/api/v1/me", None, &[("accept", "text/html")])
            .build()?;
        assert!(header_values(&signed_out, "authorization").is_empty());
        assert_eq!(header_values(&signed_out, "accept"), ["text/html"]);
        Ok(())
    }

    #[test]
    fn json_bodies_are_sent_as_json_unless_the_caller_says_otherwise()
    -> Result<(), Box<dyn std::error::Error>> {
        let client = Client::new("http://h");
        let body = serde_json::json!({ "name": "Ops" });
        let default = client
            .raw_call(Method::POST, "/api/v1/groups?x=1", Some(&body), &[])
            .build()?;
        assert_eq!(default.url().as_str(), "http://h/api/v1/groups?x=1");
        assert_eq!(
            header_values(&default, "content-type"),
            ["application/json"]
        );
        assert_eq!(
            header_values(&default, "accept"),
            ["application/json, application/problem+json"]
        );
        let sent = default
            .body()
            .and_then(|b| b.as_bytes())
            .unwrap_or_default();
        assert_eq!(serde_json::from_slice::<serde_json::Value>(sent)?, body);

        let text = client
            .raw_call(
                Method::POST,
                "/api/v1/groups",
                Some(&body),
                &[("content-type", "text/plain"), ("if-match", "\"2\"")],
            )
            .build()?;
        assert_eq!(header_values(&text, "content-type"), ["text/plain"]);
        assert_eq!(header_values(&text, "if-match"), ["\"2\""]);
        Ok(())
    }
}
