//! Members of the organisation: list, add (with a password or an invitation), read, change, deactivate.

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::etag::{IfMatch, etag, ok_with_etag};
use crate::openapi_responses::PreconditionResponses;
use crate::state::AppState;
use actix_web::http::header::ETAG;
use actix_web::{HttpResponse, get, patch, post, web};
use annex_domain::access::users::{
    CreateMember, CreatedMember, Member, MemberFilter, UpdateMember,
};
use annex_domain::rights::{self, MemberRefusal};
use annex_domain::{Action, Page, PageParams, Problem, UserId};
use annex_store::access::credentials::{hash_password, hash_secret, random_secret};
use annex_store::access::members::{self, Credential};
use annex_store::events::mails;
use validator::Validate;

/// One page of the organisation's members, by email; every member may see who else is one.
#[utoipa::path(tag = "users", security(("bearer" = [])), params(MemberFilter, PageParams), responses(
    (status = 200, description = "A page of members", body = Page<Member>),
    (status = 422, description = "Bad limit or cursor", body = Problem, content_type = "application/problem+json"),
))]
#[get("/users")]
pub async fn list_users(
    state: web::Data<AppState>,
    caller: Caller,
    filter: web::Query<MemberFilter>,
    page: web::Query<PageParams>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadMembers)?;
    let (limit, after) = (page.limit()?, page.after()?);
    let org = caller.org();
    let filter = filter.into_inner();
    let page = state
        .read(move |conn| Ok(members::list(conn, org, &filter, limit, after.as_ref())?))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Adds a person: with a password, or without one to get a one-time invitation code, which is also
/// mailed to them as a link to the accept page (queued in the outbox with the change). An address
/// that already has an account is invited instead: the person accepts the invitation themselves,
/// and the answer is the same as for a new address.
#[utoipa::path(tag = "users", security(("bearer" = [])), request_body = CreateMember, responses(
    (status = 201, description = "Added", body = CreatedMember),
    (status = 403, description = "The role may not add members, or not with that role", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Already a member", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid body", body = Problem, content_type = "application/problem+json"),
))]
#[post("/users")]
pub async fn create_user(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<CreateMember>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ManageMembers)?;
    let mut body = body.into_inner();
    body.email = members::normalise_email(&body.email);
    body.validate()?;
    if !caller.role().may_grant(body.role) {
        return Err(ApiError::Forbidden(format!(
            "your role ({}) cannot make someone {}",
            caller.role(),
            body.role
        )));
    }
    let (credential, invitation) = match body.password.clone() {
        Some(password) => {
            let hash = web::block(move || hash_password(&password))
                .await?
                .map_err(|e| ApiError::Internal(format!("hashing failed: {e}")))?;
            (Credential::PasswordHash(hash), None)
        }
        None => {
            let code = random_secret();
            (Credential::InvitationHash(hash_secret(&code)), Some(code))
        }
    };
    let (org, actor) = (caller.org(), caller.user());
    let code = invitation.clone();
    let member = state
        .write(move |conn| {
            let member = members::create(conn, org, Some(actor), &body, credential)?;
            // The invitation goes out by mail with the change: the admin need not pass the code on.
            if let Some(code) = code.as_deref().filter(|_| member.invited) {
                mails::queue_invitation(
                    conn,
                    org,
                    actor,
                    member.id.into(),
                    &member.display_name,
                    code,
                )?;
            }
            Ok(member)
        })
        .await?;
    // An existing account keeps its own password: no invitation is needed for it.
    let invitation = invitation.filter(|_| member.invited);
    Ok(HttpResponse::Created()
        .insert_header((ETAG, etag(member.version)))
        .json(CreatedMember { member, invitation }))
}

/// One member of the organisation.
#[utoipa::path(tag = "users", security(("bearer" = [])), params(("id" = Uuid, Path, description = "The user id")), responses(
    (status = 200, description = "The member", body = Member),
    (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such member in this organisation", body = Problem, content_type = "application/problem+json"),
))]
#[get("/users/{id}")]
pub async fn get_user(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<UserId>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadMembers)?;
    let (org, id) = (caller.org(), id.into_inner());
    let member = state
        .read(move |conn| members::get(conn, org, id).or_not_found("member"))
        .await?;
    Ok(ok_with_etag(member.version).json(member))
}

/// Changes a member's role, or deactivates/reactivates them. Deactivation ends their sessions and
/// revokes their API tokens in this organisation; reactivation revives neither. The person's name
/// is theirs (`PATCH /me`): a `display_name` other than the current one is refused.
#[utoipa::path(tag = "users", security(("bearer" = [])), request_body = UpdateMember,
    params(("id" = Uuid, Path, description = "The user id"), ("If-Match" = String, Header, description = "The member's ETag")),
    responses(
    (status = 200, description = "Changed", body = Member),
    (status = 403, description = "The role may not make this change", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such member in this organisation", body = Problem, content_type = "application/problem+json"),
    PreconditionResponses,
    (status = 422, description = "Invalid body, or it would leave no active owner, or it changes the caller's own role, or the person's name", body = Problem, content_type = "application/problem+json"),
))]
#[patch("/users/{id}")]
pub async fn update_user(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<UserId>,
    if_match: IfMatch,
    body: web::Json<UpdateMember>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ManageMembers)?;
    let expected = if_match.expected()?;
    body.validate()?;
    let body = body.into_inner();
    let (org, actor, role, id) = (caller.org(), caller.user(), caller.role(), id.into_inner());
    let member = state
        .write(move |conn| {
            let target = members::get(conn, org, id).or_not_found("member")?;
            rights::may_change_member(role, actor.uuid(), &target, &body).map_err(|refusal| {
                let why = refusal.to_string();
                match refusal {
                    MemberRefusal::Themself => ApiError::Rule(why),
                    MemberRefusal::Name => {
                        ApiError::Validation([("display_name".to_owned(), vec![why])].into())
                    }
                    MemberRefusal::OwnersOnly => ApiError::Forbidden(why),
                }
            })?;
            Ok(members::update(conn, org, actor, id, expected, &body)?)
        })
        .await?;
    Ok(ok_with_etag(member.version).json(member))
}
