//! The audit programme: every organisation's ISO 27001 Audit Programme project; findings raised on
//! an audit become corrective actions linked to it and to the controls; coverage of the controls.

use crate::harness::TestApp;
use crate::harness::item_titled;
use crate::harness::space_named;
use annex_client::domain::Role;
use annex_client::domain::audits::{FindingKind, RaiseFinding};
use annex_client::domain::frameworks::soa::SoaFilter;

#[tokio::test]
async fn a_finding_on_an_audit_becomes_a_linked_corrective_action() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let programme = space_named(&editor, "ISO 27001 Audit Programme").await.id;
    let audit = item_titled(
        &editor,
        programme,
        "Audit access control and identity management",
    )
    .await;
    let stage2 = item_titled(&editor, programme, "Stage 2 audit: certification").await;
    let soa = editor.soa(&SoaFilter::default()).await.unwrap();
    let control = |r: &str| soa.data.iter().find(|e| e.reference == r).unwrap().item_id;
    let (a515, a85) = (control("A.5.15"), control("A.8.5"));
    editor.link_items(audit.id, a515).await.unwrap();

    let action = editor
        .raise_finding(
            audit.id,
            &RaiseFinding {
                kind: FindingKind::MinorNc,
                title: "Leavers' accounts disabled late".into(),
                description: "Two of ten leavers kept access for over a week.".into(),
                controls: vec![a515],
            },
        )
        .await
        .unwrap();
    let actions = space_named(&editor, "ISMS Corrective Actions & Improvements")
        .await
        .id;
    assert_eq!(action.space_id, actions);
    assert!(action.description.contains("Raised on the audit"));
    let space = editor.get_space(actions).await.unwrap();
    let label = |field: &str| {
        let f = space.fields.iter().find(|f| f.name == field).unwrap();
        let chosen = action.fields.get(&f.id).and_then(|v| v.as_str()).unwrap();
        f.options
            .iter()
            .find(|o| o.id.to_string() == chosen)
            .unwrap()
            .label
            .clone()
    };
    assert_eq!(label("Source"), "Internal audit");
    assert_eq!(label("Severity"), "Minor NC");

    let findings = editor.audit_findings(audit.id).await.unwrap();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].kind, Some(FindingKind::MinorNc));
    assert_eq!(findings[0].controls, ["A.5.15"]);
    assert!(!findings[0].resolved);

    // An external audit's finding says so.
    let external = editor
        .raise_finding(
            stage2.id,
            &RaiseFinding {
                kind: FindingKind::Opportunity,
                title: "Automate the joiners and leavers report".into(),
                description: String::new(),
                controls: vec![a85],
            },
        )
        .await
        .unwrap();
    let f = space.fields.iter().find(|f| f.name == "Source").unwrap();
    let chosen = external.fields.get(&f.id).and_then(|v| v.as_str()).unwrap();
    assert_eq!(
        f.options
            .iter()
            .find(|o| o.id.to_string() == chosen)
            .unwrap()
            .label,
        "External audit"
    );

    // Bad requests, roles, and things that are not audits.
    let refused = assert_field!(
        editor
            .raise_finding(
                audit.id,
                &RaiseFinding {
                    kind: FindingKind::MajorNc,
                    title: "Not a control".into(),
                    description: String::new(),
                    controls: vec![action.id],
                },
            )
            .await,
        "controls"
    );
    assert_eq!(
        refused,
        [format!(
            "{} is not a control of the organisation's SoA",
            action.id
        )]
    );
    let phase = audit.parent_id.unwrap();
    assert_status!(editor.audit_findings(phase).await, 404);
    let viewer = app.demo(Role::Viewer).await;
    assert_status!(
        viewer
            .raise_finding(
                audit.id,
                &RaiseFinding {
                    kind: FindingKind::Observation,
                    title: "Viewer".into(),
                    description: String::new(),
                    controls: vec![],
                },
            )
            .await,
        403
    );
    assert_eq!(viewer.audit_findings(audit.id).await.unwrap().len(), 1);
}

#[tokio::test]
async fn coverage_shows_which_controls_each_year_audits_and_which_none_does() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let programme = space_named(&editor, "ISO 27001 Audit Programme").await.id;
    let soa = editor.soa(&SoaFilter::default()).await.unwrap();
    let control = |r: &str| soa.data.iter().find(|e| e.reference == r).unwrap().item_id;
    let before = editor.audit_coverage().await.unwrap();
    assert_eq!(before.phases.len(), 5);
    assert_eq!(
        before.phases[0].title,
        "Pre-certification Internal Audit - full ISMS scope"
    );
    assert!(
        before
            .phases
            .iter()
            .all(|p| p.controls.is_empty() && p.audits > 0)
    );
    assert_eq!(before.uncovered.len() as i64, before.applicable);

    let y1 = item_titled(&editor, programme, "Audit supplier security").await;
    let y2 = item_titled(&editor, programme, "Laptop questionnaire audit").await;
    editor.link_items(y1.id, control("A.5.19")).await.unwrap();
    editor.link_items(control("A.5.20"), y1.id).await.unwrap();
    editor.link_items(y2.id, control("A.8.1")).await.unwrap();
    let after = editor.audit_coverage().await.unwrap();
    let phase = |title: &str| after.phases.iter().find(|p| p.title == title).unwrap();
    assert_eq!(
        phase("[Year 1] Internal Audit Programme").controls,
        ["A.5.19", "A.5.20"]
    );
    assert_eq!(
        phase("[Year 2] Internal Audit Programme").controls,
        ["A.8.1"]
    );
    assert_eq!(after.uncovered.len(), before.uncovered.len() - 3);
    assert!(!after.uncovered.contains(&"A.8.1".to_string()));
    assert!(after.uncovered.contains(&"A.8.2".to_string()));
}
