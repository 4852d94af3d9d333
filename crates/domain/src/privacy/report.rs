//! What the deadlines endpoints answer: each record with its deadline, the counts by state, one
//! item's deadline, the `?state=` filter, and the words screens and banners use.

use super::{DeadlineState, Register};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A day as screens and banners write it: `12 Jan 2027`.
pub fn day_text(day: NaiveDate) -> String {
    day.format("%-d %b %Y").to_string()
}

/// Days left to a deadline in words: `5 days left`, `due today`, `overdue by 1 day`.
pub fn days_left_text(days: i64) -> String {
    match days {
        0 => "due today".to_owned(),
        1 => "1 day left".to_owned(),
        -1 => "overdue by 1 day".to_owned(),
        d if d > 0 => format!("{d} days left"),
        d => format!("overdue by {} days", -d),
    }
}

/// Hours left to a notification deadline in words: `30 h left`, `overdue by 4 h`.
pub fn hours_left_text(hours: i64, overdue: bool) -> String {
    match (overdue, hours) {
        (false, 0) => "less than 1 h left".to_owned(),
        (false, h) => format!("{h} h left"),
        (true, 0) => "overdue by less than 1 h".to_owned(),
        (true, h) => format!("overdue by {} h", h.abs()),
    }
}

/// One data subject request with its deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestDeadline {
    pub item_id: Uuid,
    pub space_id: Uuid,
    pub space_name: String,
    pub number: i64,
    /// "number - title".
    pub label: String,
    pub status: Option<String>,
    /// The "Request type" option's label.
    pub request_type: Option<String>,
    pub received_on: Option<NaiveDate>,
    /// "Extended" is Yes: two further months (Art. 12(3)).
    pub extended: bool,
    /// The statutory deadline; absent without a receipt date.
    pub due_on: Option<NaiveDate>,
    pub responded_on: Option<NaiveDate>,
    pub state: DeadlineState,
    /// Days from today to the deadline while unanswered (negative when overdue).
    pub days_left: Option<i64>,
}

impl RequestDeadline {
    /// The banner of the request's page: `Response due 12 Jan 2027 (Art. 12(3)) — 5 days left`.
    pub fn summary(&self) -> String {
        let Some(due) = self.due_on else {
            return "No receipt date: record \u{201c}Received on\u{201d} to compute the response \
                    deadline (Art. 12(3))"
                .to_owned();
        };
        let extended = if self.extended { ", extended" } else { "" };
        let head = format!("Response due {} (Art. 12(3){extended})", day_text(due));
        match (self.days_left, self.responded_on) {
            (_, Some(on)) => format!(
                "{head} \u{2014} {} on {}",
                self.state.label().to_lowercase(),
                day_text(on)
            ),
            (Some(days), None) => format!("{head} \u{2014} {}", days_left_text(days)),
            (None, None) => head,
        }
    }
}

/// One personal data breach with its notification deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BreachDeadline {
    pub item_id: Uuid,
    pub space_id: Uuid,
    pub space_name: String,
    pub number: i64,
    /// "number - title".
    pub label: String,
    pub status: Option<String>,
    /// When the organisation became aware of the breach (UTC).
    pub aware_at: Option<DateTime<Utc>>,
    /// Says so when the time of awareness was missing or unreadable and 00:00 UTC was assumed.
    pub aware_time_note: Option<String>,
    /// Awareness + 72 hours (UTC); absent without an awareness date.
    pub notify_by: Option<DateTime<Utc>>,
    pub notified_on: Option<NaiveDate>,
    /// Why it was not notified, as recorded.
    pub reason_not_notified: Option<String>,
    pub state: DeadlineState,
    /// Whole hours from now to the deadline while it runs (negative when overdue).
    pub hours_left: Option<i64>,
}

impl BreachDeadline {
    /// The banner of the breach's page: `Notify the supervisory authority by 3 Dec 2026 09:40
    /// UTC (Art. 33) — overdue by 4 h`.
    pub fn summary(&self) -> String {
        if self.state == DeadlineState::NotNotifiable {
            return "Not notified to the supervisory authority: the reason is recorded \
                    (Art. 33(1) and 33(5))"
                .to_owned();
        }
        let Some(by) = self.notify_by else {
            return "No awareness date: record \u{201c}Became aware on\u{201d} to compute the \
                    notification deadline (Art. 33)"
                .to_owned();
        };
        let head = format!(
            "Notify the supervisory authority by {} UTC (Art. 33)",
            by.format("%-d %b %Y %H:%M")
        );
        match (self.hours_left, self.notified_on) {
            (_, Some(on)) => format!(
                "{head} \u{2014} {} on {}",
                self.state.label().to_lowercase(),
                day_text(on)
            ),
            (Some(hours), None) => format!(
                "{head} \u{2014} {}",
                hours_left_text(hours, self.state == DeadlineState::Overdue)
            ),
            (None, None) => head,
        }
    }
}

/// How many records of a register are in a state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StateCount {
    pub state: DeadlineState,
    pub count: i64,
}

/// The counts by state of both registers, every state of each listed (zeros too).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeadlineSummary {
    pub requests: Vec<StateCount>,
    pub breaches: Vec<StateCount>,
}

impl DeadlineSummary {
    /// Counts the records' states.
    pub fn of(requests: &[RequestDeadline], breaches: &[BreachDeadline]) -> DeadlineSummary {
        let count = |states: &[DeadlineState], of: &dyn Fn(DeadlineState) -> usize| {
            states
                .iter()
                .map(|&state| StateCount {
                    state,
                    count: of(state) as i64,
                })
                .collect()
        };
        DeadlineSummary {
            requests: count(&DeadlineState::REQUESTS, &|s| {
                requests.iter().filter(|r| r.state == s).count()
            }),
            breaches: count(&DeadlineState::BREACHES, &|s| {
                breaches.iter().filter(|b| b.state == s).count()
            }),
        }
    }
}

/// A live tracker keeping one of the registers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterSpace {
    pub space_id: Uuid,
    pub name: String,
    pub register: Register,
}

/// The organisation's GDPR deadlines: every request and breach of its live registers, most
/// urgent first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PrivacyDeadlines {
    /// The moment the states were judged at (UTC); days count from its date.
    pub as_of: DateTime<Utc>,
    /// The trackers the records come from.
    pub spaces: Vec<RegisterSpace>,
    /// Requests, filtered by `state` when asked.
    pub requests: Vec<RequestDeadline>,
    /// Breaches, filtered by `state` when asked.
    pub breaches: Vec<BreachDeadline>,
    /// Counts of every record by state, whatever the filter.
    pub summary: DeadlineSummary,
}

/// One item's deadline: a request's or a breach's, by `register`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemDeadline {
    pub register: Register,
    pub request: Option<RequestDeadline>,
    pub breach: Option<BreachDeadline>,
}

impl ItemDeadline {
    /// The banner text of the item's page.
    pub fn summary(&self) -> String {
        match (&self.request, &self.breach) {
            (Some(r), _) => r.summary(),
            (None, Some(b)) => b.summary(),
            (None, None) => String::new(),
        }
    }

    /// The state of the item's deadline.
    pub fn state(&self) -> Option<DeadlineState> {
        match (&self.request, &self.breach) {
            (Some(r), _) => Some(r.state),
            (None, Some(b)) => Some(b.state),
            (None, None) => None,
        }
    }
}

/// Query of `GET /privacy/deadlines`; read as text so a bad value is a 422 naming the parameter.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct DeadlineQuery {
    /// Only records in this state: `open`, `due_soon`, `overdue`, `answered_on_time`,
    /// `answered_late`, `no_receipt_date`, `to_notify`, `notified_on_time`, `notified_late`,
    /// `not_notifiable` or `no_awareness_date`.
    pub state: Option<String>,
}

/// Why a `state` filter is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a deadline state; use one of {states}", states = state_keys())]
pub struct UnknownState(pub String);

fn state_keys() -> String {
    DeadlineState::ALL.map(DeadlineState::key).join(", ")
}

impl DeadlineQuery {
    /// The state asked for, if any.
    pub fn state(&self) -> Result<Option<DeadlineState>, UnknownState> {
        match self
            .state
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => Ok(None),
            Some(key) => DeadlineState::parse(key)
                .map(Some)
                .ok_or_else(|| UnknownState(key.to_owned())),
        }
    }
}
