//! The audit trail: every recorded change in the organisation, newest first.

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use annex_domain::events::{Event, EventFilter};
use annex_domain::{Action, Page, PageParams, Problem};
use annex_store::events;

/// One page of the organisation's events (owners, admins and auditors).
#[utoipa::path(tag = "audit", security(("bearer" = [])), params(EventFilter, PageParams), responses(
    (status = 200, description = "A page of events, newest first", body = Page<Event>),
    (status = 403, description = "The role may not read the audit trail", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Bad limit or cursor", body = Problem, content_type = "application/problem+json"),
))]
#[get("/audit-trail")]
pub async fn audit_trail(
    state: web::Data<AppState>,
    caller: Caller,
    filter: web::Query<EventFilter>,
    page: web::Query<PageParams>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadAuditTrail)?;
    let (limit, after) = (page.limit()?, page.after()?);
    let org = caller.org();
    let filter = filter.into_inner();
    let page = state
        .read(move |conn| Ok(events::list(conn, org, &filter, limit, after.as_ref())?))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
