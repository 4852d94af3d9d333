//! Turns actix's own extraction failures (bad JSON, wrong content type, oversized body, bad path or
//! query) and unknown routes into problem documents instead of plain-text or HTML errors.

use crate::error::ApiError;
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use std::collections::BTreeMap;

/// The JSON body rules of every endpoint: a size limit and problem documents for every rejection.
pub fn json_config(limit_bytes: usize) -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(limit_bytes)
        .error_handler(move |err, _req| {
            let api = match &err {
                JsonPayloadError::ContentType => ApiError::UnsupportedMediaType(
                    "send the body as JSON with Content-Type: application/json".into(),
                ),
                JsonPayloadError::OverflowKnownLength { .. }
                | JsonPayloadError::Overflow { .. } => ApiError::PayloadTooLarge(format!(
                    "the body is larger than {limit_bytes} bytes"
                )),
                JsonPayloadError::Deserialize(e) if e.is_data() => {
                    ApiError::Validation(BTreeMap::from([("body".to_owned(), vec![e.to_string()])]))
                }
                JsonPayloadError::Deserialize(e) => {
                    ApiError::BadRequest(format!("malformed JSON: {e}"))
                }
                other => ApiError::BadRequest(other.to_string()),
            };
            actix_web::error::InternalError::from_response(err, api.error_response()).into()
        })
}

/// Path parameters that do not parse (e.g. an id that is not a UUID) are a 400 problem.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|err: PathError, _req| {
        let api = ApiError::BadRequest(format!("invalid path parameter: {err}"));
        actix_web::error::InternalError::from_response(err, api.error_response()).into()
    })
}

/// Query strings that do not parse are a 400 problem naming the parameter.
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err: QueryPayloadError, _req| {
        let api = ApiError::BadRequest(format!("invalid query string: {err}"));
        actix_web::error::InternalError::from_response(err, api.error_response()).into()
    })
}

/// Unknown API routes and methods answer a 404 problem, not an empty body.
pub async fn unknown_route(req: HttpRequest) -> HttpResponse {
    ApiError::NotFound(format!("no route {} {}", req.method(), req.path())).error_response()
}
