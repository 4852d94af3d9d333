//! Pieces the KPI screens share: a status chip, values with their unit, thresholds in words.

use crate::components::work::{Chip, format_number};
use annex_client::domain::kpis::{Direction, KpiDefinition, KpiKind, KpiStatus};
use leptos::prelude::*;

/// A value with its unit: "97 %", "3 incidents", "4.5".
pub fn with_unit(value: f64, unit: &str) -> String {
    let number = format_number((value * 100.0).round() / 100.0);
    match unit.trim() {
        "" => number,
        "%" => format!("{number}%"),
        unit => format!("{number} {unit}"),
    }
}

/// A status as a coloured chip; "Not rated" muted.
#[component]
pub fn KpiStatusChip(
    status: KpiStatus,
    #[prop(default = "kpi-status")] testid: &'static str,
) -> impl IntoView {
    match status {
        KpiStatus::None => view! {
            <span class="muted" data-testid=testid data-status=status.key()>"Not rated"</span>
        }
        .into_any(),
        _ => view! {
            <span class="kpi-status" data-testid=testid data-status=status.key()>
                <Chip label=status.label() colour=status.colour() testid="kpi-status-chip" />
            </span>
        }
        .into_any(),
    }
}

/// The thresholds in words: "Green ≥ 95%, amber ≥ 85%, red below".
pub fn thresholds_text(def: &KpiDefinition) -> String {
    let (at, past) = match def.direction {
        Direction::HigherIsBetter => ("≥", "below"),
        Direction::LowerIsBetter => ("≤", "above"),
    };
    let unit = def.unit.as_str();
    let one = |name: &str, v: Option<f64>| v.map(|v| format!("{name} {at} {}", with_unit(v, unit)));
    let parts: Vec<String> = match def.kind {
        KpiKind::MeasureOnly => return "Measured only, not rated".to_owned(),
        KpiKind::RedGreen => vec![one("green", def.green)],
        KpiKind::Rag => vec![one("green", def.green), one("amber", def.amber)],
        KpiKind::RagExceptional => vec![
            one("exceptional", def.exceptional),
            one("green", def.green),
            one("amber", def.amber),
        ],
    }
    .into_iter()
    .flatten()
    .collect();
    let mut text = parts.join(", ");
    text.push_str(&format!(", red {past}"));
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use uuid::Uuid;

    #[test]
    fn values_carry_their_unit() {
        assert_eq!(with_unit(97.0, "%"), "97%");
        assert_eq!(with_unit(3.0, "incidents"), "3 incidents");
        assert_eq!(with_unit(6.666_666, ""), "6.67");
    }

    #[test]
    fn thresholds_read_the_way_the_kpi_improves() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
        let mut def = KpiDefinition {
            kind: KpiKind::Rag,
            green: Some(95.0),
            amber: Some(85.0),
            unit: "%".into(),
            ..KpiDefinition::undefined(Uuid::nil(), day)
        };
        assert_eq!(thresholds_text(&def), "Green ≥ 95%, amber ≥ 85%, red below");
        def.direction = Direction::LowerIsBetter;
        def.kind = KpiKind::RedGreen;
        def.amber = None;
        def.unit = "days".into();
        def.green = Some(2.0);
        assert_eq!(thresholds_text(&def), "Green ≤ 2 days, red above");
        def.kind = KpiKind::MeasureOnly;
        assert_eq!(thresholds_text(&def), "Measured only, not rated");
    }
}
