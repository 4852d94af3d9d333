//! GDPR deadlines: requests answered within a month (extendable by two), breaches notified within
//! 72 hours; each record's state, the statutory due date written onto requests on every write path
//! and whatever the registers' fields are renamed to, the state filter, and who may read them.

use crate::harness::TestApp;
use crate::harness::new_item;
use annex_client::domain::Role;
use annex_client::domain::clusters::{Cluster, CreateCluster};
use annex_client::domain::privacy::{
    self as rules, BreachDeadline, DeadlineState, PrivacyDeadlines, Register, RequestDeadline,
};
use annex_client::domain::work::exchange::ExchangeFormat;
use annex_client::domain::work::fields::{FieldDefinition, FieldKind};
use annex_client::domain::work::items::{CreateItem, Item, UpdateItem};
use annex_client::domain::work::spaces::{Space, SpaceSettings};
use annex_client::{ApiError, Client, Method};
use chrono::{Duration, NaiveDate, Utc};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use uuid::Uuid;

/// A GDPR cluster's request and breach registers.
struct Registers {
    requests: Space,
    breaches: Space,
}

async fn gdpr(client: &Client) -> Registers {
    let cluster: Cluster = client
        .create_cluster(&CreateCluster {
            template: Some("gdpr-privacy".into()),
            starter_records: false,
            ..CreateCluster::default()
        })
        .await
        .unwrap();
    let space = async |template: &str| {
        let id = cluster
            .spaces
            .iter()
            .find(|s| s.template_key.as_deref() == Some(template))
            .unwrap()
            .space_id;
        client.get_space(id).await.unwrap()
    };
    Registers {
        requests: space(rules::REQUESTS_TEMPLATE).await,
        breaches: space(rules::BREACHES_TEMPLATE).await,
    }
}

/// Field values by field name, as the API takes them (select options by label).
fn values(space: &Space, named: &[(&str, Value)]) -> BTreeMap<Uuid, Value> {
    named
        .iter()
        .map(|(name, value)| {
            let field = space.fields.iter().find(|f| f.name == *name).unwrap();
            (field.id, value.clone())
        })
        .collect()
}

async fn record(client: &Client, space: &Space, title: &str, named: &[(&str, Value)]) -> Item {
    client
        .create_item(
            space.id,
            &CreateItem {
                title: title.into(),
                fields: values(space, named),
                ..CreateItem::default()
            },
        )
        .await
        .unwrap()
}

async fn change(client: &Client, item: &Item, space: &Space, named: &[(&str, Value)]) -> Item {
    let current = client.get_item(item.id).await.unwrap();
    client
        .update_item(
            item.id,
            current.version,
            &UpdateItem {
                fields: values(space, named),
                ..UpdateItem::default()
            },
        )
        .await
        .unwrap()
}

fn day(d: NaiveDate) -> Value {
    json!(d.to_string())
}

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

fn request<'a>(all: &'a PrivacyDeadlines, item: &Item) -> &'a RequestDeadline {
    all.requests.iter().find(|r| r.item_id == item.id).unwrap()
}

fn breach<'a>(all: &'a PrivacyDeadlines, item: &Item) -> &'a BreachDeadline {
    all.breaches.iter().find(|b| b.item_id == item.id).unwrap()
}

fn count(counts: &[rules::StateCount], state: DeadlineState) -> i64 {
    counts.iter().find(|c| c.state == state).unwrap().count
}

#[tokio::test]
async fn requests_are_due_a_month_after_receipt_and_flagged_by_state() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let Registers { requests: dsr, .. } = gdpr(&admin).await;
    let t = today();
    let overdue = record(
        &admin,
        &dsr,
        "Access",
        &[("Received on", day(t - Duration::days(40)))],
    )
    .await;
    let extended = record(
        &admin,
        &dsr,
        "Erasure",
        &[
            ("Received on", day(t - Duration::days(40))),
            ("Extended", json!("Yes")),
            ("Request type", json!("Erasure")),
        ],
    )
    .await;
    let soon = record(
        &admin,
        &dsr,
        "Objection",
        &[("Received on", day(t - Duration::days(25)))],
    )
    .await;
    let answered = record(
        &admin,
        &dsr,
        "Rectification",
        &[
            ("Received on", day(t - Duration::days(10))),
            ("Responded on", day(t - Duration::days(5))),
        ],
    )
    .await;
    let late = record(
        &admin,
        &dsr,
        "Portability",
        &[
            ("Received on", day(t - Duration::days(90))),
            ("Responded on", day(t - Duration::days(20))),
        ],
    )
    .await;
    let undated = admin
        .create_item(
            dsr.id,
            &CreateItem {
                title: "Restriction".into(),
                due: Some(t + Duration::days(3)),
                ..CreateItem::default()
            },
        )
        .await
        .unwrap();

    let all = admin.privacy_deadlines(None).await.unwrap();
    let received = t - Duration::days(40);
    let r = request(&all, &overdue);
    assert_eq!(r.due_on, rules::response_due(received, false));
    assert_eq!(r.state, DeadlineState::Overdue);
    assert!(r.days_left.unwrap() < 0);
    assert_eq!(overdue.due, r.due_on, "the due date is set on create");

    let e = request(&all, &extended);
    assert!(e.extended);
    assert_eq!(
        e.due_on,
        received
            .checked_add_months(chrono::Months::new(1))
            .and_then(|d| d.checked_add_months(chrono::Months::new(2)))
    );
    assert_eq!(e.state, DeadlineState::Open);
    assert_eq!(e.request_type.as_deref(), Some("Erasure"));
    assert_eq!(extended.due, e.due_on);

    let s = request(&all, &soon);
    assert_eq!(s.state, DeadlineState::DueSoon);
    assert!((0..=7).contains(&s.days_left.unwrap()), "{s:?}");
    assert_eq!(
        request(&all, &answered).state,
        DeadlineState::AnsweredOnTime
    );
    assert_eq!(request(&all, &answered).days_left, None);
    assert_eq!(request(&all, &late).state, DeadlineState::AnsweredLate);
    let u = request(&all, &undated);
    assert_eq!((u.state, u.due_on), (DeadlineState::NoReceiptDate, None));
    assert_eq!(
        admin.get_item(undated.id).await.unwrap().due,
        Some(t + Duration::days(3)),
        "no receipt date: the due date typed by hand stays"
    );

    // Most urgent first; every state counted.
    assert_eq!(all.requests[0].item_id, overdue.id);
    let counts = &all.summary.requests;
    assert_eq!(counts.len(), DeadlineState::REQUESTS.len());
    for state in [
        DeadlineState::Overdue,
        DeadlineState::Open,
        DeadlineState::DueSoon,
        DeadlineState::AnsweredOnTime,
        DeadlineState::AnsweredLate,
        DeadlineState::NoReceiptDate,
    ] {
        assert_eq!(count(counts, state), 1, "{state:?}");
    }
    assert_eq!(
        all.spaces
            .iter()
            .map(|s| (s.space_id, s.register))
            .filter(|(id, _)| *id == dsr.id)
            .collect::<Vec<_>>(),
        [(dsr.id, Register::Requests)]
    );
    // The tracker's overdue filter follows the statutory date.
    let listed = admin
        .list_items(
            dsr.id,
            &annex_client::domain::work::items::ItemFilter {
                overdue: Some(true),
                ..Default::default()
            },
            &Default::default(),
        )
        .await
        .unwrap();
    let listed: Vec<Uuid> = listed.data.iter().map(|i| i.id).collect();
    assert!(listed.contains(&overdue.id), "{listed:?}");
    assert!(!listed.contains(&extended.id) && !listed.contains(&soon.id));
}

#[tokio::test]
async fn breaches_must_be_notified_72_hours_after_awareness() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let Registers { breaches: reg, .. } = gdpr(&admin).await;
    let t = today();
    let aware = t - Duration::days(4);
    let overdue = record(
        &admin,
        &reg,
        "Report sent to the wrong client",
        &[
            ("Became aware on", day(aware)),
            ("Became aware at", json!("09:40")),
        ],
    )
    .await;
    let untimed = record(
        &admin,
        &reg,
        "Lost USB stick",
        &[("Became aware on", day(t))],
    )
    .await;
    let on_time = record(
        &admin,
        &reg,
        "Portal shows another client's invoice",
        &[
            ("Became aware on", day(t - Duration::days(10))),
            ("Became aware at", json!("10:00")),
            (
                "Notified to supervisory authority on",
                day(t - Duration::days(7)),
            ),
        ],
    )
    .await;
    let late = record(
        &admin,
        &reg,
        "Mailing list exposed",
        &[
            ("Became aware on", day(t - Duration::days(10))),
            (
                "Notified to supervisory authority on",
                day(t - Duration::days(6)),
            ),
        ],
    )
    .await;
    let reasoned = record(
        &admin,
        &reg,
        "Encrypted laptop stolen",
        &[
            ("Became aware on", day(t - Duration::days(10))),
            (
                "Reason for not notifying",
                json!("Full-disk encryption; no risk."),
            ),
        ],
    )
    .await;
    let undated = record(&admin, &reg, "Unknown", &[]).await;

    let all = admin.privacy_deadlines(None).await.unwrap();
    let o = breach(&all, &overdue);
    let aware_at = aware.and_hms_opt(9, 40, 0).unwrap().and_utc();
    assert_eq!(o.aware_at, Some(aware_at));
    assert_eq!(o.notify_by, Some(aware_at + Duration::hours(72)));
    assert_eq!(o.state, DeadlineState::Overdue);
    assert!(o.hours_left.unwrap() <= -14, "{o:?}");
    assert_eq!(o.aware_time_note, None);

    let u = breach(&all, &untimed);
    assert_eq!(u.state, DeadlineState::ToNotify);
    assert_eq!(
        u.notify_by,
        Some(t.and_hms_opt(0, 0, 0).unwrap().and_utc() + Duration::hours(72))
    );
    assert!(u.aware_time_note.as_deref().unwrap().contains("00:00 UTC"));
    assert!((48..=72).contains(&u.hours_left.unwrap()), "{u:?}");

    assert_eq!(breach(&all, &on_time).state, DeadlineState::NotifiedOnTime);
    assert_eq!(breach(&all, &late).state, DeadlineState::NotifiedLate);
    let r = breach(&all, &reasoned);
    assert_eq!(
        (r.state, r.hours_left),
        (DeadlineState::NotNotifiable, None)
    );
    assert_eq!(breach(&all, &undated).state, DeadlineState::NoAwarenessDate);
    assert_eq!(all.breaches[0].item_id, overdue.id, "most urgent first");
    for state in DeadlineState::BREACHES {
        assert_eq!(count(&all.summary.breaches, state), 1, "{state:?}");
    }

    // The item's own deadline, as its banner shows it.
    let one = admin.item_deadline(overdue.id).await.unwrap();
    assert_eq!(one.register, Register::Breaches);
    assert_eq!(one.breach.as_ref(), Some(o));
    assert!(
        one.summary()
            .starts_with("Notify the supervisory authority by"),
        "{}",
        one.summary()
    );
    assert!(one.summary().contains("overdue by"));
}

#[tokio::test]
async fn the_due_date_follows_receipt_and_extension_on_every_write_path() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let Registers { requests: dsr, .. } = gdpr(&admin).await;
    let received = NaiveDate::from_ymd_opt(2027, 1, 31).unwrap();
    let item = record(&admin, &dsr, "Access", &[("Received on", day(received))]).await;
    let feb = NaiveDate::from_ymd_opt(2027, 2, 28).unwrap();
    assert_eq!(item.due, Some(feb), "31 Jan + 1 month = 28 Feb");

    let item = change(&admin, &item, &dsr, &[("Extended", json!("Yes"))]).await;
    assert_eq!(
        item.due,
        NaiveDate::from_ymd_opt(2027, 4, 28),
        "extended by two months"
    );
    let one = admin.item_deadline(item.id).await.unwrap();
    assert_eq!(one.request.unwrap().due_on, item.due);

    let item = change(&admin, &item, &dsr, &[("Extended", json!("No"))]).await;
    assert_eq!(item.due, Some(feb));

    let moved = NaiveDate::from_ymd_opt(2027, 3, 15).unwrap();
    let item = change(&admin, &item, &dsr, &[("Received on", day(moved))]).await;
    assert_eq!(item.due, NaiveDate::from_ymd_opt(2027, 4, 15));

    // A due date changed by hand stays while receipt and extension stay as they are, even when
    // a form sends them again unchanged.
    let by_hand = NaiveDate::from_ymd_opt(2027, 4, 1).unwrap();
    let item = admin
        .update_item(
            item.id,
            item.version,
            &UpdateItem {
                due: Some(Some(by_hand)),
                ..UpdateItem::default()
            },
        )
        .await
        .unwrap();
    let item = change(
        &admin,
        &item,
        &dsr,
        &[("Received on", day(moved)), ("Extended", json!("No"))],
    )
    .await;
    assert_eq!(item.due, Some(by_hand));
    // Clearing the receipt date leaves the due date alone: no deadline can be computed.
    let item = change(&admin, &item, &dsr, &[("Received on", Value::Null)]).await;
    assert_eq!(item.due, Some(by_hand));

    // Import: a new row and a changed row both get the statutory date, whatever Due says.
    let csv = format!(
        "Number,Title,Due,Received on,Extended\n\
         ,Imported request,2030-01-01,2027-05-10,No\n\
         {},Access,2030-01-01,2027-05-20,Yes\n",
        item.number
    );
    let report = admin
        .import_space(dsr.id, ExchangeFormat::Csv, csv.into_bytes(), false)
        .await
        .unwrap();
    assert_eq!(
        (report.created, report.updated, report.errors.len()),
        (1, 1, 0),
        "{report:?}"
    );
    assert_eq!(
        admin.get_item(item.id).await.unwrap().due,
        NaiveDate::from_ymd_opt(2027, 8, 20)
    );
    let all = admin.privacy_deadlines(None).await.unwrap();
    let imported = all
        .requests
        .iter()
        .find(|r| r.label.ends_with("Imported request"))
        .unwrap();
    assert_eq!(
        admin.get_item(imported.item_id).await.unwrap().due,
        NaiveDate::from_ymd_opt(2027, 6, 10)
    );

    // Other trackers with a "Received on" date keep their own due dates.
    let complaints = admin
        .create_space(&annex_client::domain::work::spaces::CreateSpace {
            kind: annex_client::domain::work::spaces::SpaceKind::Tracker,
            name: "Complaints".into(),
            description: String::new(),
            owner_id: None,
            template: Some("customer-complaints".into()),
        })
        .await
        .unwrap();
    let complaint = record(
        &admin,
        &complaints,
        "Late report",
        &[("Received on", day(received))],
    )
    .await;
    assert_eq!(complaint.due, None);
}

/// The space's settings as the settings screen saves them, with these fields renamed (ids kept).
fn renamed(space: &Space, renames: &[(&str, &str)]) -> SpaceSettings {
    let mut fields = space.fields.clone();
    for (from, to) in renames {
        let field = fields.iter_mut().find(|f| f.name == *from).unwrap();
        field.name = (*to).into();
    }
    SpaceSettings {
        statuses: space.statuses.clone(),
        fields,
        confirm_value_loss: false,
    }
}

#[tokio::test]
async fn renamed_register_fields_still_drive_the_deadlines() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let Registers {
        requests: dsr,
        breaches: reg,
    } = gdpr(&admin).await;
    let settings = renamed(
        &dsr,
        &[
            ("Received on", "Date of receipt"),
            ("Extended", "Deadline extended"),
        ],
    );
    let dsr = admin
        .replace_space_settings(dsr.id, dsr.version, &settings)
        .await
        .unwrap();
    assert!(dsr.fields.iter().all(|f| f.name != "Received on"));

    let item = record(&admin, &dsr, "Access", &[]).await;
    assert_eq!(item.due, None);
    let received = NaiveDate::from_ymd_opt(2027, 1, 31).unwrap();
    let item = change(&admin, &item, &dsr, &[("Date of receipt", day(received))]).await;
    let feb = NaiveDate::from_ymd_opt(2027, 2, 28);
    assert_eq!(
        item.due, feb,
        "the statutory date, under the field's new name"
    );
    let item = change(&admin, &item, &dsr, &[("Deadline extended", json!("Yes"))]).await;
    let apr = NaiveDate::from_ymd_opt(2027, 4, 28);
    assert_eq!(item.due, apr);

    let all = admin.privacy_deadlines(None).await.unwrap();
    let r = request(&all, &item);
    assert_eq!(
        (r.received_on, r.extended, r.due_on),
        (Some(received), true, apr)
    );
    assert_eq!(
        admin
            .item_deadline(item.id)
            .await
            .unwrap()
            .request
            .unwrap()
            .due_on,
        apr
    );

    // A field the user adds under the template's old name is theirs, not the register's.
    let mut settings = renamed(&dsr, &[]);
    settings.fields.push(FieldDefinition {
        id: Uuid::new_v4(),
        name: "Received on".into(),
        kind: FieldKind::Date,
        options: vec![],
        required: false,
    });
    let dsr = admin
        .replace_space_settings(dsr.id, dsr.version, &settings)
        .await
        .unwrap();
    let other = record(&admin, &dsr, "Erasure", &[("Received on", day(received))]).await;
    assert_eq!(other.due, None);
    let all = admin.privacy_deadlines(None).await.unwrap();
    assert_eq!(request(&all, &other).state, DeadlineState::NoReceiptDate);

    // The breach register reads its renamed fields too.
    let settings = renamed(&reg, &[("Became aware on", "Discovered on")]);
    let reg = admin
        .replace_space_settings(reg.id, reg.version, &settings)
        .await
        .unwrap();
    let aware = today() - Duration::days(1);
    let lost = record(
        &admin,
        &reg,
        "Lost USB stick",
        &[
            ("Discovered on", day(aware)),
            ("Became aware at", json!("09:40")),
        ],
    )
    .await;
    let all = admin.privacy_deadlines(None).await.unwrap();
    let b = breach(&all, &lost);
    let aware_at = aware.and_hms_opt(9, 40, 0).unwrap().and_utc();
    assert_eq!(b.notify_by, Some(aware_at + Duration::hours(72)));
    assert_eq!(b.state, DeadlineState::ToNotify);
}

#[tokio::test]
async fn the_state_filter_narrows_both_lists_and_refuses_unknown_states() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let regs = gdpr(&admin).await;
    let t = today();
    let late = record(
        &admin,
        &regs.requests,
        "Access",
        &[("Received on", day(t - Duration::days(40)))],
    )
    .await;
    record(
        &admin,
        &regs.requests,
        "Erasure",
        &[("Received on", day(t))],
    )
    .await;
    let breach = record(
        &admin,
        &regs.breaches,
        "Wrong recipient",
        &[("Became aware on", day(t - Duration::days(5)))],
    )
    .await;
    record(&admin, &regs.breaches, "Unknown", &[]).await;

    let overdue = admin
        .privacy_deadlines(Some(DeadlineState::Overdue))
        .await
        .unwrap();
    assert_eq!(
        overdue
            .requests
            .iter()
            .map(|r| r.item_id)
            .collect::<Vec<_>>(),
        [late.id]
    );
    assert_eq!(
        overdue
            .breaches
            .iter()
            .map(|b| b.item_id)
            .collect::<Vec<_>>(),
        [breach.id]
    );
    assert_eq!(
        count(&overdue.summary.requests, DeadlineState::Open),
        1,
        "the summary counts every record whatever the filter"
    );
    let open = admin
        .privacy_deadlines(Some(DeadlineState::Open))
        .await
        .unwrap();
    assert_eq!(open.requests.len(), 1);
    assert!(open.breaches.is_empty());

    let refused = admin
        .raw(
            Method::GET,
            "/api/v1/privacy/deadlines?state=late",
            None,
            &[],
        )
        .await
        .unwrap();
    assert_eq!(refused.status, 422);
    match refused.error() {
        Some(ApiError::Validation { errors, .. }) => {
            assert!(
                errors["state"][0].contains("`late` is not a deadline state"),
                "{errors:?}"
            );
        }
        other => panic!("expected a validation problem, got {other:?}"),
    }
}

#[tokio::test]
async fn an_item_outside_the_registers_has_no_deadline() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let regs = gdpr(&admin).await;
    let dsr = record(&admin, &regs.requests, "Access", &[]).await;
    assert_eq!(
        admin
            .item_deadline(dsr.id)
            .await
            .unwrap()
            .request
            .unwrap()
            .state,
        DeadlineState::NoReceiptDate
    );
    let space = admin
        .create_space(&annex_client::domain::work::spaces::CreateSpace {
            kind: annex_client::domain::work::spaces::SpaceKind::Tracker,
            name: "Ideas".into(),
            description: String::new(),
            owner_id: None,
            template: None,
        })
        .await
        .unwrap();
    let other = new_item(&admin, space.id, "Not a request").await;
    for id in [other.id, Uuid::nil()] {
        assert!(
            matches!(admin.item_deadline(id).await, Err(ApiError::NotFound(_))),
            "{id}"
        );
    }
    // Another organisation's request is as unknown as any other id.
    let stranger = app.outsider("Elsewhere Ltd").await;
    assert!(matches!(
        stranger.item_deadline(dsr.id).await,
        Err(ApiError::NotFound(_))
    ));
    let theirs = stranger.privacy_deadlines(None).await.unwrap();
    assert!(theirs.requests.is_empty() && theirs.spaces.is_empty());
}

#[tokio::test]
async fn viewers_and_auditors_read_the_deadlines_in_a_fixed_number_of_statements() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let regs = gdpr(&admin).await;
    let t = today();
    let first = record(
        &admin,
        &regs.requests,
        "Access 0",
        &[("Received on", day(t))],
    )
    .await;
    let viewer = app.demo(Role::Viewer).await;
    let (few, statements_few) = app.statements_of(viewer.privacy_deadlines(None)).await;
    assert_eq!(few.unwrap().requests.len(), 1);
    for n in 1..6 {
        record(
            &admin,
            &regs.requests,
            &format!("Access {n}"),
            &[("Received on", day(t))],
        )
        .await;
        record(
            &admin,
            &regs.breaches,
            &format!("Breach {n}"),
            &[("Became aware on", day(t))],
        )
        .await;
    }
    let (many, statements_many) = app.statements_of(viewer.privacy_deadlines(None)).await;
    let many = many.unwrap();
    assert_eq!((many.requests.len(), many.breaches.len()), (6, 5));
    assert_eq!(statements_few, statements_many, "no statement per record");

    let auditor = app.demo(Role::Auditor).await;
    assert_eq!(
        auditor.item_deadline(first.id).await.unwrap().register,
        Register::Requests
    );
    assert!(matches!(
        app.anonymous().privacy_deadlines(None).await,
        Err(ApiError::Unauthorized(_))
    ));
}
