//! The answers every operation can give because of how the API works, not because of what the
//! operation does, added to each operation's documented responses in one place: a malformed request
//! (400), no sign-in on an operation that needs one (401), a role or token scope that does not allow
//! it (403), a body too large (413) or not JSON (415), a query parameter out of range (422), and a
//! database busy past the bounded wait (503). Also the shape of `If-Match`, so a client generated
//! from the document knows what the server accepts, and the `ETag` and `Content-Disposition`
//! headers responses carry.

use utoipa::Modify;
use utoipa::openapi::path::{Operation, ParameterIn, PathItem};
use utoipa::openapi::schema::{Object, Schema, Type};
use utoipa::openapi::{ContentBuilder, OpenApi as Document, Ref, RefOr, ResponseBuilder};

/// What `If-Match` takes: the `ETag` a read gave, `"7"` (also `W/"7"` or a bare `7`).
pub const IF_MATCH_PATTERN: &str = r#"^(W/)?"?[0-9]{1,18}"?$"#;

/// Adds the conventional responses to every operation that lacks them.
pub struct Conventions;

/// A response whose body is a `Problem`, as `application/problem+json`.
pub(crate) fn problem(description: &str) -> RefOr<utoipa::openapi::Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/problem+json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("Problem")))
                    .build(),
            )
            .build(),
    )
}

/// The operations of a path item.
pub(crate) fn operations(item: &mut PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.patch,
    ]
    .into_iter()
    .filter_map(Option::as_mut)
}

fn add(operation: &mut Operation, status: &str, description: &str) {
    operation
        .responses
        .responses
        .entry(status.to_owned())
        .or_insert_with(|| problem(description));
}

/// Declares a response header (not required: a client reads it when it is there).
fn header(response: &mut RefOr<utoipa::openapi::Response>, name: &str, description: &str) {
    if let RefOr::T(response) = response {
        response.headers.entry(name.to_owned()).or_insert_with(|| {
            RefOr::T(
                utoipa::openapi::header::HeaderBuilder::new()
                    .schema(Some(Object::with_type(Type::String)))
                    .description(Some(description))
                    .build(),
            )
        });
    }
}

/// The headers that go with a response's kind: the record's version on reads and changes of
/// records that take `If-Match`, and the file name on downloads.
fn document_headers(item: &mut PathItem) {
    let versioned = [&item.put, &item.patch, &item.delete]
        .into_iter()
        .flatten()
        .any(|o| {
            o.parameters
                .iter()
                .flatten()
                .any(|p| matches!(p, RefOr::T(p) if p.name == "If-Match"))
        });
    for operation in operations(item) {
        for (status, response) in operation.responses.responses.iter_mut() {
            if !status.starts_with('2') {
                continue;
            }
            if versioned && (status == "200" || status == "201") {
                header(
                    response,
                    "ETag",
                    "The record's version, to send back as If-Match with a change",
                );
            }
            let file = matches!(response, RefOr::T(r) if r.content.keys().any(|t| {
                t.starts_with("text/csv") || t.contains("spreadsheetml")
            }));
            if file {
                header(
                    response,
                    "Content-Disposition",
                    "attachment, with the file's name",
                );
            }
        }
    }
}

impl Modify for Conventions {
    fn modify(&self, openapi: &mut Document) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            document_headers(item);
            let api = path.starts_with("/api/v1/");
            for operation in operations(item) {
                let parameters = operation.parameters.as_deref().unwrap_or_default();
                let has_query = parameters
                    .iter()
                    .any(|p| matches!(p, RefOr::T(p) if p.parameter_in == ParameterIn::Query));
                let body_types: Vec<String> = match &operation.request_body {
                    Some(RefOr::T(body)) => body.content.keys().cloned().collect(),
                    _ => Vec::new(),
                };
                if api {
                    add(
                        operation,
                        "400",
                        "Malformed request: a path or query parameter of the wrong type, JSON \
                         that does not parse, or an If-Match that is not an ETag",
                    );
                }
                // Secured: the operation states a security requirement (`security(("bearer" =
                // []))`), so a missing, unknown or expired token is answered 401 (by the `Caller`
                // extractor). Operations without one (sign-in, refresh, sign-out) document their
                // own 401, if they have one.
                let secured = operation.security.as_ref().is_some_and(|s| !s.is_empty());
                if secured {
                    add(operation, "401", "Not signed in");
                    add(
                        operation,
                        "403",
                        "The caller's role, or the API token's scope, does not allow this",
                    );
                }
                if !body_types.is_empty() {
                    add(
                        operation,
                        "413",
                        "The body is larger than the server accepts",
                    );
                }
                if body_types.iter().any(|t| t == "application/json") {
                    add(
                        operation,
                        "415",
                        "The body is not sent as Content-Type: application/json",
                    );
                }
                if has_query || !body_types.is_empty() {
                    add(
                        operation,
                        "422",
                        "A parameter or field is out of range or breaks a rule; `errors` names it",
                    );
                }
                add(
                    operation,
                    "503",
                    "The database is busy with other writes or unreachable; retry after the \
                     Retry-After seconds",
                );
                for parameter in operation.parameters.iter_mut().flatten() {
                    if let RefOr::T(parameter) = parameter
                        && parameter.name == "If-Match"
                    {
                        let mut schema = Object::with_type(Type::String);
                        schema.pattern = Some(IF_MATCH_PATTERN.to_owned());
                        parameter.schema = Some(RefOr::T(Schema::Object(schema)));
                    }
                }
            }
        }
    }
}
