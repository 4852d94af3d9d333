//! The framework catalogue: frameworks, their requirement trees, the mapping between editions,
//! the crosswalks between frameworks, and each framework as an OSCAL catalog and profile.

pub mod compliance;
pub mod soa;

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
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

/// When the built-in catalogue last changed: the catalog and profile exports' `last-modified`,
/// so that exporting twice gives the same document.
const CATALOGUE_DATE: &str = "2026-12-01T00:00:00Z";

fn catalogue_date() -> ApiResult<chrono::DateTime<chrono::Utc>> {
    Ok(chrono::DateTime::parse_from_rfc3339(CATALOGUE_DATE)
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .to_utc())
}

/// An OSCAL document as a download named `file_name`: the names the documents import each other
/// by, so the downloads resolve when saved side by side.
pub(crate) fn oscal_download(document: &serde_json::Value, file_name: String) -> HttpResponse {
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![DispositionParam::Filename(file_name)],
    };
    HttpResponse::Ok().insert_header(disposition).json(document)
}

/// The framework as an OSCAL 1.1.2 `catalog`: groups for clauses and themes, controls with their
/// ISO/IEC 27002 attributes as props, our guidance and the evidence auditors ask for as parts.
/// Downloaded as `<id>-catalog.json`, the name the framework's profile imports it by.
#[utoipa::path(tag = "frameworks", security(("bearer" = [])),
    params(("id" = String, Path, description = "The framework id, e.g. iso27001-2022")),
    responses(
    (status = 200, description = "The OSCAL catalog", body = Object, content_type = "application/json",
        headers(("Content-Disposition" = String, description = "attachment; filename=\"<id>-catalog.json\", e.g. iso27001-2022-catalog.json: the name the profile imports it by"))),
    (status = 404, description = "No such framework", body = Problem, content_type = "application/problem+json"),
))]
#[get("/frameworks/{id}/oscal")]
pub async fn framework_oscal(caller: Caller, id: web::Path<String>) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let framework = framework(&id)?;
    Ok(oscal_download(
        &oscal::catalog(framework, catalogue_date()?),
        oscal::catalog_file_name(&framework.id),
    ))
}

/// The framework's baseline as an OSCAL 1.1.2 `profile`: every control of its catalog
/// (`include-all`), in the catalog's groups (`merge: as-is`). The SoA's system security plan
/// imports it; what an organisation excludes is stated, with its justification, in the plan.
///
/// The API wants a bearer token, which OSCAL tools (compliance-trestle, oscal-cli) do not send,
/// so the documents link by file name: the plan imports `<id>-profile.json`, the profile imports
/// `<id>-catalog.json`, and each download is named so by its `Content-Disposition`. Saved side by
/// side, the three resolve (with trestle, run from that folder: it resolves relative hrefs
/// against the working directory).
#[utoipa::path(tag = "frameworks", security(("bearer" = [])),
    params(("id" = String, Path, description = "The framework id, e.g. iso27001-2022")),
    responses(
    (status = 200, description = "The OSCAL profile", body = Object, content_type = "application/json",
        headers(("Content-Disposition" = String, description = "attachment; filename=\"<id>-profile.json\", e.g. iso27001-2022-profile.json: the name the system security plan imports it by"))),
    (status = 404, description = "No such framework", body = Problem, content_type = "application/problem+json"),
))]
#[get("/frameworks/{id}/oscal/profile")]
pub async fn framework_oscal_profile(
    caller: Caller,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let framework = framework(&id)?;
    Ok(oscal_download(
        &oscal::profile(framework, catalogue_date()?),
        oscal::profile_file_name(&framework.id),
    ))
}
