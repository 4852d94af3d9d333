//! The Statement of Applicability: the generated ISO 27001 project, SoA data with If-Match and its
//! rules, evidence/risk/action counts and gap views, coverage, bulk changes, exports, and the
//! 2013 → 2022 migration.

use crate::harness::TestApp;
use crate::harness::new_item;
use crate::harness::space_named;
use annex_client::domain::frameworks::mapping::Decision;
use annex_client::domain::frameworks::soa::{
    BulkUpdateSoa, Gap, ImplementationStatus, MigrateSoa, Reason, Soa, SoaEntry, SoaFilter,
    UpdateSoaEntry,
};
use annex_client::domain::work::attachments::{AddDocument, AddNote};
use annex_client::domain::work::exchange::ExchangeFormat;
use annex_client::domain::work::items::UpdateItem;
use annex_client::domain::{PageParams, Role};
use annex_client::{ApiError, Client, Method};
use calamine::{Reader, Xlsx};

async fn soa(client: &Client, filter: SoaFilter) -> Soa {
    client.soa(&filter).await.unwrap()
}

fn control<'a>(soa: &'a Soa, reference: &str) -> &'a SoaEntry {
    soa.data
        .iter()
        .find(|e| e.reference == reference)
        .unwrap_or_else(|| panic!("no control {reference}"))
}

fn gap(gap: Gap) -> SoaFilter {
    SoaFilter {
        gap: Some(gap),
        ..SoaFilter::default()
    }
}

#[tokio::test]
async fn every_organisation_starts_with_the_2022_soa_generated_as_a_project() {
    let app = TestApp::spawn().await;
    let viewer = app.demo(Role::Viewer).await;
    let all = soa(&viewer, SoaFilter::default()).await;
    assert_eq!(all.framework_id, "iso27001-2022");
    assert_eq!(all.data.len(), 93);
    let themes: Vec<(&str, usize)> = ["A.5", "A.6", "A.7", "A.8"]
        .iter()
        .map(|t| (*t, all.data.iter().filter(|e| e.theme == *t).count()))
        .collect();
    assert_eq!(themes, [("A.5", 37), ("A.6", 8), ("A.7", 14), ("A.8", 34)]);
    let first = &all.data[0];
    assert_eq!(
        (
            first.reference.as_str(),
            first.title.as_str(),
            first.theme_title.as_str()
        ),
        (
            "A.5.1",
            "Policies for information security",
            "Organizational controls"
        )
    );
    assert!(all.data.iter().all(|e| e.applicable
        && e.implementation_status == ImplementationStatus::NotStarted
        && !e.implementation_text.is_empty()));

    // Every control is an item of the project, under its theme, with the usual item features.
    let item = viewer.get_item(first.item_id).await.unwrap();
    assert_eq!(item.title, "A.5.1 Policies for information security");
    assert!(item.description.contains("auditor"));
    let tree = viewer.project_tree(all.space_id).await.unwrap();
    let phases: Vec<&str> = tree
        .nodes
        .iter()
        .filter(|n| n.parent_id.is_none())
        .map(|n| n.label.split_once(" - ").unwrap().1)
        .collect();
    assert_eq!(phases.first(), Some(&"4 Context of the organization"));
    assert!(phases.contains(&"A.8 Technological controls"));
    assert_eq!(phases.len(), 11);
    let parent = item.parent_id.unwrap();
    assert_eq!(
        viewer.get_item(parent).await.unwrap().title,
        "A.5 Organizational controls"
    );
    // The entry of one control, with its version as ETag.
    let entry = viewer.soa_entry(first.item_id).await.unwrap();
    assert_eq!(entry.version, item.version);
    // A non-control item is no SoA entry.
    assert_status!(viewer.soa_entry(parent).await, 404);
}

#[tokio::test]
async fn excluding_a_control_needs_a_justification_and_stale_writes_are_refused() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let all = soa(&admin, SoaFilter::default()).await;
    let a714 = control(&all, "A.7.14").clone();

    let refused = assert_status!(
        admin
            .update_soa_entry(
                a714.item_id,
                a714.version,
                &UpdateSoaEntry {
                    applicable: Some(false),
                    ..Default::default()
                },
            )
            .await,
        422
    );
    // The refusal names the field at fault, so the form can mark it.
    assert!(
        matches!(&refused, ApiError::Validation { errors, .. } if errors.contains_key("justification")),
        "{refused:?}"
    );
    let unchanged = admin.soa_entry(a714.item_id).await.unwrap();
    assert!(unchanged.applicable);
    assert_eq!(unchanged.version, a714.version);

    let excluded = admin
        .update_soa_entry(
            a714.item_id,
            a714.version,
            &UpdateSoaEntry {
                applicable: Some(false),
                justification: Some(
                    "We reuse no equipment: all disposal is by a certified contractor.".into(),
                ),
                reasons: Some(vec![Reason::BusinessPractice]),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(!excluded.applicable);
    assert_eq!(
        excluded.implementation_status,
        ImplementationStatus::NotApplicable
    );
    assert_eq!(excluded.version, a714.version + 1);
    assert_eq!(excluded.reasons, [Reason::BusinessPractice]);

    // The old version is stale now.
    assert_status!(
        admin
            .update_soa_entry(
                a714.item_id,
                a714.version,
                &UpdateSoaEntry {
                    implementation_text: Some("lost".into()),
                    ..Default::default()
                },
            )
            .await,
        412
    );
    // An applicable control cannot be "not applicable".
    let a51 = control(&all, "A.5.1");
    assert_status!(
        admin
            .update_soa_entry(
                a51.item_id,
                a51.version,
                &UpdateSoaEntry {
                    implementation_status: Some(ImplementationStatus::NotApplicable),
                    ..Default::default()
                },
            )
            .await,
        422
    );

    // The change is in the item's updates.
    let updates = admin
        .item_updates(a714.item_id, &PageParams::default())
        .await
        .unwrap();
    assert!(
        updates.data.iter().any(|u| u.verb == "soa_updated"),
        "{updates:?}"
    );
    // Excluded controls with a justification are not in the "unjustified" gap.
    assert!(soa(&admin, gap(Gap::Unjustified)).await.data.is_empty());
    let excluded_list = soa(
        &admin,
        SoaFilter {
            applicable: Some(false),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(excluded_list.data.len(), 1);

    // A control is excluded, never archived or deleted: the SoA always lists every control.
    let item = admin.get_item(a51.item_id).await.unwrap();
    assert_status!(
        admin
            .update_item(
                item.id,
                item.version,
                &UpdateItem {
                    archived: Some(true),
                    ..Default::default()
                },
            )
            .await,
        409
    );
    assert_status!(admin.delete_item(item.id, item.version).await, 409);
    assert_eq!(soa(&admin, SoaFilter::default()).await.data.len(), 93);
}

#[tokio::test]
async fn owners_progress_and_review_dates_and_who_may_change_them() {
    let app = TestApp::spawn().await;
    let [admin, contributor, viewer] = app
        .demos([Role::Admin, Role::Contributor, Role::Viewer])
        .await;
    let contributor_id = contributor.me().await.unwrap().user.id;
    let all = soa(&admin, SoaFilter::default()).await;
    let a815 = control(&all, "A.8.15").clone();

    for (client, expected) in [(&viewer, 403), (&contributor, 403)] {
        let err = client
            .update_soa_entry(a815.item_id, a815.version, &UpdateSoaEntry::default())
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(expected));
    }
    let owned = admin
        .update_soa_entry(
            a815.item_id,
            a815.version,
            &UpdateSoaEntry {
                owner_id: Some(Some(contributor_id)),
                progress: Some(40.0),
                last_reviewed: Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 30)),
                implementation_status: Some(ImplementationStatus::Partial),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(owned.owner_id, Some(contributor_id));
    assert_eq!(owned.owner_name.as_deref(), Some("Demo Contributor"));
    assert_eq!(owned.progress, 40.0);
    assert_eq!(owned.implementation_status, ImplementationStatus::Partial);
    // The owner is the item's assignee: the contributor may now update their control, not hand it on.
    let text = contributor
        .update_soa_entry(
            a815.item_id,
            owned.version,
            &UpdateSoaEntry {
                implementation_text: Some("Central log collection for all servers.".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        text.implementation_text,
        "Central log collection for all servers."
    );
    assert_eq!(
        text.last_reviewed,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 30)
    );
    assert_status!(
        contributor
            .update_soa_entry(
                a815.item_id,
                text.version,
                &UpdateSoaEntry {
                    owner_id: Some(None),
                    ..Default::default()
                },
            )
            .await,
        403
    );
    // No-owner gap: applicable controls without an owner.
    assert_eq!(soa(&admin, gap(Gap::NoOwner)).await.data.len(), 92);
}

#[tokio::test]
async fn evidence_risks_and_open_actions_are_counted_and_the_gap_views_follow() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let all = soa(&editor, SoaFilter::default()).await;
    assert_eq!(soa(&editor, gap(Gap::NoEvidence)).await.data.len(), 93);
    let (a51, a52, a812) = (
        control(&all, "A.5.1").clone(),
        control(&all, "A.5.2").clone(),
        control(&all, "A.8.12").clone(),
    );

    // A policy linked to A.5.1 and a document on A.5.2 are evidence.
    let policies = space_named(&editor, "Policies & Procedures").await;
    let policy = new_item(&editor, policies.id, "Information security policy").await;
    editor.link_items(policy.id, a51.item_id).await.unwrap();
    editor
        .add_document(
            a52.item_id,
            &AddDocument {
                title: "Roles and responsibilities matrix".into(),
                url: "https://docs.example/roles".into(),
            },
        )
        .await
        .unwrap();
    let no_evidence = soa(&editor, gap(Gap::NoEvidence)).await;
    assert_eq!(no_evidence.data.len(), 91);
    assert!(
        no_evidence
            .data
            .iter()
            .all(|e| e.reference != "A.5.1" && e.reference != "A.5.2")
    );
    let now = soa(&editor, SoaFilter::default()).await;
    assert_eq!(
        (
            control(&now, "A.5.1").policies,
            control(&now, "A.5.1").documents
        ),
        (1, 0)
    );
    assert_eq!(
        (
            control(&now, "A.5.2").policies,
            control(&now, "A.5.2").documents
        ),
        (0, 1)
    );

    // An open corrective action linked to A.8.12 shows until it is resolved.
    let actions = space_named(&editor, "ISMS Corrective Actions & Improvements").await;
    let action = new_item(&editor, actions.id, "Deploy DLP on mail gateway").await;
    editor.link_items(a812.item_id, action.id).await.unwrap();
    let open = soa(&editor, gap(Gap::OpenActions)).await;
    assert_eq!(
        open.data
            .iter()
            .map(|e| (e.reference.as_str(), e.open_actions))
            .collect::<Vec<_>>(),
        [("A.8.12", 1)]
    );
    let resolved = actions.statuses.iter().find(|s| s.resolved).unwrap();
    editor
        .update_item(
            action.id,
            action.version,
            &UpdateItem {
                status_id: Some(resolved.id),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(soa(&editor, gap(Gap::OpenActions)).await.data.is_empty());

    // A linked risk counts, and makes "risk assessment" a reason for the control.
    let register = space_named(&editor, "Information Asset Inventory").await;
    app.sql_execute(&format!(
        "UPDATE spaces SET template_key = 'risk-register' WHERE id = '{}'",
        register.id
    ))
    .unwrap();
    let risk = new_item(&editor, register.id, "Laptop theft exposes customer data").await;
    editor.link_items(risk.id, a812.item_id).await.unwrap();
    let entry = editor.soa_entry(a812.item_id).await.unwrap();
    assert_eq!(entry.risks, 1);
    assert_eq!(entry.reasons, [Reason::RiskAssessment]);

    // An archived policy is no evidence.
    editor
        .update_item(
            policy.id,
            editor.get_item(policy.id).await.unwrap().version,
            &UpdateItem {
                archived: Some(true),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(editor.soa_entry(a51.item_id).await.unwrap().policies, 0);
}

#[tokio::test]
async fn the_soa_costs_the_same_statements_with_no_links_or_many() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let all = soa(&editor, SoaFilter::default()).await;
    let (_, bare) = app.statements_of(editor.soa(&SoaFilter::default())).await;
    let policies = space_named(&editor, "Policies & Procedures").await;
    for (i, entry) in all.data.iter().take(20).enumerate() {
        let policy = new_item(&editor, policies.id, &format!("Policy {i}")).await;
        editor.link_items(policy.id, entry.item_id).await.unwrap();
        editor
            .add_document(
                entry.item_id,
                &AddDocument {
                    title: format!("Record {i}"),
                    url: format!("https://docs.example/{i}"),
                },
            )
            .await
            .unwrap();
    }
    let (_, linked) = app.statements_of(editor.soa(&SoaFilter::default())).await;
    let (_, gap_view) = app.statements_of(editor.soa(&gap(Gap::NoEvidence))).await;
    assert_eq!(bare, linked, "the SoA read must not grow with its links");
    assert_eq!(bare, gap_view, "a gap view is the same one query");
}

#[tokio::test]
async fn coverage_by_theme_and_bulk_changes_all_or_nothing() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let all = soa(&editor, SoaFilter::default()).await;
    let ids = |refs: &[&str]| -> Vec<uuid::Uuid> {
        refs.iter().map(|r| control(&all, r).item_id).collect()
    };
    let done = editor
        .bulk_update_soa(&BulkUpdateSoa {
            item_ids: ids(&["A.8.1", "A.8.2", "A.8.3"]),
            implementation_status: Some(ImplementationStatus::Implemented),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(done.updated, 3);
    editor
        .bulk_update_soa(&BulkUpdateSoa {
            item_ids: ids(&["A.8.4"]),
            implementation_status: Some(ImplementationStatus::Partial),
            ..Default::default()
        })
        .await
        .unwrap();
    // Excluding in bulk without a justification changes nothing at all.
    assert_status!(
        editor
            .bulk_update_soa(&BulkUpdateSoa {
                item_ids: ids(&["A.8.5", "A.8.6"]),
                applicable: Some(false),
                ..Default::default()
            })
            .await,
        422
    );
    assert!(
        soa(
            &editor,
            SoaFilter {
                applicable: Some(false),
                ..Default::default()
            }
        )
        .await
        .data
        .is_empty()
    );
    editor
        .bulk_update_soa(&BulkUpdateSoa {
            item_ids: ids(&["A.8.5", "A.8.6"]),
            applicable: Some(false),
            justification: Some("Out of scope: no in-house development.".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let coverage = editor.soa_coverage(None).await.unwrap();
    let a8 = coverage.themes.iter().find(|c| c.theme == "A.8").unwrap();
    assert_eq!(
        (
            a8.controls,
            a8.applicable,
            a8.implemented,
            a8.partial,
            a8.not_started
        ),
        (34, 32, 3, 1, 28)
    );
    assert_eq!(a8.implemented_percent, 9.4);
    assert_eq!(coverage.overall.controls, 93);
    assert_eq!(coverage.overall.applicable, 91);
    assert_eq!(coverage.overall.implemented, 3);
    assert_eq!(coverage.overall.implemented_percent, 3.3);
    let by_status = soa(
        &editor,
        SoaFilter {
            theme: Some("A.8".into()),
            status: Some(ImplementationStatus::Implemented),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(by_status.data.len(), 3);
    // A theme the framework lacks is refused; a non-control in a bulk change too.
    assert_status!(
        editor
            .soa(&SoaFilter {
                theme: Some("A.9".into()),
                ..Default::default()
            })
            .await,
        422
    );
    assert_status!(
        editor
            .bulk_update_soa(&BulkUpdateSoa {
                item_ids: vec![all.space_id],
                implementation_status: Some(ImplementationStatus::Partial),
                ..Default::default()
            })
            .await,
        422
    );
    // Viewers do not bulk-change.
    let viewer = app.demo(Role::Viewer).await;
    assert_status!(
        viewer
            .bulk_update_soa(&BulkUpdateSoa {
                item_ids: ids(&["A.8.7"]),
                implementation_status: Some(ImplementationStatus::Partial),
                ..Default::default()
            })
            .await,
        403
    );
}

#[tokio::test]
async fn the_soa_exports_as_csv_and_as_a_printable_workbook() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let all = soa(&editor, SoaFilter::default()).await;
    let a515 = control(&all, "A.5.15").clone();
    let policies = space_named(&editor, "Policies & Procedures").await;
    let policy = new_item(&editor, policies.id, "Access control policy").await;
    editor.link_items(a515.item_id, policy.id).await.unwrap();
    editor
        .update_soa_entry(
            a515.item_id,
            a515.version,
            &UpdateSoaEntry {
                reasons: Some(vec![Reason::Contractual, Reason::LegalRegulatory]),
                ..Default::default()
            },
        )
        .await
        .unwrap();

    let csv = editor.export_soa(ExchangeFormat::Csv, None).await.unwrap();
    let text = String::from_utf8(csv).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header,
        [
            "Control",
            "Title",
            "Theme",
            "Applicable",
            "Reasons",
            "Justification",
            "Implementation status",
            "Owner",
            "Evidence",
            "Related risks",
            "Open actions",
            "Last reviewed"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 93);
    let row = rows.iter().find(|r| &r[0] == "A.5.15").unwrap();
    assert_eq!(&row[1], "Access control");
    assert_eq!(&row[4], "Legal / regulatory; Contractual");
    assert_eq!(
        &row[8],
        format!("{} - Access control policy", policy.number)
    );

    let xlsx = editor.export_soa(ExchangeFormat::Xlsx, None).await.unwrap();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx)).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Summary",
            "A.5 Organizational controls",
            "A.6 People controls",
            "A.7 Physical controls",
            "A.8 Technological controls"
        ]
    );
    let a5 = book.worksheet_range("A.5 Organizational controls").unwrap();
    assert_eq!(a5.height(), 38, "a header row and 37 controls");
    let summary = book.worksheet_range("Summary").unwrap();
    let total = summary
        .rows()
        .find(|r| r.first().map(|c| c.to_string()) == Some("All controls".into()))
        .unwrap();
    assert_eq!(total[1].to_string(), "93");
}

#[tokio::test]
async fn a_2013_soa_migrates_to_2022_through_the_mapping() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    // The organisation's 2022 project is untouched, so the 2013 SoA can move into it.
    let old = admin.adopt_framework("iso27001-2013").await.unwrap();
    assert_eq!(old.data.len(), 114);
    assert_status!(admin.adopt_framework("iso27001-2013").await, 409);
    let old_only = SoaFilter {
        framework: Some("iso27001-2013".into()),
        ..Default::default()
    };
    let mapping = admin.framework_mappings().await.unwrap().remove(0);
    // A 2022 control that merges two 2013 controls.
    let merged_into = mapping
        .pairs
        .iter()
        .map(|p| p.to.as_str())
        .find(|to| mapping.pairs.iter().filter(|p| p.to == *to).count() == 2)
        .unwrap()
        .to_string();
    let sources: Vec<String> = mapping
        .pairs
        .iter()
        .filter(|p| p.to == merged_into)
        .map(|p| p.from.clone())
        .collect();
    let (first, second) = (
        control(&old, &sources[0]).clone(),
        control(&old, &sources[1]).clone(),
    );
    admin
        .update_soa_entry(
            first.item_id,
            first.version,
            &UpdateSoaEntry {
                implementation_status: Some(ImplementationStatus::Implemented),
                implementation_text: Some("We do the first part.".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    admin
        .add_note(
            second.item_id,
            &AddNote::new("Reviewed with the auditor in 2025."),
        )
        .await
        .unwrap();
    let policies = space_named(&admin, "Policies & Procedures").await;
    let policy = new_item(&admin, policies.id, "Access policy").await;
    admin.link_items(second.item_id, policy.id).await.unwrap();
    // One 2013 control excluded with a reason; it maps to exactly one 2022 control alone.
    let lone = mapping
        .pairs
        .iter()
        .find(|p| {
            mapping.pairs.iter().filter(|q| q.to == p.to).count() == 1
                && mapping.pairs.iter().filter(|q| q.from == p.from).count() == 1
        })
        .unwrap()
        .clone();
    let excluded = control(&old, &lone.from).clone();
    admin
        .update_soa_entry(
            excluded.item_id,
            excluded.version,
            &UpdateSoaEntry {
                applicable: Some(false),
                justification: Some("Not relevant to a fully remote company.".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();

    let dry = admin
        .migrate_soa(&MigrateSoa {
            from: "iso27001-2013".into(),
            to: "iso27001-2022".into(),
            dry_run: true,
        })
        .await
        .unwrap();
    assert!(dry.dry_run && dry.space_id.is_none());
    assert_eq!(dry.controls.len(), 93);
    let new_controls: Vec<&str> = dry
        .controls
        .iter()
        .filter(|c| c.decision == Some(Decision::NewControl))
        .map(|c| c.reference.as_str())
        .collect();
    assert_eq!(new_controls.len(), 11);
    assert!(new_controls.contains(&"A.5.7") && new_controls.contains(&"A.8.28"));
    let merged = dry
        .controls
        .iter()
        .find(|c| c.reference == merged_into)
        .unwrap();
    assert_eq!(merged.decision, Some(Decision::MergedDisagree));
    assert_eq!((merged.notes_copied, merged.links_copied), (1, 1));
    assert_eq!(
        soa(&admin, old_only.clone()).await.data.len(),
        114,
        "a dry run writes nothing"
    );

    let report = admin
        .migrate_soa(&MigrateSoa {
            from: "iso27001-2013".into(),
            to: "iso27001-2022".into(),
            dry_run: false,
        })
        .await
        .unwrap();
    assert_eq!(report.decisions_needed, dry.decisions_needed);
    let now = soa(&admin, SoaFilter::default()).await;
    assert_eq!(Some(now.space_id), report.space_id);
    let carried = control(&now, &merged_into);
    // The merge keeps the least advanced status and both texts under their old references.
    assert_eq!(
        carried.implementation_status,
        ImplementationStatus::NotStarted
    );
    assert!(
        carried
            .implementation_text
            .contains(&format!("{}: We do the first part.", sources[0]))
    );
    assert_eq!(carried.policies, 1);
    let notes = admin.list_notes(carried.item_id).await.unwrap();
    assert_eq!(notes[0].body, "Reviewed with the auditor in 2025.");
    let lone_now = control(&now, &lone.to);
    assert!(!lone_now.applicable);
    assert_eq!(
        lone_now.justification,
        "Not relevant to a fully remote company."
    );
    // The 2013 project is archived: its SoA is gone from reads, and a second migration has nothing to move.
    assert_status!(admin.soa(&old_only).await, 404);
    assert_status!(
        admin
            .migrate_soa(&MigrateSoa {
                from: "iso27001-2013".into(),
                to: "iso27001-2022".into(),
                dry_run: false,
            })
            .await,
        422
    );
}

#[tokio::test]
async fn migrating_into_a_2022_project_with_work_in_it_is_refused() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let current = soa(&admin, SoaFilter::default()).await;
    let a51 = control(&current, "A.5.1");
    admin
        .add_note(a51.item_id, &AddNote::new("Started already."))
        .await
        .unwrap();
    admin.adopt_framework("iso27001-2013").await.unwrap();
    assert_status!(
        admin
            .migrate_soa(&MigrateSoa {
                from: "iso27001-2013".into(),
                to: "iso27001-2022".into(),
                dry_run: false,
            })
            .await,
        409
    );
    assert_status!(
        admin
            .migrate_soa(&MigrateSoa {
                from: "iso27001-2022".into(),
                to: "iso27001-2013".into(),
                dry_run: true,
            })
            .await,
        422
    );
    // Adopting needs the right to manage spaces, and a framework with an SoA.
    let editor = app.demo(Role::Contributor).await;
    assert_status!(editor.adopt_framework("iso27001-2013").await, 403);
    assert_eq!(
        admin
            .adopt_framework("nist-csf")
            .await
            .unwrap_err()
            .status(),
        Some(422),
        "no framework of that id (the GDPR has a compliance register now)"
    );
}

#[tokio::test]
async fn another_organisations_controls_are_not_found() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let mine = soa(&admin, SoaFilter::default()).await;
    let rival = app.outsider("Rival Ltd").await;
    let theirs = soa(&rival, SoaFilter::default()).await;
    assert_ne!(mine.space_id, theirs.space_id);
    let entry = &mine.data[0];
    assert_status!(rival.soa_entry(entry.item_id).await, 404);
    assert_status!(
        rival
            .update_soa_entry(entry.item_id, entry.version, &UpdateSoaEntry::default())
            .await,
        404
    );
}

/// Checks a document against the OSCAL 1.1.2 schema vendored with the domain crate, keeping only
/// the branch of `model` so that each error names its place.
fn assert_valid_oscal(model: &str, document: &serde_json::Value) {
    let text = include_str!("../../crates/domain/tests/oscal/oscal_complete_schema_1.1.2.json");
    let mut schema: serde_json::Value = serde_json::from_str(text).unwrap();
    let root = schema.as_object_mut().unwrap();
    let branches = root.remove("oneOf").unwrap();
    let branch = branches
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["required"][0] == model)
        .unwrap();
    for (key, value) in branch.as_object().unwrap() {
        root.insert(key.clone(), value.clone());
    }
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let errors: Vec<String> = validator
        .iter_errors(document)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .take(20)
        .collect();
    assert!(errors.is_empty(), "not valid OSCAL:\n{}", errors.join("\n"));
}

/// An OSCAL download: the file name its `Content-Disposition` gives, and the document.
async fn oscal_download(client: &Client, path: &str) -> (String, serde_json::Value) {
    let response = client.raw(Method::GET, path, None, &[]).await.unwrap();
    assert_eq!(response.status, 200, "{path}: {}", response.body);
    assert!(
        response
            .header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    let disposition = response.header("content-disposition").unwrap();
    let file_name = disposition
        .strip_prefix("attachment; filename=\"")
        .and_then(|rest| rest.strip_suffix('"'))
        .unwrap_or_else(|| panic!("{path}: not an attachment with a file name: {disposition}"));
    (file_name.to_owned(), response.json().unwrap())
}

#[tokio::test]
async fn the_soa_and_its_framework_export_as_valid_oscal() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let all = soa(&editor, SoaFilter::default()).await;
    let (a51, a714) = (
        control(&all, "A.5.1").clone(),
        control(&all, "A.7.14").clone(),
    );
    let policies = space_named(&editor, "Policies & Procedures").await;
    let policy = new_item(&editor, policies.id, "Information security policy").await;
    editor.link_items(policy.id, a51.item_id).await.unwrap();
    editor
        .add_document(
            a51.item_id,
            &AddDocument {
                title: "Board approval minutes".into(),
                url: "https://docs.example/minutes/2026-11".into(),
            },
        )
        .await
        .unwrap();
    let me = editor.me().await.unwrap().user.id;
    editor
        .update_soa_entry(
            a51.item_id,
            a51.version,
            &UpdateSoaEntry {
                owner_id: Some(Some(me)),
                implementation_status: Some(ImplementationStatus::Implemented),
                implementation_text: Some("Our policy is approved by the board every year.".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    editor
        .update_soa_entry(
            a714.item_id,
            a714.version,
            &UpdateSoaEntry {
                applicable: Some(false),
                justification: Some("No equipment is reused.".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();

    let (catalog_file, catalog) =
        oscal_download(&editor, "/api/v1/frameworks/iso27001-2022/oscal").await;
    assert_valid_oscal("catalog", &catalog);
    assert_eq!(catalog_file, "iso27001-2022-catalog.json");
    let (profile_file, profile) =
        oscal_download(&editor, "/api/v1/frameworks/iso27001-2022/oscal/profile").await;
    assert_valid_oscal("profile", &profile);
    assert_eq!(profile_file, "iso27001-2022-profile.json");
    let (plan_file, plan) = oscal_download(&editor, "/api/v1/soa/oscal").await;
    assert_valid_oscal("system-security-plan", &plan);
    assert_eq!(plan_file, "iso27001-2022-ssp.json");
    // The typed client reads the same documents.
    assert_eq!(
        editor.framework_oscal("iso27001-2022").await.unwrap(),
        catalog
    );
    assert_eq!(
        editor
            .framework_oscal_profile("iso27001-2022")
            .await
            .unwrap(),
        profile
    );

    // Saved under their download names in one folder, the documents resolve without the API's
    // token: the plan imports the profile, which imports every control of the catalog.
    let imports = profile["profile"]["imports"].as_array().unwrap();
    assert_eq!(imports.len(), 1);
    assert_eq!(imports[0]["href"], catalog_file.as_str());
    assert_eq!(imports[0]["include-all"], serde_json::json!({}));
    assert_eq!(
        plan["system-security-plan"]["import-profile"]["href"],
        profile_file.as_str()
    );
    let ssp = &plan["system-security-plan"];
    let requirements = ssp["control-implementation"]["implemented-requirements"]
        .as_array()
        .unwrap();
    assert_eq!(
        requirements.len(),
        92,
        "every applicable control, not the excluded one"
    );
    assert!(requirements.iter().all(|r| r["control-id"] != "a.7.14"));
    let a51_plan = requirements
        .iter()
        .find(|r| r["control-id"] == "a.5.1")
        .unwrap();
    assert_eq!(
        a51_plan["by-components"][0]["implementation-status"]["state"],
        "implemented"
    );
    let resources = ssp["back-matter"]["resources"].as_array().unwrap();
    assert_eq!(resources.len(), 2);
    assert!(
        resources
            .iter()
            .any(|r| r["rlinks"][0]["href"] == "https://docs.example/minutes/2026-11")
    );
    // The same SoA exports to the same uuids.
    let again = editor.soa_oscal(None).await.unwrap();
    assert_eq!(again["system-security-plan"]["uuid"], ssp["uuid"]);

    // A framework without an SoA still has a catalog and a profile; an unknown one is not found.
    let (gdpr_catalog_file, gdpr_catalog) =
        oscal_download(&editor, "/api/v1/frameworks/gdpr/oscal").await;
    assert_valid_oscal("catalog", &gdpr_catalog);
    let (gdpr_profile_file, gdpr_profile) =
        oscal_download(&editor, "/api/v1/frameworks/gdpr/oscal/profile").await;
    assert_valid_oscal("profile", &gdpr_profile);
    assert_eq!(
        (gdpr_catalog_file.as_str(), gdpr_profile_file.as_str()),
        ("gdpr-catalog.json", "gdpr-profile.json")
    );
    assert_eq!(
        gdpr_profile["profile"]["imports"][0]["href"],
        "gdpr-catalog.json"
    );
    assert_ne!(gdpr_profile["profile"]["uuid"], profile["profile"]["uuid"]);
    assert_status!(editor.framework_oscal("nope").await, 404);
    assert_status!(editor.framework_oscal_profile("nope").await, 404);

    // Reading the profile needs a session, like the catalog.
    assert_status!(
        app.anonymous()
            .framework_oscal_profile("iso27001-2022")
            .await,
        401
    );
}
