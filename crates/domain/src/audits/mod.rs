//! The audit programme (ISO 27001 clause 9.2): audits are activities of the organisation's
//! "ISO 27001 Audit Programme" project, linked to the controls they cover; a finding raised on an
//! audit becomes, in one step, a corrective action linked to the audit and to its controls.

pub mod management_review;
pub mod questionnaires;

use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// How serious a finding is; the corrective-actions tracker's Severity options carry these labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    MajorNc,
    MinorNc,
    Observation,
    Opportunity,
}

impl FindingKind {
    pub const ALL: [FindingKind; 4] = [
        FindingKind::MajorNc,
        FindingKind::MinorNc,
        FindingKind::Observation,
        FindingKind::Opportunity,
    ];

    /// The Severity option of the corrective-actions tracker.
    pub fn label(self) -> &'static str {
        match self {
            FindingKind::MajorNc => "Major NC",
            FindingKind::MinorNc => "Minor NC",
            FindingKind::Observation => "Observation",
            FindingKind::Opportunity => "Opportunity for improvement",
        }
    }

    pub fn from_label(label: &str) -> Option<FindingKind> {
        FindingKind::ALL
            .into_iter()
            .find(|k| k.label().eq_ignore_ascii_case(label.trim()))
    }
}

/// Raises a finding on an audit.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RaiseFinding {
    pub kind: FindingKind,
    #[validate(length(min = 1, max = 300, message = "must be 1 to 300 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 300))]
    pub title: String,
    #[serde(default)]
    #[validate(length(max = 20000, message = "must be at most 20000 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 20000))]
    pub description: String,
    /// The controls concerned: SoA control items (their item ids).
    #[serde(default)]
    pub controls: Vec<Uuid>,
}

/// A finding of an audit: its corrective action, how serious, where it stands, which controls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Finding {
    /// The corrective action's item id.
    pub item_id: Uuid,
    pub number: i64,
    pub title: String,
    pub kind: Option<FindingKind>,
    pub status: Option<String>,
    pub resolved: bool,
    /// References of the linked controls ("A.5.15").
    pub controls: Vec<String>,
}

/// Which controls one part (phase) of the programme audits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhaseCoverage {
    pub phase_id: Uuid,
    pub title: String,
    /// Audits (activities) in the phase.
    pub audits: i64,
    /// References of the controls its audits are linked to, in SoA order.
    pub controls: Vec<String>,
}

/// The programme's coverage of the applicable Annex A controls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditCoverage {
    pub space_id: Uuid,
    pub phases: Vec<PhaseCoverage>,
    /// Applicable controls that no audit of the programme covers.
    pub uncovered: Vec<String>,
    /// How many applicable controls there are.
    pub applicable: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_the_severity_options() {
        for kind in FindingKind::ALL {
            assert_eq!(FindingKind::from_label(kind.label()), Some(kind));
        }
        assert_eq!(FindingKind::from_label("Critical"), None);
    }
}
