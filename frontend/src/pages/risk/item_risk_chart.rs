//! Two small pictures of a risk: its score over time (the original first, then each current
//! reading, the target as a dashed line) and its path across the matrix from original through
//! current to target.

use crate::components::risk::kind_label;
use crate::format::date;
use crate::pages::risk::item_risk::latest;
use annex_client::domain::risk::RiskMatrix;
use annex_client::domain::risk::register::{Reading, ReadingKind};
use leptos::prelude::*;

const CHART_W: f64 = 320.0;
const CHART_H: f64 = 150.0;
const PAD: f64 = 24.0;

/// The score of the original and of each current reading by date, with the target dashed.
#[component]
pub fn HistoryChart(readings: Vec<Reading>, matrix: RiskMatrix) -> impl IntoView {
    let score = |r: &Reading| r.assessment.as_ref().map_or(0, |a| a.score);
    let mut points: Vec<&Reading> = readings
        .iter()
        .filter(|r| r.kind != ReadingKind::Target)
        .collect();
    points.sort_by_key(|r| r.recorded_at);
    let top = f64::from(matrix.highest_score().max(1));
    let y = move |s: u32| CHART_H - PAD - (f64::from(s) / top) * (CHART_H - 2.0 * PAD);
    let (first, last) = match (points.first(), points.last()) {
        (Some(a), Some(b)) => (a.recorded_at.timestamp(), b.recorded_at.timestamp()),
        _ => (0, 0),
    };
    let span = (last - first).max(1) as f64;
    let x = move |r: &Reading| {
        if first == last {
            CHART_W / 2.0
        } else {
            PAD + ((r.recorded_at.timestamp() - first) as f64 / span) * (CHART_W - 2.0 * PAD)
        }
    };
    let line: String = points
        .iter()
        .map(|r| format!("{:.1},{:.1}", x(r), y(score(r))))
        .collect::<Vec<_>>()
        .join(" ");
    let dots = points
        .iter()
        .map(|r| {
            let colour = r
                .assessment
                .as_ref()
                .map_or_else(|| "#6b7589".to_owned(), |a| a.colour.to_string());
            let tip = format!(
                "{} {}: score {}",
                kind_label(r.kind),
                date(&r.recorded_at),
                score(r)
            );
            view! {
                <circle cx=format!("{:.1}", x(r)) cy=format!("{:.1}", y(score(r))) r="5" fill=colour stroke="#18202f" stroke-width="1"
                    data-testid="risk-history-point" data-kind=r.kind.key()>
                    <title>{tip}</title>
                </circle>
            }
        })
        .collect_view();
    let target = latest(&readings, ReadingKind::Target).map(|t| {
        let ty = format!("{:.1}", y(score(&t)));
        view! {
            <line x1=PAD.to_string() x2=(CHART_W - PAD).to_string() y1=ty.clone() y2=ty.clone()
                stroke="#1f6feb" stroke-width="1.5" stroke-dasharray="5 4" data-testid="risk-history-target" />
            <text x=(CHART_W - PAD).to_string() y=ty class="risk-svg-label" text-anchor="end" dy="-4">{format!("Target {}", score(&t))}</text>
        }
    });
    let appetite = format!("{:.1}", y(matrix.appetite));
    let axis_y = (CHART_H - PAD).to_string();
    view! {
        <figure class="risk-figure" data-testid="risk-history">
            <figcaption>"Score over time"</figcaption>
            <svg viewBox=format!("0 0 {CHART_W} {CHART_H}") class="risk-history-svg" role="img" aria-label="Risk score over time">
                <line x1=PAD.to_string() x2=(CHART_W - PAD).to_string() y1=axis_y.clone() y2=axis_y stroke="#c5ccda" />
                <line x1=PAD.to_string() x2=(CHART_W - PAD).to_string() y1=appetite.clone() y2=appetite.clone() stroke="#c0392b" stroke-width="1" stroke-dasharray="2 3" />
                <text x=PAD.to_string() y=appetite class="risk-svg-label" dy="-4">"Appetite"</text>
                {target}
                <polyline points=line fill="none" stroke="#18202f" stroke-width="2" />
                {dots}
            </svg>
        </figure>
    }
}

const CELL: f64 = 24.0;

/// The matrix in miniature with arrows from the original through the current to the target.
#[component]
pub fn MatrixPath(readings: Vec<Reading>, matrix: RiskMatrix) -> impl IntoView {
    let rows = matrix.likelihood.len();
    let cols = matrix.impact.len();
    let centre = move |l: u8, i: u8| {
        let cx = (f64::from(i) - 0.5) * CELL;
        let cy = (rows as f64 - f64::from(l) + 0.5) * CELL;
        (cx, cy)
    };
    let mut cells = Vec::new();
    for row in 0..rows {
        let l = (rows - row) as u8;
        for col in 0..cols {
            let i = (col + 1) as u8;
            let fill = matrix
                .assess(l, i)
                .map_or_else(|_| "#dde2ec".to_owned(), |a| a.colour.to_string());
            cells.push(view! {
                <rect x=(col as f64 * CELL).to_string() y=(row as f64 * CELL).to_string()
                    width=CELL.to_string() height=CELL.to_string() fill=fill stroke="#ffffff" stroke-width="1" />
            });
        }
    }
    let stops: Vec<(ReadingKind, (f64, f64))> = [
        ReadingKind::Original,
        ReadingKind::Current,
        ReadingKind::Target,
    ]
    .into_iter()
    .filter_map(|k| latest(&readings, k).map(|r| (k, centre(r.likelihood, r.impact))))
    .collect();
    let arrows = stops
        .windows(2)
        .filter_map(|w| arrow(w[0].1, w[1].1))
        .map(|(line, head)| {
            view! {
                <line x1=format!("{:.1}", line.0) y1=format!("{:.1}", line.1) x2=format!("{:.1}", line.2) y2=format!("{:.1}", line.3)
                    stroke="#18202f" stroke-width="2" />
                <polygon points=head fill="#18202f" />
            }
        })
        .collect_view();
    let markers = stops
        .iter()
        .map(|(kind, (cx, cy))| {
            let letter = &kind_label(*kind)[..1];
            let fill = if *kind == ReadingKind::Target { "#1f6feb" } else { "#ffffff" };
            let ink = if *kind == ReadingKind::Target { "#ffffff" } else { "#18202f" };
            view! {
                <g data-testid="risk-path-stop" data-kind=kind.key()>
                    <circle cx=format!("{cx:.1}") cy=format!("{cy:.1}") r="8" fill=fill stroke="#18202f" stroke-width="1.5" />
                    <text x=format!("{cx:.1}") y=format!("{cy:.1}") dy="3.5" text-anchor="middle" class="risk-svg-letter" fill=ink>{letter.to_owned()}</text>
                </g>
            }
        })
        .collect_view();
    let (w, h) = (cols as f64 * CELL, rows as f64 * CELL);
    view! {
        <figure class="risk-figure" data-testid="risk-path">
            <figcaption>"Original → current → target"</figcaption>
            <svg viewBox=format!("-2 -2 {} {}", w + 4.0, h + 4.0) class="risk-path-svg" role="img"
                aria-label="The risk's path across the matrix: likelihood up, impact right">
                {cells}
                {arrows}
                {markers}
            </svg>
        </figure>
    }
}

/// A line between two cell centres, stopping short of the markers, and its arrow head; none when
/// both readings sit in the same cell.
fn arrow(from: (f64, f64), to: (f64, f64)) -> Option<((f64, f64, f64, f64), String)> {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let len = (dx * dx + dy * dy).sqrt();
    if len < 1.0 {
        return None;
    }
    let (ux, uy) = (dx / len, dy / len);
    let start = (from.0 + ux * 9.0, from.1 + uy * 9.0);
    let tip = (to.0 - ux * 9.0, to.1 - uy * 9.0);
    let base = (tip.0 - ux * 6.0, tip.1 - uy * 6.0);
    let head = format!(
        "{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
        tip.0,
        tip.1,
        base.0 - uy * 4.0,
        base.1 + ux * 4.0,
        base.0 + uy * 4.0,
        base.1 - ux * 4.0
    );
    Some(((start.0, start.1, base.0, base.1), head))
}
