//! Linked work: any two items of one organisation, shown on both ends, recorded on both, searchable.

use crate::harness::TestApp;
use crate::harness::{new_item, new_space, titled};
use annex_client::ApiError;
use annex_client::domain::events::EventFilter;
use annex_client::domain::work::items::{CreateItem, ItemKind, UpdateItem};
use annex_client::domain::work::links::ItemSearch;
use annex_client::domain::work::spaces::SpaceKind;
use annex_client::domain::{PageParams, Role};

#[tokio::test]
async fn a_link_shows_on_both_ends_and_is_recorded_on_both() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let policies = new_space(&editor, SpaceKind::Tracker, "Policies").await;
    let project = new_space(&editor, SpaceKind::Project, "ISO 27001").await;
    let policy = new_item(&editor, policies.id, "Access control policy").await;
    let phase = editor
        .create_item(
            project.id,
            &CreateItem {
                kind: Some(ItemKind::Phase),
                ..titled("P2 ISMS Scope")
            },
        )
        .await
        .unwrap();

    let linked = editor.link_items(policy.id, phase.id).await.unwrap();
    assert_eq!(
        (
            linked.item_id,
            linked.space_name.as_str(),
            linked.label.as_str()
        ),
        (phase.id, "ISO 27001", "1 - P2 ISMS Scope")
    );
    let from_policy = editor.list_links(policy.id).await.unwrap();
    let from_phase = editor.list_links(phase.id).await.unwrap();
    assert_eq!(
        from_policy.iter().map(|l| l.item_id).collect::<Vec<_>>(),
        vec![phase.id]
    );
    assert_eq!(
        from_phase.iter().map(|l| l.item_id).collect::<Vec<_>>(),
        vec![policy.id]
    );
    assert_eq!(from_phase[0].status.as_deref(), Some("To-do"));
    assert_eq!(from_phase[0].link_id, from_policy[0].link_id);

    for (subject, other_label) in [
        (policy.id, "1 - P2 ISMS Scope"),
        (phase.id, "1 - Access control policy"),
    ] {
        let events = editor
            .audit_trail(
                &EventFilter {
                    subject_id: Some(subject),
                    verb: Some("linked".into()),
                    ..Default::default()
                },
                &PageParams::default(),
            )
            .await;
        // Editors cannot read the trail; check through the admin.
        assert!(matches!(events, Err(ApiError::Forbidden(_))));
        let admin = app.demo(Role::Admin).await;
        let events = admin
            .audit_trail(
                &EventFilter {
                    subject_id: Some(subject),
                    verb: Some("linked".into()),
                    ..Default::default()
                },
                &PageParams::default(),
            )
            .await
            .unwrap();
        assert_eq!(events.total, 1);
        assert_eq!(events.data[0].after.as_ref().unwrap()["label"], other_label);
    }

    editor.unlink_items(phase.id, policy.id).await.unwrap();
    assert!(editor.list_links(policy.id).await.unwrap().is_empty());
    assert_err!(editor.unlink_items(phase.id, policy.id).await, NotFound);
}

#[tokio::test]
async fn self_links_duplicates_and_other_organisations_are_refused() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let tracker = new_space(&editor, SpaceKind::Tracker, "Risks").await;
    let a = new_item(&editor, tracker.id, "A").await;
    let b = new_item(&editor, tracker.id, "B").await;
    assert_status!(editor.link_items(a.id, a.id).await, 422);
    editor.link_items(a.id, b.id).await.unwrap();
    assert!(
        matches!(
            editor.link_items(b.id, a.id).await.unwrap_err(),
            ApiError::Conflict(_)
        ),
        "the same pair from the other end"
    );

    let other = app.outsider("Other Org").await;
    let theirs = new_space(&other, SpaceKind::Tracker, "Theirs").await;
    let foreign = new_item(&other, theirs.id, "Foreign").await;
    assert_err!(editor.link_items(a.id, foreign.id).await, NotFound);
    assert_err!(other.link_items(foreign.id, a.id).await, NotFound);
    assert_err!(other.list_links(a.id).await, NotFound);
    assert_eq!(app.sql_count("SELECT COUNT(*) AS n FROM links"), 1);
}

#[tokio::test]
async fn contributors_link_from_their_own_items_and_viewers_not_at_all() {
    let app = TestApp::spawn().await;
    let [editor, contributor] = app.demos([Role::Editor, Role::Contributor]).await;
    let me = contributor.me().await.unwrap().user.id;
    let tracker = new_space(&editor, SpaceKind::Tracker, "Actions").await;
    let mine = editor
        .create_item(
            tracker.id,
            &CreateItem {
                assignee_id: Some(me),
                ..titled("Mine")
            },
        )
        .await
        .unwrap();
    let other = new_item(&editor, tracker.id, "Other").await;
    contributor.link_items(mine.id, other.id).await.unwrap();
    assert_err!(contributor.unlink_items(other.id, mine.id).await, Forbidden);
    let viewer = app.demo(Role::Viewer).await;
    assert_err!(viewer.unlink_items(mine.id, other.id).await, Forbidden);
    assert_eq!(viewer.list_links(other.id).await.unwrap().len(), 1);
}

#[tokio::test]
async fn the_picker_finds_items_across_spaces_by_title_space_or_number() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let policies = new_space(&editor, SpaceKind::Tracker, "Policies").await;
    let incidents = new_space(&editor, SpaceKind::Tracker, "Mishaps").await;
    new_item(&editor, policies.id, "Tape rotation policy").await;
    let lost = new_item(&editor, incidents.id, "Lost laptop").await;
    new_item(&editor, incidents.id, "Tape rotation failed").await;
    let search = |q: &str| ItemSearch {
        q: q.into(),
        limit: None,
    };
    let backup = editor.search_items(&search("TAPE")).await.unwrap();
    assert_eq!(
        backup.iter().map(|s| s.label.as_str()).collect::<Vec<_>>(),
        ["2 - Tape rotation failed", "1 - Tape rotation policy"]
    );
    let in_space = editor.search_items(&search("mishaps")).await.unwrap();
    assert_eq!(in_space.len(), 2);
    let by_number = editor.search_items(&search("1")).await.unwrap();
    assert!(by_number.iter().any(|s| s.item_id == lost.id));
    editor
        .update_item(
            lost.id,
            lost.version,
            &UpdateItem {
                archived: Some(true),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(
        !editor
            .search_items(&search("laptop"))
            .await
            .unwrap()
            .iter()
            .any(|s| s.item_id == lost.id),
        "archived items are not offered"
    );
    assert_status!(editor.search_items(&search(" ")).await, 422);
}

#[tokio::test]
async fn deleting_an_item_removes_its_links_and_says_so_on_the_other_end() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let tracker = new_space(&admin, SpaceKind::Tracker, "RFC").await;
    let a = new_item(&admin, tracker.id, "Change firewall").await;
    let b = new_item(&admin, tracker.id, "Review").await;
    admin.link_items(a.id, b.id).await.unwrap();
    admin.delete_item(a.id, a.version).await.unwrap();
    assert!(admin.list_links(b.id).await.unwrap().is_empty());
    let events = admin
        .audit_trail(
            &EventFilter {
                subject_id: Some(b.id),
                verb: Some("unlinked".into()),
                ..Default::default()
            },
            &PageParams::default(),
        )
        .await
        .unwrap();
    assert_eq!(events.total, 1);
}
