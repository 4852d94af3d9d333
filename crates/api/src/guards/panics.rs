//! A panic inside one request answers that request with a 500 problem and is logged; it never
//! takes the worker, or the server and every other organisation with it, down.

use crate::error::ApiError;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use futures_util::FutureExt;
use std::panic::AssertUnwindSafe;

/// Runs the rest of the request, turning a panic into a 500 problem document.
///
/// The panic becomes the request's error (rendered as the problem); the request itself cannot be
/// kept aside for a response, since routing needs it unshared.
pub async fn contain_panics(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let (method, path) = (req.method().clone(), req.path().to_owned());
    // Nothing the handler shared with other requests is left half-changed by a panic: state is in
    // the database, whose transaction rolls back when its connection is dropped.
    match AssertUnwindSafe(next.call(req)).catch_unwind().await {
        Ok(response) => response.map(ServiceResponse::map_into_boxed_body),
        Err(panic) => {
            let cause = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic without a message".into());
            Err(ApiError::Internal(format!("{method} {path} panicked: {cause}")).into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::contain_panics;
    use actix_web::middleware::from_fn;
    use actix_web::{App, HttpResponse, test, web};

    #[actix_web::test]
    async fn a_panicking_handler_answers_500_and_the_next_request_is_served() {
        let app = test::init_service(
            App::new()
                .wrap(from_fn(contain_panics))
                .route(
                    "/boom",
                    web::get().to(|| async {
                        if std::hint::black_box(true) {
                            panic!("a bug in one handler");
                        }
                        HttpResponse::Ok().finish()
                    }),
                )
                .route(
                    "/fine",
                    web::get().to(|| async { HttpResponse::Ok().finish() }),
                ),
        )
        .await;
        let boom = test::try_call_service(&app, test::TestRequest::get().uri("/boom").to_request())
            .await
            .expect_err("the panic becomes the request's error")
            .error_response();
        assert_eq!(boom.status(), 500);
        let body = actix_web::body::to_bytes(boom.into_body()).await.unwrap();
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["code"], "internal");
        assert!(
            !body["detail"].as_str().unwrap_or("").contains("a bug"),
            "no internals leak"
        );
        let fine =
            test::call_service(&app, test::TestRequest::get().uri("/fine").to_request()).await;
        assert_eq!(fine.status(), 200);
    }
}
