//! The two statutory clocks: a request's response date (Art. 12(3)) and a breach's 72 hours
//! (Art. 33(1)), and where a record stands against its clock.

use super::{DUE_SOON_DAYS, DeadlineState, NOTIFY_WITHIN_HOURS, is_yes, keys};
use crate::work::fields::{FieldDefinition, FieldKind};
use crate::work::templates::FieldKeys;
use chrono::{DateTime, Duration, Months, NaiveDate, NaiveTime, TimeDelta, Utc};
use serde_json::Value;
use std::collections::BTreeMap;
use uuid::Uuid;

/// The last day to answer a request received on `received` (Art. 12(3)): one calendar month
/// later, or two further months after that when the period was extended. A month from the 31st
/// ends on the month's last day (31 Jan → 28/29 Feb); the extension is counted from that end,
/// which never gives a later day than counting three months from receipt.
pub fn response_due(received: NaiveDate, extended: bool) -> Option<NaiveDate> {
    let due = received.checked_add_months(Months::new(1))?;
    if extended {
        due.checked_add_months(Months::new(2))
    } else {
        Some(due)
    }
}

/// The fields of a data subject requests tracker its statutory due date follows: the template's
/// "Received on" date and "Extended" select, found once among a space's fields by the keys the
/// template gave them (the template gives each space fresh field ids, and a field may have been
/// renamed since) and by kind; every rule after this reads values by these fields' ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponseDueFields<'a> {
    pub received_on: &'a FieldDefinition,
    pub extended: Option<&'a FieldDefinition>,
}

impl<'a> ResponseDueFields<'a> {
    /// The space's fields the due date follows, given the template keys of its fields; `None`
    /// for a space without a "Received on" date (most trackers), decided without reading a value.
    pub fn of(
        fields: &'a [FieldDefinition],
        field_keys: &FieldKeys,
    ) -> Option<ResponseDueFields<'a>> {
        let keyed = |key: &str, kind: FieldKind| {
            fields
                .iter()
                .find(|f| f.kind == kind && field_keys.get(&f.id).is_some_and(|k| k == key))
        };
        Some(ResponseDueFields {
            received_on: keyed(keys::RECEIVED_ON, FieldKind::Date)?,
            extended: keyed(keys::EXTENDED, FieldKind::Select),
        })
    }

    /// The ids of the fields whose values decide the due date.
    pub fn ids(&self) -> Vec<Uuid> {
        std::iter::once(self.received_on.id)
            .chain(self.extended.map(|f| f.id))
            .collect()
    }

    /// The due date a request takes after a write, given its stored values of these fields by
    /// field id now and, for an update, before it (`None` for a new request): the statutory date
    /// when the write set or changed either field; `None` (leave the due date as it is) when it
    /// changed neither, or when there is no readable receipt date to count from.
    pub fn settled_due(
        &self,
        before: Option<&BTreeMap<Uuid, Value>>,
        now: &BTreeMap<Uuid, Value>,
    ) -> Option<NaiveDate> {
        let received = now
            .get(&self.received_on.id)
            .and_then(Value::as_str)
            .and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok())?;
        if let Some(before) = before
            && self.ids().iter().all(|id| before.get(id) == now.get(id))
        {
            return None;
        }
        let extended = self.extended.is_some_and(|field| {
            now.get(&field.id)
                .and_then(Value::as_str)
                .and_then(|id| field.options.iter().find(|o| o.id.to_string() == id))
                .is_some_and(|o| is_yes(&o.label))
        });
        response_due(received, extended)
    }
}

/// What the requests tracker records about one request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestFacts {
    pub received_on: Option<NaiveDate>,
    /// "Extended" is Yes.
    pub extended: bool,
    /// A request counts as answered once "Responded on" is recorded, whatever its status, so a
    /// request closed without that date stays visible here until the date is recorded.
    pub responded_on: Option<NaiveDate>,
}

/// A request's deadline and where it stands on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestTiming {
    pub due_on: Option<NaiveDate>,
    pub state: DeadlineState,
    /// Days from today to the deadline while unanswered (negative when overdue).
    pub days_left: Option<i64>,
}

/// Where a request stands on `today`.
pub fn request_timing(facts: &RequestFacts, today: NaiveDate) -> RequestTiming {
    let due_on = facts
        .received_on
        .and_then(|r| response_due(r, facts.extended));
    let Some(due) = due_on else {
        return RequestTiming {
            due_on,
            state: DeadlineState::NoReceiptDate,
            days_left: None,
        };
    };
    if let Some(responded) = facts.responded_on {
        let state = if responded <= due {
            DeadlineState::AnsweredOnTime
        } else {
            DeadlineState::AnsweredLate
        };
        return RequestTiming {
            due_on,
            state,
            days_left: None,
        };
    }
    let left = (due - today).num_days();
    let state = if left < 0 {
        DeadlineState::Overdue
    } else if left <= DUE_SOON_DAYS {
        DeadlineState::DueSoon
    } else {
        DeadlineState::Open
    };
    RequestTiming {
        due_on,
        state,
        days_left: Some(left),
    }
}

/// Reads the `HH:MM` (or `HH:MM:SS`) the breach register records as the time of awareness.
pub fn parse_clock(text: &str) -> Option<NaiveTime> {
    let text = text.trim();
    NaiveTime::parse_from_str(text, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(text, "%H:%M:%S"))
        .ok()
}

/// What the breach register records about one breach.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BreachFacts {
    pub aware_on: Option<NaiveDate>,
    /// The "Became aware at" text as recorded.
    pub aware_at: Option<String>,
    pub notified_on: Option<NaiveDate>,
    pub reason_not_notified: Option<String>,
}

/// A breach's deadline and where it stands at `now`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreachTiming {
    /// The moment of awareness the deadline counts from.
    pub aware_at: Option<DateTime<Utc>>,
    /// Set when the time of awareness was missing or unreadable and 00:00 was assumed.
    pub aware_time_note: Option<String>,
    pub notify_by: Option<DateTime<Utc>>,
    pub state: DeadlineState,
    /// Whole hours from now to the deadline while it runs (negative when overdue; 0 within the
    /// hour either side).
    pub hours_left: Option<i64>,
}

/// Where a breach stands at `now`. Notifying wins over a recorded reason; a recorded reason
/// means no deadline runs; without an awareness date nothing can be judged.
pub fn breach_timing(facts: &BreachFacts, now: DateTime<Utc>) -> BreachTiming {
    let recorded = facts
        .aware_at
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let (time, note) = match recorded.map(|t| (t, parse_clock(t))) {
        Some((_, Some(time))) => (time, None),
        Some((text, None)) => (
            NaiveTime::MIN,
            Some(format!(
                "\u{201c}{text}\u{201d} is not a time (HH:MM): counted from 00:00 UTC"
            )),
        ),
        None => (
            NaiveTime::MIN,
            Some("No time of awareness recorded: counted from 00:00 UTC".to_owned()),
        ),
    };
    let aware_at = facts.aware_on.map(|d| d.and_time(time).and_utc());
    let notify_by = aware_at.map(|a| a + Duration::hours(NOTIFY_WITHIN_HOURS));
    let reason = facts
        .reason_not_notified
        .as_deref()
        .is_some_and(|r| !r.trim().is_empty());
    let (state, hours_left) = match (notify_by, facts.notified_on) {
        (Some(by), Some(notified)) if notified <= by.date_naive() => {
            (DeadlineState::NotifiedOnTime, None)
        }
        (Some(_), Some(_)) => (DeadlineState::NotifiedLate, None),
        _ if reason => (DeadlineState::NotNotifiable, None),
        (None, _) => (DeadlineState::NoAwarenessDate, None),
        (Some(by), None) => {
            let left: TimeDelta = by - now;
            let state = if left < TimeDelta::zero() {
                DeadlineState::Overdue
            } else {
                DeadlineState::ToNotify
            };
            (state, Some(left.num_hours()))
        }
    };
    BreachTiming {
        aware_at,
        aware_time_note: facts.aware_on.and(note),
        notify_by,
        state,
        hours_left,
    }
}
