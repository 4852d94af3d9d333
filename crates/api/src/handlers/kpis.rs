//! Key performance indicators: the KPI list, a KPI's definition and readings, and measuring
//! computed KPIs now.

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::etag::{IfMatch, ok_with_etag};
use crate::openapi_responses::PreconditionResponses;
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, put, web};
use annex_domain::access::scope::Scope;
use annex_domain::kpis::{
    DefineKpi, KpiDefinition, KpiFilter, KpiList, KpiReading, RecordKpiReading, ThresholdError,
};
use annex_domain::{Action, ItemId, Problem, Rights};
use annex_store::{DbConnection, StoreError, kpis};
use std::collections::BTreeMap;
use uuid::Uuid;
use validator::Validate;

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

fn no_tracker(e: StoreError) -> ApiError {
    match e {
        StoreError::NotFound => ApiError::not_found("KPI tracker"),
        other => other.into(),
    }
}

fn no_kpi(e: StoreError) -> ApiError {
    match e {
        StoreError::NotFound => ApiError::not_found("KPI"),
        other => other.into(),
    }
}

/// Thresholds that do not fit the kind and direction, as a validation problem naming the
/// threshold, so forms can mark it.
fn threshold_problem(e: ThresholdError) -> ApiError {
    ApiError::Validation(BTreeMap::from([(e.field().to_owned(), vec![e.message()])]))
}

/// Editors and up record any KPI's readings; contributors those of the KPIs they own.
fn may_record(conn: &mut DbConnection, scope: Scope, id: Uuid) -> ApiResult<()> {
    let kpi = kpis::require_kpi(conn, scope.org, id.into()).map_err(no_kpi)?;
    if Rights::on(scope.role, scope.actor.into(), kpi.assignee_id) {
        Ok(())
    } else {
        Err(ApiError::Forbidden(
            "contributors record readings only of the KPIs they own".into(),
        ))
    }
}

/// Every live KPI with its definition, latest reading, status (`red`, `amber`, `green`,
/// `exceptional`, or `none` for measure-only KPIs and those without a reading), when the next
/// reading is due and whether it is overdue; `status` and `overdue` narrow it.
#[utoipa::path(tag = "kpis", security(("bearer" = [])), params(KpiFilter), responses(
    (status = 200, description = "The KPIs, by number", body = KpiList),
    (status = 404, description = "The organisation has no KPI tracker", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Bad limit or cursor", body = Problem, content_type = "application/problem+json"),
))]
#[get("/kpis")]
pub async fn list_kpis(
    state: web::Data<AppState>,
    caller: Caller,
    filter: web::Query<KpiFilter>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, filter) = (caller.org(), filter.into_inner());
    let list = state
        .read(move |conn| kpis::list(conn, org, &filter, today()).map_err(no_tracker))
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// The KPI's definition with its version as ETag; version 0 (and the measure-only monthly
/// default) until someone defines it.
#[utoipa::path(tag = "kpis", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The KPI's item id")),
    responses(
    (status = 200, description = "The definition", body = KpiDefinition),
    (status = 404, description = "No such KPI in this organisation", body = Problem, content_type = "application/problem+json"),
))]
#[get("/kpis/{id}/definition")]
pub async fn get_kpi_definition(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, id) = (caller.org(), id.into_inner());
    let def = state
        .read(move |conn| kpis::definition(conn, org, id, today()).map_err(no_kpi))
        .await?;
    Ok(ok_with_etag(def.version).json(def))
}

/// Defines or redefines a KPI (editors and up): unit, kind, direction, thresholds, frequency and
/// source. Thresholds must fit the kind and run the way the KPI improves (422 naming the field).
/// Readings keep their raw values, so every one is rated again by the new definition.
#[utoipa::path(tag = "kpis", security(("bearer" = [])), request_body = DefineKpi,
    params(
        ("id" = Uuid, Path, description = "The KPI's item id"),
        ("If-Match" = String, Header, description = "The definition's ETag (\"0\" to define it the first time)"),
    ),
    responses(
    (status = 200, description = "Defined", body = KpiDefinition),
    (status = 403, description = "Only editors, admins and owners define KPIs", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such KPI in this organisation", body = Problem, content_type = "application/problem+json"),
    PreconditionResponses,
    (status = 422, description = "A threshold missing, not used by the kind, or out of order", body = Problem, content_type = "application/problem+json"),
))]
#[put("/kpis/{id}/definition")]
pub async fn define_kpi(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
    if_match: IfMatch,
    body: web::Json<DefineKpi>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::EditAnyItem)?;
    let expected = if_match.expected()?;
    body.validate()?;
    body.check().map_err(threshold_problem)?;
    let (org, actor, id, body) = (
        caller.org(),
        caller.user(),
        id.into_inner(),
        body.into_inner(),
    );
    let def = state
        .write(move |conn| {
            kpis::define(conn, org, actor, id, expected, &body, today()).map_err(no_kpi)
        })
        .await?;
    Ok(ok_with_etag(def.version).json(def))
}

/// Every reading of a KPI, oldest period first, each with its status by the definition in force.
#[utoipa::path(tag = "kpis", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The KPI's item id")),
    responses(
    (status = 200, description = "The readings", body = Vec<KpiReading>),
    (status = 404, description = "No such KPI in this organisation", body = Problem, content_type = "application/problem+json"),
))]
#[get("/kpis/{id}/readings")]
pub async fn list_kpi_readings(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, id) = (caller.org(), id.into_inner());
    let readings = state
        .read(move |conn| kpis::readings(conn, org, id, today()).map_err(no_kpi))
        .await?;
    Ok(HttpResponse::Ok().json(readings))
}

/// Records a hand-entered KPI's value for a period (the current one unless `period` names a day
/// of an earlier one). One reading per period: another is 409 unless `replace` is true. Computed
/// KPIs take no hand-entered values (409: measure them instead). Contributors record readings of
/// the KPIs they own.
#[utoipa::path(tag = "kpis", security(("bearer" = [])), request_body = RecordKpiReading,
    params(("id" = Uuid, Path, description = "The KPI's item id")),
    responses(
    (status = 201, description = "Recorded", body = KpiReading),
    (status = 403, description = "The role may not record this KPI's readings", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such KPI in this organisation", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The period has its reading (send replace), or the KPI is computed", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "A period not started yet, or a note too long", body = Problem, content_type = "application/problem+json"),
))]
#[post("/kpis/{id}/readings")]
pub async fn record_kpi_reading(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
    body: web::Json<RecordKpiReading>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::Write)?;
    body.validate()?;
    let scope = caller.scope();
    let (id, body) = (id.into_inner(), body.into_inner());
    let reading = state
        .write(move |conn| {
            may_record(conn, scope, id.into())?;
            kpis::record_reading(conn, scope.org, scope.actor, id, &body, today()).map_err(no_kpi)
        })
        .await?;
    Ok(HttpResponse::Created().json(reading))
}

/// Measures a computed KPI now and records the value for the current period (replacing an
/// earlier measurement of the period). Who may record its readings may measure it.
#[utoipa::path(tag = "kpis", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The KPI's item id")),
    responses(
    (status = 201, description = "Measured and recorded", body = KpiReading),
    (status = 403, description = "The role may not record this KPI's readings", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such KPI in this organisation", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The KPI is entered by hand", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "The source has nothing to measure, or is not available yet", body = Problem, content_type = "application/problem+json"),
))]
#[post("/kpis/{id}/compute")]
pub async fn compute_kpi(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::Write)?;
    let scope = caller.scope();
    let id = id.into_inner();
    let reading = state
        .write(move |conn| {
            may_record(conn, scope, id.into())?;
            kpis::compute(conn, scope.org, Some(scope.actor), id, today()).map_err(no_kpi)
        })
        .await?;
    Ok(HttpResponse::Created().json(reading))
}
