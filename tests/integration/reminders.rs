//! Reminders from dates: an open item due within the organisation's lead reminds its assignee
//! once, an overdue one once more; a second node or a later run reminds nobody twice; a new due
//! date is a new occasion; the reminder reaches the person by mail.

use crate::harness::{Options, PUBLIC_URL, TestApp, id_of};
use crate::smtp::SmtpServer;
use crate::todos::a_tracker;
use annex_api::schedule::Job;
use annex_client::Client;
use annex_client::domain::events::mail::ChangeMailSettings;
use annex_client::domain::events::notifications::{NotificationFilter, NotificationKind};
use annex_client::domain::work::items::{CreateItem, Item, UpdateItem};
use annex_client::domain::{PageParams, Role as R};
use annex_store::clock::now;
use chrono::Duration;

/// The reminders `client` has about `item`, oldest first.
async fn reminders_of(client: &Client, item: &Item) -> Vec<NotificationKind> {
    let page = PageParams {
        limit: Some(200),
        cursor: None,
    };
    let mut kinds: Vec<(chrono::DateTime<chrono::Utc>, NotificationKind)> = client
        .notifications(&NotificationFilter::default(), &page)
        .await
        .unwrap()
        .data
        .into_iter()
        .filter(|n| n.item_id == item.id)
        .filter(|n| {
            matches!(
                n.kind,
                NotificationKind::ItemDueSoon | NotificationKind::ItemOverdue
            )
        })
        .map(|n| (n.created_at, n.kind))
        .collect();
    kinds.sort_by_key(|(at, _)| *at);
    kinds.into_iter().map(|(_, k)| k).collect()
}

#[tokio::test]
async fn an_item_due_tomorrow_reminds_its_assignee_once_also_with_two_nodes() {
    let smtp = SmtpServer::start();
    let app = TestApp::spawn_with(Options {
        smtp_url: Some(smtp.url()),
        ..Options::default()
    })
    .await;
    let [editor, contributor] = app.demos([R::Editor, R::Contributor]).await;
    let c = id_of(&contributor).await;
    let tracker = a_tracker(&editor, "Reminded actions").await;
    let today = now().date();
    let item = |title: &str, due: chrono::NaiveDate| CreateItem {
        title: title.into(),
        assignee_id: Some(c),
        due: Some(due),
        ..Default::default()
    };
    let tomorrow = editor
        .create_item(
            tracker.id,
            &item("Renew the TLS certificate", today + Duration::days(1)),
        )
        .await
        .unwrap();
    let later = editor
        .create_item(
            tracker.id,
            &item("Plan the DR test", today + Duration::days(10)),
        )
        .await
        .unwrap();
    let late = editor
        .create_item(
            tracker.id,
            &item("Close the pen-test findings", today - Duration::days(2)),
        )
        .await
        .unwrap();

    // Two nodes at once: one holds the job's lease; then the other, later: nobody twice.
    let (one, two) = (app.scheduler(), app.scheduler());
    let at = now();
    let a = tokio::task::spawn_blocking(move || one.run(Job::GiveReminders, at));
    let b = tokio::task::spawn_blocking(move || two.run(Job::GiveReminders, at));
    let (a, b) = (a.await.unwrap().unwrap(), b.await.unwrap().unwrap());
    assert!(a || b);
    let again = app.scheduler();
    let later_at = at + Duration::hours(1);
    assert!(
        tokio::task::spawn_blocking(move || again.run(Job::GiveReminders, later_at))
            .await
            .unwrap()
            .unwrap()
    );
    assert_eq!(
        reminders_of(&contributor, &tomorrow).await,
        [NotificationKind::ItemDueSoon]
    );
    assert_eq!(reminders_of(&contributor, &later).await, []);
    assert_eq!(
        reminders_of(&contributor, &late).await,
        [NotificationKind::ItemOverdue]
    );

    // By mail, at once (the default for reminders), with the item's link.
    app.run_job(Job::SendMail, later_at).await;
    let ours: Vec<_> = smtp
        .received()
        .into_iter()
        .filter(|m| m.subject.contains(&tomorrow.label) || m.subject.contains(&late.label))
        .collect();
    assert_eq!(ours.len(), 2, "{ours:?}");
    let due = ours
        .iter()
        .find(|m| m.subject.contains(&tomorrow.label))
        .unwrap();
    assert_eq!(due.to, ["contributor@demo.example"]);
    let date = (today + Duration::days(1)).format("%-d %b %Y").to_string();
    assert_eq!(
        due.subject,
        format!("[Demo Consulting Ltd] {} is due on {date}", tomorrow.label)
    );
    assert!(
        due.text
            .contains(&format!("{PUBLIC_URL}/items/{}", tomorrow.id))
    );
    let overdue = ours
        .iter()
        .find(|m| m.subject.contains(&late.label))
        .unwrap();
    assert!(
        overdue.subject.ends_with("and is overdue"),
        "{}",
        overdue.subject
    );

    // A day later the first item is overdue: one more reminder, of the other kind.
    app.run_job(Job::GiveReminders, at + Duration::days(2))
        .await;
    assert_eq!(
        reminders_of(&contributor, &tomorrow).await,
        [NotificationKind::ItemDueSoon, NotificationKind::ItemOverdue]
    );
    // A new due date is a new occasion.
    let moved = editor
        .update_item(
            later.id,
            later.version,
            &UpdateItem {
                due: Some(Some(today + Duration::days(3))),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    app.run_job(Job::GiveReminders, at + Duration::days(1))
        .await;
    assert_eq!(
        reminders_of(&contributor, &moved).await,
        [NotificationKind::ItemDueSoon]
    );
}

#[tokio::test]
async fn the_lead_is_the_organisations_and_closed_or_unassigned_items_are_not_reminded() {
    let app = TestApp::spawn().await;
    let [editor, contributor, admin] = app.demos([R::Editor, R::Contributor, R::Admin]).await;
    let c = id_of(&contributor).await;
    let tracker = a_tracker(&editor, "Lead actions").await;
    let today = now().date();
    let in_five = editor
        .create_item(
            tracker.id,
            &CreateItem {
                title: "Rotate the service passwords".into(),
                assignee_id: Some(c),
                due: Some(today + Duration::days(5)),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let unassigned = editor
        .create_item(
            tracker.id,
            &CreateItem {
                title: "Nobody's job".into(),
                due: Some(today),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    app.run_job(Job::GiveReminders, now()).await;
    assert_eq!(reminders_of(&contributor, &in_five).await, []);
    assert_eq!(reminders_of(&editor, &unassigned).await, []);

    assert_field!(
        admin
            .change_mail_settings(&ChangeMailSettings {
                reminder_days: Some(61),
                ..Default::default()
            })
            .await,
        "reminder_days"
    );
    let settings = admin
        .change_mail_settings(&ChangeMailSettings {
            reminder_days: Some(7),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!((settings.reminder_days, settings.digest_hour), (7, 7));
    app.run_job(Job::GiveReminders, now() + Duration::minutes(1))
        .await;
    assert_eq!(
        reminders_of(&contributor, &in_five).await,
        [NotificationKind::ItemDueSoon]
    );

    // Archived (or closed) work reminds nobody.
    let archived = editor
        .create_item(
            tracker.id,
            &CreateItem {
                title: "Shelved".into(),
                assignee_id: Some(c),
                due: Some(today + Duration::days(1)),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    editor
        .update_item(
            archived.id,
            archived.version,
            &UpdateItem {
                archived: Some(true),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    app.run_job(Job::GiveReminders, now() + Duration::minutes(2))
        .await;
    assert_eq!(reminders_of(&contributor, &archived).await, []);
}
