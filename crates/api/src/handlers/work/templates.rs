//! Space templates: what a new project or tracker can start from.

use crate::auth::Caller;
use crate::error::ApiResult;
use actix_web::{HttpResponse, get};
use annex_domain::Action;
use annex_domain::work::templates::TemplateSummary;
use annex_store::work::templates;

/// The built-in space templates (the ISMS set and the rest); `POST /spaces` takes a `template` key.
#[utoipa::path(tag = "spaces", security(("bearer" = [])), responses(
    (status = 200, description = "The templates", body = Vec<TemplateSummary>),
))]
#[get("/templates")]
pub async fn list_templates(caller: Caller) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    Ok(HttpResponse::Ok().json(templates::summaries()?))
}
