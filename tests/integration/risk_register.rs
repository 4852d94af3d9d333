//! The register beyond single risks: its pages, the overdue-review view, the register as a
//! spreadsheet (export, and readings imported back all or nothing), and a matrix that may not be
//! shortened under recorded readings.

use crate::harness::TestApp;
use crate::harness::read_csv;
use annex_client::Client;
use annex_client::domain::Role;
use annex_client::domain::risk::RiskMatrix;
use annex_client::domain::risk::register::{ReadingKind, RecordReading, RiskFilter};
use annex_client::domain::work::exchange::ExchangeFormat;
use annex_client::domain::work::items::{CreateItem, Item};
use serde_json::json;
use std::collections::BTreeMap;

fn reading(kind: ReadingKind, likelihood: u8, impact: u8) -> RecordReading {
    RecordReading {
        kind,
        likelihood,
        impact: Some(impact),
        ..RecordReading::default()
    }
}

async fn risk_with(client: &Client, title: &str, review_date: Option<&str>) -> Item {
    let register = client.risk_register(&RiskFilter::default()).await.unwrap();
    let space = client.get_space(register.space_id).await.unwrap();
    let mut fields = BTreeMap::new();
    if let Some(date) = review_date {
        let field = space
            .fields
            .iter()
            .find(|f| f.name == "Review date")
            .expect("the register has a Review date field");
        fields.insert(field.id, json!(date));
    }
    client
        .create_item(
            register.space_id,
            &CreateItem {
                title: title.into(),
                fields,
                ..CreateItem::default()
            },
        )
        .await
        .unwrap()
}

fn write_csv(rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for row in rows {
        out.write_record(row).unwrap();
    }
    out.into_inner().unwrap()
}

#[tokio::test]
async fn the_register_pages_by_number() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    for n in 0..5 {
        risk_with(&editor, &format!("Risk {n}"), None).await;
    }
    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let page = editor
            .risk_register(&RiskFilter {
                limit: Some(2),
                cursor: cursor.clone(),
                ..RiskFilter::default()
            })
            .await
            .unwrap();
        assert_eq!(page.total, 5);
        assert!(page.data.len() <= 2);
        seen.extend(page.data.iter().map(|r| r.number));
        cursor = page.next_cursor;
        if cursor.is_none() {
            break;
        }
    }
    assert_eq!(seen, [1, 2, 3, 4, 5]);
    for (filter, field) in [
        (
            RiskFilter {
                limit: Some(0),
                ..RiskFilter::default()
            },
            "limit",
        ),
        (
            RiskFilter {
                cursor: Some("invented".into()),
                ..RiskFilter::default()
            },
            "cursor",
        ),
    ] {
        assert_field!(editor.risk_register(&filter).await, field);
    }
}

#[tokio::test]
async fn a_review_date_set_in_the_past_makes_a_risk_overdue() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let late = risk_with(&editor, "Unpatched VPN appliance", Some("2020-01-31")).await;
    let due = risk_with(&editor, "Lost backup tapes", Some("2099-01-01")).await;
    let read = risk_with(&editor, "Phishing", None).await;
    editor
        .record_reading(read.id, &reading(ReadingKind::Original, 3, 3))
        .await
        .unwrap();
    let overdue = editor
        .risk_register(&RiskFilter {
            overdue_review: Some(true),
            ..RiskFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(
        overdue.data.iter().map(|r| r.item_id).collect::<Vec<_>>(),
        [late.id]
    );
    assert_eq!(overdue.total, 1);
    let all = editor.risk_register(&RiskFilter::default()).await.unwrap();
    let by_id = |id| all.data.iter().find(|r| r.item_id == id).unwrap();
    assert_eq!(by_id(due.id).review_due.unwrap().to_string(), "2099-01-01");
    // No date set: the reading's date plus its level's review period (Medium: 6 months).
    let today = chrono::Utc::now().date_naive();
    let from_reading = by_id(read.id).review_due.unwrap();
    assert_eq!(
        from_reading,
        today.checked_add_months(chrono::Months::new(6)).unwrap()
    );
    assert!(!by_id(read.id).review_overdue);
}

#[tokio::test]
async fn an_edited_export_imports_back_as_new_readings_all_or_nothing() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let a = risk_with(&editor, "Ransomware on the file server", None).await;
    let b = risk_with(&editor, "Supplier outage", None).await;
    for risk in [&a, &b] {
        editor
            .record_reading(risk.id, &reading(ReadingKind::Original, 4, 4))
            .await
            .unwrap();
    }

    let csv = editor.export_risks(ExchangeFormat::Csv).await.unwrap();
    let mut rows = read_csv(&csv);
    let header = rows[0].clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(header[0], "Number");
    assert_eq!(rows.len(), 3);
    let row_a = rows
        .iter()
        .position(|r| r[col("Number")] == a.number.to_string())
        .unwrap();
    assert_eq!(rows[row_a][col("Original score")], "16");
    assert_eq!(rows[row_a][col("Original level")], "High");
    assert_eq!(rows[row_a][col("Current likelihood")], "");

    // Unchanged, the file records nothing.
    let same = editor
        .import_risks(ExchangeFormat::Csv, csv.clone(), false)
        .await
        .unwrap();
    assert_eq!((same.recorded, same.unchanged), (0, 2), "{same:?}");

    // A current reading for a, with a note; a dry run first.
    rows[row_a][col("Current likelihood")] = "2".into();
    rows[row_a][col("Current impact")] = "3".into();
    rows[row_a][col("Note")] = "Offline backups in place".into();
    let edited = write_csv(&rows);
    let dry = editor
        .import_risks(ExchangeFormat::Csv, edited.clone(), true)
        .await
        .unwrap();
    assert_eq!((dry.dry_run, dry.recorded, dry.unchanged), (true, 1, 1));
    assert_eq!(editor.risk_readings(a.id).await.unwrap().len(), 1);
    let done = editor
        .import_risks(ExchangeFormat::Csv, edited, false)
        .await
        .unwrap();
    assert!(done.errors.is_empty(), "{done:?}");
    assert_eq!(done.recorded, 1);
    let readings = editor.risk_readings(a.id).await.unwrap();
    let current = readings
        .iter()
        .find(|r| r.kind == ReadingKind::Current)
        .unwrap();
    assert_eq!((current.likelihood, current.impact), (2, 3));
    assert_eq!(current.note, "Offline backups in place");

    // Bad rows: nothing is recorded, each problem is reported with its row and column.
    let mut bad = rows.clone();
    let row_b = bad
        .iter()
        .position(|r| r[col("Number")] == b.number.to_string())
        .unwrap();
    bad[row_b][col("Original likelihood")] = "1".into();
    bad[row_a][col("Target likelihood")] = "9".into();
    bad[row_a][col("Target impact")] = "1".into();
    bad.push(vec!["999".into()]);
    let rejected = editor
        .import_risks(ExchangeFormat::Csv, write_csv(&bad), false)
        .await
        .unwrap();
    let problems: Vec<_> = rejected
        .errors
        .iter()
        .map(|e| (e.row, e.column.clone().unwrap_or_default()))
        .collect();
    assert_eq!(problems.len(), 3, "{rejected:?}");
    assert!(problems.contains(&(row_b + 1, "Original likelihood".into())));
    assert!(problems.contains(&(row_a + 1, "Target likelihood".into())));
    let off_scale = rejected
        .errors
        .iter()
        .find(|e| e.column.as_deref() == Some("Target likelihood"))
        .unwrap();
    assert_eq!(
        off_scale.message, "must be 1 to 5",
        "the refused field's own message, without its name"
    );
    assert!(problems.contains(&(bad.len(), "Number".into())));
    assert_eq!(editor.risk_readings(a.id).await.unwrap().len(), 2);
    assert_eq!(editor.risk_readings(b.id).await.unwrap().len(), 1);

    // The workbook carries the same rows and reads back unchanged.
    let xlsx = editor.export_risks(ExchangeFormat::Xlsx).await.unwrap();
    assert!(xlsx.starts_with(b"PK"));
    let again = editor
        .import_risks(ExchangeFormat::Xlsx, xlsx, true)
        .await
        .unwrap();
    assert_eq!((again.recorded, again.unchanged), (0, 2), "{again:?}");

    // Importing readings is for those who may assess every risk.
    let contributor = app.demo(Role::Contributor).await;
    assert_status!(
        contributor
            .import_risks(ExchangeFormat::Csv, csv, true)
            .await,
        403
    );
}

#[tokio::test]
async fn a_scale_cannot_be_shortened_below_a_level_in_use() {
    let app = TestApp::spawn().await;
    let [editor, admin] = app.demos([Role::Editor, Role::Admin]).await;
    let risk = risk_with(&editor, "Flood in the server room", None).await;
    editor
        .record_reading(
            risk.id,
            &RecordReading {
                kind: ReadingKind::Original,
                likelihood: 2,
                availability: Some(5),
                ..RecordReading::default()
            },
        )
        .await
        .unwrap();
    let mut shorter = RiskMatrix::default();
    shorter.impact.truncate(4);
    shorter.bands.retain(|b| b.min_score <= 16);
    shorter.appetite = shorter.appetite.min(16);
    let err = assert_status!(admin.replace_risk_matrix(0, &shorter).await, 409);
    assert!(err.to_string().contains("impact"), "{err}");
    // Shortening the other scale down to the level in use is fine.
    let mut fewer = RiskMatrix::default();
    fewer.likelihood.truncate(3);
    fewer.bands.retain(|b| b.min_score <= 15);
    let saved = admin.replace_risk_matrix(0, &fewer).await;
    assert!(saved.is_ok(), "{saved:?}");
}
