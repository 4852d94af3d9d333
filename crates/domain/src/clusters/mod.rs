//! Clusters: named groups of spaces that run one management system together (an ISO 22301 BCMS,
//! an ISO 9001 QMS, a GDPR programme) beside the ISMS, with an overview of their progress and of
//! the links that join them. A space may sit in several clusters; a cluster never owns its spaces.

pub mod templates;

use crate::work::spaces::SpaceKind;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;
use validator::Validate;

/// A cluster with its spaces in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Cluster {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    /// The cluster template it was made from (`GET /cluster-templates`), if any.
    pub template_key: Option<String>,
    /// The framework its template follows (`GET /frameworks`), if any.
    pub framework: Option<String>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    /// For `If-Match`; adding or removing a space changes it too.
    pub version: i64,
    pub spaces: Vec<ClusterSpace>,
}

/// One space of a cluster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClusterSpace {
    pub space_id: Uuid,
    pub name: String,
    pub kind: SpaceKind,
    /// The space template it was made from, if any.
    pub template_key: Option<String>,
    pub archived: bool,
}

/// Creates a cluster: from a template (its spaces made, or reused, in one transaction), or as a
/// grouping of existing spaces, or both (the template's spaces first, then `space_ids`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateCluster {
    /// 1 to 120 characters; defaults to the template's name, so required without a template.
    #[validate(length(min = 1, max = 120, message = "must be 1 to 120 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 120))]
    #[serde(default)]
    pub name: Option<String>,
    /// Defaults to the template's description.
    #[validate(length(max = 20000, message = "must be at most 20000 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 20000))]
    #[serde(default)]
    pub description: Option<String>,
    /// A cluster template key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// Existing spaces of the organisation to group, in order.
    #[serde(default)]
    pub space_ids: Vec<Uuid>,
    /// With a template: plant its example records and their links (default true).
    #[serde(default = "yes")]
    pub starter_records: bool,
}

fn yes() -> bool {
    true
}

/// Renames or redescribes a cluster (the whole of what `PUT` replaces).
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateCluster {
    #[validate(length(min = 1, max = 120, message = "must be 1 to 120 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 120))]
    pub name: String,
    #[validate(length(max = 20000, message = "must be at most 20000 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 20000))]
    #[serde(default)]
    pub description: String,
}

/// The overview page: every space's progress and open work, and the links between the spaces.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClusterOverview {
    pub cluster_id: Uuid,
    pub name: String,
    pub description: String,
    pub framework: Option<String>,
    pub spaces: Vec<SpaceSummary>,
    /// Pairs of the cluster's spaces joined by at least one link, most links first.
    pub links: Vec<SpaceLinks>,
}

/// One space at a glance: a project's activities and progress, or a tracker's items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SpaceSummary {
    pub space_id: Uuid,
    pub name: String,
    pub kind: SpaceKind,
    pub archived: bool,
    /// Projects: overall progress 0–100, rolled up from the activities. Trackers: none.
    pub progress: Option<f64>,
    /// Live items (a project's activities only).
    pub total: i64,
    pub open: i64,
    pub resolved: i64,
    /// Open items past their due date.
    pub overdue: i64,
}

/// How many item links join two spaces of a cluster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SpaceLinks {
    pub space_a: Uuid,
    pub space_a_name: String,
    pub space_b: Uuid,
    pub space_b_name: String,
    pub links: i64,
}

/// Why a cluster request cannot be carried out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClusterError {
    #[error("a cluster without a template needs a name")]
    NameRequired,
    #[error("the space {0} is listed twice")]
    DuplicateSpace(Uuid),
}

impl ClusterError {
    /// The request field at fault.
    pub fn field(&self) -> &'static str {
        match self {
            ClusterError::NameRequired => "name",
            ClusterError::DuplicateSpace(_) => "space_ids",
        }
    }
}

/// Checks what a create request asks for before anything is looked up.
pub fn check_create(req: &CreateCluster) -> Result<(), ClusterError> {
    let named = req.name.as_deref().is_some_and(|n| !n.trim().is_empty());
    if req.template.is_none() && !named {
        return Err(ClusterError::NameRequired);
    }
    let mut seen = std::collections::HashSet::new();
    if let Some(dup) = req.space_ids.iter().find(|id| !seen.insert(**id)) {
        return Err(ClusterError::DuplicateSpace(*dup));
    }
    Ok(())
}

/// `base`, or `base (2)`, `base (3)`… — the first that `taken` does not hold (ignoring case), so a
/// template instantiated twice never collides with the spaces it made the first time.
pub fn unique_name(base: &str, taken: impl Fn(&str) -> bool) -> String {
    let base = base.trim();
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base} ({n})"))
        .find(|name| !taken(name))
        .unwrap_or_else(|| base.to_owned())
}

/// Folds link counts between spaces (`(space of one end, space of the other, count)`, in either
/// direction) into one count per unordered pair of different spaces, most links first, then in
/// the cluster's space order. Links inside one space are not links between spaces.
pub fn link_pairs(rows: &[(Uuid, Uuid, i64)], order: &[Uuid]) -> Vec<(Uuid, Uuid, i64)> {
    let rank: HashMap<Uuid, usize> = order.iter().enumerate().map(|(i, s)| (*s, i)).collect();
    let mut pairs: HashMap<(Uuid, Uuid), i64> = HashMap::new();
    for (a, b, n) in rows {
        let (Some(ra), Some(rb)) = (rank.get(a), rank.get(b)) else {
            continue;
        };
        if a == b {
            continue;
        }
        let key = if ra < rb { (*a, *b) } else { (*b, *a) };
        *pairs.entry(key).or_default() += n;
    }
    let mut out: Vec<(Uuid, Uuid, i64)> = pairs.into_iter().map(|((a, b), n)| (a, b, n)).collect();
    out.sort_by_key(|(a, b, n)| (std::cmp::Reverse(*n), rank[a], rank[b]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    #[test]
    fn a_cluster_needs_a_name_or_a_template() {
        let blank = CreateCluster {
            name: Some("  ".into()),
            ..CreateCluster::default()
        };
        assert_eq!(check_create(&blank), Err(ClusterError::NameRequired));
        assert_eq!(ClusterError::NameRequired.field(), "name");
        let templated = CreateCluster {
            template: Some("gdpr-privacy".into()),
            ..CreateCluster::default()
        };
        assert_eq!(check_create(&templated), Ok(()));
        let twice = CreateCluster {
            name: Some("Mine".into()),
            space_ids: vec![id(1), id(2), id(1)],
            ..CreateCluster::default()
        };
        assert_eq!(
            check_create(&twice),
            Err(ClusterError::DuplicateSpace(id(1)))
        );
        assert_eq!(ClusterError::DuplicateSpace(id(1)).field(), "space_ids");
    }

    #[test]
    fn starter_records_are_planted_unless_declined() {
        let req: CreateCluster = serde_json::from_str(r#"{"template": "gdpr-privacy"}"#).unwrap();
        assert!(req.starter_records);
        let req: CreateCluster =
            serde_json::from_str(r#"{"template": "gdpr-privacy", "starter_records": false}"#)
                .unwrap();
        assert!(!req.starter_records);
    }

    #[test]
    fn names_get_the_first_free_number() {
        let taken = ["GDPR", "gdpr (2)"];
        let is_taken = |n: &str| taken.iter().any(|t| t.eq_ignore_ascii_case(n));
        assert_eq!(unique_name("Payroll ", is_taken), "Payroll");
        assert_eq!(unique_name("GDPR", is_taken), "GDPR (3)");
    }

    #[test]
    fn links_fold_into_unordered_pairs_of_different_spaces() {
        let order = [id(1), id(2), id(3)];
        let rows = [
            (id(2), id(1), 2),
            (id(1), id(2), 1),
            (id(3), id(3), 9),
            (id(1), id(3), 4),
            (id(1), id(9), 5),
        ];
        assert_eq!(
            link_pairs(&rows, &order),
            vec![(id(1), id(3), 4), (id(1), id(2), 3)]
        );
        assert!(link_pairs(&[], &order).is_empty());
    }
}
