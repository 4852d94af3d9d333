//! An item's notes (and whom they tell), documents and updates.

use crate::harness::{Options, PUBLIC_URL, TestApp, id_of, new_group, new_space};
use crate::smtp::SmtpServer;
use annex_api::schedule::Job;
use annex_client::domain::events::notifications::{NotificationFilter, NotificationKind};
use annex_client::domain::work::attachments::{AddDocument, AddNote};
use annex_client::domain::work::items::{CreateItem, UpdateItem};
use annex_client::domain::work::spaces::SpaceKind;
use annex_client::domain::{PageParams, Role};
use annex_client::{ApiError, Client};
use annex_store::clock::now;
use uuid::Uuid;

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
        .add_note(item.id, &AddNote::new("Reviewed with **HR**."))
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
    assert_err!(
        viewer.add_note(item.id, &AddNote::new("hello")).await,
        Forbidden
    );
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
    editor
        .add_note(item.id, &AddNote::new("Draft ready"))
        .await
        .unwrap();
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
    admin
        .add_note(item.id, &AddNote::new("note"))
        .await
        .unwrap();
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

/// A group named `name` of the people signed in as `members`, made by `admin`.
async fn a_group_of(admin: &Client, name: &str, members: &[&Client]) -> Uuid {
    let mut group = new_group(admin, name).await;
    for member in members {
        group = admin
            .add_group_member(group.id, id_of(member).await, group.version)
            .await
            .unwrap();
    }
    group.id
}

/// The notifications of the person signed in as `client`, read or not, newest first.
async fn notifications_of(
    client: &Client,
) -> Vec<annex_client::domain::events::notifications::Notification> {
    client
        .notifications(&NotificationFilter::default(), &PageParams::default())
        .await
        .unwrap()
        .data
}

#[tokio::test]
async fn a_note_tells_the_people_and_groups_its_author_picks_once_each_never_the_author() {
    let app = TestApp::spawn().await;
    let item = an_item(&app, None).await;
    let [admin, editor, contributor, viewer] = app
        .demos([Role::Admin, Role::Editor, Role::Contributor, Role::Viewer])
        .await;
    // The viewer is named and in the group; the author is named and in the group too.
    let reviewers = a_group_of(&admin, "Reviewers", &[&contributor, &viewer, &editor]).await;
    let before = app.sql_count("SELECT COUNT(*) AS n FROM notifications");
    let note = editor
        .add_note(
            item.id,
            &AddNote {
                notify_users: vec![id_of(&viewer).await, id_of(&editor).await],
                notify_groups: vec![reviewers],
                ..AddNote::new("Reviewed: please **sign off** by Friday.")
            },
        )
        .await
        .unwrap();
    assert_eq!(note.notified, 2);
    assert_eq!(editor.list_notes(item.id).await.unwrap()[0].notified, 2);

    for told in [&contributor, &viewer] {
        let got = notifications_of(told).await;
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].kind, NotificationKind::NoteAdded);
        assert_eq!(got[0].item_id, item.id);
        assert_eq!(got[0].actor_name.as_deref(), Some("Demo Editor"));
        assert!(
            got[0]
                .text
                .starts_with(&format!("Demo Editor added a note on {}", item.label)),
            "{}",
            got[0].text
        );
        assert!(got[0].text.contains("sign off"), "{}", got[0].text);
    }
    assert!(notifications_of(&editor).await.is_empty());
    assert!(notifications_of(&admin).await.is_empty());

    let updates = viewer
        .item_updates(item.id, &PageParams::default())
        .await
        .unwrap();
    assert_eq!(updates.data[0].verb, "note_added");
    assert_eq!(updates.data[0].notified, Some(2));

    // A note naming nobody tells nobody, and says so.
    let quiet = editor
        .add_note(item.id, &AddNote::new("Nothing to tell."))
        .await
        .unwrap();
    assert_eq!(quiet.notified, 0);
    assert_eq!(
        app.sql_count("SELECT COUNT(*) AS n FROM notifications"),
        before + 2
    );
}

#[tokio::test]
async fn a_note_may_tell_only_the_organisations_people_and_groups() {
    let app = TestApp::spawn().await;
    let item = an_item(&app, None).await;
    let [editor, viewer] = app.demos([Role::Editor, Role::Viewer]).await;
    let outsider = app.outsider("Elsewhere").await;
    let their_group = new_group(&outsider, "Their staff").await;
    let before = (
        app.sql_count("SELECT COUNT(*) AS n FROM notifications"),
        app.sql_count("SELECT COUNT(*) AS n FROM mail_outbox"),
    );
    let telling = |users: Vec<Uuid>, groups: Vec<Uuid>| AddNote {
        notify_users: users,
        notify_groups: groups,
        ..AddNote::new("Who hears this?")
    };

    let refused = assert_field!(
        editor
            .add_note(item.id, &telling(vec![Uuid::new_v4()], vec![]))
            .await,
        "notify_users"
    );
    assert_eq!(refused, ["someone is not a member of the organisation"]);
    assert_field!(
        editor
            .add_note(item.id, &telling(vec![id_of(&outsider).await], vec![]))
            .await,
        "notify_users"
    );
    let refused = assert_field!(
        editor
            .add_note(
                item.id,
                &telling(vec![id_of(&viewer).await], vec![Uuid::new_v4()])
            )
            .await,
        "notify_groups"
    );
    assert_eq!(refused, ["a group is not the organisation's"]);
    assert_field!(
        editor
            .add_note(item.id, &telling(vec![], vec![their_group.id]))
            .await,
        "notify_groups"
    );

    assert!(editor.list_notes(item.id).await.unwrap().is_empty());
    assert!(notifications_of(&viewer).await.is_empty());
    assert!(notifications_of(&outsider).await.is_empty());
    let after = (
        app.sql_count("SELECT COUNT(*) AS n FROM notifications"),
        app.sql_count("SELECT COUNT(*) AS n FROM mail_outbox"),
    );
    assert_eq!(after, before, "nothing told, nothing queued");
}

#[tokio::test]
async fn a_note_mails_the_person_it_tells_with_a_link_to_its_item() {
    let smtp = SmtpServer::start();
    let app = TestApp::spawn_with(Options {
        smtp_url: Some(smtp.url()),
        ..Options::default()
    })
    .await;
    let item = an_item(&app, None).await;
    let [editor, contributor] = app.demos([Role::Editor, Role::Contributor]).await;
    editor
        .add_note(
            item.id,
            &AddNote {
                notify_users: vec![id_of(&contributor).await],
                ..AddNote::new("The auditor wants the access review.")
            },
        )
        .await
        .unwrap();

    app.run_job(Job::SendMail, now()).await;
    let got = smtp.received();
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].to, ["contributor@demo.example"]);
    assert!(got[0].subject.contains("Demo Editor"), "{}", got[0].subject);
    let link = format!("{PUBLIC_URL}/items/{}", item.id);
    assert!(got[0].text.contains(&link), "{}", got[0].text);
}
