//! The risk register: risks with their readings, the risk map, and adding risks from the bank.

use crate::auth::Caller;
use crate::auth::item_access::readable_item;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use annex_domain::risk::bia::BiaSummary;
use annex_domain::risk::register::{
    AddFromBank, MapQuery, Reading, RecordReading, RiskFilter, RiskMap, RiskRegister,
};
use annex_domain::work::items::Item;
use annex_domain::{Action, ItemId, Problem, Rights};
use annex_store::{StoreError, risk::risks};
use validator::Validate;

fn no_register(e: StoreError) -> ApiError {
    match e {
        StoreError::NotFound => ApiError::not_found("risk register"),
        other => other.into(),
    }
}

fn no_risk(e: StoreError) -> ApiError {
    match e {
        StoreError::NotFound => ApiError::not_found("risk"),
        other => other.into(),
    }
}

/// The register: every live risk with its latest original, current and target readings (scored
/// by the matrix in force), review due date and linked controls; `above_appetite` and
/// `overdue_review` narrow it.
#[utoipa::path(tag = "risks", security(("bearer" = [])), params(RiskFilter), responses(
    (status = 200, description = "The register", body = RiskRegister),
    (status = 404, description = "The organisation has no risk register", body = Problem, content_type = "application/problem+json"),
))]
#[get("/risks")]
pub async fn risk_register(
    state: web::Data<AppState>,
    caller: Caller,
    filter: web::Query<RiskFilter>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, filter) = (caller.org(), filter.into_inner());
    let register = state
        .read(move |conn| risks::register(conn, org, &filter).map_err(no_register))
        .await?;
    Ok(HttpResponse::Ok().json(register))
}

/// The risk map: every cell of the matrix with the count and ids of the risks whose latest
/// reading of the kind asked for (`original`, `current` by default, `target`) falls in it.
#[utoipa::path(tag = "risks", security(("bearer" = [])), params(MapQuery), responses(
    (status = 200, description = "The map", body = RiskMap),
))]
#[get("/risks/map")]
pub async fn risk_map(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<MapQuery>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, kind) = (caller.org(), query.into_inner().reading);
    let map = state
        .read(move |conn| Ok(risks::map(conn, org, kind)?))
        .await?;
    Ok(HttpResponse::Ok().json(map))
}

/// Every reading of a risk, newest first.
#[utoipa::path(tag = "risks", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The risk's item id")),
    responses(
    (status = 200, description = "The readings", body = Vec<Reading>),
    (status = 404, description = "No such risk in this organisation", body = Problem, content_type = "application/problem+json"),
))]
#[get("/risks/{id}/readings")]
pub async fn risk_readings(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, id) = (caller.org(), id.into_inner());
    let readings = state
        .read(move |conn| risks::readings(conn, org, id).map_err(no_risk))
        .await?;
    Ok(HttpResponse::Ok().json(readings))
}

/// Records a reading: the original first (permanent; a second is 409), then current readings
/// (history kept) and the target. Impact as one value or as C/I/A scores (their worst counts).
/// Contributors record readings of risks they own.
#[utoipa::path(tag = "risks", security(("bearer" = [])), request_body = RecordReading,
    params(("id" = Uuid, Path, description = "The risk's item id")),
    responses(
    (status = 201, description = "Recorded", body = Reading),
    (status = 403, description = "The role may not assess this risk", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such risk in this organisation", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The original reading exists already", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Off the matrix's scales, impact given twice or not at all, or no original yet", body = Problem, content_type = "application/problem+json"),
))]
#[post("/risks/{id}/readings")]
pub async fn record_reading(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
    body: web::Json<RecordReading>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::Write)?;
    body.validate()?;
    let (org, actor, role, id, body) = (
        caller.org(),
        caller.user(),
        caller.role(),
        id.into_inner(),
        body.into_inner(),
    );
    let reading = state
        .write(move |conn| {
            let risk = readable_item(conn, org, id)?;
            if !Rights::on(role, actor.into(), risk.assignee_id) {
                return Err(ApiError::Forbidden(
                    "contributors assess only the risks they own".into(),
                ));
            }
            risks::record_reading(conn, org, actor, id, &body).map_err(no_risk)
        })
        .await?;
    Ok(HttpResponse::Created().json(reading))
}

/// Adds a threat of the risk bank to the register as a risk, linked to the suggested controls
/// the user confirmed. 409 when the register already holds it.
#[utoipa::path(tag = "risks", security(("bearer" = [])), request_body = AddFromBank, responses(
    (status = 201, description = "The new risk", body = Item),
    (status = 403, description = "The role may not add risks", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "The organisation has no risk register", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The threat is in the register already", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Unknown threat, or a control not suggested for it", body = Problem, content_type = "application/problem+json"),
))]
#[post("/risks/from-bank")]
pub async fn add_risk_from_bank(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<AddFromBank>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::EditAnyItem)?;
    let (org, actor, body) = (caller.org(), caller.user(), body.into_inner());
    let item = state
        .write(move |conn| risks::add_from_bank(conn, org, actor, &body).map_err(no_register))
        .await?;
    Ok(HttpResponse::Created().json(item))
}

/// The business impact assessments linked to a risk: per business service, the worst impact on
/// confidentiality, integrity and availability, RTO and RPO, and the impact that suggests for a
/// new reading on the organisation's matrix.
#[utoipa::path(tag = "risks", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The risk's item id")),
    responses(
    (status = 200, description = "The linked BIA records, summarised", body = Vec<BiaSummary>),
    (status = 404, description = "No such risk in this organisation", body = Problem, content_type = "application/problem+json"),
))]
#[get("/risks/{id}/bia")]
pub async fn risk_bia(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, id) = (caller.org(), id.into_inner());
    let summaries = state
        .read(move |conn| risks::bia_of(conn, org, id.into()).map_err(no_risk))
        .await?;
    Ok(HttpResponse::Ok().json(summaries))
}

/// The business impact assessments linked to any item, summarised as for a risk: a business
/// continuity plan shows the RTO and RPO of the service it recovers from its BIA record.
#[utoipa::path(tag = "risks", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The item's id")),
    responses(
    (status = 200, description = "The linked BIA records, summarised", body = Vec<BiaSummary>),
    (status = 404, description = "No such item in this organisation", body = Problem, content_type = "application/problem+json"),
))]
#[get("/items/{id}/bia")]
pub async fn item_bia(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, id) = (caller.org(), id.into_inner());
    let summaries = state
        .read(move |conn| {
            risks::linked_bia(conn, org, id).map_err(|e| match e {
                StoreError::NotFound => ApiError::not_found("item"),
                other => other.into(),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(summaries))
}
