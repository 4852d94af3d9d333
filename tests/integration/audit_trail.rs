//! The audit trail: every write leaves one event with before/after, readable by owners, admins and
//! auditors, filterable, paged newest first, and impossible to change or delete.

use crate::harness::TestApp;
use crate::harness::new_group;
use annex_client::ApiError;
use annex_client::domain::PageParams;
use annex_client::domain::Role;
use annex_client::domain::access::groups::{CreateGroup, UpdateGroup};
use annex_client::domain::events::EventFilter;

#[tokio::test]
async fn writes_are_recorded_with_actor_and_before_after() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let group = new_group(&admin, "Risk Committee").await;
    admin
        .update_group(
            group.id,
            group.version,
            &UpdateGroup {
                name: Some("Risk Board".into()),
                description: None,
            },
        )
        .await
        .unwrap();

    let auditor = app.demo(Role::Auditor).await;
    let filter = EventFilter {
        subject_id: Some(group.id),
        ..Default::default()
    };
    let events = auditor
        .audit_trail(&filter, &PageParams::default())
        .await
        .unwrap();
    assert_eq!(events.total, 2);
    let (updated, created) = (&events.data[0], &events.data[1]);
    assert_eq!(
        (updated.verb.as_str(), created.verb.as_str()),
        ("updated", "created")
    );
    assert_eq!(updated.actor_email.as_deref(), Some("admin@demo.example"));
    assert_eq!(updated.before.as_ref().unwrap()["name"], "Risk Committee");
    assert_eq!(updated.after.as_ref().unwrap()["name"], "Risk Board");
    assert!(created.before.is_none());
}

#[tokio::test]
async fn the_trail_pages_newest_first_and_filters() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    for n in 0..5 {
        admin
            .create_group(&CreateGroup {
                name: format!("G{n}"),
                description: String::new(),
            })
            .await
            .unwrap();
    }
    let filter = EventFilter {
        subject_kind: Some("group".into()),
        verb: Some("created".into()),
        ..Default::default()
    };
    let first = admin
        .audit_trail(
            &filter,
            &PageParams {
                limit: Some(3),
                cursor: None,
            },
        )
        .await
        .unwrap();
    assert_eq!((first.total, first.data.len()), (5, 3));
    let second = admin
        .audit_trail(
            &filter,
            &PageParams {
                limit: Some(3),
                cursor: first.next_cursor.clone(),
            },
        )
        .await
        .unwrap();
    assert_eq!(second.data.len(), 2);
    assert!(second.next_cursor.is_none());
    let names: Vec<String> = first
        .data
        .iter()
        .chain(&second.data)
        .map(|e| {
            e.after.as_ref().unwrap()["name"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(names, vec!["G4", "G3", "G2", "G1", "G0"]);
    // Sign-ins are recorded too.
    let sessions = admin
        .audit_trail(
            &EventFilter {
                subject_kind: Some("session".into()),
                ..Default::default()
            },
            &PageParams::default(),
        )
        .await
        .unwrap();
    assert!(sessions.data.iter().any(|e| e.verb == "signed_in"));
}

#[tokio::test]
async fn only_owners_admins_and_auditors_read_the_trail() {
    let app = TestApp::spawn().await;
    for role in [Role::Editor, Role::Contributor, Role::Viewer] {
        let err = app
            .demo(role)
            .await
            .audit_trail(&EventFilter::default(), &PageParams::default())
            .await
            .unwrap_err();
        assert!(matches!(err, ApiError::Forbidden(_)), "{role}: {err:?}");
    }
}

#[tokio::test]
async fn another_organisation_sees_none_of_these_events() {
    let app = TestApp::spawn().await;
    new_group(&app.demo(Role::Admin).await, "Secret").await;
    let other = app.outsider("Other Org").await;
    let events = other
        .audit_trail(
            &EventFilter {
                subject_kind: Some("group".into()),
                ..Default::default()
            },
            &PageParams::default(),
        )
        .await
        .unwrap();
    assert_eq!(events.total, 0);
}

#[tokio::test]
async fn the_database_refuses_to_change_or_delete_events() {
    let app = TestApp::spawn().await;
    let before = app.sql_count("SELECT COUNT(*) AS n FROM events");
    assert!(before > 0);
    assert!(
        app.sql_execute("UPDATE events SET verb = 'tampered'")
            .is_err()
    );
    assert!(app.sql_execute("DELETE FROM events").is_err());
    assert_eq!(app.sql_count("SELECT COUNT(*) AS n FROM events"), before);
    assert_eq!(
        app.sql_count("SELECT COUNT(*) AS n FROM events WHERE verb = 'tampered'"),
        0
    );
}
