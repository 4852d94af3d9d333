//! A request's query string and JSON body, screened before any handler runs.
//!
//! U+0000 in text: PostgreSQL cannot store it, so neither database gets it. A JSON body or query
//! string carrying it is refused with a 422 that names the field, before any handler runs, so both
//! databases answer alike. (Uploaded spreadsheets are checked cell by cell where they are read.)
//! The same guard refuses a JSON body that is a list (every body of the API is an object) and
//! keeps the body so a refusal of its shape can name the field.

use crate::error::ApiError;
use crate::state::AppState;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, ResponseError, web};
use futures_util::StreamExt;
use serde_json::Value;
use std::collections::BTreeMap;

const MESSAGE: &str = "must not contain the NUL character (U+0000)";

/// Refuses requests whose query or JSON body holds U+0000, naming the parameter or field, and JSON
/// bodies that are not objects.
pub async fn screen_input(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if let Some(field) = nul_in_query(req.query_string()) {
        return Ok(refuse(req, field, MESSAGE));
    }
    let json = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("json"));
    if json {
        let limit = req
            .app_data::<web::Data<AppState>>()
            .map_or(1024 * 1024, |s| s.config.max_body_bytes);
        // Read at most one byte past the limit: the JSON extractor then refuses an oversized body
        // with its own 413, and nothing larger is ever held here.
        let mut payload = req.take_payload();
        let mut body = web::BytesMut::new();
        while let Some(chunk) = payload.next().await {
            body.extend_from_slice(&chunk?);
            if body.len() > limit {
                break;
            }
        }
        let body = body.freeze();
        // Kept for the JSON extractor's refusals, which name the field from it.
        req.extensions_mut()
            .insert(crate::json_errors::JsonBody(body.clone()));
        let field = nul_in_json(&body);
        // Every body of the API is an object: serde would otherwise read an array as a struct's
        // fields in order, so `[null, null]` would pass for `{}`.
        let array = body
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|b| *b == b'[');
        req.set_payload(Payload::from(body));
        if let Some(field) = field {
            return Ok(refuse(req, field, MESSAGE));
        }
        if array {
            return Ok(refuse(
                req,
                "body".into(),
                "must be a JSON object, not a list",
            ));
        }
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_boxed_body)
}

fn refuse(req: ServiceRequest, field: String, message: &str) -> ServiceResponse<BoxBody> {
    let error = ApiError::Validation(BTreeMap::from([(field, vec![message.to_owned()])]));
    req.into_response(error.error_response())
}

/// The first query parameter whose name or value decodes to text with U+0000.
fn nul_in_query(query: &str) -> Option<String> {
    if !query.contains("%00") {
        return None;
    }
    url_decoded_pairs(query)
        .find(|(name, value)| name.contains('\0') || value.contains('\0'))
        .map(|(name, _)| name.replace('\0', "\u{fffd}"))
}

fn url_decoded_pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query)
        .unwrap_or_default()
        .into_iter()
}

/// The path (`title`, `fields.severity`, `rows[2].note`) of the first string or key in a JSON
/// body that holds U+0000; `None` for bodies without one, or that are not JSON at all (the
/// extractor reports those).
fn nul_in_json(body: &[u8]) -> Option<String> {
    // U+0000 can only be written as the escape \u0000 in JSON: most bodies are cleared by a scan.
    if !body.windows(6).any(|w| w.eq_ignore_ascii_case(b"\\u0000")) {
        return None;
    }
    let value: Value = serde_json::from_slice(body).ok()?;
    find(&value, String::new())
}

fn find(value: &Value, at: String) -> Option<String> {
    match value {
        Value::String(s) if s.contains('\0') => {
            Some(if at.is_empty() { "body".into() } else { at })
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| find(item, format!("{at}[{i}]"))),
        Value::Object(fields) => fields.iter().find_map(|(key, item)| {
            let path = match at.is_empty() {
                true => key.replace('\0', "\u{fffd}"),
                false => format!("{at}.{}", key.replace('\0', "\u{fffd}")),
            };
            match key.contains('\0') {
                true => Some(path),
                false => find(item, path),
            }
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{nul_in_json, nul_in_query};

    #[test]
    fn the_field_with_nul_is_named_wherever_it_is() {
        assert_eq!(
            nul_in_json(br#"{"title":"a\u0000b"}"#).as_deref(),
            Some("title")
        );
        assert_eq!(
            nul_in_json(br#"{"title":"ok","fields":{"sev":["x","\u0000"]}}"#).as_deref(),
            Some("fields.sev[1]")
        );
        assert_eq!(
            nul_in_json(br#"{"k\u0000":1}"#).as_deref(),
            Some("k\u{fffd}")
        );
    }

    #[test]
    fn an_escaped_backslash_before_u0000_is_plain_text() {
        assert_eq!(nul_in_json(br#"{"title":"C:\\u0000"}"#), None);
        assert_eq!(nul_in_json(br#"{"title":"fine"}"#), None);
        assert_eq!(nul_in_json(b"not json \\u0000"), None);
    }

    #[test]
    fn query_parameters_are_decoded_before_they_are_checked() {
        assert_eq!(nul_in_query("q=a%00b&limit=5").as_deref(), Some("q"));
        assert_eq!(nul_in_query("q=a%2500b"), None);
        assert_eq!(nul_in_query("q=plain"), None);
    }
}
