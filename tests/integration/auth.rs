//! Signing in and out: login, wrong credentials, rate limiting, refresh rotation and reuse, logout,
//! deactivation biting at once, invitations, and `/me`.

use crate::harness::{Options, TestApp};
use annex_client::ApiError;
use annex_client::Method;
use annex_client::domain::Role;
use annex_client::domain::access::auth::{AcceptInvitation, LoginRequest};
use annex_client::domain::access::tokens::{CreateApiToken, TokenScope};
use annex_client::domain::access::users::{CreateMember, UpdateMember};
use serde_json::json;

fn login(email: &str, password: &str) -> LoginRequest {
    LoginRequest {
        email: email.into(),
        password: password.into(),
        org_id: None,
    }
}

#[tokio::test]
async fn admin_signs_in_and_sees_who_they_are() {
    let app = TestApp::spawn().await;
    let tokens = app
        .anonymous()
        .login(&login("Admin@Demo.Example ", "annex-demo"))
        .await
        .unwrap();
    assert_eq!(tokens.token_type, "Bearer");
    assert!(
        (800..=900).contains(&tokens.expires_in),
        "about 15 minutes: {}",
        tokens.expires_in
    );
    let me = app
        .anonymous()
        .with_token(tokens.access_token)
        .me()
        .await
        .unwrap();
    assert_eq!(me.user.email, "admin@demo.example");
    assert_eq!(me.role, Role::Admin);
    assert_eq!(me.organisation.name, "Demo Consulting Ltd");
    assert_eq!(me.memberships.len(), 1);
    assert_eq!(me.via, "session");
}

#[tokio::test]
async fn wrong_password_and_unknown_email_get_the_same_401() {
    let app = TestApp::spawn().await;
    let wrong = app
        .anonymous()
        .login(&login("admin@demo.example", "nope"))
        .await
        .unwrap_err();
    let unknown = app
        .anonymous()
        .login(&login("nobody@demo.example", "nope"))
        .await
        .unwrap_err();
    for err in [&wrong, &unknown] {
        assert!(matches!(err, ApiError::Unauthorized(_)), "{err:?}");
        assert_eq!(err.message(), "the email or password is incorrect");
    }
}

/// A server behind a proxy at 127.0.0.1, so each test client can name its own address.
async fn behind_a_proxy() -> TestApp {
    TestApp::spawn_with(Options {
        trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
        ..Options::default()
    })
    .await
}

async fn login_from(app: &TestApp, address: &str, email: &str, password: &str) -> u16 {
    app.anonymous()
        .raw(
            Method::POST,
            "/api/v1/auth/login",
            Some(&json!({ "email": email, "password": password })),
            &[("x-forwarded-for", address)],
        )
        .await
        .unwrap()
        .status
}

#[tokio::test]
async fn the_eleventh_attempt_from_one_address_on_one_account_is_limited_and_nobody_else_is() {
    let app = behind_a_proxy().await;
    for _ in 0..10 {
        assert_eq!(
            login_from(&app, "203.0.113.5", "viewer@demo.example", "guess").await,
            401
        );
    }
    let raw = app
        .anonymous()
        .raw(
            Method::POST,
            "/api/v1/auth/login",
            Some(&json!({"email": "viewer@demo.example", "password": "annex-demo"})),
            &[("x-forwarded-for", "203.0.113.5")],
        )
        .await
        .unwrap();
    assert_eq!(
        raw.status, 429,
        "the guesser's address is limited, the right password too"
    );
    assert_eq!(raw.header("retry-after"), Some("60"));
    // The person themselves, from their own address, is not locked out by a stranger's guesses.
    assert_eq!(
        login_from(&app, "198.51.100.20", "viewer@demo.example", "annex-demo").await,
        200
    );
    // Nor is anyone else from the guesser's address.
    assert_eq!(
        login_from(&app, "203.0.113.5", "editor@demo.example", "annex-demo").await,
        200
    );
    // X-Forwarded-For from a peer that is not a trusted proxy names no one.
    let direct = TestApp::spawn().await;
    for address in ["192.0.2.1", "192.0.2.2", "192.0.2.3"] {
        for _ in 0..4 {
            login_from(&direct, address, "viewer@demo.example", "guess").await;
        }
    }
    assert_eq!(
        login_from(&direct, "192.0.2.9", "viewer@demo.example", "annex-demo").await,
        429,
        "every attempt came from 127.0.0.1, whatever the header said"
    );
}

#[tokio::test]
async fn sixty_guesses_at_once_get_at_most_ten_password_checks() {
    let app = behind_a_proxy().await;
    let guesses = (0..60).map(|_| login_from(&app, "203.0.113.77", "admin@demo.example", "guess"));
    let statuses = futures_util::future::join_all(guesses).await;
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let limited = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(checked + limited, 60, "{statuses:?}");
    assert!(checked <= 10, "{checked} password checks for a limit of 10");
    // A successful sign-in is not counted against the address.
    for _ in 0..60 {
        assert_eq!(
            login_from(&app, "203.0.113.78", "editor@demo.example", "annex-demo").await,
            200
        );
    }
}

#[tokio::test]
async fn refresh_rotates_and_a_replayed_refresh_token_ends_the_session() {
    let app = TestApp::spawn().await;
    let first = app
        .anonymous()
        .login(&login("editor@demo.example", "annex-demo"))
        .await
        .unwrap();
    let second = app.anonymous().refresh(&first.refresh_token).await.unwrap();
    assert_ne!(second.refresh_token, first.refresh_token);
    assert!(
        app.anonymous()
            .with_token(second.access_token.clone())
            .me()
            .await
            .is_ok()
    );

    assert_err!(
        app.anonymous().refresh(&first.refresh_token).await,
        Unauthorized
    );
    // The whole family is revoked: the successor and its access token stop working too.
    let successor = app
        .anonymous()
        .refresh(&second.refresh_token)
        .await
        .unwrap_err();
    assert!(
        matches!(successor, ApiError::Unauthorized(_)),
        "{successor:?}"
    );
    assert_err!(
        app.anonymous().with_token(second.access_token).me().await,
        Unauthorized
    );
}

#[tokio::test]
async fn logout_ends_the_access_token_at_once() {
    let app = TestApp::spawn().await;
    let tokens = app
        .anonymous()
        .login(&login("viewer@demo.example", "annex-demo"))
        .await
        .unwrap();
    let client = app.anonymous().with_token(tokens.access_token.clone());
    assert!(client.me().await.is_ok());
    client.logout(&tokens.refresh_token).await.unwrap();
    assert_err!(client.me().await, Unauthorized);
    assert_err!(
        app.anonymous().refresh(&tokens.refresh_token).await,
        Unauthorized
    );
}

#[tokio::test]
async fn deactivating_a_member_stops_their_tokens_at_once_and_blocks_sign_in() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let editor_tokens = app
        .anonymous()
        .login(&login("editor@demo.example", "annex-demo"))
        .await
        .unwrap();
    let editor = app
        .anonymous()
        .with_token(editor_tokens.access_token.clone());
    let me = editor.me().await.unwrap();
    let member = admin.get_member(me.user.id).await.unwrap();

    let updated = admin
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
    assert!(!updated.active);
    assert_err!(editor.me().await, Unauthorized);
    assert_err!(
        app.anonymous().refresh(&editor_tokens.refresh_token).await,
        Unauthorized
    );
    let err = assert_err!(
        app.anonymous()
            .login(&login("editor@demo.example", "annex-demo"))
            .await,
        Forbidden
    );
    assert!(err.message().contains("deactivated"), "{}", err.message());

    admin
        .update_member(
            member.id,
            updated.version,
            &UpdateMember {
                active: Some(true),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(
        app.anonymous()
            .login(&login("editor@demo.example", "annex-demo"))
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn reactivating_a_person_revives_none_of_their_old_tokens() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let tokens = app
        .anonymous()
        .login(&login("editor@demo.example", "annex-demo"))
        .await
        .unwrap();
    let editor = app.anonymous().with_token(tokens.access_token.clone());
    let api_token = editor
        .create_api_token(&CreateApiToken {
            name: "CI export".into(),
            scope: TokenScope::Read,
            expires_in_days: None,
        })
        .await
        .unwrap()
        .secret;
    let integration = app.anonymous().with_token(api_token);
    integration.me().await.unwrap();
    let me = editor.me().await.unwrap();
    let member = admin.get_member(me.user.id).await.unwrap();
    let off = admin
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
    admin
        .update_member(
            member.id,
            off.version,
            &UpdateMember {
                active: Some(true),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    // Within the access token's 15 minutes: it stays dead, and so do the refresh and API tokens.
    assert_err!(editor.me().await, Unauthorized);
    assert_err!(integration.me().await, Unauthorized);
    assert_err!(
        app.anonymous().refresh(&tokens.refresh_token).await,
        Unauthorized
    );
    // Signing in again works.
    app.client_as("editor@demo.example", "annex-demo")
        .await
        .me()
        .await
        .unwrap();
}

#[tokio::test]
async fn an_invited_person_sets_a_password_once_and_signs_in() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let created = admin
        .create_member(&CreateMember {
            email: "new.starter@demo.example".into(),
            display_name: "New Starter".into(),
            role: Role::Contributor,
            password: None,
        })
        .await
        .unwrap();
    assert!(created.member.invited);
    let code = created.invitation.expect("an invitation code");
    // Before accepting, no password signs in.
    assert!(
        app.anonymous()
            .login(&login("new.starter@demo.example", ""))
            .await
            .is_err()
    );

    let accept = AcceptInvitation {
        invitation: code.clone(),
        password: "a long enough password".into(),
    };
    app.anonymous().accept_invitation(&accept).await.unwrap();
    let client = app
        .client_as("new.starter@demo.example", "a long enough password")
        .await;
    assert_eq!(client.me().await.unwrap().role, Role::Contributor);

    assert_err!(app.anonymous().accept_invitation(&accept).await, NotFound);
    let short = AcceptInvitation {
        invitation: code,
        password: "short".into(),
    };
    match app.anonymous().accept_invitation(&short).await.unwrap_err() {
        ApiError::Validation { errors, .. } => {
            assert!(errors.contains_key("password"), "{errors:?}")
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[tokio::test]
async fn passwords_are_stored_as_argon2id_hashes() {
    let app = TestApp::spawn().await;
    assert_eq!(
        app.sql_count("SELECT COUNT(*) AS n FROM users WHERE password_hash LIKE '$argon2id$%'"),
        6
    );
    assert_eq!(
        app.sql_count("SELECT COUNT(*) AS n FROM users WHERE password_hash LIKE '%annex-demo%'"),
        0
    );
}
