//! The OpenAPI document: collected from the `#[utoipa::path]` of every routed handler, buildable
//! without a database so `annex openapi` and the drift test can regenerate it.

use utoipa::openapi::OpenApi as Document;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Annex API",
        description = "The REST API of Annex, an open-source ISMS platform (ISO/IEC 27001). \
            Errors are application/problem+json; `errors` names each refused field or parameter. \
            Lists of records page by `limit` and `cursor` and answer `{data, next_cursor, total}`. \
            Exceptions, each answered whole: reference data (frameworks, their requirements, \
            mappings and crosswalks, templates, cluster templates, the risk bank), the \
            organisation's clusters and policy packs (tens at most), and the SoA or a compliance \
            register (one statement of at most a few hundred requirements). Changes need \
            `If-Match` with the record's `ETag`. Dates are `YYYY-MM-DD` with a year from 1900 to \
            2999.",
        license(name = "AGPL-3.0-or-later")
    ),
    modifiers(&BearerAuth),
    // Types that parameters name but no body carries: without them here their $refs dangle, and
    // generated clients drop the operations that use them.
    components(schemas(
        annex_domain::work::exchange::ExchangeFormat,
        annex_domain::frameworks::soa::Gap,
        BinaryFile,
    )),
    tags(
        (name = "auth", description = "Signing in, sessions and the caller"),
        (name = "organisation", description = "The caller's organisation"),
        (name = "users", description = "Members of the organisation and their roles"),
        (name = "groups", description = "Groups of members"),
        (name = "api-tokens", description = "Tokens for integrations"),
        (name = "audit", description = "The append-only audit trail"),
        (name = "spaces", description = "Projects and trackers, their workflows and custom fields"),
        (name = "clusters", description = "Clusters: groups of spaces that run ISO 22301, ISO 9001 or GDPR beside the ISMS, made from cluster templates, with an overview of progress and of the links between their spaces"),
        (name = "items", description = "Items of projects and trackers, with custom-field values"),
        (name = "collaboration", description = "To-dos and discussions on items, one's notifications and one's open work"),
        (name = "frameworks", description = "Reference frameworks (ISO/IEC 27001:2022 and 2013, ISO 22301, ISO 9001, GDPR), their mapping between editions, the crosswalks between frameworks, OSCAL catalogs and profiles"),
        (name = "soa", description = "The Statement of Applicability: controls, gaps, coverage, exports, migration between editions"),
        (name = "audits", description = "The audit programme: findings raised on audits as corrective actions, and coverage of the controls"),
        (name = "questionnaires", description = "Audit questionnaires: questions sent to an audience for an audit, answers per person, non-conforming answers raised as findings"),
        (name = "policy-packs", description = "Policy packs: documents an audience must read and accept, by version, with progress per pack and per person"),
        (name = "risks", description = "Risk assessment: the risk matrix, the register and its readings, the risk map, the risk bank"),
        (name = "kpis", description = "Key performance indicators (clause 9.1): definitions, readings rated red, amber, green or exceptional, overdue readings, and KPIs Annex measures itself"),
        (name = "programme", description = "The whole programme: the dashboard's figures and the management review inputs (clause 9.3.2) as JSON, a printable page or a workbook"),
        (name = "privacy", description = "GDPR statutory deadlines: data subject requests to answer within a month (Art. 12(3)), personal data breaches to notify within 72 hours (Art. 33)"),
        (name = "health", description = "Liveness and readiness"),
    )
)]
struct ApiDoc;

/// A file in a response or request body (a workbook, a PDF): bytes, not a JSON array of numbers.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct BinaryFile(pub Vec<u8>);

/// Declares the bearer scheme: a session's JWT access token or an API token.
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut Document) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A JWT access token from /api/v1/auth/login, or an API token (annex_…)",
                    ))
                    .build(),
            ),
        );
    }
}

/// The API's OpenAPI document, exactly as served at `/api/openapi.json`.
pub fn document() -> Document {
    let (_, mut document) = actix_web::App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(crate::routes::configure)
        .split_for_parts();
    // After the routes: the conventions apply to every operation the routes brought.
    crate::openapi_conventions::Conventions.modify(&mut document);
    crate::openapi_access::state(&mut document);
    document
}

/// The document as committed in `openapi/openapi.json`: pretty JSON with a final newline.
pub fn document_json() -> String {
    let mut json = document().to_pretty_json().unwrap_or_default();
    json.push('\n');
    json
}
