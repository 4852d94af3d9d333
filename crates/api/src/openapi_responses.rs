//! Responses that several operations document alike, as [`utoipa::IntoResponses`] types to name
//! in a `#[utoipa::path]`'s `responses(...)` beside its own tuples.

use crate::openapi_conventions::problem;
use std::collections::BTreeMap;
use utoipa::IntoResponses;
use utoipa::openapi::{RefOr, Response};

/// The answers of a change that takes `If-Match` (see [`crate::etag::IfMatch`]): 412 when the
/// record changed since the version given, 428 when the header is missing.
pub struct PreconditionResponses;

impl IntoResponses for PreconditionResponses {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        BTreeMap::from([
            ("412".to_owned(), problem("Changed since the given version")),
            ("428".to_owned(), problem("If-Match missing")),
        ])
    }
}
