//! Spreadsheet export and import of a space's items (CSV or XLSX).

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::spreadsheet::{self, Limits};
use crate::state::AppState;
use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, ResponseError, get, post, web};
use annex_domain::work::exchange::{
    ExportParams, ImportParams, ImportRejected, ImportReport, ImportRowError, MAX_IMPORT_ROWS,
    file_name,
};
use annex_domain::{Action, Problem, SpaceId};
use annex_store::{StoreError, work::exchange};
use futures_util::StreamExt;

fn space_not_found(e: StoreError) -> ApiError {
    match e {
        StoreError::NotFound => ApiError::not_found("space"),
        other => other.into(),
    }
}

/// Every item of the space (archived ones too) as a file: Number, Title, Description, Status,
/// Assignee (email), Start, Due, Days estimated, Days taken, Progress, Archived, then one column
/// per custom field (option labels, multi-select labels joined with `|`, users as emails).
#[utoipa::path(tag = "spaces", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The space id"), ExportParams),
    responses(
    (status = 200, description = "The file, as an attachment", content(
        (String = "text/csv"),
        (crate::openapi::BinaryFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    )),
    (status = 400, description = "Unknown format", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such space in this organisation", body = Problem, content_type = "application/problem+json"),
))]
#[get("/spaces/{id}/export")]
pub async fn export_space(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<SpaceId>,
    params: web::Query<ExportParams>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, id, format) = (caller.org(), id.into_inner(), params.format);
    let (name, file) = state
        .read(move |conn| {
            let (space, sheet) = exchange::export(conn, org, id).map_err(space_not_found)?;
            Ok((space.name, spreadsheet::write(format, &sheet)?))
        })
        .await?;
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![DispositionParam::Filename(file_name(&name, format))],
    };
    Ok(HttpResponse::Ok()
        .content_type(format.content_type())
        .insert_header(disposition)
        .body(file))
}

/// Imports a file (the raw request body) into the space: a header row naming columns as the
/// export does (unknown columns are refused), then rows — with a Number they update that item,
/// without one they create an item, and rows equal to their item change nothing. All or nothing:
/// any bad row or cell answers 422 with the report and writes nothing. `dry_run` checks every row
/// and answers the report (200 when every row is good, 422 when not), writing nothing. A file
/// holds at most 5,000 rows besides its header (larger ones are refused with 422: import them as
/// several files); the rows are checked before anything is written, so only a good file's writes
/// wait for other writers, and a wait that runs out answers 503 with `Retry-After`.
#[utoipa::path(tag = "spaces", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The space id"), ImportParams),
    request_body(description = "The file", content(
        (String = "text/csv"),
        (crate::openapi::BinaryFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    )),
    responses(
    (status = 200, description = "Imported (or, on a dry run, what would be): every row is good", body = ImportReport),
    (status = 400, description = "Unknown format", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "The role may not edit every item", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such space in this organisation", body = Problem, content_type = "application/problem+json"),
    (status = 413, description = "The file is larger than the body limit", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Bad rows or cells (the report lists each; nothing was written), or an unreadable file", body = ImportRejected, content_type = "application/problem+json"),
    (status = 503, description = "Other writes held the database for longer than the bounded wait; retry after `Retry-After` seconds", body = Problem, content_type = "application/problem+json"),
))]
#[post("/spaces/{id}/import")]
pub async fn import_space(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<SpaceId>,
    params: web::Query<ImportParams>,
    body: web::Payload,
) -> ApiResult<HttpResponse> {
    caller.require(Action::EditAnyItem)?;
    let file = read_body(body, state.config.max_body_bytes).await?;
    let (org, actor, id) = (caller.org(), caller.user(), id.into_inner());
    let ImportParams { format, dry_run } = params.into_inner();
    let rows =
        web::block(move || spreadsheet::read(format, &file, Limits::for_rows(MAX_IMPORT_ROWS)))
            .await?;
    let rows = match rows {
        Ok(rows) => rows,
        // A file that cannot be read is refused like a file with bad rows: one report, row 1.
        Err(ApiError::Rule(message)) => {
            return Ok(rejected(ImportReport {
                dry_run,
                errors: vec![ImportRowError {
                    row: 1,
                    column: None,
                    message,
                }],
                ..ImportReport::default()
            }));
        }
        Err(other) => return Err(other),
    };
    let report = state
        .read(move |conn| {
            exchange::import(conn, org, actor, id, &rows, dry_run).map_err(space_not_found)
        })
        .await?;
    if report.errors.is_empty() {
        return Ok(HttpResponse::Ok().json(report));
    }
    Ok(rejected(report))
}

/// The 422 of an import that wrote nothing: a problem document carrying the report.
fn rejected(report: ImportReport) -> HttpResponse {
    let problem_of = ApiError::Rule(format!(
        "{} problems in the file; nothing was imported",
        report.errors.len()
    ));
    let mut problem = problem_of.problem();
    problem.code = "import_rejected".into();
    HttpResponse::build(problem_of.status_code())
        .content_type("application/problem+json")
        .json(ImportRejected { problem, report })
}

/// The request body, refused with 413 once it passes `limit` bytes.
pub(crate) async fn read_body(mut body: web::Payload, limit: usize) -> ApiResult<Vec<u8>> {
    let mut file = Vec::new();
    while let Some(chunk) = body.next().await {
        let chunk =
            chunk.map_err(|e| ApiError::BadRequest(format!("the body could not be read: {e}")))?;
        if file.len() + chunk.len() > limit {
            return Err(ApiError::PayloadTooLarge(format!(
                "the file is larger than {limit} bytes"
            )));
        }
        file.extend_from_slice(&chunk);
    }
    Ok(file)
}
