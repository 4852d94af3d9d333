//! The unified compliance view: every register the organisation keeps read together, so a
//! requirement shows its own evidence and the evidence of the requirements of other frameworks
//! that correspond to it (through the crosswalks, or a link between the two).

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use annex_domain::frameworks::compliance::{ComplianceFilter, ComplianceView};
use annex_domain::{Action, Problem};
use annex_store::{StoreError, frameworks::compliance};

/// One framework's requirements (or controls) with their status, own evidence, corresponding
/// requirements of the other frameworks the organisation keeps registers on and their evidence,
/// and where each row's evidence comes from (`own`, `shared`, `none`, `excluded`); plus each
/// register's figures and the number of records that count for two frameworks or more. The
/// framework defaults to the first register in catalogue order (ISO 27001 first). A fixed number
/// of queries whatever the registers' size.
#[utoipa::path(tag = "soa", security(("bearer" = [])), params(ComplianceFilter), responses(
    (status = 200, description = "The unified compliance view", body = ComplianceView),
    (status = 404, description = "The organisation keeps no register on that framework", body = Problem, content_type = "application/problem+json"),
    (status = 400, description = "A coverage that is not own, shared, none or excluded", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "A framework no register can be kept on", body = Problem, content_type = "application/problem+json"),
))]
#[get("/compliance")]
pub async fn compliance_view(
    state: web::Data<AppState>,
    caller: Caller,
    filter: web::Query<ComplianceFilter>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, filter) = (caller.org(), filter.into_inner());
    let view = state
        .read(move |conn| {
            compliance::view(conn, org, &filter).map_err(|e| match e {
                StoreError::NotFound => ApiError::not_found("compliance register"),
                other => other.into(),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}
