//! How the caller hears of each kind of notification beyond the app: at once by mail, in the daily
//! digest, or not at all. Every mail Annex sends links here to unsubscribe.

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::state::AppState;
use actix_web::{HttpResponse, get, put, web};
use annex_domain::events::mail::{ChangeNotificationSettings, NotificationSettings};
use annex_domain::{Action, Problem};
use annex_store::events::notification_settings;

/// How the caller hears of each kind of notification, every kind listed with its default.
#[utoipa::path(tag = "collaboration", security(("bearer" = [])), responses(
    (status = 200, description = "The caller's settings", body = NotificationSettings),
))]
#[get("/me/notification-settings")]
pub async fn get_notification_settings(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, user) = (caller.org(), caller.user());
    let settings = state
        .read(move |conn| Ok(notification_settings::get(conn, org, user)?))
        .await?;
    Ok(HttpResponse::Ok().json(settings))
}

/// Changes how the caller hears of the kinds named; the others keep their setting.
#[utoipa::path(tag = "collaboration", security(("bearer" = [])), request_body = ChangeNotificationSettings, responses(
    (status = 200, description = "The caller's settings after the change", body = NotificationSettings),
    (status = 422, description = "Invalid body (an unknown kind or delivery)", body = Problem, content_type = "application/problem+json"),
))]
#[put("/me/notification-settings")]
pub async fn change_notification_settings(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<ChangeNotificationSettings>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, user, body) = (caller.org(), caller.user(), body.into_inner());
    let settings = state
        .write(move |conn| {
            Ok(notification_settings::change(
                conn,
                org,
                user,
                &body.settings,
            )?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(settings))
}
