//! To-dos on items: setting, completing, editing and deleting them, and who may.

use crate::harness::TestApp;
use crate::harness::id_of;
use annex_client::domain::work::items::{CreateItem, Item};
use annex_client::domain::work::spaces::{CreateSpace, Space};
use annex_client::domain::work::todos::{CreateTodo, UpdateTodo};
use annex_client::domain::{PageParams, Role};
use annex_client::{ApiError, Client};
use chrono::{Duration, Utc};
use uuid::Uuid;

/// The id of the demo account of `role`.
pub async fn user_id(app: &TestApp, role: Role) -> Uuid {
    app.demo(role).await.me().await.unwrap().user.id
}

/// A new tracker of the demo organisation, created by `client`.
pub async fn a_tracker(client: &Client, name: &str) -> Space {
    let req: CreateSpace =
        serde_json::from_value(serde_json::json!({ "kind": "tracker", "name": name })).unwrap();
    client.create_space(&req).await.unwrap()
}

/// An item of a new tracker, created by the demo editor and assigned to the demo account of `assignee`.
pub async fn an_item(app: &TestApp, assignee: Option<Role>) -> Item {
    let editor = app.demo(Role::Editor).await;
    let space = a_tracker(&editor, &format!("Actions {}", Uuid::now_v7().simple())).await;
    let assignee_id = match assignee {
        Some(role) => Some(user_id(app, role).await),
        None => None,
    };
    editor
        .create_item(
            space.id,
            &CreateItem {
                title: "Fix the access review".into(),
                assignee_id,
                ..Default::default()
            },
        )
        .await
        .unwrap()
}

fn todo(description: &str, assignee_id: Option<Uuid>) -> CreateTodo {
    CreateTodo {
        description: description.into(),
        assignee_id,
        due: None,
    }
}

#[tokio::test]
async fn a_todo_is_set_completed_by_its_assignee_and_recorded_on_the_item() {
    let app = TestApp::spawn().await;
    let item = an_item(&app, None).await;
    let editor = app.demo(Role::Editor).await;
    let contributor_id = user_id(&app, Role::Contributor).await;
    let due = Utc::now().date_naive() + Duration::days(7);
    let set = editor
        .add_todo(
            item.id,
            &CreateTodo {
                description: "  Send the policy to HR  ".into(),
                assignee_id: Some(contributor_id),
                due: Some(due),
            },
        )
        .await
        .unwrap();
    assert_eq!(set.description, "Send the policy to HR");
    assert_eq!(set.assignee_name.as_deref(), Some("Demo Contributor"));
    assert_eq!(set.set_by_name.as_deref(), Some("Demo Editor"));
    assert_eq!(set.due, Some(due));
    assert!(!set.done);
    assert_eq!(set.notified, 1);
    let other = editor
        .add_todo(item.id, &todo("Book the review meeting", None))
        .await
        .unwrap();
    assert_eq!(other.notified, 0);

    // The contributor may not change this item, but may complete the to-do given to them.
    let contributor = app.demo(Role::Contributor).await;
    let done = contributor
        .set_todo_done(set.id, set.version, true)
        .await
        .unwrap();
    assert!(done.done);
    assert_eq!(done.done_by, Some(contributor_id));
    assert!(done.done_at.is_some());
    assert_eq!(done.version, set.version + 1);
    assert_eq!(done.notified, 1, "the setter hears of it");

    let listed = app
        .demo(Role::Viewer)
        .await
        .list_todos(item.id)
        .await
        .unwrap();
    let ids: Vec<Uuid> = listed.iter().map(|t| t.id).collect();
    assert_eq!(ids, [other.id, set.id], "open ones first");

    let updates = editor
        .item_updates(item.id, &PageParams::default())
        .await
        .unwrap();
    let feed: Vec<(&str, Option<i64>)> = updates
        .data
        .iter()
        .map(|e| (e.verb.as_str(), e.notified))
        .collect();
    assert_eq!(
        feed[..3],
        [
            ("todo_completed", Some(1)),
            ("todo_added", Some(0)),
            ("todo_added", Some(1)),
        ]
    );

    let reopened = editor
        .set_todo_done(done.id, done.version, false)
        .await
        .unwrap();
    assert!(!reopened.done && reopened.done_at.is_none() && reopened.done_by.is_none());
}

#[tokio::test]
async fn a_todo_can_be_edited_reassigned_and_deleted_with_if_match() {
    let app = TestApp::spawn().await;
    let item = an_item(&app, None).await;
    let editor = app.demo(Role::Editor).await;
    let set = editor
        .add_todo(item.id, &todo("Draft the scope", None))
        .await
        .unwrap();
    let viewer_id = user_id(&app, Role::Viewer).await;
    let edited = editor
        .update_todo(
            set.id,
            set.version,
            &UpdateTodo {
                description: Some("Draft the ISMS scope".into()),
                assignee_id: Some(Some(viewer_id)),
                due: Some(Some(Utc::now().date_naive())),
                done: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(edited.description, "Draft the ISMS scope");
    assert_eq!(edited.assignee_id, Some(viewer_id));
    assert_eq!(edited.notified, 1);

    let cleared = editor
        .update_todo(
            edited.id,
            edited.version,
            &serde_json::from_str(r#"{"assignee_id": null, "due": null}"#).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!((cleared.assignee_id, cleared.due), (None, None));
    assert_eq!(cleared.description, "Draft the ISMS scope");

    let stale = editor
        .update_todo(set.id, set.version, &UpdateTodo::default())
        .await
        .unwrap_err();
    assert!(
        matches!(stale, ApiError::PreconditionFailed { current_version: Some(v), .. } if v == cleared.version),
        "{stale:?}"
    );
    assert!(matches!(
        editor.delete_todo(set.id, set.version).await.unwrap_err(),
        ApiError::PreconditionFailed { .. }
    ));
    let missing_if_match = editor
        .raw(
            annex_client::Method::DELETE,
            &format!("/api/v1/todos/{}", set.id),
            None,
            &[],
        )
        .await
        .unwrap();
    assert_eq!(missing_if_match.status, 428);
    editor.delete_todo(set.id, cleared.version).await.unwrap();
    assert!(editor.list_todos(item.id).await.unwrap().is_empty());
    assert_eq!(app.sql_count("SELECT COUNT(*) AS n FROM item_todos"), 0);
}

#[tokio::test]
async fn bad_todos_are_422_and_store_nothing() {
    let app = TestApp::spawn().await;
    let item = an_item(&app, None).await;
    let editor = app.demo(Role::Editor).await;
    for description in [String::new(), "x".repeat(2001)] {
        match editor
            .add_todo(item.id, &todo(&description, None))
            .await
            .unwrap_err()
        {
            ApiError::Validation { errors, .. } => {
                assert!(errors.contains_key("description"), "{errors:?}");
            }
            other => panic!("expected validation, got {other:?}"),
        }
    }
    assert_status!(editor.add_todo(item.id, &todo("   ", None)).await, 422);
    assert_status!(
        editor
            .add_todo(item.id, &todo("Review", Some(Uuid::now_v7())))
            .await,
        422
    );
    let outsider_id = id_of(&app.outsider("Other Org").await).await;
    assert_status!(
        editor
            .add_todo(item.id, &todo("Review", Some(outsider_id)))
            .await,
        422
    );
    assert_eq!(app.sql_count("SELECT COUNT(*) AS n FROM item_todos"), 0);
    assert_eq!(app.sql_count("SELECT COUNT(*) AS n FROM notifications"), 0);
}

#[tokio::test]
async fn other_organisations_see_no_todos_and_cannot_touch_them() {
    let app = TestApp::spawn().await;
    let item = an_item(&app, None).await;
    let editor = app.demo(Role::Editor).await;
    let set = editor
        .add_todo(item.id, &todo("Check backups", None))
        .await
        .unwrap();
    let other = app.outsider("Other Org").await;
    assert_err!(other.list_todos(item.id).await, NotFound);
    assert_err!(
        other.add_todo(item.id, &todo("Sneak in", None)).await,
        NotFound
    );
    assert_err!(
        other.set_todo_done(set.id, set.version, true).await,
        NotFound
    );
    assert_err!(other.delete_todo(set.id, set.version).await, NotFound);
    assert!(!editor.list_todos(item.id).await.unwrap()[0].done);
}

#[tokio::test]
async fn viewers_read_contributors_work_on_their_own_items_and_assignees_only_tick() {
    let app = TestApp::spawn().await;
    let theirs = an_item(&app, Some(Role::Contributor)).await;
    let not_theirs = an_item(&app, None).await;
    let [viewer, contributor, editor] = app
        .demos([Role::Viewer, Role::Contributor, Role::Editor])
        .await;

    assert_err!(
        viewer.add_todo(theirs.id, &todo("No", None)).await,
        Forbidden
    );
    let own = contributor
        .add_todo(theirs.id, &todo("Collect the evidence", None))
        .await
        .unwrap();
    contributor
        .update_todo(
            own.id,
            own.version,
            &UpdateTodo {
                description: Some("Collect the access-review evidence".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_err!(
        contributor.add_todo(not_theirs.id, &todo("No", None)).await,
        Forbidden
    );

    let contributor_id = user_id(&app, Role::Contributor).await;
    let given = editor
        .add_todo(not_theirs.id, &todo("Sign off", Some(contributor_id)))
        .await
        .unwrap();
    assert_err!(
        contributor
            .update_todo(
                given.id,
                given.version,
                &UpdateTodo {
                    description: Some("Something easier".into()),
                    ..Default::default()
                },
            )
            .await,
        Forbidden
    );
    assert_err!(
        contributor.delete_todo(given.id, given.version).await,
        Forbidden
    );
    let viewer_tick = viewer
        .set_todo_done(given.id, given.version, true)
        .await
        .unwrap_err();
    assert!(matches!(viewer_tick, ApiError::Forbidden(_)));
    let ticked = contributor
        .set_todo_done(given.id, given.version, true)
        .await
        .unwrap();
    assert!(ticked.done);
    assert_eq!(viewer.list_todos(not_theirs.id).await.unwrap().len(), 1);
}
