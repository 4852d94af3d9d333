//! Signing in and out: login, refresh-token rotation, logout and accepting an invitation.

use crate::auth::rate_limit::{self, AttemptKeys, client_address};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, post, web};
use annex_domain::Problem;
use annex_domain::access::auth::{
    ACCESS_TOKEN_SECONDS, AcceptInvitation, LoginRequest, RefreshRequest, TokenPair,
};
use annex_domain::{OrgId, UserId};
use annex_store::access::credentials::{decoy_hash, hash_password, hash_secret, verify_password};
use annex_store::access::members::{self, normalise_email};
use annex_store::access::sessions::{self, Rotation};
use uuid::Uuid;
use validator::Validate;

fn pair(
    state: &AppState,
    user: UserId,
    org: OrgId,
    session: Uuid,
    refresh_token: String,
) -> ApiResult<TokenPair> {
    let access_token = state
        .jwt
        .issue(user, org, session)
        .map_err(|e| ApiError::Internal(format!("signing a token failed: {e}")))?;
    Ok(TokenPair {
        access_token,
        refresh_token,
        token_type: "Bearer".into(),
        expires_in: ACCESS_TOKEN_SECONDS,
    })
}

fn wrong_credentials() -> ApiError {
    ApiError::Unauthorized("the email or password is incorrect".into())
}

/// Exchanges email and password for a session's tokens.
#[utoipa::path(tag = "auth", request_body = LoginRequest, responses(
    (status = 200, description = "Signed in", body = TokenPair),
    (status = 401, description = "Wrong email or password", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "The account is deactivated in that organisation", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid body", body = Problem, content_type = "application/problem+json"),
    (status = 429, description = "Too many attempts in the last minute from this address, for this account or in all", body = Problem, content_type = "application/problem+json"),
))]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<LoginRequest>,
) -> ApiResult<HttpResponse> {
    let mut body = body.into_inner();
    // People paste addresses with stray spaces and capitals; the account is the same.
    body.email = normalise_email(&body.email);
    body.validate()?;
    let email = body.email.clone();
    let address = client_address(&req, &state.config.trusted_proxies)
        .unwrap_or(std::net::IpAddr::from([0, 0, 0, 0]));
    let keys = AttemptKeys::new(address, &email);
    rate_limit::admit(&state, &keys).await?;
    let lookup_email = email.clone();
    let (user, memberships) = state
        .read(move |conn| {
            let Some((user, hash)) = members::login_credentials(conn, &lookup_email)? else {
                return Ok((None, Vec::new()));
            };
            Ok((
                hash.map(|h| (user, h)),
                members::memberships_of(conn, user.into())?,
            ))
        })
        .await?;
    let password = body.password;
    let verified = web::block(move || match user {
        Some((id, hash)) => verify_password(&password, &hash).then_some(id),
        None => {
            // Spend the same time on unknown emails so timing does not reveal which accounts exist.
            verify_password(&password, decoy_hash());
            None
        }
    })
    .await?;
    let Some(user_id) = verified else {
        return Err(wrong_credentials());
    };
    rate_limit::succeeded(&state, &keys).await?;
    let membership = match body.org_id {
        Some(org) => memberships.iter().find(|m| m.org_id == org),
        None => memberships
            .iter()
            .find(|m| m.active && !m.pending)
            .or(memberships.iter().find(|m| !m.pending)),
    }
    .ok_or_else(|| ApiError::Forbidden("you are not a member of that organisation".into()))?;
    if membership.pending {
        return Err(ApiError::Forbidden(format!(
            "you have not accepted the invitation to {} yet: sign in and accept it",
            membership.org_name
        )));
    }
    if !membership.active {
        return Err(ApiError::Forbidden(format!(
            "your account is deactivated in {}; ask an administrator",
            membership.org_name
        )));
    }
    let org_id = membership.org_id;
    let (owner, refresh_token) = state
        .write(move |conn| Ok(sessions::start(conn, user_id.into(), org_id.into())?))
        .await?;
    Ok(HttpResponse::Ok().json(pair(
        &state,
        owner.user_id,
        owner.org_id,
        owner.family_id,
        refresh_token,
    )?))
}

/// Spends a refresh token for a new token pair; a token used twice ends its session.
#[utoipa::path(tag = "auth", request_body = RefreshRequest, responses(
    (status = 200, description = "A new token pair", body = TokenPair),
    (status = 401, description = "Unknown, expired, revoked or reused refresh token", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid body", body = Problem, content_type = "application/problem+json"),
))]
#[post("/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    body: web::Json<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    let token = body.into_inner().refresh_token;
    // The revocation of a reused token must commit, so the outcome is returned, not raised.
    let rotation = state
        .write(move |conn| {
            let rotation = sessions::rotate(conn, &token)?;
            if let Rotation::Rotated { owner, .. } = &rotation
                && members::active_access(conn, owner.user_id, owner.org_id)?.is_none()
            {
                return Ok(Rotation::Invalid);
            }
            Ok(rotation)
        })
        .await?;
    match rotation {
        Rotation::Rotated {
            owner,
            refresh_token,
        } => Ok(HttpResponse::Ok().json(pair(
            &state,
            owner.user_id,
            owner.org_id,
            owner.family_id,
            refresh_token,
        )?)),
        Rotation::Reused => Err(ApiError::Unauthorized(
            "this refresh token was already used; the session has been ended, sign in again".into(),
        )),
        Rotation::Invalid => Err(ApiError::Unauthorized(
            "the refresh token is unknown, expired or revoked; sign in again".into(),
        )),
    }
}

/// Ends the session a refresh token belongs to; its access tokens stop working at once.
#[utoipa::path(tag = "auth", request_body = RefreshRequest, responses(
    (status = 204, description = "Signed out"),
    (status = 422, description = "Invalid body", body = Problem, content_type = "application/problem+json"),
))]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    body: web::Json<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    let token = body.into_inner().refresh_token;
    state
        .write(move |conn| Ok(sessions::end(conn, &token)?))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Accepts an invitation with its one-time code: a new account's password is set; a person who
/// already has an account proves it is theirs with their own password, which stays unchanged.
#[utoipa::path(tag = "auth", request_body = AcceptInvitation, responses(
    (status = 204, description = "Accepted; sign in with the password"),
    (status = 404, description = "Unknown or already used invitation, or not the account's password", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid body", body = Problem, content_type = "application/problem+json"),
))]
#[post("/auth/accept-invitation")]
pub async fn accept_invitation(
    state: web::Data<AppState>,
    body: web::Json<AcceptInvitation>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    let body = body.into_inner();
    let unknown = || ApiError::NotFound("the invitation is unknown or was already used".into());
    let invitation = hash_secret(&body.invitation);
    let code = invitation.clone();
    let pending = state
        .read(move |conn| Ok(members::pending_by_code(conn, &code)?))
        .await?;
    if let Some((user, org, hash)) = pending {
        let password = body.password;
        let theirs =
            web::block(move || hash.is_some_and(|hash| verify_password(&password, &hash))).await?;
        if !theirs {
            return Err(unknown());
        }
        state
            .write(move |conn| Ok(members::accept_pending(conn, user.into(), org.into())?))
            .await?;
        return Ok(HttpResponse::NoContent().finish());
    }
    let password = web::block(move || hash_password(&body.password))
        .await?
        .map_err(|e| ApiError::Internal(format!("hashing failed: {e}")))?;
    state
        .write(move |conn| {
            members::accept_invitation(conn, &invitation, &password).map_err(|e| match e {
                annex_store::StoreError::NotFound => unknown(),
                other => other.into(),
            })
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
