//! Space templates: what a new project or tracker can start from.

use crate::client::Client;
use crate::error::ApiError;
use annex_domain::work::templates::TemplateSummary;
use reqwest::Method;

impl Client {
    /// The templates a space can be created from (`CreateSpace.template` takes a `key`).
    pub async fn templates(&self) -> Result<Vec<TemplateSummary>, ApiError> {
        self.call(Method::GET, "/api/v1/templates").fetch().await
    }
}
