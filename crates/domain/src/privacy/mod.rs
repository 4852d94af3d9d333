//! GDPR statutory deadlines: a data subject request must be answered within one calendar month of
//! receipt, extendable by two further months (Article 12(3)); a personal data breach must be
//! notified to the supervisory authority within 72 hours of becoming aware of it (Article 33(1)).
//!
//! The GDPR cluster keeps both in trackers made from templates; the rules below read the facts
//! those trackers record and say where each record stands. They find a tracker's fields by the
//! stable keys of [`keys`], which the templates give them and which renaming a field keeps. Times
//! are UTC: the breach register records the moment of awareness as a date and an `HH:MM` text, in
//! UTC.

use crate::work::fields::{FieldDefinition, FieldKind};
use serde::{Deserialize, Serialize};

mod report;
mod rules;

pub use report::*;
pub use rules::*;

/// The template key of the data subject requests tracker.
pub const REQUESTS_TEMPLATE: &str = "gdpr-data-subject-requests";
/// The template key of the personal data breach register.
pub const BREACHES_TEMPLATE: &str = "gdpr-breach-register";

/// The keys the two templates give the fields the deadlines are read from
/// (`seeds/templates/gdpr-*.json`): a space made from a template keeps each key with its field,
/// whatever the field is renamed to, so the rules find their fields by these and never by name.
pub mod keys {
    /// Requests: the right exercised (a select).
    pub const REQUEST_TYPE: &str = "request_type";
    /// Requests: the date the clock starts from.
    pub const RECEIVED_ON: &str = "received_on";
    /// Requests: Yes when the period was extended by two months (a select).
    pub const EXTENDED: &str = "extended";
    /// Requests: the date of the answer.
    pub const RESPONDED_ON: &str = "responded_on";
    /// Breaches: the date the 72 hours count from.
    pub const AWARE_ON: &str = "aware_on";
    /// Breaches: the `HH:MM` of awareness (a text).
    pub const AWARE_AT: &str = "aware_at";
    /// Breaches: the date the supervisory authority was told.
    pub const NOTIFIED_ON: &str = "notified_on";
    /// Breaches: why the authority was not told (no deadline runs then).
    pub const REASON_NOT_NOTIFIED: &str = "reason_not_notified";
}

/// The templates' names of the fields that tell the registers apart, for screens that see a
/// space's fields but neither its template nor the fields' keys (see [`register_by_fields`]).
const RECEIVED_ON_NAME: &str = "Received on";
const EXTENDED_NAME: &str = "Extended";
const RESPONDED_ON_NAME: &str = "Responded on";
const AWARE_ON_NAME: &str = "Became aware on";
const NOTIFIED_ON_NAME: &str = "Notified to supervisory authority on";

/// Days before a response deadline from which a request counts as due soon.
pub const DUE_SOON_DAYS: i64 = 7;
/// Hours from awareness within which a breach must be notified (Art. 33(1)).
pub const NOTIFY_WITHIN_HOURS: i64 = 72;

/// Which of the two registers a record belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Register {
    /// Data subject requests (Art. 12(3)).
    Requests,
    /// Personal data breaches (Art. 33).
    Breaches,
}

impl Register {
    /// The register kept in a space made from `template`, if any.
    pub fn of_template(template: &str) -> Option<Register> {
        match template {
            REQUESTS_TEMPLATE => Some(Register::Requests),
            BREACHES_TEMPLATE => Some(Register::Breaches),
            _ => None,
        }
    }

    /// The space template that keeps this register.
    pub fn template(self) -> &'static str {
        match self {
            Register::Requests => REQUESTS_TEMPLATE,
            Register::Breaches => BREACHES_TEMPLATE,
        }
    }
}

/// Where a record stands against its statutory deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeadlineState {
    /// A request not yet answered, more than a week before its deadline.
    Open,
    /// A request not yet answered, due within a week (or today).
    DueSoon,
    /// Past its deadline: a request not answered, or a breach not notified (and no reason recorded).
    Overdue,
    /// A request answered on or before its deadline.
    AnsweredOnTime,
    /// A request answered after its deadline.
    AnsweredLate,
    /// A request without a receipt date: no deadline can be computed.
    NoReceiptDate,
    /// A breach not yet notified, still within its 72 hours.
    ToNotify,
    /// A breach notified on or before the day of its deadline.
    NotifiedOnTime,
    /// A breach notified on a day after its deadline.
    NotifiedLate,
    /// A breach not notified, with the reason recorded (unlikely to result in a risk).
    NotNotifiable,
    /// A breach without the date the organisation became aware of it.
    NoAwarenessDate,
}

impl DeadlineState {
    /// The states a request can be in, in the order screens list them.
    pub const REQUESTS: [DeadlineState; 6] = [
        DeadlineState::Overdue,
        DeadlineState::DueSoon,
        DeadlineState::Open,
        DeadlineState::NoReceiptDate,
        DeadlineState::AnsweredLate,
        DeadlineState::AnsweredOnTime,
    ];
    /// The states a breach can be in, in the order screens list them.
    pub const BREACHES: [DeadlineState; 6] = [
        DeadlineState::Overdue,
        DeadlineState::ToNotify,
        DeadlineState::NoAwarenessDate,
        DeadlineState::NotifiedLate,
        DeadlineState::NotifiedOnTime,
        DeadlineState::NotNotifiable,
    ];
    /// Every state once.
    pub const ALL: [DeadlineState; 11] = [
        DeadlineState::Open,
        DeadlineState::DueSoon,
        DeadlineState::Overdue,
        DeadlineState::AnsweredOnTime,
        DeadlineState::AnsweredLate,
        DeadlineState::NoReceiptDate,
        DeadlineState::ToNotify,
        DeadlineState::NotifiedOnTime,
        DeadlineState::NotifiedLate,
        DeadlineState::NotNotifiable,
        DeadlineState::NoAwarenessDate,
    ];

    /// The serialised name, as `?state=` takes it.
    pub fn key(self) -> &'static str {
        match self {
            DeadlineState::Open => "open",
            DeadlineState::DueSoon => "due_soon",
            DeadlineState::Overdue => "overdue",
            DeadlineState::AnsweredOnTime => "answered_on_time",
            DeadlineState::AnsweredLate => "answered_late",
            DeadlineState::NoReceiptDate => "no_receipt_date",
            DeadlineState::ToNotify => "to_notify",
            DeadlineState::NotifiedOnTime => "notified_on_time",
            DeadlineState::NotifiedLate => "notified_late",
            DeadlineState::NotNotifiable => "not_notifiable",
            DeadlineState::NoAwarenessDate => "no_awareness_date",
        }
    }

    /// The state with this serialised name.
    pub fn parse(key: &str) -> Option<DeadlineState> {
        DeadlineState::ALL.into_iter().find(|s| s.key() == key)
    }

    /// As people read it.
    pub fn label(self) -> &'static str {
        match self {
            DeadlineState::Open => "Open",
            DeadlineState::DueSoon => "Due soon",
            DeadlineState::Overdue => "Overdue",
            DeadlineState::AnsweredOnTime => "Answered on time",
            DeadlineState::AnsweredLate => "Answered late",
            DeadlineState::NoReceiptDate => "No receipt date",
            DeadlineState::ToNotify => "To notify",
            DeadlineState::NotifiedOnTime => "Notified on time",
            DeadlineState::NotifiedLate => "Notified late",
            DeadlineState::NotNotifiable => "Not notifiable",
            DeadlineState::NoAwarenessDate => "No awareness date",
        }
    }

    /// How urgently a person should look at a record in this state: lists put 0 first.
    pub fn urgency(self) -> u8 {
        match self {
            DeadlineState::Overdue => 0,
            DeadlineState::DueSoon | DeadlineState::ToNotify => 1,
            DeadlineState::NoReceiptDate | DeadlineState::NoAwarenessDate => 2,
            DeadlineState::Open => 3,
            DeadlineState::AnsweredLate | DeadlineState::NotifiedLate => 4,
            DeadlineState::AnsweredOnTime
            | DeadlineState::NotifiedOnTime
            | DeadlineState::NotNotifiable => 5,
        }
    }
}

/// Which register a tracker with these fields looks like it keeps, for screens that see a
/// space's fields but not its template: the server decides by template and field keys, so this
/// only saves asking it about trackers that cannot be registers. It goes by the templates' field
/// names, so a register whose fields were renamed is not recognised here.
pub fn register_by_fields(fields: &[FieldDefinition]) -> Option<Register> {
    let has = |name: &str, kind: FieldKind| fields.iter().any(|f| f.name == name && f.kind == kind);
    if has(RECEIVED_ON_NAME, FieldKind::Date)
        && has(EXTENDED_NAME, FieldKind::Select)
        && has(RESPONDED_ON_NAME, FieldKind::Date)
    {
        Some(Register::Requests)
    } else if has(AWARE_ON_NAME, FieldKind::Date) && has(NOTIFIED_ON_NAME, FieldKind::Date) {
        Some(Register::Breaches)
    } else {
        None
    }
}

/// Whether the label of a Yes/No option says yes ("Extended": Yes).
pub fn is_yes(label: &str) -> bool {
    label.trim().eq_ignore_ascii_case("yes")
}

#[cfg(test)]
mod tests;
