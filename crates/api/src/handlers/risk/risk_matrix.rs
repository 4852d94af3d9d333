//! The organisation's risk matrix (read by everyone, replaced by owners and admins) and the risk
//! bank of generic threats.

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::etag::{IfMatch, ok_with_etag};
use crate::openapi_responses::PreconditionResponses;
use crate::state::AppState;
use actix_web::{HttpResponse, get, put, web};
use annex_domain::risk::bank::Threat;
use annex_domain::risk::{MatrixSettings, RiskMatrix};
use annex_domain::{Action, Problem};
use annex_store::{risk::bank, risk::matrix};

/// The matrix in force: likelihood and impact scales, scoring, bands and appetite, with its
/// version as ETag (0 while the default 5 × 5 applies).
#[utoipa::path(tag = "risks", security(("bearer" = [])), responses(
    (status = 200, description = "The matrix", body = MatrixSettings),
))]
#[get("/risk-matrix")]
pub async fn get_risk_matrix(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let org = caller.org();
    let settings = state.read(move |conn| Ok(matrix::get(conn, org)?)).await?;
    Ok(ok_with_etag(settings.version).json(settings))
}

/// Replaces the matrix (owners and admins). Readings keep their raw likelihood and impact, so
/// every risk is re-scored and re-banded by the new matrix; a scale may not be shortened below a
/// level that recorded readings use (409).
#[utoipa::path(tag = "risks", security(("bearer" = [])), request_body = RiskMatrix,
    params(("If-Match" = String, Header, description = "The matrix's ETag (\"0\" for the default)")),
    responses(
    (status = 200, description = "Replaced", body = MatrixSettings),
    (status = 403, description = "Only owners and admins change the matrix", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "A scale was shortened below a level recorded readings use", body = Problem, content_type = "application/problem+json"),
    PreconditionResponses,
    (status = 422, description = "Scales, bands or appetite out of bounds", body = Problem, content_type = "application/problem+json"),
))]
#[put("/risk-matrix")]
pub async fn replace_risk_matrix(
    state: web::Data<AppState>,
    caller: Caller,
    if_match: IfMatch,
    body: web::Json<RiskMatrix>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ManageOrganisation)?;
    let expected = if_match.expected()?;
    let (org, actor, matrix) = (caller.org(), caller.user(), body.into_inner());
    let settings = state
        .write(move |conn| Ok(matrix::replace(conn, org, actor, expected, &matrix)?))
        .await?;
    Ok(ok_with_etag(settings.version).json(settings))
}

/// The risk bank: generic threats, each with typical vulnerabilities, consequences, the
/// properties it harms and the ISO/IEC 27001:2022 controls that treat it.
#[utoipa::path(tag = "risks", security(("bearer" = [])), responses(
    (status = 200, description = "The threats", body = Vec<Threat>),
))]
#[get("/risk-bank")]
pub async fn list_risk_bank(caller: Caller) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    Ok(HttpResponse::Ok().json(bank::threats()?))
}
