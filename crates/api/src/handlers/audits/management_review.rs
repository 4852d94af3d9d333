//! The management review inputs (ISO/IEC 27001 clause 9.3.2) of an ISMS Board item, as JSON, a
//! printable page or a workbook.

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::{review_report, review_workbook};
use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, get, web};
use annex_domain::audits::management_review::{ManagementReviewInputs, ReportFormat, ReviewQuery};
use annex_domain::{Action, ItemId, Problem};
use annex_store::{StoreError, audits::management_review};
use std::collections::BTreeMap;

/// The inputs of the management review an item of the ISMS Board project belongs to, over the
/// period from `since` to today: actions from previous reviews, KPIs, nonconformities and
/// corrective actions, audit results, risk changes, policy-pack compliance and SoA progress.
#[utoipa::path(tag = "programme", security(("bearer" = [])),
    params(("item_id" = Uuid, Path, description = "An item of the ISMS Board project"), ReviewQuery),
    responses(
    (status = 200, description = "The inputs", content(
        (ManagementReviewInputs = "application/json"),
        (String = "text/html"),
        (crate::openapi::BinaryFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    )),
    (status = 404, description = "No such item of the ISMS Board in this organisation", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "A bad `since` date or `format`", body = Problem, content_type = "application/problem+json"),
))]
#[get("/management-reviews/{item_id}/inputs")]
pub async fn management_review_inputs(
    state: web::Data<AppState>,
    caller: Caller,
    item_id: web::Path<ItemId>,
    query: web::Query<ReviewQuery>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let today = chrono::Utc::now().date_naive();
    let refused = |e: annex_domain::audits::management_review::ReviewQueryError| {
        ApiError::Validation(BTreeMap::from([(
            e.field().to_owned(),
            vec![e.to_string()],
        )]))
    };
    let since = query.since(today).map_err(refused)?;
    let format = query.format().map_err(refused)?;
    let (org, id) = (caller.org(), item_id.into_inner());
    let inputs = state
        .read(move |conn| {
            management_review::inputs(conn, org, id, since, today).map_err(|e| match e {
                StoreError::NotFound => ApiError::not_found("item of the ISMS Board"),
                other => other.into(),
            })
        })
        .await?;
    let body = match format {
        ReportFormat::Json => return Ok(HttpResponse::Ok().json(inputs)),
        ReportFormat::Html => review_report::render(&inputs).into_bytes(),
        ReportFormat::Xlsx => {
            review_workbook::write(&inputs).map_err(|e| ApiError::Internal(e.to_string()))?
        }
    };
    let disposition = ContentDisposition {
        disposition: match format {
            ReportFormat::Html => DispositionType::Inline,
            _ => DispositionType::Attachment,
        },
        parameters: vec![DispositionParam::Filename(format!(
            "management-review-inputs-{}.{}",
            inputs.generated_on,
            format.key()
        ))],
    };
    Ok(HttpResponse::Ok()
        .content_type(format.content_type())
        .insert_header(disposition)
        .body(body))
}
