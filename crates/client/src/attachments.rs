//! An item's notes, documents and updates.

use crate::client::Client;
use crate::error::ApiError;
use annex_domain::events::Event;
use annex_domain::work::attachments::{AddDocument, AddNote, Document, Note, WriteNote};
use annex_domain::{Page, PageParams};
use reqwest::Method;
use uuid::Uuid;

/// The path of one item, followed by `rest`.
fn item_path(item: Uuid, rest: &str) -> String {
    format!("/api/v1/items/{item}{rest}")
}

impl Client {
    /// The notes of an item.
    pub async fn list_notes(&self, item: Uuid) -> Result<Vec<Note>, ApiError> {
        self.get(&item_path(item, "/notes")).await
    }

    /// Adds a note to an item, notifying the people and groups it names.
    pub async fn add_note(&self, item: Uuid, note: &AddNote) -> Result<Note, ApiError> {
        self.send_json(Method::POST, &item_path(item, "/notes"), note)
            .await
    }

    /// Rewrites one's own note, provided it is still at `version`.
    pub async fn edit_note(&self, id: Uuid, version: i64, body: &str) -> Result<Note, ApiError> {
        self.send_json_at(
            Method::PATCH,
            &format!("/api/v1/notes/{id}"),
            version,
            &WriteNote { body: body.into() },
        )
        .await
    }

    /// Deletes a note, provided it is still at `version`.
    pub async fn delete_note(&self, id: Uuid, version: i64) -> Result<(), ApiError> {
        self.delete_at(&format!("/api/v1/notes/{id}"), version)
            .await
    }

    /// The documents linked from an item.
    pub async fn list_documents(&self, item: Uuid) -> Result<Vec<Document>, ApiError> {
        self.get(&item_path(item, "/documents")).await
    }

    /// Links a document to an item.
    pub async fn add_document(&self, item: Uuid, req: &AddDocument) -> Result<Document, ApiError> {
        self.send_json(Method::POST, &item_path(item, "/documents"), req)
            .await
    }

    /// Removes a document link.
    pub async fn remove_document(&self, id: Uuid) -> Result<(), ApiError> {
        self.send_for_nothing(Method::DELETE, &format!("/api/v1/documents/{id}"))
            .await
    }

    /// The item's updates, newest first.
    pub async fn item_updates(
        &self,
        item: Uuid,
        page: &PageParams,
    ) -> Result<Page<Event>, ApiError> {
        self.get_query(&item_path(item, "/updates"), page).await
    }
}
