//! Signing in and out: login, wrong credentials, rate limiting, refresh rotation and reuse, logout,
//! deactivation biting at once, invitations, and `/me`.

use crate::harness::TestApp;
use annex_client::ApiError;
use annex_client::domain::Role;
use annex_client::domain::auth::{AcceptInvitation, LoginRequest};
use annex_client::domain::users::{CreateMember, UpdateMember};

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

#[tokio::test]
async fn eleventh_failed_login_in_a_minute_is_rate_limited_even_with_the_right_password() {
    let app = TestApp::spawn().await;
    for _ in 0..10 {
        let err = app
            .anonymous()
            .login(&login("viewer@demo.example", "guess"))
            .await
            .unwrap_err();
        assert!(matches!(err, ApiError::Unauthorized(_)), "{err:?}");
    }
    let err = app
        .anonymous()
        .login(&login("viewer@demo.example", "annex-demo"))
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::RateLimited(_)), "{err:?}");
    let raw = app
        .anonymous()
        .raw(
            annex_client::Method::POST,
            "/api/v1/auth/login",
            Some(&serde_json::json!({"email": "viewer@demo.example", "password": "annex-demo"})),
            &[],
        )
        .await
        .unwrap();
    assert_eq!(raw.status, 429);
    assert_eq!(raw.header("retry-after"), Some("60"));
    // The limit is per address too: the same client address is blocked for other emails.
    let err = app
        .anonymous()
        .login(&login("editor@demo.example", "annex-demo"))
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::RateLimited(_)), "{err:?}");
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

    let replay = app
        .anonymous()
        .refresh(&first.refresh_token)
        .await
        .unwrap_err();
    assert!(matches!(replay, ApiError::Unauthorized(_)), "{replay:?}");
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
    let access = app
        .anonymous()
        .with_token(second.access_token)
        .me()
        .await
        .unwrap_err();
    assert!(matches!(access, ApiError::Unauthorized(_)), "{access:?}");
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
    assert!(matches!(
        client.me().await.unwrap_err(),
        ApiError::Unauthorized(_)
    ));
    assert!(matches!(
        app.anonymous()
            .refresh(&tokens.refresh_token)
            .await
            .unwrap_err(),
        ApiError::Unauthorized(_)
    ));
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
    assert!(matches!(
        editor.me().await.unwrap_err(),
        ApiError::Unauthorized(_)
    ));
    assert!(matches!(
        app.anonymous()
            .refresh(&editor_tokens.refresh_token)
            .await
            .unwrap_err(),
        ApiError::Unauthorized(_)
    ));
    let err = app
        .anonymous()
        .login(&login("editor@demo.example", "annex-demo"))
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Forbidden(_)), "{err:?}");
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

    let again = app
        .anonymous()
        .accept_invitation(&accept)
        .await
        .unwrap_err();
    assert!(matches!(again, ApiError::NotFound(_)), "{again:?}");
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
