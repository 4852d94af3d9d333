//! Who the caller is: their account, the organisation the session acts in, their role and memberships.

use crate::auth::{Caller, Via};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use annex_domain::OrgId;
use annex_domain::Problem;
use annex_domain::access::auth::Me;
use annex_domain::access::users::UpdateProfile;
use annex_store::{StoreError, access::members, access::organisations};
use validator::Validate;

/// The caller, their organisation and role, and every organisation they belong to (invitations
/// not yet accepted too, marked `pending`).
#[utoipa::path(tag = "auth", security(("bearer" = [])), responses(
    (status = 200, description = "The caller", body = Me),
))]
#[get("/me")]
pub async fn me(state: web::Data<AppState>, caller: Caller) -> ApiResult<HttpResponse> {
    let (org, user) = (caller.org(), caller.user());
    let (organisation, memberships) = state
        .read(move |conn| {
            Ok((
                organisations::get(conn, org)?,
                members::memberships_of(conn, user)?,
            ))
        })
        .await?;
    let (via, scope) = match caller.via {
        Via::Session { .. } => ("session", None),
        Via::ApiToken { scope } => ("api_token", Some(scope)),
    };
    Ok(HttpResponse::Ok().json(Me {
        user: caller.access.user.clone(),
        organisation,
        role: caller.role(),
        memberships,
        via: via.into(),
        scope,
    }))
}

/// Changes the caller's own name, as every organisation they belong to sees it.
#[utoipa::path(tag = "auth", security(("bearer" = [])), request_body = UpdateProfile, responses(
    (status = 204, description = "Renamed"),
    (status = 422, description = "Invalid body", body = Problem, content_type = "application/problem+json"),
))]
#[patch("/me")]
pub async fn update_me(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<UpdateProfile>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    let (user, name) = (caller.user(), body.into_inner().display_name);
    state
        .write(move |conn| Ok(members::rename_self(conn, user, &name)?))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

fn no_invitation(e: StoreError) -> ApiError {
    match e {
        StoreError::NotFound => {
            ApiError::NotFound("you have no pending invitation from that organisation".into())
        }
        other => other.into(),
    }
}

/// Accepts the caller's pending invitation to another organisation: from now they can sign in to it.
#[utoipa::path(tag = "auth", security(("bearer" = [])), params(("org_id" = Uuid, Path, description = "The inviting organisation")), responses(
    (status = 204, description = "Accepted"),
    (status = 404, description = "No pending invitation from that organisation", body = Problem, content_type = "application/problem+json"),
))]
#[post("/me/invitations/{org_id}/accept")]
pub async fn accept_my_invitation(
    state: web::Data<AppState>,
    caller: Caller,
    org_id: web::Path<OrgId>,
) -> ApiResult<HttpResponse> {
    let (user, org) = (caller.user(), org_id.into_inner());
    state
        .write(move |conn| members::accept_pending(conn, user, org).map_err(no_invitation))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Declines the caller's pending invitation to another organisation.
#[utoipa::path(tag = "auth", security(("bearer" = [])), params(("org_id" = Uuid, Path, description = "The inviting organisation")), responses(
    (status = 204, description = "Declined"),
    (status = 404, description = "No pending invitation from that organisation", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/me/invitations/{org_id}")]
pub async fn decline_my_invitation(
    state: web::Data<AppState>,
    caller: Caller,
    org_id: web::Path<OrgId>,
) -> ApiResult<HttpResponse> {
    let (user, org) = (caller.user(), org_id.into_inner());
    state
        .write(move |conn| members::decline_pending(conn, user, org).map_err(no_invitation))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
