//! The organisation's risk matrix: likelihood and impact scales, how a cell scores, the bands that
//! turn a score into a level (name, colour, review period) and the risk appetite. Scoring and
//! banding are pure, so a changed matrix re-bands every reading from its raw likelihood and impact.

use crate::work::colour::Colour;
use serde::{Deserialize, Serialize};

/// The fewest and most levels a scale may have.
pub const MIN_LEVELS: usize = 3;
pub const MAX_LEVELS: usize = 10;

/// How likelihood and impact combine into a score.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Scoring {
    /// likelihood × impact (1 … L×I).
    #[default]
    Multiplicative,
    /// likelihood + impact (2 … L+I).
    Additive,
}

/// A level of risk: the scores from `min_score` up to the next band's, with a colour and how
/// often risks at this level are reviewed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Band {
    pub name: String,
    pub colour: Colour,
    /// The lowest score in the band; bands are listed from the lowest.
    pub min_score: u32,
    /// Months between reviews of a risk at this level (1 to 60).
    pub review_months: u32,
}

/// The organisation's risk matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RiskMatrix {
    /// Likelihood levels from the lowest, by label (3 to 10).
    pub likelihood: Vec<String>,
    /// Impact levels from the lowest, by label (3 to 10).
    pub impact: Vec<String>,
    pub scoring: Scoring,
    /// From the lowest; the first starts at the lowest possible score.
    pub bands: Vec<Band>,
    /// Risks scoring above this are above the organisation's appetite.
    pub appetite: u32,
}

/// The organisation's matrix with its version (0 while it still uses the default): send the
/// version back as `If-Match` to change it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatrixSettings {
    pub matrix: RiskMatrix,
    pub version: i64,
}

/// Why a matrix is refused: [`MatrixError::field`] names the request field and
/// [`MatrixError::message`] says what is wrong with it; shown as "field: message".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatrixError {
    Levels { field: &'static str },
    BlankLabel { field: &'static str, level: usize },
    NoBands,
    FirstBand { lowest: u32 },
    BandOrder { name: String, highest: u32 },
    BandDetail { name: String },
    Appetite { lowest: u32, highest: u32 },
}

impl MatrixError {
    /// The request field at fault: `likelihood`, `impact`, `bands` or `appetite`.
    pub fn field(&self) -> &'static str {
        match self {
            MatrixError::Levels { field } | MatrixError::BlankLabel { field, .. } => field,
            MatrixError::Appetite { .. } => "appetite",
            _ => "bands",
        }
    }

    /// What is wrong with the field, without its name.
    pub fn message(&self) -> String {
        match self {
            MatrixError::Levels { .. } => format!("must have {MIN_LEVELS} to {MAX_LEVELS} levels"),
            MatrixError::BlankLabel { level, .. } => format!("level {level} has a blank label"),
            MatrixError::NoBands => "at least one band is needed".to_owned(),
            MatrixError::FirstBand { lowest } => {
                format!("the first band must start at the lowest score, {lowest}")
            }
            MatrixError::BandOrder { name, highest } => format!(
                "`{name}` must start above the band before it and within the scores (up to {highest})"
            ),
            MatrixError::BandDetail { name } => {
                format!("`{name}` needs a name and a review period of 1 to 60 months")
            }
            MatrixError::Appetite { lowest, highest } => {
                format!("must be a score from {lowest} to {highest}")
            }
        }
    }
}

impl std::fmt::Display for MatrixError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field(), self.message())
    }
}

impl std::error::Error for MatrixError {}

/// A likelihood or impact outside the matrix's scales; shown as "field: message".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutOfScale {
    pub field: &'static str,
    pub max: u8,
}

impl OutOfScale {
    /// What is wrong with the field, without its name.
    pub fn message(&self) -> String {
        format!("must be 1 to {}", self.max)
    }
}

impl std::fmt::Display for OutOfScale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message())
    }
}

impl std::error::Error for OutOfScale {}

/// What a cell of the matrix means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assessment {
    pub score: u32,
    /// The band's name ("High").
    pub level: String,
    pub colour: Colour,
    pub review_months: u32,
    pub above_appetite: bool,
}

fn colour(hex: &str) -> Colour {
    Colour::parse(hex).unwrap_or_else(|_| unreachable!("built-in colours are valid"))
}

fn labels(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| (*n).to_string()).collect()
}

impl Default for RiskMatrix {
    /// 5 × 5, multiplicative; Low (1–4, yearly review), Medium (5–9, every 6 months), High
    /// (10–16, quarterly), Very high (17–25, monthly); appetite 9 (Medium and below accepted).
    fn default() -> Self {
        let band = |name: &str, hex: &str, min_score: u32, review_months: u32| Band {
            name: name.into(),
            colour: colour(hex),
            min_score,
            review_months,
        };
        RiskMatrix {
            likelihood: labels(&["Rare", "Unlikely", "Possible", "Likely", "Almost certain"]),
            impact: labels(&["Insignificant", "Minor", "Moderate", "Major", "Severe"]),
            scoring: Scoring::Multiplicative,
            bands: vec![
                band("Low", "#2e7d32", 1, 12),
                band("Medium", "#f9a825", 5, 6),
                band("High", "#ef6c00", 10, 3),
                band("Very high", "#c62828", 17, 1),
            ],
            appetite: 9,
        }
    }
}

impl RiskMatrix {
    fn max_likelihood(&self) -> u32 {
        self.likelihood.len() as u32
    }

    fn max_impact(&self) -> u32 {
        self.impact.len() as u32
    }

    fn combine(&self, likelihood: u32, impact: u32) -> u32 {
        match self.scoring {
            Scoring::Multiplicative => likelihood * impact,
            Scoring::Additive => likelihood + impact,
        }
    }

    /// The lowest score a cell can have (the bottom-left cell).
    pub fn lowest_score(&self) -> u32 {
        self.combine(1, 1)
    }

    /// The highest score a cell can have (the top-right cell).
    pub fn highest_score(&self) -> u32 {
        self.combine(self.max_likelihood(), self.max_impact())
    }

    /// Checks scales, bands and appetite.
    pub fn validate(&self) -> Result<(), MatrixError> {
        for (field, scale) in [("likelihood", &self.likelihood), ("impact", &self.impact)] {
            if !(MIN_LEVELS..=MAX_LEVELS).contains(&scale.len()) {
                return Err(MatrixError::Levels { field });
            }
            if let Some(level) = scale.iter().position(|l| l.trim().is_empty()) {
                return Err(MatrixError::BlankLabel {
                    field,
                    level: level + 1,
                });
            }
        }
        let (lowest, highest) = (self.lowest_score(), self.highest_score());
        let first = self.bands.first().ok_or(MatrixError::NoBands)?;
        if first.min_score != lowest {
            return Err(MatrixError::FirstBand { lowest });
        }
        for pair in self.bands.windows(2) {
            if pair[1].min_score <= pair[0].min_score || pair[1].min_score > highest {
                return Err(MatrixError::BandOrder {
                    name: pair[1].name.clone(),
                    highest,
                });
            }
        }
        if let Some(b) = self
            .bands
            .iter()
            .find(|b| b.name.trim().is_empty() || !(1..=60).contains(&b.review_months))
        {
            return Err(MatrixError::BandDetail {
                name: b.name.clone(),
            });
        }
        if !(lowest..=highest).contains(&self.appetite) {
            return Err(MatrixError::Appetite { lowest, highest });
        }
        Ok(())
    }

    /// The score of a cell; likelihood and impact count from 1.
    pub fn score(&self, likelihood: u8, impact: u8) -> Result<u32, OutOfScale> {
        let check = |field: &'static str, value: u8, max: u32| {
            if value >= 1 && u32::from(value) <= max {
                Ok(u32::from(value))
            } else {
                Err(OutOfScale {
                    field,
                    max: max as u8,
                })
            }
        };
        let l = check("likelihood", likelihood, self.max_likelihood())?;
        let i = check("impact", impact, self.max_impact())?;
        Ok(self.combine(l, i))
    }

    /// The band a score falls in (the last band whose minimum it reaches).
    pub fn band(&self, score: u32) -> &Band {
        self.bands
            .iter()
            .rev()
            .find(|b| score >= b.min_score)
            .or(self.bands.first())
            .unwrap_or_else(|| unreachable!("a validated matrix has bands"))
    }

    /// Score, level and appetite of a cell.
    pub fn assess(&self, likelihood: u8, impact: u8) -> Result<Assessment, OutOfScale> {
        let score = self.score(likelihood, impact)?;
        let band = self.band(score);
        Ok(Assessment {
            score,
            level: band.name.clone(),
            colour: band.colour.clone(),
            review_months: band.review_months,
            above_appetite: score > self.appetite,
        })
    }
}

/// The impact of a reading given as separate confidentiality, integrity and availability scores:
/// the worst of them; `None` when none is given.
pub fn impact_of_cia(c: Option<u8>, i: Option<u8>, a: Option<u8>) -> Option<u8> {
    [c, i, a].into_iter().flatten().max()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cell_of_the_default_5x5_scores_and_bands() {
        let m = RiskMatrix::default();
        m.validate().unwrap();
        // Rows: likelihood 5 (top) to 1; columns: impact 1 to 5.
        let expected_levels = [
            ["Medium", "High", "High", "Very high", "Very high"],
            ["Low", "Medium", "High", "High", "Very high"],
            ["Low", "Medium", "Medium", "High", "High"],
            ["Low", "Low", "Medium", "Medium", "High"],
            ["Low", "Low", "Low", "Low", "Medium"],
        ];
        for (row, levels) in expected_levels.iter().enumerate() {
            let likelihood = 5 - row as u8;
            for (col, level) in levels.iter().enumerate() {
                let impact = col as u8 + 1;
                let a = m.assess(likelihood, impact).unwrap();
                assert_eq!(a.score, u32::from(likelihood) * u32::from(impact));
                assert_eq!(&a.level, level, "L{likelihood} × I{impact}");
                assert_eq!(a.above_appetite, a.score > 9);
            }
        }
        let top = m.assess(5, 5).unwrap();
        assert_eq!((top.review_months, top.colour.as_str()), (1, "#c62828"));
        assert_eq!(m.assess(1, 1).unwrap().review_months, 12);
    }

    #[test]
    fn a_changed_matrix_rebands_the_same_raw_values() {
        let mut m = RiskMatrix {
            likelihood: labels(&["Low", "Medium", "High"]),
            impact: labels(&["Low", "Medium", "High", "Critical"]),
            scoring: Scoring::Additive,
            bands: vec![
                Band {
                    name: "Acceptable".into(),
                    colour: colour("#2e7d32"),
                    min_score: 2,
                    review_months: 12,
                },
                Band {
                    name: "Unacceptable".into(),
                    colour: colour("#c62828"),
                    min_score: 5,
                    review_months: 3,
                },
            ],
            appetite: 4,
        };
        m.validate().unwrap();
        assert_eq!((m.lowest_score(), m.highest_score()), (2, 7));
        let cells: Vec<(u32, String, bool)> = [(1, 1), (2, 2), (2, 3), (3, 4)]
            .iter()
            .map(|&(l, i)| {
                let a = m.assess(l, i).unwrap();
                (a.score, a.level, a.above_appetite)
            })
            .collect();
        assert_eq!(
            cells,
            [
                (2, "Acceptable".to_string(), false),
                (4, "Acceptable".to_string(), false),
                (5, "Unacceptable".to_string(), true),
                (7, "Unacceptable".to_string(), true)
            ]
        );
        // Raising the appetite changes the judgement, not the score.
        m.appetite = 5;
        assert!(!m.assess(2, 3).unwrap().above_appetite);
        assert_eq!(
            m.assess(4, 1),
            Err(OutOfScale {
                field: "likelihood",
                max: 3
            })
        );
        assert_eq!(
            m.assess(1, 0),
            Err(OutOfScale {
                field: "impact",
                max: 4
            })
        );
    }

    #[test]
    fn broken_matrices_are_refused_with_their_field() {
        let ok = RiskMatrix::default();
        let mut m = ok.clone();
        m.likelihood.truncate(2);
        assert_eq!(m.validate().unwrap_err().field(), "likelihood");
        let mut m = ok.clone();
        m.impact = (1..=11).map(|n| n.to_string()).collect();
        assert_eq!(m.validate().unwrap_err().field(), "impact");
        let mut m = ok.clone();
        m.impact[2] = " ".into();
        assert!(matches!(
            m.validate(),
            Err(MatrixError::BlankLabel { level: 3, .. })
        ));
        let mut m = ok.clone();
        m.bands[0].min_score = 2;
        assert_eq!(m.validate(), Err(MatrixError::FirstBand { lowest: 1 }));
        let mut m = ok.clone();
        m.bands[2].min_score = 5;
        assert!(matches!(m.validate(), Err(MatrixError::BandOrder { .. })));
        let mut m = ok.clone();
        m.bands[3].min_score = 26;
        assert!(matches!(m.validate(), Err(MatrixError::BandOrder { .. })));
        let mut m = ok.clone();
        m.bands[1].review_months = 0;
        assert!(matches!(m.validate(), Err(MatrixError::BandDetail { .. })));
        let mut m = ok.clone();
        m.bands.clear();
        assert_eq!(m.validate(), Err(MatrixError::NoBands));
        let mut m = ok;
        m.appetite = 26;
        assert_eq!(m.validate().unwrap_err().field(), "appetite");
    }

    #[test]
    fn a_refusal_names_its_field_apart_from_its_message_and_reads_as_both() {
        let mut m = RiskMatrix::default();
        m.impact[2] = " ".into();
        let e = m.validate().unwrap_err();
        assert_eq!(
            (e.field(), e.message().as_str()),
            ("impact", "level 3 has a blank label")
        );
        assert_eq!(e.to_string(), "impact: level 3 has a blank label");
        let e = MatrixError::BandOrder {
            name: "High".into(),
            highest: 25,
        };
        assert_eq!(e.field(), "bands");
        assert_eq!(
            e.message(),
            "`High` must start above the band before it and within the scores (up to 25)"
        );
        assert_eq!(
            MatrixError::Appetite {
                lowest: 1,
                highest: 25
            }
            .to_string(),
            "appetite: must be a score from 1 to 25"
        );
        let out = RiskMatrix::default().score(1, 6).unwrap_err();
        assert_eq!(
            (out.field, out.message().as_str()),
            ("impact", "must be 1 to 5")
        );
        assert_eq!(out.to_string(), "impact: must be 1 to 5");
    }

    #[test]
    fn cia_impact_is_the_worst_of_the_three() {
        assert_eq!(impact_of_cia(Some(2), Some(4), Some(3)), Some(4));
        assert_eq!(impact_of_cia(None, Some(1), None), Some(1));
        assert_eq!(impact_of_cia(None, None, None), None);
    }
}
