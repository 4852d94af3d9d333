//! Policy packs: a draft with documents and an audience, publishing versions that ask (and
//! notify) the audience, reading and accepting, progress per pack and per person, history by
//! version, the CSV of who has and has not, the nudge, and who may do what.

use crate::harness::TestApp;
use crate::harness::{id_of, new_group, new_item};
use annex_client::Client;
use annex_client::domain::Role;
use annex_client::domain::events::notifications::NotificationFilter;
use annex_client::domain::packs::policy_packs::{
    Audience, CreatePack, PackDocumentInput, PackState, PeopleFilter, UpdatePack,
};
use annex_client::domain::work::exchange::ExchangeFormat;
use annex_client::domain::work::spaces::SpaceFilter;
use annex_client::domain::{PageParams, Role as R};
use uuid::Uuid;

async fn policy_item(editor: &Client, title: &str) -> Uuid {
    let spaces = editor
        .list_spaces(&SpaceFilter::default(), &PageParams::default())
        .await
        .unwrap();
    let space = spaces
        .data
        .iter()
        .find(|s| s.name == "Policies & Procedures")
        .unwrap();
    new_item(editor, space.id, title).await.id
}

#[tokio::test]
async fn a_published_pack_is_read_and_accepted_version_by_version() {
    let app = TestApp::spawn().await;
    let [editor, contributor, viewer, admin] = app
        .demos([Role::Editor, Role::Contributor, Role::Viewer, Role::Admin])
        .await;
    let policy = policy_item(&editor, "Mobile Device Policy").await;

    // A draft: one policy item (its title is used) and one web document; two people asked.
    let (c, v) = (id_of(&contributor).await, id_of(&viewer).await);
    let draft = editor
        .create_policy_pack(&CreatePack {
            name: "Mobile working".into(),
            description: "Read before you take a laptop home.".into(),
            documents: vec![
                PackDocumentInput {
                    item_id: Some(policy),
                    ..PackDocumentInput::default()
                },
                PackDocumentInput {
                    title: "Travel checklist".into(),
                    url: Some("https://intranet.example/travel.pdf".into()),
                    ..PackDocumentInput::default()
                },
            ],
            audience: Audience {
                everyone: false,
                users: vec![c, v],
                groups: vec![],
            },
        })
        .await
        .unwrap();
    assert_eq!(draft.state, PackState::Draft);
    assert_eq!(draft.documents[0].title, "Mobile Device Policy");
    assert!(contributor.my_policy_packs().await.unwrap().is_empty());

    // Publishing asks them, and tells them.
    let pack = editor
        .publish_policy_pack(draft.item_id, draft.row_version)
        .await
        .unwrap();
    assert_eq!((pack.state, pack.version), (PackState::Published, 1));
    assert_eq!(pack.progress.audience, 2);
    let told = contributor
        .notifications(&NotificationFilter::default(), &PageParams::default())
        .await
        .unwrap();
    assert!(
        told.data
            .iter()
            .any(|n| n.item_id == pack.item_id && n.text.contains("read and accept")),
        "{told:?}"
    );

    // Accepting needs every document read.
    let mine = contributor.my_policy_packs().await.unwrap();
    assert_eq!(mine.len(), 1);
    assert!(mine[0].outstanding);
    assert!(
        mine[0]
            .statement
            .starts_with("I have read, understood and undertake")
    );
    // Unread documents are the state of the pack, not a field of the request: a rule.
    let unread = assert_status!(contributor.accept_policy_pack(pack.item_id).await, 422);
    assert_eq!(
        unread.problem().unwrap().code,
        "rule_violated",
        "{unread:?}"
    );
    for doc in &mine[0].documents {
        contributor
            .mark_policy_document_read(pack.item_id, doc.document.id)
            .await
            .unwrap();
    }
    assert_field!(
        contributor
            .mark_policy_document_read(pack.item_id, Uuid::new_v4())
            .await,
        "document_id"
    );
    let accepted = contributor.accept_policy_pack(pack.item_id).await.unwrap();
    assert!(accepted.accepted_at.is_some() && !accepted.outstanding);
    viewer
        .mark_policy_document_read(pack.item_id, mine[0].documents[0].document.id)
        .await
        .unwrap();

    // Progress per pack and per person.
    let pack = editor.policy_pack(pack.item_id).await.unwrap();
    assert_eq!(
        (pack.progress.read, pack.progress.accepted),
        (1, 1),
        "{:?}",
        pack.progress
    );
    assert_eq!(pack.progress.accepted_percent, 50.0);
    let people = editor
        .policy_pack_people(pack.item_id, &PeopleFilter::default())
        .await
        .unwrap();
    let of = |id| people.iter().find(|p| p.user_id == id).unwrap();
    assert_eq!((of(c).read, of(c).progress), (2, 100.0));
    assert_eq!((of(v).read, of(v).progress), (1, 33.3));
    assert!(of(v).accepted_at.is_none() && of(v).last_read_at.is_some());
    let outstanding = editor
        .policy_pack_people(
            pack.item_id,
            &PeopleFilter {
                outstanding: Some(true),
                ..PeopleFilter::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        outstanding.iter().map(|p| p.user_id).collect::<Vec<_>>(),
        [v]
    );
    let csv = editor
        .export_policy_pack_people(pack.item_id, ExchangeFormat::Csv, &PeopleFilter::default())
        .await
        .unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.contains("Name,Email,Documents,Read,Progress %,Last read,Accepted"));
    assert_eq!(csv.lines().count(), 3);

    // The nudge reaches only who has not accepted.
    let nudged = editor.nudge_policy_pack(pack.item_id).await.unwrap();
    assert_eq!(nudged.notified, 1);

    // A new version asks again; the first version's answers stay in the history.
    let pack = editor
        .update_policy_pack(
            pack.item_id,
            pack.row_version,
            &UpdatePack {
                documents: Some(vec![PackDocumentInput {
                    id: Some(pack.documents[0].id),
                    item_id: Some(policy),
                    ..PackDocumentInput::default()
                }]),
                audience: None,
            },
        )
        .await
        .unwrap();
    assert!(pack.unpublished_changes);
    assert_status!(
        editor
            .publish_policy_pack(pack.item_id, pack.row_version - 1)
            .await,
        412
    );
    let pack = editor
        .publish_policy_pack(pack.item_id, pack.row_version)
        .await
        .unwrap();
    assert_eq!(pack.version, 2);
    assert_eq!(pack.progress.accepted, 0);
    let again = contributor.my_policy_packs().await.unwrap();
    assert!(again[0].outstanding && again[0].documents.len() == 1);
    let history = editor.policy_pack_history(pack.item_id).await.unwrap();
    assert_eq!(
        history
            .iter()
            .map(|h| (h.version, h.accepted))
            .collect::<Vec<_>>(),
        [(2, 0), (1, 1)]
    );
    let first = editor
        .policy_pack_people(
            pack.item_id,
            &PeopleFilter {
                version: Some(1),
                ..PeopleFilter::default()
            },
        )
        .await
        .unwrap();
    assert!(
        first
            .iter()
            .any(|p| p.user_id == c && p.accepted_at.is_some())
    );
    let refused = assert_field!(
        editor
            .policy_pack_people(
                pack.item_id,
                &PeopleFilter {
                    version: Some(3),
                    ..PeopleFilter::default()
                },
            )
            .await,
        "version"
    );
    assert_eq!(refused, ["the pack has no published version 3"]);

    // Only editors and admins prepare and follow packs; everyone reads their own.
    for err in [
        contributor
            .publish_policy_pack(pack.item_id, pack.row_version)
            .await
            .unwrap_err(),
        viewer
            .policy_pack_people(pack.item_id, &PeopleFilter::default())
            .await
            .unwrap_err(),
        viewer.nudge_policy_pack(pack.item_id).await.unwrap_err(),
    ] {
        assert_eq!(err.status(), Some(403), "{err:?}");
    }
    // Someone not asked cannot read or accept it.
    assert_status!(admin.accept_policy_pack(pack.item_id).await, 404);

    // Retired: nobody is asked any more.
    let retired = editor
        .retire_policy_pack(pack.item_id, pack.row_version)
        .await
        .unwrap();
    assert_eq!(retired.state, PackState::Retired);
    assert!(contributor.my_policy_packs().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_group_audience_includes_whoever_joins_the_group_later() {
    let app = TestApp::spawn().await;
    let [admin, editor, viewer] = app.demos([Role::Admin, Role::Editor, Role::Viewer]).await;
    let group = new_group(&admin, "Field engineers").await;
    let pack = editor
        .create_policy_pack(&CreatePack {
            name: "Site safety".into(),
            description: String::new(),
            documents: vec![PackDocumentInput {
                title: "Site rules".into(),
                url: Some("https://intranet.example/site.pdf".into()),
                ..PackDocumentInput::default()
            }],
            audience: Audience {
                everyone: false,
                users: vec![],
                groups: vec![group.id],
            },
        })
        .await
        .unwrap();
    let pack = editor
        .publish_policy_pack(pack.item_id, pack.row_version)
        .await
        .unwrap();
    assert_eq!(pack.progress.audience, 0);
    assert!(viewer.my_policy_packs().await.unwrap().is_empty());
    admin
        .add_group_member(group.id, id_of(&viewer).await, group.version)
        .await
        .unwrap();
    assert_eq!(viewer.my_policy_packs().await.unwrap().len(), 1);
    assert_eq!(
        editor
            .policy_pack(pack.item_id)
            .await
            .unwrap()
            .progress
            .audience,
        1
    );
}

#[tokio::test]
async fn bad_packs_are_refused_and_other_organisations_packs_are_not_found() {
    let app = TestApp::spawn().await;
    let editor = app.demo(R::Editor).await;
    let empty = editor
        .create_policy_pack(&CreatePack {
            name: "Empty".into(),
            ..CreatePack::default()
        })
        .await
        .unwrap();
    // Publishing needs what the stored pack lacks: a rule of its state, not a request field.
    let err = editor
        .publish_policy_pack(empty.item_id, empty.row_version)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(422), "no documents");
    assert_eq!(err.problem().unwrap().code, "rule_violated", "{err:?}");
    for (documents, field) in [
        (vec![PackDocumentInput::default()], "documents[0]"),
        (
            vec![PackDocumentInput {
                item_id: Some(Uuid::new_v4()),
                ..PackDocumentInput::default()
            }],
            "documents[0].item_id",
        ),
        (
            vec![
                PackDocumentInput {
                    title: "Intranet".into(),
                    url: Some("https://intranet.example/policies".into()),
                    ..PackDocumentInput::default()
                },
                PackDocumentInput {
                    url: Some("https://intranet.example/handbook".into()),
                    ..PackDocumentInput::default()
                },
            ],
            "documents[1].title",
        ),
    ] {
        assert_field!(
            editor
                .create_policy_pack(&CreatePack {
                    name: "Bad".into(),
                    documents,
                    ..CreatePack::default()
                })
                .await,
            field
        );
    }
    assert_status!(
        editor
            .create_policy_pack(&CreatePack {
                name: "Script".into(),
                documents: vec![PackDocumentInput {
                    title: "Script".into(),
                    url: Some("javascript:alert(1)".into()),
                    ..PackDocumentInput::default()
                }],
                ..CreatePack::default()
            })
            .await,
        422
    );
    let refused = assert_field!(
        editor
            .create_policy_pack(&CreatePack {
                name: "Outsiders".into(),
                audience: Audience {
                    users: vec![Uuid::new_v4()],
                    ..Audience::default()
                },
                ..CreatePack::default()
            })
            .await,
        "audience.users"
    );
    assert_eq!(refused, ["someone is not a member of the organisation"]);
    let other = app.outsider("Elsewhere").await;
    assert_status!(other.policy_pack(empty.item_id).await, 404);
}
