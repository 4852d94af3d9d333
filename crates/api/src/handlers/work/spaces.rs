//! Spaces: list, create, read, change, archive, and replace a space's workflow and custom fields.

use crate::auth::Caller;
use crate::error::{ApiResult, OrNotFound};
use crate::etag::{IfMatch, etag, ok_with_etag};
use crate::openapi_responses::PreconditionResponses;
use crate::state::AppState;
use actix_web::http::header::ETAG;
use actix_web::{HttpResponse, delete, get, patch, post, put, web};
use annex_domain::work::spaces::{CreateSpace, Space, SpaceFilter, SpaceSettings, UpdateSpace};
use annex_domain::work::tree::ProjectTree;
use annex_domain::{Action, Page, PageParams, Problem, SpaceId};
use annex_store::work::spaces;
use validator::Validate;

/// One page of the organisation's projects and trackers, by name (archived ones on request).
#[utoipa::path(tag = "spaces", security(("bearer" = [])), params(SpaceFilter, PageParams), responses(
    (status = 200, description = "A page of spaces", body = Page<Space>),
    (status = 422, description = "Bad limit or cursor", body = Problem, content_type = "application/problem+json"),
))]
#[get("/spaces")]
pub async fn list_spaces(
    state: web::Data<AppState>,
    caller: Caller,
    filter: web::Query<SpaceFilter>,
    page: web::Query<PageParams>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (limit, after, org, filter) = (
        page.limit()?,
        page.after()?,
        caller.org(),
        filter.into_inner(),
    );
    let page = state
        .read(move |conn| Ok(spaces::list(conn, org, &filter, limit, after.as_ref())?))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Creates a blank project or tracker with the default workflow (To-do, In progress, Done).
#[utoipa::path(tag = "spaces", security(("bearer" = [])), request_body = CreateSpace, responses(
    (status = 201, description = "Created", body = Space),
    (status = 403, description = "The role may not create spaces", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "A space has that name", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid body, or the owner is not a member", body = Problem, content_type = "application/problem+json"),
))]
#[post("/spaces")]
pub async fn create_space(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<CreateSpace>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ManageSpaces)?;
    body.validate()?;
    let (org, actor, body) = (caller.org(), caller.user(), body.into_inner());
    let space = state
        .write(move |conn| Ok(spaces::create(conn, org, actor, &body)?))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((ETAG, etag(space.version)))
        .json(space))
}

/// One space with its workflow and custom fields.
#[utoipa::path(tag = "spaces", security(("bearer" = [])), params(("id" = Uuid, Path, description = "The space id")), responses(
    (status = 200, description = "The space", body = Space),
    (status = 404, description = "No such space in this organisation", body = Problem, content_type = "application/problem+json"),
))]
#[get("/spaces/{id}")]
pub async fn get_space(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<SpaceId>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, id) = (caller.org(), id.into_inner());
    let space = state
        .read(move |conn| spaces::get(conn, org, id.into()).or_not_found("space"))
        .await?;
    Ok(ok_with_etag(space.version).json(space))
}

/// Renames, redescribes, re-owns, archives or restores a space.
#[utoipa::path(tag = "spaces", security(("bearer" = [])), request_body = UpdateSpace,
    params(("id" = Uuid, Path, description = "The space id"), ("If-Match" = String, Header, description = "The space's ETag")),
    responses(
    (status = 200, description = "Changed", body = Space),
    (status = 403, description = "The role may not manage spaces", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such space in this organisation", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "A space has that name", body = Problem, content_type = "application/problem+json"),
    PreconditionResponses,
    (status = 422, description = "Invalid body, or the owner is not a member", body = Problem, content_type = "application/problem+json"),
))]
#[patch("/spaces/{id}")]
pub async fn update_space(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<SpaceId>,
    if_match: IfMatch,
    body: web::Json<UpdateSpace>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ManageSpaces)?;
    let expected = if_match.expected()?;
    body.validate()?;
    let (org, actor, id, body) = (
        caller.org(),
        caller.user(),
        id.into_inner(),
        body.into_inner(),
    );
    let space = state
        .write(move |conn| {
            Ok(spaces::update(
                conn,
                org,
                actor,
                id.into(),
                expected,
                &body,
            )?)
        })
        .await?;
    Ok(ok_with_etag(space.version).json(space))
}

/// Deletes a space that holds no items (owners and admins); spaces with items are archived instead.
#[utoipa::path(tag = "spaces", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The space id"), ("If-Match" = String, Header, description = "The space's ETag")),
    responses(
    (status = 204, description = "Deleted"),
    (status = 403, description = "Only owners and admins delete spaces", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such space in this organisation", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The space holds items", body = Problem, content_type = "application/problem+json"),
    PreconditionResponses,
))]
#[delete("/spaces/{id}")]
pub async fn delete_space(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<SpaceId>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    caller.require(Action::DeleteItems)?;
    let expected = if_match.expected()?;
    let (org, actor, id) = (caller.org(), caller.user(), id.into_inner());
    state
        .write(move |conn| {
            spaces::get(conn, org, id.into()).or_not_found("space")?;
            Ok(spaces::delete(conn, org, actor, id.into(), expected)?)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Replaces the space's status workflow and custom fields (matched by id, so renames keep values).
#[utoipa::path(tag = "spaces", security(("bearer" = [])), request_body = SpaceSettings,
    params(("id" = Uuid, Path, description = "The space id"), ("If-Match" = String, Header, description = "The space's ETag")),
    responses(
    (status = 200, description = "Saved", body = Space),
    (status = 403, description = "The role may not manage spaces", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such space in this organisation", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "A status or field id belongs to another space", body = Problem, content_type = "application/problem+json"),
    PreconditionResponses,
    (status = 422, description = "Not a valid workflow or set of fields (e.g. no To-do, duplicate names, a select without options)", body = Problem, content_type = "application/problem+json"),
))]
#[put("/spaces/{id}/settings")]
pub async fn replace_space_settings(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<SpaceId>,
    if_match: IfMatch,
    body: web::Json<SpaceSettings>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ManageSpaces)?;
    let expected = if_match.expected()?;
    let (org, actor, id, body) = (
        caller.org(),
        caller.user(),
        id.into_inner(),
        body.into_inner(),
    );
    let space = state
        .write(move |conn| {
            Ok(spaces::replace_settings(
                conn,
                org,
                actor,
                id.into(),
                expected,
                &body,
            )?)
        })
        .await?;
    Ok(ok_with_etag(space.version).json(space))
}

/// A project as a tree, parents before children, with progress rolled up from activities to the top.
#[utoipa::path(tag = "spaces", security(("bearer" = [])), params(("id" = Uuid, Path, description = "The space id")), responses(
    (status = 200, description = "The tree and the project's overall progress", body = ProjectTree),
    (status = 404, description = "No such space in this organisation", body = Problem, content_type = "application/problem+json"),
))]
#[get("/spaces/{id}/tree")]
pub async fn project_tree(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<SpaceId>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, id) = (caller.org(), id.into_inner());
    let tree = state
        .read(move |conn| {
            spaces::get(conn, org, id.into()).or_not_found("space")?;
            Ok(annex_store::work::items::tree(conn, org, id)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(tree))
}
