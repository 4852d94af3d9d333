//! Policy packs: editors prepare, publish, retire and follow them (per pack, per person, by
//! version, with a nudge); everyone reads and accepts the packs asked of them.

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::etag::{IfMatch, ok_with_etag};
use crate::openapi_responses::PreconditionResponses;
use crate::spreadsheet;
use crate::state::AppState;
use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, get, post, put, web};
use annex_domain::packs::policy_packs::{
    CreatePack, MarkRead, MyPack, Nudged, PackVersion, PeopleFilter, PersonProgress, PolicyPack,
    UpdatePack,
};
use annex_domain::work::exchange::{Cell, ExchangeFormat, Sheet, file_name};
use annex_domain::{Action, Problem};
use annex_store::{StoreError, packs::policy_packs};
use serde::Deserialize;
use uuid::Uuid;
use validator::Validate;

fn no_pack(e: StoreError) -> ApiError {
    match e {
        StoreError::NotFound => ApiError::not_found("policy pack"),
        other => other.into(),
    }
}

/// Every pack with the progress of its latest version: audience, how many read every document
/// and how many accepted, as counts and percentages.
#[utoipa::path(tag = "policy-packs", security(("bearer" = [])), responses(
    (status = 200, description = "The packs, by number", body = Vec<PolicyPack>),
))]
#[get("/policy-packs")]
pub async fn list_packs(state: web::Data<AppState>, caller: Caller) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let org = caller.org();
    let packs = state
        .read(move |conn| Ok(policy_packs::list(conn, org)?))
        .await?;
    Ok(HttpResponse::Ok().json(packs))
}

/// Creates a draft pack (an item of the Policy Packs tracker) with its documents and audience.
#[utoipa::path(tag = "policy-packs", security(("bearer" = [])), request_body = CreatePack, responses(
    (status = 201, description = "The draft", body = PolicyPack),
    (status = 403, description = "The role may not prepare packs", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "The organisation has no Policy Packs tracker", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "A document or the audience is not valid", body = Problem, content_type = "application/problem+json"),
))]
#[post("/policy-packs")]
pub async fn create_pack(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<CreatePack>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::EditAnyItem)?;
    body.validate()?;
    let (org, actor, body) = (caller.org(), caller.user(), body.into_inner());
    let pack = state
        .write(move |conn| policy_packs::create(conn, org, actor, &body).map_err(no_pack))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            actix_web::http::header::ETAG,
            crate::etag::etag(pack.row_version),
        ))
        .json(pack))
}

/// One pack with the progress of its latest version; `row_version` is its ETag.
#[utoipa::path(tag = "policy-packs", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The pack's item id")),
    responses(
    (status = 200, description = "The pack", body = PolicyPack),
    (status = 404, description = "No such pack in this organisation", body = Problem, content_type = "application/problem+json"),
))]
#[get("/policy-packs/{id}")]
pub async fn get_pack(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, id) = (caller.org(), id.into_inner());
    let pack = state
        .read(move |conn| policy_packs::get(conn, org, id).map_err(no_pack))
        .await?;
    Ok(ok_with_etag(pack.row_version).json(pack))
}

/// Replaces the documents and/or audience being prepared for the next version (name and
/// description are the item's: PATCH the item).
#[utoipa::path(tag = "policy-packs", security(("bearer" = [])), request_body = UpdatePack,
    params(("id" = Uuid, Path, description = "The pack's item id"),
           ("If-Match" = String, Header, description = "The pack's ETag (\"0\" for a pack never changed)")),
    responses(
    (status = 200, description = "Changed", body = PolicyPack),
    (status = 403, description = "The role may not prepare packs", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such pack in this organisation", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The pack is retired", body = Problem, content_type = "application/problem+json"),
    PreconditionResponses,
    (status = 422, description = "A document or the audience is not valid", body = Problem, content_type = "application/problem+json"),
))]
#[put("/policy-packs/{id}")]
pub async fn update_pack(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<UpdatePack>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::EditAnyItem)?;
    body.validate()?;
    let expected = if_match.expected()?;
    let (org, actor, id, body) = (
        caller.org(),
        caller.user(),
        id.into_inner(),
        body.into_inner(),
    );
    let pack = state
        .write(move |conn| {
            policy_packs::update(conn, org, actor, id, expected, &body).map_err(no_pack)
        })
        .await?;
    Ok(ok_with_etag(pack.row_version).json(pack))
}

/// Publishes the prepared documents as the next version: everyone in the audience is asked (and
/// notified) to read each document and accept the pack; earlier versions' answers are kept.
#[utoipa::path(tag = "policy-packs", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The pack's item id"),
           ("If-Match" = String, Header, description = "The pack's ETag")),
    responses(
    (status = 200, description = "Published", body = PolicyPack),
    (status = 403, description = "The role may not publish packs", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such pack in this organisation", body = Problem, content_type = "application/problem+json"),
    PreconditionResponses,
    (status = 422, description = "No documents or no audience", body = Problem, content_type = "application/problem+json"),
))]
#[post("/policy-packs/{id}/publish")]
pub async fn publish_pack(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    caller.require(Action::EditAnyItem)?;
    let expected = if_match.expected()?;
    let (org, actor, id) = (caller.org(), caller.user(), id.into_inner());
    let pack = state
        .write(move |conn| policy_packs::publish(conn, org, actor, id, expected).map_err(no_pack))
        .await?;
    Ok(ok_with_etag(pack.row_version).json(pack))
}

/// Retires a pack: nobody is asked any more; versions, reads and acceptances stay.
#[utoipa::path(tag = "policy-packs", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The pack's item id"),
           ("If-Match" = String, Header, description = "The pack's ETag")),
    responses(
    (status = 200, description = "Retired", body = PolicyPack),
    (status = 403, description = "The role may not retire packs", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such pack in this organisation", body = Problem, content_type = "application/problem+json"),
    PreconditionResponses,
))]
#[post("/policy-packs/{id}/retire")]
pub async fn retire_pack(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    caller.require(Action::EditAnyItem)?;
    let expected = if_match.expected()?;
    let (org, actor, id) = (caller.org(), caller.user(), id.into_inner());
    let pack = state
        .write(move |conn| policy_packs::retire(conn, org, actor, id, expected).map_err(no_pack))
        .await?;
    Ok(ok_with_etag(pack.row_version).json(pack))
}

/// The people of a published version (the latest unless `version`): documents read, progress,
/// last read and acceptance; `outstanding=true` keeps those who have not accepted.
#[utoipa::path(tag = "policy-packs", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The pack's item id"), PeopleFilter),
    responses(
    (status = 200, description = "The audience, by name", body = Vec<PersonProgress>),
    (status = 403, description = "The role may not follow packs", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such pack in this organisation", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "No such published version", body = Problem, content_type = "application/problem+json"),
))]
#[get("/policy-packs/{id}/people")]
pub async fn pack_people(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    filter: web::Query<PeopleFilter>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::EditAnyItem)?;
    let (org, id, filter) = (caller.org(), id.into_inner(), filter.into_inner());
    let people = state
        .read(move |conn| policy_packs::progress_by_person(conn, org, id, &filter).map_err(no_pack))
        .await?;
    Ok(HttpResponse::Ok().json(people))
}

/// `GET /policy-packs/{id}/people/export`: the file's format and which people.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct PeopleExport {
    pub format: ExchangeFormat,
    pub version: Option<i32>,
    pub outstanding: Option<bool>,
}

/// The people of a version as a file: Name, Email, Documents, Read, Progress %, Last read,
/// Accepted.
#[utoipa::path(tag = "policy-packs", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The pack's item id"), PeopleExport),
    responses(
    (status = 200, description = "The file, as an attachment", content(
        (String = "text/csv"),
        (crate::openapi::BinaryFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    )),
    (status = 403, description = "The role may not follow packs", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such pack in this organisation", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "No such published version", body = Problem, content_type = "application/problem+json"),
))]
#[get("/policy-packs/{id}/people/export")]
pub async fn export_pack_people(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    params: web::Query<PeopleExport>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::EditAnyItem)?;
    let (org, id, params) = (caller.org(), id.into_inner(), params.into_inner());
    let format = params.format;
    let (name, file) = state
        .read(move |conn| {
            let filter = PeopleFilter {
                version: params.version,
                outstanding: params.outstanding,
            };
            let pack = policy_packs::get(conn, org, id).map_err(no_pack)?;
            let people =
                policy_packs::progress_by_person(conn, org, id, &filter).map_err(no_pack)?;
            let version = params.version.unwrap_or(pack.version);
            let text = |s: String| Cell::Text(s);
            let when = |t: Option<chrono::DateTime<chrono::Utc>>| {
                text(
                    t.map(|t| t.format("%Y-%m-%d %H:%M").to_string())
                        .unwrap_or_default(),
                )
            };
            let sheet = Sheet {
                header: [
                    "Name",
                    "Email",
                    "Documents",
                    "Read",
                    "Progress %",
                    "Last read",
                    "Accepted",
                ]
                .map(str::to_owned)
                .to_vec(),
                rows: people
                    .into_iter()
                    .map(|p| {
                        vec![
                            text(p.name),
                            text(p.email),
                            Cell::Number(p.documents as f64),
                            Cell::Number(p.read as f64),
                            Cell::Number(p.progress),
                            when(p.last_read_at),
                            when(p.accepted_at),
                        ]
                    })
                    .collect(),
            };
            Ok((
                format!("{} v{version}", pack.name),
                spreadsheet::write(format, &sheet)?,
            ))
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

/// Every published version, newest first, with its documents and how many read and accepted it.
#[utoipa::path(tag = "policy-packs", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The pack's item id")),
    responses(
    (status = 200, description = "The versions", body = Vec<PackVersion>),
    (status = 404, description = "No such pack in this organisation", body = Problem, content_type = "application/problem+json"),
))]
#[get("/policy-packs/{id}/history")]
pub async fn pack_history(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, id) = (caller.org(), id.into_inner());
    let history = state
        .read(move |conn| policy_packs::history(conn, org, id).map_err(no_pack))
        .await?;
    Ok(HttpResponse::Ok().json(history))
}

/// Notifies everyone of the audience who has not accepted the latest version.
#[utoipa::path(tag = "policy-packs", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The pack's item id")),
    responses(
    (status = 200, description = "How many were notified", body = Nudged),
    (status = 403, description = "The role may not nudge", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such pack in this organisation", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The pack is not published", body = Problem, content_type = "application/problem+json"),
))]
#[post("/policy-packs/{id}/nudge")]
pub async fn nudge_pack(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::EditAnyItem)?;
    let (org, actor, id) = (caller.org(), caller.user(), id.into_inner());
    let notified = state
        .write(move |conn| policy_packs::nudge(conn, org, actor, id).map_err(no_pack))
        .await?;
    Ok(HttpResponse::Ok().json(Nudged { notified }))
}

/// The published packs asked of the caller, with what they have read and accepted of each one's
/// latest version; `outstanding` says something is left to do.
#[utoipa::path(tag = "policy-packs", security(("bearer" = [])), responses(
    (status = 200, description = "The caller's packs", body = Vec<MyPack>),
))]
#[get("/me/policy-packs")]
pub async fn my_packs(state: web::Data<AppState>, caller: Caller) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, user) = (caller.org(), caller.user());
    let packs = state
        .read(move |conn| Ok(policy_packs::mine(conn, org, user)?))
        .await?;
    Ok(HttpResponse::Ok().json(packs))
}

/// Marks a document of the pack's latest version read by the caller (the first time is kept).
#[utoipa::path(tag = "policy-packs", security(("bearer" = [])), request_body = MarkRead,
    params(("id" = Uuid, Path, description = "The pack's item id")),
    responses(
    (status = 200, description = "The caller's pack", body = MyPack),
    (status = 404, description = "No published pack asked of the caller", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Not a document of the latest version", body = Problem, content_type = "application/problem+json"),
))]
#[post("/me/policy-packs/{id}/read")]
pub async fn mark_document_read(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<MarkRead>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, user, id, document) = (
        caller.org(),
        caller.user(),
        id.into_inner(),
        body.into_inner().document_id,
    );
    let pack = state
        .write(move |conn| policy_packs::mark_read(conn, org, user, id, document).map_err(no_pack))
        .await?;
    Ok(HttpResponse::Ok().json(pack))
}

/// Accepts the pack's latest version: "I have read, understood and undertake to comply with" it.
/// Every document must be marked read first.
#[utoipa::path(tag = "policy-packs", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The pack's item id")),
    responses(
    (status = 200, description = "The caller's pack, accepted", body = MyPack),
    (status = 404, description = "No published pack asked of the caller", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "A document is not marked read yet", body = Problem, content_type = "application/problem+json"),
))]
#[post("/me/policy-packs/{id}/accept")]
pub async fn accept_pack(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, user, id) = (caller.org(), caller.user(), id.into_inner());
    let pack = state
        .write(move |conn| policy_packs::accept(conn, org, user, id).map_err(no_pack))
        .await?;
    Ok(HttpResponse::Ok().json(pack))
}
