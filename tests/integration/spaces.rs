//! Spaces: projects and trackers with their status workflow and custom fields.

use crate::harness::TestApp;
use crate::harness::new_space;
use annex_client::ApiError;
use annex_client::domain::events::EventFilter;
use annex_client::domain::work::Colour;
use annex_client::domain::work::fields::{FieldDefinition, FieldKind, SelectOption};
use annex_client::domain::work::spaces::{
    CreateSpace, SpaceFilter, SpaceKind, SpaceSettings, UpdateSpace,
};
use annex_client::domain::work::workflow::Status;
use annex_client::domain::{PageParams, Role};
use uuid::Uuid;

fn tracker(name: &str) -> CreateSpace {
    CreateSpace {
        kind: SpaceKind::Tracker,
        name: name.into(),
        description: "Corrective actions".into(),
        owner_id: None,
        template: None,
    }
}

fn colour(hex: &str) -> Colour {
    Colour::parse(hex).unwrap()
}

#[tokio::test]
async fn an_editor_creates_a_tracker_with_the_default_workflow_and_everyone_reads_it() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let space = editor
        .create_space(&tracker("Corrective Actions"))
        .await
        .unwrap();
    assert_eq!(space.kind, SpaceKind::Tracker);
    assert_eq!(
        space
            .statuses
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>(),
        ["To-do", "In progress", "Done"]
    );
    assert!(space.fields.is_empty());
    for role in Role::ALL {
        let got = app.demo(role).await.get_space(space.id).await.unwrap();
        assert_eq!(got.name, "Corrective Actions", "{role}");
    }
    for role in [Role::Contributor, Role::Viewer, Role::Auditor] {
        let err = app
            .demo(role)
            .await
            .create_space(&tracker("Nope"))
            .await
            .unwrap_err();
        assert!(matches!(err, ApiError::Forbidden(_)), "{role}: {err:?}");
    }
    assert_err!(
        editor.create_space(&tracker("Corrective Actions")).await,
        Conflict
    );
}

#[tokio::test]
async fn settings_rename_statuses_and_options_without_changing_their_ids() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let space = admin.create_space(&tracker("Incidents")).await.unwrap();
    let severity = FieldDefinition {
        id: Uuid::new_v4(),
        name: "Severity".into(),
        kind: FieldKind::Select,
        options: ["Low", "High"]
            .iter()
            .map(|label| SelectOption {
                id: Uuid::new_v4(),
                label: (*label).into(),
                colour: colour("#ff9800"),
            })
            .collect(),
        required: false,
    };
    let reported = FieldDefinition {
        id: Uuid::new_v4(),
        name: "Reported on".into(),
        kind: FieldKind::Date,
        options: vec![],
        required: true,
    };
    let mut statuses = space.statuses.clone();
    statuses.insert(
        2,
        Status {
            id: Uuid::new_v4(),
            name: "Awaiting review".into(),
            colour: colour("#8e24aa"),
            resolved: false,
        },
    );
    let settings = SpaceSettings {
        statuses,
        fields: vec![severity.clone(), reported.clone()],
        confirm_value_loss: false,
    };
    let saved = admin
        .replace_space_settings(space.id, space.version, &settings)
        .await
        .unwrap();
    assert_eq!(saved.version, space.version + 1);
    assert_eq!(saved.statuses.len(), 4);
    assert_eq!(saved.statuses[2].name, "Awaiting review");
    assert_eq!(saved.fields, vec![severity.clone(), reported.clone()]);

    // Rename a status and an option: the ids stay.
    let mut renamed = settings.clone();
    renamed.statuses[1].name = "Investigating".into();
    renamed.fields[0].options[1].label = "Critical".into();
    let saved2 = admin
        .replace_space_settings(space.id, saved.version, &renamed)
        .await
        .unwrap();
    assert_eq!(saved2.statuses[1].id, saved.statuses[1].id);
    assert_eq!(saved2.statuses[1].name, "Investigating");
    assert_eq!(saved2.fields[0].options[1].id, severity.options[1].id);
    assert_eq!(saved2.fields[0].options[1].label, "Critical");

    // A stale version is refused and nothing changes.
    let stale = admin
        .replace_space_settings(space.id, saved.version, &settings)
        .await
        .unwrap_err();
    assert!(
        matches!(stale, ApiError::PreconditionFailed { current_version: Some(v), .. } if v == saved2.version),
        "{stale:?}"
    );

    let trail = admin
        .audit_trail(
            &EventFilter {
                subject_id: Some(space.id),
                ..Default::default()
            },
            &PageParams::default(),
        )
        .await
        .unwrap();
    assert_eq!(
        trail
            .data
            .iter()
            .map(|e| e.verb.as_str())
            .collect::<Vec<_>>(),
        ["settings_changed", "settings_changed", "created"]
    );
}

#[tokio::test]
async fn invalid_workflows_and_fields_are_refused_with_the_reason() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let space = admin.create_space(&tracker("Changes")).await.unwrap();
    let without_todo = SpaceSettings {
        statuses: space.statuses[1..].to_vec(),
        fields: vec![],
        confirm_value_loss: false,
    };
    let err = assert_status!(
        admin
            .replace_space_settings(space.id, space.version, &without_todo)
            .await,
        422
    );
    assert!(err.message().contains("To-do"), "{}", err.message());

    let empty_select = FieldDefinition {
        id: Uuid::new_v4(),
        name: "Risk".into(),
        kind: FieldKind::Select,
        options: vec![],
        required: false,
    };
    let bad_fields = SpaceSettings {
        statuses: space.statuses.clone(),
        fields: vec![empty_select],
        confirm_value_loss: false,
    };
    let err = assert_status!(
        admin
            .replace_space_settings(space.id, space.version, &bad_fields)
            .await,
        422
    );
    assert!(
        err.message().contains("at least one option"),
        "{}",
        err.message()
    );
    assert_eq!(
        admin.get_space(space.id).await.unwrap().version,
        space.version,
        "nothing was saved"
    );

    let bad_colour = serde_json::json!({ "statuses": [{ "id": Uuid::new_v4(), "name": "To-do", "colour": "blue", "resolved": false }], "fields": [] });
    let raw = admin
        .raw(
            annex_client::Method::PUT,
            &format!("/api/v1/spaces/{}/settings", space.id),
            Some(&bad_colour),
            &[("If-Match", "\"1\"")],
        )
        .await
        .unwrap();
    assert_eq!(raw.status, 422, "{}", raw.body);
}

#[tokio::test]
async fn archived_spaces_leave_the_list_until_asked_for_and_can_be_restored() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    // The organisation starts with its ISMS set.
    let ids = |page: annex_client::domain::Page<annex_client::domain::work::spaces::Space>| {
        page.data.iter().map(|s| s.id).collect::<Vec<_>>()
    };
    let isms_set = ids(editor
        .list_spaces(&SpaceFilter::default(), &PageParams::default())
        .await
        .unwrap());
    let project = new_space(&editor, SpaceKind::Project, "ISO 27001 Project").await;
    let rfc = editor
        .create_space(&tracker("Requests for change"))
        .await
        .unwrap();
    let archived = editor
        .update_space(
            rfc.id,
            rfc.version,
            &UpdateSpace {
                archived: Some(true),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(archived.archived_at.is_some());
    let live = editor
        .list_spaces(&SpaceFilter::default(), &PageParams::default())
        .await
        .unwrap();
    let live = ids(live);
    assert!(live.contains(&project.id) && !live.contains(&rfc.id));
    assert_eq!(live.len(), isms_set.len() + 1);
    let all = editor
        .list_spaces(
            &SpaceFilter {
                archived: Some(true),
                ..Default::default()
            },
            &PageParams::default(),
        )
        .await
        .unwrap();
    assert_eq!(all.total as usize, isms_set.len() + 2);
    let projects = editor
        .list_spaces(
            &SpaceFilter {
                kind: Some(SpaceKind::Project),
                archived: Some(true),
            },
            &PageParams::default(),
        )
        .await
        .unwrap();
    assert!(projects.data.iter().all(|s| s.kind == SpaceKind::Project));
    assert!(projects.data.iter().any(|s| s.id == project.id));
    let restored = editor
        .update_space(
            rfc.id,
            archived.version,
            &UpdateSpace {
                archived: Some(false),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(restored.archived_at.is_none());
}

#[tokio::test]
async fn owners_must_be_members_and_other_organisations_see_nothing() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let other = app.outsider("Other Org").await;
    let outsider = other.me().await.unwrap().user.id;

    let mut req = tracker("Assets");
    req.owner_id = Some(outsider);
    assert_status!(editor.create_space(&req).await, 422);

    req.owner_id = Some(editor.me().await.unwrap().user.id);
    let space = editor.create_space(&req).await.unwrap();
    assert_eq!(space.owner_id, req.owner_id);
    let cleared = editor
        .update_space(
            space.id,
            space.version,
            &UpdateSpace {
                owner_id: Some(None),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(cleared.owner_id, None);

    assert_err!(other.get_space(space.id).await, NotFound);
    assert_err!(
        other
            .update_space(space.id, cleared.version, &UpdateSpace::default())
            .await,
        NotFound
    );
    // The other organisation lists only its own ISMS set and ISO 27001 project.
    let theirs = other
        .list_spaces(&SpaceFilter::default(), &PageParams::default())
        .await
        .unwrap();
    assert!(theirs.data.iter().all(|s| s.id != space.id));
    assert_eq!(theirs.total, 12);
}

#[tokio::test]
async fn only_an_empty_space_can_be_deleted_by_an_admin_and_it_is_recorded() {
    let app = TestApp::spawn().await;
    let [admin, editor] = app.demos([Role::Admin, Role::Editor]).await;
    let make = |name: &str| CreateSpace {
        kind: SpaceKind::Tracker,
        name: name.into(),
        description: String::new(),
        owner_id: None,
        template: None,
    };
    let empty = admin
        .create_space(&make("Created by mistake"))
        .await
        .unwrap();
    let full = admin.create_space(&make("In use")).await.unwrap();
    admin
        .create_item(
            full.id,
            &annex_client::domain::work::items::CreateItem {
                title: "Keep me".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_status!(editor.delete_space(empty.id, empty.version).await, 403);
    assert_status!(admin.delete_space(empty.id, empty.version + 1).await, 412);
    let err = assert_status!(admin.delete_space(full.id, full.version).await, 409);
    assert!(err.message().contains("archive"), "{}", err.message());
    let outsider = app.outsider("Another Org").await;
    assert_status!(outsider.delete_space(empty.id, empty.version).await, 404);

    admin.delete_space(empty.id, empty.version).await.unwrap();
    assert_status!(admin.get_space(empty.id).await, 404);
    assert!(admin.get_space(full.id).await.is_ok());
    let trail = admin
        .audit_trail(
            &EventFilter {
                subject_id: Some(empty.id),
                ..Default::default()
            },
            &PageParams::default(),
        )
        .await
        .unwrap();
    assert_eq!(trail.data[0].verb, "deleted");
    // Its name is free again.
    admin
        .create_space(&make("Created by mistake"))
        .await
        .unwrap();
}
