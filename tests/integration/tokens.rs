//! API tokens: shown once, stored hashed, scoped read or write, revocable, bound to their owner.

use crate::harness::TestApp;
use crate::harness::new_group;
use annex_client::Method;
use annex_client::domain::access::groups::CreateGroup;
use annex_client::domain::access::tokens::{CreateApiToken, TokenScope};
use annex_client::domain::access::users::UpdateMember;
use annex_client::domain::{PageParams, Role};

fn token(name: &str, scope: TokenScope) -> CreateApiToken {
    CreateApiToken {
        name: name.into(),
        scope,
        expires_in_days: Some(30),
    }
}

#[tokio::test]
async fn a_read_token_reads_but_cannot_write() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let created = admin
        .create_api_token(&token("SIEM export", TokenScope::Read))
        .await
        .unwrap();
    assert!(created.secret.starts_with("annex_"));
    assert!(created.secret.starts_with(&created.token.prefix));
    assert!(created.token.expires_at.is_some());

    let integration = app.anonymous().with_token(created.secret.clone());
    let me = integration.me().await.unwrap();
    assert_eq!(
        (me.via.as_str(), me.scope),
        ("api_token", Some(TokenScope::Read))
    );
    assert_eq!(
        integration
            .list_groups(&PageParams::default())
            .await
            .unwrap()
            .total,
        0
    );
    assert_err!(
        integration
            .create_group(&CreateGroup {
                name: "x".into(),
                description: String::new(),
            })
            .await,
        Forbidden
    );

    // Stored as a hash: the secret itself is nowhere in the database.
    let stored = app.sql_count(&format!(
        "SELECT COUNT(*) AS n FROM api_tokens WHERE token_hash = '{}'",
        created.secret
    ));
    assert_eq!(stored, 0);
    // Listed without the secret.
    let listed = admin.list_api_tokens(&PageParams::default()).await.unwrap();
    assert_eq!(listed.total, 1);
    let raw = admin
        .raw(Method::GET, "/api/v1/api-tokens", None, &[])
        .await
        .unwrap();
    assert!(!raw.body.contains(&created.secret));
}

#[tokio::test]
async fn a_write_token_writes_within_its_owners_role_and_stops_when_revoked() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let created = admin
        .create_api_token(&token("Provisioning", TokenScope::Write))
        .await
        .unwrap();
    let integration = app.anonymous().with_token(created.secret.clone());
    new_group(&integration, "Synced").await;
    // A token cannot mint or revoke tokens.
    assert_err!(
        integration
            .create_api_token(&token("more", TokenScope::Read))
            .await,
        Forbidden
    );

    admin
        .revoke_api_token(created.token.id, created.token.version)
        .await
        .unwrap();
    assert_err!(integration.me().await, Unauthorized);
    assert_err!(
        admin
            .revoke_api_token(created.token.id, created.token.version + 1)
            .await,
        Conflict
    );
    let listed = admin.list_api_tokens(&PageParams::default()).await.unwrap();
    assert!(listed.data[0].revoked_at.is_some());
}

#[tokio::test]
async fn read_only_roles_get_only_read_tokens() {
    let app = TestApp::spawn().await;
    let auditor = app.demo(Role::Auditor).await;
    assert_err!(
        auditor
            .create_api_token(&token("evidence pull", TokenScope::Write))
            .await,
        Forbidden
    );
    let ok = auditor
        .create_api_token(&token("evidence pull", TokenScope::Read))
        .await
        .unwrap();
    let integration = app.anonymous().with_token(ok.secret);
    assert!(
        integration
            .audit_trail(&Default::default(), &PageParams::default())
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn a_deactivated_owners_tokens_stop_working() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let created = editor
        .create_api_token(&token("cron", TokenScope::Write))
        .await
        .unwrap();
    let integration = app.anonymous().with_token(created.secret);
    assert!(integration.me().await.is_ok());
    let admin = app.demo(Role::Admin).await;
    let member = admin
        .get_member(editor.me().await.unwrap().user.id)
        .await
        .unwrap();
    admin
        .update_member(
            member.id,
            member.version,
            &UpdateMember {
                active: Some(false),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_err!(integration.me().await, Unauthorized);
}

#[tokio::test]
async fn one_persons_tokens_are_invisible_to_another() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let created = editor
        .create_api_token(&token("mine", TokenScope::Read))
        .await
        .unwrap();
    let admin = app.demo(Role::Admin).await;
    assert_eq!(
        admin
            .list_api_tokens(&PageParams::default())
            .await
            .unwrap()
            .total,
        0
    );
    assert_err!(
        admin
            .revoke_api_token(created.token.id, created.token.version)
            .await,
        NotFound
    );
}

#[tokio::test]
async fn a_revoked_token_hears_401_before_any_missing_if_match() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let created = admin
        .create_api_token(&token("old", TokenScope::Write))
        .await
        .unwrap();
    admin
        .revoke_api_token(created.token.id, created.token.version)
        .await
        .unwrap();
    let integration = app.anonymous().with_token(created.secret);
    let raw = integration
        .raw(
            Method::PATCH,
            "/api/v1/organisation",
            Some(&serde_json::json!({"name": "Renamed"})),
            &[],
        )
        .await
        .unwrap();
    assert_eq!(raw.status, 401, "{}", raw.body);
    // And a forbidden role hears 403, not 428.
    let viewer = app.demo(Role::Viewer).await;
    let raw = viewer
        .raw(
            Method::PATCH,
            "/api/v1/organisation",
            Some(&serde_json::json!({"name": "Renamed"})),
            &[],
        )
        .await
        .unwrap();
    assert_eq!(raw.status, 403, "{}", raw.body);
}
