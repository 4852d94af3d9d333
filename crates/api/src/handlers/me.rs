//! Who the caller is: their account, the organisation the session acts in, their role and memberships.

use crate::auth::{Caller, Via};
use crate::error::ApiResult;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use annex_domain::Problem;
use annex_domain::auth::Me;
use annex_store::{members, organisations};

/// The caller, their organisation and role, and every organisation they belong to.
#[utoipa::path(tag = "auth", security(("bearer" = [])), responses(
    (status = 200, description = "The caller", body = Me),
    (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
))]
#[get("/me")]
pub async fn me(state: web::Data<AppState>, caller: Caller) -> ApiResult<HttpResponse> {
    let (org, user) = (caller.org(), caller.user());
    let (organisation, memberships) = state
        .read(move |conn| {
            Ok((
                organisations::get(conn, org)?,
                members::memberships_of(conn, user)?,
            ))
        })
        .await?;
    let (via, scope) = match caller.via {
        Via::Session { .. } => ("session", None),
        Via::ApiToken { scope } => ("api_token", Some(scope)),
    };
    Ok(HttpResponse::Ok().json(Me {
        user: caller.access.user.clone(),
        organisation,
        role: caller.role(),
        memberships,
        via: via.into(),
        scope,
    }))
}
