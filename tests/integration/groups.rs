//! Groups: create, rename, members, delete, names unique per organisation, every change versioned.

use crate::harness::TestApp;
use crate::harness::{id_of, new_group};
use annex_client::ApiError;
use annex_client::domain::access::groups::{CreateGroup, UpdateGroup};
use annex_client::domain::access::users::MemberFilter;
use annex_client::domain::{PageParams, Role};

#[tokio::test]
async fn admin_builds_a_group_and_its_membership() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let group = admin
        .create_group(&CreateGroup {
            name: "ISMS Board".into(),
            description: "Meets monthly".into(),
        })
        .await
        .unwrap();
    assert_eq!((group.member_count, group.version), (0, 1));
    let members = admin
        .list_members(&MemberFilter::default(), &PageParams::default())
        .await
        .unwrap();
    let (a, b) = (members.data[0].id, members.data[1].id);

    let group = admin
        .add_group_member(group.id, a, group.version)
        .await
        .unwrap();
    let group = admin
        .add_group_member(group.id, b, group.version)
        .await
        .unwrap();
    assert_eq!((group.member_count, group.version), (2, 3));
    assert_err!(
        admin.add_group_member(group.id, a, group.version).await,
        Conflict
    );

    let detail = admin.get_group(group.id).await.unwrap();
    assert_eq!(detail.members.len(), 2);
    let group = admin
        .remove_group_member(group.id, a, group.version)
        .await
        .unwrap();
    assert_eq!(group.member_count, 1);

    let renamed = admin
        .update_group(
            group.id,
            group.version,
            &UpdateGroup {
                name: Some("Board".into()),
                description: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (renamed.name.as_str(), renamed.description.as_str()),
        ("Board", "Meets monthly")
    );

    let listed = app
        .demo(Role::Viewer)
        .await
        .list_groups(&PageParams::default())
        .await
        .unwrap();
    assert_eq!(listed.total, 1);
    assert_eq!(listed.data[0].member_count, 1);

    let stale = admin
        .delete_group(group.id, group.version)
        .await
        .unwrap_err();
    assert!(
        matches!(stale, ApiError::PreconditionFailed { .. }),
        "{stale:?}"
    );
    admin
        .delete_group(renamed.id, renamed.version)
        .await
        .unwrap();
    assert_err!(admin.get_group(renamed.id).await, NotFound);
    // The people stay members of the organisation.
    assert_eq!(app.sql_count("SELECT COUNT(*) AS n FROM memberships"), 6);
}

#[tokio::test]
async fn group_names_are_unique_per_organisation_only() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let req = CreateGroup {
        name: "Auditors".into(),
        description: String::new(),
    };
    admin.create_group(&req).await.unwrap();
    assert_err!(admin.create_group(&req).await, Conflict);
    // A failed write records nothing: exactly one `created` event for groups.
    assert_eq!(
        app.sql_count(
            "SELECT COUNT(*) AS n FROM events WHERE subject_kind = 'group' AND verb = 'created'"
        ),
        1
    );
    let other = app.outsider("Other Org").await;
    assert!(other.create_group(&req).await.is_ok());
}

#[tokio::test]
async fn people_of_another_organisation_cannot_join_a_group() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let group = new_group(&admin, "Team").await;
    let outsider = id_of(&app.outsider("Other Org").await).await;
    assert_err!(
        admin
            .add_group_member(group.id, outsider, group.version)
            .await,
        NotFound
    );
}
