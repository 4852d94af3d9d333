//! The caller's organisation: read it, rename it.

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::etag::{IfMatch, ok_with_etag};
use crate::openapi_responses::PreconditionResponses;
use crate::state::AppState;
use actix_web::{HttpResponse, get, patch, web};
use annex_domain::Action;
use annex_domain::Problem;
use annex_domain::access::organisation::{Organisation, UpdateOrganisation};
use annex_store::access::organisations;
use validator::Validate;

/// The organisation the caller acts in.
#[utoipa::path(tag = "organisation", security(("bearer" = [])), responses(
    (status = 200, description = "The organisation", body = Organisation),
))]
#[get("/organisation")]
pub async fn get_organisation(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadOrganisation)?;
    let org = caller.org();
    let organisation = state
        .read(move |conn| Ok(organisations::get(conn, org)?))
        .await?;
    Ok(ok_with_etag(organisation.version).json(organisation))
}

/// Renames the organisation (owners and admins).
#[utoipa::path(tag = "organisation", security(("bearer" = [])), request_body = UpdateOrganisation,
    params(("If-Match" = String, Header, description = "The organisation's ETag")),
    responses(
    (status = 200, description = "Renamed", body = Organisation),
    (status = 403, description = "The role may not change the organisation", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Another organisation has that name", body = Problem, content_type = "application/problem+json"),
    PreconditionResponses,
    (status = 422, description = "Invalid body", body = Problem, content_type = "application/problem+json"),
))]
#[patch("/organisation")]
pub async fn update_organisation(
    state: web::Data<AppState>,
    caller: Caller,
    if_match: IfMatch,
    body: web::Json<UpdateOrganisation>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ManageOrganisation)?;
    let expected = if_match.expected()?;
    body.validate()?;
    let (org, actor, name) = (caller.org(), caller.user(), body.into_inner().name);
    let organisation = state
        .write(move |conn| {
            Ok(organisations::rename(
                conn,
                org,
                actor,
                expected,
                name.trim(),
            )?)
        })
        .await?;
    Ok(ok_with_etag(organisation.version).json(organisation))
}
