//! Crosswalks: which requirement or control of one framework asks for the same thing as which of
//! another (ISO/IEC 27001 clause 9.2 and ISO 22301 clause 9.2, Annex A.8.24 and GDPR Art. 32), so
//! that work done once counts everywhere it applies.
//!
//! Unlike an edition mapping, a crosswalk is partial (much of each framework has no counterpart),
//! pairs clauses as well as controls, and is read in both directions.

use super::catalogue::{Framework, RequirementKind};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// One requirement or control of the `from` framework that corresponds to one of the `to` framework.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CrosswalkPair {
    /// A reference of the `from` framework, e.g. "9.2.1" or "A.5.24".
    pub from: String,
    /// A reference of the `to` framework, e.g. "9.2" or "Art. 33".
    pub to: String,
}

/// A crosswalk file of `seeds/frameworks/crosswalks/`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Crosswalk {
    /// Framework id of one side; which side is first carries no meaning.
    pub from: String,
    /// Framework id of the other side.
    pub to: String,
    /// The basis of the pairs, so a reviewer can judge them.
    pub description: String,
    pub pairs: Vec<CrosswalkPair>,
}

/// `GET /frameworks/crosswalks`: which crosswalks to list.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct CrosswalkFilter {
    /// Only the crosswalks that have this framework id on either side.
    pub framework: Option<String>,
}

/// Why a crosswalk cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CrosswalkError {
    #[error("not valid crosswalk JSON: {0}")]
    Json(String),
    #[error("the crosswalk is {found}, not {expected}")]
    WrongFrameworks { found: String, expected: String },
    #[error("a crosswalk needs two different frameworks, not `{0}` twice")]
    SameFramework(String),
    #[error("the crosswalk {from} ↔ {to} does not say its basis in `description`")]
    NoBasis { from: String, to: String },
    #[error("`{reference}` is not a requirement of {framework}")]
    UnknownReference {
        framework: String,
        reference: String,
    },
    #[error("`{reference}` of {framework} is a heading; pair its requirements or controls")]
    Heading {
        framework: String,
        reference: String,
    },
    #[error("{from} ↔ {to} appears twice")]
    DuplicatePair { from: String, to: String },
    #[error("{0} and {1} have more than one crosswalk")]
    DuplicateCrosswalk(String, String),
}

/// Reads a crosswalk and checks it against its two frameworks: every reference exists and is a
/// requirement or control (a section or objective only groups others, so nothing is done against
/// it), no pair is listed twice.
pub fn parse(json: &str, from: &Framework, to: &Framework) -> Result<Crosswalk, CrosswalkError> {
    let crosswalk: Crosswalk =
        serde_json::from_str(json).map_err(|e| CrosswalkError::Json(e.to_string()))?;
    if crosswalk.from != from.id || crosswalk.to != to.id {
        return Err(CrosswalkError::WrongFrameworks {
            found: format!("{} ↔ {}", crosswalk.from, crosswalk.to),
            expected: format!("{} ↔ {}", from.id, to.id),
        });
    }
    if from.id == to.id {
        return Err(CrosswalkError::SameFramework(from.id.clone()));
    }
    if crosswalk.description.trim().is_empty() {
        return Err(CrosswalkError::NoBasis {
            from: from.id.clone(),
            to: to.id.clone(),
        });
    }
    let mut seen = HashSet::new();
    for pair in &crosswalk.pairs {
        check_reference(from, &pair.from)?;
        check_reference(to, &pair.to)?;
        if !seen.insert((&pair.from, &pair.to)) {
            return Err(CrosswalkError::DuplicatePair {
                from: pair.from.clone(),
                to: pair.to.clone(),
            });
        }
    }
    Ok(crosswalk)
}

fn check_reference(framework: &Framework, reference: &str) -> Result<(), CrosswalkError> {
    match framework.find(reference).map(|r| r.kind) {
        None => Err(CrosswalkError::UnknownReference {
            framework: framework.id.clone(),
            reference: reference.to_string(),
        }),
        Some(RequirementKind::Section | RequirementKind::Objective) => {
            Err(CrosswalkError::Heading {
                framework: framework.id.clone(),
                reference: reference.to_string(),
            })
        }
        Some(RequirementKind::Requirement | RequirementKind::Control) => Ok(()),
    }
}

/// Checks a set of crosswalks taken together: at most one per pair of frameworks, whichever way
/// round, so that [`counterparts`] never gets the same answer from two files that may disagree.
pub fn check_distinct(crosswalks: &[Crosswalk]) -> Result<(), CrosswalkError> {
    let mut seen = HashSet::new();
    for c in crosswalks {
        let key = if c.from <= c.to {
            (&c.from, &c.to)
        } else {
            (&c.to, &c.from)
        };
        if !seen.insert(key) {
            return Err(CrosswalkError::DuplicateCrosswalk(
                key.0.clone(),
                key.1.clone(),
            ));
        }
    }
    Ok(())
}

impl Crosswalk {
    /// Whether this framework is on either side.
    pub fn involves(&self, framework: &str) -> bool {
        self.from == framework || self.to == framework
    }
}

/// What corresponds to `reference` of `framework` in every other framework, as
/// `(framework id, reference)` in the order of the crosswalks and their pairs, each once. Pairs
/// are read in both directions: a crosswalk from ISO 27001 to ISO 22301 also answers for a 22301
/// clause.
pub fn counterparts<'a>(
    crosswalks: &'a [Crosswalk],
    framework: &str,
    reference: &str,
) -> Vec<(&'a str, &'a str)> {
    let mut out: Vec<(&'a str, &'a str)> = Vec::new();
    for c in crosswalks {
        for p in &c.pairs {
            let found = if c.from == framework && p.from == reference {
                Some((c.to.as_str(), p.to.as_str()))
            } else if c.to == framework && p.to == reference {
                Some((c.from.as_str(), p.from.as_str()))
            } else {
                None
            };
            if let Some(found) = found.filter(|f| !out.contains(f)) {
                out.push(found);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frameworks::catalogue::Requirement;

    fn node(reference: &str, kind: RequirementKind, children: Vec<Requirement>) -> Requirement {
        Requirement {
            reference: reference.into(),
            kind,
            title: format!("Title of {reference}"),
            description: String::new(),
            attributes: None,
            guidance: None,
            children,
        }
    }

    fn framework(id: &str, leaves: &[(&str, RequirementKind)]) -> Framework {
        Framework {
            id: id.into(),
            name: id.to_uppercase(),
            description: String::new(),
            requirements: vec![node(
                "9",
                RequirementKind::Section,
                leaves
                    .iter()
                    .map(|(r, k)| node(r, *k, Vec::new()))
                    .collect(),
            )],
        }
    }

    fn isms() -> Framework {
        framework(
            "isms",
            &[
                ("9.2", RequirementKind::Requirement),
                ("A.5.24", RequirementKind::Control),
            ],
        )
    }

    fn bcms() -> Framework {
        framework(
            "bcms",
            &[
                ("9.2.1", RequirementKind::Requirement),
                ("9.2.2", RequirementKind::Requirement),
                ("8.4.2", RequirementKind::Requirement),
            ],
        )
    }

    fn json(from: &str, to: &str, pairs: &[(&str, &str)]) -> String {
        serde_json::json!({
            "from": from,
            "to": to,
            "description": "Harmonised structure.",
            "pairs": pairs
                .iter()
                .map(|(f, t)| serde_json::json!({"from": f, "to": t}))
                .collect::<Vec<_>>(),
        })
        .to_string()
    }

    #[test]
    fn a_crosswalk_of_known_requirements_and_controls_parses() {
        let c = parse(
            &json(
                "isms",
                "bcms",
                &[("9.2", "9.2.1"), ("9.2", "9.2.2"), ("A.5.24", "8.4.2")],
            ),
            &isms(),
            &bcms(),
        )
        .unwrap();
        assert_eq!(c.pairs.len(), 3);
        assert!(c.involves("bcms") && c.involves("isms") && !c.involves("qms"));
    }

    #[test]
    fn an_unknown_reference_is_refused_naming_it_and_its_framework() {
        let err = parse(&json("isms", "bcms", &[("9.2", "9.9")]), &isms(), &bcms()).unwrap_err();
        assert_eq!(
            err,
            CrosswalkError::UnknownReference {
                framework: "bcms".into(),
                reference: "9.9".into()
            }
        );
        assert_eq!(err.to_string(), "`9.9` is not a requirement of bcms");
        let err = parse(
            &json("isms", "bcms", &[("A.5.99", "9.2.1")]),
            &isms(),
            &bcms(),
        )
        .unwrap_err();
        assert!(
            matches!(err, CrosswalkError::UnknownReference { ref framework, .. } if framework == "isms")
        );
    }

    #[test]
    fn a_section_is_refused_as_a_heading() {
        let err = parse(&json("isms", "bcms", &[("9", "9.2.1")]), &isms(), &bcms()).unwrap_err();
        assert_eq!(
            err,
            CrosswalkError::Heading {
                framework: "isms".into(),
                reference: "9".into()
            }
        );
    }

    #[test]
    fn a_duplicate_pair_is_refused_but_one_reference_may_pair_many_times() {
        let err = parse(
            &json("isms", "bcms", &[("9.2", "9.2.1"), ("9.2", "9.2.1")]),
            &isms(),
            &bcms(),
        )
        .unwrap_err();
        assert_eq!(
            err,
            CrosswalkError::DuplicatePair {
                from: "9.2".into(),
                to: "9.2.1".into()
            }
        );
    }

    #[test]
    fn the_frameworks_must_match_differ_and_the_basis_be_given() {
        let err = parse(&json("bcms", "isms", &[]), &isms(), &bcms()).unwrap_err();
        assert!(matches!(err, CrosswalkError::WrongFrameworks { .. }));
        let err = parse(&json("isms", "isms", &[]), &isms(), &isms()).unwrap_err();
        assert_eq!(err, CrosswalkError::SameFramework("isms".into()));
        let blank = r#"{"from":"isms","to":"bcms","description":" ","pairs":[]}"#;
        let err = parse(blank, &isms(), &bcms()).unwrap_err();
        assert!(matches!(err, CrosswalkError::NoBasis { .. }));
        let err = parse("{\"from\":\"isms\"}", &isms(), &bcms()).unwrap_err();
        assert!(matches!(err, CrosswalkError::Json(_)));
    }

    fn crosswalk(from: &str, to: &str, pairs: &[(&str, &str)]) -> Crosswalk {
        Crosswalk {
            from: from.into(),
            to: to.into(),
            description: "basis".into(),
            pairs: pairs
                .iter()
                .map(|(f, t)| CrosswalkPair {
                    from: f.to_string(),
                    to: t.to_string(),
                })
                .collect(),
        }
    }

    #[test]
    fn counterparts_are_read_in_both_directions() {
        let all = [
            crosswalk(
                "isms",
                "bcms",
                &[("9.2", "9.2.1"), ("9.2", "9.2.2"), ("A.5.24", "8.4.2")],
            ),
            crosswalk("isms", "qms", &[("9.2", "9.2")]),
            crosswalk("bcms", "qms", &[("9.2.1", "9.2"), ("9.2.2", "9.2")]),
        ];
        assert_eq!(
            counterparts(&all, "isms", "9.2"),
            [("bcms", "9.2.1"), ("bcms", "9.2.2"), ("qms", "9.2")]
        );
        assert_eq!(
            counterparts(&all, "bcms", "9.2.1"),
            [("isms", "9.2"), ("qms", "9.2")]
        );
        assert_eq!(
            counterparts(&all, "qms", "9.2"),
            [("isms", "9.2"), ("bcms", "9.2.1"), ("bcms", "9.2.2")]
        );
        assert_eq!(counterparts(&all, "bcms", "8.4.2"), [("isms", "A.5.24")]);
        assert!(counterparts(&all, "isms", "8.4.2").is_empty());
        assert!(counterparts(&all, "gdpr", "9.2").is_empty());
    }

    #[test]
    fn two_crosswalks_of_the_same_frameworks_are_refused_whichever_way_round() {
        let one = crosswalk("isms", "bcms", &[]);
        let other = crosswalk("qms", "bcms", &[]);
        assert_eq!(check_distinct(&[one.clone(), other.clone()]), Ok(()));
        let reversed = crosswalk("bcms", "isms", &[]);
        assert_eq!(
            check_distinct(&[one, other, reversed]),
            Err(CrosswalkError::DuplicateCrosswalk(
                "bcms".into(),
                "isms".into()
            ))
        );
    }
}
