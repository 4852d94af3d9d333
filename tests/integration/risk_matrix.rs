//! The risk matrix (default 5 × 5 until changed; replaced whole with If-Match by owners and admins)
//! and the risk bank.

use crate::harness::TestApp;
use annex_client::domain::Role;
use annex_client::domain::risk::{RiskMatrix, Scoring};

#[tokio::test]
async fn the_default_matrix_is_5x5_and_admins_replace_it_at_its_version() {
    let app = TestApp::spawn().await;
    let [viewer, admin, editor] = app.demos([Role::Viewer, Role::Admin, Role::Editor]).await;

    let first = viewer.risk_matrix().await.unwrap();
    assert_eq!(first.version, 0);
    assert_eq!(first.matrix, RiskMatrix::default());
    assert_eq!(first.matrix.impact[4], "Severe");
    assert_eq!(
        first
            .matrix
            .bands
            .iter()
            .map(|b| b.review_months)
            .collect::<Vec<_>>(),
        [12, 6, 3, 1]
    );

    let mut three = first.matrix.clone();
    three.likelihood = vec!["Low".into(), "Medium".into(), "High".into()];
    three.impact = vec!["Low".into(), "Medium".into(), "High".into()];
    three.scoring = Scoring::Additive;
    three.bands.truncate(2);
    three.bands[0].min_score = 2;
    three.bands[1].min_score = 5;
    three.appetite = 4;

    // Editors read but do not change it; a broken matrix is refused with its field.
    assert_status!(editor.replace_risk_matrix(0, &three).await, 403);
    let mut broken = three.clone();
    broken.appetite = 99;
    let refused = assert_field!(admin.replace_risk_matrix(0, &broken).await, "appetite");
    assert_eq!(refused, ["must be a score from 2 to 6"]);

    let saved = admin.replace_risk_matrix(0, &three).await.unwrap();
    assert_eq!(saved.version, 1);
    assert_eq!(viewer.risk_matrix().await.unwrap().matrix, three);
    // Stale: version 0 is gone.
    assert_status!(admin.replace_risk_matrix(0, &three).await, 412);
    let back = admin
        .replace_risk_matrix(1, &RiskMatrix::default())
        .await
        .unwrap();
    assert_eq!(back.version, 2);

    // Another organisation still has the default.
    let rival = app.outsider("Matrix Rivals").await;
    assert_eq!(rival.risk_matrix().await.unwrap().version, 0);
}

#[tokio::test]
async fn the_risk_bank_lists_generic_threats_with_their_controls() {
    let app = TestApp::spawn().await;
    let viewer = app.demo(Role::Viewer).await;
    let bank = viewer.risk_bank().await.unwrap();
    assert!(bank.len() >= 40);
    let ransomware = bank.iter().find(|t| t.key == "ransomware").unwrap();
    assert!(!ransomware.vulnerabilities.is_empty());
    assert!(ransomware.controls.iter().any(|c| c == "A.8.13"));
}
