//! An item's to-dos: set, changed, marked done and deleted by those who may work on the item;
//! marked done also by the to-do's own assignee.

use crate::auth::Caller;
use crate::auth::item_access::{readable_item, workable_item};
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::etag::{IfMatch, etag, ok_with_etag};
use crate::openapi_responses::PreconditionResponses;
use crate::state::AppState;
use actix_web::http::header::ETAG;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use annex_domain::work::todos::{CreateTodo, Todo, UpdateTodo};
use annex_domain::{Action, ItemId, Problem};
use annex_store::work::todos;
use uuid::Uuid;
use validator::Validate;

/// The to-dos of an item: open ones first, then done ones, each oldest first.
#[utoipa::path(tag = "collaboration", security(("bearer" = [])), params(("id" = Uuid, Path, description = "The item id")), responses(
    (status = 200, description = "The to-dos", body = Vec<Todo>),
    (status = 404, description = "No such item in this organisation", body = Problem, content_type = "application/problem+json"),
))]
#[get("/items/{id}/todos")]
pub async fn list_todos(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, id) = (caller.org(), id.into_inner());
    let todos = state
        .read(move |conn| {
            readable_item(conn, org, id)?;
            Ok(todos::list(conn, org, id)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(todos))
}

/// Sets a to-do on an item; its assignee is notified unless they set it themself.
#[utoipa::path(tag = "collaboration", security(("bearer" = [])), request_body = CreateTodo, params(("id" = Uuid, Path, description = "The item id")), responses(
    (status = 201, description = "Set; `notified` says how many people were told", body = Todo),
    (status = 403, description = "The role may not change this item", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such item in this organisation", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid body, or the assignee is not a member", body = Problem, content_type = "application/problem+json"),
))]
#[post("/items/{id}/todos")]
pub async fn add_todo(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
    body: web::Json<CreateTodo>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::Write)?;
    body.validate()?;
    let (scope, id, body) = (caller.scope(), id.into_inner(), body.into_inner());
    let todo = state
        .write(move |conn| {
            workable_item(conn, scope, id)?;
            Ok(todos::add(conn, scope.org, scope.actor, id, &body)?)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((ETAG, etag(todo.version)))
        .json(todo))
}

/// Changes a to-do or marks it done or open again. Whoever may change the item may change its
/// to-dos; a to-do's assignee may mark it done or open. Marking done notifies the setter.
#[utoipa::path(tag = "collaboration", security(("bearer" = [])), request_body = UpdateTodo,
    params(("id" = Uuid, Path, description = "The to-do id"), ("If-Match" = String, Header, description = "The to-do's ETag")),
    responses(
    (status = 200, description = "Changed; `notified` says how many people were told", body = Todo),
    (status = 403, description = "Neither allowed to change the item nor the to-do's assignee marking it done", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such to-do in this organisation", body = Problem, content_type = "application/problem+json"),
    PreconditionResponses,
    (status = 422, description = "Invalid body, or the assignee is not a member", body = Problem, content_type = "application/problem+json"),
))]
#[patch("/todos/{id}")]
pub async fn update_todo(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<UpdateTodo>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::Write)?;
    let expected = if_match.expected()?;
    body.validate()?;
    let (scope, id, body) = (caller.scope(), id.into_inner(), body.into_inner());
    let todo = state
        .write(move |conn| {
            let todo = todos::get(conn, scope.org, id).or_not_found("to-do")?;
            match workable_item(conn, scope, todo.item_id.into()) {
                Ok(_) => {}
                Err(ApiError::Forbidden(_))
                    if todo.assignee_id == Some(scope.actor.into()) && body.only_marks_done() => {}
                Err(ApiError::Forbidden(_)) if todo.assignee_id == Some(scope.actor.into()) => {
                    return Err(ApiError::Forbidden(
                        "as the to-do's assignee you may only mark it done or open".into(),
                    ));
                }
                Err(e) => return Err(e),
            }
            Ok(todos::update(
                conn,
                scope.org,
                scope.actor,
                id,
                expected,
                &body,
            )?)
        })
        .await?;
    Ok(ok_with_etag(todo.version).json(todo))
}

/// Deletes a to-do: whoever may change its item.
#[utoipa::path(tag = "collaboration", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The to-do id"), ("If-Match" = String, Header, description = "The to-do's ETag")),
    responses(
    (status = 204, description = "Deleted"),
    (status = 403, description = "The role may not change the item", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such to-do in this organisation", body = Problem, content_type = "application/problem+json"),
    PreconditionResponses,
))]
#[delete("/todos/{id}")]
pub async fn delete_todo(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    caller.require(Action::Write)?;
    let expected = if_match.expected()?;
    let (scope, id) = (caller.scope(), id.into_inner());
    state
        .write(move |conn| {
            let todo = todos::get(conn, scope.org, id).or_not_found("to-do")?;
            workable_item(conn, scope, todo.item_id.into())?;
            Ok(todos::delete(conn, scope.org, scope.actor, id, expected)?)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
