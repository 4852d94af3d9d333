//! A KPI's readings over time as a line chart (inline SVG): each period's value as a point in
//! its status's colour, against the thresholds drawn as coloured bands and dashed lines.

use crate::pages::kpis::parts::with_unit;
use annex_client::domain::kpis::{Direction, KpiDefinition, KpiKind, KpiReading, KpiStatus};
use leptos::prelude::*;

const W: f64 = 640.0;
const H: f64 = 240.0;
const LEFT: f64 = 52.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 30.0;

/// One status's stretch of values: from `from` to `to` (either may be infinite), either order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Band {
    pub from: f64,
    pub to: f64,
    pub status: KpiStatus,
}

/// The thresholds in force as status bands from the worst to the best; none for a KPI that is
/// measured only.
pub fn bands(def: &KpiDefinition) -> Vec<Band> {
    if def.kind == KpiKind::MeasureOnly {
        return Vec::new();
    }
    // Each threshold and the status from it on, worst first.
    let steps: Vec<(f64, KpiStatus)> = [
        (def.kind.has_amber(), def.amber, KpiStatus::Amber),
        (def.kind.has_green(), def.green, KpiStatus::Green),
        (
            def.kind.has_exceptional(),
            def.exceptional,
            KpiStatus::Exceptional,
        ),
    ]
    .into_iter()
    .filter_map(|(used, value, status)| value.filter(|_| used).map(|v| (v, status)))
    .collect();
    let (worst, best) = match def.direction {
        Direction::HigherIsBetter => (f64::NEG_INFINITY, f64::INFINITY),
        Direction::LowerIsBetter => (f64::INFINITY, f64::NEG_INFINITY),
    };
    let mut out = Vec::new();
    let (mut from, mut status) = (worst, KpiStatus::Red);
    for (value, next) in steps {
        out.push(Band {
            from,
            to: value,
            status,
        });
        (from, status) = (value, next);
    }
    out.push(Band {
        from,
        to: best,
        status,
    });
    out
}

/// The values the vertical axis must show: every reading and every threshold, with a margin.
fn value_range(readings: &[KpiReading], def: &KpiDefinition) -> (f64, f64) {
    let thresholds = [def.green, def.amber, def.exceptional];
    let all: Vec<f64> = readings
        .iter()
        .map(|r| r.value)
        .chain(thresholds.into_iter().flatten())
        .filter(|v| v.is_finite())
        .collect();
    let lo = all.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = all.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 1.0);
    }
    let span = (hi - lo).max(hi.abs() * 0.1).max(1.0);
    let lo = lo - span * 0.1;
    let hi = hi + span * 0.1;
    // Counts and percentages never go below zero; don't draw an axis that does.
    let lo = if lo < 0.0 && all.iter().all(|v| *v >= 0.0) {
        0.0
    } else {
        lo
    };
    (lo, hi)
}

/// Round values for the vertical axis between `lo` and `hi`: steps of 1, 2 or 5 times a power of
/// ten, about four of them.
pub fn axis_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let span = hi - lo;
    if !span.is_finite() || span <= 0.0 {
        return vec![lo];
    }
    let rough = span / 4.0;
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= rough)
        .unwrap_or(power * 10.0);
    let mut ticks = Vec::new();
    let mut tick = (lo / step).ceil() * step;
    while tick <= hi + step * 1e-9 && ticks.len() < 12 {
        // Snap away float noise (0.30000000000000004).
        ticks.push((tick / step).round() * step);
        tick += step;
    }
    ticks
}

/// The chart, or a line saying there is nothing to draw yet.
#[component]
pub fn KpiChart(readings: Vec<KpiReading>, definition: KpiDefinition) -> impl IntoView {
    if readings.is_empty() {
        return view! {
            <p class="muted" data-testid="kpi-chart-empty">"No readings yet: the chart appears with the first."</p>
        }
        .into_any();
    }
    let (lo, hi) = value_range(&readings, &definition);
    let y = move |v: f64| {
        let v = v.clamp(lo, hi);
        TOP + (hi - v) / (hi - lo) * (H - TOP - BOTTOM)
    };
    let n = readings.len();
    let x = move |i: usize| {
        if n == 1 {
            (LEFT + W - RIGHT) / 2.0
        } else {
            LEFT + i as f64 / (n - 1) as f64 * (W - LEFT - RIGHT)
        }
    };
    let unit = definition.unit.clone();
    let frequency = definition.frequency;
    let band_rects = bands(&definition)
        .into_iter()
        .map(|b| {
            let (top, bottom) = (y(b.from.max(b.to)), y(b.from.min(b.to)));
            view! {
                <rect x=LEFT.to_string() width=(W - LEFT - RIGHT).to_string()
                    y=format!("{top:.1}") height=format!("{:.1}", (bottom - top).max(0.0))
                    fill=b.status.colour() fill-opacity="0.12"
                    data-testid="kpi-chart-band" data-status=b.status.key() />
            }
        })
        .collect_view();
    let lines = [
        ("exceptional", definition.exceptional, KpiStatus::Exceptional),
        ("green", definition.green, KpiStatus::Green),
        ("amber", definition.amber, KpiStatus::Amber),
    ]
    .into_iter()
    .filter_map(|(name, value, status)| value.map(|v| (name, v, status)))
    .map(|(name, v, status)| {
        let ty = format!("{:.1}", y(v));
        let label = format!("{} {}", status.label(), with_unit(v, &unit));
        view! {
            <line x1=LEFT.to_string() x2=(W - RIGHT).to_string() y1=ty.clone() y2=ty.clone()
                stroke=status.colour() stroke-width="1.5" stroke-dasharray="6 4"
                data-testid="kpi-chart-threshold" data-threshold=name data-value=v.to_string() />
            <text x=(W - RIGHT - 4.0).to_string() y=ty class="kpi-svg-label" text-anchor="end" dy="-4">{label}</text>
        }
    })
    .collect_view();
    let polyline: String = readings
        .iter()
        .enumerate()
        .map(|(i, r)| format!("{:.1},{:.1}", x(i), y(r.value)))
        .collect::<Vec<_>>()
        .join(" ");
    let points = readings
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let tip = format!(
                "{}: {} ({})",
                frequency.period_label(r.period),
                with_unit(r.value, &unit),
                r.status.label()
            );
            view! {
                <circle cx=format!("{:.1}", x(i)) cy=format!("{:.1}", y(r.value)) r="4.5"
                    fill=r.status.colour() stroke="#18202f" stroke-width="1"
                    data-testid="kpi-chart-point" data-status=r.status.key() data-value=r.value.to_string()>
                    <title>{tip}</title>
                </circle>
            }
        })
        .collect_view();
    // Period labels under the axis: every one when few, else about six spread out.
    let every = n.div_ceil(6).max(1);
    let ticks = readings
        .iter()
        .enumerate()
        // The last always, and no other as close to it as the spacing.
        .filter(|(i, _)| *i == n - 1 || (i % every == 0 && n - 1 - i >= every))
        .map(|(i, r)| {
            // The first and last labels stay inside the chart.
            let anchor = match i {
                _ if n == 1 => "middle",
                0 => "start",
                i if i == n - 1 => "end",
                _ => "middle",
            };
            view! {
                <text x=format!("{:.1}", x(i)) y=(H - 10.0).to_string() class="kpi-svg-label" text-anchor=anchor>
                    {frequency.period_label(r.period)}
                </text>
            }
        })
        .collect_view();
    let axis = axis_ticks(lo, hi)
        .into_iter()
        .map(|v| {
            view! {
                <text x=(LEFT - 6.0).to_string() y=format!("{:.1}", y(v)) class="kpi-svg-label" text-anchor="end" dy="3">
                    {with_unit(v, &unit)}
                </text>
            }
        })
        .collect_view();
    let base = (H - BOTTOM).to_string();
    view! {
        <figure class="kpi-figure" data-testid="kpi-chart">
            <figcaption>"Readings against the thresholds"</figcaption>
            <svg viewBox=format!("0 0 {W} {H}") class="kpi-chart-svg" role="img"
                aria-label="The KPI's readings over time against its thresholds">
                {band_rects}
                <line x1=LEFT.to_string() x2=(W - RIGHT).to_string() y1=base.clone() y2=base stroke="#c5ccda" />
                <line x1=LEFT.to_string() x2=LEFT.to_string() y1=TOP.to_string() y2=(H - BOTTOM).to_string() stroke="#c5ccda" />
                {axis}
                {lines}
                <polyline points=polyline fill="none" stroke="#18202f" stroke-width="2" data-testid="kpi-chart-line" />
                {points}
                {ticks}
            </svg>
        </figure>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use uuid::Uuid;

    fn def(kind: KpiKind, direction: Direction, g: f64, a: f64, e: f64) -> KpiDefinition {
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
        KpiDefinition {
            kind,
            direction,
            green: Some(g),
            amber: kind.has_amber().then_some(a),
            exceptional: kind.has_exceptional().then_some(e),
            ..KpiDefinition::undefined(Uuid::nil(), day)
        }
    }

    fn statuses(bands: &[Band]) -> Vec<(f64, f64, KpiStatus)> {
        bands.iter().map(|b| (b.from, b.to, b.status)).collect()
    }

    #[test]
    fn the_axis_ticks_are_round_numbers() {
        assert_eq!(axis_ticks(87.95, 100.55), [90.0, 95.0, 100.0]);
        assert_eq!(axis_ticks(0.0, 10.0), [0.0, 5.0, 10.0]);
        assert_eq!(axis_ticks(0.0, 1.0), [0.0, 0.5, 1.0]);
        assert_eq!(axis_ticks(-0.4, 7.6), [0.0, 2.0, 4.0, 6.0]);
        assert_eq!(axis_ticks(3.0, 3.0), [3.0]);
    }

    #[test]
    fn bands_run_from_the_worst_status_to_the_best() {
        let (inf, ninf) = (f64::INFINITY, f64::NEG_INFINITY);
        let up = def(
            KpiKind::RagExceptional,
            Direction::HigherIsBetter,
            90.0,
            80.0,
            99.0,
        );
        assert_eq!(
            statuses(&bands(&up)),
            [
                (ninf, 80.0, KpiStatus::Red),
                (80.0, 90.0, KpiStatus::Amber),
                (90.0, 99.0, KpiStatus::Green),
                (99.0, inf, KpiStatus::Exceptional),
            ]
        );
        let down = def(KpiKind::Rag, Direction::LowerIsBetter, 2.0, 5.0, 0.0);
        assert_eq!(
            statuses(&bands(&down)),
            [
                (inf, 5.0, KpiStatus::Red),
                (5.0, 2.0, KpiStatus::Amber),
                (2.0, ninf, KpiStatus::Green),
            ]
        );
        let red_green = def(
            KpiKind::RedGreen,
            Direction::HigherIsBetter,
            100.0,
            0.0,
            0.0,
        );
        assert_eq!(
            statuses(&bands(&red_green)),
            [
                (ninf, 100.0, KpiStatus::Red),
                (100.0, inf, KpiStatus::Green)
            ]
        );
        let measured = def(
            KpiKind::MeasureOnly,
            Direction::HigherIsBetter,
            1.0,
            0.0,
            0.0,
        );
        assert!(bands(&measured).is_empty());
    }
}
