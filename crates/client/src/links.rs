//! Linked work: an item's links, linking, unlinking, and the picker's search.

use crate::client::Client;
use crate::error::ApiError;
use annex_domain::work::links::{CreateLink, ItemSearch, ItemSummary, LinkedItem};
use reqwest::Method;
use uuid::Uuid;

impl Client {
    /// Everything linked to an item.
    pub async fn list_links(&self, item: Uuid) -> Result<Vec<LinkedItem>, ApiError> {
        self.get(&format!("/api/v1/items/{item}/links")).await
    }

    /// Links `item` to `other`, in any space of the organisation.
    pub async fn link_items(&self, item: Uuid, other: Uuid) -> Result<LinkedItem, ApiError> {
        self.send_json(
            Method::POST,
            &format!("/api/v1/items/{item}/links"),
            &CreateLink { item_id: other },
        )
        .await
    }

    /// Removes the link between `item` and `other`.
    pub async fn unlink_items(&self, item: Uuid, other: Uuid) -> Result<(), ApiError> {
        self.send_for_nothing(
            Method::DELETE,
            &format!("/api/v1/items/{item}/links/{other}"),
        )
        .await
    }

    /// Finds items to link across the organisation.
    pub async fn search_items(&self, search: &ItemSearch) -> Result<Vec<ItemSummary>, ApiError> {
        self.get_query("/api/v1/items/search", search).await
    }
}
