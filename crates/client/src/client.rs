//! The client itself: where the server is and whose credentials the calls carry.

use std::fmt;
use std::sync::Arc;

/// A handle on one Annex server, optionally signed in; clone it freely (the connection pool is shared).
#[derive(Clone)]
pub struct Client {
    pub(crate) http: reqwest::Client,
    /// The server's origin without a trailing slash, e.g. `http://127.0.0.1:8080`.
    pub(crate) base_url: Arc<str>,
    /// Sent as `Authorization: Bearer …`: an access token of a session or an API token's secret.
    pub(crate) token: Option<Arc<str>>,
}

impl Client {
    /// Talks to the server at `base_url` (an absolute URL; a trailing slash is ignored), signed out.
    ///
    /// In the browser pass the page's origin (`window.location.origin`): `fetch` via reqwest
    /// needs an absolute URL.
    pub fn new(base_url: &str) -> Client {
        Client::with_http_client(base_url, reqwest::Client::new())
    }

    /// Like [`Client::new`], but over a `reqwest::Client` the caller configured (timeouts, proxies, user agent).
    pub fn with_http_client(base_url: &str, http: reqwest::Client) -> Client {
        Client {
            http,
            base_url: Arc::from(base_url.trim_end_matches('/')),
            token: None,
        }
    }

    /// The same server, with calls carrying `token` (a session's access token or an API token).
    pub fn with_token(mut self, token: impl Into<String>) -> Client {
        self.set_token(Some(token.into()));
        self
    }

    /// Signs this handle in or out in place, e.g. after a refresh rotated the access token.
    pub fn set_token(&mut self, token: Option<String>) {
        self.token = token.map(Arc::from);
    }

    /// The bearer token calls currently carry, if any.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// The server's origin as calls use it (without a trailing slash).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }
}

/// Never prints the token: clients end up in logs and panic messages.
impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trailing_slash_on_the_base_url_is_ignored() {
        assert_eq!(
            Client::new("http://127.0.0.1:8080/").base_url(),
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            Client::new("http://127.0.0.1:8080").base_url(),
            "http://127.0.0.1:8080"
        );
    }

    #[test]
    fn tokens_can_be_set_replaced_and_cleared() {
        let mut client = Client::new("http://a").with_token("one");
        assert_eq!(client.token(), Some("one"));
        client.set_token(Some("two".into()));
        assert_eq!(client.token(), Some("two"));
        client.set_token(None);
        assert_eq!(client.token(), None);
    }

    #[test]
    fn debug_output_hides_the_token() {
        let client = Client::new("http://a").with_token("annex_secret");
        let printed = format!("{client:?}");
        assert!(!printed.contains("annex_secret"), "{printed}");
        assert!(printed.contains("<redacted>"), "{printed}");
    }
}
