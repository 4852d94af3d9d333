//! How a KPI rates a value: its kind (red/green, RAG, RAG with an exceptional band, or measured
//! only), which way is better, and fixed thresholds that must agree with both. A value exactly on
//! a threshold earns the better status.

use serde::{Deserialize, Serialize};

/// How many statuses a KPI distinguishes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum KpiKind {
    /// Green at or past the green threshold, red otherwise.
    RedGreen,
    /// Green, amber or red, by the green and amber thresholds.
    Rag,
    /// As RAG, with "exceptional" at or past the exceptional threshold.
    RagExceptional,
    /// Recorded and charted, never rated.
    #[default]
    MeasureOnly,
}

impl KpiKind {
    /// Every kind, in the order forms list them.
    pub const ALL: [KpiKind; 4] = [
        KpiKind::RedGreen,
        KpiKind::Rag,
        KpiKind::RagExceptional,
        KpiKind::MeasureOnly,
    ];

    /// The serialised name.
    pub fn key(self) -> &'static str {
        match self {
            KpiKind::RedGreen => "red_green",
            KpiKind::Rag => "rag",
            KpiKind::RagExceptional => "rag_exceptional",
            KpiKind::MeasureOnly => "measure_only",
        }
    }

    /// The kind with this serialised name.
    pub fn parse(key: &str) -> Option<KpiKind> {
        KpiKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// As people read it.
    pub fn label(self) -> &'static str {
        match self {
            KpiKind::RedGreen => "Red/green",
            KpiKind::Rag => "RAG",
            KpiKind::RagExceptional => "RAG + exceptional",
            KpiKind::MeasureOnly => "Measure only",
        }
    }

    /// Whether the kind uses an amber threshold.
    pub fn has_amber(self) -> bool {
        matches!(self, KpiKind::Rag | KpiKind::RagExceptional)
    }

    /// Whether the kind uses a green threshold.
    pub fn has_green(self) -> bool {
        self != KpiKind::MeasureOnly
    }

    /// Whether the kind uses an exceptional threshold.
    pub fn has_exceptional(self) -> bool {
        self == KpiKind::RagExceptional
    }
}

/// Which way a KPI improves.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// e.g. % of staff who accepted the policies.
    #[default]
    HigherIsBetter,
    /// e.g. overdue corrective actions.
    LowerIsBetter,
}

impl Direction {
    /// The serialised name.
    pub fn key(self) -> &'static str {
        match self {
            Direction::HigherIsBetter => "higher_is_better",
            Direction::LowerIsBetter => "lower_is_better",
        }
    }

    /// The direction with this serialised name.
    pub fn parse(key: &str) -> Option<Direction> {
        [Direction::HigherIsBetter, Direction::LowerIsBetter]
            .into_iter()
            .find(|d| d.key() == key)
    }

    /// As people read it.
    pub fn label(self) -> &'static str {
        match self {
            Direction::HigherIsBetter => "Higher is better",
            Direction::LowerIsBetter => "Lower is better",
        }
    }

    /// Whether `value` is at `threshold` or on its better side.
    pub fn reaches(self, value: f64, threshold: f64) -> bool {
        match self {
            Direction::HigherIsBetter => value >= threshold,
            Direction::LowerIsBetter => value <= threshold,
        }
    }
}

/// How a value rates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum KpiStatus {
    Red,
    Amber,
    Green,
    Exceptional,
    /// Measure-only KPIs, and KPIs with no reading yet.
    #[default]
    None,
}

impl KpiStatus {
    /// Every status, worst first.
    pub const ALL: [KpiStatus; 5] = [
        KpiStatus::Red,
        KpiStatus::Amber,
        KpiStatus::Green,
        KpiStatus::Exceptional,
        KpiStatus::None,
    ];

    /// The serialised name.
    pub fn key(self) -> &'static str {
        match self {
            KpiStatus::Red => "red",
            KpiStatus::Amber => "amber",
            KpiStatus::Green => "green",
            KpiStatus::Exceptional => "exceptional",
            KpiStatus::None => "none",
        }
    }

    /// The status with this serialised name.
    pub fn parse(key: &str) -> Option<KpiStatus> {
        KpiStatus::ALL.into_iter().find(|s| s.key() == key)
    }

    /// As people read it.
    pub fn label(self) -> &'static str {
        match self {
            KpiStatus::Red => "Red",
            KpiStatus::Amber => "Amber",
            KpiStatus::Green => "Green",
            KpiStatus::Exceptional => "Exceptional",
            KpiStatus::None => "Not rated",
        }
    }

    /// The chip colour screens and reports use.
    pub fn colour(self) -> &'static str {
        match self {
            KpiStatus::Red => "#c62828",
            KpiStatus::Amber => "#f9a825",
            KpiStatus::Green => "#2e7d32",
            KpiStatus::Exceptional => "#1565c0",
            KpiStatus::None => "#6b7589",
        }
    }
}

/// A KPI's fixed thresholds; which are needed depends on its kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Thresholds {
    /// Green from here (on the better side, included).
    #[serde(default)]
    pub green: Option<f64>,
    /// Amber from here up to green; red beyond (RAG kinds only).
    #[serde(default)]
    pub amber: Option<f64>,
    /// Exceptional from here (RAG + exceptional only).
    #[serde(default)]
    pub exceptional: Option<f64>,
}

/// Why thresholds do not fit a kind and direction: [`ThresholdError::field`] names the request
/// field and [`ThresholdError::message`] says what is wrong with it; shown as "field: message".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThresholdError {
    Missing {
        field: &'static str,
        kind: &'static str,
    },
    Unused {
        field: &'static str,
        kind: &'static str,
    },
    NotFinite {
        field: &'static str,
    },
    Order {
        field: &'static str,
        side: &'static str,
        other: &'static str,
        direction: &'static str,
    },
}

impl ThresholdError {
    /// The request field at fault.
    pub fn field(&self) -> &'static str {
        match self {
            ThresholdError::Missing { field, .. }
            | ThresholdError::Unused { field, .. }
            | ThresholdError::NotFinite { field }
            | ThresholdError::Order { field, .. } => field,
        }
    }

    /// What is wrong with the field, without its name.
    pub fn message(&self) -> String {
        match self {
            ThresholdError::Missing { kind, .. } => format!("a {kind} KPI needs this threshold"),
            ThresholdError::Unused { kind, .. } => {
                format!("a {kind} KPI has no such threshold; leave it out")
            }
            ThresholdError::NotFinite { .. } => "must be a finite number".to_owned(),
            ThresholdError::Order {
                side,
                other,
                direction,
                ..
            } => format!("must be {side} {other} when {direction}"),
        }
    }
}

impl std::fmt::Display for ThresholdError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field(), self.message())
    }
}

impl std::error::Error for ThresholdError {}

/// Checks thresholds against the kind (each needed one present, none other) and the direction
/// (higher is better: exceptional ≥ green ≥ amber; lower is better: the reverse).
pub fn check(
    kind: KpiKind,
    direction: Direction,
    thresholds: &Thresholds,
) -> Result<(), ThresholdError> {
    let name = kind.label();
    for (field, value, needed) in [
        ("green", thresholds.green, kind.has_green()),
        ("amber", thresholds.amber, kind.has_amber()),
        (
            "exceptional",
            thresholds.exceptional,
            kind.has_exceptional(),
        ),
    ] {
        match (value, needed) {
            (None, true) => return Err(ThresholdError::Missing { field, kind: name }),
            (Some(_), false) => return Err(ThresholdError::Unused { field, kind: name }),
            (Some(v), true) if !v.is_finite() => return Err(ThresholdError::NotFinite { field }),
            _ => {}
        }
    }
    let (better, worse) = match direction {
        Direction::HigherIsBetter => ("at or above", "at or below"),
        Direction::LowerIsBetter => ("at or below", "at or above"),
    };
    let words = match direction {
        Direction::HigherIsBetter => "higher is better",
        Direction::LowerIsBetter => "lower is better",
    };
    // Each pair: the field checked, the side of green it must be on, then the threshold that must
    // reach the other.
    for (field, side, stronger, weaker) in [
        ("amber", worse, thresholds.green, thresholds.amber),
        (
            "exceptional",
            better,
            thresholds.exceptional,
            thresholds.green,
        ),
    ] {
        if let (Some(stronger), Some(weaker)) = (stronger, weaker)
            && !direction.reaches(stronger, weaker)
        {
            return Err(ThresholdError::Order {
                field,
                side,
                other: "green",
                direction: words,
            });
        }
    }
    Ok(())
}

/// How `value` rates for a KPI of this kind, direction and thresholds (checked with [`check`];
/// a missing threshold never rates). Exactly on a threshold counts as reaching it.
pub fn evaluate(
    kind: KpiKind,
    direction: Direction,
    thresholds: &Thresholds,
    value: f64,
) -> KpiStatus {
    let reaches = |t: Option<f64>| t.is_some_and(|t| direction.reaches(value, t));
    match kind {
        KpiKind::MeasureOnly => KpiStatus::None,
        KpiKind::RagExceptional if reaches(thresholds.exceptional) => KpiStatus::Exceptional,
        _ if reaches(thresholds.green) => KpiStatus::Green,
        KpiKind::Rag | KpiKind::RagExceptional if reaches(thresholds.amber) => KpiStatus::Amber,
        _ => KpiStatus::Red,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Direction::{HigherIsBetter as Up, LowerIsBetter as Down};
    use KpiStatus::{Amber, Exceptional, Green, Red};

    fn t(green: Option<f64>, amber: Option<f64>, exceptional: Option<f64>) -> Thresholds {
        Thresholds {
            green,
            amber,
            exceptional,
        }
    }

    fn rates(kind: KpiKind, d: Direction, th: Thresholds, cases: &[(f64, KpiStatus)]) {
        check(kind, d, &th).unwrap();
        for (value, status) in cases {
            assert_eq!(
                evaluate(kind, d, &th, *value),
                *status,
                "{kind:?} {d:?} {value}"
            );
        }
    }

    #[test]
    fn red_green_both_ways_with_the_threshold_green() {
        let th = t(Some(95.0), None, None);
        rates(
            KpiKind::RedGreen,
            Up,
            th,
            &[(100.0, Green), (95.0, Green), (94.99, Red), (-3.0, Red)],
        );
        let th = t(Some(2.0), None, None);
        rates(
            KpiKind::RedGreen,
            Down,
            th,
            &[(0.0, Green), (2.0, Green), (2.01, Red), (50.0, Red)],
        );
    }

    #[test]
    fn rag_both_ways_boundaries_included() {
        let th = t(Some(90.0), Some(75.0), None);
        rates(
            KpiKind::Rag,
            Up,
            th,
            &[
                (91.0, Green),
                (90.0, Green),
                (89.9, Amber),
                (75.0, Amber),
                (74.9, Red),
            ],
        );
        let th = t(Some(3.0), Some(6.0), None);
        rates(
            KpiKind::Rag,
            Down,
            th,
            &[
                (0.0, Green),
                (3.0, Green),
                (3.5, Amber),
                (6.0, Amber),
                (6.1, Red),
            ],
        );
    }

    #[test]
    fn rag_exceptional_both_ways_boundaries_included() {
        let th = t(Some(90.0), Some(75.0), Some(99.0));
        rates(
            KpiKind::RagExceptional,
            Up,
            th,
            &[
                (100.0, Exceptional),
                (99.0, Exceptional),
                (98.9, Green),
                (90.0, Green),
                (80.0, Amber),
                (75.0, Amber),
                (10.0, Red),
            ],
        );
        let th = t(Some(5.0), Some(10.0), Some(1.0));
        rates(
            KpiKind::RagExceptional,
            Down,
            th,
            &[
                (0.0, Exceptional),
                (1.0, Exceptional),
                (1.5, Green),
                (5.0, Green),
                (10.0, Amber),
                (10.5, Red),
            ],
        );
    }

    #[test]
    fn equal_thresholds_are_allowed_and_the_better_status_wins() {
        let th = t(Some(50.0), Some(50.0), Some(50.0));
        rates(
            KpiKind::RagExceptional,
            Up,
            th,
            &[(50.0, Exceptional), (49.0, Red)],
        );
        rates(
            KpiKind::Rag,
            Down,
            t(Some(5.0), Some(5.0), None),
            &[(5.0, Green), (6.0, Red)],
        );
    }

    #[test]
    fn measure_only_never_rates() {
        for d in [Up, Down] {
            rates(
                KpiKind::MeasureOnly,
                d,
                t(None, None, None),
                &[(0.0, KpiStatus::None), (1e9, KpiStatus::None)],
            );
        }
    }

    #[test]
    fn thresholds_must_fit_the_kind() {
        let missing = |kind, th: Thresholds| check(kind, Up, &th).unwrap_err().field();
        assert_eq!(missing(KpiKind::RedGreen, t(None, None, None)), "green");
        assert_eq!(missing(KpiKind::Rag, t(Some(9.0), None, None)), "amber");
        assert_eq!(missing(KpiKind::Rag, t(None, Some(9.0), None)), "green");
        assert_eq!(
            missing(KpiKind::RagExceptional, t(Some(9.0), Some(8.0), None)),
            "exceptional"
        );
        assert_eq!(
            missing(KpiKind::RedGreen, t(Some(9.0), Some(8.0), None)),
            "amber"
        );
        assert_eq!(
            missing(KpiKind::Rag, t(Some(9.0), Some(8.0), Some(10.0))),
            "exceptional"
        );
        assert_eq!(
            missing(KpiKind::MeasureOnly, t(Some(1.0), None, None)),
            "green"
        );
        assert_eq!(
            missing(KpiKind::RedGreen, t(Some(f64::INFINITY), None, None)),
            "green"
        );
        let err = check(KpiKind::RedGreen, Up, &t(None, None, None)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "green: a Red/green KPI needs this threshold"
        );
    }

    #[test]
    fn thresholds_must_run_the_way_the_kpi_improves() {
        // Higher is better: green ≥ amber, exceptional ≥ green.
        let up = |th| check(KpiKind::RagExceptional, Up, &th);
        assert!(up(t(Some(90.0), Some(75.0), Some(99.0))).is_ok());
        let err = up(t(Some(70.0), Some(75.0), Some(99.0))).unwrap_err();
        assert_eq!(err.field(), "amber");
        assert_eq!(
            err.message(),
            "must be at or below green when higher is better"
        );
        assert_eq!(
            err.to_string(),
            "amber: must be at or below green when higher is better"
        );
        assert_eq!(
            up(t(Some(90.0), Some(75.0), Some(80.0)))
                .unwrap_err()
                .field(),
            "exceptional"
        );
        // Lower is better: the reverse.
        let down = |th| check(KpiKind::RagExceptional, Down, &th);
        assert!(down(t(Some(5.0), Some(10.0), Some(1.0))).is_ok());
        let err = down(t(Some(5.0), Some(3.0), Some(1.0))).unwrap_err();
        assert_eq!(
            err.to_string(),
            "amber: must be at or above green when lower is better"
        );
        assert_eq!(
            down(t(Some(5.0), Some(10.0), Some(6.0)))
                .unwrap_err()
                .field(),
            "exceptional"
        );
    }

    #[test]
    fn names_round_trip() {
        for kind in KpiKind::ALL {
            assert_eq!(KpiKind::parse(kind.key()), Some(kind));
        }
        for status in KpiStatus::ALL {
            assert_eq!(KpiStatus::parse(status.key()), Some(status));
        }
        assert_eq!(Direction::parse("lower_is_better"), Some(Down));
        assert_eq!(
            serde_json::to_value(KpiKind::RagExceptional).unwrap(),
            "rag_exceptional"
        );
    }
}
