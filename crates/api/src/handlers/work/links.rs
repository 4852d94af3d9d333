//! Linked work: list an item's links, link it to any item of the organisation, unlink, and the
//! picker's search across every space.

use crate::auth::Caller;
use crate::auth::item_access::{readable_item, workable_item};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use actix_web::{HttpResponse, delete, get, post, web};
use annex_domain::work::links::{CreateLink, ItemSearch, ItemSummary, LinkedItem};
use annex_domain::{Action, ItemId, Problem};
use annex_store::work::links;
use uuid::Uuid;

/// Everything linked to an item, with the other item's space, number, title, status and assignee.
#[utoipa::path(tag = "items", security(("bearer" = [])), params(("id" = Uuid, Path, description = "The item id")), responses(
    (status = 200, description = "The linked items", body = Vec<LinkedItem>),
    (status = 404, description = "No such item in this organisation", body = Problem, content_type = "application/problem+json"),
))]
#[get("/items/{id}/links")]
pub async fn list_links(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, id) = (caller.org(), id.into_inner());
    let linked = state
        .read(move |conn| {
            readable_item(conn, org, id)?;
            Ok(links::list(conn, org, id)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(linked))
}

/// Links the item to another item of the organisation, whatever its space; recorded on both.
#[utoipa::path(tag = "items", security(("bearer" = [])), request_body = CreateLink,
    params(("id" = Uuid, Path, description = "The item id")),
    responses(
    (status = 201, description = "Linked; the other item as this one shows it", body = LinkedItem),
    (status = 422, description = "An item cannot be linked to itself", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "The role may not link this item", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Either item is not in this organisation", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Already linked", body = Problem, content_type = "application/problem+json"),
))]
#[post("/items/{id}/links")]
pub async fn create_link(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
    body: web::Json<CreateLink>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::Write)?;
    let (from, to) = (id.into_inner(), body.item_id);
    if from == to {
        return Err(ApiError::Rule("an item cannot be linked to itself".into()));
    }
    let scope = caller.scope();
    let linked = state
        .write(move |conn| {
            workable_item(conn, scope, from)?;
            links::create(conn, scope.org, scope.actor, from.into(), to).map_err(|e| match e {
                annex_store::StoreError::NotFound => ApiError::not_found("item"),
                other => other.into(),
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(linked))
}

/// Removes the link between two items; recorded on both.
#[utoipa::path(tag = "items", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The item id"), ("other_id" = Uuid, Path, description = "The linked item's id")),
    responses(
    (status = 204, description = "Unlinked"),
    (status = 403, description = "The role may not unlink this item", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such link in this organisation", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/items/{id}/links/{other_id}")]
pub async fn delete_link(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::Write)?;
    let (from, to) = path.into_inner();
    let scope = caller.scope();
    state
        .write(move |conn| {
            workable_item(conn, scope, from.into())?;
            links::delete(conn, scope.org, scope.actor, from, to).map_err(|e| match e {
                annex_store::StoreError::NotFound => ApiError::not_found("link"),
                other => other.into(),
            })
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Finds items to link across the whole organisation by title, space name or number.
#[utoipa::path(tag = "items", security(("bearer" = [])), params(ItemSearch), responses(
    (status = 200, description = "Matching live items, by space and number", body = Vec<ItemSummary>),
    (status = 422, description = "Bad limit or empty query", body = Problem, content_type = "application/problem+json"),
))]
#[get("/items/search")]
pub async fn search_items(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ItemSearch>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let ItemSearch { q, limit } = query.into_inner();
    let limit = limit.unwrap_or(20);
    if !(1..=50).contains(&limit) {
        return Err(ApiError::Validation(
            [("limit".to_owned(), vec!["must be 1 to 50".to_owned()])].into(),
        ));
    }
    if q.trim().is_empty() {
        return Err(ApiError::Validation(
            [("q".to_owned(), vec!["must not be empty".to_owned()])].into(),
        ));
    }
    let org = caller.org();
    let found = state
        .read(move |conn| Ok(links::search(conn, org, &q, limit)?))
        .await?;
    Ok(HttpResponse::Ok().json(found))
}
