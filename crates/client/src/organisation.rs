//! The caller's organisation: reading and renaming it.

use crate::client::Client;
use crate::error::ApiError;
use annex_domain::access::organisation::{Organisation, UpdateOrganisation};
use reqwest::Method;

impl Client {
    /// The organisation the caller acts in.
    pub async fn organisation(&self) -> Result<Organisation, ApiError> {
        self.get("/api/v1/organisation").await
    }

    /// Renames the organisation, provided it is still at `version`.
    pub async fn update_organisation(
        &self,
        version: i64,
        req: &UpdateOrganisation,
    ) -> Result<Organisation, ApiError> {
        self.send_json_at(Method::PATCH, "/api/v1/organisation", version, req)
            .await
    }
}
