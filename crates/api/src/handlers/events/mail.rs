//! The organisation's mail, for owners and admins (Settings → E-mail): whether it goes out, the
//! digest hour, the outbox with each mail's state, a failed mail sent again, a test mail.

use crate::auth::Caller;
use crate::error::{ApiResult, OrNotFound};
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, put, web};
use annex_domain::events::mail::{
    ChangeMailSettings, MailSettings, MailState, OutboxFilter, OutboxMail, SendTestMail,
};
use annex_domain::{Action, OrgId, Page, PageParams, Problem};
use annex_store::DbConnection;
use annex_store::events::{digests, mails, outbox, reminders};
use uuid::Uuid;
use validator::Validate;

/// The settings as the caller's organisation has them.
fn settings_of(state: &AppState, conn: &mut DbConnection, org: OrgId) -> ApiResult<MailSettings> {
    Ok(MailSettings {
        smtp_configured: state.mailer.configured(),
        from: Some(state.mailer.from()),
        public_url: Some(state.config.mail.public_url.clone()),
        digest_hour: digests::hour(conn, org)?,
        reminder_days: reminders::lead_days(conn, org)?,
        queued: outbox::count(conn, org, MailState::Queued)?,
        failed: outbox::count(conn, org, MailState::Failed)?,
    })
}

/// Whether mail goes out (an SMTP server is configured), as whom, where links point, the hour of
/// the daily digests and how many mails wait or failed.
#[utoipa::path(tag = "organisation", security(("bearer" = [])), responses(
    (status = 200, description = "The mail settings", body = MailSettings),
))]
#[get("/mail/settings")]
pub async fn get_mail_settings(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ManageOrganisation)?;
    let org = caller.org();
    let shared = state.clone();
    let settings = state
        .read(move |conn| settings_of(&shared, conn, org))
        .await?;
    Ok(HttpResponse::Ok().json(settings))
}

/// Sets the hour (UTC) at which the organisation's daily digests go out, and how many days before
/// an item's due date its assignee is reminded.
#[utoipa::path(tag = "organisation", security(("bearer" = [])), request_body = ChangeMailSettings, responses(
    (status = 200, description = "The mail settings after the change", body = MailSettings),
    (status = 422, description = "Invalid body (an hour outside 0–23, a lead outside 0–60 days)", body = Problem, content_type = "application/problem+json"),
))]
#[put("/mail/settings")]
pub async fn change_mail_settings(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<ChangeMailSettings>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ManageOrganisation)?;
    body.validate()?;
    let (org, actor, change) = (caller.org(), caller.user(), body.into_inner());
    let shared = state.clone();
    let settings = state
        .write(move |conn| {
            if let Some(hour) = change.digest_hour {
                digests::set_hour(conn, org, actor, hour)?;
            }
            if let Some(days) = change.reminder_days {
                reminders::set_lead_days(conn, org, actor, days)?;
            }
            settings_of(&shared, conn, org)
        })
        .await?;
    Ok(HttpResponse::Ok().json(settings))
}

/// One page of the organisation's mails, newest first: to whom, what, and where each is on its way
/// out. Invitation mails keep only their subject once sent (their link worked once).
#[utoipa::path(tag = "organisation", security(("bearer" = [])), params(OutboxFilter, PageParams), responses(
    (status = 200, description = "A page of mails", body = Page<OutboxMail>),
    (status = 422, description = "Bad state, limit or cursor", body = Problem, content_type = "application/problem+json"),
))]
#[get("/mail/outbox")]
pub async fn list_outbox(
    state: web::Data<AppState>,
    caller: Caller,
    filter: web::Query<OutboxFilter>,
    page: web::Query<PageParams>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ManageOrganisation)?;
    let (limit, after) = (page.limit()?, page.after()?);
    let (org, wanted) = (caller.org(), filter.state);
    let page = state
        .read(move |conn| Ok(outbox::list(conn, org, wanted, limit, after.as_ref())?))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Puts a failed mail back in the queue, to be sent at the next run.
#[utoipa::path(tag = "organisation", security(("bearer" = [])), params(("id" = Uuid, Path, description = "The mail id")), responses(
    (status = 200, description = "Queued again", body = OutboxMail),
    (status = 404, description = "No such mail in this organisation", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "The mail has not failed", body = Problem, content_type = "application/problem+json"),
))]
#[post("/mail/outbox/{id}/retry")]
pub async fn retry_mail(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ManageOrganisation)?;
    let (org, actor, id) = (caller.org(), caller.user(), id.into_inner());
    let mail = state
        .write(move |conn| {
            outbox::retry(conn, org, actor, id, annex_store::clock::now()).or_not_found("mail")
        })
        .await?;
    Ok(HttpResponse::Ok().json(mail))
}

/// Queues a test mail to an address, or to the caller's own; it goes out with the next run of the
/// sender (or waits, without an SMTP server).
#[utoipa::path(tag = "organisation", security(("bearer" = [])), request_body = SendTestMail, responses(
    (status = 202, description = "Queued", body = OutboxMail),
    (status = 422, description = "Invalid body (not an e-mail address)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/mail/test")]
pub async fn send_test_mail(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<SendTestMail>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ManageOrganisation)?;
    body.validate()?;
    let (org, user) = (caller.org(), caller.user());
    let to = body.into_inner().to.map(|to| to.trim().to_owned());
    let mail = state
        .write(move |conn| Ok(mails::queue_test(conn, org, user, to.as_deref())?))
        .await?;
    Ok(HttpResponse::Accepted().json(mail))
}
