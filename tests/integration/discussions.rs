//! Discussions on items: threads, replies, rewrites, who may post, and what goes when an item goes.

use crate::harness::TestApp;
use crate::todos::{an_item, user_id};
use annex_client::ApiError;
use annex_client::domain::work::discussions::StartDiscussion;
use annex_client::domain::work::todos::CreateTodo;
use annex_client::domain::{PageParams, Role};

fn start(title: &str, body: &str) -> StartDiscussion {
    StartDiscussion {
        title: title.into(),
        body: body.into(),
    }
}

#[tokio::test]
async fn a_thread_starts_with_its_first_post_and_replies_follow_oldest_first() {
    let app = TestApp::spawn().await;
    let item = an_item(&app, None).await;
    let [editor, admin] = app.demos([Role::Editor, Role::Admin]).await;
    let started = editor
        .start_discussion(
            item.id,
            &start("  Scope of the ISMS  ", "Do we include the **Leeds** site?"),
        )
        .await
        .unwrap();
    assert_eq!(started.discussion.title, "Scope of the ISMS");
    assert_eq!(started.discussion.posts, 1);
    assert_eq!(
        started.discussion.started_by_name.as_deref(),
        Some("Demo Editor")
    );
    assert_eq!(started.posts.len(), 1);
    assert_eq!(started.posts[0].body, "Do we include the **Leeds** site?");
    assert_eq!(started.posts[0].notified, 0);

    let answer = admin
        .reply(started.discussion.id, "Yes, Leeds is in scope.")
        .await
        .unwrap();
    assert_eq!(answer.author_name.as_deref(), Some("Demo Admin"));
    assert_eq!(answer.edited_at, None);

    let second = editor
        .start_discussion(item.id, &start("Budget", "Who pays the auditor?"))
        .await
        .unwrap();

    let viewer = app.demo(Role::Viewer).await;
    let thread = viewer.get_discussion(started.discussion.id).await.unwrap();
    let bodies: Vec<&str> = thread.posts.iter().map(|p| p.body.as_str()).collect();
    assert_eq!(
        bodies,
        [
            "Do we include the **Leeds** site?",
            "Yes, Leeds is in scope."
        ]
    );
    assert_eq!(thread.discussion.posts, 2);

    let listed = viewer.list_discussions(item.id).await.unwrap();
    let titles: Vec<(&str, i64)> = listed.iter().map(|d| (d.title.as_str(), d.posts)).collect();
    assert_eq!(titles, [("Budget", 1), ("Scope of the ISMS", 2)]);
    assert_eq!(listed[0].id, second.discussion.id);

    let updates = viewer
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
            ("discussion_started", Some(0)),
            ("discussion_replied", Some(1)),
            ("discussion_started", Some(0)),
        ]
    );
}

#[tokio::test]
async fn posts_are_rewritten_only_by_their_author_and_only_at_the_current_version() {
    let app = TestApp::spawn().await;
    let item = an_item(&app, None).await;
    let editor = app.demo(Role::Editor).await;
    let started = editor
        .start_discussion(item.id, &start("Risk appetite", "Draft: low."))
        .await
        .unwrap();
    let post = &started.posts[0];
    let edited = editor
        .edit_post(post.id, post.version, "Draft: low to moderate.")
        .await
        .unwrap();
    assert_eq!(edited.body, "Draft: low to moderate.");
    assert!(edited.edited_at.is_some());
    assert_eq!(edited.version, post.version + 1);
    assert!(matches!(
        editor
            .edit_post(post.id, post.version, "stale")
            .await
            .unwrap_err(),
        ApiError::PreconditionFailed { .. }
    ));
    assert_err!(
        app.demo(Role::Admin)
            .await
            .edit_post(post.id, edited.version, "mine now")
            .await,
        Forbidden
    );
    let thread = editor.get_discussion(started.discussion.id).await.unwrap();
    assert_eq!(thread.posts[0].body, "Draft: low to moderate.");
}

#[tokio::test]
async fn bad_threads_and_posts_are_422_and_store_nothing() {
    let app = TestApp::spawn().await;
    let item = an_item(&app, None).await;
    let editor = app.demo(Role::Editor).await;
    for (req, field) in [
        (start("", "body"), "title"),
        (start(&"t".repeat(301), "body"), "title"),
        (start("Title", ""), "body"),
        (start("Title", &"b".repeat(20001)), "body"),
    ] {
        match editor.start_discussion(item.id, &req).await.unwrap_err() {
            ApiError::Validation { errors, .. } => {
                assert!(errors.contains_key(field), "{errors:?}");
            }
            other => panic!("expected validation, got {other:?}"),
        }
    }
    let blank = assert_field!(
        editor
            .start_discussion(item.id, &start("   ", "body"))
            .await,
        "title"
    );
    assert_eq!(blank, ["must not be blank"]);
    assert_eq!(
        app.sql_count("SELECT COUNT(*) AS n FROM item_discussions"),
        0
    );
    let started = editor
        .start_discussion(item.id, &start("Title", "body"))
        .await
        .unwrap();
    assert!(matches!(
        editor.reply(started.discussion.id, "").await.unwrap_err(),
        ApiError::Validation { .. }
    ));
    assert_eq!(
        app.sql_count("SELECT COUNT(*) AS n FROM discussion_posts"),
        1
    );
}

#[tokio::test]
async fn other_organisations_cannot_read_or_join_a_discussion() {
    let app = TestApp::spawn().await;
    let item = an_item(&app, None).await;
    let editor = app.demo(Role::Editor).await;
    let started = editor
        .start_discussion(item.id, &start("Supplier review", "Due in May"))
        .await
        .unwrap();
    let other = app.outsider("Other Org").await;
    assert_err!(other.list_discussions(item.id).await, NotFound);
    assert_err!(other.get_discussion(started.discussion.id).await, NotFound);
    assert_err!(other.reply(started.discussion.id, "hello").await, NotFound);
    assert_err!(
        other.start_discussion(item.id, &start("Mine", "now")).await,
        NotFound
    );
    assert_err!(
        other.edit_post(started.posts[0].id, 1, "changed").await,
        NotFound
    );
    assert_eq!(
        editor
            .get_discussion(started.discussion.id)
            .await
            .unwrap()
            .posts
            .len(),
        1
    );
}

#[tokio::test]
async fn viewers_only_read_and_contributors_post_on_their_own_items() {
    let app = TestApp::spawn().await;
    let theirs = an_item(&app, Some(Role::Contributor)).await;
    let not_theirs = an_item(&app, None).await;
    let [editor, viewer, contributor] = app
        .demos([Role::Editor, Role::Viewer, Role::Contributor])
        .await;
    let elsewhere = editor
        .start_discussion(not_theirs.id, &start("Elsewhere", "Not yours"))
        .await
        .unwrap();

    assert_err!(
        viewer.start_discussion(theirs.id, &start("No", "no")).await,
        Forbidden
    );
    assert_err!(viewer.reply(elsewhere.discussion.id, "no").await, Forbidden);
    assert_err!(
        contributor.reply(elsewhere.discussion.id, "no").await,
        Forbidden
    );
    let own = contributor
        .start_discussion(theirs.id, &start("Evidence", "Uploaded to SharePoint"))
        .await
        .unwrap();
    editor
        .reply(own.discussion.id, "Thanks, checked.")
        .await
        .unwrap();
    contributor
        .reply(own.discussion.id, "Great.")
        .await
        .unwrap();
    assert_eq!(
        viewer
            .get_discussion(own.discussion.id)
            .await
            .unwrap()
            .posts
            .len(),
        3
    );
    assert_eq!(
        app.sql_count("SELECT COUNT(*) AS n FROM discussion_posts"),
        4
    );
}

#[tokio::test]
async fn deleting_an_item_takes_its_todos_discussions_and_notifications_with_it() {
    let app = TestApp::spawn().await;
    let item = an_item(&app, Some(Role::Contributor)).await;
    let keep = an_item(&app, Some(Role::Contributor)).await;
    let [editor, admin] = app.demos([Role::Editor, Role::Admin]).await;
    let contributor_id = user_id(&app, Role::Contributor).await;
    for on in [item.id, keep.id] {
        editor
            .add_todo(
                on,
                &CreateTodo {
                    description: "Review".into(),
                    assignee_id: Some(contributor_id),
                    due: None,
                },
            )
            .await
            .unwrap();
        let thread = editor
            .start_discussion(on, &start("Thread", "First"))
            .await
            .unwrap();
        admin.reply(thread.discussion.id, "Second").await.unwrap();
    }
    // Per item: the assignment and the to-do for the contributor, the reply for the editor.
    assert_eq!(app.sql_count("SELECT COUNT(*) AS n FROM notifications"), 6);
    admin.delete_item(item.id, item.version).await.unwrap();
    assert_eq!(app.sql_count("SELECT COUNT(*) AS n FROM item_todos"), 1);
    assert_eq!(
        app.sql_count("SELECT COUNT(*) AS n FROM item_discussions"),
        1
    );
    assert_eq!(
        app.sql_count("SELECT COUNT(*) AS n FROM discussion_posts"),
        2
    );
    assert_eq!(app.sql_count("SELECT COUNT(*) AS n FROM notifications"), 3);
    assert_eq!(editor.list_todos(keep.id).await.unwrap().len(), 1);
    assert_eq!(
        app.demo(Role::Contributor)
            .await
            .unread_notifications()
            .await
            .unwrap(),
        2
    );
}
