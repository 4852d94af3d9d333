//! The risk register: readings (original permanent, current with history, target), scoring by the
//! matrix in force, the register's views, the risk map, and risks added from the bank with their
//! controls (which the SoA then counts).

use crate::harness::TestApp;
use crate::harness::new_item;
use annex_client::Client;
use annex_client::domain::Role;
use annex_client::domain::frameworks::soa::{Reason, SoaFilter};
use annex_client::domain::risk::RiskMatrix;
use annex_client::domain::risk::register::{AddFromBank, ReadingKind, RecordReading, RiskFilter};
use annex_client::domain::work::items::{CreateItem, Item};

fn reading(kind: ReadingKind, likelihood: u8, impact: u8) -> RecordReading {
    RecordReading {
        kind,
        likelihood,
        impact: Some(impact),
        ..RecordReading::default()
    }
}

async fn new_risk(client: &Client, title: &str) -> Item {
    let register = client.risk_register(&RiskFilter::default()).await.unwrap();
    new_item(client, register.space_id, title).await
}

#[tokio::test]
async fn readings_start_with_a_permanent_original_and_keep_their_history() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let risk = new_risk(&editor, "Stolen laptop exposes client files").await;

    // The original comes first.
    let refused = assert_field!(
        editor
            .record_reading(risk.id, &reading(ReadingKind::Current, 3, 3))
            .await,
        "kind"
    );
    assert_eq!(refused, ["record the original reading first"]);
    let original = editor
        .record_reading(
            risk.id,
            &RecordReading {
                kind: ReadingKind::Original,
                likelihood: 4,
                confidentiality: Some(5),
                integrity: Some(2),
                availability: Some(3),
                note: "Laptops are not encrypted".into(),
                ..RecordReading::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(original.impact, 5, "the worst of C, I and A");
    let assessed = original.assessment.clone().unwrap();
    assert_eq!((assessed.score, assessed.level.as_str()), (20, "Very high"));
    assert!(assessed.above_appetite);
    assert_status!(
        editor
            .record_reading(risk.id, &reading(ReadingKind::Original, 1, 1))
            .await,
        409
    );

    // Current readings keep history; the target is where treatment leads.
    editor
        .record_reading(risk.id, &reading(ReadingKind::Current, 3, 5))
        .await
        .unwrap();
    let now = editor
        .record_reading(risk.id, &reading(ReadingKind::Current, 2, 4))
        .await
        .unwrap();
    editor
        .record_reading(risk.id, &reading(ReadingKind::Target, 1, 3))
        .await
        .unwrap();
    let history = editor.risk_readings(risk.id).await.unwrap();
    assert_eq!(history.len(), 4);
    assert_eq!(
        history[1].id, now.id,
        "newest first: target, then the latest current"
    );

    // Bad values are refused naming the field, and change nothing.
    for (bad, field) in [
        (reading(ReadingKind::Current, 6, 1), "likelihood"),
        (reading(ReadingKind::Current, 1, 0), "impact"),
        (
            RecordReading {
                kind: ReadingKind::Current,
                likelihood: 2,
                impact: Some(2),
                integrity: Some(3),
                ..RecordReading::default()
            },
            "impact",
        ),
        (
            RecordReading {
                kind: ReadingKind::Current,
                likelihood: 2,
                ..RecordReading::default()
            },
            "impact",
        ),
        (
            RecordReading {
                kind: ReadingKind::Current,
                likelihood: 2,
                availability: Some(6),
                ..RecordReading::default()
            },
            "availability",
        ),
    ] {
        let messages = assert_field!(editor.record_reading(risk.id, &bad).await, field);
        assert!(
            messages
                .iter()
                .all(|m| !m.starts_with(&format!("{field}:"))),
            "the message does not repeat the field: {messages:?}"
        );
    }
    assert_eq!(editor.risk_readings(risk.id).await.unwrap().len(), 4);

    let register = editor.risk_register(&RiskFilter::default()).await.unwrap();
    let summary = register.data.iter().find(|r| r.item_id == risk.id).unwrap();
    assert_eq!(summary.original.as_ref().unwrap().likelihood, 4);
    assert_eq!(summary.current.as_ref().unwrap().id, now.id);
    assert_eq!(summary.target.as_ref().unwrap().impact, 3);
    assert!(
        !summary.above_appetite,
        "current 2 × 4 = 8 is within the appetite of 9"
    );
    // Review due: the current reading's day plus its level's period (Medium: 6 months).
    let recorded = now.recorded_at.date_naive();
    assert_eq!(
        summary.review_due,
        recorded.checked_add_months(chrono::Months::new(6))
    );
    assert!(!summary.review_overdue);

    // Only risks of the register have readings; viewers do not record them.
    let viewer = app.demo(Role::Viewer).await;
    assert_status!(
        viewer
            .record_reading(risk.id, &reading(ReadingKind::Current, 1, 1))
            .await,
        403
    );
    let all = editor.soa(&SoaFilter::default()).await.unwrap();
    assert_status!(
        editor
            .record_reading(all.data[0].item_id, &reading(ReadingKind::Original, 1, 1))
            .await,
        404
    );
}

#[tokio::test]
async fn the_map_places_each_risk_by_its_reading_and_a_new_matrix_rebands_it() {
    let app = TestApp::spawn().await;
    let [editor, admin] = app.demos([Role::Editor, Role::Admin]).await;
    let a = new_risk(&editor, "Ransomware on the file server").await;
    let b = new_risk(&editor, "Supplier outage").await;
    for (risk, l, i) in [(&a, 4, 4), (&b, 4, 4)] {
        editor
            .record_reading(risk.id, &reading(ReadingKind::Original, l, i))
            .await
            .unwrap();
    }
    editor
        .record_reading(a.id, &reading(ReadingKind::Current, 2, 3))
        .await
        .unwrap();
    editor
        .record_reading(a.id, &reading(ReadingKind::Target, 1, 2))
        .await
        .unwrap();

    let original = editor.risk_map(ReadingKind::Original).await.unwrap();
    assert_eq!(original.cells.len(), 25);
    let cell = |map: &annex_client::domain::risk::register::RiskMap, l: u8, i: u8| {
        map.cells
            .iter()
            .find(|c| c.likelihood == l && c.impact == i)
            .cloned()
            .unwrap()
    };
    let both = cell(&original, 4, 4);
    assert_eq!(both.count, 2);
    assert!(both.risk_ids.contains(&a.id) && both.risk_ids.contains(&b.id));
    assert_eq!(both.assessment.level, "High");
    let current = editor.risk_map(ReadingKind::Current).await.unwrap();
    assert_eq!(cell(&current, 2, 3).risk_ids, [a.id]);
    assert_eq!(current.cells.iter().map(|c| c.count).sum::<i64>(), 1);
    let target = editor.risk_map(ReadingKind::Target).await.unwrap();
    assert_eq!(cell(&target, 1, 2).count, 1);

    // Above appetite: b (original 16, no current) is; a (current 6) is not.
    let above = editor
        .risk_register(&RiskFilter {
            above_appetite: Some(true),
            ..RiskFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(
        above.data.iter().map(|r| r.item_id).collect::<Vec<_>>(),
        [b.id]
    );

    // A new matrix re-bands the same raw readings.
    let mut strict = RiskMatrix::default();
    strict.bands[3].min_score = 12;
    strict.appetite = 4;
    admin.replace_risk_matrix(0, &strict).await.unwrap();
    let rebanded = editor.risk_map(ReadingKind::Original).await.unwrap();
    assert_eq!(cell(&rebanded, 4, 4).assessment.level, "Very high");
    let readings = editor.risk_readings(a.id).await.unwrap();
    let current_a = readings
        .iter()
        .find(|r| r.kind == ReadingKind::Current)
        .unwrap();
    assert_eq!((current_a.likelihood, current_a.impact), (2, 3));
    assert!(current_a.assessment.as_ref().unwrap().above_appetite);
    let above = editor
        .risk_register(&RiskFilter {
            above_appetite: Some(true),
            ..RiskFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(above.data.len(), 2);
}

#[tokio::test]
async fn the_map_is_one_query_whatever_the_number_of_risks() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let (_, few) = app
        .statements_of(editor.risk_map(ReadingKind::Original))
        .await;
    for n in 0..12 {
        let risk = new_risk(&editor, &format!("Risk {n}")).await;
        editor
            .record_reading(risk.id, &reading(ReadingKind::Original, n % 5 + 1, 3))
            .await
            .unwrap();
    }
    let (map, many) = app
        .statements_of(editor.risk_map(ReadingKind::Original))
        .await;
    assert_eq!(map.unwrap().cells.iter().map(|c| c.count).sum::<i64>(), 12);
    assert_eq!(few, many);
    let (_, register_few) = app
        .statements_of(editor.risk_register(&RiskFilter::default()))
        .await;
    let risk = new_risk(&editor, "One more").await;
    editor
        .record_reading(risk.id, &reading(ReadingKind::Original, 2, 2))
        .await
        .unwrap();
    let (_, register_more) = app
        .statements_of(editor.risk_register(&RiskFilter::default()))
        .await;
    assert_eq!(register_few, register_more);
}

#[tokio::test]
async fn a_threat_from_the_bank_becomes_a_risk_linked_to_the_confirmed_controls() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let bank = editor.risk_bank().await.unwrap();
    let threat = bank.iter().find(|t| t.key == "ransomware").unwrap();
    let confirmed: Vec<String> = threat.controls.iter().take(2).cloned().collect();
    let risk = editor
        .add_risk_from_bank(&AddFromBank {
            key: threat.key.clone(),
            controls: confirmed.clone(),
        })
        .await
        .unwrap();
    assert_eq!(risk.title, threat.threat);
    assert!(risk.description.contains(&threat.vulnerabilities[0]));
    let links = editor.list_links(risk.id).await.unwrap();
    assert_eq!(links.len(), 2);

    // The SoA counts the risk and shows risk assessment as a reason.
    let soa = editor.soa(&SoaFilter::default()).await.unwrap();
    for reference in &confirmed {
        let entry = soa.data.iter().find(|e| &e.reference == reference).unwrap();
        assert_eq!(entry.risks, 1, "{reference}");
        assert!(entry.reasons.contains(&Reason::RiskAssessment));
    }
    let register = editor.risk_register(&RiskFilter::default()).await.unwrap();
    let summary = register.data.iter().find(|r| r.item_id == risk.id).unwrap();
    assert_eq!(summary.controls, 2);

    // Once in the register it is not added twice; unknown threats and unsuggested controls fail.
    assert_status!(
        editor
            .add_risk_from_bank(&AddFromBank {
                key: threat.key.clone(),
                controls: vec![],
            })
            .await,
        409
    );
    assert_field!(
        editor
            .add_risk_from_bank(&AddFromBank {
                key: "no-such-threat".into(),
                controls: vec![],
            })
            .await,
        "key"
    );
    let other = bank.iter().find(|t| t.key != "ransomware").unwrap();
    let refused = assert_field!(
        editor
            .add_risk_from_bank(&AddFromBank {
                key: other.key.clone(),
                controls: vec!["A.7.4".into(), "A.5.99".into()],
            })
            .await,
        "controls"
    );
    assert!(
        refused.len() == 1 && refused[0].ends_with(" is not suggested for this threat"),
        "{refused:?}"
    );
}

#[tokio::test]
async fn a_linked_bia_record_summarises_worst_impacts_and_suggests_an_impact() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let spaces = editor
        .list_spaces(
            &annex_client::domain::work::spaces::SpaceFilter::default(),
            &annex_client::domain::PageParams {
                limit: Some(100),
                cursor: None,
            },
        )
        .await
        .unwrap()
        .data;
    let bia = spaces
        .iter()
        .find(|s| s.name == "Business Impact Assessment")
        .unwrap();
    let field = |name: &str| bia.fields.iter().find(|f| f.name == name).unwrap().id;
    let mut fields = std::collections::BTreeMap::new();
    for (name, label) in [
        ("Disclosure - outsiders", "4 - Major"),
        ("Modification - widespread", "2 - Minor"),
        ("Unavailability - 1 day", "3 - Moderate"),
        ("Recovery time objective", "Up to 1 day"),
        ("Recovery point objective", "Up to 1 hour of data"),
    ] {
        fields.insert(field(name), serde_json::Value::String(label.into()));
    }
    let payroll = editor
        .create_item(
            bia.id,
            &CreateItem {
                title: "Payroll".into(),
                fields,
                ..CreateItem::default()
            },
        )
        .await
        .unwrap();
    let risk = new_risk(&editor, "Payroll data leaks").await;
    assert!(editor.risk_bia(risk.id).await.unwrap().is_empty());
    editor.link_items(risk.id, payroll.id).await.unwrap();
    let summaries = editor.risk_bia(risk.id).await.unwrap();
    assert_eq!(summaries.len(), 1);
    let s = &summaries[0];
    assert_eq!(s.item_id, payroll.id);
    assert_eq!(
        (s.confidentiality, s.integrity, s.availability),
        (Some(4), Some(2), Some(3))
    );
    assert_eq!(s.rto.as_deref(), Some("Up to 1 day"));
    assert_eq!(s.suggested_impact, Some(4));
    // On a 3-level impact scale the same BIA suggests 3.
    let admin = app.demo(Role::Admin).await;
    let mut three = RiskMatrix::default();
    three.impact.truncate(3);
    three.bands.truncate(3);
    three.bands[2].min_score = 10;
    three.appetite = 8;
    admin.replace_risk_matrix(0, &three).await.unwrap();
    assert_eq!(
        editor.risk_bia(risk.id).await.unwrap()[0].suggested_impact,
        Some(3)
    );
}
