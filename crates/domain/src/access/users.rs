//! Members of an organisation: people, their role there and whether they may still sign in.

use crate::role::Role;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// A person as a member of the caller's organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    /// The person's user id (the same in every organisation they belong to).
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// False once deactivated: they cannot sign in here and their tokens stop working.
    pub active: bool,
    /// True until an invited person has set a password.
    pub invited: bool,
    pub created_at: DateTime<Utc>,
    /// The membership's version, for `If-Match`.
    pub version: i64,
}

/// Adds a person to the organisation: with a password, or as an invitation when none is given.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateMember {
    #[validate(email(message = "must be an email address"))]
    pub email: String,
    /// 1 to 200 characters.
    #[validate(length(min = 1, max = 200, message = "must be 1 to 200 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub display_name: String,
    pub role: Role,
    /// At least 10 characters; leave out to invite the person to set their own.
    #[validate(length(min = 10, max = 512, message = "must be 10 to 512 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 10, max_length = 512))]
    #[serde(default)]
    pub password: Option<String>,
}

/// The answer to adding a member: the member, and the one-time invitation code when no password was set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedMember {
    pub member: Member,
    /// Shown once, and mailed to the person as a link to the accept page: they set their password
    /// with it at `/api/v1/auth/accept-invitation`.
    pub invitation: Option<String>,
}

/// Changes a member's role, name or whether they are active; absent fields stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateMember {
    #[validate(length(min = 1, max = 200, message = "must be 1 to 200 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub role: Option<Role>,
    #[serde(default)]
    pub active: Option<bool>,
}

/// A person's change to their own profile (`PATCH /me`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateProfile {
    /// The name others see, in every organisation; 1 to 200 characters.
    #[validate(length(min = 1, max = 200, message = "must be 1 to 200 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub display_name: String,
}

/// Filters of the member list.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct MemberFilter {
    /// Part of the name or email.
    pub q: Option<String>,
    pub role: Option<Role>,
    pub active: Option<bool>,
}
