//! GDPR statutory deadlines: the organisation's requests and breaches, and one item's deadline.

use crate::client::Client;
use crate::error::ApiError;
use annex_domain::privacy::{DeadlineQuery, DeadlineState, ItemDeadline, PrivacyDeadlines};
use uuid::Uuid;

impl Client {
    /// Every data subject request and breach with its deadline, only those in `state` when given
    /// (the summary counts them all).
    pub async fn privacy_deadlines(
        &self,
        state: Option<DeadlineState>,
    ) -> Result<PrivacyDeadlines, ApiError> {
        let query = DeadlineQuery {
            state: state.map(|s| s.key().to_owned()),
        };
        self.get_query("/api/v1/privacy/deadlines", &query).await
    }

    /// The deadline of a data subject request or breach; `NotFound` for any other item.
    pub async fn item_deadline(&self, item: Uuid) -> Result<ItemDeadline, ApiError> {
        self.get(&format!("/api/v1/items/{item}/deadline")).await
    }
}
