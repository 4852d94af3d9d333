//! Audit questionnaires: editors prepare an audit's questionnaire, send it to its audience, nudge
//! and close it, read the responses (also as a file) and raise findings from non-conforming
//! answers; everyone answers the questionnaires asked of them.

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::etag::{IfMatch, ok_with_etag};
use crate::openapi_responses::PreconditionResponses;
use crate::spreadsheet;
use crate::state::AppState;
use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, delete, get, post, put, web};
use annex_domain::audits::questionnaires::{
    MyQuestionnaire, Questionnaire, QuestionnaireDefinition, QuestionnaireResponse,
    RaiseAnswerFinding, SaveAnswers, Standing,
};
use annex_domain::packs::policy_packs::Nudged;
use annex_domain::work::exchange::{Cell, ExchangeFormat, Sheet, file_name};
use annex_domain::work::items::Item;
use annex_domain::{Action, Problem};
use annex_store::{
    StoreError, audits::questionnaire_responses as responses, audits::questionnaires,
};
use serde::Deserialize;
use uuid::Uuid;
use validator::Validate;

/// A store failure in the API's terms, a missing record being the questionnaire.
fn refused(e: StoreError) -> ApiError {
    match e {
        StoreError::NotFound => ApiError::not_found("questionnaire"),
        other => other.into(),
    }
}

/// The questionnaire of an audit with its audience's progress; `row_version` is its ETag.
#[utoipa::path(tag = "questionnaires", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The audit's item id")),
    responses(
    (status = 200, description = "The questionnaire", body = Questionnaire),
    (status = 404, description = "No such audit in this organisation, or it has no questionnaire", body = Problem, content_type = "application/problem+json"),
))]
#[get("/audits/{id}/questionnaire")]
pub async fn get_questionnaire(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, id) = (caller.org(), id.into_inner());
    let q = state
        .read(move |conn| questionnaires::get(conn, org, id).map_err(refused))
        .await?;
    Ok(ok_with_etag(q.row_version).json(q))
}

/// Gives an audit (an activity of the audit programme) its questionnaire, as a draft: title,
/// introduction, questions in order, audience and closing date. One per audit.
#[utoipa::path(tag = "questionnaires", security(("bearer" = [])), request_body = QuestionnaireDefinition,
    params(("id" = Uuid, Path, description = "The audit's item id")),
    responses(
    (status = 201, description = "The draft", body = Questionnaire),
    (status = 403, description = "The role may not prepare questionnaires", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such audit in this organisation", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The audit has a questionnaire already", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "A question, a control or the audience is not valid (field by field)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/audits/{id}/questionnaire")]
pub async fn create_questionnaire(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<QuestionnaireDefinition>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::EditAnyItem)?;
    body.validate()?;
    let (org, actor, id, body) = (
        caller.org(),
        caller.user(),
        id.into_inner(),
        body.into_inner(),
    );
    let q = state
        .write(move |conn| questionnaires::create(conn, org, actor, id, &body).map_err(refused))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            actix_web::http::header::ETAG,
            crate::etag::etag(q.row_version),
        ))
        .json(q))
}

/// Replaces the questionnaire's definition. Once sent its questions are frozen (409 if they
/// differ) but its title, introduction, audience and closing date may change; closed, nothing.
#[utoipa::path(tag = "questionnaires", security(("bearer" = [])), request_body = QuestionnaireDefinition,
    params(("id" = Uuid, Path, description = "The audit's item id"),
           ("If-Match" = String, Header, description = "The questionnaire's ETag")),
    responses(
    (status = 200, description = "Changed", body = Questionnaire),
    (status = 403, description = "The role may not prepare questionnaires", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such audit or questionnaire", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Sent (the questions are frozen) or closed", body = Problem, content_type = "application/problem+json"),
    PreconditionResponses,
    (status = 422, description = "A question, a control or the audience is not valid (field by field)", body = Problem, content_type = "application/problem+json"),
))]
#[put("/audits/{id}/questionnaire")]
pub async fn update_questionnaire(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<QuestionnaireDefinition>,
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
    let q = state
        .write(move |conn| {
            questionnaires::update(conn, org, actor, id, expected, &body).map_err(refused)
        })
        .await?;
    Ok(ok_with_etag(q.row_version).json(q))
}

/// Deletes a draft questionnaire (a sent one's responses are evidence: close it instead).
#[utoipa::path(tag = "questionnaires", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The audit's item id"),
           ("If-Match" = String, Header, description = "The questionnaire's ETag")),
    responses(
    (status = 204, description = "Deleted"),
    (status = 403, description = "The role may not prepare questionnaires", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such audit or questionnaire", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Sent already", body = Problem, content_type = "application/problem+json"),
    PreconditionResponses,
))]
#[delete("/audits/{id}/questionnaire")]
pub async fn delete_questionnaire(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    caller.require(Action::EditAnyItem)?;
    let expected = if_match.expected()?;
    let (org, actor, id) = (caller.org(), caller.user(), id.into_inner());
    state
        .write(move |conn| questionnaires::delete(conn, org, actor, id, expected).map_err(refused))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Sends the draft: its questions freeze and everyone in the audience is asked (and notified).
#[utoipa::path(tag = "questionnaires", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The audit's item id"),
           ("If-Match" = String, Header, description = "The questionnaire's ETag")),
    responses(
    (status = 200, description = "Sent", body = Questionnaire),
    (status = 403, description = "The role may not send questionnaires", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such audit or questionnaire", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Sent already", body = Problem, content_type = "application/problem+json"),
    PreconditionResponses,
    (status = 422, description = "No questions, no audience, or a closing date past", body = Problem, content_type = "application/problem+json"),
))]
#[post("/audits/{id}/questionnaire/send")]
pub async fn send_questionnaire(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    caller.require(Action::EditAnyItem)?;
    let expected = if_match.expected()?;
    let (org, actor, id) = (caller.org(), caller.user(), id.into_inner());
    let q = state
        .write(move |conn| questionnaires::send(conn, org, actor, id, expected).map_err(refused))
        .await?;
    Ok(ok_with_etag(q.row_version).json(q))
}

/// Closes the questionnaire: no more answers; the responses stay.
#[utoipa::path(tag = "questionnaires", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The audit's item id"),
           ("If-Match" = String, Header, description = "The questionnaire's ETag")),
    responses(
    (status = 200, description = "Closed", body = Questionnaire),
    (status = 403, description = "The role may not close questionnaires", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such audit or questionnaire", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not open", body = Problem, content_type = "application/problem+json"),
    PreconditionResponses,
))]
#[post("/audits/{id}/questionnaire/close")]
pub async fn close_questionnaire(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    caller.require(Action::EditAnyItem)?;
    let expected = if_match.expected()?;
    let (org, actor, id) = (caller.org(), caller.user(), id.into_inner());
    let q = state
        .write(move |conn| questionnaires::close(conn, org, actor, id, expected).map_err(refused))
        .await?;
    Ok(ok_with_etag(q.row_version).json(q))
}

/// Notifies everyone asked who has not submitted their answers.
#[utoipa::path(tag = "questionnaires", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The audit's item id")),
    responses(
    (status = 200, description = "How many were notified", body = Nudged),
    (status = 403, description = "The role may not nudge", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such audit or questionnaire", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not open", body = Problem, content_type = "application/problem+json"),
))]
#[post("/audits/{id}/questionnaire/nudge")]
pub async fn nudge_questionnaire(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::EditAnyItem)?;
    let (org, actor, id) = (caller.org(), caller.user(), id.into_inner());
    let notified = state
        .write(move |conn| questionnaires::nudge(conn, org, actor, id).map_err(refused))
        .await?;
    Ok(HttpResponse::Ok().json(Nudged { notified }))
}

/// Every response: the people asked and anyone else who answered, by name, with where each
/// stands and their answers, each flagged conforming or not with the finding raised from it.
#[utoipa::path(tag = "questionnaires", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The audit's item id")),
    responses(
    (status = 200, description = "The responses, by name", body = Vec<QuestionnaireResponse>),
    (status = 404, description = "No such audit or questionnaire", body = Problem, content_type = "application/problem+json"),
))]
#[get("/audits/{id}/questionnaire/responses")]
pub async fn questionnaire_responses(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, id) = (caller.org(), id.into_inner());
    let list = state
        .read(move |conn| responses::responses(conn, org, id).map_err(refused))
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// `GET /audits/{id}/questionnaire/responses/export`: the file's format.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ResponsesExport {
    pub format: ExchangeFormat,
}

/// The responses as a sheet: Name, Email, Standing, Submitted, one column per question, and the
/// questions answered non-conformingly.
fn responses_sheet(q: &Questionnaire, people: Vec<QuestionnaireResponse>) -> Sheet {
    let mut header: Vec<String> = ["Name", "Email", "Standing", "Submitted (UTC)"]
        .map(str::to_owned)
        .to_vec();
    header.extend(
        q.questions
            .iter()
            .enumerate()
            .map(|(n, question)| format!("Q{} {}", n + 1, question.text)),
    );
    header.push("Non-conforming".to_owned());
    let rows = people
        .into_iter()
        .map(|p| {
            let mut row = vec![
                Cell::Text(p.name),
                Cell::Text(p.email),
                Cell::Text(p.standing.label().to_owned()),
                Cell::Text(
                    p.submitted_at
                        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
                        .unwrap_or_default(),
                ),
            ];
            let mut flagged = Vec::new();
            for (n, question) in q.questions.iter().enumerate() {
                let answer = p.answers.iter().find(|a| a.question_id == question.id);
                if answer.is_some_and(|a| a.conforming == Some(false))
                    && p.standing == Standing::Submitted
                {
                    flagged.push(format!("Q{}", n + 1));
                }
                row.push(Cell::Text(
                    answer.map(|a| a.value.clone()).unwrap_or_default(),
                ));
            }
            row.push(Cell::Text(flagged.join(", ")));
            row
        })
        .collect();
    Sheet { header, rows }
}

/// The responses as a file (CSV or XLSX): one row per person, one column per question.
#[utoipa::path(tag = "questionnaires", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The audit's item id"), ResponsesExport),
    responses(
    (status = 200, description = "The file, as an attachment", content(
        (String = "text/csv"),
        (crate::openapi::BinaryFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    )),
    (status = 404, description = "No such audit or questionnaire", body = Problem, content_type = "application/problem+json"),
))]
#[get("/audits/{id}/questionnaire/responses/export")]
pub async fn export_questionnaire_responses(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    params: web::Query<ResponsesExport>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, id, format) = (caller.org(), id.into_inner(), params.into_inner().format);
    let (name, file) = state
        .read(move |conn| {
            let q = questionnaires::get(conn, org, id).map_err(refused)?;
            let people = responses::responses(conn, org, id).map_err(refused)?;
            let sheet = responses_sheet(&q, people);
            Ok((
                format!("{} responses", q.title),
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

/// Raises a finding of the audit from a person's submitted, non-conforming answer: a corrective
/// action linked to the audit and to the question's controls, quoting the question and the
/// answer. Once per answer.
#[utoipa::path(tag = "questionnaires", security(("bearer" = [])), request_body = RaiseAnswerFinding,
    params(("id" = Uuid, Path, description = "The audit's item id")),
    responses(
    (status = 201, description = "The corrective action", body = Item),
    (status = 403, description = "The role may not raise findings", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such audit or questionnaire", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Raised from this answer already", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "No such question or answer, not submitted, or the answer conforms", body = Problem, content_type = "application/problem+json"),
))]
#[post("/audits/{id}/questionnaire/findings")]
pub async fn raise_answer_finding(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<RaiseAnswerFinding>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::EditAnyItem)?;
    body.validate()?;
    let (org, actor, id, body) = (
        caller.org(),
        caller.user(),
        id.into_inner(),
        body.into_inner(),
    );
    let item = state
        .write(move |conn| responses::raise_finding(conn, org, actor, id, &body).map_err(refused))
        .await?;
    Ok(HttpResponse::Created().json(item))
}

/// The questionnaires asked of the caller: the open ones whose audience they are in and the
/// closed ones they answered, each with their answers and where they stand.
#[utoipa::path(tag = "questionnaires", security(("bearer" = [])), responses(
    (status = 200, description = "The caller's questionnaires", body = Vec<MyQuestionnaire>),
))]
#[get("/me/questionnaires")]
pub async fn my_questionnaires(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, user) = (caller.org(), caller.user());
    let list = state
        .read(move |conn| Ok(responses::mine(conn, org, user)?))
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// One questionnaire asked of the caller, with their answers.
#[utoipa::path(tag = "questionnaires", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The audit's item id")),
    responses(
    (status = 200, description = "The caller's questionnaire", body = MyQuestionnaire),
    (status = 404, description = "No questionnaire of this audit is asked of the caller", body = Problem, content_type = "application/problem+json"),
))]
#[get("/me/questionnaires/{id}")]
pub async fn my_questionnaire(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, user, id) = (caller.org(), caller.user(), id.into_inner());
    let q = state
        .read(move |conn| responses::my_questionnaire(conn, org, user, id).map_err(refused))
        .await?;
    Ok(HttpResponse::Ok().json(q))
}

/// Saves some of the caller's answers; a partial save is fine, an empty value clears an answer.
#[utoipa::path(tag = "questionnaires", security(("bearer" = [])), request_body = SaveAnswers,
    params(("id" = Uuid, Path, description = "The audit's item id")),
    responses(
    (status = 200, description = "The caller's questionnaire", body = MyQuestionnaire),
    (status = 404, description = "No questionnaire of this audit is asked of the caller", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Closed, or the caller's answers are submitted", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "An answer the question does not take (answers[n].value) or an unknown question", body = Problem, content_type = "application/problem+json"),
))]
#[put("/me/questionnaires/{id}/answers")]
pub async fn save_my_answers(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<SaveAnswers>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, user, id, body) = (
        caller.org(),
        caller.user(),
        id.into_inner(),
        body.into_inner(),
    );
    let q = state
        .write(move |conn| responses::save_answers(conn, org, user, id, &body).map_err(refused))
        .await?;
    Ok(HttpResponse::Ok().json(q))
}

/// Submits the caller's answers; every required question must be answered (422 naming each
/// unanswered one as `questions[n]`). From then on the answers are kept as they are.
#[utoipa::path(tag = "questionnaires", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The audit's item id")),
    responses(
    (status = 200, description = "The caller's questionnaire, submitted", body = MyQuestionnaire),
    (status = 404, description = "No questionnaire of this audit is asked of the caller", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Closed", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Required questions unanswered", body = Problem, content_type = "application/problem+json"),
))]
#[post("/me/questionnaires/{id}/submit")]
pub async fn submit_my_answers(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, user, id) = (caller.org(), caller.user(), id.into_inner());
    let q = state
        .write(move |conn| responses::submit(conn, org, user, id).map_err(refused))
        .await?;
    Ok(HttpResponse::Ok().json(q))
}
