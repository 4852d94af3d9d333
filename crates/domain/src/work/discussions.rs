//! Discussions: threads of posts on an item, where people talk a piece of work through.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// A discussion thread on an item, without its posts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Discussion {
    pub id: Uuid,
    pub item_id: Uuid,
    pub title: String,
    /// Who started the thread.
    pub started_by: Option<Uuid>,
    pub started_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
    /// When the latest post was written.
    pub last_post_at: DateTime<Utc>,
    /// How many posts the thread holds, the first one included.
    pub posts: i64,
}

/// One post of a discussion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Post {
    pub id: Uuid,
    pub discussion_id: Uuid,
    pub author_id: Option<Uuid>,
    pub author_name: Option<String>,
    /// Markdown.
    pub body: String,
    pub created_at: DateTime<Utc>,
    /// When its author last rewrote it; absent if never.
    pub edited_at: Option<DateTime<Utc>>,
    /// How many people the post notified (the thread's other participants).
    pub notified: i64,
    pub version: i64,
}

/// A discussion with its posts, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiscussionThread {
    pub discussion: Discussion,
    pub posts: Vec<Post>,
}

/// Starts a discussion on an item with its first post.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StartDiscussion {
    /// 1 to 300 characters.
    #[validate(length(min = 1, max = 300, message = "must be 1 to 300 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 300))]
    pub title: String,
    /// The first post: 1 to 20000 characters of markdown.
    #[validate(length(min = 1, max = 20000, message = "must be 1 to 20000 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 20000))]
    pub body: String,
}

/// Writes a post: a reply, or its author's rewrite.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WritePost {
    /// 1 to 20000 characters of markdown.
    #[validate(length(min = 1, max = 20000, message = "must be 1 to 20000 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 20000))]
    pub body: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_bodies_are_bounded() {
        let start = |title: &str, body: &str| StartDiscussion {
            title: title.into(),
            body: body.into(),
        };
        assert!(
            start("Scope of the ISMS", "Which sites?")
                .validate()
                .is_ok()
        );
        assert!(start("", "Which sites?").validate().is_err());
        assert!(start("Scope", "").validate().is_err());
        assert!(start("Scope", &"x".repeat(20001)).validate().is_err());
        assert!(
            WritePost {
                body: "x".repeat(20000)
            }
            .validate()
            .is_ok()
        );
    }
}
