//! The programme dashboard: the figures of the whole ISMS the admin Home screen shows.

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use annex_domain::Action;
use annex_domain::programme::ProgrammeDashboard;
use annex_store::programme;

/// SoA progress, risks by level, corrective actions, policy-pack compliance, KPI ratings and
/// the audit programme, from live records. Parts the organisation does not keep are absent.
#[utoipa::path(tag = "programme", security(("bearer" = [])), responses(
    (status = 200, description = "The figures", body = ProgrammeDashboard),
))]
#[get("/dashboard")]
pub async fn programme_dashboard(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let org = caller.org();
    let today = chrono::Utc::now().date_naive();
    let figures = state
        .read(move |conn| Ok(programme::dashboard(conn, org, today)?))
        .await?;
    Ok(HttpResponse::Ok().json(figures))
}
