//! In-app notifications: who is told what, never the actor, only the recipient sees them, and
//! how they are marked read.

use crate::harness::TestApp;
use crate::todos::{a_tracker, an_item, user_id};
use annex_client::ApiError;
use annex_client::domain::events::notifications::{NotificationFilter, NotificationKind};
use annex_client::domain::work::discussions::StartDiscussion;
use annex_client::domain::work::items::{CreateItem, UpdateItem};
use annex_client::domain::work::todos::CreateTodo;
use annex_client::domain::{PageParams, Role};

fn everything() -> (NotificationFilter, PageParams) {
    (NotificationFilter::default(), PageParams::default())
}

#[tokio::test]
async fn assigning_an_item_notifies_the_new_assignee_but_never_the_actor() {
    let app = TestApp::spawn().await;
    let [editor, contributor, viewer] = app
        .demos([Role::Editor, Role::Contributor, Role::Viewer])
        .await;
    let (editor_id, contributor_id, viewer_id) = (
        user_id(&app, Role::Editor).await,
        user_id(&app, Role::Contributor).await,
        user_id(&app, Role::Viewer).await,
    );
    let space = a_tracker(&editor, "Incidents").await;
    let item = editor
        .create_item(
            space.id,
            &CreateItem {
                title: "Laptop lost".into(),
                assignee_id: Some(contributor_id),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    editor
        .create_item(
            space.id,
            &CreateItem {
                title: "Phishing mail".into(),
                assignee_id: Some(editor_id),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(editor.unread_notifications().await.unwrap(), 0);
    assert_eq!(contributor.unread_notifications().await.unwrap(), 1);
    let (filter, page) = everything();
    let got = contributor.notifications(&filter, &page).await.unwrap();
    assert_eq!(got.total, 1);
    let first = &got.data[0];
    assert_eq!(first.kind, NotificationKind::ItemAssigned);
    assert_eq!(first.item_id, item.id);
    assert_eq!(first.item_label, item.label);
    assert_eq!(first.space_id, space.id);
    assert_eq!(first.actor_name.as_deref(), Some("Demo Editor"));
    assert_eq!(
        first.text,
        format!("Demo Editor assigned you {}", item.label)
    );
    assert_eq!(first.read_at, None);

    // A change that keeps the assignee notifies nobody; a reassignment tells the new one.
    let renamed = editor
        .update_item(
            item.id,
            item.version,
            &UpdateItem {
                title: Some("Laptop lost on train".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(contributor.unread_notifications().await.unwrap(), 1);
    editor
        .update_item(
            renamed.id,
            renamed.version,
            &UpdateItem {
                assignee_id: Some(Some(viewer_id)),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(viewer.unread_notifications().await.unwrap(), 1);
    assert_eq!(contributor.unread_notifications().await.unwrap(), 1);

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
        feed,
        [
            ("reassigned", Some(1)),
            ("updated", Some(0)),
            ("created", Some(1))
        ]
    );
}

#[tokio::test]
async fn a_reply_notifies_the_starter_and_earlier_posters_but_not_the_replier() {
    let app = TestApp::spawn().await;
    let item = an_item(&app, None).await;
    let [editor, admin, owner] = app.demos([Role::Editor, Role::Admin, Role::Owner]).await;
    let thread = editor
        .start_discussion(
            item.id,
            &StartDiscussion {
                title: "Audit dates".into(),
                body: "March or April?".into(),
            },
        )
        .await
        .unwrap()
        .discussion;
    assert_eq!(admin.reply(thread.id, "March").await.unwrap().notified, 1);
    assert_eq!(owner.reply(thread.id, "April").await.unwrap().notified, 2);
    assert_eq!(
        editor
            .reply(thread.id, "April it is")
            .await
            .unwrap()
            .notified,
        2
    );
    assert_eq!(admin.reply(thread.id, "Fine").await.unwrap().notified, 2);

    assert_eq!(editor.unread_notifications().await.unwrap(), 3);
    assert_eq!(admin.unread_notifications().await.unwrap(), 2);
    assert_eq!(owner.unread_notifications().await.unwrap(), 2);
    let (filter, page) = everything();
    let editors = editor.notifications(&filter, &page).await.unwrap();
    assert!(
        editors
            .data
            .iter()
            .all(|n| n.kind == NotificationKind::DiscussionReply)
    );
    assert_eq!(
        editors.data[0].text,
        format!(
            "Demo Admin replied in the discussion: Audit dates (on {})",
            item.label
        )
    );
    let posts = editor.get_discussion(thread.id).await.unwrap().posts;
    let reach: Vec<i64> = posts.iter().map(|p| p.notified).collect();
    assert_eq!(reach, [0, 1, 2, 2, 2]);
}

#[tokio::test]
async fn a_todo_notifies_its_assignee_and_its_setter_when_someone_else_completes_it() {
    let app = TestApp::spawn().await;
    let item = an_item(&app, None).await;
    let [editor, contributor] = app.demos([Role::Editor, Role::Contributor]).await;
    let contributor_id = user_id(&app, Role::Contributor).await;
    let editor_id = user_id(&app, Role::Editor).await;
    let given = editor
        .add_todo(
            item.id,
            &CreateTodo {
                description: "Upload the training records".into(),
                assignee_id: Some(contributor_id),
                due: None,
            },
        )
        .await
        .unwrap();
    let (filter, page) = everything();
    let told = contributor.notifications(&filter, &page).await.unwrap();
    assert_eq!(told.data[0].kind, NotificationKind::TodoAssigned);
    assert!(told.data[0].text.contains("Upload the training records"));

    contributor
        .set_todo_done(given.id, given.version, true)
        .await
        .unwrap();
    let setter = editor.notifications(&filter, &page).await.unwrap();
    assert_eq!(setter.total, 1);
    assert_eq!(setter.data[0].kind, NotificationKind::TodoCompleted);
    assert_eq!(
        setter.data[0].actor_name.as_deref(),
        Some("Demo Contributor")
    );

    // One's own to-do, done by oneself: nobody is told.
    let own = editor
        .add_todo(
            item.id,
            &CreateTodo {
                description: "Book the room".into(),
                assignee_id: Some(editor_id),
                due: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(own.notified, 0);
    let done = editor
        .set_todo_done(own.id, own.version, true)
        .await
        .unwrap();
    assert_eq!(done.notified, 0);
    assert_eq!(editor.unread_notifications().await.unwrap(), 1);
    assert_eq!(contributor.unread_notifications().await.unwrap(), 1);
}

#[tokio::test]
async fn notifications_are_private_paged_and_marked_read() {
    let app = TestApp::spawn().await;
    let [editor, contributor] = app.demos([Role::Editor, Role::Contributor]).await;
    let contributor_id = user_id(&app, Role::Contributor).await;
    let item = an_item(&app, None).await;
    for n in 0..3 {
        editor
            .add_todo(
                item.id,
                &CreateTodo {
                    description: format!("Task {n}"),
                    assignee_id: Some(contributor_id),
                    due: None,
                },
            )
            .await
            .unwrap();
    }
    let unread = NotificationFilter { unread: Some(true) };
    let first = contributor
        .notifications(
            &unread,
            &PageParams {
                limit: Some(2),
                cursor: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(first.total, 3);
    assert_eq!(first.data.len(), 2);
    assert!(first.data[0].text.contains("Task 2"), "newest first");
    let rest = contributor
        .notifications(
            &unread,
            &PageParams {
                limit: Some(2),
                cursor: first.next_cursor.clone(),
            },
        )
        .await
        .unwrap();
    assert_eq!(rest.data.len(), 1);
    assert!(rest.data[0].text.contains("Task 0"));
    assert_eq!(rest.next_cursor, None);

    let target = first.data[0].id;
    // Nobody else can see or mark it: not a colleague, not another organisation.
    let outsider = app.outsider("Other Org").await;
    for stranger in [&editor, &outsider] {
        assert_err!(stranger.mark_notification_read(target).await, NotFound);
        assert_eq!(stranger.unread_notifications().await.unwrap(), 0);
    }
    let (filter, page) = everything();
    assert_eq!(
        outsider.notifications(&filter, &page).await.unwrap().total,
        0
    );
    assert_eq!(contributor.unread_notifications().await.unwrap(), 3);

    let read = contributor.mark_notification_read(target).await.unwrap();
    let read_at = read.read_at.expect("read_at");
    let again = contributor.mark_notification_read(target).await.unwrap();
    assert_eq!(again.read_at, Some(read_at), "the first reading is kept");
    assert_eq!(contributor.unread_notifications().await.unwrap(), 2);
    assert_eq!(
        contributor
            .notifications(&unread, &PageParams::default())
            .await
            .unwrap()
            .total,
        2
    );
    assert_eq!(contributor.mark_all_notifications_read().await.unwrap(), 2);
    assert_eq!(contributor.mark_all_notifications_read().await.unwrap(), 0);
    assert_eq!(contributor.unread_notifications().await.unwrap(), 0);
    let all = contributor.notifications(&filter, &page).await.unwrap();
    assert_eq!(all.total, 3);
    assert!(all.data.iter().all(|n| n.read_at.is_some()));

    let bad = contributor
        .notifications(
            &filter,
            &PageParams {
                limit: Some(0),
                cursor: None,
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(bad, ApiError::Validation { .. }));
    assert_err!(app.anonymous().unread_notifications().await, Unauthorized);
}
