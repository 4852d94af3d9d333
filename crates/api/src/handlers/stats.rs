//! A tracker's numbers: items by status and by each select field's options.

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use annex_domain::work::stats::SpaceStats;
use annex_domain::{Action, Problem};
use annex_store::{spaces, stats};
use uuid::Uuid;

/// Counts of a space's live items: total, open, resolved, overdue, by status and by select option.
#[utoipa::path(tag = "spaces", security(("bearer" = [])), params(("id" = Uuid, Path, description = "The space id")), responses(
    (status = 200, description = "The counts", body = SpaceStats),
    (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such space in this organisation", body = Problem, content_type = "application/problem+json"),
))]
#[get("/spaces/{id}/stats")]
pub async fn space_stats(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, id) = (caller.org(), id.into_inner());
    let counts = state
        .read(move |conn| {
            spaces::get(conn, org, id).map_err(|_| ApiError::not_found("space"))?;
            Ok(stats::of_space(conn, org, id)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(counts))
}
