//! Arranging a project tree: moving nodes with their branch, duplicating a branch, sorting children.

use crate::harness::TestApp;
use crate::harness::{new_item, new_space};
use annex_client::Client;
use annex_client::domain::Role;
use annex_client::domain::work::items::{CreateItem, Item, ItemKind};
use annex_client::domain::work::spaces::{Space, SpaceKind};
use annex_client::domain::work::tree::{MoveItem, SortTree, TreeSortKey};
use chrono::NaiveDate;
use uuid::Uuid;

async fn project(client: &Client, name: &str) -> Space {
    new_space(client, SpaceKind::Project, name).await
}

async fn node(
    client: &Client,
    space: &Space,
    kind: ItemKind,
    parent: Option<&Item>,
    title: &str,
) -> Item {
    client
        .create_item(
            space.id,
            &CreateItem {
                kind: Some(kind),
                parent_id: parent.map(|p| p.id),
                title: title.into(),
                days_estimated: Some(2.0),
                progress: Some(50.0),
                ..Default::default()
            },
        )
        .await
        .unwrap()
}

/// The tree as (depth, title) in display order.
async fn outline(client: &Client, space: Uuid) -> Vec<(usize, String)> {
    let tree = client.project_tree(space).await.unwrap();
    let mut depth = std::collections::HashMap::new();
    tree.nodes
        .iter()
        .map(|n| {
            let d = n
                .parent_id
                .and_then(|p| depth.get(&p).copied())
                .map_or(0, |d: usize| d + 1);
            depth.insert(n.id, d);
            let title = n.label.split_once(" - ").unwrap().1.to_owned();
            (d, title)
        })
        .collect()
}

fn lines(spec: &[(usize, &str)]) -> Vec<(usize, String)> {
    spec.iter().map(|(d, t)| (*d, (*t).to_owned())).collect()
}

#[tokio::test]
async fn nodes_move_with_their_branch_and_keep_their_place() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let space = project(&editor, "ISMS rollout").await;
    let plan = node(&editor, &space, ItemKind::Phase, None, "Plan").await;
    let build = node(&editor, &space, ItemKind::Phase, None, "Build").await;
    let scope = node(&editor, &space, ItemKind::Deliverable, Some(&plan), "Scope").await;
    let draft = node(
        &editor,
        &space,
        ItemKind::Activity,
        Some(&scope),
        "Draft scope",
    )
    .await;
    let policy = node(
        &editor,
        &space,
        ItemKind::Activity,
        Some(&plan),
        "Write policy",
    )
    .await;
    assert_eq!(
        outline(&editor, space.id).await,
        lines(&[
            (0, "Plan"),
            (1, "Scope"),
            (2, "Draft scope"),
            (1, "Write policy"),
            (0, "Build")
        ])
    );
    // Reorder within a parent.
    let moved = editor
        .move_item(
            policy.id,
            policy.version,
            &MoveItem {
                parent_id: Some(plan.id),
                position: 0,
            },
        )
        .await
        .unwrap();
    assert_eq!(moved.version, policy.version + 1);
    assert_eq!(
        outline(&editor, space.id).await,
        lines(&[
            (0, "Plan"),
            (1, "Write policy"),
            (1, "Scope"),
            (2, "Draft scope"),
            (0, "Build")
        ])
    );
    // A deliverable with its activity moves to another phase.
    editor
        .move_item(
            scope.id,
            scope.version,
            &MoveItem {
                parent_id: Some(build.id),
                position: 5,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        outline(&editor, space.id).await,
        lines(&[
            (0, "Plan"),
            (1, "Write policy"),
            (0, "Build"),
            (1, "Scope"),
            (2, "Draft scope")
        ])
    );
    // Phases reorder at the top.
    editor
        .move_item(
            build.id,
            build.version,
            &MoveItem {
                parent_id: None,
                position: 0,
            },
        )
        .await
        .unwrap();
    assert_eq!(outline(&editor, space.id).await[0], (0, "Build".to_owned()));
    // New nodes go last among their siblings.
    node(&editor, &space, ItemKind::Phase, None, "Check").await;
    assert_eq!(
        outline(&editor, space.id).await.last().unwrap(),
        &(0, "Check".to_owned())
    );

    // Refused: under its own branch, a phase under a node, a deliverable at the top, a stale version,
    // a parent in another project.
    let scope_now = editor.get_item(scope.id).await.unwrap();
    let other = project(&editor, "Other").await;
    let foreign = node(&editor, &other, ItemKind::Phase, None, "Elsewhere").await;
    let draft_now = editor.get_item(draft.id).await.unwrap();
    let build_now = editor.get_item(build.id).await.unwrap();
    // Each is about where the node goes: the error names `parent_id`.
    let cases = [
        (&scope_now, Some(draft.id)),
        (&build_now, Some(plan.id)),
        (&scope_now, None),
        (&draft_now, Some(foreign.id)),
    ];
    for (item, parent) in cases {
        let refused = assert_field!(
            editor
                .move_item(
                    item.id,
                    item.version,
                    &MoveItem {
                        parent_id: parent,
                        position: 0,
                    },
                )
                .await,
            "parent_id"
        );
        assert_eq!(refused.len(), 1, "{}: {refused:?}", item.title);
    }
    assert_status!(
        editor
            .move_item(
                draft.id,
                draft.version + 7,
                &MoveItem {
                    parent_id: Some(plan.id),
                    position: 0,
                },
            )
            .await,
        412
    );
    // Viewers cannot arrange; other organisations do not see the node.
    let viewer = app.demo(Role::Viewer).await;
    assert_status!(
        viewer
            .move_item(
                draft_now.id,
                draft_now.version,
                &MoveItem {
                    parent_id: Some(plan.id),
                    position: 0,
                },
            )
            .await,
        403
    );
    let outsider = app.outsider("Elsewhere Ltd").await;
    assert_status!(
        outsider
            .move_item(
                draft_now.id,
                draft_now.version,
                &MoveItem {
                    parent_id: None,
                    position: 0,
                },
            )
            .await,
        404
    );
    assert_status!(outsider.duplicate_item(draft.id).await, 404);
}

#[tokio::test]
async fn a_branch_duplicates_right_after_the_original_and_progress_counts_it() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let space = project(&editor, "Audit prep").await;
    let phase = node(&editor, &space, ItemKind::Phase, None, "Prepare").await;
    let deliverable = node(
        &editor,
        &space,
        ItemKind::Deliverable,
        Some(&phase),
        "Evidence",
    )
    .await;
    node(
        &editor,
        &space,
        ItemKind::Activity,
        Some(&deliverable),
        "Collect logs",
    )
    .await;
    node(
        &editor,
        &space,
        ItemKind::Activity,
        Some(&deliverable),
        "Collect tickets",
    )
    .await;
    node(
        &editor,
        &space,
        ItemKind::Deliverable,
        Some(&phase),
        "Interviews",
    )
    .await;
    let copy = editor.duplicate_item(deliverable.id).await.unwrap();
    assert_eq!(copy.title, "Evidence (copy)");
    assert_eq!(copy.parent_id, Some(phase.id));
    assert_ne!(copy.id, deliverable.id);
    assert_eq!(
        outline(&editor, space.id).await,
        lines(&[
            (0, "Prepare"),
            (1, "Evidence"),
            (2, "Collect logs"),
            (2, "Collect tickets"),
            (1, "Evidence (copy)"),
            (2, "Collect logs"),
            (2, "Collect tickets"),
            (1, "Interviews"),
        ])
    );
    let tree = editor.project_tree(space.id).await.unwrap();
    assert_eq!(tree.nodes.len(), 8);
    assert!((tree.progress - 50.0).abs() < 1e-9, "{}", tree.progress);
    // Trackers have no tree to arrange.
    let tracker = new_space(&editor, SpaceKind::Tracker, "Flat").await;
    let flat = new_item(&editor, tracker.id, "x").await;
    assert_status!(editor.duplicate_item(flat.id).await, 422);
    let flat_sort = assert_status!(
        editor
            .sort_tree(
                tracker.id,
                &SortTree {
                    parent_id: None,
                    by: TreeSortKey::Title
                }
            )
            .await,
        422
    );
    assert_eq!(
        flat_sort.problem().unwrap().code,
        "rule_violated",
        "the space, not a field of the request: {flat_sort:?}"
    );
}

#[tokio::test]
async fn children_sort_by_title_or_dates_and_the_sort_is_recorded() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let space = project(&editor, "Sorting").await;
    let phase = node(&editor, &space, ItemKind::Phase, None, "Do").await;
    let date = |d| NaiveDate::from_ymd_opt(2026, 5, d);
    for (title, due) in [("walk", date(9)), ("Apply", None), ("check", date(2))] {
        editor
            .create_item(
                space.id,
                &CreateItem {
                    kind: Some(ItemKind::Activity),
                    parent_id: Some(phase.id),
                    title: title.into(),
                    due,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
    }
    let children = |outline: Vec<(usize, String)>| -> Vec<String> {
        outline
            .into_iter()
            .filter(|(d, _)| *d == 1)
            .map(|(_, t)| t)
            .collect()
    };
    for (by, expected) in [
        (TreeSortKey::Title, vec!["Apply", "check", "walk"]),
        (TreeSortKey::Due, vec!["check", "walk", "Apply"]),
        (TreeSortKey::Number, vec!["walk", "Apply", "check"]),
    ] {
        editor
            .sort_tree(
                space.id,
                &SortTree {
                    parent_id: Some(phase.id),
                    by,
                },
            )
            .await
            .unwrap();
        assert_eq!(
            children(outline(&editor, space.id).await),
            expected,
            "{by:?}"
        );
    }
    let refused = assert_field!(
        editor
            .sort_tree(
                space.id,
                &SortTree {
                    parent_id: Some(Uuid::new_v4()),
                    by: TreeSortKey::Title,
                },
            )
            .await,
        "parent_id"
    );
    assert_eq!(refused, ["the parent is not a node of this project"]);
    let viewer = app.demo(Role::Viewer).await;
    assert_status!(
        viewer
            .sort_tree(
                space.id,
                &SortTree {
                    parent_id: None,
                    by: TreeSortKey::Title,
                },
            )
            .await,
        403
    );
}
