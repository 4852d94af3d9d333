//! Recurring work: an item that repeats every N days, weeks, months or years, or on a weekday of
//! the month ("first Monday"). Completing it (moving it to a resolved status) creates the next
//! one, due on the next date of the rule; the rule moves to the new item.

use chrono::{Datelike, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The step of an "every N …" rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RecurrenceUnit {
    Days,
    Weeks,
    Months,
    Years,
}

/// A day of the week, for "first Monday of the month".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DayOfWeek {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl DayOfWeek {
    fn weekday(self) -> Weekday {
        match self {
            DayOfWeek::Monday => Weekday::Mon,
            DayOfWeek::Tuesday => Weekday::Tue,
            DayOfWeek::Wednesday => Weekday::Wed,
            DayOfWeek::Thursday => Weekday::Thu,
            DayOfWeek::Friday => Weekday::Fri,
            DayOfWeek::Saturday => Weekday::Sat,
            DayOfWeek::Sunday => Weekday::Sun,
        }
    }

    fn name(self) -> &'static str {
        match self {
            DayOfWeek::Monday => "Monday",
            DayOfWeek::Tuesday => "Tuesday",
            DayOfWeek::Wednesday => "Wednesday",
            DayOfWeek::Thursday => "Thursday",
            DayOfWeek::Friday => "Friday",
            DayOfWeek::Saturday => "Saturday",
            DayOfWeek::Sunday => "Sunday",
        }
    }
}

/// How an item repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Recurrence {
    /// Every `every` days, weeks, months or years after the due date (a month later than the
    /// 31st is the month's last day).
    Every {
        /// 1 to 999.
        every: u32,
        unit: RecurrenceUnit,
    },
    /// The `nth` (1–4, or -1 for the last) `weekday` of each month.
    MonthlyWeekday { nth: i8, weekday: DayOfWeek },
}

/// Why a rule was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecurrenceError {
    #[error("every must be 1 to 999")]
    Every,
    #[error("nth must be 1, 2, 3, 4 or -1 (the last)")]
    Nth,
}

impl RecurrenceError {
    /// The request field the error is about.
    pub fn field(&self) -> &'static str {
        match self {
            RecurrenceError::Every => "every",
            RecurrenceError::Nth => "nth",
        }
    }
}

impl Recurrence {
    /// The rule, if it is one Annex can follow.
    pub fn check(self) -> Result<Recurrence, RecurrenceError> {
        match self {
            Recurrence::Every { every, .. } if !(1..=999).contains(&every) => {
                Err(RecurrenceError::Every)
            }
            Recurrence::MonthlyWeekday { nth, .. } if !matches!(nth, 1..=4 | -1) => {
                Err(RecurrenceError::Nth)
            }
            rule => Ok(rule),
        }
    }

    /// The date the next occurrence is due, after one due on `due`.
    pub fn next_due(self, due: NaiveDate) -> NaiveDate {
        match self {
            Recurrence::Every { every, unit } => {
                let n = i64::from(every);
                match unit {
                    RecurrenceUnit::Days => due + chrono::Duration::days(n),
                    RecurrenceUnit::Weeks => due + chrono::Duration::weeks(n),
                    RecurrenceUnit::Months => add_months(due, every),
                    RecurrenceUnit::Years => add_months(due, every.saturating_mul(12)),
                }
            }
            Recurrence::MonthlyWeekday { nth, weekday } => {
                // This month's occurrence if it is still ahead, else next month's.
                let this = nth_weekday(due.year(), due.month(), nth, weekday.weekday());
                match this {
                    Some(day) if day > due => day,
                    _ => {
                        let next = add_months(first_of_month(due), 1);
                        nth_weekday(next.year(), next.month(), nth, weekday.weekday())
                            .unwrap_or(next)
                    }
                }
            }
        }
    }

    /// The rule in words: "Every 2 weeks", "First Monday of each month".
    pub fn describe(self) -> String {
        match self {
            Recurrence::Every { every: 1, unit } => match unit {
                RecurrenceUnit::Days => "Every day".into(),
                RecurrenceUnit::Weeks => "Every week".into(),
                RecurrenceUnit::Months => "Every month".into(),
                RecurrenceUnit::Years => "Every year".into(),
            },
            Recurrence::Every { every, unit } => {
                let unit = match unit {
                    RecurrenceUnit::Days => "days",
                    RecurrenceUnit::Weeks => "weeks",
                    RecurrenceUnit::Months => "months",
                    RecurrenceUnit::Years => "years",
                };
                format!("Every {every} {unit}")
            }
            Recurrence::MonthlyWeekday { nth, weekday } => {
                let which = match nth {
                    1 => "First",
                    2 => "Second",
                    3 => "Third",
                    4 => "Fourth",
                    _ => "Last",
                };
                format!("{which} {} of each month", weekday.name())
            }
        }
    }
}

fn first_of_month(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// `day` plus `months`, on the month's last day when the day does not exist there.
fn add_months(day: NaiveDate, months: u32) -> NaiveDate {
    day.checked_add_months(Months::new(months)).unwrap_or(day)
}

/// The `nth` (or last, for -1) `weekday` of a month.
fn nth_weekday(year: i32, month: u32, nth: i8, weekday: Weekday) -> Option<NaiveDate> {
    if nth == -1 {
        let mut last = None;
        for n in 1..=5 {
            match NaiveDate::from_weekday_of_month_opt(year, month, weekday, n) {
                Some(day) => last = Some(day),
                None => break,
            }
        }
        return last;
    }
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, u8::try_from(nth).ok()?)
}

/// Sets or changes how an item repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetRecurrence {
    pub rule: Recurrence,
}

/// An item that repeats, as its space's settings list it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecurringItem {
    pub item_id: Uuid,
    /// "number - title".
    pub label: String,
    pub rule: Recurrence,
    /// The rule in words.
    pub description: String,
    /// When this occurrence is due.
    pub due: Option<NaiveDate>,
    /// When the next one would be due, once this one is completed.
    pub next_due: Option<NaiveDate>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn every_n_units_steps_from_the_due_date() {
        let every = |n, unit| Recurrence::Every { every: n, unit };
        let due = day(2026, 1, 31);
        assert_eq!(
            every(14, RecurrenceUnit::Days).next_due(due),
            day(2026, 2, 14)
        );
        assert_eq!(
            every(2, RecurrenceUnit::Weeks).next_due(due),
            day(2026, 2, 14)
        );
        assert_eq!(
            every(1, RecurrenceUnit::Months).next_due(due),
            day(2026, 2, 28)
        );
        assert_eq!(
            every(1, RecurrenceUnit::Years).next_due(day(2028, 2, 29)),
            day(2029, 2, 28)
        );
        assert_eq!(every(2, RecurrenceUnit::Weeks).describe(), "Every 2 weeks");
        assert_eq!(every(1, RecurrenceUnit::Years).describe(), "Every year");
    }

    #[test]
    fn a_weekday_of_the_month_is_this_months_if_ahead_else_next_months() {
        let first_monday = Recurrence::MonthlyWeekday {
            nth: 1,
            weekday: DayOfWeek::Monday,
        };
        // December 2026 starts on a Tuesday: its first Monday is the 7th.
        assert_eq!(first_monday.next_due(day(2026, 12, 1)), day(2026, 12, 7));
        assert_eq!(first_monday.next_due(day(2026, 12, 7)), day(2027, 1, 4));
        let last_friday = Recurrence::MonthlyWeekday {
            nth: -1,
            weekday: DayOfWeek::Friday,
        };
        assert_eq!(last_friday.next_due(day(2026, 12, 25)), day(2027, 1, 29));
        assert_eq!(first_monday.describe(), "First Monday of each month");
        assert_eq!(last_friday.describe(), "Last Friday of each month");
    }

    #[test]
    fn rules_out_of_range_are_refused() {
        let zero = Recurrence::Every {
            every: 0,
            unit: RecurrenceUnit::Days,
        };
        assert_eq!(zero.check(), Err(RecurrenceError::Every));
        let fifth = Recurrence::MonthlyWeekday {
            nth: 5,
            weekday: DayOfWeek::Monday,
        };
        assert_eq!(fifth.check().unwrap_err().field(), "nth");
    }
}
