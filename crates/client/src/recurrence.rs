//! Recurring items: an item's rule, and a space's recurring items.

use crate::client::Client;
use crate::error::ApiError;
use annex_domain::work::recurrence::{Recurrence, RecurringItem, SetRecurrence};
use reqwest::Method;
use uuid::Uuid;

impl Client {
    /// How the item repeats (404 when it does not).
    pub async fn recurrence(&self, item: Uuid) -> Result<RecurringItem, ApiError> {
        self.get(&format!("/api/v1/items/{item}/recurrence")).await
    }

    /// Makes the item repeat by `rule`, or changes its rule.
    pub async fn set_recurrence(
        &self,
        item: Uuid,
        rule: Recurrence,
    ) -> Result<RecurringItem, ApiError> {
        self.send_json(
            Method::PUT,
            &format!("/api/v1/items/{item}/recurrence"),
            &SetRecurrence { rule },
        )
        .await
    }

    /// Stops the item repeating.
    pub async fn clear_recurrence(&self, item: Uuid) -> Result<(), ApiError> {
        self.send_for_nothing(Method::DELETE, &format!("/api/v1/items/{item}/recurrence"))
            .await
    }

    /// The space's recurring items.
    pub async fn recurring_items(&self, space: Uuid) -> Result<Vec<RecurringItem>, ApiError> {
        self.get(&format!("/api/v1/spaces/{space}/recurring")).await
    }
}
