//! Items of projects and trackers: listing, creating, changing, archiving, deleting.

use crate::client::Client;
use crate::error::ApiError;
use annex_domain::work::items::{CreateItem, Item, ItemFilter, UpdateItem};
use annex_domain::work::tree::{MoveItem, SortTree};
use annex_domain::{Page, PageParams};
use reqwest::Method;
use uuid::Uuid;

fn item_path(id: Uuid) -> String {
    format!("/api/v1/items/{id}")
}

impl Client {
    /// One page of a space's items, filtered and sorted as `filter` says.
    pub async fn list_items(
        &self,
        space: Uuid,
        filter: &ItemFilter,
        page: &PageParams,
    ) -> Result<Page<Item>, ApiError> {
        self.get_page(&format!("/api/v1/spaces/{space}/items"), filter, page)
            .await
    }

    /// Creates an item in a space.
    pub async fn create_item(&self, space: Uuid, req: &CreateItem) -> Result<Item, ApiError> {
        self.send_json(Method::POST, &format!("/api/v1/spaces/{space}/items"), req)
            .await
    }

    /// One item with its custom-field values.
    pub async fn get_item(&self, id: Uuid) -> Result<Item, ApiError> {
        self.get(&item_path(id)).await
    }

    /// Changes an item, provided it is still at `version`.
    pub async fn update_item(
        &self,
        id: Uuid,
        version: i64,
        req: &UpdateItem,
    ) -> Result<Item, ApiError> {
        self.send_json_at(Method::PATCH, &item_path(id), version, req)
            .await
    }

    /// Deletes an item for good, provided it is still at `version` (owners and admins).
    pub async fn delete_item(&self, id: Uuid, version: i64) -> Result<(), ApiError> {
        self.delete_at(&item_path(id), version).await
    }

    /// Moves a project node under another parent and/or to another place among its siblings,
    /// provided it is still at `version`.
    pub async fn move_item(
        &self,
        id: Uuid,
        version: i64,
        req: &MoveItem,
    ) -> Result<Item, ApiError> {
        self.send_json_at(
            Method::POST,
            &format!("{}/move", item_path(id)),
            version,
            req,
        )
        .await
    }

    /// Copies a project node with its whole branch (fields, custom values; not notes or links),
    /// placed right after the original. Returns the copy of the node.
    pub async fn duplicate_item(&self, id: Uuid) -> Result<Item, ApiError> {
        self.send(Method::POST, &format!("{}/duplicate", item_path(id)))
            .await
    }

    /// Sorts the children of one parent of a project tree (`parent_id: None`: its phases).
    pub async fn sort_tree(&self, space: Uuid, req: &SortTree) -> Result<(), ApiError> {
        self.send_json_for_nothing(
            Method::POST,
            &format!("/api/v1/spaces/{space}/tree/sort"),
            req,
        )
        .await
    }
}
