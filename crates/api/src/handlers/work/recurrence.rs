//! Recurring items: how an item repeats (read, set, cleared by whoever may change the item), and a
//! space's recurring items for its settings. Completing a recurring item creates the next one.

use crate::auth::Caller;
use crate::auth::item_access::{readable_item, workable_item};
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::state::AppState;
use actix_web::{HttpResponse, delete, get, put, web};
use annex_domain::work::recurrence::{RecurringItem, SetRecurrence};
use annex_domain::{Action, ItemId, Problem, SpaceId};
use annex_store::work::{recurrence, spaces};

/// How the item repeats; 404 when it does not.
#[utoipa::path(tag = "items", security(("bearer" = [])), params(("id" = Uuid, Path, description = "The item id")), responses(
    (status = 200, description = "The rule, in words, and the next due date", body = RecurringItem),
    (status = 404, description = "No such item in this organisation, or it does not repeat", body = Problem, content_type = "application/problem+json"),
))]
#[get("/items/{id}/recurrence")]
pub async fn get_recurrence(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, id) = (caller.org(), id.into_inner());
    let rule = state
        .read(move |conn| {
            let item = readable_item(conn, org, id)?;
            let rule = recurrence::get(conn, org, id)?
                .ok_or_else(|| ApiError::NotFound("the item does not repeat".into()))?;
            Ok(RecurringItem {
                item_id: item.id,
                label: item.label,
                rule,
                description: rule.describe(),
                due: item.due,
                next_due: item.due.map(|d| rule.next_due(d)),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(rule))
}

/// Makes the item repeat, or changes its rule: every N days, weeks, months or years, or on a
/// weekday of the month. Completing it creates the next one.
#[utoipa::path(tag = "items", security(("bearer" = [])), request_body = SetRecurrence,
    params(("id" = Uuid, Path, description = "The item id")), responses(
    (status = 200, description = "The rule as set", body = RecurringItem),
    (status = 403, description = "The role may not change this item", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such item in this organisation", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid rule, or the item is archived", body = Problem, content_type = "application/problem+json"),
))]
#[put("/items/{id}/recurrence")]
pub async fn set_recurrence(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
    body: web::Json<SetRecurrence>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::Write)?;
    let (scope, id, rule) = (caller.scope(), id.into_inner(), body.into_inner().rule);
    let set = state
        .write(move |conn| {
            workable_item(conn, scope, id)?;
            Ok(recurrence::set(conn, scope.org, scope.actor, id, rule)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(set))
}

/// Stops the item repeating.
#[utoipa::path(tag = "items", security(("bearer" = [])), params(("id" = Uuid, Path, description = "The item id")), responses(
    (status = 204, description = "It no longer repeats"),
    (status = 403, description = "The role may not change this item", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such item in this organisation, or it does not repeat", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/items/{id}/recurrence")]
pub async fn clear_recurrence(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::Write)?;
    let (scope, id) = (caller.scope(), id.into_inner());
    state
        .write(move |conn| {
            workable_item(conn, scope, id)?;
            recurrence::clear(conn, scope.org, scope.actor, id).or_not_found("recurrence")
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The space's recurring items, by number, with each rule in words and the next due date.
#[utoipa::path(tag = "spaces", security(("bearer" = [])), params(("id" = Uuid, Path, description = "The space id")), responses(
    (status = 200, description = "The recurring items", body = Vec<RecurringItem>),
    (status = 404, description = "No such space in this organisation", body = Problem, content_type = "application/problem+json"),
))]
#[get("/spaces/{id}/recurring")]
pub async fn recurring_items(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<SpaceId>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, id) = (caller.org(), id.into_inner());
    let list = state
        .read(move |conn| {
            spaces::get(conn, org, id.into()).or_not_found("space")?;
            Ok(recurrence::in_space(conn, org, id)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}
