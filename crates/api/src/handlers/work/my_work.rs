//! "My work": the caller's open items and to-dos across the organisation.

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use annex_domain::Action;
use annex_domain::work::my_work::MyWork;
use annex_store::work::my_work;

/// Items and to-dos assigned to the caller that are still open, soonest due first, overdue ones marked.
#[utoipa::path(tag = "collaboration", security(("bearer" = [])), responses(
    (status = 200, description = "The caller's open work", body = MyWork),
))]
#[get("/my-work")]
pub async fn get_my_work(state: web::Data<AppState>, caller: Caller) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, user) = (caller.org(), caller.user());
    let today = chrono::Utc::now().date_naive();
    let work = state
        .read(move |conn| Ok(my_work::of(conn, org, user, today)?))
        .await?;
    Ok(HttpResponse::Ok().json(work))
}
