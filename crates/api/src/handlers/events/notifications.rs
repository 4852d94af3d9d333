//! The caller's own notifications: listed, counted and marked read. Nobody sees anyone else's.

use crate::auth::Caller;
use crate::error::{ApiResult, OrNotFound};
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use annex_domain::events::notifications::{
    MarkedRead, Notification, NotificationFilter, UnreadCount,
};
use annex_domain::{Action, Page, PageParams, Problem};
use annex_store::events::notifications;
use uuid::Uuid;

/// One page of the caller's notifications, newest first.
#[utoipa::path(tag = "collaboration", security(("bearer" = [])), params(NotificationFilter, PageParams), responses(
    (status = 200, description = "A page of notifications", body = Page<Notification>),
    (status = 422, description = "Bad limit or cursor", body = Problem, content_type = "application/problem+json"),
))]
#[get("/notifications")]
pub async fn list_notifications(
    state: web::Data<AppState>,
    caller: Caller,
    filter: web::Query<NotificationFilter>,
    page: web::Query<PageParams>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (limit, after) = (page.limit()?, page.after()?);
    let (org, user, unread) = (caller.org(), caller.user(), filter.unread == Some(true));
    let page = state
        .read(move |conn| {
            Ok(notifications::list(
                conn,
                org,
                user,
                unread,
                limit,
                after.as_ref(),
            )?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// How many of the caller's notifications are unread.
#[utoipa::path(tag = "collaboration", security(("bearer" = [])), responses(
    (status = 200, description = "The unread count", body = UnreadCount),
))]
#[get("/notifications/unread-count")]
pub async fn unread_count(state: web::Data<AppState>, caller: Caller) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, user) = (caller.org(), caller.user());
    let count = state
        .read(move |conn| Ok(notifications::unread_count(conn, org, user)?))
        .await?;
    Ok(HttpResponse::Ok().json(UnreadCount { count }))
}

/// Marks one of the caller's notifications read.
#[utoipa::path(tag = "collaboration", security(("bearer" = [])), params(("id" = Uuid, Path, description = "The notification id")), responses(
    (status = 200, description = "Marked read", body = Notification),
    (status = 404, description = "No such notification of the caller's", body = Problem, content_type = "application/problem+json"),
))]
#[post("/notifications/{id}/read")]
pub async fn mark_read(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, user, id) = (caller.org(), caller.user(), id.into_inner());
    let notification = state
        .write(move |conn| {
            notifications::mark_read(conn, org, user, id).or_not_found("notification")
        })
        .await?;
    Ok(HttpResponse::Ok().json(notification))
}

/// Marks every one of the caller's notifications read.
#[utoipa::path(tag = "collaboration", security(("bearer" = [])), responses(
    (status = 200, description = "How many were marked", body = MarkedRead),
))]
#[post("/notifications/read-all")]
pub async fn mark_all_read(state: web::Data<AppState>, caller: Caller) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, user) = (caller.org(), caller.user());
    let marked = state
        .write(move |conn| Ok(notifications::mark_all_read(conn, org, user)?))
        .await?;
    Ok(HttpResponse::Ok().json(MarkedRead { marked }))
}
