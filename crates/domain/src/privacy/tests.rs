//! The deadline rules and reports against dates and times written out by hand.

use super::*;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use uuid::Uuid;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    day(y, m, d).and_hms_opt(h, min, 0).unwrap().and_utc()
}

/// The deadline, without extension, of a request received on that day.
fn due(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    response_due(day(y, m, d), false)
}

#[test]
fn a_response_is_due_one_calendar_month_after_receipt() {
    assert_eq!(due(2026, 3, 10), Some(day(2026, 4, 10)));
    assert_eq!(due(2026, 12, 15), Some(day(2027, 1, 15)));
}

#[test]
fn a_month_from_the_31st_ends_on_the_last_day_of_a_shorter_month() {
    assert_eq!(due(2027, 1, 31), Some(day(2027, 2, 28)));
    assert_eq!(due(2028, 1, 31), Some(day(2028, 2, 29)));
    assert_eq!(due(2026, 3, 31), Some(day(2026, 4, 30)));
}

#[test]
fn an_extension_adds_two_further_months_to_the_first() {
    assert_eq!(response_due(day(2026, 3, 10), true), Some(day(2026, 6, 10)));
    // The first month ends on 28 Feb; two further months end on 28 Apr.
    assert_eq!(response_due(day(2027, 1, 31), true), Some(day(2027, 4, 28)));
}

fn request(
    received: Option<NaiveDate>,
    extended: bool,
    responded: Option<NaiveDate>,
) -> RequestFacts {
    RequestFacts {
        received_on: received,
        extended,
        responded_on: responded,
    }
}

#[test]
fn an_unanswered_request_is_open_then_due_soon_then_overdue() {
    let facts = request(Some(day(2026, 3, 10)), false, None);
    let open = request_timing(&facts, day(2026, 4, 2));
    assert_eq!((open.state, open.days_left), (DeadlineState::Open, Some(8)));
    let soon = request_timing(&facts, day(2026, 4, 3));
    assert_eq!(
        (soon.state, soon.days_left),
        (DeadlineState::DueSoon, Some(7))
    );
    let today = request_timing(&facts, day(2026, 4, 10));
    assert_eq!(
        (today.state, today.days_left),
        (DeadlineState::DueSoon, Some(0))
    );
    let late = request_timing(&facts, day(2026, 4, 11));
    assert_eq!(
        (late.state, late.days_left),
        (DeadlineState::Overdue, Some(-1))
    );
    assert_eq!(late.due_on, Some(day(2026, 4, 10)));
}

#[test]
fn an_extended_request_is_not_overdue_after_one_month() {
    let facts = request(Some(day(2026, 3, 10)), true, None);
    let t = request_timing(&facts, day(2026, 4, 20));
    assert_eq!(t.due_on, Some(day(2026, 6, 10)));
    assert_eq!(t.state, DeadlineState::Open);
}

#[test]
fn an_answer_is_on_time_up_to_the_due_day_and_late_after_it() {
    let received = Some(day(2026, 3, 10));
    let on_time = request_timing(
        &request(received, false, Some(day(2026, 4, 10))),
        day(2026, 9, 1),
    );
    assert_eq!(
        (on_time.state, on_time.days_left),
        (DeadlineState::AnsweredOnTime, None)
    );
    let late = request_timing(
        &request(received, false, Some(day(2026, 4, 11))),
        day(2026, 4, 12),
    );
    assert_eq!(late.state, DeadlineState::AnsweredLate);
}

#[test]
fn a_request_without_a_receipt_date_has_no_deadline() {
    let t = request_timing(
        &request(None, true, Some(day(2026, 4, 11))),
        day(2026, 4, 12),
    );
    assert_eq!(
        t,
        RequestTiming {
            due_on: None,
            state: DeadlineState::NoReceiptDate,
            days_left: None
        }
    );
}

fn breach(on: Option<NaiveDate>, at: Option<&str>) -> BreachFacts {
    BreachFacts {
        aware_on: on,
        aware_at: at.map(str::to_owned),
        ..BreachFacts::default()
    }
}

/// The state of a breach at 00:00 UTC of a day.
fn state_at_midnight(facts: &BreachFacts, y: i32, m: u32, d: u32) -> DeadlineState {
    breach_timing(facts, at(y, m, d, 0, 0)).state
}

#[test]
fn a_breach_must_be_notified_72_hours_after_awareness() {
    let facts = breach(Some(day(2026, 11, 30)), Some("09:40"));
    let t = breach_timing(&facts, at(2026, 12, 1, 9, 40));
    assert_eq!(t.aware_at, Some(at(2026, 11, 30, 9, 40)));
    assert_eq!(t.notify_by, Some(at(2026, 12, 3, 9, 40)));
    assert_eq!((t.state, t.hours_left), (DeadlineState::ToNotify, Some(48)));
    assert_eq!(t.aware_time_note, None);
    let late = breach_timing(&facts, at(2026, 12, 3, 13, 50));
    assert_eq!(
        (late.state, late.hours_left),
        (DeadlineState::Overdue, Some(-4))
    );
    let just = breach_timing(&facts, at(2026, 12, 3, 10, 0));
    assert_eq!(
        (just.state, just.hours_left),
        (DeadlineState::Overdue, Some(0))
    );
}

#[test]
fn a_missing_or_unreadable_time_counts_from_midnight_and_says_so() {
    let missing = breach_timing(
        &breach(Some(day(2026, 11, 30)), None),
        at(2026, 11, 30, 1, 0),
    );
    assert_eq!(missing.notify_by, Some(at(2026, 12, 3, 0, 0)));
    assert!(
        missing
            .aware_time_note
            .unwrap()
            .contains("No time of awareness recorded")
    );
    let bad = breach_timing(
        &breach(Some(day(2026, 11, 30)), Some("after lunch")),
        at(2026, 11, 30, 1, 0),
    );
    assert_eq!(bad.notify_by, Some(at(2026, 12, 3, 0, 0)));
    assert!(bad.aware_time_note.unwrap().contains("after lunch"));
    let blank = breach_timing(
        &breach(Some(day(2026, 11, 30)), Some("  ")),
        at(2026, 11, 30, 1, 0),
    );
    assert!(blank.aware_time_note.is_some());
    assert_eq!(parse_clock("9:05"), NaiveTime::from_hms_opt(9, 5, 0));
    assert_eq!(parse_clock("18:15:30"), NaiveTime::from_hms_opt(18, 15, 30));
    assert_eq!(parse_clock("25:00"), None);
}

#[test]
fn notification_is_judged_by_the_day_of_the_deadline() {
    let mut facts = breach(Some(day(2026, 11, 30)), Some("09:40"));
    facts.notified_on = Some(day(2026, 12, 3));
    let on_time = breach_timing(&facts, at(2027, 1, 1, 0, 0));
    assert_eq!(
        (on_time.state, on_time.hours_left),
        (DeadlineState::NotifiedOnTime, None)
    );
    facts.notified_on = Some(day(2026, 12, 4));
    assert_eq!(
        state_at_midnight(&facts, 2027, 1, 1),
        DeadlineState::NotifiedLate
    );
}

#[test]
fn a_recorded_reason_means_no_deadline_runs_unless_it_was_notified_anyway() {
    let mut facts = breach(Some(day(2026, 11, 1)), Some("08:30"));
    facts.reason_not_notified = Some("Encrypted device".into());
    let t = breach_timing(&facts, at(2026, 12, 1, 0, 0));
    assert_eq!(
        (t.state, t.hours_left),
        (DeadlineState::NotNotifiable, None)
    );
    facts.reason_not_notified = Some("   ".into());
    assert_eq!(
        state_at_midnight(&facts, 2026, 12, 1),
        DeadlineState::Overdue
    );
    facts.reason_not_notified = Some("Thought unlikely to harm".into());
    facts.notified_on = Some(day(2026, 11, 2));
    assert_eq!(
        state_at_midnight(&facts, 2026, 12, 1),
        DeadlineState::NotifiedOnTime
    );
}

#[test]
fn a_breach_without_an_awareness_date_cannot_be_judged() {
    let mut facts = breach(None, Some("09:40"));
    facts.notified_on = Some(day(2026, 11, 2));
    let t = breach_timing(&facts, at(2026, 12, 1, 0, 0));
    assert_eq!(
        (t.state, t.notify_by, t.aware_time_note),
        (DeadlineState::NoAwarenessDate, None, None)
    );
}

fn request_deadline(timing: RequestTiming, facts: &RequestFacts) -> RequestDeadline {
    RequestDeadline {
        item_id: Uuid::nil(),
        space_id: Uuid::nil(),
        space_name: "Data Subject Requests".into(),
        number: 1,
        label: "1 - Access".into(),
        status: None,
        request_type: None,
        received_on: facts.received_on,
        extended: facts.extended,
        due_on: timing.due_on,
        responded_on: facts.responded_on,
        state: timing.state,
        days_left: timing.days_left,
    }
}

#[test]
fn banners_say_the_deadline_the_article_and_the_time_left() {
    let facts = request(Some(day(2026, 12, 12)), false, None);
    let open = request_deadline(request_timing(&facts, day(2027, 1, 7)), &facts);
    assert_eq!(
        open.summary(),
        "Response due 12 Jan 2027 (Art. 12(3)) \u{2014} 5 days left"
    );
    let answered = request(Some(day(2026, 12, 12)), false, Some(day(2027, 1, 5)));
    let done = request_deadline(request_timing(&answered, day(2027, 1, 7)), &answered);
    assert_eq!(
        done.summary(),
        "Response due 12 Jan 2027 (Art. 12(3)) \u{2014} answered on time on 5 Jan 2027"
    );
    let facts = breach(Some(day(2026, 11, 30)), Some("09:40"));
    let t = breach_timing(&facts, at(2026, 12, 3, 13, 45));
    let b = BreachDeadline {
        item_id: Uuid::nil(),
        space_id: Uuid::nil(),
        space_name: String::new(),
        number: 1,
        label: String::new(),
        status: None,
        aware_at: t.aware_at,
        aware_time_note: t.aware_time_note,
        notify_by: t.notify_by,
        notified_on: None,
        reason_not_notified: None,
        state: t.state,
        hours_left: t.hours_left,
    };
    assert_eq!(
        b.summary(),
        "Notify the supervisory authority by 3 Dec 2026 09:40 UTC (Art. 33) \u{2014} overdue by 4 h"
    );
    assert_eq!(days_left_text(-3), "overdue by 3 days");
    assert_eq!(hours_left_text(30, false), "30 h left");
}

#[test]
fn the_summary_lists_every_state_of_each_register() {
    let facts = request(None, false, None);
    let r = request_deadline(request_timing(&facts, day(2027, 1, 7)), &facts);
    let summary = DeadlineSummary::of(&[r.clone(), r], &[]);
    assert_eq!(summary.requests.len(), DeadlineState::REQUESTS.len());
    assert_eq!(summary.breaches.len(), DeadlineState::BREACHES.len());
    let none = summary
        .requests
        .iter()
        .find(|c| c.state == DeadlineState::NoReceiptDate)
        .unwrap();
    assert_eq!(none.count, 2);
    assert!(summary.breaches.iter().all(|c| c.count == 0));
}

#[test]
fn a_register_is_recognised_by_its_fields() {
    let field = |name: &str, kind: FieldKind| FieldDefinition {
        id: Uuid::nil(),
        name: name.into(),
        kind,
        options: Vec::new(),
        required: false,
    };
    let requests = [
        field("Received on", FieldKind::Date),
        field("Extended", FieldKind::Select),
        field("Responded on", FieldKind::Date),
    ];
    assert_eq!(register_by_fields(&requests), Some(Register::Requests));
    let complaints = [
        field("Received on", FieldKind::Date),
        field("Response due", FieldKind::Date),
    ];
    assert_eq!(register_by_fields(&complaints), None);
    let breaches = [
        field("Became aware on", FieldKind::Date),
        field("Notified to supervisory authority on", FieldKind::Date),
    ];
    assert_eq!(register_by_fields(&breaches), Some(Register::Breaches));
}

#[test]
fn the_state_filter_takes_keys_and_refuses_anything_else() {
    let q = |s: &str| {
        DeadlineQuery {
            state: Some(s.into()),
        }
        .state()
    };
    assert_eq!(q("overdue"), Ok(Some(DeadlineState::Overdue)));
    assert_eq!(q(" due_soon "), Ok(Some(DeadlineState::DueSoon)));
    assert_eq!(q(""), Ok(None));
    let refused = q("late").unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("`late` is not a deadline state")
    );
    assert!(refused.to_string().contains("no_awareness_date"));
    for state in DeadlineState::ALL {
        assert_eq!(DeadlineState::parse(state.key()), Some(state));
    }
    assert_eq!(
        Register::of_template(REQUESTS_TEMPLATE),
        Some(Register::Requests)
    );
    assert_eq!(Register::of_template("kpis"), None);
}

mod response_due_fields {
    use super::*;
    use crate::work::colour::Colour;
    use crate::work::fields::{FieldDefinition, FieldKind, SelectOption};
    use crate::work::templates::FieldKeys;
    use serde_json::{Value, json};
    use std::collections::BTreeMap;

    const YES: u128 = 101;
    const NO: u128 = 102;

    fn field(id: u128, name: &str, kind: FieldKind) -> FieldDefinition {
        let options = if kind.has_options() {
            [(YES, "Yes"), (NO, "No")]
                .into_iter()
                .map(|(id, label)| SelectOption {
                    id: Uuid::from_u128(id),
                    label: label.into(),
                    colour: Colour::parse("#607d8b").unwrap(),
                })
                .collect()
        } else {
            Vec::new()
        };
        FieldDefinition {
            id: Uuid::from_u128(id),
            name: name.into(),
            kind,
            options,
            required: false,
        }
    }

    fn requests_fields() -> Vec<FieldDefinition> {
        vec![
            field(1, "Request type", FieldKind::Select),
            field(2, "Received on", FieldKind::Date),
            field(3, "Extended", FieldKind::Select),
        ]
    }

    /// The keys the requests template gave the fields of `requests_fields`.
    fn requests_keys() -> FieldKeys {
        FieldKeys::from([
            (Uuid::from_u128(1), keys::REQUEST_TYPE.to_owned()),
            (Uuid::from_u128(2), keys::RECEIVED_ON.to_owned()),
            (Uuid::from_u128(3), keys::EXTENDED.to_owned()),
        ])
    }

    /// The fields due dates follow in a requests tracker with these fields.
    fn due_fields(fields: &[FieldDefinition]) -> Option<ResponseDueFields<'_>> {
        ResponseDueFields::of(fields, &requests_keys())
    }

    fn values(received: Option<&str>, extended: Option<u128>) -> BTreeMap<Uuid, Value> {
        let mut v = BTreeMap::new();
        if let Some(r) = received {
            v.insert(Uuid::from_u128(2), json!(r));
        }
        if let Some(e) = extended {
            v.insert(Uuid::from_u128(3), json!(Uuid::from_u128(e).to_string()));
        }
        v
    }

    #[test]
    fn only_a_tracker_with_a_received_on_date_has_a_due_date_to_settle() {
        let fields = requests_fields();
        let clock = due_fields(&fields).unwrap();
        assert_eq!(clock.ids(), [Uuid::from_u128(2), Uuid::from_u128(3)]);
        assert!(due_fields(&[field(4, "Owner", FieldKind::Text)]).is_none());
        assert!(
            due_fields(&[field(2, "Received on", FieldKind::Text)]).is_none(),
            "a field with the key but turned into text is not the template's date"
        );
        let without_extension = [field(2, "Received on", FieldKind::Date)];
        let clock = due_fields(&without_extension).unwrap();
        assert_eq!(clock.ids(), [Uuid::from_u128(2)]);
        assert_eq!(
            clock.settled_due(None, &values(Some("2026-03-10"), None)),
            Some(day(2026, 4, 10))
        );
    }

    #[test]
    fn the_fields_are_found_by_key_whatever_they_are_called_now() {
        let renamed = [
            field(2, "Date of receipt", FieldKind::Date),
            field(3, "Deadline extended?", FieldKind::Select),
        ];
        let clock = due_fields(&renamed).unwrap();
        assert_eq!(clock.received_on.name, "Date of receipt");
        assert_eq!(clock.extended.map(|f| f.id), Some(Uuid::from_u128(3)));
        assert_eq!(
            clock.settled_due(None, &values(Some("2026-03-10"), Some(YES))),
            Some(day(2026, 6, 10))
        );
        let added_by_hand = [
            field(7, "Received on", FieldKind::Date),
            field(8, "Extended", FieldKind::Select),
        ];
        assert!(
            due_fields(&added_by_hand).is_none(),
            "fields a user added under the template's names have no key"
        );
    }

    #[test]
    fn a_new_request_is_due_a_month_after_receipt_or_three_when_extended() {
        let fields = requests_fields();
        let clock = due_fields(&fields).unwrap();
        assert_eq!(
            clock.settled_due(None, &values(Some("2026-03-10"), None)),
            Some(day(2026, 4, 10))
        );
        assert_eq!(
            clock.settled_due(None, &values(Some("2026-03-10"), Some(NO))),
            Some(day(2026, 4, 10))
        );
        assert_eq!(
            clock.settled_due(None, &values(Some("2026-03-10"), Some(YES))),
            Some(day(2026, 6, 10))
        );
    }

    #[test]
    fn without_a_readable_receipt_date_the_due_date_is_left_alone() {
        let fields = requests_fields();
        let clock = due_fields(&fields).unwrap();
        assert_eq!(clock.settled_due(None, &values(None, Some(YES))), None);
        assert_eq!(
            clock.settled_due(None, &values(Some("10/03/2026"), None)),
            None
        );
    }

    #[test]
    fn an_update_settles_the_due_date_only_when_receipt_or_extension_changed() {
        let fields = requests_fields();
        let clock = due_fields(&fields).unwrap();
        let before = values(Some("2026-03-10"), Some(NO));
        assert_eq!(
            clock.settled_due(Some(&before), &before),
            None,
            "a date typed by hand stays when neither changed"
        );
        assert_eq!(
            clock.settled_due(Some(&before), &values(Some("2026-03-10"), Some(YES))),
            Some(day(2026, 6, 10))
        );
        assert_eq!(
            clock.settled_due(Some(&before), &values(Some("2026-03-12"), Some(NO))),
            Some(day(2026, 4, 12))
        );
        let mut other = before.clone();
        other.insert(Uuid::from_u128(1), json!("Access"));
        assert_eq!(
            clock.settled_due(Some(&other), &values(Some("2026-03-10"), Some(NO))),
            None,
            "other fields do not count"
        );
    }
}
