//! Space templates: the catalogue, spaces made from one, and the ISMS set every new organisation gets.

use crate::harness::TestApp;
use annex_client::Client;
use annex_client::domain::work::fields::FieldKind;
use annex_client::domain::work::items::ItemKind;
use annex_client::domain::work::spaces::{CreateSpace, Space, SpaceFilter, SpaceKind};
use annex_client::domain::{PageParams, Role};

/// The spaces of the ISMS set, by name.
/// The ISMS set of templates plus the ISO 27001:2022 project every organisation gets.
const ISMS_SET: [&str; 12] = [
    "Business Impact Assessment",
    "ISMS Board",
    "ISMS Corrective Actions & Improvements",
    "ISO 27001 Audit Programme",
    "ISO/IEC 27001:2022",
    "Information Asset Inventory",
    "Key Performance Indicators",
    "Policies & Procedures",
    "Policy Packs",
    "Requests for Change",
    "Risk Register",
    "Security Incident Management",
];

fn from_template(kind: SpaceKind, name: &str, template: &str) -> CreateSpace {
    CreateSpace {
        kind,
        name: name.into(),
        description: String::new(),
        owner_id: None,
        template: Some(template.into()),
    }
}

async fn all_spaces(client: &Client) -> Vec<Space> {
    client
        .list_spaces(
            &SpaceFilter::default(),
            &PageParams {
                limit: Some(100),
                cursor: None,
            },
        )
        .await
        .unwrap()
        .data
}

#[tokio::test]
async fn every_member_lists_the_templates() {
    let app = TestApp::spawn().await;
    for role in Role::ALL {
        let templates = app.demo(role).await.templates().await.unwrap();
        let mut keys: Vec<(&str, SpaceKind)> =
            templates.iter().map(|t| (t.key.as_str(), t.kind)).collect();
        keys.sort_by_key(|(key, _)| *key);
        assert_eq!(
            keys,
            [
                ("bc-exercises", SpaceKind::Tracker),
                ("business-continuity-plans", SpaceKind::Tracker),
                ("business-impact-assessment", SpaceKind::Tracker),
                ("customer-complaints", SpaceKind::Tracker),
                ("gdpr-breach-register", SpaceKind::Tracker),
                ("gdpr-data-subject-requests", SpaceKind::Tracker),
                ("gdpr-dpia-programme", SpaceKind::Project),
                ("gdpr-processing-activities", SpaceKind::Tracker),
                ("information-assets", SpaceKind::Tracker),
                ("isms-board", SpaceKind::Project),
                ("isms-corrective-actions", SpaceKind::Tracker),
                ("iso22301-bc-programme", SpaceKind::Project),
                ("iso27001-audit-programme", SpaceKind::Project),
                ("iso9001-qms-programme", SpaceKind::Project),
                ("kpis", SpaceKind::Tracker),
                ("policies-procedures", SpaceKind::Tracker),
                ("policy-packs", SpaceKind::Tracker),
                ("qms-nonconformities", SpaceKind::Tracker),
                ("requests-for-change", SpaceKind::Tracker),
                ("risk-register", SpaceKind::Tracker),
                ("security-incidents", SpaceKind::Tracker),
                ("supplier-evaluation", SpaceKind::Tracker),
            ],
            "{role}"
        );
        assert!(templates.iter().all(|t| !t.description.is_empty()));
    }
    assert_status!(app.anonymous().templates().await, 401);
}

#[tokio::test]
async fn a_tracker_from_a_template_has_its_workflow_and_fields_with_fresh_ids() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let space = editor
        .create_space(&from_template(
            SpaceKind::Tracker,
            "Supplier corrective actions",
            "isms-corrective-actions",
        ))
        .await
        .unwrap();
    let statuses: Vec<(&str, bool)> = space
        .statuses
        .iter()
        .map(|s| (s.name.as_str(), s.resolved))
        .collect();
    assert_eq!(
        statuses,
        [
            ("To-do", false),
            ("In progress", false),
            ("Awaiting verification", false),
            ("Resolved", true),
            ("Rejected", true),
        ]
    );
    let severity = space.fields.iter().find(|f| f.name == "Severity").unwrap();
    assert_eq!(severity.kind, FieldKind::Select);
    let labels: Vec<&str> = severity.options.iter().map(|o| o.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Major NC",
            "Minor NC",
            "Observation",
            "Opportunity for improvement"
        ]
    );
    for name in ["Source", "Priority", "Root cause", "Verified on"] {
        assert!(space.fields.iter().any(|f| f.name == name), "{name}");
    }
    // The organisation's own corrective-actions tracker came from the same template: nothing shared.
    let original = all_spaces(&editor)
        .await
        .into_iter()
        .find(|s| s.name == "ISMS Corrective Actions & Improvements")
        .unwrap();
    assert!(original.fields.iter().all(|f| f.id != severity.id));
    assert!(
        original
            .statuses
            .iter()
            .all(|s| space.statuses.iter().all(|n| n.id != s.id))
    );
    // Items use the template's fields like any others.
    let listed = editor
        .list_items(space.id, &Default::default(), &PageParams::default())
        .await
        .unwrap();
    assert_eq!(listed.total, 0, "a tracker template plants no items");
}

#[tokio::test]
async fn a_project_from_a_template_has_its_tree_in_order() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let project = admin
        .create_space(&from_template(
            SpaceKind::Project,
            "Board 2027",
            "isms-board",
        ))
        .await
        .unwrap();
    let tree = admin.project_tree(project.id).await.unwrap();
    let phases: Vec<&str> = tree
        .nodes
        .iter()
        .filter(|n| n.kind == ItemKind::Phase)
        .map(|n| n.label.as_str())
        .collect();
    assert_eq!(phases.len(), 3);
    assert_eq!(phases[0], "1 - Set up the board");
    assert!(phases[1].ends_with("Quarterly board meetings"));
    assert!(phases[2].ends_with("Annual management review"));
    let activities: Vec<_> = tree
        .nodes
        .iter()
        .filter(|n| n.kind == ItemKind::Activity)
        .collect();
    assert!(activities.len() >= 20, "{}", activities.len());
    assert!(activities.iter().all(|a| a.days_estimated.is_some()));
    assert!(
        activities
            .iter()
            .all(|a| a.status.as_deref() == Some("To-do"))
    );
    assert!(
        tree.nodes
            .iter()
            .any(|n| n.kind == ItemKind::Deliverable && n.label.ends_with("Q3 board meeting"))
    );
    assert_eq!(tree.progress, 0.0);
    // Numbers carry on after the planted tree.
    let next = admin
        .create_item(
            project.id,
            &annex_client::domain::work::items::CreateItem {
                kind: Some(ItemKind::Phase),
                title: "Extraordinary meetings".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(next.number, tree.nodes.len() as i64 + 1);
    let planted = app.sql_count(&format!(
        "SELECT COUNT(*) AS n FROM events WHERE subject_kind = 'item' AND verb = 'created' \
         AND subject_id IN (SELECT id FROM items WHERE space_id = '{}')",
        project.id
    ));
    assert_eq!(
        planted,
        tree.nodes.len() as i64 + 1,
        "every node is recorded"
    );
}

#[tokio::test]
async fn a_projects_headline_counts_its_activities() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let me = admin.me().await.unwrap().user.id;
    let project = admin
        .create_space(&from_template(
            SpaceKind::Project,
            "Audits 2027",
            "iso27001-audit-programme",
        ))
        .await
        .unwrap();
    let tree = admin.project_tree(project.id).await.unwrap();
    let activities: Vec<_> = tree
        .nodes
        .iter()
        .filter(|n| n.kind == ItemKind::Activity)
        .collect();
    let status = |name: &str| {
        project
            .statuses
            .iter()
            .find(|s| s.name == name)
            .unwrap_or_else(|| panic!("no status {name}"))
            .id
    };
    // One audit done, one awaiting approval and assigned, one overdue.
    let changes = [
        (activities[0].id, Some(status("Done")), None, None),
        (
            activities[1].id,
            Some(status("Awaiting approval")),
            Some(me),
            None,
        ),
        (
            activities[2].id,
            None,
            None,
            chrono::NaiveDate::from_ymd_opt(2020, 1, 31),
        ),
    ];
    for (id, status_id, assignee, due) in changes {
        let item = admin.get_item(id).await.unwrap();
        admin
            .update_item(
                id,
                item.version,
                &annex_client::domain::work::items::UpdateItem {
                    status_id,
                    assignee_id: assignee.map(Some),
                    due: due.map(Some),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
    }
    let headline = admin
        .space_stats_of(project.id, ItemKind::Activity)
        .await
        .unwrap();
    let n = activities.len() as i64;
    assert_eq!(headline.total, n, "phases and deliverables are not counted");
    assert_eq!((headline.resolved, headline.open), (1, n - 1));
    assert_eq!(headline.overdue, 1);
    assert_eq!(
        headline.unassigned,
        n - 2,
        "the done and the assigned audit"
    );
    let count = |name: &str| {
        headline
            .by_status
            .iter()
            .find(|s| s.name == name)
            .unwrap()
            .count
    };
    assert_eq!(count("Awaiting approval"), 1);
    assert_eq!(count("To-do"), n - 2);
    let everything = admin.space_stats(project.id).await.unwrap();
    assert!(everything.total > n, "all kinds when no kind is given");
    let bad = admin
        .raw(
            annex_client::Method::GET,
            &format!("/api/v1/spaces/{}/stats?kind=folder", project.id),
            None,
            &[],
        )
        .await
        .unwrap();
    assert!((400..500).contains(&bad.status), "{}", bad.status);
}

#[tokio::test]
async fn an_unknown_template_or_a_kind_it_does_not_make_is_refused() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let before = all_spaces(&editor).await.len();
    let unknown = assert_status!(
        editor
            .create_space(&from_template(
                SpaceKind::Tracker,
                "Risks",
                "risk-register-9000",
            ))
            .await,
        422
    );
    assert!(unknown.to_string().contains("risk-register-9000"));
    assert_status!(
        editor
            .create_space(&from_template(SpaceKind::Tracker, "Board", "isms-board"))
            .await,
        422
    );
    assert_eq!(
        all_spaces(&editor).await.len(),
        before,
        "nothing was created"
    );
    let viewer = app.demo(Role::Viewer).await;
    assert_status!(
        viewer
            .create_space(&from_template(SpaceKind::Project, "Board", "isms-board"))
            .await,
        403
    );
}

#[tokio::test]
async fn a_new_organisation_starts_with_the_isms_set_of_its_own() {
    let app = TestApp::spawn().await;
    let demo = app.demo(Role::Owner).await;
    let mut names: Vec<String> = all_spaces(&demo)
        .await
        .into_iter()
        .map(|s| s.name)
        .collect();
    names.sort();
    assert_eq!(names, ISMS_SET);

    let (org, email) = app.other_organisation("Acme Widgets");
    let acme = app.client_as(&email, "other-password").await;
    let me = acme.me().await.unwrap();
    assert_eq!(me.organisation.id, org);
    let spaces = all_spaces(&acme).await;
    let mut names: Vec<&str> = spaces.iter().map(|s| s.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ISMS_SET);
    let board = spaces.iter().find(|s| s.name == "ISMS Board").unwrap();
    assert_eq!(board.kind, SpaceKind::Project);
    assert!(!acme.project_tree(board.id).await.unwrap().nodes.is_empty());
    let bia = spaces
        .iter()
        .find(|s| s.name == "Business Impact Assessment")
        .unwrap();
    assert_eq!(bia.fields.len(), 11);
    // Each organisation's set is its own: the other one's spaces are not found.
    assert_status!(demo.get_space(board.id).await, 404);
    let demo_ids: Vec<_> = all_spaces(&demo).await.into_iter().map(|s| s.id).collect();
    assert!(spaces.iter().all(|s| !demo_ids.contains(&s.id)));
}

#[tokio::test]
async fn the_demo_records_fill_the_isms_set_with_linked_and_overdue_work() {
    use annex_client::domain::work::items::ItemFilter;
    let app = TestApp::spawn().await;
    {
        let mut conn = app.pool.get().unwrap();
        annex_store::transaction::write(&mut conn, annex_store::demo::load_records).unwrap();
    }
    let viewer = app.demo(Role::Viewer).await;
    let spaces = all_spaces(&viewer).await;
    let mut overdue = 0;
    for space in &spaces {
        let items = viewer
            .list_items(space.id, &ItemFilter::default(), &PageParams::default())
            .await
            .unwrap();
        assert!(items.total >= 4, "{} has {}", space.name, items.total);
        let late = ItemFilter {
            overdue: Some(true),
            ..Default::default()
        };
        overdue += viewer
            .list_items(space.id, &late, &PageParams::default())
            .await
            .unwrap()
            .total;
    }
    assert!(overdue >= 3, "{overdue}");
    let actions = spaces
        .iter()
        .find(|s| s.name == "ISMS Corrective Actions & Improvements")
        .unwrap();
    let finalise = viewer
        .list_items(
            actions.id,
            &ItemFilter {
                q: Some("access control policy".into()),
                ..Default::default()
            },
            &PageParams::default(),
        )
        .await
        .unwrap()
        .data
        .remove(0);
    let severity = actions
        .fields
        .iter()
        .find(|f| f.name == "Severity")
        .unwrap();
    let minor = severity
        .options
        .iter()
        .find(|o| o.label == "Minor NC")
        .unwrap();
    assert_eq!(
        finalise.fields[&severity.id],
        serde_json::json!(minor.id.to_string())
    );
    let linked = viewer.list_links(finalise.id).await.unwrap();
    assert!(
        linked
            .iter()
            .any(|l| l.space_name == "Policies & Procedures"
                && l.label.ends_with("Access Control Policy")),
        "{linked:?}"
    );
    let board = spaces.iter().find(|s| s.name == "ISMS Board").unwrap();
    let tree = viewer.project_tree(board.id).await.unwrap();
    assert!(
        tree.progress > 0.0 && tree.progress < 100.0,
        "{}",
        tree.progress
    );
}
