//! The framework catalogue: the data files of `seeds/frameworks/`, built into the binary, parsed
//! and checked once, with the 2013 → 2022 mapping checked against both editions and each
//! crosswalk of `seeds/frameworks/crosswalks/` against its two frameworks.

pub mod compliance;
pub mod soa;

use crate::error::{StoreError, StoreResult};
use annex_domain::frameworks::catalogue::{self, Framework};
use annex_domain::frameworks::crosswalk::{self, Crosswalk};
use annex_domain::frameworks::mapping::{self, Mapping};
use std::sync::OnceLock;

/// Every framework file; a unit test checks that none in the folder is missing here.
const SOURCES: [(&str, &str); 5] = [
    (
        "iso27001-2022.json",
        include_str!("../../../../seeds/frameworks/iso27001-2022.json"),
    ),
    (
        "iso27001-2013.json",
        include_str!("../../../../seeds/frameworks/iso27001-2013.json"),
    ),
    (
        "iso22301-2019.json",
        include_str!("../../../../seeds/frameworks/iso22301-2019.json"),
    ),
    (
        "iso9001-2015.json",
        include_str!("../../../../seeds/frameworks/iso9001-2015.json"),
    ),
    (
        "gdpr.json",
        include_str!("../../../../seeds/frameworks/gdpr.json"),
    ),
];

const MAPPINGS: [(&str, &str); 1] = [(
    "mapping-iso27001-2013-2022.json",
    include_str!("../../../../seeds/frameworks/mapping-iso27001-2013-2022.json"),
)];

/// Every crosswalk file; a unit test checks that none in the folder is missing here.
const CROSSWALKS: [(&str, &str); 4] = [
    (
        "iso27001-2022--iso22301-2019.json",
        include_str!("../../../../seeds/frameworks/crosswalks/iso27001-2022--iso22301-2019.json"),
    ),
    (
        "iso27001-2022--iso9001-2015.json",
        include_str!("../../../../seeds/frameworks/crosswalks/iso27001-2022--iso9001-2015.json"),
    ),
    (
        "iso22301-2019--iso9001-2015.json",
        include_str!("../../../../seeds/frameworks/crosswalks/iso22301-2019--iso9001-2015.json"),
    ),
    (
        "iso27001-2022--gdpr.json",
        include_str!("../../../../seeds/frameworks/crosswalks/iso27001-2022--gdpr.json"),
    ),
];

/// The framework an organisation's SoA starts on.
pub const CURRENT_ISO27001: &str = "iso27001-2022";
/// The frameworks an SoA can be kept on (those with Annex A controls), newest first.
pub const SOA_FRAMEWORKS: [&str; 2] = ["iso27001-2022", "iso27001-2013"];
/// The frameworks without controls an organisation can keep a compliance register on: every leaf
/// requirement an entry with the same statement an SoA control has (applicable, justification,
/// status, implementation text, owner, evidence), read and changed through the SoA's endpoints.
pub const REGISTER_FRAMEWORKS: [&str; 3] = ["iso22301-2019", "iso9001-2015", "gdpr"];

/// Whether an organisation may keep a register (an SoA or a compliance register) on a framework.
pub fn keeps_register(id: &str) -> bool {
    SOA_FRAMEWORKS.contains(&id) || REGISTER_FRAMEWORKS.contains(&id)
}

/// The message for a framework no register can be kept on.
pub fn no_register(id: &str) -> String {
    format!(
        "`{id}` has no Statement of Applicability or compliance register; use one of {}",
        SOA_FRAMEWORKS
            .iter()
            .chain(REGISTER_FRAMEWORKS.iter())
            .copied()
            .collect::<Vec<_>>()
            .join(", ")
    )
}

struct Catalogue {
    frameworks: Vec<Framework>,
    mappings: Vec<Mapping>,
    crosswalks: Vec<Crosswalk>,
}

static CATALOGUE: OnceLock<Result<Catalogue, String>> = OnceLock::new();

fn load() -> Result<Catalogue, String> {
    let frameworks = SOURCES
        .iter()
        .map(|(name, json)| catalogue::parse(json).map_err(|e| format!("{name}: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    let by_id = |id: &str| {
        frameworks
            .iter()
            .find(|f| f.id == id)
            .ok_or_else(|| format!("no framework `{id}`"))
    };
    let mappings = MAPPINGS
        .iter()
        .map(|(name, json)| {
            let head: Mapping = serde_json::from_str(json).map_err(|e| format!("{name}: {e}"))?;
            mapping::parse(json, by_id(&head.from)?, by_id(&head.to)?)
                .map_err(|e| format!("{name}: {e}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let crosswalks = CROSSWALKS
        .iter()
        .map(|(name, json)| {
            let head: Crosswalk = serde_json::from_str(json).map_err(|e| format!("{name}: {e}"))?;
            crosswalk::parse(json, by_id(&head.from)?, by_id(&head.to)?)
                .map_err(|e| format!("{name}: {e}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    crosswalk::check_distinct(&crosswalks).map_err(|e| e.to_string())?;
    Ok(Catalogue {
        frameworks,
        mappings,
        crosswalks,
    })
}

fn catalogue() -> StoreResult<&'static Catalogue> {
    CATALOGUE
        .get_or_init(load)
        .as_ref()
        .map_err(|e| StoreError::Config(format!("a built-in framework is broken: {e}")))
}

/// Every framework, in catalogue order.
pub fn all() -> StoreResult<&'static [Framework]> {
    Ok(&catalogue()?.frameworks)
}

/// The framework with this id, or not found.
pub fn find(id: &str) -> StoreResult<&'static Framework> {
    all()?
        .iter()
        .find(|f| f.id == id.trim())
        .ok_or(StoreError::NotFound)
}

/// Every mapping between editions.
pub fn mappings() -> StoreResult<&'static [Mapping]> {
    Ok(&catalogue()?.mappings)
}

/// The mapping from one framework to another, if there is one.
pub fn mapping(from: &str, to: &str) -> StoreResult<Option<&'static Mapping>> {
    Ok(mappings()?.iter().find(|m| m.from == from && m.to == to))
}

/// Every crosswalk between two frameworks, in catalogue order; each is read in both directions.
pub fn crosswalks() -> StoreResult<&'static [Crosswalk]> {
    Ok(&catalogue()?.crosswalks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use annex_domain::frameworks::RequirementKind;

    #[test]
    fn every_framework_file_is_built_in_and_valid() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds/frameworks");
        let mut on_disk: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".json"))
            .collect();
        on_disk.sort();
        let mut built_in: Vec<String> = SOURCES
            .iter()
            .chain(MAPPINGS.iter())
            .map(|(n, _)| (*n).to_owned())
            .collect();
        built_in.sort();
        assert_eq!(on_disk, built_in, "list every framework file here");
        assert_eq!(all().unwrap().len(), SOURCES.len());
    }

    #[test]
    fn every_crosswalk_file_is_built_in_and_valid() {
        let folder = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../seeds/frameworks/crosswalks"
        );
        let mut on_disk: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".json"))
            .collect();
        on_disk.sort();
        let mut built_in: Vec<String> = CROSSWALKS.iter().map(|(n, _)| (*n).to_owned()).collect();
        built_in.sort();
        assert_eq!(on_disk, built_in, "list every crosswalk file here");
        let loaded = crosswalks().unwrap();
        assert_eq!(loaded.len(), CROSSWALKS.len());
        for (c, (name, _)) in loaded.iter().zip(CROSSWALKS.iter()) {
            assert_eq!(
                *name,
                format!("{}--{}.json", c.from, c.to),
                "file name names its sides"
            );
            assert!(!c.pairs.is_empty(), "{name} pairs nothing");
        }
    }

    #[test]
    fn the_harmonised_clauses_cross_over_improvement_and_reach_every_framework() {
        use annex_domain::frameworks::crosswalk::counterparts;
        let all = crosswalks().unwrap();
        assert_eq!(
            counterparts(all, CURRENT_ISO27001, "9.2.1"),
            [("iso22301-2019", "9.2.1"), ("iso9001-2015", "9.2")]
        );
        assert_eq!(
            counterparts(all, "iso9001-2015", "9.2"),
            [
                (CURRENT_ISO27001, "9.2.1"),
                (CURRENT_ISO27001, "9.2.2"),
                ("iso22301-2019", "9.2.1"),
                ("iso22301-2019", "9.2.2")
            ]
        );
        assert_eq!(
            counterparts(all, CURRENT_ISO27001, "10.2"),
            [("iso22301-2019", "10.1"), ("iso9001-2015", "10.2")]
        );
        assert_eq!(
            counterparts(all, "iso22301-2019", "10.2"),
            [
                (CURRENT_ISO27001, "10.1"),
                ("iso9001-2015", "10.1"),
                ("iso9001-2015", "10.3")
            ]
        );
        let art32: Vec<&str> = counterparts(all, "gdpr", "Art. 32")
            .into_iter()
            .map(|(_, r)| r)
            .collect();
        for control in ["A.8.24", "A.8.13", "A.5.15", "6.1.2"] {
            assert!(art32.contains(&control), "Art. 32 ↔ {control}");
        }
        assert!(
            counterparts(all, CURRENT_ISO27001, "A.5.30").contains(&("iso22301-2019", "8.4.4"))
        );
        for (c, pairs) in all.iter().map(|c| (c, &c.pairs)) {
            let from = find(&c.from).unwrap();
            let to = find(&c.to).unwrap();
            for p in pairs {
                let leaf =
                    |f: &Framework, r: &str| f.find(r).is_some_and(|n| n.children.is_empty());
                assert!(leaf(from, &p.from), "{} {} is not a leaf", c.from, p.from);
                assert!(leaf(to, &p.to), "{} {} is not a leaf", c.to, p.to);
            }
        }
    }

    #[test]
    fn iso27001_2022_has_93_controls_in_four_themes_with_guidance() {
        let f = find(CURRENT_ISO27001).unwrap();
        let mut per_theme: Vec<(String, usize)> = Vec::new();
        for c in f.controls() {
            match per_theme.last_mut() {
                Some((t, n)) if *t == c.theme.reference => *n += 1,
                _ => per_theme.push((c.theme.reference.clone(), 1)),
            }
            let g = c.control.guidance.as_ref().expect("guidance");
            assert!(
                (3..=5).contains(&g.evidence.len()),
                "{}",
                c.control.reference
            );
            assert!(c.control.attributes.is_some(), "{}", c.control.reference);
        }
        let expected = [("A.5", 37), ("A.6", 8), ("A.7", 14), ("A.8", 34)];
        let expected: Vec<(String, usize)> =
            expected.iter().map(|(t, n)| (t.to_string(), *n)).collect();
        assert_eq!(per_theme, expected);
        for clause in ["4.1", "6.1.3", "6.3", "9.3.2", "10.2"] {
            assert_eq!(f.find(clause).unwrap().kind, RequirementKind::Requirement);
        }
    }

    #[test]
    fn the_2013_edition_maps_onto_2022_leaving_eleven_new_controls() {
        let old = find("iso27001-2013").unwrap();
        assert_eq!(old.controls().len(), 114);
        assert_eq!(
            old.requirements
                .iter()
                .filter(|r| r.reference.starts_with("A."))
                .count(),
            14
        );
        let m = mapping("iso27001-2013", CURRENT_ISO27001).unwrap().unwrap();
        let new: Vec<String> = find(CURRENT_ISO27001)
            .unwrap()
            .controls()
            .iter()
            .filter(|c| m.predecessors(&c.control.reference).is_empty())
            .map(|c| c.control.reference.clone())
            .collect();
        assert_eq!(
            new,
            [
                "A.5.7", "A.5.23", "A.5.30", "A.7.4", "A.8.9", "A.8.10", "A.8.11", "A.8.12",
                "A.8.16", "A.8.23", "A.8.28"
            ]
        );
    }
}
