//! KPI readings and the KPI list: one value per period, rated by the definition in force, and
//! every KPI with its latest reading, status and when the next one is due.

use super::definition::KpiDefinition;
use super::period::Frequency;
use super::rating::KpiStatus;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// Records the value of a KPI for a period. A period holds one reading: another value for it
/// is refused (409) unless `replace` is set, when it takes the earlier one's place.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordKpiReading {
    /// Any day of the period the value is for (stored as the period's first day); the current
    /// period when absent. Never a period still to come.
    #[serde(default, deserialize_with = "crate::dates::strict_option")]
    pub period: Option<NaiveDate>,
    pub value: f64,
    #[validate(length(max = 2000, message = "must be at most 2000 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    #[serde(default)]
    pub note: String,
    /// Replace the period's reading if it has one.
    #[serde(default)]
    pub replace: bool,
}

/// Why a reading's period is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("period: {0} has not started yet")]
pub struct FuturePeriod(pub String);

impl RecordKpiReading {
    /// The first day of the period the reading is for, on `today`.
    pub fn period_start(
        &self,
        frequency: Frequency,
        today: NaiveDate,
    ) -> Result<NaiveDate, FuturePeriod> {
        let current = frequency.period_of(today);
        let period = self.period.map_or(current, |d| frequency.period_of(d));
        if period > current {
            return Err(FuturePeriod(frequency.period_label(period)));
        }
        Ok(period)
    }
}

/// One reading of a KPI, rated by the definition in force now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KpiReading {
    pub id: Uuid,
    pub item_id: Uuid,
    /// The first day of the period the value is for.
    pub period: NaiveDate,
    pub value: f64,
    pub note: String,
    /// Absent when Annex measured it on its schedule.
    pub recorded_by: Option<Uuid>,
    pub recorded_by_name: Option<String>,
    pub recorded_at: chrono::DateTime<chrono::Utc>,
    pub status: KpiStatus,
}

/// One KPI of the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KpiSummary {
    pub item_id: Uuid,
    pub number: i64,
    pub title: String,
    /// The item's workflow status (Active, Paused, Retired…).
    pub item_status: Option<String>,
    /// Retired (or otherwise resolved): never overdue.
    pub resolved: bool,
    pub owner_id: Option<Uuid>,
    pub owner_name: Option<String>,
    pub definition: KpiDefinition,
    pub latest: Option<KpiReading>,
    /// The latest reading's status (`none` without one).
    pub status: KpiStatus,
    /// When the next reading is due; absent while the KPI is undefined.
    pub next_due: Option<NaiveDate>,
    pub overdue: bool,
}

/// Filters of the KPI list.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct KpiFilter {
    /// Only KPIs whose latest reading has this status.
    pub status: Option<KpiStatus>,
    /// Only KPIs whose next reading is late (or, with `false`, is not).
    pub overdue: Option<bool>,
    /// KPIs per page, 1 to 1000 (default 200).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1000))]
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The list's largest page.
pub const MAX_PAGE: i64 = 1000;
/// The list's page when a client does not say.
pub const DEFAULT_PAGE: i64 = 200;

impl KpiFilter {
    /// The validated page size.
    pub fn limit(&self) -> Result<i64, String> {
        crate::page::page_size(self.limit, DEFAULT_PAGE, MAX_PAGE)
            .ok_or_else(|| format!("limit must be between 1 and {MAX_PAGE}"))
    }
}

/// A page of the KPI list, by number, with the tracker new KPIs go in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KpiList {
    pub space_id: Uuid,
    pub data: Vec<KpiSummary>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
    /// How many KPIs the list holds with the same filters.
    pub total: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reading_is_for_a_period_that_has_started() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d);
        let at = |period| RecordKpiReading {
            period,
            ..RecordKpiReading::default()
        };
        let monthly = Frequency::Monthly;
        assert_eq!(
            at(None).period_start(monthly, today),
            Ok(day(11, 1).unwrap())
        );
        assert_eq!(
            at(day(10, 13)).period_start(monthly, today),
            Ok(day(10, 1).unwrap())
        );
        assert_eq!(
            at(day(11, 30)).period_start(monthly, today),
            Ok(day(11, 1).unwrap())
        );
        let err = at(day(12, 1)).period_start(monthly, today).unwrap_err();
        assert_eq!(err.to_string(), "period: Dec 2026 has not started yet");
        assert_eq!(
            at(day(12, 31)).period_start(Frequency::Quarterly, today),
            Ok(day(10, 1).unwrap())
        );
    }

    #[test]
    fn the_list_pages_within_bounds() {
        let with = |limit| KpiFilter {
            limit,
            ..KpiFilter::default()
        };
        assert_eq!(with(None).limit(), Ok(DEFAULT_PAGE));
        assert_eq!(with(Some(5)).limit(), Ok(5));
        assert!(with(Some(0)).limit().is_err());
        assert!(with(Some(MAX_PAGE + 1)).limit().is_err());
    }
}
