//! The caller's API tokens for integrations: list, create (secret shown once), revoke.

use crate::auth::{Caller, Via};
use crate::error::{ApiError, ApiResult};
use crate::etag::{IfMatch, etag};
use crate::openapi_responses::PreconditionResponses;
use crate::state::AppState;
use actix_web::http::header::ETAG;
use actix_web::{HttpResponse, delete, get, post, web};
use annex_domain::access::tokens::{ApiToken, CreateApiToken, CreatedApiToken, TokenScope};
use annex_domain::{Action, Page, PageParams, Problem};
use annex_store::access::api_tokens;
use uuid::Uuid;
use validator::Validate;

/// Tokens are managed by a signed-in person, never by another token.
fn require_session(caller: &Caller) -> ApiResult<()> {
    caller.require(Action::ManageOwnTokens)?;
    match caller.via {
        Via::Session { .. } => Ok(()),
        Via::ApiToken { .. } => Err(ApiError::Forbidden(
            "API tokens are managed by signing in, not with a token".into(),
        )),
    }
}

/// One page of the caller's API tokens, newest first.
#[utoipa::path(tag = "api-tokens", security(("bearer" = [])), params(PageParams), responses(
    (status = 200, description = "A page of the caller's tokens", body = Page<ApiToken>),
    (status = 403, description = "Called with an API token", body = Problem, content_type = "application/problem+json"),
))]
#[get("/api-tokens")]
pub async fn list_api_tokens(
    state: web::Data<AppState>,
    caller: Caller,
    page: web::Query<PageParams>,
) -> ApiResult<HttpResponse> {
    require_session(&caller)?;
    let (limit, after, access) = (page.limit()?, page.after()?, caller.access.clone());
    let page = state
        .read(move |conn| Ok(api_tokens::list(conn, &access, limit, after.as_ref())?))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Creates an API token; its secret is in this answer only.
#[utoipa::path(tag = "api-tokens", security(("bearer" = [])), request_body = CreateApiToken, responses(
    (status = 201, description = "Created; copy the secret now", body = CreatedApiToken),
    (status = 403, description = "Called with an API token, or a write token for a read-only role", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid body", body = Problem, content_type = "application/problem+json"),
))]
#[post("/api-tokens")]
pub async fn create_api_token(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<CreateApiToken>,
) -> ApiResult<HttpResponse> {
    require_session(&caller)?;
    body.validate()?;
    if body.scope == TokenScope::Write && !caller.role().can(Action::Write) {
        return Err(ApiError::Forbidden(format!(
            "your role ({}) cannot write, so create a read token",
            caller.role()
        )));
    }
    let (access, body) = (caller.access.clone(), body.into_inner());
    let created = state
        .write(move |conn| Ok(api_tokens::create(conn, &access, &body)?))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((ETAG, etag(created.token.version)))
        .json(created))
}

/// Revokes one of the caller's tokens; it stops working at once.
#[utoipa::path(tag = "api-tokens", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The token id"), ("If-Match" = String, Header, description = "The token's ETag")),
    responses(
    (status = 204, description = "Revoked"),
    (status = 404, description = "No such token of the caller", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Already revoked", body = Problem, content_type = "application/problem+json"),
    PreconditionResponses,
))]
#[delete("/api-tokens/{id}")]
pub async fn revoke_api_token(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    require_session(&caller)?;
    let expected = if_match.expected()?;
    let (access, id) = (caller.access.clone(), id.into_inner());
    state
        .write(move |conn| Ok(api_tokens::revoke(conn, &access, id, expected)?))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
