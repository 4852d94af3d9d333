//! The committed OpenAPI document is what the code generates and what the server serves.

use crate::harness::TestApp;
use annex_client::Method;

const COMMITTED: &str = include_str!("../../openapi/openapi.json");

#[test]
fn committed_spec_matches_the_code() {
    let generated = annex_api::openapi::document_json();
    assert!(
        generated == COMMITTED,
        "openapi/openapi.json is stale: regenerate it with `cargo run -p annex-cli -- openapi > openapi/openapi.json`"
    );
}

#[tokio::test]
async fn served_spec_equals_the_committed_one() {
    let app = TestApp::spawn().await;
    let raw = app
        .anonymous()
        .raw(Method::GET, "/api/openapi.json", None, &[])
        .await
        .unwrap();
    assert_eq!(raw.status, 200);
    let served: serde_json::Value = serde_json::from_str(&raw.body).unwrap();
    let committed: serde_json::Value = serde_json::from_str(COMMITTED).unwrap();
    assert_eq!(served, committed);
}

#[test]
fn every_operation_documents_its_errors_and_authenticated_ones_their_security() {
    let spec: serde_json::Value = serde_json::from_str(COMMITTED).unwrap();
    let public = [
        "/api/health",
        "/api/ready",
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/auth/accept-invitation",
    ];
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            if !path.starts_with("/api/health") {
                assert!(
                    responses
                        .keys()
                        .any(|s| s.starts_with('4') || s.starts_with('5')),
                    "{method} {path} lists no error response"
                );
            }
            if !public.contains(&path.as_str()) {
                assert!(
                    op.get("security").is_some(),
                    "{method} {path} has no security requirement"
                );
                assert!(
                    responses.contains_key("401"),
                    "{method} {path} does not document 401"
                );
            }
        }
    }
}
