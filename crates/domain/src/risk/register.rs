//! The risk register's readings: original (the first, permanent), current (updated over time,
//! history kept) and target; how a reading's impact comes from C, I and A; when a risk is due for
//! review; and the shapes of the register, a risk's readings and the risk map.

use super::matrix::Assessment;
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// Which reading of a risk.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReadingKind {
    /// The first assessment, kept for good.
    Original,
    /// Where the risk stands now; each new one keeps the earlier ones as history.
    #[default]
    Current,
    /// Where treatment should bring it.
    Target,
}

impl ReadingKind {
    pub fn key(self) -> &'static str {
        match self {
            ReadingKind::Original => "original",
            ReadingKind::Current => "current",
            ReadingKind::Target => "target",
        }
    }

    pub fn parse(key: &str) -> Option<ReadingKind> {
        [
            ReadingKind::Original,
            ReadingKind::Current,
            ReadingKind::Target,
        ]
        .into_iter()
        .find(|k| k.key() == key)
    }
}

/// Records a reading: a likelihood and an impact, or separate C, I and A impacts (the impact is
/// then their worst).
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordReading {
    pub kind: ReadingKind,
    pub likelihood: u8,
    #[serde(default)]
    pub impact: Option<u8>,
    #[serde(default)]
    pub confidentiality: Option<u8>,
    #[serde(default)]
    pub integrity: Option<u8>,
    #[serde(default)]
    pub availability: Option<u8>,
    #[validate(length(max = 2000, message = "must be at most 2000 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    #[serde(default)]
    pub note: String,
}

/// Why a reading is refused: its impact is given both ways, or neither. Shown as
/// "field: message".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadingError {
    Both,
    Neither,
}

impl ReadingError {
    /// The request field at fault.
    pub fn field(&self) -> &'static str {
        "impact"
    }

    /// What is wrong with the field, without its name.
    pub fn message(&self) -> &'static str {
        match self {
            ReadingError::Both => "give an impact, or C/I/A impacts, not both",
            ReadingError::Neither => {
                "give an impact, or at least one of confidentiality, integrity, availability"
            }
        }
    }
}

impl std::fmt::Display for ReadingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field(), self.message())
    }
}

impl std::error::Error for ReadingError {}

impl RecordReading {
    /// The reading's impact: as given, or the worst of C, I and A.
    pub fn impact(&self) -> Result<u8, ReadingError> {
        let cia =
            super::matrix::impact_of_cia(self.confidentiality, self.integrity, self.availability);
        match (self.impact, cia) {
            (Some(_), Some(_)) => Err(ReadingError::Both),
            (None, None) => Err(ReadingError::Neither),
            (Some(i), None) | (None, Some(i)) => Ok(i),
        }
    }
}

/// One recorded reading, scored and banded by the matrix in force now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reading {
    pub id: Uuid,
    pub item_id: Uuid,
    pub kind: ReadingKind,
    pub likelihood: u8,
    pub impact: u8,
    pub confidentiality: Option<u8>,
    pub integrity: Option<u8>,
    pub availability: Option<u8>,
    pub note: String,
    pub recorded_by: Option<Uuid>,
    pub recorded_by_name: Option<String>,
    pub recorded_at: chrono::DateTime<chrono::Utc>,
    /// Absent when the matrix no longer has this cell (its scales were shortened).
    pub assessment: Option<Assessment>,
}

/// When a risk is next due for review: the date set on it, or else its latest reading's date plus
/// the review period of that reading's level.
pub fn review_due(
    set: Option<NaiveDate>,
    last_reading: Option<NaiveDate>,
    review_months: Option<u32>,
) -> Option<NaiveDate> {
    set.or_else(|| {
        let (from, months) = (last_reading?, review_months?);
        from.checked_add_months(Months::new(months))
    })
}

/// One risk of the register with its latest original, current and target readings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RiskSummary {
    pub item_id: Uuid,
    pub number: i64,
    pub title: String,
    pub status: Option<String>,
    pub resolved: bool,
    pub owner_id: Option<Uuid>,
    pub owner_name: Option<String>,
    pub original: Option<Reading>,
    pub current: Option<Reading>,
    pub target: Option<Reading>,
    /// When it is next due for review (see [`review_due`]).
    pub review_due: Option<NaiveDate>,
    pub review_overdue: bool,
    /// The latest current reading (or else the original) is above the appetite.
    pub above_appetite: bool,
    /// Linked controls of the SoA.
    pub controls: i64,
}

/// Filters of the register.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct RiskFilter {
    pub above_appetite: Option<bool>,
    pub overdue_review: Option<bool>,
    /// Risks per page, 1 to 1000 (default 200).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1000))]
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The register's largest page.
pub const MAX_PAGE: i64 = 1000;
/// The register's page when a client does not say.
pub const DEFAULT_PAGE: i64 = 200;

impl RiskFilter {
    /// The validated page size.
    pub fn limit(&self) -> Result<i64, String> {
        crate::page::page_size(self.limit, DEFAULT_PAGE, MAX_PAGE)
            .ok_or_else(|| format!("limit must be between 1 and {MAX_PAGE}"))
    }
}

/// A page of the register: its space and its live risks, by number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RiskRegister {
    pub space_id: Uuid,
    pub data: Vec<RiskSummary>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    #[serde(default)]
    pub next_cursor: Option<String>,
    /// How many risks the register holds with the same filters.
    #[serde(default)]
    pub total: i64,
}

/// `GET /risks/map`: which reading to place.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct MapQuery {
    #[serde(default)]
    pub reading: ReadingKind,
}

/// One cell of the risk map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MapCell {
    pub likelihood: u8,
    pub impact: u8,
    pub assessment: Assessment,
    pub count: i64,
    pub risk_ids: Vec<Uuid>,
}

/// Every cell of the matrix with the risks whose reading of that kind falls in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RiskMap {
    pub reading: ReadingKind,
    pub likelihood: Vec<String>,
    pub impact: Vec<String>,
    /// Rows from likelihood 1, each with impact 1 upwards.
    pub cells: Vec<MapCell>,
}

/// Adds a risk from the bank, linking it to the suggested controls the user confirmed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddFromBank {
    /// The threat's key.
    pub key: String,
    /// Control references to link (a subset of the threat's suggestions, e.g. `A.8.13`).
    #[serde(default)]
    pub controls: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(impact: Option<u8>, c: Option<u8>, i: Option<u8>, a: Option<u8>) -> RecordReading {
        RecordReading {
            likelihood: 3,
            impact,
            confidentiality: c,
            integrity: i,
            availability: a,
            ..RecordReading::default()
        }
    }

    #[test]
    fn the_impact_is_given_or_the_worst_of_c_i_and_a() {
        assert_eq!(reading(Some(4), None, None, None).impact(), Ok(4));
        assert_eq!(reading(None, Some(2), None, Some(5)).impact(), Ok(5));
        assert_eq!(
            reading(Some(4), Some(2), None, None).impact(),
            Err(ReadingError::Both)
        );
        assert_eq!(
            reading(None, None, None, None).impact(),
            Err(ReadingError::Neither)
        );
        let e = ReadingError::Both;
        assert_eq!(
            (e.field(), e.message()),
            ("impact", "give an impact, or C/I/A impacts, not both")
        );
        assert_eq!(
            e.to_string(),
            "impact: give an impact, or C/I/A impacts, not both"
        );
    }

    #[test]
    fn review_is_due_on_the_set_date_or_after_the_levels_period() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day);
        assert_eq!(review_due(d(3, 1), d(1, 31), Some(1)), d(3, 1));
        assert_eq!(review_due(None, d(1, 31), Some(1)), d(2, 28));
        assert_eq!(
            review_due(None, d(6, 15), Some(12)),
            NaiveDate::from_ymd_opt(2027, 6, 15)
        );
        assert_eq!(review_due(None, None, Some(3)), None);
        assert_eq!(ReadingKind::parse("target"), Some(ReadingKind::Target));
    }
}
