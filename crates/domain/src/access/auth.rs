//! Signing in: credentials, the token pair a session runs on, and who the caller is.

use crate::role::Role;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// How long an access token lives, in seconds.
pub const ACCESS_TOKEN_SECONDS: i64 = 15 * 60;
/// How long a refresh token lives unused, in seconds (30 days).
pub const REFRESH_TOKEN_SECONDS: i64 = 30 * 24 * 60 * 60;
/// The prefix that tells an API token from a JWT access token.
pub const API_TOKEN_PREFIX: &str = "annex_";

/// Email and password, optionally naming which of the person's organisations to open.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    /// The address the account was created with.
    #[validate(email(message = "must be an email address"))]
    pub email: String,
    /// The account's password.
    #[validate(length(min = 1, message = "must not be empty"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1))]
    pub password: String,
    /// The organisation to sign in to; the person's first one when absent.
    #[serde(default)]
    pub org_id: Option<Uuid>,
}

/// A refresh token, to rotate or to end the session it belongs to.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefreshRequest {
    /// The refresh token of the last token pair.
    #[validate(length(min = 1, message = "must not be empty"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1))]
    pub refresh_token: String,
}

/// The tokens of a session: a short-lived access token and a one-use refresh token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenPair {
    /// Send as `Authorization: Bearer …`.
    pub access_token: String,
    /// Exchange once at `/api/v1/auth/refresh` for a new pair.
    pub refresh_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
}

/// A person's account, as others see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserSummary {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
}

/// One organisation a person belongs to, with their role there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MembershipSummary {
    pub org_id: Uuid,
    pub org_name: String,
    pub role: Role,
    /// False once an admin deactivated the person in that organisation.
    pub active: bool,
    /// An invitation the person has not accepted yet: it gives no access until they do.
    #[serde(default)]
    pub pending: bool,
}

/// The caller: who they are, the organisation this session acts in, their role there, and all their memberships.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub user: UserSummary,
    pub organisation: crate::access::organisation::Organisation,
    pub role: Role,
    pub memberships: Vec<MembershipSummary>,
    /// `session` for a signed-in person, `api_token` for an integration.
    pub via: String,
    /// `read` or `write` for an API token; absent for a session.
    pub scope: Option<crate::access::tokens::TokenScope>,
}

/// Sets a password with the one-time code of an invitation.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcceptInvitation {
    /// The invitation code, from the invitation mail's link or passed on by an admin.
    #[validate(length(min = 1, message = "must not be empty"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1))]
    pub invitation: String,
    /// The new password, at least 10 characters.
    #[validate(length(min = 10, max = 512, message = "must be 10 to 512 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 10, max_length = 512))]
    pub password: String,
}
