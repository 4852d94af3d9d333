//! Snapshots (insta) of what leaves Annex as a summary or a file, on the demo organisation with its
//! records: the programme dashboard, the CSV exports (SoA, risk register, the Security Incidents
//! tracker, questionnaire responses, policy pack people), the cells of the XLSX exports (SoA, risk
//! register) and the SoA as an OSCAL system security plan. A change to any of them shows as a diff.
//!
//! What differs between runs is replaced before comparing, so one snapshot holds on SQLite and
//! PostgreSQL and on any day: uuids by `[uuid]` (`[id]` under the dashboard's id keys),
//! timestamps by `[timestamp]`, the OSCAL version (a digest over the uuids) by `[digest]`, and
//! dates by their distance from the day the demo records were loaded relative to (`[today-7]`),
//! which keeps "overdue" readable (a run that spans midnight UTC can fail; run it again). Numbers,
//! names and the order of rows are compared as they are.
//!
//! Reviewing a change (cargo-insta is optional):
//! - `INSTA_UPDATE=always cargo test -p annex-tests --test integration snapshots` rewrites the
//!   `.snap` files under `snapshots/`; read `git diff tests/integration/snapshots/` and commit only
//!   what you meant to change.
//! - Or run the tests as usual: a mismatch fails and leaves a `.snap.new` beside the snapshot;
//!   `cargo insta review` (with cargo-insta installed) accepts or rejects each; delete leftovers.
//!
//! Under `CI=true` insta writes nothing: a mismatch or a missing snapshot fails the test.

use crate::harness::TestApp;
use crate::harness::item_titled;
use crate::harness::space_named;
use annex_client::domain::Role;
use annex_client::domain::work::exchange::ExchangeFormat;
use annex_client::{Client, Method};
use calamine::{Data, Reader, Xlsx};
use chrono::{NaiveDate, Utc};
use regex::{Captures, Regex};
use serde_json::Value;
use std::sync::LazyLock;

/// A date, optionally with a time of day: the time makes it a timestamp.
static DATE_OR_TIMESTAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(\d{4}-\d{2}-\d{2})([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}| ?UTC)?)?\b",
    )
    .unwrap()
});

/// The demo organisation with its records loaded, and the day their dates are relative to.
async fn demo_with_records() -> (TestApp, NaiveDate) {
    let app = TestApp::spawn().await;
    let today = Utc::now().date_naive();
    {
        let mut conn = app.pool.get().expect("connection");
        annex_store::transaction::write(&mut conn, annex_store::demo::load_records)
            .expect("demo records");
    }
    (app, today)
}

/// `text` with timestamps as `[timestamp]` and dates as days from `today` (`[today]`, `[today+3]`).
fn relative_dates(text: &str, today: NaiveDate) -> String {
    DATE_OR_TIMESTAMP
        .replace_all(text, |c: &Captures| {
            if c.get(2).is_some() {
                return "[timestamp]".to_owned();
            }
            match NaiveDate::parse_from_str(&c[1], "%Y-%m-%d") {
                Ok(date) => match (date - today).num_days() {
                    0 => "[today]".to_owned(),
                    days => format!("[today{days:+}]"),
                },
                Err(_) => c[0].to_owned(),
            }
        })
        .into_owned()
}

/// Every string in `value` through [`relative_dates`].
fn relative_dates_in(value: &mut Value, today: NaiveDate) {
    match value {
        Value::String(s) => *s = relative_dates(s, today),
        Value::Array(items) => items.iter_mut().for_each(|v| relative_dates_in(v, today)),
        Value::Object(map) => map.values_mut().for_each(|v| relative_dates_in(v, today)),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// Runs `assert` with uuids anywhere in the snapshot filtered to `[uuid]`.
fn with_uuids_filtered(assert: impl FnOnce()) {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(
        r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
        "[uuid]",
    );
    settings.bind(assert);
}

/// A CSV export fetched as it is downloaded, with its dates made relative to `today`.
async fn csv(client: &Client, path: &str, today: NaiveDate) -> String {
    let answer = client.raw(Method::GET, path, None, &[]).await.unwrap();
    assert_eq!(answer.status, 200, "{path}: {}", answer.body);
    let content_type = answer.header("content-type").unwrap();
    assert!(
        content_type.starts_with("text/csv"),
        "{path}: {content_type}"
    );
    relative_dates(&answer.body, today)
}

/// One cell as a person reads it: dates as ISO dates (or timestamps when they have a time), line
/// breaks inside the cell as `\n` so that a row stays on one line.
fn cell_text(cell: &Data) -> String {
    let text = match cell {
        Data::DateTime(d) => match d.as_datetime() {
            Some(t) if t.time() == chrono::NaiveTime::MIN => t.date().to_string(),
            Some(t) => t.to_string(),
            None => d.to_string(),
        },
        other => other.to_string(),
    };
    text.replace('\n', "\\n")
}

/// The cached values of every sheet of a workbook as text: the sheet's name, then one line per row
/// with its cells between `|` (trailing empty cells left out). Formatting is not compared.
fn workbook_text(bytes: Vec<u8>, today: NaiveDate) -> String {
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        text.push_str(&format!("## {name}\n"));
        for row in range.rows() {
            let cells: Vec<String> = row.iter().map(cell_text).collect();
            text.push_str(cells.join(" | ").trim_end_matches([' ', '|']));
            text.push('\n');
        }
        text.push('\n');
    }
    relative_dates(&text, today)
}

#[tokio::test]
async fn the_dashboard_matches_its_snapshot() {
    let (app, today) = demo_with_records().await;
    let editor = app.demo(Role::Editor).await;
    let answer = editor
        .raw(Method::GET, "/api/v1/dashboard", None, &[])
        .await
        .unwrap();
    assert_eq!(answer.status, 200, "{}", answer.body);
    let mut dashboard: Value = answer.json().unwrap();
    relative_dates_in(&mut dashboard, today);
    with_uuids_filtered(|| {
        insta::assert_json_snapshot!("dashboard", dashboard, {
            ".**.item_id" => "[id]",
            ".**.space_id" => "[id]",
        });
    });
}

#[tokio::test]
async fn the_soa_exports_match_their_snapshots() {
    let (app, today) = demo_with_records().await;
    let editor = app.demo(Role::Editor).await;
    let soa_csv = csv(&editor, "/api/v1/soa/export?format=csv", today).await;
    let soa_xlsx = editor.export_soa(ExchangeFormat::Xlsx, None).await.unwrap();
    let soa_xlsx = workbook_text(soa_xlsx, today);
    let answer = editor
        .raw(Method::GET, "/api/v1/soa/oscal", None, &[])
        .await
        .unwrap();
    assert_eq!(answer.status, 200, "{}", answer.body);
    let mut plan: Value = answer.json().unwrap();
    relative_dates_in(&mut plan, today);
    // All of the plan but its 90 implemented requirements, of which the first three show the
    // shape: A.5.1 implemented with evidence, A.5.2 implemented without, A.5.3 only planned.
    let requirements = plan
        .pointer_mut("/system-security-plan/control-implementation/implemented-requirements")
        .and_then(Value::as_array_mut)
        .unwrap();
    assert_eq!(requirements.len(), 90, "one per applicable control");
    requirements.truncate(3);
    with_uuids_filtered(|| {
        insta::assert_snapshot!("soa_csv", soa_csv);
        insta::assert_snapshot!("soa_xlsx", soa_xlsx);
        // The version is a digest of the content, uuids included.
        insta::assert_json_snapshot!("soa_oscal", plan, {
            r#"["system-security-plan"].metadata.version"# => "[digest]",
        });
    });
}

#[tokio::test]
async fn the_risk_register_exports_match_their_snapshots() {
    let (app, today) = demo_with_records().await;
    let editor = app.demo(Role::Editor).await;
    let register_csv = csv(&editor, "/api/v1/risks/export?format=csv", today).await;
    let register_xlsx = editor.export_risks(ExchangeFormat::Xlsx).await.unwrap();
    let register_xlsx = workbook_text(register_xlsx, today);
    with_uuids_filtered(|| {
        insta::assert_snapshot!("risk_register_csv", register_csv);
        insta::assert_snapshot!("risk_register_xlsx", register_xlsx);
    });
}

#[tokio::test]
async fn a_tracker_export_matches_its_snapshot() {
    let (app, today) = demo_with_records().await;
    let editor = app.demo(Role::Editor).await;
    let incidents = space_named(&editor, "Security Incident Management")
        .await
        .id;
    let path = format!("/api/v1/spaces/{incidents}/export?format=csv");
    let incidents_csv = csv(&editor, &path, today).await;
    with_uuids_filtered(|| insta::assert_snapshot!("security_incidents_csv", incidents_csv));
}

#[tokio::test]
async fn the_questionnaire_and_pack_exports_match_their_snapshots() {
    let (app, today) = demo_with_records().await;
    let editor = app.demo(Role::Editor).await;
    let programme = space_named(&editor, "ISO 27001 Audit Programme").await.id;
    let audit = item_titled(&editor, programme, "Home-working questionnaire audit").await;
    let path = format!(
        "/api/v1/audits/{}/questionnaire/responses/export?format=csv",
        audit.id
    );
    let responses_csv = csv(&editor, &path, today).await;
    let packs = editor.policy_packs().await.unwrap();
    let essentials = packs
        .iter()
        .find(|p| p.name == "Information Security Essentials")
        .unwrap();
    let path = format!(
        "/api/v1/policy-packs/{}/people/export?format=csv",
        essentials.item_id
    );
    let people_csv = csv(&editor, &path, today).await;
    with_uuids_filtered(|| {
        insta::assert_snapshot!("questionnaire_responses_csv", responses_csv);
        insta::assert_snapshot!("pack_people_csv", people_csv);
    });
}
