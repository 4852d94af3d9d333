//! Recurring items: completing one creates the next (due date carried forward by the rule,
//! assignee and links kept, the rule moved to it); the space lists its recurring items; who may
//! set a rule and what rules are refused.

use crate::harness::{TestApp, id_of, new_item};
use crate::todos::a_tracker;
use annex_client::domain::PageParams;
use annex_client::domain::Role;
use annex_client::domain::work::items::{CreateItem, ItemFilter, UpdateItem};
use annex_client::domain::work::recurrence::{DayOfWeek, Recurrence, RecurrenceUnit};
use chrono::NaiveDate;

fn every(n: u32, unit: RecurrenceUnit) -> Recurrence {
    Recurrence::Every { every: n, unit }
}

#[tokio::test]
async fn completing_a_recurring_item_creates_the_next_one_due_by_the_rule() {
    let app = TestApp::spawn().await;
    let [editor, contributor] = app.demos([Role::Editor, Role::Contributor]).await;
    let c = id_of(&contributor).await;
    let tracker = a_tracker(&editor, "Working party").await;
    let control = new_item(&editor, tracker.id, "A.5.1 Policies").await;
    let due = NaiveDate::from_ymd_opt(2026, 12, 14).unwrap();
    let review = editor
        .create_item(
            tracker.id,
            &CreateItem {
                title: "Security working party review".into(),
                description: "Review incidents, risks and actions.".into(),
                assignee_id: Some(c),
                start: NaiveDate::from_ymd_opt(2026, 12, 11),
                due: Some(due),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    editor.link_items(review.id, control.id).await.unwrap();
    let set = editor
        .set_recurrence(review.id, every(2, RecurrenceUnit::Weeks))
        .await
        .unwrap();
    assert_eq!(set.description, "Every 2 weeks");
    assert_eq!(set.next_due, NaiveDate::from_ymd_opt(2026, 12, 28));
    assert_eq!(
        editor.recurring_items(tracker.id).await.unwrap()[0].item_id,
        review.id
    );

    // Completing it (a resolved status) makes the next one.
    let done = tracker.statuses.iter().find(|s| s.resolved).unwrap();
    editor
        .update_item(
            review.id,
            review.version,
            &UpdateItem {
                status_id: Some(done.id),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let open = editor
        .list_items(
            tracker.id,
            &ItemFilter {
                q: Some("working party".into()),
                ..Default::default()
            },
            &PageParams::default(),
        )
        .await
        .unwrap();
    let next = open
        .data
        .iter()
        .find(|i| i.id != review.id)
        .expect("the next occurrence")
        .clone();
    assert_eq!(next.title, review.title);
    assert_eq!(next.description, review.description);
    assert_eq!(next.assignee_id, Some(c));
    assert_eq!(next.due, NaiveDate::from_ymd_opt(2026, 12, 28));
    assert_eq!(
        next.start,
        NaiveDate::from_ymd_opt(2026, 12, 25),
        "the same lead time"
    );
    assert!(!next.resolved);
    let links: Vec<_> = editor
        .list_links(next.id)
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.item_id)
        .collect();
    assert_eq!(links, [control.id]);
    // The rule moved: the completed one no longer repeats, the new one does.
    assert_err!(editor.recurrence(review.id).await, NotFound);
    assert_eq!(
        editor.recurrence(next.id).await.unwrap().next_due,
        NaiveDate::from_ymd_opt(2027, 1, 11)
    );
    let listed = editor.recurring_items(tracker.id).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].item_id, next.id);
    // The completed item's updates say what came of it.
    let updates = editor
        .item_updates(review.id, &PageParams::default())
        .await
        .unwrap();
    let recurred = updates
        .data
        .iter()
        .find(|e| e.verb == "recurred")
        .expect("a recurred event");
    assert_eq!(
        recurred.after.as_ref().unwrap()["next_id"],
        next.id.to_string()
    );

    // Reopening and completing the old one again makes nothing more: it no longer repeats.
    let again = editor.get_item(review.id).await.unwrap();
    let todo = tracker.statuses.iter().find(|s| !s.resolved).unwrap();
    let reopened = editor
        .update_item(
            again.id,
            again.version,
            &UpdateItem {
                status_id: Some(todo.id),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    editor
        .update_item(
            reopened.id,
            reopened.version,
            &UpdateItem {
                status_id: Some(done.id),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let count = editor
        .list_items(
            tracker.id,
            &ItemFilter {
                q: Some("working party".into()),
                ..Default::default()
            },
            &PageParams::default(),
        )
        .await
        .unwrap()
        .total;
    assert_eq!(count, 2);
}

#[tokio::test]
async fn rules_are_checked_cleared_and_kept_to_those_who_may_change_the_item() {
    let app = TestApp::spawn().await;
    let [editor, viewer, contributor] = app
        .demos([Role::Editor, Role::Viewer, Role::Contributor])
        .await;
    let tracker = a_tracker(&editor, "Monthly checks").await;
    let check = new_item(&editor, tracker.id, "Check the backup restore").await;
    assert_err!(editor.recurrence(check.id).await, NotFound);
    assert_field!(
        editor
            .set_recurrence(check.id, every(0, RecurrenceUnit::Days))
            .await,
        "rule.every"
    );
    assert_field!(
        editor
            .set_recurrence(
                check.id,
                Recurrence::MonthlyWeekday {
                    nth: 5,
                    weekday: DayOfWeek::Monday
                }
            )
            .await,
        "rule.nth"
    );
    assert_err!(
        viewer
            .set_recurrence(check.id, every(1, RecurrenceUnit::Months))
            .await,
        Forbidden
    );
    assert_err!(
        contributor
            .set_recurrence(check.id, every(1, RecurrenceUnit::Months))
            .await,
        Forbidden
    );
    let first_monday = Recurrence::MonthlyWeekday {
        nth: 1,
        weekday: DayOfWeek::Monday,
    };
    let set = editor.set_recurrence(check.id, first_monday).await.unwrap();
    assert_eq!(set.description, "First Monday of each month");
    assert_eq!(
        viewer.recurrence(check.id).await.unwrap().rule,
        first_monday
    );
    editor.clear_recurrence(check.id).await.unwrap();
    assert_err!(editor.recurrence(check.id).await, NotFound);
    assert_err!(editor.clear_recurrence(check.id).await, NotFound);
    assert!(editor.recurring_items(tracker.id).await.unwrap().is_empty());
    let outsider = app.outsider("Other Recurrence Ltd").await;
    assert_err!(outsider.recurrence(check.id).await, NotFound);
    assert_err!(outsider.recurring_items(tracker.id).await, NotFound);
}
