//! Clusters: the templates, clusters made from them (spaces made or reused, starter links in
//! place), groupings of existing spaces, the overview's numbers, and the usual refusals.

use crate::harness::TestApp;
use crate::harness::{new_item, new_space};
use annex_client::Client;
use annex_client::domain::Role;
use annex_client::domain::clusters::{Cluster, ClusterOverview, CreateCluster, UpdateCluster};
use annex_client::domain::work::items::{CreateItem, ItemKind, UpdateItem};
use annex_client::domain::work::spaces::SpaceKind;
use annex_client::domain::work::tree::ProjectTree;
use chrono::{Duration, Utc};
use uuid::Uuid;

fn from_template(key: &str) -> CreateCluster {
    CreateCluster {
        template: Some(key.into()),
        starter_records: true,
        ..CreateCluster::default()
    }
}

fn space_named(cluster: &Cluster, name: &str) -> Uuid {
    cluster
        .spaces
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no space {name} in {:?}", cluster.spaces))
        .space_id
}

fn links_between(overview: &ClusterOverview, a: Uuid, b: Uuid) -> i64 {
    overview
        .links
        .iter()
        .find(|l| (l.space_a, l.space_b) == (a, b) || (l.space_a, l.space_b) == (b, a))
        .map_or(0, |l| l.links)
}

async fn space_ids_by_name(client: &Client, name: &str) -> Vec<Uuid> {
    client
        .list_spaces(
            &Default::default(),
            &annex_client::domain::PageParams {
                limit: Some(100),
                cursor: None,
            },
        )
        .await
        .unwrap()
        .data
        .into_iter()
        .filter(|s| s.name == name)
        .map(|s| s.id)
        .collect()
}

#[tokio::test]
async fn every_member_lists_the_three_cluster_templates() {
    let app = TestApp::spawn().await;
    let viewer = app.demo(Role::Viewer).await;
    let templates = viewer.cluster_templates().await.unwrap();
    let mut keys: Vec<(&str, &str)> = templates
        .iter()
        .map(|t| (t.key.as_str(), t.framework.as_str()))
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            ("gdpr-privacy", "gdpr"),
            ("iso22301-business-continuity", "iso22301-2019"),
            ("iso9001-quality-management", "iso9001-2015"),
        ]
    );
    let bcms = templates
        .iter()
        .find(|t| t.key == "iso22301-business-continuity")
        .unwrap();
    let bia = &bcms.spaces[0];
    assert!(bia.reused);
    assert_eq!(bia.name, "Business Impact Assessment");
    assert!(bcms.spaces.iter().any(|s| s.kind == SpaceKind::Project));
    let register = bcms.spaces.last().unwrap();
    assert_eq!(
        (register.name.as_str(), register.template.as_str()),
        ("ISO 22301:2019", "iso22301-2019"),
        "the compliance register comes last"
    );
    assert_status!(app.anonymous().cluster_templates().await, 401);
}

#[tokio::test]
async fn the_iso22301_cluster_reuses_the_bia_and_links_its_first_plan_to_it() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let bias_before = space_ids_by_name(&admin, "Business Impact Assessment").await;
    assert_eq!(bias_before.len(), 1);
    let cluster = admin
        .create_cluster(&from_template("iso22301-business-continuity"))
        .await
        .unwrap();
    assert_eq!(cluster.name, "ISO 22301 Business Continuity");
    assert_eq!(cluster.framework.as_deref(), Some("iso22301-2019"));
    let names: Vec<&str> = cluster.spaces.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Business Impact Assessment",
            "Business Continuity Plans",
            "BC Exercises & Tests",
            "ISO 22301 BC Programme",
            "ISO 22301:2019",
        ]
    );
    let bia = space_named(&cluster, "Business Impact Assessment");
    assert_eq!(bia, bias_before[0], "the ISMS set's BIA, not a new one");
    assert_eq!(
        space_ids_by_name(&admin, "Business Impact Assessment")
            .await
            .len(),
        1
    );
    let plans = space_named(&cluster, "Business Continuity Plans");
    let plan_items = admin
        .list_items(plans, &Default::default(), &Default::default())
        .await
        .unwrap();
    assert_eq!(plan_items.total, 1);
    let plan = &plan_items.data[0];
    let linked = admin.list_links(plan.id).await.unwrap();
    assert!(
        linked.iter().any(|l| l.space_id == bia),
        "the first plan is linked to its BIA record: {linked:?}"
    );
    assert!(
        linked.iter().any(|l| l.space_name == "ISO/IEC 27001:2022"),
        "and to the continuity controls of the SoA: {linked:?}"
    );
    // The plan shows its service's recovery objectives from the BIA record it is linked to.
    let impact = admin.item_bia(plan.id).await.unwrap();
    assert_eq!(impact.len(), 1, "{impact:?}");
    assert_eq!(impact[0].label, "1 - Core business service");
    assert_eq!(impact[0].rto.as_deref(), Some("Up to 1 day"));
    assert_eq!(impact[0].rpo.as_deref(), Some("Up to 1 day of data"));
    assert_eq!(impact[0].availability, Some(3));
    let stranger = app.outsider("Stranger Ltd").await;
    assert_status!(stranger.item_bia(plan.id).await, 404);
    let overview = admin.cluster_overview(cluster.id).await.unwrap();
    assert_eq!(links_between(&overview, plans, bia), 1);
    let register = space_named(&cluster, "ISO 22301:2019");
    assert_eq!(
        links_between(&overview, plans, register),
        1,
        "the plan evidences clause 8.4.4"
    );
    let programme = space_named(&cluster, "ISO 22301 BC Programme");
    let tree: ProjectTree = admin.project_tree(programme).await.unwrap();
    let phases: Vec<&str> = tree
        .nodes
        .iter()
        .filter(|n| n.kind == ItemKind::Phase)
        .map(|n| n.label.as_str())
        .collect();
    assert_eq!(phases.len(), 7, "clauses 4 to 10: {phases:?}");
    assert!(
        tree.nodes
            .iter()
            .filter(|n| n.kind == ItemKind::Activity)
            .all(|n| n.days_estimated.is_some())
    );

    // A second one: the BIA is still reused (now with the first's record, so no new example),
    // the new spaces get free names.
    let again = admin
        .create_cluster(&from_template("iso22301-business-continuity"))
        .await
        .unwrap();
    assert_eq!(space_named(&again, "Business Impact Assessment"), bia);
    assert_eq!(
        space_named(&again, "ISO 22301:2019"),
        register,
        "one register per framework, shared by the clusters"
    );
    let plans_again = space_named(&again, "Business Continuity Plans (2)");
    let bia_items = admin
        .list_items(bia, &Default::default(), &Default::default())
        .await
        .unwrap();
    assert_eq!(bia_items.total, 1, "no second example in a register in use");
    let overview = admin.cluster_overview(again.id).await.unwrap();
    assert_eq!(links_between(&overview, plans_again, bia), 0);
}

#[tokio::test]
async fn the_iso9001_and_gdpr_clusters_make_their_spaces_with_links_in_place() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let qms = admin
        .create_cluster(&from_template("iso9001-quality-management"))
        .await
        .unwrap();
    let names: Vec<&str> = qms.spaces.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Quality Objectives",
            "Nonconformities & Corrective Actions (QMS)",
            "Customer Complaints",
            "Supplier Evaluation",
            "ISO 9001 QMS Programme",
            "ISO 9001:2015",
        ]
    );
    let objectives = space_named(&qms, "Quality Objectives");
    assert_eq!(
        qms.spaces[0].template_key.as_deref(),
        Some("kpis"),
        "quality objectives are KPIs"
    );
    let kpis = admin.kpis(&Default::default()).await.unwrap();
    assert!(kpis.data.iter().any(|k| k.title == "On-time delivery"));
    let overview = admin.cluster_overview(qms.id).await.unwrap();
    let complaints = space_named(&qms, "Customer Complaints");
    let ncs = space_named(&qms, "Nonconformities & Corrective Actions (QMS)");
    let programme = space_named(&qms, "ISO 9001 QMS Programme");
    assert_eq!(links_between(&overview, complaints, ncs), 1);
    assert_eq!(links_between(&overview, programme, objectives), 2);

    let gdpr = admin
        .create_cluster(&from_template("gdpr-privacy"))
        .await
        .unwrap();
    assert_eq!(gdpr.framework.as_deref(), Some("gdpr"));
    let ropa = space_named(&gdpr, "Record of Processing Activities");
    let requests = space_named(&gdpr, "Data Subject Requests");
    let breaches = space_named(&gdpr, "Personal Data Breach Register");
    let fields = |space: annex_client::domain::work::spaces::Space| {
        space
            .fields
            .iter()
            .map(|f| (f.name.clone(), f.kind))
            .collect::<Vec<_>>()
    };
    use annex_client::domain::work::fields::FieldKind;
    let dsr = fields(admin.get_space(requests).await.unwrap());
    assert!(dsr.contains(&("Received on".into(), FieldKind::Date)));
    let breach = fields(admin.get_space(breaches).await.unwrap());
    for expected in [
        ("Became aware on", FieldKind::Date),
        ("Became aware at", FieldKind::Text),
        ("Notified to supervisory authority on", FieldKind::Date),
    ] {
        assert!(
            breach.contains(&(expected.0.into(), expected.1)),
            "{expected:?}"
        );
    }
    let ropa_fields = fields(admin.get_space(ropa).await.unwrap());
    assert!(ropa_fields.iter().any(|(n, _)| n == "Lawful basis"));
    let overview = admin.cluster_overview(gdpr.id).await.unwrap();
    let dpia = space_named(&gdpr, "DPIA Programme");
    assert_eq!(links_between(&overview, dpia, ropa), 2);
    let ropa_summary = overview.spaces.iter().find(|s| s.space_id == ropa).unwrap();
    assert_eq!((ropa_summary.total, ropa_summary.open), (2, 2));
}

#[tokio::test]
async fn the_overview_counts_what_is_done_through_the_api() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let cluster = admin
        .create_cluster(&CreateCluster {
            template: Some("gdpr-privacy".into()),
            starter_records: false,
            ..CreateCluster::default()
        })
        .await
        .unwrap();
    let requests = space_named(&cluster, "Data Subject Requests");
    let breaches = space_named(&cluster, "Personal Data Breach Register");
    let dpia = space_named(&cluster, "DPIA Programme");
    let empty = admin.cluster_overview(cluster.id).await.unwrap();
    assert!(empty.links.is_empty(), "no starter records, no links");
    let yesterday = Utc::now().date_naive() - Duration::days(1);
    let mut made = Vec::new();
    for (title, due) in [
        ("Access request", Some(yesterday)),
        ("Erasure request", None),
        ("Objection", None),
    ] {
        let item = admin
            .create_item(
                requests,
                &CreateItem {
                    title: title.into(),
                    due,
                    ..CreateItem::default()
                },
            )
            .await
            .unwrap();
        made.push(item);
    }
    let space = admin.get_space(requests).await.unwrap();
    let responded = space
        .statuses
        .iter()
        .find(|s| s.name == "Responded")
        .unwrap()
        .id;
    admin
        .update_item(
            made[1].id,
            made[1].version,
            &UpdateItem {
                status_id: Some(responded),
                ..UpdateItem::default()
            },
        )
        .await
        .unwrap();
    let breach = new_item(&admin, breaches, "Laptop stolen").await;
    admin.link_items(breach.id, made[0].id).await.unwrap();
    admin.link_items(breach.id, made[2].id).await.unwrap();
    // A link inside one space is not a link between spaces.
    admin.link_items(made[0].id, made[1].id).await.unwrap();
    // Progress: finish one activity of the DPIA programme.
    let tree = admin.project_tree(dpia).await.unwrap();
    let activity = tree
        .nodes
        .iter()
        .find(|n| n.kind == ItemKind::Activity)
        .unwrap();
    let item = admin.get_item(activity.id).await.unwrap();
    admin
        .update_item(
            item.id,
            item.version,
            &UpdateItem {
                progress: Some(100.0),
                ..UpdateItem::default()
            },
        )
        .await
        .unwrap();

    let overview = admin.cluster_overview(cluster.id).await.unwrap();
    let summary = |id: Uuid| overview.spaces.iter().find(|s| s.space_id == id).unwrap();
    let dsr = summary(requests);
    assert_eq!(
        (dsr.total, dsr.open, dsr.resolved, dsr.overdue),
        (3, 2, 1, 1)
    );
    assert_eq!(dsr.progress, None, "trackers have no progress");
    assert_eq!(summary(breaches).total, 1);
    let programme = summary(dpia);
    let expected = admin.project_tree(dpia).await.unwrap().progress;
    assert!(programme.progress.unwrap() > 0.0);
    assert!((programme.progress.unwrap() - expected).abs() < 1e-9);
    let activities = tree
        .nodes
        .iter()
        .filter(|n| n.kind == ItemKind::Activity)
        .count() as i64;
    assert_eq!(
        programme.total, activities,
        "a project counts its activities"
    );
    assert_eq!(overview.links.len(), 1, "{:?}", overview.links);
    assert_eq!(links_between(&overview, requests, breaches), 2);
}

#[tokio::test]
async fn existing_spaces_are_grouped_renamed_changed_and_ungrouped() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let mut made = Vec::new();
    for name in ["Supplier audits", "Supplier register"] {
        let space = new_space(&admin, SpaceKind::Tracker, name).await;
        made.push(space);
    }
    let cluster = admin
        .create_cluster(&CreateCluster {
            name: Some("Supply chain".into()),
            description: Some("Suppliers under one roof".into()),
            space_ids: vec![made[1].id, made[0].id],
            ..CreateCluster::default()
        })
        .await
        .unwrap();
    assert_eq!(cluster.template_key, None);
    assert_eq!(cluster.framework, None);
    let order: Vec<Uuid> = cluster.spaces.iter().map(|s| s.space_id).collect();
    assert_eq!(order, [made[1].id, made[0].id], "in the order given");
    assert!(
        admin
            .list_clusters()
            .await
            .unwrap()
            .iter()
            .any(|c| c.id == cluster.id)
    );

    // Rename with If-Match: the current version works once, then it is stale.
    let renamed = admin
        .update_cluster(
            cluster.id,
            cluster.version,
            &UpdateCluster {
                name: "Supply chain security".into(),
                description: "Suppliers".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(renamed.name, "Supply chain security");
    assert_eq!(renamed.version, cluster.version + 1);
    assert_status!(
        admin
            .update_cluster(
                cluster.id,
                cluster.version,
                &UpdateCluster {
                    name: "Lost update".into(),
                    description: String::new(),
                },
            )
            .await,
        412
    );
    for name in ["", "   "] {
        assert_field!(
            admin
                .update_cluster(
                    cluster.id,
                    renamed.version,
                    &UpdateCluster {
                        name: name.into(),
                        description: String::new(),
                    },
                )
                .await,
            "name"
        );
    }

    // Add and remove spaces; adding twice is a conflict, removing what is not there a 404.
    let third = new_space(&admin, SpaceKind::Project, "Supplier onboarding").await;
    let grown = admin.add_cluster_space(cluster.id, third.id).await.unwrap();
    assert_eq!(grown.spaces.last().unwrap().space_id, third.id);
    assert!(grown.version > renamed.version);
    assert_status!(admin.add_cluster_space(cluster.id, third.id).await, 409);
    let shrunk = admin
        .remove_cluster_space(cluster.id, made[1].id)
        .await
        .unwrap();
    let order: Vec<Uuid> = shrunk.spaces.iter().map(|s| s.space_id).collect();
    assert_eq!(order, [made[0].id, third.id]);
    assert!(admin.get_space(made[1].id).await.is_ok(), "the space stays");
    assert_status!(
        admin.remove_cluster_space(cluster.id, made[1].id).await,
        404
    );
    assert_status!(
        admin.add_cluster_space(cluster.id, Uuid::new_v4()).await,
        404
    );

    // Deleting the grouping keeps every space.
    assert_status!(admin.delete_cluster(cluster.id, renamed.version).await, 412);
    admin
        .delete_cluster(cluster.id, shrunk.version)
        .await
        .unwrap();
    assert_status!(admin.get_cluster(cluster.id).await, 404);
    for space in [made[0].id, made[1].id, third.id] {
        assert!(admin.get_space(space).await.is_ok());
    }
    assert_eq!(
        app.sql_count(&format!(
            "SELECT COUNT(*) AS n FROM cluster_spaces WHERE cluster_id = '{}'",
            cluster.id
        )),
        0
    );
}

#[tokio::test]
async fn bad_requests_are_refused_with_422() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let unknown = assert_status!(admin.create_cluster(&from_template("iso-14001")).await, 422);
    assert!(
        unknown.message().contains("cluster-templates"),
        "{unknown:?}"
    );
    let nameless = assert_field!(
        admin.create_cluster(&CreateCluster::default()).await,
        "name"
    );
    assert_eq!(nameless, ["a cluster without a template needs a name"]);
    for name in ["", "  "] {
        assert_field!(
            admin
                .create_cluster(&CreateCluster {
                    name: Some(name.into()),
                    ..CreateCluster::default()
                })
                .await,
            "name"
        );
    }
    let ghost = Uuid::new_v4();
    let refused = assert_field!(
        admin
            .create_cluster(&CreateCluster {
                name: Some("Ghosts".into()),
                space_ids: vec![ghost],
                ..CreateCluster::default()
            })
            .await,
        "space_ids"
    );
    assert_eq!(
        refused,
        [format!("there is no space {ghost} in this organisation")]
    );
    let mine = new_space(&admin, SpaceKind::Tracker, "Listed twice").await;
    assert_field!(
        admin
            .create_cluster(&CreateCluster {
                name: Some("Twice".into()),
                space_ids: vec![mine.id, mine.id],
                ..CreateCluster::default()
            })
            .await,
        "space_ids"
    );

    // Another organisation's space is as unknown as a made-up one, and nothing was made.
    let outsider = app.outsider("Elsewhere Ltd").await;
    let theirs = new_space(&outsider, SpaceKind::Tracker, "Their tracker").await;
    assert_field!(
        admin
            .create_cluster(&CreateCluster {
                template: Some("gdpr-privacy".into()),
                space_ids: vec![theirs.id],
                ..CreateCluster::default()
            })
            .await,
        "space_ids"
    );
    assert!(admin.list_clusters().await.unwrap().is_empty());
    assert!(
        space_ids_by_name(&admin, "Data Subject Requests")
            .await
            .is_empty(),
        "the refused request made no space"
    );
}

#[tokio::test]
async fn viewers_read_but_do_not_change_and_other_organisations_see_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let cluster = admin
        .create_cluster(&from_template("gdpr-privacy"))
        .await
        .unwrap();
    let viewer = app.demo(Role::Viewer).await;
    assert_eq!(viewer.list_clusters().await.unwrap().len(), 1);
    assert_eq!(
        viewer.get_cluster(cluster.id).await.unwrap().name,
        cluster.name
    );
    assert_eq!(
        viewer
            .cluster_overview(cluster.id)
            .await
            .unwrap()
            .spaces
            .len(),
        5,
        "four GDPR registers and the GDPR compliance register"
    );
    assert_status!(
        viewer.create_cluster(&from_template("gdpr-privacy")).await,
        403
    );
    assert_status!(
        viewer
            .update_cluster(
                cluster.id,
                cluster.version,
                &UpdateCluster {
                    name: "Mine".into(),
                    description: String::new(),
                },
            )
            .await,
        403
    );
    assert_status!(
        viewer.delete_cluster(cluster.id, cluster.version).await,
        403
    );
    let contributor = app.demo(Role::Contributor).await;
    assert_status!(
        contributor
            .remove_cluster_space(cluster.id, cluster.spaces[0].space_id)
            .await,
        403
    );
    let editor = app.demo(Role::Editor).await;
    assert!(
        editor
            .create_cluster(&CreateCluster {
                name: Some("Editor's grouping".into()),
                ..CreateCluster::default()
            })
            .await
            .is_ok()
    );

    let outsider = app.outsider("Other Org").await;
    assert!(outsider.list_clusters().await.unwrap().is_empty());
    for status in [
        outsider.get_cluster(cluster.id).await.unwrap_err().status(),
        outsider
            .cluster_overview(cluster.id)
            .await
            .unwrap_err()
            .status(),
        outsider
            .update_cluster(
                cluster.id,
                cluster.version,
                &UpdateCluster {
                    name: "Taken".into(),
                    description: String::new(),
                },
            )
            .await
            .unwrap_err()
            .status(),
        outsider
            .delete_cluster(cluster.id, cluster.version)
            .await
            .unwrap_err()
            .status(),
    ] {
        assert_eq!(status, Some(404));
    }
    assert!(admin.get_cluster(cluster.id).await.is_ok());
}
