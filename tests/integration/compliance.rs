//! The unified compliance view: evidence linked once counts for every framework whose register
//! has a corresponding requirement (through the crosswalks or a link), the figures per register,
//! the coverage filter, and the refusals.

use crate::harness::TestApp;
use crate::harness::{new_item, new_space};
use annex_client::domain::Role;
use annex_client::domain::frameworks::compliance::{
    ComplianceFilter, ComplianceRow, ComplianceView, Correspondence, EvidenceCoverage,
};
use annex_client::domain::frameworks::soa::SoaFilter;
use annex_client::domain::work::spaces::SpaceKind;

fn row<'a>(view: &'a ComplianceView, reference: &str) -> &'a ComplianceRow {
    view.rows
        .iter()
        .find(|r| r.reference == reference)
        .unwrap_or_else(|| panic!("no row {reference}"))
}

fn of(framework: &str) -> ComplianceFilter {
    ComplianceFilter {
        framework: Some(framework.into()),
        coverage: None,
    }
}

#[tokio::test]
async fn evidence_linked_once_counts_for_every_corresponding_requirement() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    admin.adopt_framework("iso22301-2019").await.unwrap();
    let policies = new_space(&admin, SpaceKind::Tracker, "Evidence").await;
    let programme = new_item(&admin, policies.id, "Internal audit programme 2027").await;

    // The audit programme is linked to ISO 27001 clause 9.2.2 only.
    let iso = admin.compliance(&of("iso27001-2022")).await.unwrap();
    assert_eq!(iso.framework_name, "ISO/IEC 27001:2022");
    let clause = row(&iso, "9.2.2");
    assert_eq!(
        clause.implementation_status, None,
        "a clause has no SoA entry"
    );
    assert_eq!(clause.coverage, EvidenceCoverage::None);
    assert_eq!(
        iso.rows.first().unwrap().reference,
        "4.1",
        "clauses come before Annex A"
    );
    admin
        .link_items(clause.item_id, programme.id)
        .await
        .unwrap();

    // ISO 22301's audit programme requirement now counts it through the crosswalk.
    let bcms = admin.compliance(&of("iso22301-2019")).await.unwrap();
    let audits = row(&bcms, "9.2.2");
    assert_eq!(audits.coverage, EvidenceCoverage::Shared);
    assert_eq!(audits.shared_evidence, 1);
    let via = audits
        .counterparts
        .iter()
        .find(|c| c.framework_id == "iso27001-2022")
        .unwrap();
    assert_eq!(via.via, Correspondence::Crosswalk);
    assert_eq!(via.evidence[0].item_id, Some(programme.id));
    assert_eq!(via.evidence[0].source, "Evidence");
    let figures = bcms
        .frameworks
        .iter()
        .find(|f| f.framework_id == "iso22301-2019")
        .unwrap();
    assert_eq!(figures.entries, 46);
    assert!(figures.shared >= 1);
    assert_eq!(
        figures.own + figures.shared + figures.none,
        figures.applicable
    );

    // Linking the same record to the 22301 requirement too makes it shared work.
    assert_eq!(bcms.records_shared, 0);
    admin
        .link_items(audits.item_id, programme.id)
        .await
        .unwrap();
    let bcms = admin.compliance(&of("iso22301-2019")).await.unwrap();
    let audits = row(&bcms, "9.2.2");
    assert_eq!(audits.coverage, EvidenceCoverage::Own);
    assert_eq!(
        audits.shared_evidence, 0,
        "the same record is not counted twice"
    );
    assert_eq!(bcms.records_shared, 1);

    // A person's link between two requirements makes them counterparts.
    let soa = admin.soa(&SoaFilter::default()).await.unwrap();
    let a530 = soa.data.iter().find(|e| e.reference == "A.5.30").unwrap();
    let exercise = row(&bcms, "8.6");
    admin
        .link_items(exercise.item_id, a530.item_id)
        .await
        .unwrap();
    let bcms = admin.compliance(&of("iso22301-2019")).await.unwrap();
    assert!(
        row(&bcms, "8.6")
            .counterparts
            .iter()
            .any(|c| c.reference == "A.5.30" && c.via == Correspondence::Link)
    );

    // The coverage filter keeps one kind of row.
    let shared_only = admin
        .compliance(&ComplianceFilter {
            coverage: Some(EvidenceCoverage::Own),
            ..of("iso22301-2019")
        })
        .await
        .unwrap();
    assert!(!shared_only.rows.is_empty());
    assert!(
        shared_only
            .rows
            .iter()
            .all(|r| r.coverage == EvidenceCoverage::Own)
    );
}

#[tokio::test]
async fn the_view_defaults_to_iso27001_and_refuses_what_it_cannot_show() {
    let app = TestApp::spawn().await;
    let viewer = app.demo(Role::Viewer).await;
    let view = viewer
        .compliance(&ComplianceFilter::default())
        .await
        .unwrap();
    assert_eq!(view.framework_id, "iso27001-2022");
    assert_eq!(view.frameworks.len(), 1, "only the SoA so far");
    assert_eq!(
        view.rows.len(),
        93 + 30,
        "Annex A controls and clauses 4 to 10"
    );
    assert_eq!(
        viewer.compliance(&of("gdpr")).await.unwrap_err().status(),
        Some(404),
        "no GDPR register kept"
    );
    assert_status!(viewer.compliance(&of("nist-csf")).await, 422);
    let raw = reqwest::Client::new()
        .get(format!(
            "{}/api/v1/compliance?coverage=everything",
            app.base_url
        ))
        .bearer_auth(viewer.token().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status().as_u16(), 400, "an unparsable query");
    assert_status!(
        app.anonymous()
            .compliance(&ComplianceFilter::default())
            .await,
        401
    );
}
