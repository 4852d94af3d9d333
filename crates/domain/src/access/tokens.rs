//! API tokens: long-lived credentials for integrations, scoped to reading or writing.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// What an API token may do, on top of its owner's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum TokenScope {
    /// Only `GET` requests.
    Read,
    /// Everything the owner's role allows.
    Write,
}

impl TokenScope {
    /// The stored name of the scope.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenScope::Read => "read",
            TokenScope::Write => "write",
        }
    }

    /// Reads a stored scope; anything unknown is treated as the narrower `read`.
    pub fn from_stored(s: &str) -> TokenScope {
        if s == "write" {
            TokenScope::Write
        } else {
            TokenScope::Read
        }
    }
}

/// An API token as listed: never its secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiToken {
    pub id: Uuid,
    pub name: String,
    pub scope: TokenScope,
    /// The first characters of the secret, to tell tokens apart.
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub version: i64,
}

/// Creates an API token for the caller.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateApiToken {
    /// What the token is for, e.g. "SIEM export"; 1 to 120 characters.
    #[validate(length(min = 1, max = 120, message = "must be 1 to 120 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 120))]
    pub name: String,
    pub scope: TokenScope,
    /// Days until it expires (1 to 3650); never when absent.
    #[validate(range(min = 1, max = 3650, message = "must be 1 to 3650 days"))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 3650))]
    #[serde(default)]
    pub expires_in_days: Option<i64>,
}

/// A new API token with its secret, which is shown this once and never again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedApiToken {
    pub token: ApiToken,
    /// Send as `Authorization: Bearer …`.
    pub secret: String,
}
