//! What a business impact assessment tells risk work: for one business service, the worst impact
//! on confidentiality, integrity and availability (0 None … 5 Severe), its RTO and RPO, and the
//! impact that suggests for a reading on the organisation's matrix.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The highest value of the BIA's impact scales.
pub const BIA_MAX: u8 = 5;

/// A BIA record summarised for a linked risk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BiaSummary {
    pub item_id: Uuid,
    /// "number - title" of the business service's BIA record.
    pub label: String,
    /// Worst disclosure impact.
    pub confidentiality: Option<u8>,
    /// Worst modification impact.
    pub integrity: Option<u8>,
    /// Worst unavailability or destruction impact.
    pub availability: Option<u8>,
    pub rto: Option<String>,
    pub rpo: Option<String>,
    /// The worst of the three, brought onto the matrix's impact scale: an impact to start a
    /// reading from. Absent when the BIA records no impact.
    pub suggested_impact: Option<u8>,
}

/// Which property a BIA impact scale measures, by the scale's name.
fn property(field: &str) -> Option<usize> {
    let name = field.to_lowercase();
    if name.starts_with("disclosure") {
        Some(0)
    } else if name.starts_with("modification") {
        Some(1)
    } else if name.starts_with("unavailability") || name.starts_with("destruction") {
        Some(2)
    } else {
        None
    }
}

/// The score of a BIA option label: its leading number ("3 - Moderate" → 3).
fn score(label: &str) -> Option<u8> {
    label
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|n| n.parse().ok())
        .filter(|n| *n <= BIA_MAX)
}

/// A BIA impact (1 … 5) on an impact scale of `levels`: proportionally, at least 1.
pub fn on_matrix(bia: u8, levels: usize) -> Option<u8> {
    if bia == 0 || levels == 0 {
        return None;
    }
    let scaled = (usize::from(bia) * levels).div_ceil(usize::from(BIA_MAX));
    u8::try_from(scaled.clamp(1, levels)).ok()
}

/// Summarises a BIA record from its select values (field name, chosen label).
pub fn summarise<'a>(
    item_id: Uuid,
    label: String,
    values: impl IntoIterator<Item = (&'a str, &'a str)>,
    impact_levels: usize,
) -> BiaSummary {
    let mut worst: [Option<u8>; 3] = [None; 3];
    let (mut rto, mut rpo) = (None, None);
    for (field, value) in values {
        let lower = field.to_lowercase();
        if lower.starts_with("recovery time") {
            rto = Some(value.to_string());
        } else if lower.starts_with("recovery point") {
            rpo = Some(value.to_string());
        } else if let (Some(p), Some(s)) = (property(field), score(value)) {
            worst[p] = Some(worst[p].map_or(s, |w| w.max(s)));
        }
    }
    let top = worst.iter().flatten().max().copied();
    BiaSummary {
        item_id,
        label,
        confidentiality: worst[0],
        integrity: worst[1],
        availability: worst[2],
        rto,
        rpo,
        suggested_impact: top.and_then(|t| on_matrix(t, impact_levels)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worst_impact_per_property_and_the_recovery_objectives() {
        let values = [
            ("Unavailability - 1 hour", "1 - Insignificant"),
            ("Unavailability - 1 week", "4 - Major"),
            ("Destruction - since last backup", "3 - Moderate"),
            ("Disclosure - outsiders", "5 - Severe"),
            ("Disclosure - insiders", "2 - Minor"),
            ("Modification - deliberate", "0 - None"),
            ("Recovery time objective", "Up to 1 day"),
            ("Recovery point objective", "Up to 1 hour of data"),
        ];
        let s = summarise(Uuid::nil(), "3 - Payroll".into(), values, 5);
        assert_eq!(
            (s.confidentiality, s.integrity, s.availability),
            (Some(5), Some(0), Some(4))
        );
        assert_eq!(s.rto.as_deref(), Some("Up to 1 day"));
        assert_eq!(s.rpo.as_deref(), Some("Up to 1 hour of data"));
        assert_eq!(s.suggested_impact, Some(5));
        let none = summarise(
            Uuid::nil(),
            "x".into(),
            [("Disclosure - insiders", "0 - None")],
            5,
        );
        assert_eq!(none.suggested_impact, None);
    }

    #[test]
    fn bia_impacts_scale_onto_other_matrices() {
        assert_eq!(on_matrix(3, 5), Some(3));
        assert_eq!(on_matrix(1, 3), Some(1));
        assert_eq!(on_matrix(3, 3), Some(2));
        assert_eq!(on_matrix(5, 3), Some(3));
        assert_eq!(on_matrix(4, 10), Some(8));
        assert_eq!(on_matrix(0, 5), None);
    }
}
