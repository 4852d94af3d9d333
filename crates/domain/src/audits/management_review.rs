//! The inputs to a management review (ISO/IEC 27001 clause 9.3.2), gathered from live records for
//! an item of the ISMS Board project: actions from previous reviews, KPIs, nonconformities and
//! corrective actions, audit results, risk changes, policy-pack compliance and SoA progress over a
//! period. The shapes and the pure rules (the period, the report formats, which readings changed a
//! risk's level) live here; the server renders them as JSON, a printable page or a workbook.

use crate::kpis::KpiStatus;
use crate::programme::{
    AuditLine, FindingCount, KpiRag, LabelCount, PackCompliance, RiskFigures, SoaProgress,
};
use crate::risk::register::{Reading, ReadingKind};
use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The sections of the report, in clause 9.3.2 order: (key, heading).
pub const SECTIONS: [(&str, &str); 7] = [
    (
        "actions",
        "a) Status of actions from previous management reviews",
    ),
    ("kpis", "b) Monitoring and measurement results (KPIs)"),
    (
        "nonconformities",
        "c) Nonconformities and corrective actions",
    ),
    ("audits", "d) Audit results"),
    (
        "risks",
        "e) Risk assessment: changes and risks above appetite",
    ),
    ("packs", "f) Policy-pack compliance"),
    ("soa", "g) Statement of Applicability progress"),
];

/// The heading of the section with this key.
pub fn heading(key: &str) -> &'static str {
    SECTIONS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or("", |(_, h)| h)
}

/// What the report is rendered as.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    /// [`ManagementReviewInputs`] as JSON.
    #[default]
    Json,
    /// A self-contained printable page.
    Html,
    /// A workbook with a sheet per section.
    Xlsx,
}

impl ReportFormat {
    pub const ALL: [ReportFormat; 3] = [ReportFormat::Json, ReportFormat::Html, ReportFormat::Xlsx];

    /// The serialised name (and file extension).
    pub fn key(self) -> &'static str {
        match self {
            ReportFormat::Json => "json",
            ReportFormat::Html => "html",
            ReportFormat::Xlsx => "xlsx",
        }
    }

    pub fn parse(key: &str) -> Option<ReportFormat> {
        ReportFormat::ALL
            .into_iter()
            .find(|f| f.key() == key.trim())
    }

    /// The media type of the answer.
    pub fn content_type(self) -> &'static str {
        match self {
            ReportFormat::Json => "application/json",
            ReportFormat::Html => "text/html; charset=utf-8",
            ReportFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        }
    }
}

/// Query of `GET /management-reviews/{item_id}/inputs`. Both are read as text so that a bad
/// value is a 422 naming the parameter.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct ReviewQuery {
    /// The first day of the period (YYYY-MM-DD); 12 months before today when absent.
    pub since: Option<String>,
    /// `json` (default), `html` or `xlsx`.
    pub format: Option<String>,
}

/// Why a query is refused, naming the parameter.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewQueryError {
    #[error("since: `{0}` is not a date; use YYYY-MM-DD")]
    BadDate(String),
    #[error("since: must not be after today ({0})")]
    Future(NaiveDate),
    #[error("format: `{0}` is not one of json, html, xlsx")]
    BadFormat(String),
}

impl ReviewQueryError {
    pub fn field(&self) -> &'static str {
        match self {
            ReviewQueryError::BadDate(_) | ReviewQueryError::Future(_) => "since",
            ReviewQueryError::BadFormat(_) => "format",
        }
    }
}

impl ReviewQuery {
    /// The period's first day: as given, or 12 months before `today`.
    pub fn since(&self, today: NaiveDate) -> Result<NaiveDate, ReviewQueryError> {
        match self
            .since
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => Ok(today
                .checked_sub_months(Months::new(12))
                .unwrap_or(NaiveDate::MIN)),
            Some(text) => {
                let day = NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .map_err(|_| ReviewQueryError::BadDate(text.to_owned()))?;
                if day > today {
                    return Err(ReviewQueryError::Future(today));
                }
                Ok(day)
            }
        }
    }

    pub fn format(&self) -> Result<ReportFormat, ReviewQueryError> {
        match self
            .format
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => Ok(ReportFormat::Json),
            Some(f) => {
                ReportFormat::parse(f).ok_or_else(|| ReviewQueryError::BadFormat(f.to_owned()))
            }
        }
    }
}

/// A corrective action as the report lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActionLine {
    pub item_id: Uuid,
    pub number: i64,
    pub title: String,
    pub status: Option<String>,
    pub resolved: bool,
    /// Open and past its due date.
    pub overdue: bool,
    pub source: Option<String>,
    pub severity: Option<String>,
    pub owner_name: Option<String>,
    pub due: Option<NaiveDate>,
    pub raised_on: NaiveDate,
}

/// Whether an open record due on `due` is overdue on `today`.
pub fn is_overdue(resolved: bool, due: Option<NaiveDate>, today: NaiveDate) -> bool {
    !resolved && due.is_some_and(|d| d < today)
}

/// An open item of the ISMS Board project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardItem {
    pub item_id: Uuid,
    pub number: i64,
    pub title: String,
    pub status: Option<String>,
    pub assignee_name: Option<String>,
    pub due: Option<NaiveDate>,
    pub overdue: bool,
}

/// a) Actions from previous reviews: corrective actions whose Source is "Management review", and
/// the open items of the ISMS Board.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreviousActions {
    pub open: i64,
    pub done: i64,
    pub overdue: i64,
    pub actions: Vec<ActionLine>,
    pub board_items: Vec<BoardItem>,
}

/// One KPI with its latest reading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KpiLine {
    pub item_id: Uuid,
    pub number: i64,
    pub title: String,
    pub unit: String,
    pub value: Option<f64>,
    pub period: Option<NaiveDate>,
    pub status: KpiStatus,
    pub overdue: bool,
    pub next_due: Option<NaiveDate>,
    pub owner_name: Option<String>,
}

/// b) KPI status.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KpiSection {
    pub rag: KpiRag,
    pub kpis: Vec<KpiLine>,
}

/// c) Corrective actions raised in the period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NonconformitySection {
    pub raised: i64,
    pub open: i64,
    pub overdue: i64,
    /// Raised in the period, by Severity.
    pub by_severity: Vec<LabelCount>,
    pub actions: Vec<ActionLine>,
}

/// d) Audits done in the period and the findings raised in it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditSection {
    /// Audits done whose due date (or, without one, last change) falls in the period.
    pub done: Vec<AuditLine>,
    /// Findings raised in the period, by kind.
    pub findings: Vec<FindingCount>,
}

/// A level as a reading put it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LevelAt {
    pub level: String,
    pub colour: String,
    pub score: u32,
}

/// A reading of the period and the level it moved a risk from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RiskChange {
    pub item_id: Uuid,
    pub number: i64,
    pub title: String,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by_name: Option<String>,
    /// The level before (absent for a first assessment).
    pub from: Option<LevelAt>,
    pub to: Option<LevelAt>,
    pub note: String,
}

/// A risk above the appetite now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RiskLine {
    pub item_id: Uuid,
    pub number: i64,
    pub title: String,
    pub owner_name: Option<String>,
    pub level: Option<LevelAt>,
}

/// e) Risk changes in the period and the risks above appetite now.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RiskSection {
    pub figures: RiskFigures,
    pub changes: Vec<RiskChange>,
    pub above_appetite: Vec<RiskLine>,
}

/// The report (`format=json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ManagementReviewInputs {
    /// The ISMS Board item the review is for.
    pub item_id: Uuid,
    pub item_title: String,
    pub organisation: String,
    pub generated_on: NaiveDate,
    /// The period: from `since` to `until` (today), both included.
    pub since: NaiveDate,
    pub until: NaiveDate,
    pub actions: PreviousActions,
    /// Absent when the organisation has no KPI tracker.
    pub kpis: Option<KpiSection>,
    pub nonconformities: NonconformitySection,
    /// Absent when the organisation has no audit programme.
    pub audits: Option<AuditSection>,
    /// Absent when the organisation has no risk register.
    pub risks: Option<RiskSection>,
    pub packs: Vec<PackCompliance>,
    /// Absent when the organisation keeps no SoA.
    pub soa: Option<SoaProgress>,
}

/// The level a reading puts a risk at (absent when the matrix lost its cell).
pub fn level_of(reading: &Reading) -> Option<LevelAt> {
    reading.assessment.as_ref().map(|a| LevelAt {
        level: a.level.clone(),
        colour: a.colour.as_str().to_owned(),
        score: a.score,
    })
}

/// The original and current readings of one risk recorded on or after `since`, each with the
/// reading it superseded (the previous current one, or else the original). `readings` are the
/// risk's readings in any order; target readings are no change of level and are skipped.
pub fn changes_since(readings: &[Reading], since: NaiveDate) -> Vec<(Option<&Reading>, &Reading)> {
    let mut standing: Vec<&Reading> = readings
        .iter()
        .filter(|r| r.kind != ReadingKind::Target)
        .collect();
    // The original first, then current readings in the order taken.
    standing.sort_by_key(|r| (r.kind != ReadingKind::Original, r.recorded_at, r.id));
    let mut out = Vec::new();
    let mut before: Option<&Reading> = None;
    for reading in standing {
        if reading.recorded_at.date_naive() >= since {
            out.push((before, reading));
        }
        before = Some(reading);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::risk::RiskMatrix;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_period_defaults_to_twelve_months_and_refuses_bad_or_future_dates() {
        let today = day("2026-06-15");
        let q = |since: Option<&str>| ReviewQuery {
            since: since.map(str::to_owned),
            format: None,
        };
        assert_eq!(q(None).since(today), Ok(day("2025-06-15")));
        assert_eq!(q(Some("")).since(today), Ok(day("2025-06-15")));
        assert_eq!(q(Some("2026-01-01")).since(today), Ok(day("2026-01-01")));
        assert_eq!(q(Some("2026-06-15")).since(today), Ok(today));
        let bad = q(Some("2026-13-01")).since(today).unwrap_err();
        assert_eq!(bad.field(), "since");
        assert!(bad.to_string().contains("YYYY-MM-DD"));
        assert_eq!(
            q(Some("2026-06-16")).since(today),
            Err(ReviewQueryError::Future(today))
        );
    }

    #[test]
    fn formats_parse_and_unknown_ones_name_the_parameter() {
        let q = |f: &str| ReviewQuery {
            since: None,
            format: Some(f.into()),
        };
        assert_eq!(ReviewQuery::default().format(), Ok(ReportFormat::Json));
        assert_eq!(q("html").format(), Ok(ReportFormat::Html));
        assert_eq!(q("xlsx").format(), Ok(ReportFormat::Xlsx));
        let e = q("pdf").format().unwrap_err();
        assert_eq!(e.field(), "format");
        assert!(ReportFormat::Html.content_type().starts_with("text/html"));
    }

    #[test]
    fn overdue_means_open_and_past_due() {
        let today = day("2026-06-15");
        assert!(is_overdue(false, Some(day("2026-06-14")), today));
        assert!(!is_overdue(false, Some(today), today));
        assert!(!is_overdue(true, Some(day("2026-01-01")), today));
        assert!(!is_overdue(false, None, today));
    }

    fn reading(kind: ReadingKind, l: u8, i: u8, at: &str) -> Reading {
        let m = RiskMatrix::default();
        Reading {
            id: Uuid::from_u128(u128::from(l) << 8 | u128::from(i)),
            item_id: Uuid::nil(),
            kind,
            likelihood: l,
            impact: i,
            confidentiality: None,
            integrity: None,
            availability: None,
            note: String::new(),
            recorded_by: None,
            recorded_by_name: None,
            recorded_at: format!("{at}T10:00:00Z").parse().unwrap(),
            assessment: m.assess(l, i).ok(),
        }
    }

    #[test]
    fn changes_pair_each_reading_of_the_period_with_the_one_it_superseded() {
        let readings = vec![
            reading(ReadingKind::Current, 2, 2, "2026-05-01"),
            reading(ReadingKind::Original, 5, 5, "2025-01-01"),
            reading(ReadingKind::Target, 1, 1, "2026-05-02"),
            reading(ReadingKind::Current, 4, 4, "2025-12-01"),
        ];
        let changes = changes_since(&readings, day("2025-11-01"));
        let levels: Vec<(Option<String>, String)> = changes
            .iter()
            .map(|(from, to)| {
                (
                    from.and_then(level_of).map(|l| l.level),
                    level_of(to).unwrap().level,
                )
            })
            .collect();
        assert_eq!(
            levels,
            [
                (Some("Very high".into()), "High".into()),
                (Some("High".into()), "Low".into()),
            ]
        );
        // A risk first assessed in the period has no level before.
        let first = changes_since(&readings, day("2024-01-01"));
        assert!(first[0].0.is_none());
        assert_eq!(first.len(), 3);
        assert!(changes_since(&readings, day("2026-06-01")).is_empty());
    }

    #[test]
    fn every_section_has_a_heading() {
        for key in [
            "actions",
            "kpis",
            "nonconformities",
            "audits",
            "risks",
            "packs",
            "soa",
        ] {
            assert!(!heading(key).is_empty(), "{key}");
        }
        assert_eq!(heading("nope"), "");
    }
}
