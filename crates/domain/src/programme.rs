//! Figures of the whole ISMS programme, computed from live records: SoA progress, risks by level,
//! corrective actions, policy-pack compliance, KPI ratings and the audit programme. The admin Home
//! dashboard shows them and the management review inputs report (clause 9.3.2) is built on them;
//! the tallies here are pure, the store only counts.

use crate::audits::FindingKind;
use crate::kpis::{KpiStatus, KpiSummary};
use crate::risk::matrix::Band;
use crate::risk::register::RiskSummary;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How far the applicable controls of the SoA are implemented.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SoaProgress {
    pub framework_id: String,
    /// Controls of the SoA, applicable or not.
    pub controls: i64,
    pub applicable: i64,
    pub implemented: i64,
    pub partial: i64,
    pub not_started: i64,
    /// Implemented as a percentage of the applicable controls.
    pub implemented_percent: f64,
}

/// How many of something carry one label (a risk level, a Source, a Severity).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LabelCount {
    pub label: String,
    /// `#rrggbb`, as the matrix or the tracker's option colours it.
    pub colour: String,
    pub count: i64,
}

/// The risk register on the latest current readings (the original where none was taken yet).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RiskFigures {
    pub space_id: Option<Uuid>,
    /// Live risks of the register.
    pub total: i64,
    /// Open risks by level, every level of the matrix from the lowest (zeros included).
    pub by_level: Vec<LabelCount>,
    /// Open risks with no reading yet.
    pub unassessed: i64,
    /// Open risks above the organisation's appetite.
    pub above_appetite: i64,
}

impl RiskFigures {
    /// Tallies the open (not accepted or closed) risks by the level of their standing reading.
    pub fn tally(space_id: Uuid, bands: &[Band], risks: &[RiskSummary]) -> RiskFigures {
        let mut by_level: Vec<LabelCount> = bands
            .iter()
            .map(|b| LabelCount {
                label: b.name.clone(),
                colour: b.colour.as_str().to_owned(),
                count: 0,
            })
            .collect();
        let mut unassessed = 0;
        let mut above_appetite = 0;
        for risk in risks.iter().filter(|r| !r.resolved) {
            let standing = risk.current.as_ref().or(risk.original.as_ref());
            match standing.and_then(|r| r.assessment.as_ref()) {
                Some(a) => {
                    if let Some(level) = by_level.iter_mut().find(|l| l.label == a.level) {
                        level.count += 1;
                    }
                }
                None => unassessed += 1,
            }
            if risk.above_appetite {
                above_appetite += 1;
            }
        }
        RiskFigures {
            space_id: Some(space_id),
            total: risks.len() as i64,
            by_level,
            unassessed,
            above_appetite,
        }
    }
}

/// The corrective-actions tracker: what is open, overdue, and where actions come from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActionFigures {
    pub space_id: Option<Uuid>,
    pub total: i64,
    pub open: i64,
    /// Open and past their due date.
    pub overdue: i64,
    /// Open actions by Source, in the field's option order (then "Not set").
    pub by_source: Vec<LabelCount>,
    /// Open actions by Severity, in the field's option order (then "Not set").
    pub by_severity: Vec<LabelCount>,
}

/// The label of actions with no value in a select field.
pub const NOT_SET: &str = "Not set";
/// The colour of "Not set".
pub const NOT_SET_COLOUR: &str = "#9e9e9e";

/// Adds `n` to the count of `label` (appending it, grey, when the options do not have it).
pub fn add_to(counts: &mut Vec<LabelCount>, label: &str, n: i64) {
    match counts.iter_mut().find(|c| c.label == label) {
        Some(c) => c.count += n,
        None => counts.push(LabelCount {
            label: label.to_owned(),
            colour: NOT_SET_COLOUR.to_owned(),
            count: n,
        }),
    }
}

/// Where one published policy pack stands with its audience.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PackCompliance {
    pub item_id: Uuid,
    pub name: String,
    pub version: i32,
    pub audience: i64,
    pub read: i64,
    pub accepted: i64,
    pub read_percent: f64,
    pub accepted_percent: f64,
}

/// KPIs by the rating of their latest reading.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KpiRag {
    /// Live KPIs that are not retired (resolved).
    pub total: i64,
    pub red: i64,
    pub amber: i64,
    pub green: i64,
    pub exceptional: i64,
    /// Measure-only KPIs and KPIs never read.
    pub not_rated: i64,
    /// KPIs whose next reading is overdue, whatever their rating.
    pub overdue: i64,
}

impl KpiRag {
    /// Tallies the live KPIs that are not retired.
    pub fn tally(kpis: &[KpiSummary]) -> KpiRag {
        let mut rag = KpiRag::default();
        for kpi in kpis.iter().filter(|k| !k.resolved) {
            rag.total += 1;
            match kpi.status {
                KpiStatus::Red => rag.red += 1,
                KpiStatus::Amber => rag.amber += 1,
                KpiStatus::Green => rag.green += 1,
                KpiStatus::Exceptional => rag.exceptional += 1,
                KpiStatus::None => rag.not_rated += 1,
            }
            if kpi.overdue {
                rag.overdue += 1;
            }
        }
        rag
    }

    /// The count of one rating.
    pub fn of(&self, status: KpiStatus) -> i64 {
        match status {
            KpiStatus::Red => self.red,
            KpiStatus::Amber => self.amber,
            KpiStatus::Green => self.green,
            KpiStatus::Exceptional => self.exceptional,
            KpiStatus::None => self.not_rated,
        }
    }
}

/// An audit (an activity of the audit programme) as the programme's lists show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditLine {
    pub item_id: Uuid,
    pub number: i64,
    pub title: String,
    /// The programme phase it sits in ("Year 1 internal audits").
    pub phase: String,
    pub status: Option<String>,
    pub resolved: bool,
    pub assignee_name: Option<String>,
    pub start: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    /// Findings raised on it.
    pub findings: i64,
}

impl AuditLine {
    /// The day it is planned for: its start, or else its due date.
    pub fn planned(&self) -> Option<NaiveDate> {
        self.start.or(self.due)
    }
}

/// The audits still to do, earliest planned first (unplanned last), at most `n`.
pub fn upcoming(audits: &[AuditLine], n: usize) -> Vec<AuditLine> {
    let mut open: Vec<&AuditLine> = audits.iter().filter(|a| !a.resolved).collect();
    open.sort_by_key(|a| (a.planned().is_none(), a.planned(), a.number));
    open.into_iter().take(n).cloned().collect()
}

/// Findings by kind, every kind listed (zeros included), most serious first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FindingCount {
    pub kind: FindingKind,
    pub label: String,
    pub count: i64,
    /// Of them, not yet resolved.
    pub open: i64,
}

/// Tallies findings given as (kind, resolved); findings with no kind are left out.
pub fn findings_by_kind(
    findings: impl IntoIterator<Item = (Option<FindingKind>, bool)>,
) -> Vec<FindingCount> {
    let mut counts: Vec<FindingCount> = FindingKind::ALL
        .into_iter()
        .map(|kind| FindingCount {
            kind,
            label: kind.label().to_owned(),
            count: 0,
            open: 0,
        })
        .collect();
    for (kind, resolved) in findings {
        if let Some(c) = kind.and_then(|k| counts.iter_mut().find(|c| c.kind == k)) {
            c.count += 1;
            if !resolved {
                c.open += 1;
            }
        }
    }
    counts
}

/// The audit programme: what is coming and what the audits found.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditFigures {
    pub space_id: Option<Uuid>,
    /// Audits (activities) in the programme.
    pub audits: i64,
    /// Audits done.
    pub done: i64,
    /// The next five audits not done, earliest first.
    pub upcoming: Vec<AuditLine>,
    pub findings: Vec<FindingCount>,
}

/// The admin Home dashboard: each part is absent when the organisation has no such record
/// (no SoA, no risk register, …).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgrammeDashboard {
    pub soa: Option<SoaProgress>,
    pub risks: Option<RiskFigures>,
    pub actions: Option<ActionFigures>,
    /// Published packs, by number.
    pub packs: Vec<PackCompliance>,
    pub kpis: Option<KpiRag>,
    pub audits: Option<AuditFigures>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpis::KpiDefinition;
    use crate::risk::RiskMatrix;
    use crate::risk::register::{Reading, ReadingKind};

    fn reading(matrix: &RiskMatrix, kind: ReadingKind, l: u8, i: u8) -> Reading {
        Reading {
            id: Uuid::nil(),
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
            recorded_at: chrono::Utc::now(),
            assessment: matrix.assess(l, i).ok(),
        }
    }

    fn risk(
        matrix: &RiskMatrix,
        original: Option<(u8, u8)>,
        current: Option<(u8, u8)>,
        resolved: bool,
    ) -> RiskSummary {
        let original = original.map(|(l, i)| reading(matrix, ReadingKind::Original, l, i));
        let current = current.map(|(l, i)| reading(matrix, ReadingKind::Current, l, i));
        let above_appetite = current
            .as_ref()
            .or(original.as_ref())
            .and_then(|r| r.assessment.as_ref())
            .is_some_and(|a| a.above_appetite);
        RiskSummary {
            item_id: Uuid::nil(),
            number: 1,
            title: "r".into(),
            status: None,
            resolved,
            owner_id: None,
            owner_name: None,
            original,
            current,
            target: None,
            review_due: None,
            review_overdue: false,
            above_appetite,
            controls: 0,
        }
    }

    #[test]
    fn risks_count_by_their_standing_level_and_only_open_ones() {
        let m = RiskMatrix::default();
        let risks = vec![
            risk(&m, Some((5, 5)), Some((1, 2)), false), // current Low wins over original
            risk(&m, Some((4, 4)), None, false),         // original High stands
            risk(&m, Some((5, 5)), None, false),         // Very high
            risk(&m, Some((5, 5)), None, true),          // closed: not counted
            risk(&m, None, None, false),                 // no reading yet
        ];
        let f = RiskFigures::tally(Uuid::nil(), &m.bands, &risks);
        let counts: Vec<(&str, i64)> = f
            .by_level
            .iter()
            .map(|l| (l.label.as_str(), l.count))
            .collect();
        assert_eq!(
            counts,
            [("Low", 1), ("Medium", 0), ("High", 1), ("Very high", 1)]
        );
        assert_eq!(f.by_level[3].colour, "#c62828");
        assert_eq!((f.total, f.unassessed, f.above_appetite), (5, 1, 2));
    }

    fn kpi(status: KpiStatus, overdue: bool, resolved: bool) -> KpiSummary {
        KpiSummary {
            item_id: Uuid::nil(),
            number: 1,
            title: "k".into(),
            item_status: None,
            resolved,
            owner_id: None,
            owner_name: None,
            definition: KpiDefinition::undefined(Uuid::nil(), NaiveDate::MIN),
            latest: None,
            status,
            next_due: None,
            overdue,
        }
    }

    #[test]
    fn kpis_tally_by_rating_and_overdue_without_retired_ones() {
        let rag = KpiRag::tally(&[
            kpi(KpiStatus::Red, true, false),
            kpi(KpiStatus::Red, false, false),
            kpi(KpiStatus::Green, false, false),
            kpi(KpiStatus::Exceptional, false, false),
            kpi(KpiStatus::None, true, false),
            kpi(KpiStatus::Amber, true, true),
        ]);
        assert_eq!(rag.total, 5);
        assert_eq!(
            KpiStatus::ALL.map(|s| rag.of(s)),
            [2, 0, 1, 1, 1],
            "red, amber, green, exceptional, not rated"
        );
        assert_eq!(rag.overdue, 2);
    }

    fn audit(number: i64, start: Option<&str>, due: Option<&str>, resolved: bool) -> AuditLine {
        AuditLine {
            item_id: Uuid::nil(),
            number,
            title: format!("a{number}"),
            phase: String::new(),
            status: None,
            resolved,
            assignee_name: None,
            start: start.map(|d| d.parse().unwrap()),
            due: due.map(|d| d.parse().unwrap()),
            findings: 0,
        }
    }

    #[test]
    fn upcoming_audits_are_open_ones_by_planned_day_unplanned_last() {
        let audits = [
            audit(1, None, None, false),
            audit(2, Some("2026-03-01"), Some("2026-03-05"), false),
            audit(3, None, Some("2026-02-01"), false),
            audit(4, Some("2026-01-01"), None, true),
            audit(5, Some("2026-04-01"), None, false),
        ];
        let next: Vec<i64> = upcoming(&audits, 3).iter().map(|a| a.number).collect();
        assert_eq!(next, [3, 2, 5]);
        assert_eq!(upcoming(&audits, 10).len(), 4);
    }

    #[test]
    fn findings_list_every_kind_with_open_ones() {
        let counts = findings_by_kind([
            (Some(FindingKind::MinorNc), false),
            (Some(FindingKind::MinorNc), true),
            (Some(FindingKind::Opportunity), false),
            (None, false),
        ]);
        let got: Vec<(FindingKind, i64, i64)> =
            counts.iter().map(|c| (c.kind, c.count, c.open)).collect();
        assert_eq!(
            got,
            [
                (FindingKind::MajorNc, 0, 0),
                (FindingKind::MinorNc, 2, 1),
                (FindingKind::Observation, 0, 0),
                (FindingKind::Opportunity, 1, 1),
            ]
        );
    }

    #[test]
    fn counts_of_unknown_labels_are_appended_grey() {
        let mut counts = vec![LabelCount {
            label: "Internal audit".into(),
            colour: "#3949ab".into(),
            count: 0,
        }];
        add_to(&mut counts, "Internal audit", 2);
        add_to(&mut counts, NOT_SET, 1);
        add_to(&mut counts, NOT_SET, 1);
        assert_eq!(counts[0].count, 2);
        assert_eq!((counts[1].label.as_str(), counts[1].count), (NOT_SET, 2));
        assert_eq!(counts[1].colour, NOT_SET_COLOUR);
    }
}
