//! Items: numbering, custom-field values, the project tree, contributors' limits, filters and keyset
//! pages, settings that would lose values, archive and delete (sorting and statement counts: item_lists).

use crate::harness::TestApp;
use crate::harness::{id_of, new_space, titled};
use annex_client::Client;
use annex_client::domain::PageParams;
use annex_client::domain::Role;
use annex_client::domain::events::EventFilter;
use annex_client::domain::work::Colour;
use annex_client::domain::work::fields::{FieldDefinition, FieldKind, SelectOption};
use annex_client::domain::work::items::{CreateItem, ItemFilter, ItemKind, UpdateItem};
use annex_client::domain::work::spaces::{Space, SpaceKind, SpaceSettings};
use serde_json::json;
use std::collections::BTreeMap;
use uuid::Uuid;

fn option(label: &str) -> SelectOption {
    SelectOption {
        id: Uuid::new_v4(),
        label: label.into(),
        colour: Colour::parse("#3949ab").unwrap(),
    }
}

fn field(name: &str, kind: FieldKind, options: &[&str], required: bool) -> FieldDefinition {
    FieldDefinition {
        id: Uuid::new_v4(),
        name: name.into(),
        kind,
        options: options.iter().map(|l| option(l)).collect(),
        required,
    }
}

/// A corrective-actions tracker with Severity (select), Raised on (date, required), Tags (multi) and Evidence (url).
async fn tracker(client: &Client, name: &str) -> Space {
    let space = new_space(client, SpaceKind::Tracker, name).await;
    let settings = SpaceSettings {
        statuses: space.statuses.clone(),
        fields: vec![
            field("Severity", FieldKind::Select, &["Minor", "Major"], false),
            field("Raised on", FieldKind::Date, &[], true),
            field(
                "Tags",
                FieldKind::MultiSelect,
                &["Access", "Backup", "HR"],
                false,
            ),
            field("Evidence", FieldKind::Url, &[], false),
        ],
        confirm_value_loss: false,
    };
    client
        .replace_space_settings(space.id, space.version, &settings)
        .await
        .unwrap()
}

fn item(title: &str, space: &Space, values: &[(usize, serde_json::Value)]) -> CreateItem {
    let mut fields: BTreeMap<Uuid, serde_json::Value> = BTreeMap::new();
    fields.insert(space.fields[1].id, json!("2026-11-01"));
    for (index, value) in values {
        fields.insert(space.fields[*index].id, value.clone());
    }
    CreateItem {
        title: title.into(),
        fields,
        ..Default::default()
    }
}

#[tokio::test]
async fn items_are_numbered_in_their_space_and_keep_custom_values_by_id() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let space = tracker(&editor, "Corrective Actions").await;
    let first = editor
        .create_item(
            space.id,
            &item(
                "Review access rights",
                &space,
                &[
                    (0, json!("major")),
                    (2, json!("HR|Access")),
                    (3, json!("https://wiki.example/ca-1")),
                ],
            ),
        )
        .await
        .unwrap();
    let second = editor
        .create_item(space.id, &item("Test restores", &space, &[]))
        .await
        .unwrap();
    assert_eq!((first.number, second.number), (1, 2));
    assert_eq!(first.label, "1 - Review access rights");
    assert_eq!(first.kind, ItemKind::Item);
    assert_eq!(first.status.as_deref(), Some("To-do"));
    assert!(!first.resolved);
    let severity = &space.fields[0];
    assert_eq!(
        first.fields[&severity.id],
        json!(severity.options[1].id.to_string())
    );
    let tags = &space.fields[2];
    assert_eq!(
        first.fields[&tags.id],
        json!([
            tags.options[0].id.to_string(),
            tags.options[2].id.to_string()
        ])
    );
    assert_eq!(first.fields[&space.fields[1].id], json!("2026-11-01"));

    // Renaming the option keeps the value.
    let mut settings = SpaceSettings {
        statuses: space.statuses.clone(),
        fields: space.fields.clone(),
        confirm_value_loss: false,
    };
    settings.fields[0].options[1].label = "Major nonconformity".into();
    editor
        .replace_space_settings(space.id, space.version, &settings)
        .await
        .unwrap();
    let reread = editor.get_item(first.id).await.unwrap();
    assert_eq!(
        reread.fields[&severity.id],
        json!(severity.options[1].id.to_string())
    );
}

#[tokio::test]
async fn bad_values_are_refused_with_the_field_named_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let space = tracker(&editor, "Incidents").await;
    let other = tracker(&editor, "Other").await;
    let cases: Vec<(CreateItem, &str)> = vec![
        (item("x", &space, &[(0, json!("Catastrophic"))]), "Severity"),
        (item("x", &space, &[(1, json!("31/12/2026"))]), "Raised on"),
        (
            item("x", &space, &[(3, json!("javascript:alert(1)"))]),
            "Evidence",
        ),
        (
            CreateItem {
                title: "x".into(),
                ..Default::default()
            },
            "Raised on: a value is required",
        ),
        (
            CreateItem {
                status_id: Some(other.statuses[0].id),
                ..item("x", &space, &[])
            },
            "workflow",
        ),
        (
            CreateItem {
                kind: Some(ItemKind::Phase),
                ..item("x", &space, &[])
            },
            "tracker",
        ),
    ];
    for (req, expected) in cases {
        let err = editor.create_item(space.id, &req).await.unwrap_err();
        assert_eq!(err.status(), Some(422), "{expected}: {err:?}");
        assert!(
            err.message().contains(expected),
            "{expected} not in {}",
            err.message()
        );
    }
    let mut unknown = item("x", &space, &[]);
    unknown.fields.insert(Uuid::new_v4(), json!("?"));
    assert_status!(editor.create_item(space.id, &unknown).await, 422);
    let outsider = id_of(&app.outsider("Other Org").await).await;
    assert_status!(
        editor
            .create_item(
                space.id,
                &CreateItem {
                    assignee_id: Some(outsider),
                    ..item("x", &space, &[])
                },
            )
            .await,
        422
    );
    // The organisation's ISMS set holds items of its own; this space holds none.
    let in_space = format!("SELECT id FROM items WHERE space_id = '{}'", space.id);
    assert_eq!(
        app.sql_count(&format!("SELECT COUNT(*) AS n FROM ({in_space}) AS s")),
        0
    );
    assert_eq!(
        app.sql_count(&format!(
            "SELECT COUNT(*) AS n FROM item_values WHERE item_id IN ({in_space})"
        )),
        0
    );
}

#[tokio::test]
async fn a_project_is_a_tree_of_phases_deliverables_and_activities() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let project = new_space(&editor, SpaceKind::Project, "ISO 27001").await;
    let make = |kind, parent, title: &str| CreateItem {
        kind: Some(kind),
        parent_id: parent,
        title: title.into(),
        ..Default::default()
    };
    let phase = editor
        .create_item(project.id, &make(ItemKind::Phase, None, "Plan"))
        .await
        .unwrap();
    let deliverable = editor
        .create_item(
            project.id,
            &make(ItemKind::Deliverable, Some(phase.id), "ISMS scope"),
        )
        .await
        .unwrap();
    let activity = editor
        .create_item(
            project.id,
            &make(ItemKind::Activity, Some(deliverable.id), "Draft scope"),
        )
        .await
        .unwrap();
    assert_eq!(activity.parent_id, Some(deliverable.id));
    let err = editor
        .create_item(project.id, &make(ItemKind::Activity, None, "Loose"))
        .await
        .unwrap_err();
    assert!(
        err.message().contains("under a phase or a deliverable"),
        "{}",
        err.message()
    );
    assert_status!(
        editor
            .create_item(
                project.id,
                &make(ItemKind::Deliverable, Some(deliverable.id), "Nested"),
            )
            .await,
        422
    );

    // Only owners and admins delete, and never a parent with items under it.
    assert_err!(
        editor.delete_item(activity.id, activity.version).await,
        Forbidden
    );
    let admin = app.demo(Role::Admin).await;
    assert_err!(
        admin.delete_item(deliverable.id, deliverable.version).await,
        Conflict
    );
    admin
        .delete_item(activity.id, activity.version)
        .await
        .unwrap();
    assert_err!(admin.get_item(activity.id).await, NotFound);
    let trail = admin
        .audit_trail(
            &EventFilter {
                subject_id: Some(activity.id),
                ..Default::default()
            },
            &PageParams::default(),
        )
        .await
        .unwrap();
    assert_eq!(trail.data[0].verb, "deleted");
}

#[tokio::test]
async fn contributors_change_only_what_is_assigned_to_them() {
    let app = TestApp::spawn().await;
    let [editor, contributor] = app.demos([Role::Editor, Role::Contributor]).await;
    let me = contributor.me().await.unwrap().user.id;
    let space = tracker(&editor, "Actions").await;
    assert_err!(
        contributor
            .create_item(space.id, &item("mine?", &space, &[]))
            .await,
        Forbidden
    );
    let theirs = editor
        .create_item(
            space.id,
            &CreateItem {
                assignee_id: Some(me),
                ..item("Theirs", &space, &[])
            },
        )
        .await
        .unwrap();
    let others = editor
        .create_item(space.id, &item("Someone else's", &space, &[]))
        .await
        .unwrap();

    let done = space.statuses.iter().find(|s| s.resolved).unwrap().id;
    let changed = contributor
        .update_item(
            theirs.id,
            theirs.version,
            &UpdateItem {
                status_id: Some(done),
                progress: Some(100.0),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(changed.resolved);
    assert_err!(
        contributor
            .update_item(
                others.id,
                others.version,
                &UpdateItem {
                    title: Some("Mine now".into()),
                    ..Default::default()
                },
            )
            .await,
        Forbidden
    );
    assert_err!(
        contributor
            .update_item(
                theirs.id,
                changed.version,
                &UpdateItem {
                    assignee_id: Some(None),
                    ..Default::default()
                },
            )
            .await,
        Forbidden
    );
    let viewer = app.demo(Role::Viewer).await;
    assert_err!(
        viewer
            .update_item(theirs.id, changed.version, &UpdateItem::default())
            .await,
        Forbidden
    );
    assert_eq!(viewer.get_item(theirs.id).await.unwrap().title, "Theirs");
}

#[tokio::test]
async fn lists_filter_and_page_by_number() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let viewer_id = app.demo(Role::Viewer).await.me().await.unwrap().user.id;
    let space = tracker(&editor, "Register").await;
    let done = space.statuses.iter().find(|s| s.resolved).unwrap().id;
    let past = chrono::NaiveDate::from_ymd_opt(2020, 1, 1);
    let mut created = Vec::new();
    for n in 0..5 {
        let mut req = item(&format!("Action {n}"), &space, &[]);
        req.due = past;
        if n % 2 == 0 {
            req.assignee_id = Some(viewer_id);
        }
        if n == 4 {
            req.status_id = Some(done);
            req.description = "Firewall rule review".into();
        }
        created.push(editor.create_item(space.id, &req).await.unwrap());
    }
    let list = |filter: ItemFilter| {
        let editor = editor.clone();
        async move {
            editor
                .list_items(space.id, &filter, &PageParams::default())
                .await
                .unwrap()
        }
    };
    assert_eq!(list(ItemFilter::default()).await.total, 5);
    assert_eq!(
        list(ItemFilter {
            assignee_id: Some(viewer_id),
            ..Default::default()
        })
        .await
        .total,
        3
    );
    assert_eq!(
        list(ItemFilter {
            status_id: Some(done),
            ..Default::default()
        })
        .await
        .total,
        1
    );
    assert_eq!(
        list(ItemFilter {
            overdue: Some(true),
            ..Default::default()
        })
        .await
        .total,
        4,
        "resolved items are not overdue"
    );
    let found = list(ItemFilter {
        q: Some("FIREWALL".into()),
        ..Default::default()
    })
    .await;
    assert_eq!(
        found.data.iter().map(|i| i.number).collect::<Vec<_>>(),
        vec![5]
    );

    let first = &created[0];
    editor
        .update_item(
            first.id,
            first.version,
            &UpdateItem {
                archived: Some(true),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(list(ItemFilter::default()).await.total, 4);
    assert_eq!(
        list(ItemFilter {
            archived: Some(true),
            ..Default::default()
        })
        .await
        .total,
        1
    );

    let mut numbers = Vec::new();
    let mut page = PageParams {
        limit: Some(2),
        cursor: None,
    };
    loop {
        let result = editor
            .list_items(
                space.id,
                &ItemFilter {
                    descending: Some(true),
                    ..Default::default()
                },
                &page,
            )
            .await
            .unwrap();
        numbers.extend(result.data.iter().map(|i| i.number));
        match result.next_cursor {
            Some(c) => page.cursor = Some(c),
            None => break,
        }
    }
    assert_eq!(numbers, vec![5, 4, 3, 2]);
}

#[tokio::test]
async fn settings_that_would_lose_values_need_confirmation_and_used_statuses_stay() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let space = tracker(&admin, "Changes").await;
    let it = admin
        .create_item(
            space.id,
            &item(
                "RFC 1",
                &space,
                &[(0, json!("Minor")), (2, json!(["Access", "Backup"]))],
            ),
        )
        .await
        .unwrap();

    // Drop the Severity field and the "Backup" tag.
    let mut fields = space.fields.clone();
    fields.remove(0);
    fields[1].options.retain(|o| o.label != "Backup");
    let mut settings = SpaceSettings {
        statuses: space.statuses.clone(),
        fields,
        confirm_value_loss: false,
    };
    let err = assert_status!(
        admin
            .replace_space_settings(space.id, space.version, &settings)
            .await,
        422
    );
    assert!(
        err.message().contains("Severity") && err.message().contains("confirm_value_loss"),
        "{}",
        err.message()
    );
    assert_eq!(
        admin.get_item(it.id).await.unwrap().fields.len(),
        3,
        "nothing lost"
    );

    settings.confirm_value_loss = true;
    let saved = admin
        .replace_space_settings(space.id, space.version, &settings)
        .await
        .unwrap();
    let after = admin.get_item(it.id).await.unwrap();
    let tags = &space.fields[2];
    assert!(!after.fields.contains_key(&space.fields[0].id));
    assert_eq!(
        after.fields[&tags.id],
        json!([tags.options[0].id.to_string()]),
        "the other tag stays"
    );
    let trail = admin
        .audit_trail(
            &EventFilter {
                subject_id: Some(space.id),
                ..Default::default()
            },
            &PageParams::default(),
        )
        .await
        .unwrap();
    assert!(
        trail.data[0].after.as_ref().unwrap()["values_deleted"]
            .as_array()
            .is_some_and(|v| v.len() == 2)
    );

    // A status an item is in cannot be removed.
    let todo = saved
        .statuses
        .iter()
        .position(|s| s.name == "To-do")
        .unwrap();
    let mut statuses = saved.statuses.clone();
    let in_progress = statuses.remove(todo + 1);
    admin
        .update_item(
            it.id,
            after.version,
            &UpdateItem {
                status_id: Some(in_progress.id),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_err!(
        admin
            .replace_space_settings(
                saved.id,
                saved.version,
                &SpaceSettings {
                    statuses,
                    fields: saved.fields.clone(),
                    confirm_value_loss: true,
                },
            )
            .await,
        Conflict
    );
}

#[tokio::test]
async fn another_organisation_cannot_reach_items() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let space = tracker(&editor, "Private").await;
    let it = editor
        .create_item(space.id, &item("Secret", &space, &[]))
        .await
        .unwrap();
    let other = app.outsider("Other Org").await;
    assert_err!(other.get_item(it.id).await, NotFound);
    assert_err!(
        other
            .update_item(it.id, it.version, &UpdateItem::default())
            .await,
        NotFound
    );
    assert_err!(other.delete_item(it.id, it.version).await, NotFound);
    assert_err!(
        other
            .list_items(space.id, &ItemFilter::default(), &PageParams::default())
            .await,
        NotFound
    );
    assert_err!(other.create_item(space.id, &titled("x")).await, NotFound);
}

#[tokio::test]
async fn the_project_tree_rolls_progress_up_by_days_estimated() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let project = new_space(&editor, SpaceKind::Project, "ISO 27001").await;
    let add = |kind, parent, title: &str, days: Option<f64>, progress: f64| CreateItem {
        kind: Some(kind),
        parent_id: parent,
        title: title.into(),
        days_estimated: days,
        progress: Some(progress),
        ..Default::default()
    };
    let plan = editor
        .create_item(project.id, &add(ItemKind::Phase, None, "Plan", None, 0.0))
        .await
        .unwrap();
    let scope = editor
        .create_item(
            project.id,
            &add(ItemKind::Deliverable, Some(plan.id), "Scope", None, 0.0),
        )
        .await
        .unwrap();
    editor
        .create_item(
            project.id,
            &add(
                ItemKind::Activity,
                Some(scope.id),
                "Draft",
                Some(1.0),
                100.0,
            ),
        )
        .await
        .unwrap();
    editor
        .create_item(
            project.id,
            &add(
                ItemKind::Activity,
                Some(scope.id),
                "Approve",
                Some(3.0),
                0.0,
            ),
        )
        .await
        .unwrap();
    let run = editor
        .create_item(project.id, &add(ItemKind::Phase, None, "Run", None, 0.0))
        .await
        .unwrap();
    editor
        .create_item(
            project.id,
            &add(ItemKind::Activity, Some(run.id), "Operate", Some(4.0), 50.0),
        )
        .await
        .unwrap();

    let tree = editor.project_tree(project.id).await.unwrap();
    let order: Vec<&str> = tree.nodes.iter().map(|n| n.label.as_str()).collect();
    assert_eq!(
        order,
        [
            "1 - Plan",
            "2 - Scope",
            "3 - Draft",
            "4 - Approve",
            "5 - Run",
            "6 - Operate"
        ]
    );
    let progress: Vec<f64> = tree.nodes.iter().map(|n| n.progress).collect();
    assert_eq!(progress, [25.0, 25.0, 100.0, 0.0, 50.0, 50.0]);
    // Plan weighs 4 days at 25 %, Run 4 days at 50 %.
    assert!((tree.progress - 37.5).abs() < 1e-9, "{}", tree.progress);
}
