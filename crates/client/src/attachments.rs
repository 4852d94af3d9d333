//! An item's notes, documents and updates.

use crate::client::Client;
use crate::error::ApiError;
use annex_domain::events::Event;
use annex_domain::work::attachments::{AddDocument, Document, Note, WriteNote};
use annex_domain::{Page, PageParams};
use reqwest::Method;
use uuid::Uuid;

impl Client {
    /// The notes of an item.
    pub async fn list_notes(&self, item: Uuid) -> Result<Vec<Note>, ApiError> {
        self.call(Method::GET, &format!("/api/v1/items/{item}/notes"))
            .fetch()
            .await
    }

    /// Adds a note to an item.
    pub async fn add_note(&self, item: Uuid, body: &str) -> Result<Note, ApiError> {
        self.call(Method::POST, &format!("/api/v1/items/{item}/notes"))
            .json(&WriteNote { body: body.into() })
            .fetch()
            .await
    }

    /// Rewrites one's own note, provided it is still at `version`.
    pub async fn edit_note(&self, id: Uuid, version: i64, body: &str) -> Result<Note, ApiError> {
        self.call(Method::PATCH, &format!("/api/v1/notes/{id}"))
            .if_match(version)
            .json(&WriteNote { body: body.into() })
            .fetch()
            .await
    }

    /// Deletes a note, provided it is still at `version`.
    pub async fn delete_note(&self, id: Uuid, version: i64) -> Result<(), ApiError> {
        self.call(Method::DELETE, &format!("/api/v1/notes/{id}"))
            .if_match(version)
            .fetch_nothing()
            .await
    }

    /// The documents linked from an item.
    pub async fn list_documents(&self, item: Uuid) -> Result<Vec<Document>, ApiError> {
        self.call(Method::GET, &format!("/api/v1/items/{item}/documents"))
            .fetch()
            .await
    }

    /// Links a document to an item.
    pub async fn add_document(&self, item: Uuid, req: &AddDocument) -> Result<Document, ApiError> {
        self.call(Method::POST, &format!("/api/v1/items/{item}/documents"))
            .json(req)
            .fetch()
            .await
    }

    /// Removes a document link.
    pub async fn remove_document(&self, id: Uuid) -> Result<(), ApiError> {
        self.call(Method::DELETE, &format!("/api/v1/documents/{id}"))
            .fetch_nothing()
            .await
    }

    /// The item's updates, newest first.
    pub async fn item_updates(
        &self,
        item: Uuid,
        page: &PageParams,
    ) -> Result<Page<Event>, ApiError> {
        self.call(Method::GET, &format!("/api/v1/items/{item}/updates"))
            .query(page)
            .fetch()
            .await
    }
}
