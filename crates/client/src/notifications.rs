//! The caller's own notifications.

use crate::client::Client;
use crate::error::ApiError;
use annex_domain::events::notifications::{
    MarkedRead, Notification, NotificationFilter, UnreadCount,
};
use annex_domain::{Page, PageParams};
use reqwest::Method;
use uuid::Uuid;

impl Client {
    /// One page of the caller's notifications, newest first (`unread: Some(true)` for unread only).
    pub async fn notifications(
        &self,
        filter: &NotificationFilter,
        page: &PageParams,
    ) -> Result<Page<Notification>, ApiError> {
        self.get_page("/api/v1/notifications", filter, page).await
    }

    /// How many of the caller's notifications are unread.
    pub async fn unread_notifications(&self) -> Result<i64, ApiError> {
        let count: UnreadCount = self.get("/api/v1/notifications/unread-count").await?;
        Ok(count.count)
    }

    /// Marks one of the caller's notifications read.
    pub async fn mark_notification_read(&self, id: Uuid) -> Result<Notification, ApiError> {
        self.send(Method::POST, &format!("/api/v1/notifications/{id}/read"))
            .await
    }

    /// Marks every one of the caller's notifications read; answers how many were unread.
    pub async fn mark_all_notifications_read(&self) -> Result<i64, ApiError> {
        let marked: MarkedRead = self
            .send(Method::POST, "/api/v1/notifications/read-all")
            .await?;
        Ok(marked.marked)
    }
}
