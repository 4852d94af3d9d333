//! Export and import of a space as CSV and XLSX: the columns, the round trip, dry runs that report
//! every bad cell, imports that land whole or not at all, and who may do which.

use crate::harness::read_csv;
use crate::harness::{Options, TestApp};
use annex_client::domain::work::exchange::{ExchangeFormat, ImportReport, ImportRowError};
use annex_client::domain::work::items::{CreateItem, Item, ItemFilter, UpdateItem};
use annex_client::domain::work::spaces::{Space, SpaceFilter};
use annex_client::domain::{PageParams, Role};
use annex_client::{Client, Method};
use calamine::{Data, Reader, Xlsx};
use serde_json::json;
use std::collections::BTreeMap;
use uuid::Uuid;

const HEADER: [&str; 16] = [
    "Number",
    "Title",
    "Description",
    "Status",
    "Assignee",
    "Start",
    "Due",
    "Days estimated",
    "Days taken",
    "Progress",
    "Archived",
    "Document type",
    "Version",
    "Review date",
    "Document link",
    "Audience",
];

async fn isms_space(client: &Client, name: &str) -> Space {
    client
        .list_spaces(&SpaceFilter::default(), &PageParams::default())
        .await
        .unwrap()
        .data
        .into_iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no space {name}"))
}

fn field(space: &Space, name: &str) -> Uuid {
    space.fields.iter().find(|f| f.name == name).unwrap().id
}

fn status(space: &Space, name: &str) -> Uuid {
    space.statuses.iter().find(|s| s.name == name).unwrap().id
}

/// Two policies: one with every column filled, one archived.
async fn policies(editor: &Client) -> (Space, Item, Item) {
    let space = isms_space(editor, "Policies & Procedures").await;
    let me = editor.me().await.unwrap().user.id;
    let fields = BTreeMap::from([
        (field(&space, "Document type"), json!("Policy")),
        (field(&space, "Version"), json!("V1.3")),
        (field(&space, "Review date"), json!("2026-09-01")),
        (
            field(&space, "Document link"),
            json!("https://intranet.example/access-control.pdf"),
        ),
        (field(&space, "Audience"), json!("IT team|All staff")),
    ]);
    let access = editor
        .create_item(
            space.id,
            &CreateItem {
                title: "Access Control Policy".into(),
                description: "Need to know, \"least\" privilege\nsecond line".into(),
                status_id: Some(status(&space, "Draft")),
                assignee_id: Some(me),
                start: chrono::NaiveDate::from_ymd_opt(2026, 7, 1),
                due: chrono::NaiveDate::from_ymd_opt(2026, 8, 16),
                days_estimated: Some(2.5),
                days_taken: Some(1.0),
                progress: Some(40.0),
                fields,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let social = editor
        .create_item(
            space.id,
            &CreateItem {
                title: "Social Media Policy".into(),
                status_id: Some(status(&space, "Retired")),
                fields: BTreeMap::from([(field(&space, "Audience"), json!(["Managers"]))]),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let social = editor
        .update_item(
            social.id,
            social.version,
            &UpdateItem {
                archived: Some(true),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    (space, access, social)
}

async fn import_csv(client: &Client, space: Uuid, csv: &str, dry_run: bool) -> ImportReport {
    client
        .import_space(space, ExchangeFormat::Csv, csv.as_bytes().to_vec(), dry_run)
        .await
        .unwrap()
}

fn item_events(app: &TestApp) -> i64 {
    app.sql_count("SELECT COUNT(*) AS n FROM events WHERE subject_kind = 'item'")
}

async fn all_items(client: &Client, space: Uuid) -> Vec<Item> {
    let mut all = Vec::new();
    for archived in [false, true] {
        let filter = ItemFilter {
            archived: Some(archived),
            ..Default::default()
        };
        let page = PageParams {
            limit: Some(200),
            cursor: None,
        };
        all.extend(client.list_items(space, &filter, &page).await.unwrap().data);
    }
    all.sort_by_key(|i| i.number);
    all
}

#[tokio::test]
async fn csv_export_has_the_built_in_columns_then_the_custom_fields_as_people_read_them() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let (space, _, _) = policies(&editor).await;
    let answer = editor
        .raw(
            Method::GET,
            &format!("/api/v1/spaces/{}/export?format=csv", space.id),
            None,
            &[],
        )
        .await
        .unwrap();
    assert_eq!(answer.status, 200);
    assert!(
        answer
            .header("content-type")
            .unwrap()
            .starts_with("text/csv")
    );
    assert_eq!(
        answer.header("content-disposition"),
        Some("attachment; filename=\"Policies-Procedures.csv\"")
    );
    let rows = read_csv(
        &editor
            .export_space(space.id, ExchangeFormat::Csv)
            .await
            .unwrap(),
    );
    assert_eq!(rows[0], HEADER);
    assert_eq!(
        rows[1],
        [
            "1",
            "Access Control Policy",
            "Need to know, \"least\" privilege\nsecond line",
            "Draft",
            "editor@demo.example",
            "2026-07-01",
            "2026-08-16",
            "2.5",
            "1",
            "40",
            "no",
            "Policy",
            "V1.3",
            "2026-09-01",
            "https://intranet.example/access-control.pdf",
            "All staff|IT team",
        ]
    );
    assert_eq!(&rows[2][..4], ["2", "Social Media Policy", "", "Retired"]);
    assert_eq!(
        (rows[2][10].as_str(), rows[2][15].as_str()),
        ("yes", "Managers")
    );
    assert_eq!(rows.len(), 3);
    let bad = editor
        .raw(
            Method::GET,
            &format!("/api/v1/spaces/{}/export?format=pdf", space.id),
            None,
            &[],
        )
        .await
        .unwrap();
    assert_eq!(bad.status, 400);
}

#[tokio::test]
async fn xlsx_export_is_a_workbook_with_typed_cells() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let (space, _, _) = policies(&editor).await;
    let bytes = editor
        .export_space(space.id, ExchangeFormat::Xlsx)
        .await
        .unwrap();
    let mut workbook: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let range = workbook.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    assert_eq!(header, HEADER);
    assert_eq!(rows[1][0], Data::Float(1.0));
    assert_eq!(rows[1][1], Data::String("Access Control Policy".into()));
    assert_eq!(rows[1][7], Data::Float(2.5));
    assert_eq!(rows[1][15], Data::String("All staff|IT team".into()));
    assert_eq!(rows.len(), 3);
}

#[tokio::test]
async fn an_exported_file_imports_back_changing_nothing_in_either_format() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let (space, _, _) = policies(&editor).await;
    // A user field too: the asset inventory's owner.
    let assets = isms_space(&editor, "Information Asset Inventory").await;
    let admin_id = app.demo(Role::Admin).await.me().await.unwrap().user.id;
    editor
        .create_item(
            assets.id,
            &CreateItem {
                title: "HR records".into(),
                fields: BTreeMap::from([
                    (field(&assets, "Owner"), json!(admin_id.to_string())),
                    (field(&assets, "Classification"), json!("Restricted")),
                    (field(&assets, "Location"), json!("HR system")),
                ]),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    for format in [ExchangeFormat::Csv, ExchangeFormat::Xlsx] {
        for space in [space.id, assets.id] {
            let before = all_items(&editor, space).await;
            let events = item_events(&app);
            let file = editor.export_space(space, format).await.unwrap();
            let report = editor
                .import_space(space, format, file, false)
                .await
                .unwrap();
            assert_eq!(
                report,
                ImportReport {
                    dry_run: false,
                    created: 0,
                    updated: 0,
                    unchanged: before.len(),
                    errors: vec![],
                },
                "{format:?}"
            );
            assert_eq!(all_items(&editor, space).await, before, "{format:?}");
            assert_eq!(item_events(&app), events, "nothing was recorded");
        }
    }
}

#[tokio::test]
async fn a_project_round_trips_and_refuses_loose_new_rows() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let board = isms_space(&admin, "ISMS Board").await;
    let file = admin
        .export_space(board.id, ExchangeFormat::Csv)
        .await
        .unwrap();
    let rows = read_csv(&file);
    assert!(rows.len() > 20);
    let report = admin
        .import_space(board.id, ExchangeFormat::Csv, file, false)
        .await
        .unwrap();
    assert_eq!((report.unchanged, report.errors.len()), (rows.len() - 1, 0));
    let loose = import_csv(&admin, board.id, "Title\nLoose activity\n", true).await;
    assert_eq!(loose.errors.len(), 1);
    assert!(
        loose.errors[0].message.contains("project tree"),
        "{loose:?}"
    );
}

#[tokio::test]
async fn an_import_updates_numbered_rows_creates_the_rest_and_records_both() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let (space, access, _) = policies(&editor).await;
    let admin = app.demo(Role::Admin).await;
    let csv = "Number,Title,Status,Assignee,Due,Audience,Version\n\
               1,Access Control Policy,published,EDITOR@demo.example,2026-08-16,All staff,V1.4\n\
               ,Backup and Restore Procedure,In review,,2026-10-01,IT team|Managers,V0.2\n\
               ,,,,,,\n";
    let dry = import_csv(&admin, space.id, csv, true).await;
    assert_eq!(
        (dry.dry_run, dry.created, dry.updated, dry.unchanged),
        (true, 1, 1, 0)
    );
    assert_eq!(
        all_items(&admin, space.id).await.len(),
        2,
        "a dry run writes nothing"
    );
    let report = import_csv(&admin, space.id, csv, false).await;
    assert_eq!(
        (
            report.dry_run,
            report.created,
            report.updated,
            report.errors.len()
        ),
        (false, 1, 1, 0)
    );
    let updated = admin.get_item(access.id).await.unwrap();
    assert_eq!(updated.status.as_deref(), Some("Published"));
    assert_eq!(updated.version, access.version + 1);
    assert_eq!(updated.fields[&field(&space, "Version")], json!("V1.4"));
    assert_eq!(
        updated.fields[&field(&space, "Audience")]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(updated.days_estimated, Some(2.5), "absent columns stay");
    let items = all_items(&admin, space.id).await;
    let created = items.iter().find(|i| i.number == 3).unwrap();
    assert_eq!(created.title, "Backup and Restore Procedure");
    assert_eq!(created.status.as_deref(), Some("In review"));
    assert_eq!(created.assignee_id, None);
    let admin_id = admin.me().await.unwrap().user.id;
    assert_eq!(created.created_by, Some(admin_id));
    let recorded = |id: Uuid, verb: &str| {
        app.sql_count(&format!(
            "SELECT COUNT(*) AS n FROM events WHERE subject_id = '{id}' AND verb = '{verb}' \
             AND actor_id = '{admin_id}'"
        ))
    };
    assert_eq!(recorded(access.id, "updated"), 1);
    assert_eq!(recorded(created.id, "created"), 1);
}

#[tokio::test]
async fn a_dry_run_reports_every_bad_cell_and_a_real_run_then_writes_nothing() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let (space, access, _) = policies(&editor).await;
    let csv = "Number,Title,Status,Due,Audience,Document link,Assignee\n\
               1,Access Control Policy,Approved,2026-08-16,All staff,https://ok.example/a,\n\
               ,New one,Draft,16/08/2026,Everyone,ftp://files.example/x,\n\
               99,Ghost,Draft,,,,\n\
               ,,Draft,,,,\n\
               ,Good new row,Draft,,,,nobody@elsewhere.example\n\
               ,Really good row,Draft,,,,\n";
    let expected = |row: usize, column: &str| (row, Some(column.to_owned()));
    let dry = import_csv(&editor, space.id, csv, true).await;
    let found: Vec<(usize, Option<String>)> = dry
        .errors
        .iter()
        .map(|e| (e.row, e.column.clone()))
        .collect();
    assert_eq!(
        found,
        [
            expected(2, "Status"),
            expected(3, "Due"),
            expected(3, "Audience"),
            expected(3, "Document link"),
            expected(4, "Number"),
            expected(5, "Title"),
            expected(6, "Assignee"),
        ]
    );
    assert!(dry.errors.iter().all(|e| !e.message.is_empty()));
    assert!(dry.errors[1].message.contains("YYYY-MM-DD"));
    let items = all_items(&editor, space.id).await;
    let events = item_events(&app);

    let real = import_csv(&editor, space.id, csv, false).await;
    assert!(!real.dry_run);
    assert_eq!(real.errors, dry.errors, "the same report, refused");
    assert_eq!(
        all_items(&editor, space.id).await,
        items,
        "nothing was written"
    );
    assert_eq!(item_events(&app), events);
    assert_eq!(
        editor.get_item(access.id).await.unwrap().version,
        access.version
    );
}

#[tokio::test]
async fn unknown_or_repeated_columns_are_refused_at_the_header() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let (space, _, _) = policies(&editor).await;
    let report = import_csv(&editor, space.id, "Title,Colour,TITLE\nA,red,B\n", false).await;
    assert_eq!(
        report.errors[0],
        ImportRowError {
            row: 1,
            column: Some("Colour".into()),
            message: report.errors[0].message.clone(),
        }
    );
    assert!(report.errors[0].message.contains("Document link"));
    assert!(report.errors[1].message.contains("twice"));
    assert_eq!(report.errors.len(), 2);
    let unreadable = editor
        .import_space(
            space.id,
            ExchangeFormat::Xlsx,
            b"Title\nA\n".to_vec(),
            false,
        )
        .await
        .unwrap();
    assert_eq!(unreadable.errors.len(), 1, "{unreadable:?}");
    assert!(
        unreadable.errors[0]
            .message
            .contains("not a readable XLSX file")
    );
}

#[tokio::test]
async fn readers_export_editors_import_and_other_organisations_find_nothing() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let (space, _, _) = policies(&editor).await;
    for role in [Role::Viewer, Role::Auditor, Role::Contributor] {
        let client = app.demo(role).await;
        assert!(
            client
                .export_space(space.id, ExchangeFormat::Csv)
                .await
                .is_ok(),
            "{role}"
        );
        let err = client
            .import_space(space.id, ExchangeFormat::Csv, b"Title\nX\n".to_vec(), true)
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(403), "{role}");
    }
    let stranger = app.outsider("Elsewhere Ltd").await;
    assert_status!(
        stranger.export_space(space.id, ExchangeFormat::Csv).await,
        404
    );
    assert_status!(
        stranger
            .import_space(space.id, ExchangeFormat::Csv, b"Title\nX\n".to_vec(), false)
            .await,
        404
    );
    assert_eq!(all_items(&editor, space.id).await.len(), 2);
}

#[tokio::test]
async fn a_file_over_the_body_limit_is_refused() {
    let app = TestApp::spawn_with(Options {
        max_body_bytes: Some(1024),
        ..Default::default()
    })
    .await;
    let editor = app.demo(Role::Editor).await;
    let space = isms_space(&editor, "Policies & Procedures").await;
    let mut csv = String::from("Title\n");
    while csv.len() <= 1024 {
        csv.push_str("A policy with a long enough title\n");
    }
    assert_status!(
        editor
            .import_space(space.id, ExchangeFormat::Csv, csv.into_bytes(), false)
            .await,
        413
    );
    assert!(all_items(&editor, space.id).await.is_empty());
}
