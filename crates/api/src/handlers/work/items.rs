//! Items of a space: list with filters, create, read, change (contributors: their own), archive, delete.

use crate::auth::Caller;
use crate::auth::item_access::readable_item;
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::etag::{IfMatch, etag, ok_with_etag};
use crate::openapi_responses::PreconditionResponses;
use crate::state::AppState;
use actix_web::http::header::ETAG;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use annex_domain::work::items::{CreateItem, Item, ItemFilter, UpdateItem};
use annex_domain::{Action, ItemId, Page, PageParams, Problem, Rights, SpaceId};
use annex_store::{StoreError, work::items, work::spaces};
use validator::Validate;

/// One page of a space's items, filtered and sorted (by number unless `sort` says otherwise).
#[utoipa::path(tag = "items", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The space id"), ItemFilter, PageParams),
    responses(
    (status = 200, description = "A page of items", body = Page<Item>),
    (status = 404, description = "No such space in this organisation", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Bad limit, cursor, sort or custom-field filter", body = Problem, content_type = "application/problem+json"),
))]
#[get("/spaces/{id}/items")]
pub async fn list_items(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<SpaceId>,
    filter: web::Query<ItemFilter>,
    page: web::Query<PageParams>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (limit, after, org, space, filter) = (
        page.limit()?,
        page.after()?,
        caller.org(),
        id.into_inner(),
        filter.into_inner(),
    );
    let page = state
        .read(move |conn| {
            items::list(conn, org, space, &filter, limit, after.as_ref()).map_err(|e| match e {
                StoreError::NotFound => ApiError::not_found("space"),
                other => other.into(),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Creates an item in a space, numbered next; custom-field values are checked against the space's fields.
#[utoipa::path(tag = "items", security(("bearer" = [])), request_body = CreateItem,
    params(("id" = Uuid, Path, description = "The space id")),
    responses(
    (status = 201, description = "Created", body = Item),
    (status = 403, description = "The role may not create items", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such space in this organisation", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid body, field value, status, assignee or place in the tree", body = Problem, content_type = "application/problem+json"),
))]
#[post("/spaces/{id}/items")]
pub async fn create_item(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<SpaceId>,
    body: web::Json<CreateItem>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::EditAnyItem)?;
    body.validate()?;
    let (org, actor, space, body) = (
        caller.org(),
        caller.user(),
        id.into_inner(),
        body.into_inner(),
    );
    let item = state
        .write(move |conn| {
            spaces::get(conn, org, space.into()).or_not_found("space")?;
            Ok(items::create(conn, org, actor, space, &body)?)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((ETAG, etag(item.version)))
        .json(item))
}

/// One item with its custom-field values.
#[utoipa::path(tag = "items", security(("bearer" = [])), params(("id" = Uuid, Path, description = "The item id")), responses(
    (status = 200, description = "The item", body = Item),
    (status = 404, description = "No such item in this organisation", body = Problem, content_type = "application/problem+json"),
))]
#[get("/items/{id}")]
pub async fn get_item(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, id) = (caller.org(), id.into_inner());
    let item = state.read(move |conn| readable_item(conn, org, id)).await?;
    Ok(ok_with_etag(item.version).json(item))
}

/// Changes an item; contributors may change only items assigned to them, and not hand them on.
#[utoipa::path(tag = "items", security(("bearer" = [])), request_body = UpdateItem,
    params(("id" = Uuid, Path, description = "The item id"), ("If-Match" = String, Header, description = "The item's ETag")),
    responses(
    (status = 200, description = "Changed", body = Item),
    (status = 403, description = "The role may not change this item", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such item in this organisation", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Archiving an SoA control (exclude it instead)", body = Problem, content_type = "application/problem+json"),
    PreconditionResponses,
    (status = 422, description = "Invalid body, field value, status or assignee", body = Problem, content_type = "application/problem+json"),
))]
#[patch("/items/{id}")]
pub async fn update_item(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
    if_match: IfMatch,
    body: web::Json<UpdateItem>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::Write)?;
    let expected = if_match.expected()?;
    body.validate()?;
    let (org, actor, role, id, body) = (
        caller.org(),
        caller.user(),
        caller.role(),
        id.into_inner(),
        body.into_inner(),
    );
    let item = state
        .write(move |conn| {
            let current = readable_item(conn, org, id)?;
            if !Rights::on(role, actor.into(), current.assignee_id) {
                return Err(ApiError::Forbidden(
                    "contributors change only the items assigned to them".into(),
                ));
            }
            if body
                .assignee_id
                .is_some_and(|to| !Rights::may_hand_to(role, actor.into(), to))
            {
                return Err(ApiError::Forbidden(
                    "contributors cannot reassign items".into(),
                ));
            }
            Ok(items::update(conn, org, actor, id.into(), expected, &body)?)
        })
        .await?;
    Ok(ok_with_etag(item.version).json(item))
}

/// Deletes an item for good (owners and admins; others archive). Recorded in the audit trail.
#[utoipa::path(tag = "items", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The item id"), ("If-Match" = String, Header, description = "The item's ETag")),
    responses(
    (status = 204, description = "Deleted"),
    (status = 403, description = "Only owners and admins delete items", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such item in this organisation", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Items sit under it, or it is an SoA control", body = Problem, content_type = "application/problem+json"),
    PreconditionResponses,
))]
#[delete("/items/{id}")]
pub async fn delete_item(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    caller.require(Action::DeleteItems)?;
    let expected = if_match.expected()?;
    let (org, actor, id) = (caller.org(), caller.user(), id.into_inner());
    state
        .write(move |conn| Ok(items::delete(conn, org, actor, id.into(), expected)?))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
