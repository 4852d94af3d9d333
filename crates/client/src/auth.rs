//! Signing in and out, rotating tokens, accepting invitations, and asking who the caller is.

use crate::client::Client;
use crate::error::ApiError;
use annex_domain::access::auth::{AcceptInvitation, LoginRequest, Me, RefreshRequest, TokenPair};
use annex_domain::access::users::UpdateProfile;
use reqwest::Method;
use uuid::Uuid;

impl Client {
    /// Exchanges email and password for a session's token pair; sends no bearer token.
    pub async fn login(&self, req: &LoginRequest) -> Result<TokenPair, ApiError> {
        self.anonymous_call(Method::POST, "/api/v1/auth/login")
            .json(req)
            .fetch()
            .await
    }

    /// Exchanges a refresh token (once) for a new pair; sends no bearer token, which may have expired.
    pub async fn refresh(&self, refresh_token: &str) -> Result<TokenPair, ApiError> {
        self.anonymous_call(Method::POST, "/api/v1/auth/refresh")
            .json(&refresh_request(refresh_token))
            .fetch()
            .await
    }

    /// Ends the session the refresh token belongs to; sends the bearer token too, when set.
    pub async fn logout(&self, refresh_token: &str) -> Result<(), ApiError> {
        self.send_json_for_nothing(
            Method::POST,
            "/api/v1/auth/logout",
            &refresh_request(refresh_token),
        )
        .await
    }

    /// Sets an invited person's password with their invitation code; sends no bearer token.
    pub async fn accept_invitation(&self, req: &AcceptInvitation) -> Result<(), ApiError> {
        self.anonymous_call(Method::POST, "/api/v1/auth/accept-invitation")
            .json(req)
            .fetch_nothing()
            .await
    }

    /// Changes the caller's own name, as every organisation they belong to sees it.
    pub async fn update_profile(&self, display_name: &str) -> Result<(), ApiError> {
        self.send_json_for_nothing(
            Method::PATCH,
            "/api/v1/me",
            &UpdateProfile {
                display_name: display_name.into(),
            },
        )
        .await
    }

    /// Accepts the caller's pending invitation to organisation `org`.
    pub async fn accept_invitation_to(&self, org: Uuid) -> Result<(), ApiError> {
        self.send_for_nothing(
            Method::POST,
            &format!("/api/v1/me/invitations/{org}/accept"),
        )
        .await
    }

    /// Declines the caller's pending invitation to organisation `org`.
    pub async fn decline_invitation(&self, org: Uuid) -> Result<(), ApiError> {
        self.send_for_nothing(Method::DELETE, &format!("/api/v1/me/invitations/{org}"))
            .await
    }

    /// Who the token belongs to, in which organisation, with which role: what a UI shows and hides by.
    pub async fn me(&self) -> Result<Me, ApiError> {
        self.get("/api/v1/me").await
    }
}

/// The body of refresh and logout.
fn refresh_request(refresh_token: &str) -> RefreshRequest {
    RefreshRequest {
        refresh_token: refresh_token.to_owned(),
    }
}
