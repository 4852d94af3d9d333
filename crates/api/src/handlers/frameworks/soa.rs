//! The Statement of Applicability: every control with its SoA data and counts, gap views,
//! coverage, changes one by one (If-Match) or in bulk, exports (CSV, XLSX, OSCAL), adopting a
//! framework and migrating between editions.

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::etag::{IfMatch, ok_with_etag};
use crate::openapi_responses::PreconditionResponses;
use crate::soa_workbook;
use crate::spreadsheet;
use crate::state::AppState;
use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, get, patch, post, web};
use annex_domain::frameworks::oscal::{self, SspInput};
use annex_domain::frameworks::soa::{
    AdoptFramework, BulkUpdateSoa, BulkUpdated, FrameworkQuery, MigrateSoa, MigrationReport, Soa,
    SoaCoverage, SoaEntry, SoaExportParams, SoaFilter, UpdateSoaEntry,
};
use annex_domain::frameworks::soa_sheet;
use annex_domain::work::exchange::ExchangeFormat;
use annex_domain::{Action, ItemId, Problem, Rights};
use annex_store::{StoreError, access::organisations, frameworks::soa};
use validator::Validate;

fn no_soa(e: StoreError) -> ApiError {
    match e {
        StoreError::NotFound => ApiError::not_found("Statement of Applicability"),
        other => other.into(),
    }
}

fn no_control(e: StoreError) -> ApiError {
    match e {
        StoreError::NotFound => ApiError::not_found("SoA control"),
        other => other.into(),
    }
}

/// Every control of the SoA (by default on the organisation's current ISO 27001 edition) with
/// applicability, reasons, justification, status, owner, progress, review date, text and the
/// counts of linked policies, documents, risks and open corrective actions; filters and gap views
/// combine. One query for the entries whatever the filter.
#[utoipa::path(tag = "soa", security(("bearer" = [])), params(SoaFilter), responses(
    (status = 200, description = "The SoA", body = Soa),
    (status = 404, description = "The organisation keeps no SoA on that framework", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Unknown framework or theme", body = Problem, content_type = "application/problem+json"),
))]
#[get("/soa")]
pub async fn get_soa(
    state: web::Data<AppState>,
    caller: Caller,
    filter: web::Query<SoaFilter>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, filter) = (caller.org(), filter.into_inner());
    let soa = state
        .read(move |conn| soa::list(conn, org, &filter).map_err(no_soa))
        .await?;
    Ok(HttpResponse::Ok().json(soa))
}

/// Implementation coverage by theme and overall: implemented as a share of applicable controls.
#[utoipa::path(tag = "soa", security(("bearer" = [])), params(FrameworkQuery), responses(
    (status = 200, description = "Coverage", body = SoaCoverage),
    (status = 404, description = "The organisation keeps no SoA on that framework", body = Problem, content_type = "application/problem+json"),
))]
#[get("/soa/coverage")]
pub async fn soa_coverage(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<FrameworkQuery>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, framework) = (caller.org(), query.into_inner().framework);
    let coverage = state
        .read(move |conn| soa::coverage(conn, org, framework.as_deref()).map_err(no_soa))
        .await?;
    Ok(HttpResponse::Ok().json(coverage))
}

/// One control's SoA entry, by its item id; the ETag is the item's version.
#[utoipa::path(tag = "soa", security(("bearer" = [])),
    params(("item_id" = Uuid, Path, description = "The control's item id")),
    responses(
    (status = 200, description = "The entry", body = SoaEntry),
    (status = 404, description = "The item is no SoA control of this organisation", body = Problem, content_type = "application/problem+json"),
))]
#[get("/soa/controls/{item_id}")]
pub async fn get_soa_entry(
    state: web::Data<AppState>,
    caller: Caller,
    item_id: web::Path<ItemId>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, id) = (caller.org(), item_id.into_inner());
    let entry = state
        .read(move |conn| soa::entry(conn, org, id).map_err(no_control))
        .await?;
    Ok(ok_with_etag(entry.version).json(entry))
}

/// Changes one control: applicability (excluding needs a justification, 422 without), reasons,
/// justification, implementation status, owner, progress, last reviewed, implementation text.
/// Contributors change only controls they own, and cannot hand them on.
#[utoipa::path(tag = "soa", security(("bearer" = [])), request_body = UpdateSoaEntry,
    params(("item_id" = Uuid, Path, description = "The control's item id"), ("If-Match" = String, Header, description = "The entry's ETag")),
    responses(
    (status = 200, description = "Changed", body = SoaEntry),
    (status = 403, description = "The role may not change this control", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "The item is no SoA control of this organisation", body = Problem, content_type = "application/problem+json"),
    PreconditionResponses,
    (status = 422, description = "Excluded without justification, or another broken rule", body = Problem, content_type = "application/problem+json"),
))]
#[patch("/soa/controls/{item_id}")]
pub async fn update_soa_entry(
    state: web::Data<AppState>,
    caller: Caller,
    item_id: web::Path<ItemId>,
    if_match: IfMatch,
    body: web::Json<UpdateSoaEntry>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::Write)?;
    let expected = if_match.expected()?;
    body.validate()?;
    let (org, actor, role, id, body) = (
        caller.org(),
        caller.user(),
        caller.role(),
        item_id.into_inner(),
        body.into_inner(),
    );
    let entry = state
        .write(move |conn| {
            let current = soa::entry(conn, org, id).map_err(no_control)?;
            if !Rights::on(role, actor.into(), current.owner_id) {
                return Err(ApiError::Forbidden(
                    "contributors change only the controls they own".into(),
                ));
            }
            if body
                .owner_id
                .is_some_and(|to| !Rights::may_hand_to(role, actor.into(), to))
            {
                return Err(ApiError::Forbidden(
                    "contributors cannot hand controls on".into(),
                ));
            }
            Ok(soa::update(conn, org, actor, id, expected, &body)?)
        })
        .await?;
    Ok(ok_with_etag(entry.version).json(entry))
}

/// The same change (applicability with one justification, status, owner) to up to 500 controls;
/// all or nothing.
#[utoipa::path(tag = "soa", security(("bearer" = [])), request_body = BulkUpdateSoa, responses(
    (status = 200, description = "Changed", body = BulkUpdated),
    (status = 403, description = "Only owners, admins and editors change controls in bulk", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Not a control, excluded without justification, or unknown owner", body = Problem, content_type = "application/problem+json"),
))]
#[post("/soa/bulk")]
pub async fn bulk_update_soa(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<BulkUpdateSoa>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::EditAnyItem)?;
    body.validate()?;
    let (org, actor, body) = (caller.org(), caller.user(), body.into_inner());
    let updated = state
        .write(move |conn| Ok(soa::bulk_update(conn, org, actor, &body)?))
        .await?;
    Ok(HttpResponse::Ok().json(BulkUpdated { updated }))
}

/// The SoA as a file: Control | Title | Theme | Applicable | Reasons | Justification |
/// Implementation status | Owner | Evidence | Related risks | Open actions | Last reviewed. The
/// XLSX has a summary sheet and a sheet per theme, formatted for printing.
#[utoipa::path(tag = "soa", security(("bearer" = [])), params(SoaExportParams), responses(
    (status = 200, description = "The file, as an attachment", content(
        (String = "text/csv"),
        (crate::openapi::BinaryFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    )),
    (status = 400, description = "Unknown format", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "The organisation keeps no SoA on that framework", body = Problem, content_type = "application/problem+json"),
))]
#[get("/soa/export")]
pub async fn export_soa(
    state: web::Data<AppState>,
    caller: Caller,
    params: web::Query<SoaExportParams>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, params) = (caller.org(), params.into_inner());
    let format = params.format;
    let (file, framework) = state
        .read(move |conn| {
            let filter = SoaFilter {
                framework: params.framework,
                ..SoaFilter::default()
            };
            let soa = soa::list(conn, org, &filter).map_err(no_soa)?;
            let relations = soa::relations(conn, org, soa.space_id.into())?;
            let file = match format {
                ExchangeFormat::Csv => {
                    spreadsheet::write(format, &soa_sheet::sheet(&soa.data, &relations))?
                }
                ExchangeFormat::Xlsx => {
                    let coverage = soa::coverage(conn, org, Some(&soa.framework_id))?;
                    let name = organisations::get(conn, org)?.name;
                    soa_workbook::write(&soa, &coverage, &relations, &name)
                        .map_err(|e| ApiError::Internal(e.to_string()))?
                }
            };
            Ok((file, soa.framework_id))
        })
        .await?;
    let extension = match format {
        ExchangeFormat::Csv => "csv",
        ExchangeFormat::Xlsx => "xlsx",
    };
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![DispositionParam::Filename(format!(
            "soa-{framework}.{extension}"
        ))],
    };
    Ok(HttpResponse::Ok()
        .content_type(format.content_type())
        .insert_header(disposition)
        .body(file))
}

/// The SoA as an OSCAL 1.1.2 `system-security-plan`: one implemented requirement per applicable
/// control (status, owner as responsible role, implementation text, reasons and review date as
/// props), evidence (linked policies, attached documents) as back-matter resources, excluded
/// controls with their justification. Downloaded as `<framework>-ssp.json`; it imports the
/// framework's profile by its file name, `<framework>-profile.json`
/// (`GET /api/v1/frameworks/{id}/oscal/profile`), which imports the catalog as
/// `<framework>-catalog.json` (`GET /api/v1/frameworks/{id}/oscal`): save the three side by side
/// and OSCAL tools resolve the chain without the API's token.
#[utoipa::path(tag = "soa", security(("bearer" = [])), params(FrameworkQuery), responses(
    (status = 200, description = "The OSCAL system security plan", body = Object, content_type = "application/json",
        headers(("Content-Disposition" = String, description = "attachment; filename=\"<framework>-ssp.json\", e.g. iso27001-2022-ssp.json"))),
    (status = 404, description = "The organisation keeps no SoA on that framework", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "No control is applicable: OSCAL needs at least one", body = Problem, content_type = "application/problem+json"),
))]
#[get("/soa/oscal")]
pub async fn soa_oscal(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<FrameworkQuery>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, framework) = (caller.org(), query.into_inner().framework);
    let (plan, file_name) = state
        .read(move |conn| {
            let filter = SoaFilter {
                framework,
                ..SoaFilter::default()
            };
            let soa = soa::list(conn, org, &filter).map_err(no_soa)?;
            if !soa.data.iter().any(|e| e.applicable) {
                return Err(ApiError::Conflict(
                    "no control is applicable, and an OSCAL plan needs at least one".into(),
                ));
            }
            let relations = soa::relations(conn, org, soa.space_id.into())?;
            let organisation = organisations::get(conn, org)?.name;
            let framework = annex_store::frameworks::find(&soa.framework_id)?;
            let plan = oscal::system_security_plan(&SspInput {
                organisation: &organisation,
                organisation_id: org.into(),
                framework,
                entries: &soa.data,
                relations: &relations,
                last_modified: chrono::Utc::now(),
            });
            Ok((plan, oscal::ssp_file_name(&framework.id)))
        })
        .await?;
    Ok(super::oscal_download(&plan, file_name))
}

/// Starts the SoA on a framework: generates its project (clauses and controls as the tree, every
/// control an item, applicable and not started, with our starting text). Owners and admins.
#[utoipa::path(tag = "soa", security(("bearer" = [])), request_body = AdoptFramework, responses(
    (status = 201, description = "The new SoA", body = Soa),
    (status = 403, description = "Only those who manage spaces adopt frameworks", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The organisation already keeps an SoA on it", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Not a framework with an SoA", body = Problem, content_type = "application/problem+json"),
))]
#[post("/soa/adopt")]
pub async fn adopt_framework(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<AdoptFramework>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ManageSpaces)?;
    let (org, actor, framework) = (caller.org(), caller.user(), body.into_inner().framework);
    let soa = state
        .write(move |conn| {
            soa::adopt(conn, org, Some(actor), &framework)?;
            let filter = SoaFilter {
                framework: Some(framework),
                ..SoaFilter::default()
            };
            Ok(soa::list(conn, org, &filter)?)
        })
        .await?;
    Ok(HttpResponse::Created().json(soa))
}

/// Moves the SoA from ISO/IEC 27001:2013 to 2022 through the mapping: carries applicability,
/// reasons, justification, status, owner and text, copies notes, documents and links to the new
/// controls, archives the old project, and reports what needs a decision (new controls, merged
/// controls whose sources disagreed). `dry_run` reports without writing.
#[utoipa::path(tag = "soa", security(("bearer" = [])), request_body = MigrateSoa, responses(
    (status = 200, description = "What was (or would be) carried over", body = MigrationReport),
    (status = 403, description = "Only those who manage spaces migrate the SoA", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The target edition's project already has work in it", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "No such mapping, or no SoA on the older edition", body = Problem, content_type = "application/problem+json"),
))]
#[post("/soa/migrate")]
pub async fn migrate_soa(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<MigrateSoa>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ManageSpaces)?;
    let (org, actor, body) = (caller.org(), caller.user(), body.into_inner());
    let report = if body.dry_run {
        state
            .read(move |conn| Ok(soa::migrate(conn, org, actor, &body)?))
            .await?
    } else {
        state
            .write(move |conn| Ok(soa::migrate(conn, org, actor, &body)?))
            .await?
    };
    Ok(HttpResponse::Ok().json(report))
}
