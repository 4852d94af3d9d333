//! The framework catalogue: frameworks, requirement trees, the 2013 → 2022 mapping and the
//! crosswalks between frameworks.

use crate::harness::TestApp;
use annex_client::domain::Role;
use annex_client::domain::frameworks::RequirementKind;

#[tokio::test]
async fn the_catalogue_lists_each_framework_with_its_tree() {
    let app = TestApp::spawn().await;
    let auditor = app.demo(Role::Auditor).await;
    let frameworks = auditor.frameworks().await.unwrap();
    let ids: Vec<(&str, usize)> = frameworks
        .iter()
        .map(|f| (f.id.as_str(), f.controls))
        .collect();
    assert_eq!(
        ids,
        [
            ("iso27001-2022", 93),
            ("iso27001-2013", 114),
            ("iso22301-2019", 0),
            ("iso9001-2015", 0),
            ("gdpr", 0)
        ]
    );

    let tree = auditor
        .framework_requirements("iso27001-2022")
        .await
        .unwrap();
    let clause6 = tree.iter().find(|r| r.reference == "6").unwrap();
    assert!(clause6.children.iter().any(|c| c.reference == "6.3"));
    let a8 = tree.iter().find(|r| r.reference == "A.8").unwrap();
    assert_eq!(a8.kind, RequirementKind::Section);
    assert_eq!(a8.children.len(), 34);
    let a816 = a8
        .children
        .iter()
        .find(|c| c.reference == "A.8.16")
        .unwrap();
    assert_eq!(a816.title, "Monitoring activities");
    let attributes = a816.attributes.as_ref().unwrap();
    assert!(
        attributes
            .cybersecurity_concepts
            .contains(&"Detect".to_string())
    );
    assert!(!a816.guidance.as_ref().unwrap().evidence.is_empty());

    let old = auditor
        .framework_requirements("iso27001-2013")
        .await
        .unwrap();
    let a9 = old.iter().find(|r| r.reference == "A.9").unwrap();
    assert_eq!(a9.children[0].kind, RequirementKind::Objective);
    let gdpr = auditor.framework_requirements("gdpr").await.unwrap();
    assert!(
        gdpr.iter()
            .flat_map(|c| &c.children)
            .any(|a| a.reference == "Art. 30")
    );

    assert_status!(auditor.framework_requirements("iso27001-1999").await, 404);
}

#[tokio::test]
async fn the_mapping_covers_every_2013_control_and_leaves_eleven_new_ones() {
    let app = TestApp::spawn().await;
    let viewer = app.demo(Role::Viewer).await;
    let mappings = viewer.framework_mappings().await.unwrap();
    assert_eq!(mappings.len(), 1);
    let m = &mappings[0];
    assert_eq!(
        (m.from.as_str(), m.to.as_str()),
        ("iso27001-2013", "iso27001-2022")
    );
    let from: std::collections::HashSet<&str> = m.pairs.iter().map(|p| p.from.as_str()).collect();
    assert_eq!(from.len(), 114);
    let to: std::collections::HashSet<&str> = m.pairs.iter().map(|p| p.to.as_str()).collect();
    assert_eq!(to.len(), 93 - 11);
    for new in [
        "A.5.7", "A.5.23", "A.5.30", "A.7.4", "A.8.9", "A.8.10", "A.8.11", "A.8.12", "A.8.16",
        "A.8.23", "A.8.28",
    ] {
        assert!(!to.contains(new), "{new} is new in 2022");
    }
}

#[tokio::test]
async fn crosswalks_pair_frameworks_and_filter_by_the_one_asked_for() {
    let app = TestApp::spawn().await;
    let auditor = app.demo(Role::Auditor).await;
    let all = auditor.framework_crosswalks(None).await.unwrap();
    let sides: Vec<(&str, &str)> = all
        .iter()
        .map(|c| (c.from.as_str(), c.to.as_str()))
        .collect();
    assert_eq!(
        sides,
        [
            ("iso27001-2022", "iso22301-2019"),
            ("iso27001-2022", "iso9001-2015"),
            ("iso22301-2019", "iso9001-2015"),
            ("iso27001-2022", "gdpr")
        ]
    );
    let bcms = &all[0];
    assert!(!bcms.description.is_empty());
    let has = |from: &str, to: &str| bcms.pairs.iter().any(|p| p.from == from && p.to == to);
    assert!(has("9.2.1", "9.2.1") && has("10.1", "10.2") && has("10.2", "10.1"));
    assert!(has("A.5.29", "8.4.4"));
    let gdpr = &all[3];
    assert!(
        gdpr.pairs
            .iter()
            .any(|p| p.from == "A.8.24" && p.to == "Art. 32")
    );

    let quality = auditor
        .framework_crosswalks(Some("iso9001-2015"))
        .await
        .unwrap();
    assert_eq!(quality, [all[1].clone(), all[2].clone()]);
    let privacy = auditor.framework_crosswalks(Some("gdpr")).await.unwrap();
    assert_eq!(privacy, [all[3].clone()]);
    let old = auditor
        .framework_crosswalks(Some("iso27001-2013"))
        .await
        .unwrap();
    assert!(old.is_empty(), "no crosswalk involves the 2013 edition");

    assert_status!(
        auditor.framework_crosswalks(Some("iso14001-2015")).await,
        404
    );
    assert_status!(app.anonymous().framework_crosswalks(None).await, 401);
}
