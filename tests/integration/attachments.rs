//! An item's notes, documents and updates.

use crate::harness::TestApp;
use crate::harness::new_space;
use annex_client::ApiError;
use annex_client::domain::work::attachments::AddDocument;
use annex_client::domain::work::items::{CreateItem, UpdateItem};
use annex_client::domain::work::spaces::SpaceKind;
use annex_client::domain::{PageParams, Role};

async fn an_item(
    app: &TestApp,
    assignee_role: Option<Role>,
) -> annex_client::domain::work::items::Item {
    let editor = app.demo(Role::Editor).await;
    let space = new_space(&editor, SpaceKind::Tracker, "Policies").await;
    let assignee = match assignee_role {
        Some(role) => Some(app.demo(role).await.me().await.unwrap().user.id),
        None => None,
    };
    editor
        .create_item(
            space.id,
            &CreateItem {
                title: "Access control policy".into(),
                assignee_id: assignee,
                ..Default::default()
            },
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn notes_belong_to_their_authors() {
    let app = TestApp::spawn().await;
    let item = an_item(&app, Some(Role::Contributor)).await;
    let contributor = app.demo(Role::Contributor).await;
    let note = contributor
        .add_note(item.id, "Reviewed with **HR**.")
        .await
        .unwrap();
    assert_eq!(note.author_name.as_deref(), Some("Demo Contributor"));
    let edited = contributor
        .edit_note(note.id, note.version, "Reviewed with HR and IT.")
        .await
        .unwrap();
    assert_eq!(edited.version, note.version + 1);

    let editor = app.demo(Role::Editor).await;
    assert_err!(
        editor.edit_note(note.id, edited.version, "mine now").await,
        Forbidden
    );
    assert_err!(editor.delete_note(note.id, edited.version).await, Forbidden);
    assert!(matches!(
        contributor
            .edit_note(note.id, note.version, "stale")
            .await
            .unwrap_err(),
        ApiError::PreconditionFailed { .. }
    ));
    let viewer = app.demo(Role::Viewer).await;
    assert_err!(viewer.add_note(item.id, "hello").await, Forbidden);
    assert_eq!(
        viewer.list_notes(item.id).await.unwrap()[0].body,
        "Reviewed with HR and IT."
    );

    app.demo(Role::Admin)
        .await
        .delete_note(note.id, edited.version)
        .await
        .unwrap();
    assert!(viewer.list_notes(item.id).await.unwrap().is_empty());
}

#[tokio::test]
async fn documents_are_web_links_and_stay_where_they_live() {
    let app = TestApp::spawn().await;
    let item = an_item(&app, None).await;
    let editor = app.demo(Role::Editor).await;
    let doc = editor
        .add_document(
            item.id,
            &AddDocument {
                title: "Access Control Policy v3".into(),
                url: "https://sharepoint.example/isms/acp-v3.docx".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        editor.list_documents(item.id).await.unwrap(),
        vec![doc.clone()]
    );
    let err = editor
        .add_document(
            item.id,
            &AddDocument {
                title: "Bad".into(),
                url: "javascript:alert(1)".into(),
            },
        )
        .await
        .unwrap_err();
    match err {
        ApiError::Validation { errors, .. } => assert!(errors.contains_key("url"), "{errors:?}"),
        other => panic!("expected validation, got {other:?}"),
    }
    let contributor = app.demo(Role::Contributor).await;
    assert_err!(contributor.remove_document(doc.id).await, Forbidden);
    editor.remove_document(doc.id).await.unwrap();
    assert!(editor.list_documents(item.id).await.unwrap().is_empty());

    let other = app.outsider("Other Org").await;
    assert_err!(other.list_documents(item.id).await, NotFound);
    assert_err!(other.list_notes(item.id).await, NotFound);
}

#[tokio::test]
async fn updates_are_the_items_own_feed_newest_first_for_every_role() {
    let app = TestApp::spawn().await;
    let item = an_item(&app, None).await;
    let editor = app.demo(Role::Editor).await;
    let viewer_id = app.demo(Role::Viewer).await.me().await.unwrap().user.id;
    editor.add_note(item.id, "Draft ready").await.unwrap();
    editor
        .update_item(
            item.id,
            item.version,
            &UpdateItem {
                assignee_id: Some(Some(viewer_id)),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let viewer = app.demo(Role::Viewer).await;
    let updates = viewer
        .item_updates(item.id, &PageParams::default())
        .await
        .unwrap();
    let verbs: Vec<&str> = updates.data.iter().map(|e| e.verb.as_str()).collect();
    assert_eq!(verbs, ["reassigned", "note_added", "created"]);
    assert_eq!(
        updates.data[0].actor_email.as_deref(),
        Some("editor@demo.example")
    );
}

#[tokio::test]
async fn deleting_an_item_takes_its_notes_and_documents_with_it() {
    let app = TestApp::spawn().await;
    let item = an_item(&app, None).await;
    let admin = app.demo(Role::Admin).await;
    admin.add_note(item.id, "note").await.unwrap();
    admin
        .add_document(
            item.id,
            &AddDocument {
                title: "Doc".into(),
                url: "https://docs.example/x".into(),
            },
        )
        .await
        .unwrap();
    admin.delete_item(item.id, item.version).await.unwrap();
    assert_eq!(app.sql_count("SELECT COUNT(*) AS n FROM item_notes"), 0);
    assert_eq!(app.sql_count("SELECT COUNT(*) AS n FROM item_documents"), 0);
}
