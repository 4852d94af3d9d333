//! The risk bank: generic threats with their typical vulnerabilities, consequences and the ISO/IEC
//! 27001:2022 controls that treat them (`seeds/risk-bank/`, written in our own words), from which
//! an organisation adds risks to its register.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// A property of information a threat can harm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Property {
    Confidentiality,
    Integrity,
    Availability,
}

/// One generic threat of the bank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Threat {
    /// Stable slug, e.g. `ransomware`.
    pub key: String,
    pub threat: String,
    pub description: String,
    pub category: String,
    pub vulnerabilities: Vec<String>,
    pub consequences: Vec<String>,
    pub affects: Vec<Property>,
    /// ISO/IEC 27001:2022 Annex A references, e.g. `A.8.13`.
    pub controls: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct BankFile {
    #[serde(rename = "about")]
    _about: String,
    threats: Vec<Threat>,
}

/// Reads the bank and checks it: keys unique slugs, nothing blank, every threat with
/// vulnerabilities, consequences, a property and controls.
pub fn parse(json: &str) -> Result<Vec<Threat>, String> {
    let file: BankFile = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let mut keys = HashSet::new();
    for t in &file.threats {
        let slug = !t.key.is_empty()
            && t.key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !slug || !keys.insert(t.key.as_str()) {
            return Err(format!("threat key `{}` is not a unique slug", t.key));
        }
        let blank = |v: &[String]| v.is_empty() || v.iter().any(|s| s.trim().is_empty());
        if t.threat.trim().is_empty()
            || blank(&t.vulnerabilities)
            || blank(&t.consequences)
            || blank(&t.controls)
            || t.affects.is_empty()
        {
            return Err(format!("threat `{}` lacks part of its description", t.key));
        }
    }
    Ok(file.threats)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = r#"{"about": "test", "threats": [{"key": "ransomware", "threat": "Ransomware",
        "description": "d", "category": "Malicious software", "vulnerabilities": ["No backups"],
        "consequences": ["Unavailability up to 1 day"], "affects": ["availability"],
        "controls": ["A.8.13"]}]}"#;

    #[test]
    fn a_good_bank_reads_and_bad_ones_are_refused() {
        let bank = parse(ONE).unwrap();
        assert_eq!(bank[0].affects, [Property::Availability]);
        assert!(parse(&ONE.replace("\"ransomware\"", "\"Ransom Ware\"")).is_err());
        assert!(parse(&ONE.replace("[\"No backups\"]", "[]")).is_err());
        assert!(parse(&ONE.replace("\"availability\"", "\"speed\"")).is_err());
        let twice = ONE.replace(
            "\"threats\": [{",
            "\"threats\": [{\"key\": \"ransomware\", \"threat\": \"x\", \"description\": \"d\", \"category\": \"c\", \"vulnerabilities\": [\"v\"], \"consequences\": [\"c\"], \"affects\": [\"integrity\"], \"controls\": [\"A.5.1\"]}, {",
        );
        assert!(parse(&twice).is_err());
    }
}
