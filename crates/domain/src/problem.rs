//! The error body every endpoint returns: RFC 9457 `application/problem+json`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A machine-readable account of why a request failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI naming the kind of problem; `about:blank` when the status says it all.
    #[serde(rename = "type")]
    pub type_uri: String,
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong with this request, in words a person can act on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// A stable code the frontend and integrations can switch on, e.g. `validation`, `stale_version`.
    pub code: String,
    /// Per-field messages when the body failed validation.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub errors: BTreeMap<String, Vec<String>>,
    /// On a stale `If-Match`: the version the record has now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i64>,
}

/// Collects validator's messages per field, using the message when one is set and the code otherwise.
pub fn field_errors(errors: &validator::ValidationErrors) -> BTreeMap<String, Vec<String>> {
    errors
        .field_errors()
        .into_iter()
        .map(|(field, errs)| {
            let messages = errs
                .iter()
                .map(|e| {
                    e.message
                        .as_ref()
                        .map(|m| m.to_string())
                        .unwrap_or_else(|| format!("is invalid ({})", e.code))
                })
                .collect();
            (field.to_string(), messages)
        })
        .collect()
}
