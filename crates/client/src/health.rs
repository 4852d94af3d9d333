//! The probes: whether the server is up, and whether it can serve requests (its database answers).

use crate::client::Client;
use crate::error::ApiError;
use reqwest::Method;

impl Client {
    /// Succeeds when the server process answers at all (liveness).
    pub async fn health(&self) -> Result<(), ApiError> {
        self.anonymous_call(Method::GET, "/api/health")
            .fetch_nothing()
            .await
    }

    /// Succeeds when the server is ready to serve requests (readiness).
    pub async fn ready(&self) -> Result<(), ApiError> {
        self.anonymous_call(Method::GET, "/api/ready")
            .fetch_nothing()
            .await
    }
}
