//! An item's discussions and their posts.

use crate::client::Client;
use crate::error::ApiError;
use annex_domain::work::discussions::{
    Discussion, DiscussionThread, Post, StartDiscussion, WritePost,
};
use reqwest::Method;
use uuid::Uuid;

/// The path of one item, followed by `rest`.
fn item_path(item: Uuid, rest: &str) -> String {
    format!("/api/v1/items/{item}{rest}")
}

impl Client {
    /// The discussions of an item, most recently active first.
    pub async fn list_discussions(&self, item: Uuid) -> Result<Vec<Discussion>, ApiError> {
        self.get(&item_path(item, "/discussions")).await
    }

    /// Starts a discussion on an item with its first post.
    pub async fn start_discussion(
        &self,
        item: Uuid,
        req: &StartDiscussion,
    ) -> Result<DiscussionThread, ApiError> {
        self.send_json(Method::POST, &item_path(item, "/discussions"), req)
            .await
    }

    /// A discussion with its posts, oldest first.
    pub async fn get_discussion(&self, id: Uuid) -> Result<DiscussionThread, ApiError> {
        self.get(&format!("/api/v1/discussions/{id}")).await
    }

    /// Replies in a discussion (its other participants are notified).
    pub async fn reply(&self, discussion: Uuid, body: &str) -> Result<Post, ApiError> {
        self.send_json(
            Method::POST,
            &format!("/api/v1/discussions/{discussion}/posts"),
            &WritePost { body: body.into() },
        )
        .await
    }

    /// Rewrites one's own post, provided it is still at `version`.
    pub async fn edit_post(&self, id: Uuid, version: i64, body: &str) -> Result<Post, ApiError> {
        self.send_json_at(
            Method::PATCH,
            &format!("/api/v1/posts/{id}"),
            version,
            &WritePost { body: body.into() },
        )
        .await
    }
}
