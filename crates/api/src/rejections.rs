//! Turns actix's own extraction failures (bad JSON, wrong content type, oversized body, bad path or
//! query) and unknown routes into problem documents instead of plain-text or HTML errors.

use crate::error::ApiError;
use crate::json_errors::{JsonBody, field_errors};
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::{HttpMessage, HttpRequest, HttpResponse, ResponseError, web};
use std::sync::LazyLock;

/// The JSON body rules of every endpoint: a size limit and problem documents for every rejection.
pub fn json_config(limit_bytes: usize) -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(limit_bytes)
        .error_handler(move |err, req| {
            let api = match &err {
                JsonPayloadError::ContentType => ApiError::UnsupportedMediaType(
                    "send the body as JSON with Content-Type: application/json".into(),
                ),
                JsonPayloadError::OverflowKnownLength { .. }
                | JsonPayloadError::Overflow { .. } => ApiError::PayloadTooLarge(format!(
                    "the body is larger than {limit_bytes} bytes"
                )),
                JsonPayloadError::Deserialize(e) if e.is_data() => {
                    let extensions = req.extensions();
                    let body = extensions.get::<JsonBody>().map(|b| b.0.as_ref());
                    ApiError::Validation(field_errors(e, body))
                }
                JsonPayloadError::Deserialize(e) => {
                    ApiError::BadRequest(format!("malformed JSON: {e}"))
                }
                other => ApiError::BadRequest(other.to_string()),
            };
            actix_web::error::InternalError::from_response(err, api.error_response()).into()
        })
}

/// Path parameters that do not parse (e.g. an id that is not a UUID) are a 400 problem, unless
/// the path names another route that does not take the method (`PATCH /items/search`): a 405.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|err: PathError, req| {
        let allowed = allowed_methods(req.path());
        if !allowed.is_empty() && !allowed.contains(&req.method().as_str()) {
            let response = method_not_allowed(req, &allowed);
            return actix_web::error::InternalError::from_response(err, response).into();
        }
        let api = ApiError::BadRequest(format!("invalid path parameter: {err}"));
        actix_web::error::InternalError::from_response(err, api.error_response()).into()
    })
}

/// Query strings that do not parse are a 400 problem naming the parameter.
///
/// A value of the right type that its parameter's own parser refuses (a date before 1900) is a
/// 422 naming the parameter, as the document says for values out of range.
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err: QueryPayloadError, req| {
        let api = match refused_value(&err.to_string(), req.query_string()) {
            Some((name, message)) => {
                ApiError::Validation(std::collections::BTreeMap::from([(name, vec![message])]))
            }
            None => ApiError::BadRequest(format!("invalid query string: {err}")),
        };
        actix_web::error::InternalError::from_response(err, api.error_response()).into()
    })
}

/// The parameter whose value a parser refused, and why: serde says `invalid value: string
/// "0171-11-05", expected a date as …`; the value names the parameter.
fn refused_value(error: &str, query: &str) -> Option<(String, String)> {
    let rest = error.split_once("invalid value: string \"")?.1;
    let (value, expected) = rest.split_once("\", expected ")?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).ok()?;
    let (name, _) = pairs.into_iter().find(|(_, v)| v == value)?;
    Some((name, format!("must be {expected} (got {value})")))
}

/// Unknown API routes answer a 404 problem, not an empty body; a known route asked with a method
/// it does not take answers 405 with `Allow` listing the ones it does.
pub async fn unknown_route(req: HttpRequest) -> HttpResponse {
    let allowed = allowed_methods(req.path());
    if allowed.is_empty() {
        return ApiError::NotFound(format!("no route {} {}", req.method(), req.path()))
            .error_response();
    }
    method_not_allowed(&req, &allowed)
}

pub(crate) fn method_not_allowed(req: &HttpRequest, allowed: &[&str]) -> HttpResponse {
    let allow = allowed.join(", ");
    let mut response = ApiError::MethodNotAllowed(format!(
        "{} does not take {}; it takes {allow}",
        req.path(),
        req.method()
    ))
    .error_response();
    if let Ok(value) = actix_web::http::header::HeaderValue::from_str(&allow) {
        response
            .headers_mut()
            .insert(actix_web::http::header::ALLOW, value);
    }
    response
}

/// A route's path segments (`None` for a parameter) and the methods it takes.
type Route = (Vec<Option<String>>, Vec<&'static str>);

/// Every route of the API as its path's segments (`None` for a parameter) and its methods, read
/// once from the OpenAPI document, which is built from the routes themselves.
static ROUTES: LazyLock<Vec<Route>> = LazyLock::new(|| {
    crate::openapi::document()
        .paths
        .paths
        .iter()
        .map(|(path, item)| {
            let segments = path
                .split('/')
                .map(|s| (!s.starts_with('{')).then(|| s.to_owned()))
                .collect();
            let methods = [
                ("GET", item.get.is_some()),
                ("HEAD", item.get.is_some()),
                ("POST", item.post.is_some()),
                ("PUT", item.put.is_some()),
                ("PATCH", item.patch.is_some()),
                ("DELETE", item.delete.is_some()),
            ]
            .into_iter()
            .filter_map(|(m, has)| has.then_some(m))
            .collect();
            (segments, methods)
        })
        .collect()
});

/// The methods the route at `path` takes; empty when no route has that path. Where several
/// routes match, the most specific ones decide, as in routing: `/items/search` before
/// `/items/{id}`.
fn allowed_methods(path: &str) -> Vec<&'static str> {
    let asked: Vec<&str> = path.split('/').collect();
    let matching: Vec<_> = ROUTES
        .iter()
        .filter(|(segments, _)| {
            segments.len() == asked.len()
                && segments.iter().zip(&asked).all(|(s, a)| match s {
                    Some(literal) => literal == a,
                    None => !a.is_empty(),
                })
        })
        .collect();
    let literals = |segments: &[Option<String>]| segments.iter().filter(|s| s.is_some()).count();
    let most = matching.iter().map(|(s, _)| literals(s)).max().unwrap_or(0);
    matching
        .into_iter()
        .filter(|(segments, _)| literals(segments) == most)
        .flat_map(|(_, methods)| methods.iter().copied())
        .fold(Vec::new(), |mut all, m| {
            if !all.contains(&m) {
                all.push(m);
            }
            all
        })
}
