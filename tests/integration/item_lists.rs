//! Item lists sorted by any column (custom fields included) and filtered by custom-field values and
//! notes, keyset pages that follow the sort, the fixed statement cost of a page, and tracker stats.

use crate::harness::TestApp;
use crate::harness::new_space;
use annex_client::Client;
use annex_client::domain::PageParams;
use annex_client::domain::Role;
use annex_client::domain::work::Colour;
use annex_client::domain::work::attachments::AddNote;
use annex_client::domain::work::fields::{FieldDefinition, FieldKind, SelectOption};
use annex_client::domain::work::items::{CreateItem, Item, ItemFilter, ItemKind, UpdateItem};
use annex_client::domain::work::spaces::{Space, SpaceKind, SpaceSettings};
use chrono::NaiveDate;
use serde_json::json;
use std::collections::BTreeMap;
use uuid::Uuid;

fn option(label: &str) -> SelectOption {
    SelectOption {
        id: Uuid::new_v4(),
        label: label.into(),
        colour: Colour::parse("#00897b").unwrap(),
    }
}

fn field(name: &str, kind: FieldKind, options: &[&str]) -> FieldDefinition {
    FieldDefinition {
        id: Uuid::new_v4(),
        name: name.into(),
        kind,
        options: options.iter().map(|l| option(l)).collect(),
        required: false,
    }
}

/// A tracker with Priority (select High, Medium, Low), Cost (number), Area (multi-select),
/// Remark (text), Owner (user) and Detail (long text).
async fn tracker(client: &Client, name: &str) -> Space {
    let space = new_space(client, SpaceKind::Tracker, name).await;
    let settings = SpaceSettings {
        statuses: space.statuses.clone(),
        fields: vec![
            field("Priority", FieldKind::Select, &["High", "Medium", "Low"]),
            field("Cost", FieldKind::Number, &[]),
            field(
                "Area",
                FieldKind::MultiSelect,
                &["People", "Places", "Things"],
            ),
            field("Remark", FieldKind::Text, &[]),
            field("Owner", FieldKind::User, &[]),
            field("Detail", FieldKind::LongText, &[]),
        ],
        confirm_value_loss: false,
    };
    client
        .replace_space_settings(space.id, space.version, &settings)
        .await
        .unwrap()
}

fn values(
    space: &Space,
    given: &[(usize, serde_json::Value)],
) -> BTreeMap<Uuid, serde_json::Value> {
    given
        .iter()
        .map(|(i, v)| (space.fields[*i].id, v.clone()))
        .collect()
}

/// Every page of a list, following `next_cursor`; returns the titles in order.
async fn all_titles(client: &Client, space: Uuid, filter: &ItemFilter, limit: i64) -> Vec<String> {
    let mut titles = Vec::new();
    let mut page = PageParams {
        limit: Some(limit),
        cursor: None,
    };
    loop {
        let result = client.list_items(space, filter, &page).await.unwrap();
        titles.extend(result.data.iter().map(|i| i.title.clone()));
        match result.next_cursor {
            Some(c) => page.cursor = Some(c),
            None => return titles,
        }
    }
}

/// title, priority, cost, due, assignee
type Row<'a> = (
    &'a str,
    Option<&'a str>,
    Option<f64>,
    Option<NaiveDate>,
    Option<Uuid>,
);

fn sorted(sort: &str, descending: bool) -> ItemFilter {
    ItemFilter {
        sort: Some(sort.into()),
        descending: Some(descending),
        ..Default::default()
    }
}

#[tokio::test]
async fn lists_sort_by_any_column_and_pages_follow_the_sort() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let people = admin
        .list_members(&Default::default(), &PageParams::default())
        .await
        .unwrap()
        .data;
    let by_name = |part: &str| {
        people
            .iter()
            .find(|u| u.email.starts_with(part))
            .unwrap()
            .id
    };
    let space = tracker(&admin, "Sorting").await;
    let date = |d| NaiveDate::from_ymd_opt(2026, 3, d);
    let rows: Vec<Row> = vec![
        (
            "delta",
            Some("Low"),
            Some(5.0),
            date(4),
            Some(by_name("viewer")),
        ),
        (
            "Alpha",
            Some("High"),
            None,
            date(9),
            Some(by_name("editor")),
        ),
        ("charlie", None, Some(1.5), None, None),
        (
            "Bravo",
            Some("Medium"),
            Some(30.0),
            date(1),
            Some(by_name("admin")),
        ),
        ("echo", Some("High"), Some(5.0), date(4), None),
    ];
    for (title, priority, cost, due, assignee) in &rows {
        let mut given = Vec::new();
        if let Some(p) = priority {
            given.push((0, json!(p)));
        }
        if let Some(c) = cost {
            given.push((1, json!(c)));
        }
        admin
            .create_item(
                space.id,
                &CreateItem {
                    title: (*title).into(),
                    due: *due,
                    assignee_id: *assignee,
                    fields: values(&space, &given),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
    }
    let priority = format!("field:{}", space.fields[0].id);
    let cost = format!("field:{}", space.fields[1].id);
    let cases: Vec<(&str, bool, Vec<&str>)> = vec![
        (
            "number",
            false,
            vec!["delta", "Alpha", "charlie", "Bravo", "echo"],
        ),
        (
            "title",
            false,
            vec!["Alpha", "Bravo", "charlie", "delta", "echo"],
        ),
        (
            "title",
            true,
            vec!["echo", "delta", "charlie", "Bravo", "Alpha"],
        ),
        // Empty values last either way; ties by number.
        (
            "due",
            false,
            vec!["Bravo", "delta", "echo", "Alpha", "charlie"],
        ),
        (
            "due",
            true,
            vec!["Alpha", "echo", "delta", "Bravo", "charlie"],
        ),
        // Selects sort by their options' order, not alphabetically.
        (
            &priority,
            false,
            vec!["Alpha", "echo", "Bravo", "delta", "charlie"],
        ),
        (
            &priority,
            true,
            vec!["delta", "Bravo", "echo", "Alpha", "charlie"],
        ),
        (
            &cost,
            false,
            vec!["charlie", "delta", "echo", "Bravo", "Alpha"],
        ),
        (
            &cost,
            true,
            vec!["Bravo", "echo", "delta", "charlie", "Alpha"],
        ),
        // Assignees by display name; the unassigned last.
        ("assignee", false, {
            let mut named: Vec<(String, &str)> = rows
                .iter()
                .filter_map(|(t, _, _, _, a)| {
                    a.map(|a| {
                        let who = people.iter().find(|u| u.id == a).unwrap();
                        (who.display_name.to_lowercase(), *t)
                    })
                })
                .collect();
            named.sort();
            let mut order: Vec<&str> = named.into_iter().map(|(_, t)| t).collect();
            order.extend(["charlie", "echo"]);
            order
        }),
    ];
    for (sort, descending, expected) in cases {
        for limit in [1, 2, 200] {
            let titles = all_titles(&admin, space.id, &sorted(sort, descending), limit).await;
            assert_eq!(
                titles, expected,
                "sort {sort} descending {descending} limit {limit}"
            );
        }
    }
    // The order of the options is the order a select sorts by, even after they are reordered.
    let mut settings = SpaceSettings {
        statuses: space.statuses.clone(),
        fields: space.fields.clone(),
        confirm_value_loss: false,
    };
    settings.fields[0].options.reverse();
    admin
        .replace_space_settings(space.id, space.version, &settings)
        .await
        .unwrap();
    let titles = all_titles(&admin, space.id, &sorted(&priority, false), 2).await;
    assert_eq!(titles, vec!["delta", "Bravo", "Alpha", "echo", "charlie"]);

    for bad in [
        "colour",
        "field:not-a-uuid",
        &format!("field:{}", Uuid::new_v4()),
    ] {
        let err = admin
            .list_items(space.id, &sorted(bad, false), &PageParams::default())
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(422), "{bad}: {err:?}");
    }
    // A cursor of one sort does not silently page another.
    let first = admin
        .list_items(
            space.id,
            &sorted("title", false),
            &PageParams {
                limit: Some(1),
                cursor: None,
            },
        )
        .await
        .unwrap();
    assert_status!(
        admin
            .list_items(
                space.id,
                &sorted(&cost, false),
                &PageParams {
                    limit: Some(1),
                    cursor: first.next_cursor,
                },
            )
            .await,
        422
    );
}

#[tokio::test]
async fn lists_filter_by_custom_field_values_and_by_words_in_notes() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let viewer = app.demo(Role::Viewer).await.me().await.unwrap().user.id;
    let space = tracker(&editor, "Filtering").await;
    let mut made: Vec<Item> = Vec::new();
    let rows = vec![
        (
            "one",
            vec![
                (0, json!("High")),
                (2, json!(["People", "Things"])),
                (3, json!("Server room A")),
            ],
        ),
        (
            "two",
            vec![(0, json!("Low")), (1, json!(12.5)), (2, json!(["Places"]))],
        ),
        (
            "three",
            vec![
                (0, json!("High")),
                (1, json!(12.5)),
                (4, json!(viewer.to_string())),
            ],
        ),
        ("four", vec![(3, json!("server ROOM b"))]),
        // Far longer than an index entry may be; still stored, found and sortable.
        (
            "five",
            vec![(
                5,
                json!(format!("{} Needle at the end", "lorem ipsum ".repeat(400))),
            )],
        ),
    ];
    for (title, given) in rows {
        made.push(
            editor
                .create_item(
                    space.id,
                    &CreateItem {
                        title: title.into(),
                        fields: values(&space, &given),
                        ..Default::default()
                    },
                )
                .await
                .unwrap(),
        );
    }
    let by = |index: usize, value: String| ItemFilter {
        field_id: Some(space.fields[index].id),
        field_value: Some(value),
        ..Default::default()
    };
    let high = space.fields[0].options[0].id.to_string();
    let cases: Vec<(ItemFilter, Vec<&str>)> = vec![
        (by(0, "high".into()), vec!["one", "three"]),
        (by(0, high), vec!["one", "three"]),
        (by(1, "12.5".into()), vec!["two", "three"]),
        (by(2, "Things".into()), vec!["one"]),
        (by(2, "places".into()), vec!["two"]),
        (by(3, "room".into()), vec!["one", "four"]),
        (by(4, viewer.to_string()), vec!["three"]),
        (by(5, "needle AT".into()), vec!["five"]),
    ];
    for (filter, expected) in cases {
        let titles = all_titles(&editor, space.id, &filter, 50).await;
        assert_eq!(titles, expected, "{filter:?}");
    }
    for (index, bad) in [(0, "Urgent"), (1, "lots"), (4, "someone")] {
        let err = editor
            .list_items(space.id, &by(index, bad.into()), &PageParams::default())
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(422), "{bad}: {err:?}");
        assert!(
            err.message().contains(&space.fields[index].name),
            "{}",
            err.message()
        );
    }
    let half = ItemFilter {
        field_id: Some(space.fields[0].id),
        ..Default::default()
    };
    assert_status!(
        editor
            .list_items(space.id, &half, &PageParams::default())
            .await,
        422
    );

    // Words in a note find its item.
    editor
        .add_note(
            made[1].id,
            &AddNote::new("Waiting for the Quarterly budget"),
        )
        .await
        .unwrap();
    let found = all_titles(
        &editor,
        space.id,
        &ItemFilter {
            q: Some("quarterly".into()),
            ..Default::default()
        },
        50,
    )
    .await;
    assert_eq!(found, vec!["two"]);

    // Renaming an option keeps filtering by its new label.
    let mut settings = SpaceSettings {
        statuses: space.statuses.clone(),
        fields: space.fields.clone(),
        confirm_value_loss: false,
    };
    settings.fields[0].options[0].label = "Critical".into();
    editor
        .replace_space_settings(space.id, space.version, &settings)
        .await
        .unwrap();
    assert_eq!(
        all_titles(&editor, space.id, &by(0, "critical".into()), 50).await,
        vec!["one", "three"]
    );
}

#[tokio::test]
async fn a_page_costs_the_same_statements_whatever_its_size() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let space = tracker(&editor, "Big").await;
    let viewer = app.demo(Role::Viewer).await.me().await.unwrap().user.id;
    for n in 0..210 {
        editor
            .create_item(
                space.id,
                &CreateItem {
                    title: format!("Item {n}"),
                    assignee_id: (n % 3 == 0).then_some(viewer),
                    fields: values(
                        &space,
                        &[
                            (0, json!(["High", "Medium", "Low"][n % 3])),
                            (1, json!(n as f64)),
                            (2, json!(["People", "Places"])),
                        ],
                    ),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
    }
    let filters = [
        ItemFilter::default(),
        ItemFilter {
            sort: Some(format!("field:{}", space.fields[1].id)),
            descending: Some(true),
            field_id: Some(space.fields[2].id),
            field_value: Some("People".into()),
            q: Some("item".into()),
            ..Default::default()
        },
        sorted("assignee", false),
    ];
    for filter in filters {
        let mut cost = Vec::new();
        for limit in [10, 200] {
            let page = PageParams {
                limit: Some(limit),
                cursor: None,
            };
            let (result, statements) = app
                .statements_of(editor.list_items(space.id, &filter, &page))
                .await;
            let result = result.unwrap();
            assert_eq!(result.data.len() as i64, limit);
            // And the second page, which starts from a cursor.
            let next = PageParams {
                limit: Some(limit),
                cursor: result.next_cursor,
            };
            let (second, next_statements) = app
                .statements_of(editor.list_items(space.id, &filter, &next))
                .await;
            assert!(!second.unwrap().data.is_empty());
            cost.push((statements, next_statements));
        }
        assert_eq!(
            cost[0], cost[1],
            "statements for pages of 10 and 200 differ: {cost:?} ({filter:?})"
        );
        println!(
            "statements per page (first, next) for {filter:?}: {:?}",
            cost[0]
        );
        assert!(cost[0].0 <= 10, "a page took {} statements", cost[0].0);
    }
}

#[tokio::test]
async fn stats_count_items_by_status_and_select_options() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let space = tracker(&editor, "Counted").await;
    let me = editor.me().await.unwrap().user.id;
    let done = space.statuses.iter().find(|s| s.resolved).unwrap().id;
    let past = NaiveDate::from_ymd_opt(2020, 1, 1);
    let specs = vec![
        (json!("High"), json!(["People", "Things"]), None, past),
        (json!("High"), json!(["People"]), Some(done), past),
        (json!("Low"), json!([]), None, None),
        (json!(null), json!(["Things"]), None, past),
    ];
    let mut made = Vec::new();
    for (n, (priority, area, status, due)) in specs.into_iter().enumerate() {
        let mut given = vec![(2, area)];
        if !priority.is_null() {
            given.push((0, priority));
        }
        made.push(
            editor
                .create_item(
                    space.id,
                    &CreateItem {
                        title: format!("Counted {n}"),
                        status_id: status,
                        assignee_id: (n == 0).then_some(me),
                        due,
                        fields: values(&space, &given),
                        ..Default::default()
                    },
                )
                .await
                .unwrap(),
        );
    }
    // Archived items are not counted.
    let extra = editor
        .create_item(
            space.id,
            &CreateItem {
                title: "Archived".into(),
                fields: values(&space, &[(0, json!("High"))]),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    editor
        .update_item(
            extra.id,
            extra.version,
            &UpdateItem {
                archived: Some(true),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let stats = editor.space_stats(space.id).await.unwrap();
    assert_eq!(
        (stats.total, stats.open, stats.resolved, stats.overdue),
        (4, 3, 1, 2)
    );
    assert_eq!(stats.unassigned, 2, "open items nobody is assigned to");
    let activities = editor
        .space_stats_of(space.id, ItemKind::Activity)
        .await
        .unwrap();
    assert_eq!(
        (activities.total, activities.open, activities.unassigned),
        (0, 0, 0),
        "a tracker has no activities"
    );
    assert_eq!(stats.by_status.len(), space.statuses.len());
    let count_of = |name: &str| {
        stats
            .by_status
            .iter()
            .find(|s| s.name == name)
            .unwrap()
            .count
    };
    assert_eq!(count_of("To-do"), 3);
    let priority = &stats.by_field[0];
    assert_eq!(priority.name, "Priority");
    let counts: Vec<(String, i64)> = priority
        .counts
        .iter()
        .map(|c| (c.label.clone(), c.count))
        .collect();
    assert_eq!(
        counts,
        vec![("High".into(), 2), ("Medium".into(), 0), ("Low".into(), 1)]
    );
    assert_eq!(priority.unset, 1);
    let area = &stats.by_field[1];
    let counts: Vec<i64> = area.counts.iter().map(|c| c.count).collect();
    assert_eq!(
        counts,
        vec![2, 0, 2],
        "each option of a multi-select counts once per item"
    );
    assert_eq!(stats.by_field.len(), 2, "only select fields are counted");

    let outsider = app.outsider("Elsewhere").await;
    assert_status!(outsider.space_stats(space.id).await, 404);
}
