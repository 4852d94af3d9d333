//! Arranging a project tree: move a node, duplicate a branch, sort one parent's children.

use crate::auth::Caller;
use crate::error::{ApiResult, OrNotFound};
use crate::etag::{IfMatch, etag, ok_with_etag};
use crate::openapi_responses::PreconditionResponses;
use crate::state::AppState;
use actix_web::http::header::ETAG;
use actix_web::{HttpResponse, post, web};
use annex_domain::work::items::Item;
use annex_domain::work::tree::{MoveItem, SortTree};
use annex_domain::{Action, ItemId, Problem, SpaceId};
use annex_store::{work::arrange, work::spaces};

/// Moves a project node, with its branch, under another parent and/or to another place among its siblings.
#[utoipa::path(tag = "items", security(("bearer" = [])), request_body = MoveItem,
    params(("id" = Uuid, Path, description = "The item id"), ("If-Match" = String, Header, description = "The item's ETag")),
    responses(
    (status = 200, description = "Moved", body = Item),
    (status = 403, description = "The role may not arrange projects", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such item in this organisation", body = Problem, content_type = "application/problem+json"),
    PreconditionResponses,
    (status = 422, description = "Not a project node, or the new place breaks the tree (a phase under a node, a node under its own branch, a parent of another space)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/items/{id}/move")]
pub async fn move_item(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
    if_match: IfMatch,
    body: web::Json<MoveItem>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::EditAnyItem)?;
    let expected = if_match.expected()?;
    let (org, actor, id, body) = (
        caller.org(),
        caller.user(),
        id.into_inner(),
        body.into_inner(),
    );
    let item = state
        .write(move |conn| {
            Ok(arrange::move_item(
                conn,
                org,
                actor,
                id.into(),
                expected,
                &body,
            )?)
        })
        .await?;
    Ok(ok_with_etag(item.version).json(item))
}

/// Copies a project node and its whole branch right after it (fields and custom values; not notes,
/// to-dos, documents, discussions or links).
#[utoipa::path(tag = "items", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The item id")),
    responses(
    (status = 201, description = "The copy of the node", body = Item),
    (status = 403, description = "The role may not arrange projects", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such item in this organisation", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Not a project node, or the project is archived", body = Problem, content_type = "application/problem+json"),
))]
#[post("/items/{id}/duplicate")]
pub async fn duplicate_item(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::EditAnyItem)?;
    let (org, actor, id) = (caller.org(), caller.user(), id.into_inner());
    let item = state
        .write(move |conn| Ok(arrange::duplicate(conn, org, actor, id.into())?))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((ETAG, etag(item.version)))
        .json(item))
}

/// Sorts the children of one parent of a project tree (its phases when `parent_id` is absent).
#[utoipa::path(tag = "spaces", security(("bearer" = [])), request_body = SortTree,
    params(("id" = Uuid, Path, description = "The space id")),
    responses(
    (status = 204, description = "Sorted"),
    (status = 403, description = "The role may not arrange projects", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such space in this organisation", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Not a project, or the parent is not one of its nodes", body = Problem, content_type = "application/problem+json"),
))]
#[post("/spaces/{id}/tree/sort")]
pub async fn sort_tree(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<SpaceId>,
    body: web::Json<SortTree>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::EditAnyItem)?;
    let (org, actor, space, body) = (
        caller.org(),
        caller.user(),
        id.into_inner(),
        body.into_inner(),
    );
    state
        .write(move |conn| {
            spaces::get(conn, org, space.into()).or_not_found("space")?;
            Ok(arrange::sort(conn, org, actor, space, &body)?)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
