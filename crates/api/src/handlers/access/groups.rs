//! Groups of members: list, create, read with members, rename, delete, add and remove members.

use crate::auth::Caller;
use crate::error::{ApiResult, OrNotFound};
use crate::etag::{IfMatch, etag, ok_with_etag};
use crate::openapi_responses::PreconditionResponses;
use crate::state::AppState;
use actix_web::http::header::ETAG;
use actix_web::{HttpResponse, delete, get, patch, post, put, web};
use annex_domain::access::groups::{CreateGroup, Group, GroupDetail, UpdateGroup};
use annex_domain::{Action, Page, PageParams, Problem};
use annex_store::access::groups;
use uuid::Uuid;
use validator::Validate;

/// One page of the organisation's groups, by name.
#[utoipa::path(tag = "groups", security(("bearer" = [])), params(PageParams), responses(
    (status = 200, description = "A page of groups", body = Page<Group>),
    (status = 422, description = "Bad limit or cursor", body = Problem, content_type = "application/problem+json"),
))]
#[get("/groups")]
pub async fn list_groups(
    state: web::Data<AppState>,
    caller: Caller,
    page: web::Query<PageParams>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadMembers)?;
    let (limit, after, org) = (page.limit()?, page.after()?, caller.org());
    let page = state
        .read(move |conn| Ok(groups::list(conn, org, limit, after.as_ref())?))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Creates a group (owners and admins).
#[utoipa::path(tag = "groups", security(("bearer" = [])), request_body = CreateGroup, responses(
    (status = 201, description = "Created", body = Group),
    (status = 403, description = "The role may not manage groups", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "A group has that name", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid body", body = Problem, content_type = "application/problem+json"),
))]
#[post("/groups")]
pub async fn create_group(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<CreateGroup>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ManageGroups)?;
    body.validate()?;
    let (org, actor, body) = (caller.org(), caller.user(), body.into_inner());
    let group = state
        .write(move |conn| Ok(groups::create(conn, org, actor, &body)?))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((ETAG, etag(group.version)))
        .json(group))
}

/// One group with its members.
#[utoipa::path(tag = "groups", security(("bearer" = [])), params(("id" = Uuid, Path, description = "The group id")), responses(
    (status = 200, description = "The group and its members", body = GroupDetail),
    (status = 404, description = "No such group in this organisation", body = Problem, content_type = "application/problem+json"),
))]
#[get("/groups/{id}")]
pub async fn get_group(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadMembers)?;
    let (org, id) = (caller.org(), id.into_inner());
    let detail = state
        .read(move |conn| groups::detail(conn, org, id).or_not_found("group"))
        .await?;
    Ok(ok_with_etag(detail.group.version).json(detail))
}

/// Renames or redescribes a group.
#[utoipa::path(tag = "groups", security(("bearer" = [])), request_body = UpdateGroup,
    params(("id" = Uuid, Path, description = "The group id"), ("If-Match" = String, Header, description = "The group's ETag")),
    responses(
    (status = 200, description = "Changed", body = Group),
    (status = 403, description = "The role may not manage groups", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such group in this organisation", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "A group has that name", body = Problem, content_type = "application/problem+json"),
    PreconditionResponses,
))]
#[patch("/groups/{id}")]
pub async fn update_group(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<UpdateGroup>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ManageGroups)?;
    let expected = if_match.expected()?;
    body.validate()?;
    let (org, actor, id, body) = (
        caller.org(),
        caller.user(),
        id.into_inner(),
        body.into_inner(),
    );
    let group = state
        .write(move |conn| Ok(groups::update(conn, org, actor, id, expected, &body)?))
        .await?;
    Ok(ok_with_etag(group.version).json(group))
}

/// Deletes a group; its people stay members of the organisation.
#[utoipa::path(tag = "groups", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The group id"), ("If-Match" = String, Header, description = "The group's ETag")),
    responses(
    (status = 204, description = "Deleted"),
    (status = 403, description = "The role may not manage groups", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such group in this organisation", body = Problem, content_type = "application/problem+json"),
    PreconditionResponses,
))]
#[delete("/groups/{id}")]
pub async fn delete_group(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ManageGroups)?;
    let expected = if_match.expected()?;
    let (org, actor, id) = (caller.org(), caller.user(), id.into_inner());
    state
        .write(move |conn| Ok(groups::delete(conn, org, actor, id, expected)?))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Adds a member of the organisation to the group.
#[utoipa::path(tag = "groups", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The group id"), ("user_id" = Uuid, Path, description = "The member's user id"), ("If-Match" = String, Header, description = "The group's ETag")),
    responses(
    (status = 200, description = "Added; the group's new version", body = Group),
    (status = 403, description = "The role may not manage groups", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such group or member in this organisation", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Already in the group", body = Problem, content_type = "application/problem+json"),
    PreconditionResponses,
))]
#[put("/groups/{id}/members/{user_id}")]
pub async fn add_group_member(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(Uuid, Uuid)>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ManageGroups)?;
    let expected = if_match.expected()?;
    let ((id, user), org, actor) = (path.into_inner(), caller.org(), caller.user());
    let group = state
        .write(move |conn| {
            Ok(groups::add_member(
                conn,
                org,
                actor,
                id,
                user.into(),
                expected,
            )?)
        })
        .await?;
    Ok(ok_with_etag(group.version).json(group))
}

/// Removes a person from the group.
#[utoipa::path(tag = "groups", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The group id"), ("user_id" = Uuid, Path, description = "The member's user id"), ("If-Match" = String, Header, description = "The group's ETag")),
    responses(
    (status = 200, description = "Removed; the group's new version", body = Group),
    (status = 403, description = "The role may not manage groups", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such group, or the person is not in it", body = Problem, content_type = "application/problem+json"),
    PreconditionResponses,
))]
#[delete("/groups/{id}/members/{user_id}")]
pub async fn remove_group_member(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(Uuid, Uuid)>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ManageGroups)?;
    let expected = if_match.expected()?;
    let ((id, user), org, actor) = (path.into_inner(), caller.org(), caller.user());
    let group = state
        .write(move |conn| {
            Ok(groups::remove_member(
                conn,
                org,
                actor,
                id,
                user.into(),
                expected,
            )?)
        })
        .await?;
    Ok(ok_with_etag(group.version).json(group))
}
