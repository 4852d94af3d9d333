//! The risk register as a spreadsheet: export it, edit likelihoods and impacts, import the
//! changes back as new readings.

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::handlers::work::exchange::read_body;
use crate::spreadsheet::{self, Limits};
use crate::state::AppState;
use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, ResponseError, get, post, web};
use annex_domain::risk::register::RiskFilter;
use annex_domain::risk::register_sheet::{self, RiskImportRejected, RiskImportReport};
use annex_domain::work::exchange::{
    ExportParams, ImportParams, ImportRowError, MAX_IMPORT_ROWS, file_name,
};
use annex_domain::{Action, Problem};
use annex_store::{StoreError, risk::risks, transaction};

fn no_register(e: StoreError) -> ApiError {
    match e {
        StoreError::NotFound => ApiError::not_found("risk register"),
        other => other.into(),
    }
}

/// The whole register as a file: Number, Title, Status, Owner, Review due, Controls, Above
/// appetite, then likelihood, impact, score and level of the original, current and target
/// readings, and an empty Note column for the import.
#[utoipa::path(tag = "risks", security(("bearer" = [])), params(ExportParams), responses(
    (status = 200, description = "The file, as an attachment", content(
        (String = "text/csv"),
        (crate::openapi::BinaryFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    )),
    (status = 400, description = "Unknown format", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "The organisation has no risk register", body = Problem, content_type = "application/problem+json"),
))]
#[get("/risks/export")]
pub async fn export_risks(
    state: web::Data<AppState>,
    caller: Caller,
    params: web::Query<ExportParams>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, format) = (caller.org(), params.format);
    let file = state
        .read(move |conn| {
            let (_, all) =
                risks::all_risks(conn, org, &RiskFilter::default()).map_err(no_register)?;
            spreadsheet::write(format, &register_sheet::sheet(&all))
        })
        .await?;
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![DispositionParam::Filename(file_name(
            "Risk register",
            format,
        ))],
    };
    Ok(HttpResponse::Ok()
        .content_type(format.content_type())
        .insert_header(disposition)
        .body(file))
}

/// Why an import transaction ended without committing.
enum Unwritten {
    Report(RiskImportReport),
    Api(ApiError),
}

impl From<StoreError> for Unwritten {
    fn from(e: StoreError) -> Self {
        Unwritten::Api(no_register(e))
    }
}

/// Imports readings from a file (the raw request body) laid out as the export: per row, the risk
/// by Number and each likelihood and impact pair that differs from the risk's latest reading of
/// that kind is recorded as a new reading, with the row's Note. Computed columns are ignored;
/// unknown columns are refused. All or nothing: any bad row answers 422 with the report and
/// records nothing. `dry_run` checks every row and answers the report.
#[utoipa::path(tag = "risks", security(("bearer" = [])), params(ImportParams),
    request_body(description = "The file", content(
        (String = "text/csv"),
        (crate::openapi::BinaryFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    )),
    responses(
    (status = 200, description = "Recorded (or, on a dry run, what would be)", body = RiskImportReport),
    (status = 400, description = "Unknown format", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "The role may not assess every risk", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "The organisation has no risk register", body = Problem, content_type = "application/problem+json"),
    (status = 413, description = "The file is larger than the body limit", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Bad rows or cells (the report lists each; nothing was recorded), or an unreadable file", body = RiskImportRejected, content_type = "application/problem+json"),
))]
#[post("/risks/import")]
pub async fn import_risks(
    state: web::Data<AppState>,
    caller: Caller,
    params: web::Query<ImportParams>,
    body: web::Payload,
) -> ApiResult<HttpResponse> {
    caller.require(Action::EditAnyItem)?;
    let file = read_body(body, state.config.max_body_bytes).await?;
    let (org, actor) = (caller.org(), caller.user());
    let ImportParams { format, dry_run } = params.into_inner();
    let cells =
        web::block(move || spreadsheet::read(format, &file, Limits::for_rows(MAX_IMPORT_ROWS)))
            .await?;
    let report = state
        .read(move |conn| {
            let cells = match cells {
                Ok(cells) => cells,
                // A file that cannot be read is refused like one with bad rows: one report, row 1.
                Err(ApiError::Rule(message)) => {
                    return Ok(RiskImportReport {
                        dry_run,
                        errors: vec![ImportRowError {
                            row: 1,
                            column: None,
                            message,
                        }],
                        ..RiskImportReport::default()
                    });
                }
                Err(other) => return Err(other),
            };
            let rows = match register_sheet::parse(&cells) {
                Ok(rows) => rows,
                Err(errors) => {
                    return Ok(RiskImportReport {
                        dry_run,
                        errors,
                        ..RiskImportReport::default()
                    });
                }
            };
            let outcome = transaction::write(conn, |conn| {
                let report = risks::import_readings(conn, org, actor, &rows, dry_run)?;
                if dry_run || !report.errors.is_empty() {
                    return Err(Unwritten::Report(report));
                }
                Ok(report)
            });
            match outcome {
                Ok(report) | Err(Unwritten::Report(report)) => Ok(report),
                Err(Unwritten::Api(e)) => Err(e),
            }
        })
        .await?;
    if report.errors.is_empty() {
        return Ok(HttpResponse::Ok().json(report));
    }
    let rejected = ApiError::Rule(format!(
        "{} problems in the file; no reading was recorded",
        report.errors.len()
    ));
    let mut problem = rejected.problem();
    problem.code = "import_rejected".into();
    Ok(HttpResponse::build(rejected.status_code())
        .content_type("application/problem+json")
        .json(RiskImportRejected { problem, report }))
}
