//! Request heads larger than Annex accepts are refused with a 431 problem, like every other
//! refusal. The HTTP layer (actix-http) has hard limits of its own — 128 KiB of head, 96 header
//! fields — and answers past them with a bare 431 or 400 before any middleware runs; these limits
//! sit well below those, so a client meets them first and gets the problem document.

use crate::error::ApiError;
use actix_web::ResponseError;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;

/// The most bytes of request target and header fields (names and values) a request may carry.
pub const MAX_HEAD_BYTES: usize = 32 * 1024;

/// The most header fields a request may carry.
pub const MAX_HEADER_FIELDS: usize = 64;

/// Refuses a request whose head is over [`MAX_HEAD_BYTES`] or [`MAX_HEADER_FIELDS`].
pub async fn limit_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if let Some(why) = too_large(&req) {
        let answer = ApiError::HeadersTooLarge(why).error_response();
        return Ok(req.into_response(answer));
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

fn too_large(req: &ServiceRequest) -> Option<String> {
    let headers = req.headers();
    let fields = headers.len();
    if fields > MAX_HEADER_FIELDS {
        return Some(format!(
            "the request carries {fields} header fields; at most {MAX_HEADER_FIELDS} are accepted"
        ));
    }
    let target = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    let bytes = target
        + headers
            .iter()
            .map(|(name, value)| name.as_str().len() + value.len())
            .sum::<usize>();
    (bytes > MAX_HEAD_BYTES).then(|| {
        format!(
            "the request's address and headers take {bytes} bytes; at most {MAX_HEAD_BYTES} are accepted"
        )
    })
}
