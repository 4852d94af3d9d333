//! The security headers of every response: a Content-Security-Policy the web UI runs under (no
//! inline script, no framing), `nosniff`, a strict referrer policy, `no-store` on API data (it is
//! an organisation's most sensitive picture of itself: no shared or browser cache keeps it), and
//! HSTS when the server is published over https.

use crate::state::AppState;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::error::InternalError;
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;

/// What the web UI and the API docs need: their own scripts and WebAssembly, inline style
/// attributes (Leptos and Swagger UI set them), images from data/blob URLs, and nothing else.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; \
     font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// One year, with subdomains: what HSTS preload lists ask for.
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// Adds the security headers to every response, error pages and static files included.
pub async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let api_data = req.path().starts_with("/api/") && !req.path().starts_with("/api/docs");
    let https = req
        .app_data::<web::Data<AppState>>()
        .is_some_and(|s| s.config.https());
    let set_all = |headers: &mut HeaderMap| {
        let mut set = |name: HeaderName, value: &'static str| {
            headers.insert(name, HeaderValue::from_static(value));
        };
        set(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY);
        set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
        set(header::REFERRER_POLICY, "no-referrer");
        set(header::X_FRAME_OPTIONS, "DENY");
        if api_data {
            set(header::CACHE_CONTROL, "no-store");
        }
        if https {
            set(header::STRICT_TRANSPORT_SECURITY, HSTS);
        }
    };
    match next.call(req).await {
        Ok(mut response) => {
            set_all(response.headers_mut());
            Ok(response)
        }
        // An error that reached this far (a contained panic) gets the same headers.
        Err(error) => {
            let mut response = error.error_response();
            set_all(response.headers_mut());
            Err(InternalError::from_response(error.to_string(), response).into())
        }
    }
}
