//! An item's discussions: threads of posts, started and answered by those who may work on the item.

use crate::auth::Caller;
use crate::auth::item_access::{readable_item, workable_item};
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::etag::{IfMatch, ok_with_etag};
use crate::openapi_responses::PreconditionResponses;
use crate::state::AppState;
use actix_web::{HttpResponse, get, patch, post, web};
use annex_domain::work::discussions::{
    Discussion, DiscussionThread, Post, StartDiscussion, WritePost,
};
use annex_domain::{Action, ItemId, Problem, rights};
use annex_store::work::discussions;
use uuid::Uuid;
use validator::Validate;

/// The discussions of an item, most recently active first.
#[utoipa::path(tag = "collaboration", security(("bearer" = [])), params(("id" = Uuid, Path, description = "The item id")), responses(
    (status = 200, description = "The discussions, without their posts", body = Vec<Discussion>),
    (status = 404, description = "No such item in this organisation", body = Problem, content_type = "application/problem+json"),
))]
#[get("/items/{id}/discussions")]
pub async fn list_discussions(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, id) = (caller.org(), id.into_inner());
    let found = state
        .read(move |conn| {
            readable_item(conn, org, id)?;
            Ok(discussions::list(conn, org, id)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(found))
}

/// Starts a discussion on an item with its first post.
#[utoipa::path(tag = "collaboration", security(("bearer" = [])), request_body = StartDiscussion, params(("id" = Uuid, Path, description = "The item id")), responses(
    (status = 201, description = "Started", body = DiscussionThread),
    (status = 403, description = "The role may not change this item", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such item in this organisation", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid title or body", body = Problem, content_type = "application/problem+json"),
))]
#[post("/items/{id}/discussions")]
pub async fn start_discussion(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
    body: web::Json<StartDiscussion>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::Write)?;
    body.validate()?;
    let (scope, id, body) = (caller.scope(), id.into_inner(), body.into_inner());
    let thread = state
        .write(move |conn| {
            workable_item(conn, scope, id)?;
            Ok(discussions::start(conn, scope.org, scope.actor, id, &body)?)
        })
        .await?;
    Ok(HttpResponse::Created().json(thread))
}

/// A discussion with its posts, oldest first.
#[utoipa::path(tag = "collaboration", security(("bearer" = [])), params(("id" = Uuid, Path, description = "The discussion id")), responses(
    (status = 200, description = "The thread", body = DiscussionThread),
    (status = 404, description = "No such discussion in this organisation", body = Problem, content_type = "application/problem+json"),
))]
#[get("/discussions/{id}")]
pub async fn get_discussion(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, id) = (caller.org(), id.into_inner());
    let thread = state
        .read(move |conn| discussions::thread(conn, org, id).or_not_found("discussion"))
        .await?;
    Ok(HttpResponse::Ok().json(thread))
}

/// Replies in a discussion; the thread's starter and earlier posters are notified (never the replier).
#[utoipa::path(tag = "collaboration", security(("bearer" = [])), request_body = WritePost, params(("id" = Uuid, Path, description = "The discussion id")), responses(
    (status = 201, description = "Posted; `notified` says how many people were told", body = Post),
    (status = 403, description = "The role may not change the discussion's item", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such discussion in this organisation", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid body", body = Problem, content_type = "application/problem+json"),
))]
#[post("/discussions/{id}/posts")]
pub async fn reply(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<WritePost>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::Write)?;
    body.validate()?;
    let (scope, id, body) = (caller.scope(), id.into_inner(), body.into_inner().body);
    let post = state
        .write(move |conn| {
            let item = discussions::item_of(conn, scope.org, id).or_not_found("discussion")?;
            workable_item(conn, scope, item.into())?;
            Ok(discussions::reply(conn, scope.org, scope.actor, id, &body)?)
        })
        .await?;
    Ok(HttpResponse::Created().json(post))
}

/// Rewrites a post; only its author may.
#[utoipa::path(tag = "collaboration", security(("bearer" = [])), request_body = WritePost,
    params(("id" = Uuid, Path, description = "The post id"), ("If-Match" = String, Header, description = "The post's ETag")),
    responses(
    (status = 200, description = "Rewritten", body = Post),
    (status = 403, description = "Not the post's author", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such post in this organisation", body = Problem, content_type = "application/problem+json"),
    PreconditionResponses,
    (status = 422, description = "Invalid body", body = Problem, content_type = "application/problem+json"),
))]
#[patch("/posts/{id}")]
pub async fn edit_post(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<WritePost>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::Write)?;
    let expected = if_match.expected()?;
    body.validate()?;
    let (org, actor, id, body) = (
        caller.org(),
        caller.user(),
        id.into_inner(),
        body.into_inner().body,
    );
    let post = state
        .write(move |conn| {
            let post = discussions::post(conn, org, id).or_not_found("post")?;
            if !rights::may_edit_authored(actor.into(), post.author_id) {
                return Err(ApiError::Forbidden(
                    "only the author can rewrite a post".into(),
                ));
            }
            Ok(discussions::edit_post(
                conn, org, actor, id, expected, &body,
            )?)
        })
        .await?;
    Ok(ok_with_etag(post.version).json(post))
}
