//! Items of projects and trackers: listing, creating, changing, archiving, deleting.

use crate::client::Client;
use crate::error::ApiError;
use annex_domain::work::items::{CreateItem, Item, ItemFilter, UpdateItem};
use annex_domain::{Page, PageParams};
use reqwest::Method;
use uuid::Uuid;

fn item_path(id: Uuid) -> String {
    format!("/api/v1/items/{id}")
}

impl Client {
    /// One page of a space's items, by number.
    pub async fn list_items(
        &self,
        space: Uuid,
        filter: &ItemFilter,
        page: &PageParams,
    ) -> Result<Page<Item>, ApiError> {
        self.call(Method::GET, &format!("/api/v1/spaces/{space}/items"))
            .query(filter)
            .query(page)
            .fetch()
            .await
    }

    /// Creates an item in a space.
    pub async fn create_item(&self, space: Uuid, req: &CreateItem) -> Result<Item, ApiError> {
        self.call(Method::POST, &format!("/api/v1/spaces/{space}/items"))
            .json(req)
            .fetch()
            .await
    }

    /// One item with its custom-field values.
    pub async fn get_item(&self, id: Uuid) -> Result<Item, ApiError> {
        self.call(Method::GET, &item_path(id)).fetch().await
    }

    /// Changes an item, provided it is still at `version`.
    pub async fn update_item(
        &self,
        id: Uuid,
        version: i64,
        req: &UpdateItem,
    ) -> Result<Item, ApiError> {
        self.call(Method::PATCH, &item_path(id))
            .if_match(version)
            .json(req)
            .fetch()
            .await
    }

    /// Deletes an item for good, provided it is still at `version` (owners and admins).
    pub async fn delete_item(&self, id: Uuid, version: i64) -> Result<(), ApiError> {
        self.call(Method::DELETE, &item_path(id))
            .if_match(version)
            .fetch_nothing()
            .await
    }
}
