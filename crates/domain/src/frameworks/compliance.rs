//! The unified compliance view: every register the organisation keeps (the ISO 27001 SoA, the
//! ISO 22301, ISO 9001 and GDPR registers) read together, so that evidence linked to one
//! requirement also counts for the requirements of other frameworks that correspond to it —
//! through the crosswalks or through a link a person made between the two — and work done once
//! counts everywhere.

use super::crosswalk::{Crosswalk, counterparts};
use super::soa::ImplementationStatus;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;

/// A record that evidences a requirement: a linked item outside every register (a policy, a BC
/// plan, a processing activity …) or a document attached to the requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Evidence {
    /// The linked item; absent for an attached document.
    pub item_id: Option<Uuid>,
    /// "12 - Access control policy", or the document's title.
    pub label: String,
    /// The space the item is in; "Document" for an attached document.
    pub source: String,
    /// Where a document lives.
    pub url: Option<String>,
}

impl Evidence {
    fn key(&self) -> String {
        match self.item_id {
            Some(id) => id.to_string(),
            None => format!("{}|{}", self.label, self.url.as_deref().unwrap_or_default()),
        }
    }
}

/// How a counterpart was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Correspondence {
    /// The built-in crosswalk between the two frameworks pairs them.
    Crosswalk,
    /// Someone linked the two requirements' items.
    Link,
}

/// Where a requirement's evidence comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EvidenceCoverage {
    /// Evidence of its own (and perhaps shared evidence too).
    Own,
    /// No evidence of its own, but its counterparts in other frameworks have some.
    Shared,
    /// Applicable and without evidence anywhere.
    None,
    /// Not applicable.
    Excluded,
}

impl EvidenceCoverage {
    pub const ALL: [EvidenceCoverage; 4] = [
        EvidenceCoverage::Own,
        EvidenceCoverage::Shared,
        EvidenceCoverage::None,
        EvidenceCoverage::Excluded,
    ];

    pub fn key(self) -> &'static str {
        match self {
            EvidenceCoverage::Own => "own",
            EvidenceCoverage::Shared => "shared",
            EvidenceCoverage::None => "none",
            EvidenceCoverage::Excluded => "excluded",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            EvidenceCoverage::Own => "Own evidence",
            EvidenceCoverage::Shared => "Evidenced through another framework",
            EvidenceCoverage::None => "No evidence",
            EvidenceCoverage::Excluded => "Not applicable",
        }
    }
}

/// A requirement of another framework that corresponds to a row, with its own evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Counterpart {
    pub framework_id: String,
    pub framework_name: String,
    pub reference: String,
    pub title: String,
    pub item_id: Uuid,
    /// Its register statement; absent for an ISO 27001 clause (clauses 4 to 10 have no SoA entry).
    pub implementation_status: Option<ImplementationStatus>,
    pub via: Correspondence,
    pub evidence: Vec<Evidence>,
}

/// One requirement (or control) of the framework asked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComplianceRow {
    pub item_id: Uuid,
    pub reference: String,
    pub title: String,
    /// The section it is in ("8", "A.5", "Chapter IV").
    pub theme: String,
    pub applicable: bool,
    /// Absent for an ISO 27001 clause.
    pub implementation_status: Option<ImplementationStatus>,
    pub owner_name: Option<String>,
    /// Its own evidence.
    pub evidence: Vec<Evidence>,
    pub counterparts: Vec<Counterpart>,
    /// Distinct records that count for it only through its counterparts.
    pub shared_evidence: i64,
    pub coverage: EvidenceCoverage,
}

/// One register's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FrameworkCompliance {
    pub framework_id: String,
    pub framework_name: String,
    /// Its project.
    pub space_id: Uuid,
    /// Rows: SoA controls or register requirements (and, for ISO 27001, clauses 4 to 10).
    pub entries: i64,
    pub applicable: i64,
    pub implemented: i64,
    /// Applicable rows by where their evidence comes from.
    pub own: i64,
    pub shared: i64,
    pub none: i64,
}

/// `GET /compliance`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComplianceView {
    /// The framework whose rows are listed.
    pub framework_id: String,
    pub framework_name: String,
    /// Every register the organisation keeps, in catalogue order.
    pub frameworks: Vec<FrameworkCompliance>,
    /// Records that evidence requirements of two frameworks or more: work done once.
    pub records_shared: i64,
    pub rows: Vec<ComplianceRow>,
}

/// Filters of `GET /compliance`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct ComplianceFilter {
    /// The framework to list (default: the first register in catalogue order, ISO 27001 first).
    pub framework: Option<String>,
    /// Only rows of this coverage.
    pub coverage: Option<EvidenceCoverage>,
}

/// A register row as the store reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryFacts {
    pub item_id: Uuid,
    pub framework_id: String,
    pub reference: String,
    pub title: String,
    pub theme: String,
    pub applicable: bool,
    pub implementation_status: Option<ImplementationStatus>,
    pub owner_name: Option<String>,
}

/// A register the organisation keeps: framework id, name and project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Register {
    pub framework_id: String,
    pub framework_name: String,
    pub space_id: Uuid,
}

/// What the view is made of: the registers, their rows, each row's own evidence, links between
/// rows of different frameworks, and the crosswalks.
pub struct Facts<'a> {
    pub registers: Vec<Register>,
    pub entries: Vec<EntryFacts>,
    pub evidence: HashMap<Uuid, Vec<Evidence>>,
    pub entry_links: Vec<(Uuid, Uuid)>,
    pub crosswalks: &'a [Crosswalk],
}

fn coverage_of(applicable: bool, own: usize, shared: usize) -> EvidenceCoverage {
    match (applicable, own, shared) {
        (false, _, _) => EvidenceCoverage::Excluded,
        (true, 0, 0) => EvidenceCoverage::None,
        (true, 0, _) => EvidenceCoverage::Shared,
        _ => EvidenceCoverage::Own,
    }
}

/// Builds the view for `framework` (which must be one of the registers), keeping rows of
/// `only` coverage when given.
pub fn assemble(
    facts: Facts<'_>,
    framework: &str,
    only: Option<EvidenceCoverage>,
) -> ComplianceView {
    let names: HashMap<&str, &str> = facts
        .registers
        .iter()
        .map(|r| (r.framework_id.as_str(), r.framework_name.as_str()))
        .collect();
    let by_ref: HashMap<(&str, &str), &EntryFacts> = facts
        .entries
        .iter()
        .map(|e| ((e.framework_id.as_str(), e.reference.as_str()), e))
        .collect();
    let by_id: HashMap<Uuid, &EntryFacts> = facts.entries.iter().map(|e| (e.item_id, e)).collect();
    let mut linked: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for (a, b) in &facts.entry_links {
        linked.entry(*a).or_default().push(*b);
        linked.entry(*b).or_default().push(*a);
    }
    let no_evidence: Vec<Evidence> = Vec::new();
    let own_of = |id: Uuid| facts.evidence.get(&id).unwrap_or(&no_evidence);

    // Every row of every register, with its counterparts.
    let row_of = |entry: &EntryFacts| -> ComplianceRow {
        let mut found: Vec<(&EntryFacts, Correspondence)> = Vec::new();
        for (other_framework, other_ref) in
            counterparts(facts.crosswalks, &entry.framework_id, &entry.reference)
        {
            if let Some(other) = by_ref.get(&(other_framework, other_ref)) {
                found.push((other, Correspondence::Crosswalk));
            }
        }
        for other in linked.get(&entry.item_id).into_iter().flatten() {
            if let Some(other) = by_id.get(other)
                && other.framework_id != entry.framework_id
                && !found.iter().any(|(f, _)| f.item_id == other.item_id)
            {
                found.push((other, Correspondence::Link));
            }
        }
        let own = own_of(entry.item_id);
        let own_keys: BTreeSet<String> = own.iter().map(Evidence::key).collect();
        let shared: BTreeSet<String> = found
            .iter()
            .flat_map(|(other, _)| own_of(other.item_id).iter().map(Evidence::key))
            .filter(|k| !own_keys.contains(k))
            .collect();
        ComplianceRow {
            item_id: entry.item_id,
            reference: entry.reference.clone(),
            title: entry.title.clone(),
            theme: entry.theme.clone(),
            applicable: entry.applicable,
            implementation_status: entry.implementation_status,
            owner_name: entry.owner_name.clone(),
            evidence: own.clone(),
            counterparts: found
                .into_iter()
                .map(|(other, via)| Counterpart {
                    framework_id: other.framework_id.clone(),
                    framework_name: names
                        .get(other.framework_id.as_str())
                        .copied()
                        .unwrap_or_default()
                        .to_string(),
                    reference: other.reference.clone(),
                    title: other.title.clone(),
                    item_id: other.item_id,
                    implementation_status: other.implementation_status,
                    via,
                    evidence: own_of(other.item_id).clone(),
                })
                .collect(),
            shared_evidence: shared.len() as i64,
            coverage: coverage_of(entry.applicable, own.len(), shared.len()),
        }
    };
    let all: Vec<(String, ComplianceRow)> = facts
        .entries
        .iter()
        .map(|e| (e.framework_id.clone(), row_of(e)))
        .collect();

    let frameworks = facts
        .registers
        .iter()
        .map(|r| {
            let rows: Vec<&ComplianceRow> = all
                .iter()
                .filter(|(f, _)| *f == r.framework_id)
                .map(|(_, row)| row)
                .collect();
            let count =
                |c: EvidenceCoverage| rows.iter().filter(|row| row.coverage == c).count() as i64;
            FrameworkCompliance {
                framework_id: r.framework_id.clone(),
                framework_name: r.framework_name.clone(),
                space_id: r.space_id,
                entries: rows.len() as i64,
                applicable: rows.iter().filter(|row| row.applicable).count() as i64,
                implemented: rows
                    .iter()
                    .filter(|row| {
                        row.implementation_status == Some(ImplementationStatus::Implemented)
                    })
                    .count() as i64,
                own: count(EvidenceCoverage::Own),
                shared: count(EvidenceCoverage::Shared),
                none: count(EvidenceCoverage::None),
            }
        })
        .collect();

    // A record counts as shared when it evidences rows of two frameworks or more.
    let mut frameworks_of: HashMap<String, BTreeSet<&str>> = HashMap::new();
    for entry in &facts.entries {
        for evidence in own_of(entry.item_id) {
            if evidence.item_id.is_some() {
                frameworks_of
                    .entry(evidence.key())
                    .or_default()
                    .insert(entry.framework_id.as_str());
            }
        }
    }
    let records_shared = frameworks_of.values().filter(|f| f.len() > 1).count() as i64;

    ComplianceView {
        framework_id: framework.to_string(),
        framework_name: names
            .get(framework)
            .copied()
            .unwrap_or_default()
            .to_string(),
        frameworks,
        records_shared,
        rows: all
            .into_iter()
            .filter(|(f, row)| f == framework && only.is_none_or(|c| row.coverage == c))
            .map(|(_, row)| row)
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frameworks::crosswalk::CrosswalkPair;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn entry(n: u128, framework: &str, reference: &str, applicable: bool) -> EntryFacts {
        EntryFacts {
            item_id: id(n),
            framework_id: framework.into(),
            reference: reference.into(),
            title: format!("Requirement {reference}"),
            theme: reference[..1].into(),
            applicable,
            implementation_status: Some(ImplementationStatus::NotStarted),
            owner_name: None,
        }
    }

    fn record(n: u128) -> Evidence {
        Evidence {
            item_id: Some(id(n)),
            label: format!("{n} - Record"),
            source: "Policies".into(),
            url: None,
        }
    }

    fn register(framework: &str, n: u128) -> Register {
        Register {
            framework_id: framework.into(),
            framework_name: framework.to_uppercase(),
            space_id: id(n),
        }
    }

    fn crosswalk() -> Vec<Crosswalk> {
        vec![Crosswalk {
            from: "iso".into(),
            to: "bcms".into(),
            description: "test".into(),
            pairs: vec![CrosswalkPair {
                from: "9.2".into(),
                to: "9.2.1".into(),
            }],
        }]
    }

    fn facts(crosswalks: &[Crosswalk]) -> Facts<'_> {
        Facts {
            registers: vec![register("iso", 900), register("bcms", 901)],
            entries: vec![
                entry(1, "iso", "9.2", true),
                entry(2, "bcms", "9.2.1", true),
                entry(3, "bcms", "8.4", true),
                entry(4, "bcms", "8.5", false),
                entry(5, "iso", "A.5.30", true),
            ],
            evidence: HashMap::from([
                (id(1), vec![record(100)]),
                (id(3), vec![record(101)]),
                (id(5), vec![record(101)]),
            ]),
            entry_links: vec![(id(3), id(5))],
            crosswalks,
        }
    }

    #[test]
    fn evidence_of_a_crosswalked_requirement_counts_as_shared() {
        let crosswalks = crosswalk();
        let view = assemble(facts(&crosswalks), "bcms", None);
        assert_eq!(view.framework_name, "BCMS");
        let audit = view.rows.iter().find(|r| r.reference == "9.2.1").unwrap();
        assert_eq!(audit.coverage, EvidenceCoverage::Shared);
        assert_eq!(audit.shared_evidence, 1);
        assert_eq!(audit.counterparts.len(), 1);
        assert_eq!(audit.counterparts[0].via, Correspondence::Crosswalk);
        assert_eq!(audit.counterparts[0].reference, "9.2");
        assert_eq!(audit.counterparts[0].evidence, vec![record(100)]);
    }

    #[test]
    fn a_link_between_requirements_is_a_counterpart_and_the_same_record_is_not_counted_twice() {
        let crosswalks = crosswalk();
        let view = assemble(facts(&crosswalks), "bcms", None);
        let plans = view.rows.iter().find(|r| r.reference == "8.4").unwrap();
        assert_eq!(plans.coverage, EvidenceCoverage::Own);
        assert_eq!(plans.counterparts[0].via, Correspondence::Link);
        assert_eq!(plans.shared_evidence, 0, "record 101 is its own already");
        assert_eq!(
            view.records_shared, 1,
            "record 101 evidences both frameworks"
        );
        let excluded = view.rows.iter().find(|r| r.reference == "8.5").unwrap();
        assert_eq!(excluded.coverage, EvidenceCoverage::Excluded);
    }

    #[test]
    fn figures_cover_every_register_and_the_filter_keeps_one_coverage() {
        let crosswalks = crosswalk();
        let view = assemble(facts(&crosswalks), "bcms", Some(EvidenceCoverage::Shared));
        assert_eq!(view.rows.len(), 1);
        let bcms = &view.frameworks[1];
        assert_eq!(
            (
                bcms.entries,
                bcms.applicable,
                bcms.own,
                bcms.shared,
                bcms.none
            ),
            (3, 2, 1, 1, 0)
        );
        let iso = &view.frameworks[0];
        assert_eq!((iso.own, iso.shared, iso.none), (2, 0, 0));
        let without = assemble(facts(&[]), "bcms", None);
        let audit = without
            .rows
            .iter()
            .find(|r| r.reference == "9.2.1")
            .unwrap();
        assert_eq!(
            audit.coverage,
            EvidenceCoverage::None,
            "no crosswalk, no link"
        );
    }
}
