//! Mail: the caller's notification settings, and the organisation's mail settings and outbox.

use crate::client::Client;
use crate::error::ApiError;
use annex_domain::events::mail::{
    ChangeMailSettings, ChangeNotificationSettings, MailSettings, NotificationSettings,
    OutboxFilter, OutboxMail, SendTestMail,
};
use annex_domain::{Page, PageParams};
use reqwest::Method;
use uuid::Uuid;

impl Client {
    /// How the caller hears of each kind of notification.
    pub async fn notification_settings(&self) -> Result<NotificationSettings, ApiError> {
        self.get("/api/v1/me/notification-settings").await
    }

    /// Changes how the caller hears of the kinds named.
    pub async fn change_notification_settings(
        &self,
        change: &ChangeNotificationSettings,
    ) -> Result<NotificationSettings, ApiError> {
        self.send_json(Method::PUT, "/api/v1/me/notification-settings", change)
            .await
    }

    /// The organisation's mail settings (owners and admins).
    pub async fn mail_settings(&self) -> Result<MailSettings, ApiError> {
        self.get("/api/v1/mail/settings").await
    }

    /// Sets the hour (UTC) of the daily digests.
    pub async fn change_mail_settings(
        &self,
        change: &ChangeMailSettings,
    ) -> Result<MailSettings, ApiError> {
        self.send_json(Method::PUT, "/api/v1/mail/settings", change)
            .await
    }

    /// One page of the organisation's outbox, newest first.
    pub async fn outbox(
        &self,
        filter: &OutboxFilter,
        page: &PageParams,
    ) -> Result<Page<OutboxMail>, ApiError> {
        self.get_page("/api/v1/mail/outbox", filter, page).await
    }

    /// Queues a failed mail again.
    pub async fn retry_mail(&self, id: Uuid) -> Result<OutboxMail, ApiError> {
        self.send(Method::POST, &format!("/api/v1/mail/outbox/{id}/retry"))
            .await
    }

    /// Queues a test mail (to the caller when `to` is absent).
    pub async fn send_test_mail(&self, request: &SendTestMail) -> Result<OutboxMail, ApiError> {
        self.send_json(Method::POST, "/api/v1/mail/test", request)
            .await
    }
}
