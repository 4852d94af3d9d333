//! Members: creating, listing with filters and keyset pages, roles, the owner rules and If-Match.

use crate::harness::TestApp;
use annex_client::ApiError;
use annex_client::domain::access::auth::AcceptInvitation;
use annex_client::domain::access::users::{
    CreateMember, CreatedMember, MemberFilter, UpdateMember,
};
use annex_client::domain::{PageParams, Role};

fn new_member(email: &str, role: Role) -> CreateMember {
    CreateMember {
        email: email.into(),
        display_name: "Pat Example".into(),
        role,
        password: Some("pat-password-1".into()),
    }
}

#[tokio::test]
async fn admin_creates_a_member_who_can_sign_in_and_appears_in_the_list() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let created = admin
        .create_member(&new_member("pat@demo.example", Role::Editor))
        .await
        .unwrap();
    assert_eq!(created.member.role, Role::Editor);
    assert!(created.member.active && !created.member.invited);
    assert_eq!(created.invitation, None);
    let pat = app.client_as("pat@demo.example", "pat-password-1").await;
    assert_eq!(pat.me().await.unwrap().role, Role::Editor);

    let found = admin
        .list_members(
            &MemberFilter {
                q: Some("PAT".into()),
                ..Default::default()
            },
            &PageParams::default(),
        )
        .await
        .unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.data[0].email, "pat@demo.example");

    assert_err!(
        admin
            .create_member(&new_member("Pat@demo.example", Role::Viewer))
            .await,
        Conflict
    );
}

#[tokio::test]
async fn invalid_members_are_refused_field_by_field_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let bad = CreateMember {
        email: "not-an-email".into(),
        display_name: String::new(),
        role: Role::Viewer,
        password: Some("short".into()),
    };
    match admin.create_member(&bad).await.unwrap_err() {
        ApiError::Validation { errors, .. } => {
            for field in ["email", "display_name", "password"] {
                assert!(errors.contains_key(field), "{field} missing in {errors:?}");
            }
        }
        other => panic!("expected validation, got {other:?}"),
    }
    assert_eq!(app.sql_count("SELECT COUNT(*) AS n FROM users"), 6);
}

#[tokio::test]
async fn the_member_list_pages_by_key_through_every_member_exactly_once() {
    let app = TestApp::spawn().await;
    let viewer = app.demo(Role::Viewer).await;
    let mut seen = Vec::new();
    let mut page = PageParams {
        limit: Some(4),
        cursor: None,
    };
    loop {
        let result = viewer
            .list_members(&MemberFilter::default(), &page)
            .await
            .unwrap();
        assert_eq!(result.total, 6);
        assert!(result.data.len() <= 4);
        seen.extend(result.data.into_iter().map(|m| m.email));
        match result.next_cursor {
            Some(cursor) => page.cursor = Some(cursor),
            None => break,
        }
    }
    let mut sorted = seen.clone();
    sorted.sort();
    assert_eq!(seen, sorted, "ordered by email");
    assert_eq!(seen.len(), 6);
    assert_eq!(seen[0], "admin@demo.example");

    let auditors = viewer
        .list_members(
            &MemberFilter {
                role: Some(Role::Auditor),
                ..Default::default()
            },
            &PageParams::default(),
        )
        .await
        .unwrap();
    assert_eq!(
        auditors
            .data
            .iter()
            .map(|m| m.email.as_str())
            .collect::<Vec<_>>(),
        vec!["auditor@demo.example"]
    );
}

#[tokio::test]
async fn role_changes_follow_the_owner_rules() {
    let app = TestApp::spawn().await;
    let [admin, owner] = app.demos([Role::Admin, Role::Owner]).await;

    // Admins cannot create owners or touch an owner's membership.
    assert_err!(
        admin
            .create_member(&new_member("boss@demo.example", Role::Owner))
            .await,
        Forbidden
    );
    let owner_me = owner.me().await.unwrap();
    let owner_member = admin.get_member(owner_me.user.id).await.unwrap();
    assert_err!(
        admin
            .update_member(
                owner_member.id,
                owner_member.version,
                &UpdateMember {
                    role: Some(Role::Viewer),
                    ..Default::default()
                },
            )
            .await,
        Forbidden
    );

    // Nobody changes their own role, and the last owner stays.
    assert_status!(
        owner
            .update_member(
                owner_member.id,
                owner_member.version,
                &UpdateMember {
                    role: Some(Role::Admin),
                    ..Default::default()
                },
            )
            .await,
        422
    );

    // An owner promotes the admin; then the first owner may be demoted by the second.
    let admin_me = admin.me().await.unwrap();
    let admin_member = owner.get_member(admin_me.user.id).await.unwrap();
    let promoted = owner
        .update_member(
            admin_member.id,
            admin_member.version,
            &UpdateMember {
                role: Some(Role::Owner),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(promoted.role, Role::Owner);
    assert_eq!(promoted.version, admin_member.version + 1);
    let new_owner = app.demo(Role::Admin).await; // same account, now an owner
    let demoted = new_owner
        .update_member(
            owner_member.id,
            owner_member.version,
            &UpdateMember {
                role: Some(Role::Editor),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(demoted.role, Role::Editor);
}

#[tokio::test]
async fn the_last_active_owner_cannot_be_deactivated_or_demoted() {
    let app = TestApp::spawn().await;
    let owner = app.demo(Role::Owner).await;
    let me = owner.me().await.unwrap();
    owner
        .create_member(&new_member("second.owner@demo.example", Role::Owner))
        .await
        .unwrap();
    let second = app
        .client_as("second.owner@demo.example", "pat-password-1")
        .await;
    let first = second.get_member(me.user.id).await.unwrap();
    // With two owners, one may deactivate the other.
    second
        .update_member(
            first.id,
            first.version,
            &UpdateMember {
                active: Some(false),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    // Now one active owner is left. Through the API nobody can change themselves, so check the
    // storage rule itself, which also guards the CLI and future paths.
    let second_me = second.me().await.unwrap();
    let last = second.get_member(second_me.user.id).await.unwrap();
    let mut conn = app.pool.get().unwrap();
    for change in [
        UpdateMember {
            active: Some(false),
            ..Default::default()
        },
        UpdateMember {
            role: Some(Role::Admin),
            ..Default::default()
        },
    ] {
        let err = annex_store::access::members::update(
            &mut conn,
            me.organisation.id.into(),
            last.id.into(),
            last.id.into(),
            last.version,
            &change,
        )
        .unwrap_err();
        assert!(matches!(err, annex_store::StoreError::Rule(_)), "{err:?}");
    }
    assert_eq!(
        app.sql_count(
            "SELECT COUNT(*) AS n FROM memberships WHERE role = 'owner' AND active = TRUE"
        ),
        1
    );
}

#[tokio::test]
async fn a_stale_member_update_is_refused_with_the_current_version() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let pat = admin
        .create_member(&new_member("pat@demo.example", Role::Viewer))
        .await
        .unwrap()
        .member;
    let first = admin
        .update_member(
            pat.id,
            pat.version,
            &UpdateMember {
                role: Some(Role::Editor),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let err = admin
        .update_member(
            pat.id,
            pat.version,
            &UpdateMember {
                role: Some(Role::Auditor),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    match err {
        ApiError::PreconditionFailed {
            current_version, ..
        } => assert_eq!(current_version, Some(first.version)),
        other => panic!("expected 412, got {other:?}"),
    }
    assert_eq!(admin.get_member(pat.id).await.unwrap().role, Role::Editor);
}

/// What organisation B is told when it adds `email`: everything but the ids and times.
fn seen_by_b(created: &CreatedMember) -> (String, String, Role, bool, bool, bool) {
    let m = &created.member;
    (
        m.email.clone(),
        m.display_name.clone(),
        m.role,
        m.active,
        m.invited,
        created.invitation.is_some(),
    )
}

#[tokio::test]
async fn another_organisation_invites_a_person_but_never_changes_them_or_learns_they_exist() {
    let app = TestApp::spawn().await;
    let (b_org, b_owner) = app.other_organisation("Second Org");
    let b = app.client_as(&b_owner, "other-password").await;
    let invite = |email: &str, password: Option<&str>| CreateMember {
        email: email.into(),
        display_name: "Typed By B".into(),
        role: Role::Editor,
        password: password.map(Into::into),
    };
    // The same answer for an address with an account elsewhere and for a new one, with a
    // password or without.
    for password in [None, Some("b-chosen-password")] {
        let existing = b
            .create_member(&invite("editor@demo.example", password))
            .await
            .unwrap();
        let new = b
            .create_member(&invite(
                &format!("new-{}@elsewhere.example", password.is_some()),
                password,
            ))
            .await
            .unwrap();
        let (mut e, mut n) = (seen_by_b(&existing), seen_by_b(&new));
        (e.0, n.0) = (String::new(), String::new());
        assert_eq!(e, n, "B cannot tell which address had an account");
        let listed = b.get_member(existing.member.id).await.unwrap();
        assert_eq!(listed.display_name, "Typed By B");
        // Undo, to try the other way.
        if password.is_none() {
            let me = app.demo(Role::Editor).await;
            me.decline_invitation(b_org).await.unwrap();
        }
    }
    // Until the person accepts, B's membership gives them nothing there.
    let editor = app.demo(Role::Editor).await;
    let me = editor.me().await.unwrap();
    let pending = me.memberships.iter().find(|m| m.org_id == b_org).unwrap();
    assert!(pending.pending);
    assert_status!(
        app.anonymous()
            .login(&annex_client::domain::access::auth::LoginRequest {
                email: "editor@demo.example".into(),
                password: "annex-demo".into(),
                org_id: Some(b_org),
            })
            .await,
        403
    );
    // B's password never became theirs.
    assert!(
        app.anonymous()
            .login(&annex_client::domain::access::auth::LoginRequest {
                email: "editor@demo.example".into(),
                password: "b-chosen-password".into(),
                org_id: None,
            })
            .await
            .is_err()
    );
    // B may not rename them, in B or anywhere.
    let member = b.get_member(me.user.id).await.unwrap();
    assert_status!(
        b.update_member(
            member.id,
            member.version,
            &UpdateMember {
                display_name: Some("Renamed By B".into()),
                ..Default::default()
            },
        )
        .await,
        422
    );
    let admin = app.demo(Role::Admin).await;
    assert_eq!(
        admin.get_member(me.user.id).await.unwrap().display_name,
        me.user.display_name,
        "organisation A still sees the person's own name"
    );
    // Accepting makes them a member of B, under their own name.
    editor.accept_invitation_to(b_org).await.unwrap();
    let in_b = app
        .anonymous()
        .login(&annex_client::domain::access::auth::LoginRequest {
            email: "editor@demo.example".into(),
            password: "annex-demo".into(),
            org_id: Some(b_org),
        })
        .await
        .unwrap();
    let in_b = app.anonymous().with_token(in_b.access_token);
    assert_eq!(in_b.me().await.unwrap().organisation.id, b_org);
    assert_eq!(
        b.get_member(me.user.id).await.unwrap().display_name,
        me.user.display_name
    );
    // They rename themselves; both organisations see it.
    in_b.update_profile("Edith Editor").await.unwrap();
    assert_eq!(
        admin.get_member(me.user.id).await.unwrap().display_name,
        "Edith Editor"
    );
    assert_eq!(
        b.get_member(me.user.id).await.unwrap().display_name,
        "Edith Editor"
    );
}

#[tokio::test]
async fn an_invitation_code_for_an_existing_account_needs_that_account_s_own_password() {
    let app = TestApp::spawn().await;
    let (b_org, b_owner) = app.other_organisation("Third Org");
    let b = app.client_as(&b_owner, "other-password").await;
    let created = b
        .create_member(&CreateMember {
            email: "viewer@demo.example".into(),
            display_name: "V".into(),
            role: Role::Viewer,
            password: None,
        })
        .await
        .unwrap();
    let code = created.invitation.unwrap();
    let accept = |password: &str| AcceptInvitation {
        invitation: code.clone(),
        password: password.into(),
    };
    let err = app
        .anonymous()
        .accept_invitation(&accept("a-password-b-chose"))
        .await
        .unwrap_err();
    assert_eq!(
        err.status(),
        Some(404),
        "the inviter cannot use the code to take the account over"
    );
    app.client_as("viewer@demo.example", "annex-demo").await;
    app.anonymous()
        .accept_invitation(&accept("annex-demo"))
        .await
        .unwrap();
    let viewer = app.demo(Role::Viewer).await;
    let me = viewer.me().await.unwrap();
    assert!(
        me.memberships
            .iter()
            .any(|m| m.org_id == b_org && !m.pending && m.active)
    );
}
