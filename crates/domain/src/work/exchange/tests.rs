//! The export and import rules on a small corrective-actions tracker.

use super::*;
use crate::work::Colour;
use crate::work::fields::SelectOption;
use crate::work::fields::{FieldDefinition, FieldKind};
use crate::work::items::{Item, ItemKind};
use crate::work::spaces::Space;
use crate::work::spaces::SpaceKind;
use crate::work::workflow::Status;
use chrono::NaiveDate;
use chrono::{TimeZone, Utc};
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn colour() -> Colour {
    Colour::parse("#607d8b").unwrap()
}

fn field(n: u128, name: &str, kind: FieldKind, options: &[&str]) -> FieldDefinition {
    FieldDefinition {
        id: id(n),
        name: name.into(),
        kind,
        options: options
            .iter()
            .enumerate()
            .map(|(i, label)| SelectOption {
                id: id(n * 100 + i as u128),
                label: (*label).into(),
                colour: colour(),
            })
            .collect(),
        required: false,
    }
}

fn space() -> Space {
    let status = |n, name: &str, resolved| Status {
        id: id(n),
        name: name.into(),
        colour: colour(),
        resolved,
    };
    Space {
        id: id(1),
        kind: SpaceKind::Tracker,
        name: "Corrective Actions & Improvements".into(),
        description: String::new(),
        owner_id: None,
        statuses: vec![status(2, "To-do", false), status(3, "Resolved", true)],
        fields: vec![
            field(10, "Severity", FieldKind::Select, &["Major NC", "Minor NC"]),
            field(11, "Tags", FieldKind::MultiSelect, &["HR", "IT", "Legal"]),
            field(12, "Cost", FieldKind::Number, &[]),
            field(13, "Owner", FieldKind::User, &[]),
            field(14, "Status", FieldKind::Text, &[]),
        ],
        created_at: Utc.timestamp_opt(0, 0).unwrap(),
        archived_at: None,
        version: 1,
    }
}

fn emails() -> HashMap<Uuid, String> {
    HashMap::from([
        (id(50), "ann@example.com".to_owned()),
        (id(51), "bo@example.com".to_owned()),
    ])
}

fn item() -> Item {
    let at = Utc.timestamp_opt(0, 0).unwrap();
    Item {
        id: id(99),
        space_id: id(1),
        number: 7,
        label: "7 - Fix backups".into(),
        kind: ItemKind::Item,
        parent_id: None,
        title: "Fix backups".into(),
        description: "Line one\nline \"two\", with a comma".into(),
        status_id: Some(id(2)),
        status: Some("To-do".into()),
        resolved: false,
        assignee_id: Some(id(50)),
        start: None,
        due: NaiveDate::from_ymd_opt(2026, 3, 31),
        days_estimated: Some(2.5),
        days_taken: None,
        progress: 40.0,
        fields: BTreeMap::from([
            (id(10), json!(id(1000).to_string())),
            (id(11), json!([id(1100).to_string(), id(1102).to_string()])),
            (id(12), json!(4)),
            (id(13), json!(id(51).to_string())),
        ]),
        created_by: None,
        created_at: at,
        updated_at: at,
        archived_at: None,
        version: 3,
    }
}

/// Rows of cells as a read sheet has them.
fn sheet_rows(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|row| row.iter().map(|cell| (*cell).to_owned()).collect())
        .collect()
}

fn as_text(sheet: &Sheet) -> Vec<Vec<String>> {
    let mut rows = vec![sheet.header.clone()];
    rows.extend(
        sheet
            .rows
            .iter()
            .map(|r| r.iter().map(Cell::text).collect()),
    );
    rows
}

#[test]
fn export_names_options_users_and_clashing_fields() {
    let sheet = export_sheet(&space(), &[item()], &emails());
    let rows = as_text(&sheet);
    assert_eq!(&rows[0][..3], ["Number", "Title", "Description"]);
    assert_eq!(
        &rows[0][11..],
        ["Severity", "Tags", "Cost", "Owner", "Status (custom)"]
    );
    assert_eq!(
        rows[1],
        [
            "7",
            "Fix backups",
            "Line one\nline \"two\", with a comma",
            "To-do",
            "ann@example.com",
            "",
            "2026-03-31",
            "2.5",
            "",
            "40",
            "no",
            "Major NC",
            "HR|Legal",
            "4",
            "bo@example.com",
            ""
        ]
    );
    assert_eq!(sheet.rows[0][12], Cell::Text("HR|Legal".into()));
    assert_eq!(sheet.rows[0][13], Cell::Number(4.0));
}

#[test]
fn an_exported_sheet_imports_back_unchanged() {
    let sheet = export_sheet(&space(), &[item()], &emails());
    let plan = plan_import(&space(), &[item()], &emails(), &as_text(&sheet));
    assert_eq!(plan.errors, []);
    assert!(
        matches!(plan.actions.as_slice(), [RowAction::Unchanged { row: 2 }]),
        "{plan:?}"
    );
}

#[test]
fn changed_cells_become_a_change_of_only_those_values() {
    let mut rows = as_text(&export_sheet(&space(), &[item()], &emails()));
    rows[1][3] = "resolved".into();
    rows[1][4] = String::new();
    rows[1][12] = "it | hr".into();
    let plan = plan_import(&space(), &[item()], &emails(), &rows);
    let [
        RowAction::Update {
            id: item_id,
            version,
            change,
            ..
        },
    ] = plan.actions.as_slice()
    else {
        panic!("{plan:?}");
    };
    assert_eq!((*item_id, *version), (id(99), 3));
    assert_eq!(change.status_id, Some(id(3)));
    assert_eq!(change.assignee_id, Some(None));
    assert_eq!(change.title, None);
    assert_eq!(
        change.fields,
        BTreeMap::from([(id(11), json!([id(1100).to_string(), id(1101).to_string()]))])
    );
}

#[test]
fn rows_without_a_number_create_items_with_only_the_given_values() {
    let rows = sheet_rows(&[
        &["Title", "Severity", "Due", "Archived"],
        &["New action", "minor nc", "2026-05-01", "yes"],
        &["", "", "", ""],
    ]);
    let plan = plan_import(&space(), &[], &emails(), &rows);
    let [
        RowAction::Create {
            row,
            item,
            archived,
        },
    ] = plan.actions.as_slice()
    else {
        panic!("{plan:?}");
    };
    assert_eq!((*row, *archived), (2, true));
    assert_eq!(item.title, "New action");
    assert_eq!(item.due, NaiveDate::from_ymd_opt(2026, 5, 1));
    assert_eq!(
        item.fields,
        BTreeMap::from([(id(10), json!(id(1001).to_string()))])
    );
    assert_eq!(plan.report(true).created, 1);
}

#[test]
fn every_bad_cell_is_reported_with_its_row_and_column() {
    let rows = sheet_rows(&[
        &["Number", "Title", "Due", "Severity", "Owner"],
        &["7", "Fine", "31/03/2026", "Huge", "eve@example.com"],
        &["42", "Missing", "", "", ""],
        &["", "", "", "", ""],
        &["", "", "soon", "", ""],
        &["7", "Again", "", "", ""],
    ]);
    let plan = plan_import(&space(), &[item()], &emails(), &rows);
    let found: Vec<(usize, Option<&str>)> = plan
        .errors
        .iter()
        .map(|e| (e.row, e.column.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (2, Some("Due")),
            (2, Some("Severity")),
            (2, Some("Owner")),
            (3, Some("Number")),
            (5, Some("Due")),
            (5, Some("Title")),
            (6, Some("Number")),
        ]
    );
    assert!(plan.errors[0].message.contains("YYYY-MM-DD"));
}

#[test]
fn unknown_and_repeated_columns_stop_the_import_at_the_header() {
    let rows = vec![
        vec!["Title".into(), "Colour".into(), "title".into()],
        vec!["A".into(), "red".into(), "B".into()],
    ];
    let plan = plan_import(&space(), &[], &emails(), &rows);
    assert!(plan.actions.is_empty());
    assert_eq!(plan.errors.len(), 2);
    assert_eq!(plan.errors[0].column.as_deref(), Some("Colour"));
    assert!(plan.errors[1].message.contains("twice"));
    let empty = plan_import(&space(), &[], &emails(), &[]);
    assert_eq!(empty.errors[0].row, 1);
}

#[test]
fn project_rows_cannot_create_items_without_a_place_in_the_tree() {
    let mut project = space();
    project.kind = SpaceKind::Project;
    let rows = vec![vec!["Title".into()], vec!["Loose activity".into()]];
    let plan = plan_import(&project, &[], &emails(), &rows);
    assert_eq!(plan.errors.len(), 1, "{plan:?}");
    assert!(plan.errors[0].message.contains("project tree"));
}

#[test]
fn file_names_are_safe() {
    assert_eq!(
        file_name(
            "ISMS Corrective Actions & Improvements",
            ExchangeFormat::Xlsx
        ),
        "ISMS-Corrective-Actions-Improvements.xlsx"
    );
    assert_eq!(file_name("  ", ExchangeFormat::Csv), "space.csv");
    assert_eq!(number_text(3.0), "3");
    assert_eq!(number_text(2.5), "2.5");
}
