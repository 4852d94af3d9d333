//! The correspondence between two editions of a framework (ISO/IEC 27001:2013 → 2022), and what
//! moving an SoA across it carries over and what it leaves for a person to decide.

use super::catalogue::{Framework, RequirementKind};
use super::soa::{ImplementationStatus, Reason};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// One old control that became (part of) one new control.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MappingPair {
    pub from: String,
    pub to: String,
}

/// A mapping file of `seeds/frameworks/`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// Framework id of the older edition.
    pub from: String,
    /// Framework id of the newer edition.
    pub to: String,
    #[serde(default)]
    pub description: String,
    pub pairs: Vec<MappingPair>,
}

/// Reads a mapping and checks every reference against the two frameworks' controls.
pub fn parse(json: &str, from: &Framework, to: &Framework) -> Result<Mapping, String> {
    let mapping: Mapping = serde_json::from_str(json).map_err(|e| e.to_string())?;
    if mapping.from != from.id || mapping.to != to.id {
        return Err(format!(
            "the mapping is {} → {}, not {} → {}",
            mapping.from, mapping.to, from.id, to.id
        ));
    }
    let controls = |f: &Framework| -> HashSet<String> {
        f.all()
            .into_iter()
            .filter(|r| r.kind == RequirementKind::Control)
            .map(|r| r.reference.clone())
            .collect()
    };
    let (old, new) = (controls(from), controls(to));
    let mut seen = HashSet::new();
    for pair in &mapping.pairs {
        if !old.contains(&pair.from) {
            return Err(format!("`{}` is not a control of {}", pair.from, from.id));
        }
        if !new.contains(&pair.to) {
            return Err(format!("`{}` is not a control of {}", pair.to, to.id));
        }
        if !seen.insert((&pair.from, &pair.to)) {
            return Err(format!("{} → {} appears twice", pair.from, pair.to));
        }
    }
    if let Some(missing) = old
        .iter()
        .find(|r| !mapping.pairs.iter().any(|p| &p.from == *r))
    {
        return Err(format!("`{missing}` of {} maps to nothing", from.id));
    }
    Ok(mapping)
}

impl Mapping {
    /// The old controls a new one comes from (none for a control new in the later edition).
    pub fn predecessors(&self, to: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|p| p.to == to)
            .map(|p| p.from.as_str())
            .collect()
    }

    /// The new controls an old one went into.
    pub fn successors(&self, from: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|p| p.from == from)
            .map(|p| p.to.as_str())
            .collect()
    }
}

/// What the old SoA said about one control.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OldEntry {
    pub reference: String,
    pub applicable: bool,
    pub reasons: Vec<Reason>,
    pub justification: String,
    pub status: ImplementationStatus,
    pub implementation_text: String,
}

/// Why a carried-over control needs a person to look at it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// New in the later edition: nothing to carry; decide applicability and write it up.
    NewControl,
    /// Several old controls merged and they disagreed on applicability or status.
    MergedDisagree,
}

/// What the new SoA gets for one control.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CarriedEntry {
    pub reference: String,
    /// The old controls it was carried from, in reference order.
    pub sources: Vec<String>,
    pub applicable: bool,
    pub reasons: Vec<Reason>,
    pub justification: String,
    pub status: ImplementationStatus,
    /// Empty when nothing was carried (the control keeps our starting text).
    pub implementation_text: String,
    pub decision: Option<Decision>,
}

/// Carries an old SoA onto the new edition's controls (`new_controls` in order): applicable when
/// any source was, reasons united, the least advanced status of the applicable sources (so merging
/// never overstates), justifications and texts joined under their old references. A new control
/// starts applicable and not started, marked for a decision; so does a merge whose sources disagreed.
pub fn carry_over(mapping: &Mapping, old: &[OldEntry], new_controls: &[&str]) -> Vec<CarriedEntry> {
    let by_ref: BTreeMap<&str, &OldEntry> = old.iter().map(|e| (e.reference.as_str(), e)).collect();
    new_controls
        .iter()
        .map(|&to| {
            let mut sources: Vec<&OldEntry> = mapping
                .predecessors(to)
                .into_iter()
                .filter_map(|r| by_ref.get(r).copied())
                .collect();
            sources.sort_by(|a, b| a.reference.cmp(&b.reference));
            if sources.is_empty() {
                return CarriedEntry {
                    reference: to.to_string(),
                    sources: Vec::new(),
                    applicable: true,
                    reasons: Vec::new(),
                    justification: String::new(),
                    status: ImplementationStatus::NotStarted,
                    implementation_text: String::new(),
                    decision: Some(Decision::NewControl),
                };
            }
            let applicable = sources.iter().any(|s| s.applicable);
            let reasons: BTreeSet<Reason> = sources
                .iter()
                .flat_map(|s| s.reasons.iter().copied())
                .collect();
            let status = if applicable {
                sources
                    .iter()
                    .filter(|s| s.applicable)
                    .map(|s| s.status)
                    .min_by_key(|s| s.rank())
                    .unwrap_or(ImplementationStatus::NotStarted)
            } else {
                ImplementationStatus::NotApplicable
            };
            let disagree = sources.len() > 1
                && (sources.iter().any(|s| s.applicable != applicable)
                    || sources
                        .iter()
                        .filter(|s| s.applicable)
                        .any(|s| s.status != status));
            let joined = |text: fn(&OldEntry) -> &str| -> String {
                let parts: Vec<&OldEntry> = sources
                    .iter()
                    .copied()
                    .filter(|s| !text(s).trim().is_empty())
                    .collect();
                match parts.as_slice() {
                    [] => String::new(),
                    [one] if sources.len() == 1 => text(one).trim().to_string(),
                    many => many
                        .iter()
                        .map(|s| format!("{}: {}", s.reference, text(s).trim()))
                        .collect::<Vec<_>>()
                        .join("\n\n"),
                }
            };
            CarriedEntry {
                reference: to.to_string(),
                sources: sources.iter().map(|s| s.reference.clone()).collect(),
                applicable,
                reasons: reasons.into_iter().collect(),
                justification: joined(|s| s.justification.as_str()),
                status,
                implementation_text: joined(|s| s.implementation_text.as_str()),
                decision: disagree.then_some(Decision::MergedDisagree),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ImplementationStatus::*;

    fn mapping() -> Mapping {
        Mapping {
            from: "old".into(),
            to: "new".into(),
            description: String::new(),
            pairs: [("A.1.1", "A.5.1"), ("A.1.2", "A.5.1"), ("A.2.1", "A.5.2")]
                .iter()
                .map(|(f, t)| MappingPair {
                    from: f.to_string(),
                    to: t.to_string(),
                })
                .collect(),
        }
    }

    fn old(
        reference: &str,
        applicable: bool,
        status: ImplementationStatus,
        text: &str,
    ) -> OldEntry {
        OldEntry {
            reference: reference.into(),
            applicable,
            reasons: vec![Reason::Contractual],
            justification: if applicable {
                String::new()
            } else {
                format!("no {reference}")
            },
            status,
            implementation_text: text.into(),
        }
    }

    #[test]
    fn a_merge_keeps_the_least_advanced_status_and_joins_texts() {
        let carried = carry_over(
            &mapping(),
            &[
                old("A.1.1", true, Implemented, "We do one."),
                old("A.1.2", true, Partial, "We do two."),
                old("A.2.1", false, NotApplicable, ""),
            ],
            &["A.5.1", "A.5.2", "A.5.3"],
        );
        assert_eq!(carried[0].sources, ["A.1.1", "A.1.2"]);
        assert!(carried[0].applicable);
        assert_eq!(carried[0].status, Partial);
        assert_eq!(
            carried[0].implementation_text,
            "A.1.1: We do one.\n\nA.1.2: We do two."
        );
        assert_eq!(carried[0].decision, Some(Decision::MergedDisagree));
        assert_eq!(carried[0].reasons, [Reason::Contractual]);

        assert!(!carried[1].applicable);
        assert_eq!(carried[1].status, NotApplicable);
        assert_eq!(carried[1].justification, "no A.2.1");
        assert_eq!(carried[1].decision, None);

        assert_eq!(carried[2].decision, Some(Decision::NewControl));
        assert!(carried[2].applicable && carried[2].sources.is_empty());
    }

    #[test]
    fn an_agreeing_merge_needs_no_decision_and_one_excluded_source_does_not_exclude() {
        let carried = carry_over(
            &mapping(),
            &[
                old("A.1.1", true, Implemented, ""),
                old("A.1.2", true, Implemented, "Only this."),
            ],
            &["A.5.1"],
        );
        assert_eq!(carried[0].decision, None);
        assert_eq!(carried[0].implementation_text, "A.1.2: Only this.");
        let carried = carry_over(
            &mapping(),
            &[
                old("A.1.1", false, NotApplicable, ""),
                old("A.1.2", true, NotStarted, ""),
            ],
            &["A.5.1"],
        );
        assert!(carried[0].applicable);
        assert_eq!(carried[0].status, NotStarted);
        assert_eq!(carried[0].decision, Some(Decision::MergedDisagree));
        assert_eq!(carried[0].justification, "A.1.1: no A.1.1");
    }
}
