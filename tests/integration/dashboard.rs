//! The programme dashboard: figures that agree with the screens they summarise, change with the
//! records, cost the same number of queries whatever their number, and stay in their organisation.

use crate::harness::TestApp;
use crate::harness::item_titled;
use crate::harness::space_named;
use crate::management_review::{new_risk, published_pack, rated_kpi};
use annex_client::Client;
use annex_client::domain::Role;
use annex_client::domain::audits::{FindingKind, RaiseFinding};
use annex_client::domain::kpis::KpiFilter;
use annex_client::domain::packs::policy_packs::{CreatePack, PackState};
use annex_client::domain::risk::register::RiskFilter;
use annex_client::domain::work::items::CreateItem;
use chrono::{Duration, Utc};
use serde_json::Value;
use std::collections::BTreeMap;

/// Adds a corrective action from a management review, due a week ago.
async fn overdue_action(editor: &Client, title: &str) {
    let space_id = space_named(editor, "ISMS Corrective Actions & Improvements")
        .await
        .id;
    let space = editor.get_space(space_id).await.unwrap();
    let f = space.fields.iter().find(|f| f.name == "Source").unwrap();
    let o = f
        .options
        .iter()
        .find(|o| o.label == "Management review")
        .unwrap();
    editor
        .create_item(
            space_id,
            &CreateItem {
                title: title.into(),
                due: Some(Utc::now().date_naive() - Duration::days(7)),
                fields: BTreeMap::from([(f.id, Value::String(o.id.to_string()))]),
                ..CreateItem::default()
            },
        )
        .await
        .unwrap();
}

fn by(counts: &[annex_client::domain::programme::LabelCount], label: &str) -> i64 {
    counts
        .iter()
        .find(|c| c.label == label)
        .map_or(0, |c| c.count)
}

#[tokio::test]
async fn the_figures_agree_with_the_screens_they_summarise() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    new_risk(&admin, "Ransomware encrypts the file server", 5, 5).await;
    new_risk(&admin, "Website defaced", 1, 2).await;
    rated_kpi(&admin, "Phishing test click rate", 95.0).await;
    published_pack(&admin, "Everyone's pack").await;
    overdue_action(&admin, "Review the scope").await;
    let d = admin.dashboard().await.unwrap();

    let soa = d.soa.as_ref().unwrap();
    let coverage = admin.soa_coverage(None).await.unwrap();
    assert_eq!(
        soa.implemented_percent,
        coverage.overall.implemented_percent
    );
    assert_eq!(soa.applicable, coverage.overall.applicable);

    let risks = d.risks.as_ref().unwrap();
    let register = admin.risk_register(&RiskFilter::default()).await.unwrap();
    let open = register.data.iter().filter(|r| !r.resolved).count() as i64;
    assert_eq!(risks.total, register.total);
    assert_eq!(
        risks.by_level.iter().map(|l| l.count).sum::<i64>() + risks.unassessed,
        open
    );
    let levels: Vec<&str> = risks.by_level.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(levels, ["Low", "Medium", "High", "Very high"]);
    assert_eq!(
        risks.above_appetite,
        register
            .data
            .iter()
            .filter(|r| !r.resolved && r.above_appetite)
            .count() as i64
    );
    assert!(
        risks.above_appetite > 0,
        "the demo has risks above appetite"
    );

    let kpis = d.kpis.as_ref().unwrap();
    let list = admin.kpis(&KpiFilter::default()).await.unwrap();
    assert_eq!(
        kpis.total,
        list.data.iter().filter(|k| !k.resolved).count() as i64
    );
    assert_eq!(
        kpis.red + kpis.amber + kpis.green + kpis.exceptional + kpis.not_rated,
        kpis.total
    );
    assert_eq!(kpis.green, 1);

    let packs = admin.policy_packs().await.unwrap();
    let published: Vec<_> = packs
        .iter()
        .filter(|p| p.state == PackState::Published)
        .map(|p| p.item_id)
        .collect();
    assert_eq!(
        d.packs.iter().map(|p| p.item_id).collect::<Vec<_>>(),
        published
    );
    assert!(!d.packs.is_empty());

    let actions = d.actions.as_ref().unwrap();
    assert_eq!((actions.open, actions.overdue), (1, 1));
    assert_eq!(by(&actions.by_source, "Management review"), 1);
    assert_eq!(by(&actions.by_severity, "Not set"), 1);
    assert_eq!(
        actions.by_source.iter().map(|c| c.count).sum::<i64>(),
        actions.open
    );
    assert_eq!(
        actions.by_severity.iter().map(|c| c.count).sum::<i64>(),
        actions.open
    );

    let audits = d.audits.as_ref().unwrap();
    assert!(audits.upcoming.len() <= 5 && !audits.upcoming.is_empty());
    assert!(audits.upcoming.iter().all(|a| !a.resolved));
    let days: Vec<_> = audits.upcoming.iter().map(|a| a.planned()).collect();
    let mut sorted = days.clone();
    sorted.sort_by_key(|d| (d.is_none(), *d));
    assert_eq!(days, sorted);
    assert_eq!(audits.findings.len(), FindingKind::ALL.len());
}

#[tokio::test]
async fn the_figures_follow_the_records_at_a_fixed_cost() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let (before, queries_before) = app.statements_of(editor.dashboard()).await;
    let before = before.unwrap();

    for n in 0..3 {
        overdue_action(&editor, &format!("Review action {n}")).await;
    }
    let programme = space_named(&editor, "ISO 27001 Audit Programme").await.id;
    let audit = item_titled(
        &editor,
        programme,
        "Audit access control and identity management",
    )
    .await;
    editor
        .raise_finding(
            audit.id,
            &RaiseFinding {
                kind: FindingKind::Observation,
                title: "Visitor log not signed out".into(),
                description: String::new(),
                controls: vec![],
            },
        )
        .await
        .unwrap();
    // A draft pack is no compliance figure.
    editor
        .create_policy_pack(&CreatePack {
            name: "Draft pack".into(),
            description: String::new(),
            documents: vec![],
            audience: Default::default(),
        })
        .await
        .unwrap();

    let (after, queries_after) = app.statements_of(editor.dashboard()).await;
    let after = after.unwrap();
    let (a, b) = (after.actions.unwrap(), before.actions.unwrap());
    assert_eq!(a.open, b.open + 4);
    assert_eq!(a.overdue, b.overdue + 3);
    assert_eq!(
        by(&a.by_source, "Management review"),
        by(&b.by_source, "Management review") + 3
    );
    assert_eq!(
        by(&a.by_source, "Internal audit"),
        by(&b.by_source, "Internal audit") + 1
    );
    let observations = |f: &annex_client::domain::programme::AuditFigures| {
        f.findings
            .iter()
            .find(|c| c.kind == FindingKind::Observation)
            .unwrap()
            .count
    };
    assert_eq!(
        observations(after.audits.as_ref().unwrap()),
        observations(before.audits.as_ref().unwrap()) + 1
    );
    assert_eq!(after.packs.len(), before.packs.len());
    assert_eq!(
        queries_after, queries_before,
        "more records, same number of queries"
    );
}

#[tokio::test]
async fn readers_see_it_and_other_organisations_see_only_their_own() {
    let app = TestApp::spawn().await;
    let viewer = app.demo(Role::Viewer).await;
    let demo = viewer.dashboard().await.unwrap();
    assert!(demo.soa.is_some());

    let other = app.outsider("Elsewhere Ltd").await;
    let theirs = other.dashboard().await.unwrap();
    assert!(theirs.packs.is_empty());
    assert!(theirs.actions.as_ref().is_none_or(|a| a.total == 0));
    assert!(theirs.risks.as_ref().is_none_or(|r| r.total == 0));
    assert!(
        theirs
            .audits
            .as_ref()
            .is_none_or(|a| a.findings.iter().all(|f| f.count == 0))
    );

    assert_status!(app.anonymous().dashboard().await, 401);
}
