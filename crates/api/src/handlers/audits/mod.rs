//! The audit programme: findings raised on audits (each a corrective action linked to the audit
//! and its controls) and the programme's coverage of the applicable controls.

pub mod management_review;
pub mod questionnaires;

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use annex_domain::audits::{AuditCoverage, Finding, RaiseFinding};
use annex_domain::work::items::Item;
use annex_domain::{Action, Problem};
use annex_store::{StoreError, audits};
use uuid::Uuid;
use validator::Validate;

fn no_audit(e: StoreError) -> ApiError {
    match e {
        StoreError::NotFound => ApiError::not_found("audit"),
        other => other.into(),
    }
}

/// Raises a finding on an audit (an activity of the audit programme): in one step, a corrective
/// action with Source "Internal audit" (or "External audit" for the external audits) and the
/// finding's Severity, linked to the audit and to the controls concerned.
#[utoipa::path(tag = "audits", security(("bearer" = [])), request_body = RaiseFinding,
    params(("id" = Uuid, Path, description = "The audit's item id")),
    responses(
    (status = 201, description = "The corrective action", body = Item),
    (status = 403, description = "The role may not raise findings", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such audit in this organisation", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "A control that is not the SoA's, or a bad title", body = Problem, content_type = "application/problem+json"),
))]
#[post("/audits/{id}/findings")]
pub async fn raise_finding(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<RaiseFinding>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::EditAnyItem)?;
    body.validate()?;
    let (org, actor, id, body) = (
        caller.org(),
        caller.user(),
        id.into_inner(),
        body.into_inner(),
    );
    let item = state
        .write(move |conn| audits::raise_finding(conn, org, actor, id, &body).map_err(no_audit))
        .await?;
    Ok(HttpResponse::Created().json(item))
}

/// The findings of an audit: its linked corrective actions with their kind, status and controls.
#[utoipa::path(tag = "audits", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The audit's item id")),
    responses(
    (status = 200, description = "The findings, by number", body = Vec<Finding>),
    (status = 404, description = "No such audit in this organisation", body = Problem, content_type = "application/problem+json"),
))]
#[get("/audits/{id}/findings")]
pub async fn audit_findings(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, id) = (caller.org(), id.into_inner());
    let findings = state
        .read(move |conn| audits::findings(conn, org, id).map_err(no_audit))
        .await?;
    Ok(HttpResponse::Ok().json(findings))
}

/// Which applicable Annex A controls each part of the audit programme audits, and which none does.
#[utoipa::path(tag = "audits", security(("bearer" = [])), responses(
    (status = 200, description = "The coverage", body = AuditCoverage),
    (status = 404, description = "The organisation has no audit programme", body = Problem, content_type = "application/problem+json"),
))]
#[get("/audit-programme/coverage")]
pub async fn audit_coverage(state: web::Data<AppState>, caller: Caller) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let org = caller.org();
    let coverage = state
        .read(move |conn| {
            audits::coverage(conn, org).map_err(|e| match e {
                StoreError::NotFound => ApiError::not_found("audit programme"),
                other => other.into(),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(coverage))
}
