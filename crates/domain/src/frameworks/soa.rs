//! The Statement of Applicability: what an organisation says about each Annex A control, the rules
//! an entry must keep, and the shapes the SoA endpoints speak.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// Why a control is included (ISO/IEC 27001 clause 6.1.3 d); several may apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    RiskAssessment,
    LegalRegulatory,
    Contractual,
    BusinessPractice,
}

impl Reason {
    pub const ALL: [Reason; 4] = [
        Reason::RiskAssessment,
        Reason::LegalRegulatory,
        Reason::Contractual,
        Reason::BusinessPractice,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Reason::RiskAssessment => "risk_assessment",
            Reason::LegalRegulatory => "legal_regulatory",
            Reason::Contractual => "contractual",
            Reason::BusinessPractice => "business_practice",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Reason::RiskAssessment => "Risk assessment",
            Reason::LegalRegulatory => "Legal / regulatory",
            Reason::Contractual => "Contractual",
            Reason::BusinessPractice => "Business / best practice",
        }
    }

    pub fn parse(key: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.key() == key.trim())
    }
}

/// Reasons as stored: their keys joined by commas, in a fixed order.
pub fn reasons_to_text(reasons: &[Reason]) -> String {
    let mut sorted = reasons.to_vec();
    sorted.sort();
    sorted.dedup();
    sorted.iter().map(|r| r.key()).collect::<Vec<_>>().join(",")
}

/// Reasons read back; unknown keys are dropped.
pub fn reasons_from_text(text: &str) -> Vec<Reason> {
    text.split(',').filter_map(Reason::parse).collect()
}

/// How far a control is implemented.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImplementationStatus {
    NotStarted,
    Partial,
    Implemented,
    NotApplicable,
}

impl ImplementationStatus {
    pub const ALL: [ImplementationStatus; 4] = [
        ImplementationStatus::NotStarted,
        ImplementationStatus::Partial,
        ImplementationStatus::Implemented,
        ImplementationStatus::NotApplicable,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ImplementationStatus::NotStarted => "not_started",
            ImplementationStatus::Partial => "partial",
            ImplementationStatus::Implemented => "implemented",
            ImplementationStatus::NotApplicable => "not_applicable",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ImplementationStatus::NotStarted => "Not started",
            ImplementationStatus::Partial => "Partially implemented",
            ImplementationStatus::Implemented => "Implemented",
            ImplementationStatus::NotApplicable => "Not applicable",
        }
    }

    pub fn parse(key: &str) -> Option<ImplementationStatus> {
        ImplementationStatus::ALL
            .into_iter()
            .find(|s| s.key() == key.trim())
    }

    /// Order of progress, for "the least advanced of several".
    pub fn rank(self) -> u8 {
        match self {
            ImplementationStatus::NotStarted => 0,
            ImplementationStatus::Partial => 1,
            ImplementationStatus::Implemented => 2,
            ImplementationStatus::NotApplicable => 3,
        }
    }
}

/// One control of the organisation's SoA, with the counts an auditor follows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SoaEntry {
    /// The control's item (notes, to-dos, documents, discussions, updates, linked work).
    pub item_id: Uuid,
    pub space_id: Uuid,
    pub number: i64,
    pub framework_id: String,
    /// "A.5.15".
    pub reference: String,
    pub title: String,
    /// The theme (or 2013 domain) reference and title: "A.5", "Organizational controls".
    pub theme: String,
    pub theme_title: String,
    pub applicable: bool,
    /// Stored reasons, plus `risk_assessment` whenever a risk is linked.
    pub reasons: Vec<Reason>,
    pub justification: String,
    pub implementation_status: ImplementationStatus,
    /// The item's assignee.
    pub owner_id: Option<Uuid>,
    pub owner_name: Option<String>,
    pub progress: f64,
    pub last_reviewed: Option<NaiveDate>,
    /// The organisation's own implementation statement (starts as our guidance).
    pub implementation_text: String,
    /// Linked items of the Policies & Procedures tracker.
    pub policies: i64,
    /// Documents attached to the control.
    pub documents: i64,
    /// Linked items of the risk register.
    pub risks: i64,
    /// Linked corrective actions (ISMS or QMS) whose status is not resolved.
    pub open_actions: i64,
    /// Other linked records that show the control or requirement at work: BC plans, BIA
    /// records, exercises, assets, incidents, processing activities … (not risks, not actions,
    /// not other frameworks' entries).
    #[serde(default)]
    pub records: i64,
    /// The item's version: send it back as `If-Match`.
    pub version: i64,
}

impl SoaEntry {
    /// Policies, documents and other linked records.
    pub fn evidence(&self) -> i64 {
        self.policies + self.documents + self.records
    }
}

/// A record a control is linked to, as exports name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RelatedRecord {
    /// The linked item ("12 - Access control policy"); absent for an attached document.
    pub item_id: Option<Uuid>,
    pub title: String,
    /// Where a document lives (http(s)); absent for linked items.
    pub url: Option<String>,
}

/// What one control is linked to: its evidence, risks and open actions by title.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ControlRelations {
    /// Linked items of the Policies & Procedures tracker.
    pub policies: Vec<RelatedRecord>,
    /// Documents attached to the control.
    pub documents: Vec<RelatedRecord>,
    /// Linked risks.
    pub risks: Vec<RelatedRecord>,
    /// Linked corrective actions not yet resolved.
    pub open_actions: Vec<RelatedRecord>,
    /// Other linked records (see [`SoaEntry::records`]).
    #[serde(default)]
    pub records: Vec<RelatedRecord>,
}

/// The gap views of the SoA.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Gap {
    /// Applicable controls with no policy or other record linked and no document attached.
    NoEvidence,
    /// Excluded controls with a blank justification (only carried-over data can be like this).
    Unjustified,
    /// Controls with at least one open corrective action.
    OpenActions,
    /// Applicable controls nobody owns.
    NoOwner,
}

/// Filters of `GET /soa`; they combine.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct SoaFilter {
    /// Framework of the SoA (default: the organisation's current ISO 27001 edition).
    pub framework: Option<String>,
    pub applicable: Option<bool>,
    pub gap: Option<Gap>,
    /// Theme reference, e.g. `A.8`.
    pub theme: Option<String>,
    pub status: Option<ImplementationStatus>,
    pub owner_id: Option<Uuid>,
}

/// Which SoA a read means (default: the organisation's current ISO 27001 edition).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct FrameworkQuery {
    pub framework: Option<String>,
}

/// `GET /soa/export`: the file format and which SoA.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct SoaExportParams {
    pub format: crate::work::exchange::ExchangeFormat,
    pub framework: Option<String>,
}

/// The whole SoA of one framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Soa {
    pub framework_id: String,
    pub framework_name: String,
    /// The project holding the controls.
    pub space_id: Uuid,
    pub data: Vec<SoaEntry>,
}

/// Changes one control's SoA data; absent fields stay.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateSoaEntry {
    #[serde(default)]
    pub applicable: Option<bool>,
    #[serde(default)]
    pub reasons: Option<Vec<Reason>>,
    #[validate(length(max = 10000, message = "must be at most 10000 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 10000))]
    #[serde(default)]
    pub justification: Option<String>,
    #[serde(default)]
    pub implementation_status: Option<ImplementationStatus>,
    #[serde(
        default,
        with = "crate::work::spaces::double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Uuid>))]
    pub owner_id: Option<Option<Uuid>>,
    #[validate(range(min = 0.0, max = 100.0, message = "must be 0 to 100"))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    #[serde(default)]
    pub progress: Option<f64>,
    #[serde(
        default,
        with = "crate::dates::double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<NaiveDate>))]
    pub last_reviewed: Option<Option<NaiveDate>>,
    #[validate(length(max = 100000, message = "must be at most 100000 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 100000))]
    #[serde(default)]
    pub implementation_text: Option<String>,
}

/// The same change to several controls at once, all or nothing.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkUpdateSoa {
    /// Control items to change (1 to 500).
    #[validate(length(min = 1, max = 500, message = "must name 1 to 500 controls"))]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 500))]
    pub item_ids: Vec<Uuid>,
    #[serde(default)]
    pub applicable: Option<bool>,
    /// Needed when excluding controls.
    #[validate(length(max = 10000, message = "must be at most 10000 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 10000))]
    #[serde(default)]
    pub justification: Option<String>,
    #[serde(default)]
    pub implementation_status: Option<ImplementationStatus>,
    #[serde(
        default,
        with = "crate::work::spaces::double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Uuid>))]
    pub owner_id: Option<Option<Uuid>>,
}

/// What a bulk update changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkUpdated {
    pub updated: usize,
}

/// The SoA data of one control as it stands, to check a change against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryState {
    pub applicable: bool,
    pub justification: String,
    pub status: ImplementationStatus,
}

/// Why a change to an entry is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntryError {
    #[error("an excluded control needs a justification")]
    JustificationRequired,
    #[error("an applicable control cannot be `not_applicable`: exclude it instead")]
    ApplicableNotApplicable,
}

impl EntryError {
    /// The request field the problem belongs to.
    pub fn field(&self) -> &'static str {
        match self {
            EntryError::JustificationRequired => "justification",
            EntryError::ApplicableNotApplicable => "implementation_status",
        }
    }
}

/// Applies a change to an entry's state and checks the result: an excluded control must say why
/// and is `not_applicable`; an included one cannot be `not_applicable` (including a control that
/// was excluded puts it back to `not_started` unless the change names a status).
pub fn settle(
    before: &EntryState,
    applicable: Option<bool>,
    justification: Option<&str>,
    status: Option<ImplementationStatus>,
) -> Result<EntryState, EntryError> {
    let now_applicable = applicable.unwrap_or(before.applicable);
    let justification = justification
        .map(|j| j.trim().to_string())
        .unwrap_or_else(|| before.justification.clone());
    let status = match (now_applicable, status) {
        (false, _) => ImplementationStatus::NotApplicable,
        (true, Some(ImplementationStatus::NotApplicable)) => {
            return Err(EntryError::ApplicableNotApplicable);
        }
        (true, Some(s)) => s,
        (true, None) if before.status == ImplementationStatus::NotApplicable => {
            ImplementationStatus::NotStarted
        }
        (true, None) => before.status,
    };
    if !now_applicable && justification.is_empty() {
        return Err(EntryError::JustificationRequired);
    }
    Ok(EntryState {
        applicable: now_applicable,
        justification,
        status,
    })
}

/// Coverage of one theme, or of the whole SoA.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Coverage {
    /// Theme reference ("A.5"), or "all".
    pub theme: String,
    pub title: String,
    pub controls: i64,
    pub applicable: i64,
    pub implemented: i64,
    pub partial: i64,
    pub not_started: i64,
    /// Implemented as a percentage of the applicable controls (0 when none are).
    pub implemented_percent: f64,
}

impl Coverage {
    pub fn new(
        theme: String,
        title: String,
        controls: i64,
        applicable: i64,
        implemented: i64,
        partial: i64,
    ) -> Coverage {
        Coverage {
            theme,
            title,
            controls,
            applicable,
            implemented,
            partial,
            not_started: applicable - implemented - partial,
            implemented_percent: percent(implemented, applicable),
        }
    }
}

/// `part` of `whole` in percent, one decimal; 0 of 0 is 0.
pub fn percent(part: i64, whole: i64) -> f64 {
    if whole <= 0 {
        0.0
    } else {
        (part as f64 * 1000.0 / whole as f64).round() / 10.0
    }
}

/// Coverage by theme and overall.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SoaCoverage {
    pub framework_id: String,
    pub themes: Vec<Coverage>,
    pub overall: Coverage,
}

/// Starts an organisation's SoA on a framework (`POST /soa/adopt`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdoptFramework {
    pub framework: String,
}

/// Moves the SoA to a later edition (`POST /soa/migrate`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MigrateSoa {
    pub from: String,
    pub to: String,
    /// Report what would happen and change nothing.
    #[serde(default)]
    pub dry_run: bool,
}

/// One control of a migration report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MigratedControl {
    pub reference: String,
    pub title: String,
    pub sources: Vec<String>,
    pub applicable: bool,
    pub implementation_status: ImplementationStatus,
    pub decision: Option<super::mapping::Decision>,
    /// The new control's item (absent on a dry run).
    pub item_id: Option<Uuid>,
    pub notes_copied: usize,
    pub links_copied: usize,
}

/// What a migration did (or would do).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MigrationReport {
    pub from: String,
    pub to: String,
    pub dry_run: bool,
    /// The new SoA's project (absent on a dry run).
    pub space_id: Option<Uuid>,
    pub controls: Vec<MigratedControl>,
    /// How many need a decision (new controls and disagreeing merges).
    pub decisions_needed: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use ImplementationStatus::*;

    fn state(applicable: bool, justification: &str, status: ImplementationStatus) -> EntryState {
        EntryState {
            applicable,
            justification: justification.into(),
            status,
        }
    }

    #[test]
    fn excluding_needs_a_justification_and_makes_it_not_applicable() {
        let before = state(true, "", Partial);
        assert_eq!(
            settle(&before, Some(false), None, None),
            Err(EntryError::JustificationRequired)
        );
        assert_eq!(
            settle(&before, Some(false), Some("   "), None),
            Err(EntryError::JustificationRequired)
        );
        assert_eq!(
            settle(
                &before,
                Some(false),
                Some(" No data centre. "),
                Some(Implemented)
            ),
            Ok(state(false, "No data centre.", NotApplicable))
        );
        // Clearing the justification of an excluded control is refused too.
        let excluded = state(false, "why", NotApplicable);
        assert_eq!(
            settle(&excluded, None, Some(""), None),
            Err(EntryError::JustificationRequired)
        );
    }

    #[test]
    fn including_again_starts_over_and_not_applicable_needs_exclusion() {
        let excluded = state(false, "why", NotApplicable);
        assert_eq!(
            settle(&excluded, Some(true), None, None).unwrap().status,
            NotStarted
        );
        assert_eq!(
            settle(&excluded, Some(true), None, Some(Partial))
                .unwrap()
                .status,
            Partial
        );
        assert_eq!(
            settle(&state(true, "", Partial), None, None, Some(NotApplicable)),
            Err(EntryError::ApplicableNotApplicable)
        );
        assert_eq!(
            settle(&state(true, "", Partial), None, None, None).unwrap(),
            state(true, "", Partial)
        );
    }

    #[test]
    fn reasons_round_trip_sorted_and_percentages_round() {
        let text = reasons_to_text(&[
            Reason::Contractual,
            Reason::RiskAssessment,
            Reason::Contractual,
        ]);
        assert_eq!(text, "risk_assessment,contractual");
        assert_eq!(
            reasons_from_text(&format!("{text},bogus")),
            [Reason::RiskAssessment, Reason::Contractual]
        );
        assert_eq!(reasons_from_text(""), []);
        assert_eq!(percent(1, 3), 33.3);
        assert_eq!(percent(0, 0), 0.0);
        let c = Coverage::new("A.5".into(), "Org".into(), 37, 30, 12, 6);
        assert_eq!((c.not_started, c.implemented_percent), (12, 40.0));
    }
}
