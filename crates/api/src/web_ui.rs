//! Serves the built web UI at `/`, answering every unknown non-API path with `index.html` so deep
//! links into the single-page app work after a reload.

use crate::error::ApiError;
use actix_files::{Files, NamedFile};
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::{HttpResponse, ResponseError};
use std::path::{Path, PathBuf};

/// The static files of the UI with the SPA fallback.
pub fn service(dir: &Path) -> Files {
    let index: PathBuf = dir.join("index.html");
    Files::new("/", dir)
        .index_file("index.html")
        .default_handler(fn_service(move |req: ServiceRequest| {
            let index = index.clone();
            async move {
                let (req, _) = req.into_parts();
                let opened = actix_web::web::block(move || NamedFile::open(index)).await;
                let response = match opened {
                    Ok(Ok(file)) => file.into_response(&req),
                    _ => not_built(),
                };
                Ok(ServiceResponse::new(req, response))
            }
        }))
}

/// The answer at `/` when the server runs without a built UI.
pub fn not_built() -> HttpResponse {
    ApiError::NotFound(
        "the web UI is not built here: run scripts/build-web, or set ANNEX_WEB_DIR to its folder"
            .into(),
    )
    .error_response()
}
