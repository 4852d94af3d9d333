//! The management review inputs (clause 9.3.2) of an ISMS Board item: each section reflects
//! records made through the API; the printable page escapes record text; the workbook has a
//! sheet per section; bad items, dates and formats are refused; readers may read it, other
//! organisations cannot see it.

use crate::harness::TestApp;
use crate::harness::space_named;
use crate::harness::{item_titled, new_item, programme_audit};
use annex_client::domain::Role;
use annex_client::domain::audits::management_review::ReportFormat;
use annex_client::domain::audits::{FindingKind, RaiseFinding};
use annex_client::domain::kpis::{
    DefineKpi, Direction, Frequency, KpiFilter, KpiKind, KpiStatus, RecordKpiReading,
};
use annex_client::domain::packs::policy_packs::{Audience, CreatePack, PackDocumentInput};
use annex_client::domain::risk::register::{ReadingKind, RecordReading, RiskFilter};
use annex_client::domain::work::items::{CreateItem, Item, UpdateItem};
use annex_client::{Client, Method};
use calamine::{Reader, Xlsx};
use chrono::{Duration, Utc};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Cursor;
use uuid::Uuid;

/// The board item every test reviews.
async fn review_item(client: &Client) -> Item {
    let board = space_named(client, "ISMS Board").await.id;
    item_titled(client, board, "Hold the management review").await
}

/// A new risk of the register with its original reading.
pub(crate) async fn new_risk(client: &Client, title: &str, likelihood: u8, impact: u8) -> Item {
    let register = client.risk_register(&RiskFilter::default()).await.unwrap();
    let risk = new_item(client, register.space_id, title).await;
    client
        .record_reading(
            risk.id,
            &RecordReading {
                kind: ReadingKind::Original,
                likelihood,
                impact: Some(impact),
                ..RecordReading::default()
            },
        )
        .await
        .unwrap();
    risk
}

/// A new monthly RAG KPI (green from 90%, amber from 70%) read at `value` this month.
pub(crate) async fn rated_kpi(client: &Client, title: &str, value: f64) -> Item {
    let list = client.kpis(&KpiFilter::default()).await.unwrap();
    let kpi = new_item(client, list.space_id, title).await;
    client
        .define_kpi(
            kpi.id,
            0,
            &DefineKpi {
                unit: "%".into(),
                kind: KpiKind::Rag,
                direction: Direction::HigherIsBetter,
                green: Some(90.0),
                amber: Some(70.0),
                frequency: Frequency::Monthly,
                ..DefineKpi::default()
            },
        )
        .await
        .unwrap();
    client
        .record_kpi_reading(
            kpi.id,
            &RecordKpiReading {
                value,
                ..RecordKpiReading::default()
            },
        )
        .await
        .unwrap();
    kpi
}

/// A pack published to everyone.
pub(crate) async fn published_pack(client: &Client, name: &str) -> Uuid {
    let draft = client
        .create_policy_pack(&CreatePack {
            name: name.into(),
            description: String::new(),
            documents: vec![PackDocumentInput {
                title: "Minutes".into(),
                url: Some("https://intranet.example/minutes.pdf".into()),
                ..PackDocumentInput::default()
            }],
            audience: Audience {
                everyone: true,
                users: vec![],
                groups: vec![],
            },
        })
        .await
        .unwrap();
    client
        .publish_policy_pack(draft.item_id, draft.row_version)
        .await
        .unwrap()
        .item_id
}

const SCRIPT_TITLE: &str = "<script>alert('x')</script> Confirm the review's decisions";

/// A corrective action with Source "Management review", due yesterday.
async fn action_from_review(editor: &Client) -> Item {
    let space_id = space_named(editor, "ISMS Corrective Actions & Improvements")
        .await
        .id;
    let space = editor.get_space(space_id).await.unwrap();
    let mut fields = BTreeMap::new();
    for (name, label) in [("Source", "Management review"), ("Severity", "Major NC")] {
        let f = space.fields.iter().find(|f| f.name == name).unwrap();
        let o = f.options.iter().find(|o| o.label == label).unwrap();
        fields.insert(f.id, Value::String(o.id.to_string()));
    }
    editor
        .create_item(
            space_id,
            &CreateItem {
                title: SCRIPT_TITLE.into(),
                due: Some(Utc::now().date_naive() - Duration::days(1)),
                fields,
                ..CreateItem::default()
            },
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn every_section_reflects_records_made_through_the_api() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let item = review_item(&editor).await;
    let before = editor
        .management_review_inputs(item.id, None)
        .await
        .unwrap();
    assert_eq!(before.item_title, "Hold the management review");
    assert_eq!(before.until, Utc::now().date_naive());
    assert_eq!(
        before.since,
        before
            .until
            .checked_sub_months(chrono::Months::new(12))
            .unwrap()
    );

    // a) and c): an action from a review, overdue.
    let action = action_from_review(&editor).await;
    // b): a KPI reading.
    let kpi = rated_kpi(&editor, "Staff who completed awareness training", 80.0).await;
    // d): a finding.
    let programme = space_named(&editor, "ISO 27001 Audit Programme").await.id;
    let audit = item_titled(
        &editor,
        programme,
        "Audit access control and identity management",
    )
    .await;
    let finding = editor
        .raise_finding(
            audit.id,
            &RaiseFinding {
                kind: FindingKind::MajorNc,
                title: "Shared administrator password on the firewall".into(),
                description: String::new(),
                controls: vec![],
            },
        )
        .await
        .unwrap();
    let programme_space = editor.get_space(programme).await.unwrap();
    let done = programme_space
        .statuses
        .iter()
        .find(|st| st.resolved)
        .unwrap()
        .id;
    let audit = editor.get_item(audit.id).await.unwrap();
    editor
        .update_item(
            audit.id,
            audit.version,
            &UpdateItem {
                status_id: Some(done),
                due: Some(Some(Utc::now().date_naive() - Duration::days(10))),
                ..UpdateItem::default()
            },
        )
        .await
        .unwrap();
    // e): a risk's current reading changes its level; another stays above appetite.
    let risk = new_risk(&editor, "Stolen laptop exposes client files", 4, 4).await;
    let high = new_risk(&editor, "Ransomware encrypts the file server", 5, 5).await;
    editor
        .record_reading(
            risk.id,
            &RecordReading {
                kind: ReadingKind::Current,
                likelihood: 1,
                impact: Some(1),
                note: "Treated".into(),
                ..RecordReading::default()
            },
        )
        .await
        .unwrap();
    // f): a published pack.
    published_pack(&editor, "Review pack").await;

    let after = editor
        .management_review_inputs(item.id, None)
        .await
        .unwrap();
    // a)
    let line = after
        .actions
        .actions
        .iter()
        .find(|a| a.item_id == action.id)
        .expect("the action from the review");
    assert!(line.overdue && !line.resolved);
    assert_eq!(line.severity.as_deref(), Some("Major NC"));
    assert_eq!(after.actions.open, before.actions.open + 1);
    assert_eq!(after.actions.overdue, before.actions.overdue + 1);
    assert!(
        after
            .actions
            .actions
            .iter()
            .all(|a| a.source.as_deref() == Some("Management review"))
    );
    assert!(!after.actions.board_items.is_empty());
    // b)
    let kpi_line = after
        .kpis
        .as_ref()
        .unwrap()
        .kpis
        .iter()
        .find(|k| k.item_id == kpi.id)
        .unwrap();
    assert_eq!(kpi_line.value, Some(80.0));
    assert_eq!(kpi_line.status, KpiStatus::Amber);
    assert_eq!(after.kpis.as_ref().unwrap().rag.amber, 1);
    // c)
    let n = &after.nonconformities;
    assert_eq!(n.raised, before.nonconformities.raised + 2);
    assert!(n.actions.iter().any(|a| a.item_id == action.id));
    assert!(n.actions.iter().any(|a| a.item_id == finding.id));
    let major = |s: &annex_client::domain::audits::management_review::NonconformitySection| {
        s.by_severity
            .iter()
            .find(|c| c.label == "Major NC")
            .map_or(0, |c| c.count)
    };
    assert_eq!(major(n), major(&before.nonconformities) + 2);
    // d)
    let kinds = |r: &annex_client::domain::audits::management_review::ManagementReviewInputs| {
        r.audits
            .as_ref()
            .unwrap()
            .findings
            .iter()
            .find(|f| f.kind == FindingKind::MajorNc)
            .unwrap()
            .count
    };
    assert_eq!(kinds(&after), kinds(&before) + 1);
    let done_audit = &after.audits.as_ref().unwrap().done;
    assert_eq!(done_audit.len(), 1);
    assert_eq!(done_audit[0].item_id, audit.id);
    assert_eq!(done_audit[0].findings, 1);
    assert!(!done_audit[0].phase.is_empty(), "its part of the programme");
    // e)
    let change = after
        .risks
        .as_ref()
        .unwrap()
        .changes
        .iter()
        .rev()
        .find(|c| c.item_id == risk.id)
        .unwrap();
    assert_eq!(change.from.as_ref().unwrap().level, "High");
    assert_eq!(change.to.as_ref().unwrap().level, "Low");
    assert_eq!(change.note, "Treated");
    let risks = after.risks.as_ref().unwrap();
    // Two originals and one current reading in the period; the first originals had no level before.
    assert_eq!(risks.changes.len(), 3);
    assert_eq!(
        risks
            .above_appetite
            .iter()
            .map(|r| r.item_id)
            .collect::<Vec<_>>(),
        [high.id]
    );
    assert_eq!(risks.figures.above_appetite, 1);
    // f) and g)
    let pack = after
        .packs
        .iter()
        .find(|p| p.name == "Review pack")
        .unwrap();
    assert!(pack.audience > 0);
    assert!(after.soa.as_ref().unwrap().applicable > 0);

    // A period that starts today leaves out what was raised before it, but still lists the
    // actions from reviews.
    let today = Utc::now().date_naive().to_string();
    let narrow = editor
        .management_review_inputs(item.id, Some(&today))
        .await
        .unwrap();
    assert_eq!(narrow.since.to_string(), today);
    assert_eq!(narrow.actions.actions.len(), after.actions.actions.len());
    assert!(narrow.audits.unwrap().done.is_empty());
}

#[tokio::test]
async fn the_page_and_the_workbook_carry_the_sections_and_escape_text() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let item = review_item(&editor).await;
    action_from_review(&editor).await;
    let path = format!("/api/v1/management-reviews/{}/inputs?format=html", item.id);
    let page = editor.raw(Method::GET, &path, None, &[]).await.unwrap();
    assert_eq!(page.status, 200);
    assert!(
        page.header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    for (_, heading) in annex_client::domain::audits::management_review::SECTIONS {
        let escaped = heading.replace('\'', "&#x27;").replace('/', "&#x2f;");
        assert!(page.body.contains(&escaped), "{heading}");
    }
    assert!(page.body.contains("<h1>Management review inputs</h1>"));
    assert!(page.body.contains(annex_store::demo::ORGANISATION));
    assert!(page.body.contains("Hold the management review"));
    assert!(!page.body.contains("<script>"));
    assert!(page.body.contains("&lt;script&gt;"));

    let bytes = editor
        .management_review_report(item.id, None, ReportFormat::Xlsx)
        .await
        .unwrap();
    assert!(bytes.starts_with(b"PK"));
    let workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    assert_eq!(
        workbook.sheet_names(),
        [
            "Summary",
            "Previous actions",
            "KPIs",
            "Corrective actions",
            "Audits",
            "Risks",
            "Policy packs",
            "SoA"
        ]
    );
}

#[tokio::test]
async fn bad_items_dates_and_formats_are_refused_and_readers_may_read() {
    let app = TestApp::spawn().await;
    let viewer = app.demo(Role::Viewer).await;
    let item = review_item(&viewer).await;
    // Readers may read.
    viewer
        .management_review_inputs(item.id, None)
        .await
        .unwrap();
    viewer
        .management_review_report(item.id, Some("2026-01-01"), ReportFormat::Html)
        .await
        .unwrap();

    // An item outside the ISMS Board, and no item at all.
    let audit = programme_audit(&viewer, "Audit access control and identity management").await;
    for id in [audit.id, Uuid::nil()] {
        assert_status!(viewer.management_review_inputs(id, None).await, 404);
    }

    // Bad dates and formats name the parameter.
    for (query, field) in [
        ("since=2026-02-30", "since"),
        ("since=yesterday", "since"),
        ("since=2999-01-01", "since"),
        ("format=pdf", "format"),
    ] {
        let path = format!("/api/v1/management-reviews/{}/inputs?{query}", item.id);
        let r = viewer.raw(Method::GET, &path, None, &[]).await.unwrap();
        assert_eq!(r.status, 422, "{query}");
        let problem: Value = serde_json::from_str(&r.body).unwrap();
        assert!(problem["errors"][field].is_array(), "{query}: {}", r.body);
    }

    // Another organisation cannot see the demo's board.
    let other = app.outsider("Elsewhere Ltd").await;
    assert_status!(other.management_review_inputs(item.id, None).await, 404);
    // Signed out: 401.
    assert_status!(
        app.anonymous()
            .management_review_inputs(item.id, None)
            .await,
        401
    );
}
