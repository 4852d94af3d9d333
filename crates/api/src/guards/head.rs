//! `HEAD` answers exactly like `GET` without the body, on every route (RFC 9110 §9.3.2): the
//! routes are declared once, for `GET`, and so is the OpenAPI document.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;

/// Serves a `HEAD` request as the `GET` it asks about, then drops the body (headers stay).
pub async fn head_as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let head = req.method() == Method::HEAD;
    if head {
        req.head_mut().method = Method::GET;
    }
    let response = next.call(req).await?.map_into_boxed_body();
    Ok(match head {
        true => response.map_body(|_, _| BoxBody::new(())),
        false => response,
    })
}
