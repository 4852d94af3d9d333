//! "My work": one's open items and to-dos across every space, with the overdue ones picked out.

use crate::harness::TestApp;
use crate::todos::{a_tracker, user_id};
use annex_client::domain::Role;
use annex_client::domain::work::items::{CreateItem, UpdateItem};
use annex_client::domain::work::todos::CreateTodo;
use chrono::{Duration, NaiveDate, Utc};
use uuid::Uuid;

#[tokio::test]
async fn my_work_lists_open_assigned_items_and_todos_across_spaces_soonest_first() {
    let app = TestApp::spawn().await;
    let [editor, contributor] = app.demos([Role::Editor, Role::Contributor]).await;
    let me = user_id(&app, Role::Contributor).await;
    let someone_else = user_id(&app, Role::Viewer).await;
    let today = Utc::now().date_naive();
    let (yesterday, next_week) = (today - Duration::days(1), today + Duration::days(7));
    let incidents = a_tracker(&editor, "Incidents").await;
    let actions = a_tracker(&editor, "Corrective actions").await;
    let item = |title: &str, assignee: Uuid, due: Option<NaiveDate>| CreateItem {
        title: title.into(),
        assignee_id: Some(assignee),
        due,
        ..Default::default()
    };

    let late = editor
        .create_item(incidents.id, &item("Late report", me, Some(yesterday)))
        .await
        .unwrap();
    let soon = editor
        .create_item(
            actions.id,
            &item("Fix the firewall rule", me, Some(next_week)),
        )
        .await
        .unwrap();
    let undated = editor
        .create_item(actions.id, &item("Tidy the asset list", me, None))
        .await
        .unwrap();
    editor
        .create_item(actions.id, &item("Not mine", someone_else, Some(yesterday)))
        .await
        .unwrap();
    let resolved = editor
        .create_item(actions.id, &item("Already fixed", me, Some(yesterday)))
        .await
        .unwrap();
    let done_status = actions
        .statuses
        .iter()
        .find(|s| s.resolved)
        .expect("the default workflow ends resolved");
    editor
        .update_item(
            resolved.id,
            resolved.version,
            &UpdateItem {
                status_id: Some(done_status.id),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let archived = editor
        .create_item(actions.id, &item("Shelved", me, Some(yesterday)))
        .await
        .unwrap();
    editor
        .update_item(
            archived.id,
            archived.version,
            &UpdateItem {
                archived: Some(true),
                ..Default::default()
            },
        )
        .await
        .unwrap();

    let todo = |description: &str, assignee: Uuid, due: Option<NaiveDate>| CreateTodo {
        description: description.into(),
        assignee_id: Some(assignee),
        due,
    };
    let overdue_todo = editor
        .add_todo(
            soon.id,
            &todo("Send the change request", me, Some(yesterday)),
        )
        .await
        .unwrap();
    let open_todo = editor
        .add_todo(late.id, &todo("Call the insurer", me, None))
        .await
        .unwrap();
    let finished = editor
        .add_todo(soon.id, &todo("Already done", me, Some(yesterday)))
        .await
        .unwrap();
    contributor
        .set_todo_done(finished.id, finished.version, true)
        .await
        .unwrap();
    editor
        .add_todo(soon.id, &todo("Someone else's", someone_else, None))
        .await
        .unwrap();
    editor
        .add_todo(archived.id, &todo("On a shelved item", me, None))
        .await
        .unwrap();

    let work = contributor.my_work().await.unwrap();
    assert_eq!(work.today, today);
    let items: Vec<(Uuid, bool)> = work.items.iter().map(|i| (i.id, i.overdue)).collect();
    assert_eq!(
        items,
        [(late.id, true), (soon.id, false), (undated.id, false)]
    );
    assert_eq!(work.items[0].space_name, "Incidents");
    assert_eq!(work.items[0].label, late.label);
    assert_eq!(work.items[1].space_id, actions.id);
    assert_eq!(work.items[1].status.as_deref(), Some("To-do"));
    assert_eq!(work.overdue_items, 1);

    let todos: Vec<(Uuid, bool)> = work.todos.iter().map(|t| (t.id, t.overdue)).collect();
    assert_eq!(todos, [(overdue_todo.id, true), (open_todo.id, false)]);
    assert_eq!(work.todos[0].item_label, soon.label);
    assert_eq!(work.todos[0].space_name, "Corrective actions");
    assert_eq!(work.todos[0].set_by_name.as_deref(), Some("Demo Editor"));
    assert_eq!(work.todos[1].item_id, late.id);
    assert_eq!(work.overdue_todos, 1);

    // Everyone sees only their own work.
    let viewer = app.demo(Role::Viewer).await.my_work().await.unwrap();
    assert_eq!(viewer.items.len(), 1);
    assert_eq!(viewer.todos.len(), 1);
    assert_eq!(viewer.overdue_items, 1);
    let outsider = app.outsider("Other Org").await.my_work().await.unwrap();
    assert!(outsider.items.is_empty() && outsider.todos.is_empty());
}

#[tokio::test]
async fn my_work_needs_a_signed_in_member_and_answers_empty_when_nothing_is_assigned() {
    let app = TestApp::spawn().await;
    assert!(matches!(
        app.anonymous().my_work().await.unwrap_err(),
        annex_client::ApiError::Unauthorized(_)
    ));
    let auditor = app.demo(Role::Auditor).await.my_work().await.unwrap();
    assert!(auditor.items.is_empty() && auditor.todos.is_empty());
    assert_eq!((auditor.overdue_items, auditor.overdue_todos), (0, 0));
}
