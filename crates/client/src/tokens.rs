//! The caller's API tokens: listing, creating and revoking them.

use crate::client::Client;
use crate::error::ApiError;
use annex_domain::access::tokens::{ApiToken, CreateApiToken, CreatedApiToken};
use annex_domain::{Page, PageParams};
use reqwest::Method;
use uuid::Uuid;

impl Client {
    /// One page of the caller's API tokens (never their secrets).
    pub async fn list_api_tokens(&self, page: &PageParams) -> Result<Page<ApiToken>, ApiError> {
        self.get_query("/api/v1/api-tokens", page).await
    }

    /// Creates an API token; the answer holds its secret, which the server never shows again.
    pub async fn create_api_token(
        &self,
        req: &CreateApiToken,
    ) -> Result<CreatedApiToken, ApiError> {
        self.send_json(Method::POST, "/api/v1/api-tokens", req)
            .await
    }

    /// Revokes an API token, provided it is still at `version`.
    pub async fn revoke_api_token(&self, id: Uuid, version: i64) -> Result<(), ApiError> {
        self.delete_at(&format!("/api/v1/api-tokens/{id}"), version)
            .await
    }
}
