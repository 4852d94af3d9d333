//! The framework catalogue: frameworks, their requirement trees, the mapping between editions,
//! the crosswalks between frameworks, and each framework as an OSCAL catalog.

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use actix_web::{HttpResponse, get, web};
use annex_domain::frameworks::catalogue::{FrameworkSummary, Requirement};
use annex_domain::frameworks::crosswalk::{Crosswalk, CrosswalkFilter};
use annex_domain::frameworks::mapping::Mapping;
use annex_domain::frameworks::oscal;
use annex_domain::{Action, Problem};
use annex_store::{StoreError, frameworks};

fn framework(id: &str) -> ApiResult<&'static annex_domain::frameworks::Framework> {
    frameworks::find(id).map_err(|e| match e {
        StoreError::NotFound => ApiError::not_found("framework"),
        other => other.into(),
    })
}

/// Every framework of the catalogue, with how many controls and requirements it has.
#[utoipa::path(tag = "frameworks", security(("bearer" = [])), responses(
    (status = 200, description = "The frameworks", body = Vec<FrameworkSummary>),
    (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
))]
#[get("/frameworks")]
pub async fn list_frameworks(caller: Caller) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let summaries: Vec<FrameworkSummary> = frameworks::all()?.iter().map(|f| f.summary()).collect();
    Ok(HttpResponse::Ok().json(summaries))
}

/// A framework's requirements as a tree: sections (clauses, themes, chapters), requirements,
/// 2013 objectives and Annex A controls with their attributes and our guidance.
#[utoipa::path(tag = "frameworks", security(("bearer" = [])),
    params(("id" = String, Path, description = "The framework id, e.g. iso27001-2022")),
    responses(
    (status = 200, description = "The tree", body = Vec<Requirement>),
    (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such framework", body = Problem, content_type = "application/problem+json"),
))]
#[get("/frameworks/{id}/requirements")]
pub async fn framework_requirements(
    caller: Caller,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    Ok(HttpResponse::Ok().json(&framework(&id)?.requirements))
}

/// The correspondences between editions: ISO/IEC 27001:2013 Annex A → 2022 Annex A. A 2022
/// control absent from every `to` is new in 2022.
#[utoipa::path(tag = "frameworks", security(("bearer" = [])), responses(
    (status = 200, description = "The mappings", body = Vec<Mapping>),
    (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
))]
#[get("/frameworks/mappings")]
pub async fn framework_mappings(caller: Caller) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    Ok(HttpResponse::Ok().json(frameworks::mappings()?))
}

/// The crosswalks between frameworks: which requirement or control of one asks for the same as
/// which of another, so work done for one counts for the other. Each pair reads both ways;
/// `framework` keeps the crosswalks with that framework on either side.
#[utoipa::path(tag = "frameworks", security(("bearer" = [])), params(CrosswalkFilter), responses(
    (status = 200, description = "The crosswalks", body = Vec<Crosswalk>),
    (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such framework", body = Problem, content_type = "application/problem+json"),
))]
#[get("/frameworks/crosswalks")]
pub async fn framework_crosswalks(
    caller: Caller,
    filter: web::Query<CrosswalkFilter>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let all = frameworks::crosswalks()?;
    let kept: Vec<&Crosswalk> = match &filter.framework {
        None => all.iter().collect(),
        Some(id) => {
            let id = &framework(id)?.id;
            all.iter().filter(|c| c.involves(id)).collect()
        }
    };
    Ok(HttpResponse::Ok().json(kept))
}

/// When the built-in catalogue last changed: the catalog export's `last-modified`, so that
/// exporting twice gives the same document.
const CATALOGUE_DATE: &str = "2026-12-01T00:00:00Z";

/// The framework as an OSCAL 1.1.2 `catalog`: groups for clauses and themes, controls with their
/// ISO/IEC 27002 attributes as props, our guidance and the evidence auditors ask for as parts.
#[utoipa::path(tag = "frameworks", security(("bearer" = [])),
    params(("id" = String, Path, description = "The framework id, e.g. iso27001-2022")),
    responses(
    (status = 200, description = "The OSCAL catalog", body = Object, content_type = "application/json"),
    (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such framework", body = Problem, content_type = "application/problem+json"),
))]
#[get("/frameworks/{id}/oscal")]
pub async fn framework_oscal(caller: Caller, id: web::Path<String>) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let date = chrono::DateTime::parse_from_rfc3339(CATALOGUE_DATE)
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .to_utc();
    Ok(HttpResponse::Ok().json(oscal::catalog(framework(&id)?, date)))
}
