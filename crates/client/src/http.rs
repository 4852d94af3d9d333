//! The request plumbing every endpoint shares: URLs, credentials, `If-Match`, and reading answers.

use crate::client::Client;
use crate::error::ApiError;
use crate::raw::RawResponse;
use annex_domain::{Page, PageParams};
use reqwest::header::{ACCEPT, ETAG, IF_MATCH};
use reqwest::{Method, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// What the client accepts back: the endpoint's JSON, or a problem when it fails.
const ACCEPTED: &str = "application/json, application/problem+json";

/// One request being put together; the typed endpoint methods are a chain of these steps.
pub(crate) struct Call(RequestBuilder);

impl Client {
    /// A request carrying the client's bearer token, if it has one.
    pub(crate) fn call(&self, method: Method, path: &str) -> Call {
        let call = self.anonymous_call(method, path);
        match self.token() {
            Some(token) => call.bearer(token),
            None => call,
        }
    }

    /// A request without credentials, for endpoints whose credential is in the body (or absent).
    pub(crate) fn anonymous_call(&self, method: Method, path: &str) -> Call {
        self.bare_call(method, path).accept_api()
    }

    /// A request with no headers at all yet, for [`Client::raw`] to add only what the caller did not.
    pub(crate) fn bare_call(&self, method: Method, path: &str) -> Call {
        let url = join_url(self.base_url(), path);
        Call(self.http.request(method, url))
    }
}

/// The shapes most endpoints take, each one request sent and read in one step.
impl Client {
    /// `GET path`, read as `T`.
    pub(crate) async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        self.call(Method::GET, path).fetch().await
    }

    /// `GET path` with `query`'s fields as query parameters, read as `T`.
    pub(crate) async fn get_query<T, Q>(&self, path: &str, query: &Q) -> Result<T, ApiError>
    where
        T: DeserializeOwned,
        Q: Serialize + ?Sized,
    {
        self.call(Method::GET, path).query(query).fetch().await
    }

    /// `GET path`, one page of what `filter` lets through.
    pub(crate) async fn get_page<T, F>(
        &self,
        path: &str,
        filter: &F,
        page: &PageParams,
    ) -> Result<Page<T>, ApiError>
    where
        T: DeserializeOwned,
        F: Serialize + ?Sized,
    {
        self.call(Method::GET, path)
            .query(filter)
            .query(page)
            .fetch()
            .await
    }

    /// `GET path` with `query`, read as a file's bytes.
    pub(crate) async fn get_file<Q>(&self, path: &str, query: &Q) -> Result<Vec<u8>, ApiError>
    where
        Q: Serialize + ?Sized,
    {
        self.call(Method::GET, path)
            .query(query)
            .fetch_bytes()
            .await
    }

    /// `method path` without a body, read as `T`.
    pub(crate) async fn send<T>(&self, method: Method, path: &str) -> Result<T, ApiError>
    where
        T: DeserializeOwned,
    {
        self.call(method, path).fetch().await
    }

    /// `method path` without a body, checking only for a 2xx.
    pub(crate) async fn send_for_nothing(
        &self,
        method: Method,
        path: &str,
    ) -> Result<(), ApiError> {
        self.call(method, path).fetch_nothing().await
    }

    /// `method path` with `body` as JSON, read as `T`.
    pub(crate) async fn send_json<T, B>(
        &self,
        method: Method,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError>
    where
        T: DeserializeOwned,
        B: Serialize + ?Sized,
    {
        self.call(method, path).json(body).fetch().await
    }

    /// `method path` with `body` as JSON, checking only for a 2xx.
    pub(crate) async fn send_json_for_nothing<B>(
        &self,
        method: Method,
        path: &str,
        body: &B,
    ) -> Result<(), ApiError>
    where
        B: Serialize + ?Sized,
    {
        self.call(method, path).json(body).fetch_nothing().await
    }

    /// `method path` without a body, provided the record is still at `version`; read as `T`.
    pub(crate) async fn send_at<T>(
        &self,
        method: Method,
        path: &str,
        version: i64,
    ) -> Result<T, ApiError>
    where
        T: DeserializeOwned,
    {
        self.call(method, path).if_match(version).fetch().await
    }

    /// `method path` with `body` as JSON, provided the record is still at `version`; read as `T`.
    pub(crate) async fn send_json_at<T, B>(
        &self,
        method: Method,
        path: &str,
        version: i64,
        body: &B,
    ) -> Result<T, ApiError>
    where
        T: DeserializeOwned,
        B: Serialize + ?Sized,
    {
        self.call(method, path)
            .if_match(version)
            .json(body)
            .fetch()
            .await
    }

    /// `DELETE path`, provided the record is still at `version`.
    pub(crate) async fn delete_at(&self, path: &str, version: i64) -> Result<(), ApiError> {
        self.call(Method::DELETE, path)
            .if_match(version)
            .fetch_nothing()
            .await
    }
}

impl Call {
    /// Asks for the API's JSON (or a problem), as every typed call does.
    pub(crate) fn accept_api(self) -> Call {
        Call(self.0.header(ACCEPT, ACCEPTED))
    }

    /// Carries `token` as `Authorization: Bearer …`.
    pub(crate) fn bearer(self, token: &str) -> Call {
        Call(self.0.bearer_auth(token))
    }

    /// Makes a change conditional on the record still being at `version`.
    pub(crate) fn if_match(self, version: i64) -> Call {
        Call(self.0.header(IF_MATCH, if_match_value(version)))
    }

    /// Adds a filter's fields as query parameters; `None` fields are left out.
    pub(crate) fn query<Q: Serialize + ?Sized>(self, query: &Q) -> Call {
        Call(self.0.query(query))
    }

    /// Sends `body` as the JSON request body.
    pub(crate) fn json<B: Serialize + ?Sized>(self, body: &B) -> Call {
        Call(self.0.json(body))
    }

    /// Adds a header as given, for [`Client::raw`].
    pub(crate) fn header(self, name: &str, value: &str) -> Call {
        Call(self.0.header(name, value))
    }

    /// Sends raw bytes as the request body, for [`Client::raw`].
    pub(crate) fn bytes(self, body: Vec<u8>) -> Call {
        Call(self.0.body(body))
    }

    /// Sends the request and reads a 2xx answer as `T`.
    pub(crate) async fn fetch<T: DeserializeOwned>(self) -> Result<T, ApiError> {
        let response = self.succeed().await?;
        let body = response.text().await.map_err(|e| ApiError::network(&e))?;
        serde_json::from_str(&body).map_err(|e| ApiError::undecodable(&e))
    }

    /// Sends the request and reads a 2xx answer's body as bytes (a file download).
    pub(crate) async fn fetch_bytes(self) -> Result<Vec<u8>, ApiError> {
        let response = self.succeed().await?;
        let body = response.bytes().await.map_err(|e| ApiError::network(&e))?;
        Ok(body.to_vec())
    }

    /// Sends the request and only checks that the answer was a 2xx (bodies of 204s and probes are ignored).
    pub(crate) async fn fetch_nothing(self) -> Result<(), ApiError> {
        self.succeed().await.map(drop)
    }

    /// Sends the request and hands back whatever came, whatever the status.
    pub(crate) async fn fetch_raw(self) -> Result<RawResponse, ApiError> {
        let response = self.0.send().await.map_err(|e| ApiError::network(&e))?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                (name.as_str().to_owned(), value)
            })
            .collect();
        let body = response.text().await.map_err(|e| ApiError::network(&e))?;
        Ok(RawResponse {
            status,
            headers,
            body,
        })
    }

    /// Sends the request; any status outside 2xx becomes the matching [`ApiError`].
    async fn succeed(self) -> Result<Response, ApiError> {
        let response = self.0.send().await.map_err(|e| ApiError::network(&e))?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let etag = response
            .headers()
            .get(ETAG)
            .and_then(|v| v.to_str().ok())
            .and_then(version_from_etag);
        // The status alone still sorts the error when the body cannot be read.
        let body = response.text().await.unwrap_or_default();
        Err(ApiError::from_response(status.as_u16(), &body, etag))
    }

    /// The request as it would be sent, to check headers and URLs without a server.
    #[cfg(test)]
    pub(crate) fn build(self) -> Result<reqwest::Request, reqwest::Error> {
        self.0.build()
    }
}

/// The URL of `path` on the server at `base` (which has no trailing slash).
pub(crate) fn join_url(base: &str, path: &str) -> String {
    if path.starts_with('/') {
        format!("{base}{path}")
    } else {
        format!("{base}/{path}")
    }
}

/// The `If-Match` value for a record version: the version as a quoted entity tag, e.g. `"3"`.
pub(crate) fn if_match_value(version: i64) -> String {
    format!("\"{version}\"")
}

/// The record version an `ETag` names (`"3"`, also weak `W/"3"` or bare `3`); `None` for other tags.
pub(crate) fn version_from_etag(etag: &str) -> Option<i64> {
    let tag = etag.trim();
    let tag = tag.strip_prefix("W/").unwrap_or(tag);
    let tag = tag
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(tag);
    tag.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use annex_domain::access::users::MemberFilter;
    use annex_domain::events::EventFilter;
    use reqwest::header::AUTHORIZATION;

    #[test]
    fn paths_join_the_base_url_with_exactly_one_slash() {
        assert_eq!(join_url("http://h:1", "/api/v1/me"), "http://h:1/api/v1/me");
        assert_eq!(join_url("http://h:1", "api/v1/me"), "http://h:1/api/v1/me");
        let client = Client::new("http://h:1/");
        let request = client.call(Method::GET, "/api/health").build();
        assert_eq!(
            request.map(|r| r.url().to_string()).ok().as_deref(),
            Some("http://h:1/api/health")
        );
    }

    #[test]
    fn versions_are_sent_quoted_and_read_back_from_etags() {
        assert_eq!(if_match_value(3), "\"3\"");
        assert_eq!(version_from_etag("\"3\""), Some(3));
        assert_eq!(version_from_etag("W/\"12\""), Some(12));
        assert_eq!(version_from_etag(" 4 "), Some(4));
        assert_eq!(version_from_etag("\"abc\""), None);
        assert_eq!(version_from_etag("\"\""), None);
    }

    #[test]
    fn if_match_is_set_on_the_request() -> Result<(), reqwest::Error> {
        let request = Client::new("http://h")
            .call(Method::PATCH, "/api/v1/organisation")
            .if_match(9)
            .build()?;
        assert_eq!(
            request
                .headers()
                .get(IF_MATCH)
                .and_then(|v| v.to_str().ok()),
            Some("\"9\"")
        );
        Ok(())
    }

    #[test]
    fn the_token_goes_on_calls_but_not_on_anonymous_ones() -> Result<(), reqwest::Error> {
        let client = Client::new("http://h").with_token("tok");
        let signed = client.call(Method::GET, "/api/v1/me").build()?;
        assert_eq!(
            signed
                .headers()
                .get(AUTHORIZATION)
                .and_then(|v| v.to_str().ok()),
            Some("Bearer tok")
        );
        let anonymous = client
            .anonymous_call(Method::POST, "/api/v1/auth/login")
            .build()?;
        assert!(anonymous.headers().get(AUTHORIZATION).is_none());
        let signed_out = Client::new("http://h")
            .call(Method::GET, "/api/v1/me")
            .build()?;
        assert!(signed_out.headers().get(AUTHORIZATION).is_none());
        Ok(())
    }

    #[test]
    fn absent_filters_leave_no_empty_query_parameters() -> Result<(), reqwest::Error> {
        let client = Client::new("http://h");
        let none = client
            .call(Method::GET, "/api/v1/users")
            .query(&MemberFilter::default())
            .query(&PageParams::default())
            .build()?;
        assert_eq!(none.url().as_str(), "http://h/api/v1/users");

        let some = client
            .call(Method::GET, "/api/v1/users")
            .query(&MemberFilter {
                q: Some("ann & bob".into()),
                role: Some(annex_domain::Role::Admin),
                active: Some(false),
            })
            .query(&PageParams {
                limit: Some(20),
                cursor: None,
            })
            .build()?;
        assert_eq!(
            some.url().query(),
            Some("q=ann+%26+bob&role=admin&active=false&limit=20")
        );
        Ok(())
    }

    #[test]
    fn audit_filters_send_times_as_rfc3339() -> Result<(), Box<dyn std::error::Error>> {
        let since = "2026-01-02T03:04:05Z".parse()?;
        let request = Client::new("http://h")
            .call(Method::GET, "/api/v1/audit-trail")
            .query(&EventFilter {
                verb: Some("updated".into()),
                since: Some(since),
                ..EventFilter::default()
            })
            .query(&PageParams {
                limit: None,
                cursor: Some("abc".into()),
            })
            .build()?;
        assert_eq!(
            request.url().query(),
            Some("verb=updated&since=2026-01-02T03%3A04%3A05Z&cursor=abc")
        );
        Ok(())
    }
}
