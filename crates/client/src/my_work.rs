//! The caller's open work across the organisation.

use crate::client::Client;
use crate::error::ApiError;
use annex_domain::work::my_work::MyWork;

impl Client {
    /// Items and to-dos assigned to the caller that are still open, with the overdue ones marked.
    pub async fn my_work(&self) -> Result<MyWork, ApiError> {
        self.get("/api/v1/my-work").await
    }
}
