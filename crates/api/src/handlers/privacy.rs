//! GDPR statutory deadlines: data subject requests to answer within a month (Art. 12(3)) and
//! personal data breaches to notify within 72 hours (Art. 33), for the whole organisation and
//! for one item.

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use annex_domain::privacy::{DeadlineQuery, ItemDeadline, PrivacyDeadlines};
use annex_domain::{Action, ItemId, Problem};
use annex_store::{StoreError, privacy};
use std::collections::BTreeMap;

/// Every data subject request and personal data breach of the organisation's live registers with
/// its statutory deadline and where it stands (UTC), most urgent first, with counts by state.
#[utoipa::path(tag = "privacy", security(("bearer" = [])), params(DeadlineQuery), responses(
    (status = 200, description = "The deadlines", body = PrivacyDeadlines),
    (status = 422, description = "An unknown `state`", body = Problem, content_type = "application/problem+json"),
))]
#[get("/privacy/deadlines")]
pub async fn privacy_deadlines(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<DeadlineQuery>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let only = query.state().map_err(|e| {
        ApiError::Validation(BTreeMap::from([("state".to_owned(), vec![e.to_string()])]))
    })?;
    let (org, now) = (caller.org(), chrono::Utc::now());
    let deadlines = state
        .read(move |conn| Ok(privacy::deadlines(conn, org, now, only)?))
        .await?;
    Ok(HttpResponse::Ok().json(deadlines))
}

/// The statutory deadline of one data subject request or personal data breach, as its page's
/// banner shows it.
#[utoipa::path(tag = "privacy", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The item id")),
    responses(
    (status = 200, description = "The item's deadline", body = ItemDeadline),
    (status = 404, description = "No such item in a data subject request or breach register of this organisation", body = Problem, content_type = "application/problem+json"),
))]
#[get("/items/{id}/deadline")]
pub async fn item_deadline(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, id, now) = (caller.org(), id.into_inner(), chrono::Utc::now());
    let deadline = state
        .read(move |conn| {
            privacy::item_deadline(conn, org, id, now).map_err(|e| match e {
                StoreError::NotFound => ApiError::not_found("data subject request or breach"),
                other => other.into(),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(deadline))
}
