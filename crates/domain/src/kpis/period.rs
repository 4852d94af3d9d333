//! When a KPI is measured: each reading is for one period (a week from Monday, a calendar month,
//! quarter or year), named by the period's first day. The reading for a period is due by the
//! period's last day; a KPI is overdue once a period has ended without its reading.

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// How often a KPI is measured.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    /// Weeks from Monday (ISO 8601).
    Weekly,
    #[default]
    Monthly,
    /// Calendar quarters from January, April, July and October.
    Quarterly,
    Yearly,
}

impl Frequency {
    /// Every frequency, most frequent first.
    pub const ALL: [Frequency; 4] = [
        Frequency::Weekly,
        Frequency::Monthly,
        Frequency::Quarterly,
        Frequency::Yearly,
    ];

    /// The serialised name.
    pub fn key(self) -> &'static str {
        match self {
            Frequency::Weekly => "weekly",
            Frequency::Monthly => "monthly",
            Frequency::Quarterly => "quarterly",
            Frequency::Yearly => "yearly",
        }
    }

    /// The frequency with this serialised name.
    pub fn parse(key: &str) -> Option<Frequency> {
        Frequency::ALL.into_iter().find(|f| f.key() == key)
    }

    /// As people read it.
    pub fn label(self) -> &'static str {
        match self {
            Frequency::Weekly => "Weekly",
            Frequency::Monthly => "Monthly",
            Frequency::Quarterly => "Quarterly",
            Frequency::Yearly => "Yearly",
        }
    }

    /// The first day of the period `date` falls in.
    pub fn period_of(self, date: NaiveDate) -> NaiveDate {
        let first_of = |month: u32| NaiveDate::from_ymd_opt(date.year(), month, 1).unwrap_or(date);
        match self {
            Frequency::Weekly => date
                .checked_sub_days(Days::new(u64::from(date.weekday().num_days_from_monday())))
                .unwrap_or(date),
            Frequency::Monthly => first_of(date.month()),
            Frequency::Quarterly => first_of(date.month0() / 3 * 3 + 1),
            Frequency::Yearly => first_of(1),
        }
    }

    /// The first day of the period after the one `date` falls in.
    pub fn next_period(self, date: NaiveDate) -> NaiveDate {
        let start = self.period_of(date);
        let next = match self {
            Frequency::Weekly => start.checked_add_days(Days::new(7)),
            Frequency::Monthly => start.checked_add_months(Months::new(1)),
            Frequency::Quarterly => start.checked_add_months(Months::new(3)),
            Frequency::Yearly => start.checked_add_months(Months::new(12)),
        };
        next.unwrap_or(NaiveDate::MAX)
    }

    /// The last day of the period `date` falls in: when that period's reading is due.
    pub fn period_end(self, date: NaiveDate) -> NaiveDate {
        self.next_period(date).pred_opt().unwrap_or(date)
    }

    /// When the next reading is due after one for `last_period`: the last day of the period
    /// that follows it.
    pub fn next_due(self, last_period: NaiveDate) -> NaiveDate {
        self.period_end(self.next_period(last_period))
    }

    /// A period as people read it: "w/c 2 Nov 2026", "Nov 2026", "Q4 2026", "2026".
    pub fn period_label(self, period: NaiveDate) -> String {
        let start = self.period_of(period);
        match self {
            Frequency::Weekly => format!("w/c {}", start.format("%-d %b %Y")),
            Frequency::Monthly => start.format("%b %Y").to_string(),
            Frequency::Quarterly => format!("Q{} {}", start.month0() / 3 + 1, start.year()),
            Frequency::Yearly => start.year().to_string(),
        }
    }
}

/// When a KPI's next reading is due: after its latest reading's period, or else by the end of the
/// period it was defined in.
pub fn due_date(
    frequency: Frequency,
    last_period: Option<NaiveDate>,
    defined_on: NaiveDate,
) -> NaiveDate {
    match last_period {
        Some(last) => frequency.next_due(last),
        None => frequency.period_end(defined_on),
    }
}

/// Whether the next reading is late: its due day has passed.
pub fn overdue(
    frequency: Frequency,
    last_period: Option<NaiveDate>,
    defined_on: NaiveDate,
    today: NaiveDate,
) -> bool {
    today > due_date(frequency, last_period, defined_on)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn periods_start_on_monday_the_first_of_the_month_quarter_or_year() {
        // 2026-11-18 is a Wednesday.
        for (frequency, day, start) in [
            (Frequency::Weekly, d(2026, 11, 18), d(2026, 11, 16)),
            (Frequency::Weekly, d(2026, 11, 16), d(2026, 11, 16)),
            (Frequency::Weekly, d(2026, 11, 22), d(2026, 11, 16)),
            (Frequency::Weekly, d(2027, 1, 1), d(2026, 12, 28)),
            (Frequency::Monthly, d(2026, 11, 30), d(2026, 11, 1)),
            (Frequency::Quarterly, d(2026, 3, 31), d(2026, 1, 1)),
            (Frequency::Quarterly, d(2026, 4, 1), d(2026, 4, 1)),
            (Frequency::Quarterly, d(2026, 12, 31), d(2026, 10, 1)),
            (Frequency::Yearly, d(2026, 7, 4), d(2026, 1, 1)),
        ] {
            assert_eq!(frequency.period_of(day), start, "{frequency:?} {day}");
        }
    }

    #[test]
    fn the_next_reading_is_due_at_the_end_of_the_following_period() {
        assert_eq!(Frequency::Weekly.next_due(d(2026, 11, 16)), d(2026, 11, 29));
        assert_eq!(Frequency::Monthly.next_due(d(2026, 10, 1)), d(2026, 11, 30));
        assert_eq!(Frequency::Monthly.next_due(d(2026, 1, 1)), d(2026, 2, 28));
        assert_eq!(Frequency::Monthly.next_due(d(2026, 12, 1)), d(2027, 1, 31));
        assert_eq!(
            Frequency::Quarterly.next_due(d(2026, 7, 1)),
            d(2026, 12, 31)
        );
        assert_eq!(Frequency::Yearly.next_due(d(2025, 1, 1)), d(2026, 12, 31));
        // Any day of the period stands for it.
        assert_eq!(
            Frequency::Monthly.next_due(d(2026, 10, 17)),
            d(2026, 11, 30)
        );
    }

    #[test]
    fn overdue_once_the_due_day_has_passed() {
        let monthly = Frequency::Monthly;
        let defined = d(2026, 6, 10);
        // October's reading recorded: November's is due by 30 November.
        assert!(!overdue(
            monthly,
            Some(d(2026, 10, 1)),
            defined,
            d(2026, 11, 30)
        ));
        assert!(overdue(
            monthly,
            Some(d(2026, 10, 1)),
            defined,
            d(2026, 12, 1)
        ));
        // Nothing recorded yet: due by the end of the month it was defined in.
        assert_eq!(due_date(monthly, None, defined), d(2026, 6, 30));
        assert!(!overdue(monthly, None, defined, d(2026, 6, 30)));
        assert!(overdue(monthly, None, defined, d(2026, 7, 1)));
        // Quarterly: Q3 recorded, Q4 due by 31 December.
        let q = Frequency::Quarterly;
        assert!(!overdue(q, Some(d(2026, 7, 1)), defined, d(2026, 12, 31)));
        assert!(overdue(q, Some(d(2026, 7, 1)), defined, d(2027, 1, 1)));
        // Weekly: the week of 16 November recorded, the next week due by Sunday 29th.
        let w = Frequency::Weekly;
        assert!(!overdue(w, Some(d(2026, 11, 16)), defined, d(2026, 11, 29)));
        assert!(overdue(w, Some(d(2026, 11, 16)), defined, d(2026, 11, 30)));
        // Yearly.
        let y = Frequency::Yearly;
        assert!(!overdue(y, Some(d(2025, 1, 1)), defined, d(2026, 12, 31)));
        assert!(overdue(y, Some(d(2025, 1, 1)), defined, d(2027, 1, 1)));
    }

    #[test]
    fn periods_read_as_people_say_them() {
        assert_eq!(
            Frequency::Weekly.period_label(d(2026, 11, 18)),
            "w/c 16 Nov 2026"
        );
        assert_eq!(Frequency::Monthly.period_label(d(2026, 11, 1)), "Nov 2026");
        assert_eq!(Frequency::Quarterly.period_label(d(2026, 11, 1)), "Q4 2026");
        assert_eq!(Frequency::Yearly.period_label(d(2026, 11, 1)), "2026");
        for f in Frequency::ALL {
            assert_eq!(Frequency::parse(f.key()), Some(f));
        }
    }
}
