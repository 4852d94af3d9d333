//! Compliance registers: ISO 22301, ISO 9001 and the GDPR kept requirement by requirement through
//! the SoA's endpoints, their evidence counted from linked records, and the refusals.

use crate::harness::TestApp;
use crate::harness::new_item;
use annex_client::domain::Role;
use annex_client::domain::frameworks::soa::{
    Gap, ImplementationStatus, Soa, SoaEntry, SoaFilter, UpdateSoaEntry,
};
use annex_client::domain::work::spaces::{CreateSpace, SpaceKind};

fn entry<'a>(register: &'a Soa, reference: &str) -> &'a SoaEntry {
    register
        .data
        .iter()
        .find(|e| e.reference == reference)
        .unwrap_or_else(|| panic!("no entry {reference}"))
}

fn of(framework: &str) -> SoaFilter {
    SoaFilter {
        framework: Some(framework.into()),
        ..SoaFilter::default()
    }
}

#[tokio::test]
async fn a_register_lists_every_leaf_requirement_and_keeps_its_statements() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let register = admin.adopt_framework("iso9001-2015").await.unwrap();
    assert_eq!(register.framework_name, "ISO 9001:2015");
    assert_eq!(
        register.data.len(),
        57,
        "every leaf requirement of clauses 4 to 10"
    );
    let refs: Vec<&str> = register.data.iter().map(|e| e.reference.as_str()).collect();
    assert_eq!(&refs[..3], ["4.1", "4.2", "4.3"], "in the standard's order");
    assert!(
        !refs.contains(&"7.1.5"),
        "a requirement with sub-clauses is no entry"
    );
    assert!(refs.contains(&"7.1.5.1"));
    let design = entry(&register, "8.3.1");
    assert_eq!(design.theme, "8");
    assert_eq!(design.theme_title, "Operation");

    // Design and development may be excluded, with a reason, as in an SoA.
    let excluded = admin
        .update_soa_entry(
            design.item_id,
            design.version,
            &UpdateSoaEntry {
                applicable: Some(false),
                justification: Some("We resell; we design no products.".into()),
                ..UpdateSoaEntry::default()
            },
        )
        .await
        .unwrap();
    assert!(!excluded.applicable);
    assert_eq!(
        excluded.implementation_status,
        ImplementationStatus::NotApplicable
    );
    let coverage = admin.soa_coverage(Some("iso9001-2015")).await.unwrap();
    assert_eq!(coverage.overall.controls, 57);
    assert_eq!(coverage.overall.applicable, 56);
    let operation = SoaFilter {
        theme: Some("8".into()),
        ..of("iso9001-2015")
    };
    assert_eq!(admin.soa(&operation).await.unwrap().data.len(), 22);

    // The default stays the ISO 27001 SoA.
    let soa = admin.soa(&SoaFilter::default()).await.unwrap();
    assert_eq!(soa.framework_id, "iso27001-2022");
    assert_status!(admin.adopt_framework("iso9001-2015").await, 409);
}

#[tokio::test]
async fn linked_records_evidence_a_requirement_and_open_qms_actions_count() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let register = admin.adopt_framework("iso22301-2019").await.unwrap();
    let plans_clause = entry(&register, "8.4.4").clone();
    assert_eq!(plans_clause.evidence(), 0);
    let no_evidence = SoaFilter {
        gap: Some(Gap::NoEvidence),
        ..of("iso22301-2019")
    };
    let gaps = admin.soa(&no_evidence).await.unwrap().data.len();
    assert_eq!(gaps, 46);

    let plans = admin
        .create_space(&CreateSpace {
            kind: SpaceKind::Tracker,
            name: "Business Continuity Plans".into(),
            description: String::new(),
            owner_id: None,
            template: Some("business-continuity-plans".into()),
        })
        .await
        .unwrap();
    let plan = new_item(&admin, plans.id, "Payroll continuity plan").await;
    admin
        .link_items(plans_clause.item_id, plan.id)
        .await
        .unwrap();
    let after = admin.soa_entry(plans_clause.item_id).await.unwrap();
    assert_eq!((after.records, after.evidence()), (1, 1));
    assert_eq!(admin.soa(&no_evidence).await.unwrap().data.len(), gaps - 1);

    // A QMS nonconformity left open is an open action of the requirement it is linked to.
    let ncs = admin
        .create_space(&CreateSpace {
            kind: SpaceKind::Tracker,
            name: "Nonconformities".into(),
            description: String::new(),
            owner_id: None,
            template: Some("qms-nonconformities".into()),
        })
        .await
        .unwrap();
    let nc = new_item(&admin, ncs.id, "Plan not tested this year").await;
    admin.link_items(plans_clause.item_id, nc.id).await.unwrap();
    let after = admin.soa_entry(plans_clause.item_id).await.unwrap();
    assert_eq!(
        (after.records, after.open_actions),
        (1, 1),
        "an action is not evidence"
    );

    // A link to another framework's entry says they correspond; it is not evidence.
    let soa = admin.soa(&SoaFilter::default()).await.unwrap();
    let a530 = entry(&soa, "A.5.30");
    admin
        .link_items(plans_clause.item_id, a530.item_id)
        .await
        .unwrap();
    let after = admin.soa_entry(plans_clause.item_id).await.unwrap();
    assert_eq!(after.evidence(), 1);
}

#[tokio::test]
async fn registers_are_refused_on_unknown_frameworks_and_to_viewers() {
    let app = TestApp::spawn().await;
    let [admin, viewer] = app.demos([Role::Admin, Role::Viewer]).await;
    let err = assert_status!(admin.adopt_framework("nist-csf").await, 422);
    assert!(err.to_string().contains("iso22301-2019"), "{err}");
    assert_eq!(
        admin.soa(&of("gdpr")).await.unwrap_err().status(),
        Some(404),
        "no register kept yet"
    );
    assert_status!(admin.soa(&of("nist-csf")).await, 422);
    assert_status!(viewer.adopt_framework("gdpr").await, 403);
    admin.adopt_framework("gdpr").await.unwrap();
    let register = viewer.soa(&of("gdpr")).await.unwrap();
    assert_eq!(register.data.len(), 44);
    assert_eq!(entry(&register, "Art. 33").theme, "Chapter IV");
}
