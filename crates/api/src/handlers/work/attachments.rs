//! An item's notes, documents and updates (its own activity feed).

use crate::auth::Caller;
use crate::auth::item_access::{readable_item, workable_item};
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::etag::{IfMatch, etag, ok_with_etag};
use crate::openapi_responses::PreconditionResponses;
use crate::state::AppState;
use actix_web::http::header::ETAG;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use annex_domain::events::{Event, EventFilter};
use annex_domain::work::attachments::{AddDocument, AddNote, Document, Note, WriteNote};
use annex_domain::{Action, ItemId, Page, PageParams, Problem, rights};
use annex_store::{events, work::attachments};
use uuid::Uuid;
use validator::Validate;

/// The notes of an item, oldest first.
#[utoipa::path(tag = "items", security(("bearer" = [])), params(("id" = Uuid, Path, description = "The item id")), responses(
    (status = 200, description = "The notes", body = Vec<Note>),
    (status = 404, description = "No such item in this organisation", body = Problem, content_type = "application/problem+json"),
))]
#[get("/items/{id}/notes")]
pub async fn list_notes(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, id) = (caller.org(), id.into_inner());
    let notes = state
        .read(move |conn| {
            readable_item(conn, org, id)?;
            Ok(attachments::notes(conn, org, id)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(notes))
}

/// Adds a note to an item, notifying the people and the members of the groups it names (never
/// its author); `notified` on the note says how many were told.
#[utoipa::path(tag = "items", security(("bearer" = [])), request_body = AddNote, params(("id" = Uuid, Path, description = "The item id")), responses(
    (status = 201, description = "Added; `notified` says how many people were told", body = Note),
    (status = 403, description = "The role may not change this item", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such item in this organisation", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid body, or someone or a group to notify that is not the organisation's", body = Problem, content_type = "application/problem+json"),
))]
#[post("/items/{id}/notes")]
pub async fn add_note(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
    body: web::Json<AddNote>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::Write)?;
    body.validate()?;
    let (scope, id, body) = (caller.scope(), id.into_inner(), body.into_inner());
    let note = state
        .write(move |conn| {
            workable_item(conn, scope, id)?;
            Ok(attachments::add_note(
                conn,
                scope.org,
                scope.actor,
                id,
                &body,
            )?)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((ETAG, etag(note.version)))
        .json(note))
}

/// Rewrites a note; only its author may.
#[utoipa::path(tag = "items", security(("bearer" = [])), request_body = WriteNote,
    params(("id" = Uuid, Path, description = "The note id"), ("If-Match" = String, Header, description = "The note's ETag")),
    responses(
    (status = 200, description = "Rewritten", body = Note),
    (status = 403, description = "Not the note's author", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such note in this organisation", body = Problem, content_type = "application/problem+json"),
    PreconditionResponses,
    (status = 422, description = "Invalid body", body = Problem, content_type = "application/problem+json"),
))]
#[patch("/notes/{id}")]
pub async fn edit_note(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<WriteNote>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::Write)?;
    let expected = if_match.expected()?;
    body.validate()?;
    let (org, actor, id, body) = (
        caller.org(),
        caller.user(),
        id.into_inner(),
        body.into_inner().body,
    );
    let note = state
        .write(move |conn| {
            let note = attachments::note(conn, org, id).or_not_found("note")?;
            if !rights::may_edit_authored(actor.into(), note.author_id) {
                return Err(ApiError::Forbidden(
                    "only the author can rewrite a note".into(),
                ));
            }
            Ok(attachments::edit_note(
                conn, org, actor, id, expected, &body,
            )?)
        })
        .await?;
    Ok(ok_with_etag(note.version).json(note))
}

/// Deletes a note: its author, or an owner or admin.
#[utoipa::path(tag = "items", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The note id"), ("If-Match" = String, Header, description = "The note's ETag")),
    responses(
    (status = 204, description = "Deleted"),
    (status = 403, description = "Neither the author nor an owner or admin", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such note in this organisation", body = Problem, content_type = "application/problem+json"),
    PreconditionResponses,
))]
#[delete("/notes/{id}")]
pub async fn delete_note(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    caller.require(Action::Write)?;
    let expected = if_match.expected()?;
    let (org, actor, role, id) = (caller.org(), caller.user(), caller.role(), id.into_inner());
    state
        .write(move |conn| {
            let note = attachments::note(conn, org, id).or_not_found("note")?;
            if !rights::may_delete_authored(role, actor.into(), note.author_id) {
                return Err(ApiError::Forbidden(
                    "only the author, an owner or an admin can delete a note".into(),
                ));
            }
            Ok(attachments::delete_note(conn, org, actor, id, expected)?)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The documents linked from an item.
#[utoipa::path(tag = "items", security(("bearer" = [])), params(("id" = Uuid, Path, description = "The item id")), responses(
    (status = 200, description = "The documents", body = Vec<Document>),
    (status = 404, description = "No such item in this organisation", body = Problem, content_type = "application/problem+json"),
))]
#[get("/items/{id}/documents")]
pub async fn list_documents(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, id) = (caller.org(), id.into_inner());
    let documents = state
        .read(move |conn| {
            readable_item(conn, org, id)?;
            Ok(attachments::documents(conn, org, id)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(documents))
}

/// Links a document (title and http(s) address) to an item; the document stays where it lives.
#[utoipa::path(tag = "items", security(("bearer" = [])), request_body = AddDocument, params(("id" = Uuid, Path, description = "The item id")), responses(
    (status = 201, description = "Added", body = Document),
    (status = 403, description = "The role may not change this item", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such item in this organisation", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid title or not an http(s) address", body = Problem, content_type = "application/problem+json"),
))]
#[post("/items/{id}/documents")]
pub async fn add_document(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
    body: web::Json<AddDocument>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::Write)?;
    body.validate()?;
    let (scope, id, body) = (caller.scope(), id.into_inner(), body.into_inner());
    let document = state
        .write(move |conn| {
            workable_item(conn, scope, id)?;
            Ok(attachments::add_document(
                conn,
                scope.org,
                scope.actor,
                id,
                &body,
            )?)
        })
        .await?;
    Ok(HttpResponse::Created().json(document))
}

/// Removes a document link from its item.
#[utoipa::path(tag = "items", security(("bearer" = [])), params(("id" = Uuid, Path, description = "The document id")), responses(
    (status = 204, description = "Removed"),
    (status = 403, description = "The role may not change the item", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such document in this organisation", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/documents/{id}")]
pub async fn remove_document(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::Write)?;
    let (scope, id) = (caller.scope(), id.into_inner());
    state
        .write(move |conn| {
            let document = attachments::document(conn, scope.org, id).or_not_found("document")?;
            workable_item(conn, scope, document.item_id.into())?;
            Ok(attachments::remove_document(
                conn,
                scope.org,
                scope.actor,
                id,
            )?)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The item's updates: every recorded change to it, newest first ("added the link: …", "reassigned").
#[utoipa::path(tag = "items", security(("bearer" = [])), params(("id" = Uuid, Path, description = "The item id"), PageParams), responses(
    (status = 200, description = "A page of the item's events", body = Page<Event>),
    (status = 404, description = "No such item in this organisation", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Bad limit or cursor", body = Problem, content_type = "application/problem+json"),
))]
#[get("/items/{id}/updates")]
pub async fn item_updates(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
    page: web::Query<PageParams>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (limit, after, org, id) = (page.limit()?, page.after()?, caller.org(), id.into_inner());
    let page = state
        .read(move |conn| {
            readable_item(conn, org, id)?;
            let filter = EventFilter {
                subject_kind: Some("item".into()),
                subject_id: Some(id.into()),
                ..Default::default()
            };
            Ok(events::list(conn, org, &filter, limit, after.as_ref())?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
