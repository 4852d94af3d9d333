//! A tracker's numbers: items by status and by each select field's options.

use crate::auth::Caller;
use crate::error::{ApiResult, OrNotFound};
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use annex_domain::work::stats::{SpaceStats, StatsQuery};
use annex_domain::{Action, Problem, SpaceId};
use annex_store::{work::spaces, work::stats};

/// Counts of a space's live items: total, open, resolved, overdue, unassigned, by status and by
/// select option; `kind=activity` counts a project's activities only (its headline, figure 15).
#[utoipa::path(tag = "spaces", security(("bearer" = [])), params(("id" = Uuid, Path, description = "The space id"), StatsQuery), responses(
    (status = 200, description = "The counts", body = SpaceStats),
    (status = 404, description = "No such space in this organisation", body = Problem, content_type = "application/problem+json"),
))]
#[get("/spaces/{id}/stats")]
pub async fn space_stats(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<SpaceId>,
    query: web::Query<StatsQuery>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, id, kind) = (caller.org(), id.into_inner(), query.into_inner().kind);
    let counts = state
        .read(move |conn| {
            spaces::get(conn, org, id.into()).or_not_found("space")?;
            Ok(stats::of_space(conn, org, id, kind)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(counts))
}
