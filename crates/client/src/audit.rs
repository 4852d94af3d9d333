//! The audit trail: reading the record of every change.

use crate::client::Client;
use crate::error::ApiError;
use annex_domain::events::{Event, EventFilter};
use annex_domain::{Page, PageParams};

impl Client {
    /// One page of audit events matching `filter`, newest first.
    pub async fn audit_trail(
        &self,
        filter: &EventFilter,
        page: &PageParams,
    ) -> Result<Page<Event>, ApiError> {
        self.get_page("/api/v1/audit-trail", filter, page).await
    }
}
