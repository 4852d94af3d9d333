//! Space templates: what a new project or tracker can start from.

use crate::client::Client;
use crate::error::ApiError;
use annex_domain::work::templates::TemplateSummary;

impl Client {
    /// The templates a space can be created from (`CreateSpace.template` takes a `key`).
    pub async fn templates(&self) -> Result<Vec<TemplateSummary>, ApiError> {
        self.get("/api/v1/templates").await
    }
}
