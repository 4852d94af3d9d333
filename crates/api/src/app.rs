//! The application factory: state, middleware, the API, its docs, metrics and the web UI in one `App`.

use crate::guards::{contain_panics, head_as_get, limit_headers, screen_input, security_headers};
use crate::metrics::{observe, scrape};
use crate::rejections::{json_config, path_config, query_config};
use crate::state::AppState;
use crate::{openapi, routes, web_ui};
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::from_fn;
use actix_web::{App, HttpResponse, web};
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

/// Builds the whole application around `state`; call once per worker.
pub fn app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let web_dir = state.config.web_dir.clone();
    let json = json_config(state.config.max_body_bytes);
    let app = App::new()
        .wrap(from_fn(contain_panics))
        .wrap(from_fn(head_as_get))
        .wrap(from_fn(screen_input))
        .wrap(from_fn(limit_headers))
        .wrap(from_fn(security_headers))
        .wrap(from_fn(observe))
        .app_data(web::Data::new(state))
        .app_data(json)
        .app_data(path_config())
        .app_data(query_config())
        .service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", openapi::document()))
        .route(
            "/api/docs",
            web::get().to(|| async {
                HttpResponse::PermanentRedirect()
                    .insert_header(("Location", "/api/docs/"))
                    .finish()
            }),
        )
        .route("/metrics", web::get().to(scrape))
        .into_utoipa_app()
        .configure(routes::configure)
        .into_app();
    match web_dir {
        Some(dir) => app.default_service(web_ui::service(&dir)),
        None => app.default_service(web::to(|| async { web_ui::not_built() })),
    }
}
