//! An item's to-dos.

use crate::client::Client;
use crate::error::ApiError;
use annex_domain::work::todos::{CreateTodo, Todo, UpdateTodo};
use reqwest::Method;
use uuid::Uuid;

impl Client {
    /// The to-dos of an item: open ones first, then done ones, each oldest first.
    pub async fn list_todos(&self, item: Uuid) -> Result<Vec<Todo>, ApiError> {
        self.get(&format!("/api/v1/items/{item}/todos")).await
    }

    /// Sets a to-do on an item (its assignee is notified unless it is the caller).
    pub async fn add_todo(&self, item: Uuid, req: &CreateTodo) -> Result<Todo, ApiError> {
        self.send_json(Method::POST, &format!("/api/v1/items/{item}/todos"), req)
            .await
    }

    /// Changes a to-do, or marks it done or open, provided it is still at `version`.
    pub async fn update_todo(
        &self,
        id: Uuid,
        version: i64,
        req: &UpdateTodo,
    ) -> Result<Todo, ApiError> {
        self.send_json_at(Method::PATCH, &format!("/api/v1/todos/{id}"), version, req)
            .await
    }

    /// Marks a to-do done (`true`) or open again (`false`), provided it is still at `version`.
    pub async fn set_todo_done(
        &self,
        id: Uuid,
        version: i64,
        done: bool,
    ) -> Result<Todo, ApiError> {
        let req = UpdateTodo {
            done: Some(done),
            ..Default::default()
        };
        self.update_todo(id, version, &req).await
    }

    /// Deletes a to-do, provided it is still at `version`.
    pub async fn delete_todo(&self, id: Uuid, version: i64) -> Result<(), ApiError> {
        self.delete_at(&format!("/api/v1/todos/{id}"), version)
            .await
    }
}
