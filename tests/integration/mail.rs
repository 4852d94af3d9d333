//! Mail through a real SMTP server (aiosmtpd): what each change sends to whom, with which links;
//! the outbox keeping mail while the server is down and sending each once; the daily digest; each
//! person's settings; Settings → E-mail for owners and admins. The scheduler's jobs run at times
//! the tests choose (`TestApp::run_job`).

use crate::harness::{Options, PUBLIC_URL, TestApp, id_of, new_item, space_named};
use crate::smtp::{self, SmtpServer};
use crate::todos::a_tracker;
use annex_api::schedule::Job;
use annex_client::domain::PageParams;
use annex_client::domain::Role;
use annex_client::domain::access::auth::{AcceptInvitation, LoginRequest};
use annex_client::domain::access::users::CreateMember;
use annex_client::domain::events::mail::{
    ChangeMailSettings, ChangeNotificationSettings, Delivery, MailKind, MailState,
    NotificationChoice, OutboxFilter, SendTestMail,
};
use annex_client::domain::events::notifications::NotificationKind;
use annex_client::domain::packs::policy_packs::{Audience, CreatePack, PackDocumentInput};
use annex_client::domain::work::items::CreateItem;
use annex_client::domain::work::todos::CreateTodo;
use annex_store::clock::now;
use chrono::Duration;

async fn app_with(smtp: &SmtpServer) -> TestApp {
    TestApp::spawn_with(Options {
        smtp_url: Some(smtp.url()),
        ..Options::default()
    })
    .await
}

fn everything() -> (OutboxFilter, PageParams) {
    (OutboxFilter::default(), PageParams::default())
}

#[tokio::test]
async fn publishing_a_pack_mails_each_person_of_its_audience_once_with_a_working_link() {
    let smtp = SmtpServer::start();
    let app = app_with(&smtp).await;
    let [editor, contributor, viewer] = app
        .demos([Role::Editor, Role::Contributor, Role::Viewer])
        .await;
    let policies = space_named(&editor, "Policies & Procedures").await;
    let policy = new_item(&editor, policies.id, "Clear Desk Policy").await;
    let (c, v, e) = (
        id_of(&contributor).await,
        id_of(&viewer).await,
        id_of(&editor).await,
    );
    let draft = editor
        .create_policy_pack(&CreatePack {
            name: "Office rules".into(),
            description: "Read before your first day.".into(),
            documents: vec![PackDocumentInput {
                item_id: Some(policy.id),
                ..PackDocumentInput::default()
            }],
            // The editor publishing it is in the audience too, and is never mailed about it.
            audience: Audience {
                everyone: false,
                users: vec![c, v, e],
                groups: vec![],
            },
        })
        .await
        .unwrap();
    let pack = editor
        .publish_policy_pack(draft.item_id, draft.row_version)
        .await
        .unwrap();
    assert!(
        smtp.received().is_empty(),
        "queued, not sent, by the change"
    );

    app.run_job(Job::SendMail, now()).await;
    let mut got = smtp.received();
    got.sort_by(|a, b| a.to.cmp(&b.to));
    let to: Vec<_> = got.iter().map(|m| m.to.clone()).collect();
    assert_eq!(
        to,
        [
            vec!["contributor@demo.example".to_owned()],
            vec!["viewer@demo.example".to_owned()]
        ]
    );
    let link = format!("{PUBLIC_URL}/my/policy-packs/{}", pack.item_id);
    for mail in &got {
        assert_eq!(mail.from, "\"Annex Test\" <annex@test.example>");
        assert!(
            mail.subject.starts_with(
                "[Demo Consulting Ltd] Demo Editor asks you to read and accept the policy pack"
            ),
            "{}",
            mail.subject
        );
        assert!(mail.text.contains(&link), "{}", mail.text);
        assert!(
            mail.html.contains(&format!("href=\"{link}\"")),
            "{}",
            mail.html
        );
        assert!(mail.text.contains("Annex, for Demo Consulting Ltd."));
        assert_eq!(
            mail.list_unsubscribe,
            format!("<{PUBLIC_URL}/settings/notifications>")
        );
        assert!(
            mail.message_id.ends_with("@annex.test.example>"),
            "{}",
            mail.message_id
        );
    }
    // The link's page shows the pack from the person's own packs, where it is.
    let mine = contributor.my_policy_packs().await.unwrap();
    assert!(mine.iter().any(|p| p.item_id == pack.item_id));

    // Sending again sends nothing twice.
    app.run_job(Job::SendMail, now() + Duration::minutes(10))
        .await;
    assert_eq!(smtp.received().len(), 2);
    let admin = app.demo(Role::Admin).await;
    let (filter, page) = everything();
    let outbox = admin.outbox(&filter, &page).await.unwrap();
    assert_eq!(outbox.total, 2);
    assert!(outbox.data.iter().all(|m| m.state == MailState::Sent
        && m.kind == MailKind::Notification
        && m.attempts == 1
        && m.sent_at.is_some()));
}

#[tokio::test]
async fn an_invitation_is_mailed_with_a_link_that_accepts_it() {
    let smtp = SmtpServer::start();
    let app = app_with(&smtp).await;
    let admin = app.demo(Role::Admin).await;
    let created = admin
        .create_member(&CreateMember {
            email: "new.starter@demo.example".into(),
            display_name: "New Starter".into(),
            role: Role::Contributor,
            password: None,
        })
        .await
        .unwrap();
    let code = created.invitation.expect("a code");
    app.run_job(Job::SendMail, now()).await;
    let got = smtp.received();
    assert_eq!(got.len(), 1);
    let mail = &got[0];
    assert_eq!(mail.to, ["new.starter@demo.example"]);
    assert_eq!(
        mail.subject,
        "Demo Admin invited you to Demo Consulting Ltd in Annex"
    );
    assert!(mail.text.starts_with("Hello New Starter,"), "{}", mail.text);
    let link = format!("{PUBLIC_URL}/accept-invitation?code={code}");
    assert!(mail.text.contains(&link), "{}", mail.text);

    // The code in the link is the one that works, once.
    let from_link = link.rsplit_once("code=").unwrap().1.to_owned();
    app.anonymous()
        .accept_invitation(&AcceptInvitation {
            invitation: from_link,
            password: "a long new password".into(),
        })
        .await
        .unwrap();
    app.anonymous()
        .login(&LoginRequest {
            email: "new.starter@demo.example".into(),
            password: "a long new password".into(),
            org_id: None,
        })
        .await
        .unwrap();
    // Once sent, the outbox no longer needs (or shows) the link.
    let (filter, page) = everything();
    let outbox = admin.outbox(&filter, &page).await.unwrap();
    assert_eq!(outbox.data[0].kind, MailKind::Invitation);
    assert_eq!(outbox.data[0].state, MailState::Sent);
}

#[tokio::test]
async fn mail_waits_while_the_smtp_server_is_down_and_goes_once_when_it_is_back() {
    let port = smtp::free_port();
    let app = TestApp::spawn_with(Options {
        smtp_url: Some(smtp::smtp_url(port)),
        ..Options::default()
    })
    .await;
    let admin = app.demo(Role::Admin).await;
    let queued = admin
        .send_test_mail(&SendTestMail {
            to: Some("auditor@elsewhere.example".into()),
        })
        .await
        .unwrap();
    assert_eq!(queued.state, MailState::Queued);
    let start = now();
    app.run_job(Job::SendMail, start).await;
    let (filter, page) = everything();
    let waiting = admin.outbox(&filter, &page).await.unwrap().data[0].clone();
    assert_eq!(waiting.state, MailState::Queued);
    assert_eq!(waiting.attempts, 1);
    assert!(waiting.last_error.is_some());
    let next = waiting.next_attempt_at.expect("a next attempt");
    assert_eq!((next.naive_utc() - start).num_seconds(), 30);

    // Back up: not before the retry is due, then exactly once.
    let smtp = SmtpServer::start_on(port);
    app.run_job(Job::SendMail, start + Duration::seconds(10))
        .await;
    assert!(smtp.received().is_empty(), "the retry is not due yet");
    app.run_job(Job::SendMail, start + Duration::seconds(31))
        .await;
    app.run_job(Job::SendMail, start + Duration::seconds(300))
        .await;
    let got = smtp.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].to, ["auditor@elsewhere.example"]);
    assert_eq!(got[0].subject, "[Demo Consulting Ltd] Test mail from Annex");
    assert!(got[0].message_id.starts_with(&format!("<{}@", queued.id)));
    let sent = admin.outbox(&filter, &page).await.unwrap().data[0].clone();
    assert_eq!(
        (sent.state, sent.attempts, sent.last_error),
        (MailState::Sent, 2, None)
    );
}

#[tokio::test]
async fn two_nodes_sending_at_once_send_each_mail_once() {
    let smtp = SmtpServer::start();
    let app = app_with(&smtp).await;
    let admin = app.demo(Role::Admin).await;
    for n in 0..6 {
        admin
            .send_test_mail(&SendTestMail {
                to: Some(format!("person{n}@elsewhere.example")),
            })
            .await
            .unwrap();
    }
    // A second scheduler on the same database is a second node.
    let (one, two) = (app.scheduler(), app.scheduler());
    let at = now();
    let a = tokio::task::spawn_blocking(move || one.run(Job::SendMail, at));
    let b = tokio::task::spawn_blocking(move || two.run(Job::SendMail, at));
    let (a, b) = (a.await.unwrap().unwrap(), b.await.unwrap().unwrap());
    assert!(a || b, "one of them ran");
    // Whichever did not get the lease sends the rest on its next run, if any are left.
    app.run_job(Job::SendMail, at + Duration::seconds(1)).await;
    let mut to: Vec<String> = smtp.received().into_iter().flat_map(|m| m.to).collect();
    to.sort();
    let expected: Vec<String> = (0..6)
        .map(|n| format!("person{n}@elsewhere.example"))
        .collect();
    assert_eq!(to, expected);
}

#[tokio::test]
async fn the_daily_digest_gathers_a_persons_day_by_kind_once_a_day() {
    let smtp = SmtpServer::start();
    let app = app_with(&smtp).await;
    let [editor, admin] = app.demos([Role::Editor, Role::Admin]).await;
    let contributor = app.demo(Role::Contributor).await;
    let c = id_of(&contributor).await;
    let tracker = a_tracker(&editor, "Digest actions").await;
    let mut items = Vec::new();
    for title in ["Rotate the backup keys", "Review firewall rules"] {
        items.push(
            editor
                .create_item(
                    tracker.id,
                    &CreateItem {
                        title: title.into(),
                        assignee_id: Some(c),
                        ..Default::default()
                    },
                )
                .await
                .unwrap(),
        );
    }
    editor
        .add_todo(
            items[0].id,
            &CreateTodo {
                description: "Send the new key to the vault".into(),
                assignee_id: Some(c),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    // Assignments are digest by default: nothing goes at once.
    app.run_job(Job::SendMail, now()).await;
    assert!(smtp.received().is_empty());

    // Before the digest hour, nothing; at it, one mail.
    admin
        .change_mail_settings(&ChangeMailSettings {
            digest_hour: Some(23),
            ..Default::default()
        })
        .await
        .unwrap();
    let today = now().date();
    let early = today.and_hms_opt(6, 0, 0).unwrap().max(now());
    if early.date() == today && early.time() < chrono::NaiveTime::from_hms_opt(23, 0, 0).unwrap() {
        app.run_job(Job::QueueDigests, early).await;
        app.run_job(Job::SendMail, early).await;
        assert!(smtp.received().is_empty(), "not before the digest hour");
    }
    admin
        .change_mail_settings(&ChangeMailSettings {
            digest_hour: Some(0),
            ..Default::default()
        })
        .await
        .unwrap();
    let at = now() + Duration::seconds(5);
    app.run_job(Job::QueueDigests, at).await;
    app.run_job(Job::SendMail, at).await;
    let got = smtp.received();
    assert_eq!(got.len(), 1, "{got:?}");
    let digest = &got[0];
    assert_eq!(digest.to, ["contributor@demo.example"]);
    assert_eq!(
        digest.subject,
        "[Demo Consulting Ltd] Your daily digest: 3 updates"
    );
    let text = &digest.text;
    let (assigned, todos) = (
        text.find("Assigned to you").expect("assignments"),
        text.find("To-dos").expect("to-dos"),
    );
    assert!(assigned < todos, "{text}");
    let first = text.find(&items[0].label).unwrap();
    let second = text
        .find(&format!("assigned you {}", items[1].label))
        .unwrap();
    assert!(
        assigned < first && first < second && second < todos,
        "{text}"
    );
    assert!(text.contains(&format!("{PUBLIC_URL}/items/{}", items[1].id)));
    assert!(
        text[todos..].contains("Send the new key to the vault"),
        "{text}"
    );

    // Once a day: a later run the same day queues nothing more.
    app.run_job(Job::QueueDigests, at + Duration::minutes(30))
        .await;
    app.run_job(Job::SendMail, at + Duration::minutes(30)).await;
    assert_eq!(smtp.received().len(), 1);
}

#[tokio::test]
async fn a_person_chooses_how_each_kind_reaches_them() {
    let smtp = SmtpServer::start();
    let app = app_with(&smtp).await;
    let [editor, contributor] = app.demos([Role::Editor, Role::Contributor]).await;
    let defaults = contributor.notification_settings().await.unwrap();
    assert_eq!(defaults.settings.len(), NotificationKind::ALL.len());
    assert_eq!(
        defaults.delivery(NotificationKind::ItemAssigned),
        Delivery::Digest
    );

    let changed = contributor
        .change_notification_settings(&ChangeNotificationSettings {
            settings: vec![NotificationChoice {
                kind: NotificationKind::ItemAssigned,
                delivery: Delivery::Immediately,
            }],
        })
        .await
        .unwrap();
    assert_eq!(
        changed.delivery(NotificationKind::ItemAssigned),
        Delivery::Immediately
    );
    assert_eq!(
        changed.delivery(NotificationKind::PolicyPackPublished),
        Delivery::Immediately,
        "kinds not named keep theirs"
    );
    // Someone else's settings are their own.
    assert_eq!(
        editor
            .notification_settings()
            .await
            .unwrap()
            .delivery(NotificationKind::ItemAssigned),
        Delivery::Digest
    );

    let c = id_of(&contributor).await;
    let tracker = a_tracker(&editor, "Immediate actions").await;
    let item = editor
        .create_item(
            tracker.id,
            &CreateItem {
                title: "Patch the VPN".into(),
                assignee_id: Some(c),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    app.run_job(Job::SendMail, now()).await;
    let got = smtp.received();
    assert_eq!(got.len(), 1);
    assert_eq!(
        got[0].subject,
        format!(
            "[Demo Consulting Ltd] Demo Editor assigned you {}",
            item.label
        )
    );

    // Off: in the app only.
    contributor
        .change_notification_settings(&ChangeNotificationSettings {
            settings: vec![NotificationChoice {
                kind: NotificationKind::ItemAssigned,
                delivery: Delivery::Off,
            }],
        })
        .await
        .unwrap();
    editor
        .create_item(
            tracker.id,
            &CreateItem {
                title: "Patch the mail server".into(),
                assignee_id: Some(c),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let at = now() + Duration::seconds(1);
    app.run_job(Job::SendMail, at).await;
    app.run_job(Job::QueueDigests, at).await;
    app.run_job(Job::SendMail, at).await;
    assert_eq!(smtp.received().len(), 1);
    assert_eq!(contributor.unread_notifications().await.unwrap(), 2);

    // An unknown kind or delivery is a 422 that changes nothing.
    let bad = contributor
        .raw(
            reqwest::Method::PUT,
            "/api/v1/me/notification-settings",
            Some(
                &serde_json::json!({"settings": [{"kind": "item_assigned", "delivery": "weekly"}]}),
            ),
            &[],
        )
        .await
        .unwrap();
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert_eq!(
        contributor
            .notification_settings()
            .await
            .unwrap()
            .delivery(NotificationKind::ItemAssigned),
        Delivery::Off
    );
}

#[tokio::test]
async fn settings_and_the_outbox_are_for_owners_and_admins_and_bad_input_is_refused() {
    let app = TestApp::spawn().await;
    let [owner, admin, editor] = app.demos([Role::Owner, Role::Admin, Role::Editor]).await;
    let settings = admin.mail_settings().await.unwrap();
    assert!(!settings.smtp_configured);
    assert_eq!(settings.digest_hour, 7);
    assert_eq!(settings.public_url.as_deref(), Some(PUBLIC_URL));
    assert_eq!(
        settings.from.as_deref(),
        Some("Annex Test <annex@test.example>")
    );
    assert_err!(editor.mail_settings().await, Forbidden);
    assert_err!(
        editor.send_test_mail(&SendTestMail::default()).await,
        Forbidden
    );
    let (filter, page) = everything();
    assert_err!(editor.outbox(&filter, &page).await, Forbidden);

    assert_field!(
        owner
            .change_mail_settings(&ChangeMailSettings {
                digest_hour: Some(24),
                ..Default::default()
            })
            .await,
        "digest_hour"
    );
    assert_field!(
        owner
            .send_test_mail(&SendTestMail {
                to: Some("not an address".into())
            })
            .await,
        "to"
    );
    let changed = owner
        .change_mail_settings(&ChangeMailSettings {
            digest_hour: Some(18),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(changed.digest_hour, 18);

    // Without SMTP the mail waits, and the admin sees it waiting.
    let mail = owner
        .send_test_mail(&SendTestMail::default())
        .await
        .unwrap();
    assert_eq!(mail.to, "owner@demo.example");
    app.run_job(Job::SendMail, now()).await;
    let queued = admin
        .outbox(
            &OutboxFilter {
                state: Some(MailState::Queued),
            },
            &page,
        )
        .await
        .unwrap();
    assert_eq!(queued.total, 1);
    assert_eq!(
        queued.data[0].attempts, 0,
        "nothing is tried without a server"
    );
    assert_eq!(admin.mail_settings().await.unwrap().queued, 1);
    // Only a failed mail is sent again; another organisation's is not found.
    assert_status!(admin.retry_mail(mail.id).await, 422);
    let outsider = app.outsider("Other Mail Ltd").await;
    assert_err!(outsider.retry_mail(mail.id).await, NotFound);
    assert_eq!(outsider.outbox(&filter, &page).await.unwrap().total, 0);
}
