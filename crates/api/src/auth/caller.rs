//! The caller of a request, resolved from its bearer token — a session's JWT or an integration's API
//! token — to an active membership, re-checked on every request so deactivation bites at once.

use crate::error::ApiError;
use crate::state::AppState;
use actix_web::dev::Payload;
use actix_web::http::Method;
use actix_web::{FromRequest, HttpRequest, web};
use annex_domain::access::auth::API_TOKEN_PREFIX;
use annex_domain::access::scope::Scope;
use annex_domain::access::tokens::TokenScope;
use annex_domain::{Action, OrgId, Role, UserId};
use annex_store::access::members::{self, Access};
use annex_store::{access::api_tokens, access::sessions};
use futures_util::future::LocalBoxFuture;
use uuid::Uuid;

/// How the caller authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// A signed-in person's session.
    Session { session: Uuid },
    /// An integration's API token.
    ApiToken { scope: TokenScope },
}

/// An authenticated, active member of one organisation.
#[derive(Debug, Clone)]
pub struct Caller {
    pub access: Access,
    pub via: Via,
}

impl Caller {
    /// The caller's organisation: every query of the request is confined to it.
    pub fn org(&self) -> OrgId {
        self.access.org_id
    }

    /// The caller's user id.
    pub fn user(&self) -> UserId {
        self.access.user.id.into()
    }

    /// The caller's role in the organisation.
    pub fn role(&self) -> Role {
        self.access.role
    }

    /// The organisation, person and role the request acts with.
    pub fn scope(&self) -> Scope {
        Scope {
            org: self.org(),
            actor: self.user(),
            role: self.role(),
        }
    }

    /// Fails with 403 unless the caller's role may do `action`.
    pub fn require(&self, action: Action) -> Result<(), ApiError> {
        if self.role().can(action) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(format!(
                "your role ({}) does not allow this",
                self.role()
            )))
        }
    }
}

fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

fn unauthorized() -> ApiError {
    ApiError::Unauthorized(
        "sign in first: send Authorization: Bearer <access token or API token>".into(),
    )
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Caller, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer(req);
        let reads_only = matches!(*req.method(), Method::GET | Method::HEAD);
        Box::pin(async move {
            let state =
                state.ok_or_else(|| ApiError::Internal("application state missing".into()))?;
            let token = token.ok_or_else(unauthorized)?;
            if token.starts_with(API_TOKEN_PREFIX) {
                let found = state
                    .read(move |conn| Ok(api_tokens::authenticate(conn, &token)?))
                    .await?;
                let (access, scope) = found.ok_or_else(|| {
                    ApiError::Unauthorized("the API token is unknown, expired or revoked".into())
                })?;
                if scope == TokenScope::Read && !reads_only {
                    return Err(ApiError::Forbidden("this API token is read-only".into()));
                }
                return Ok(Caller {
                    access,
                    via: Via::ApiToken { scope },
                });
            }
            let claims = state.jwt.verify(&token).ok_or_else(|| {
                ApiError::Unauthorized(
                    "the access token is invalid or has expired; refresh it or sign in".into(),
                )
            })?;
            let access = state
                .read(move |conn| {
                    if !sessions::is_live(conn, claims.sid)? {
                        return Ok(None);
                    }
                    Ok(members::active_access(conn, claims.sub, claims.org)?)
                })
                .await?
                .ok_or_else(|| {
                    ApiError::Unauthorized(
                        "the session has ended or the account is deactivated".into(),
                    )
                })?;
            Ok(Caller {
                access,
                via: Via::Session {
                    session: claims.sid,
                },
            })
        })
    }
}
