//! The risk matrix as a heat map: likelihood rows from the highest at the top, impact columns, each
//! cell coloured by its band with its score, cells above appetite marked; and a legend of bands.
//! Drawn from the matrix in the form, so it follows every keystroke.

use crate::components::work::ink_on;
use crate::pages::risk::matrix_form::MatrixProblem;
use annex_client::domain::risk::{Assessment, RiskMatrix};
use leptos::prelude::*;

/// "every month", "every 6 months".
fn every(months: u32) -> String {
    if months == 1 {
        "every month".to_owned()
    } else {
        format!("every {months} months")
    }
}

/// The assessment of a cell; likelihood and impact count from 1 and are within the scales.
fn assess(matrix: &RiskMatrix, likelihood: usize, impact: usize) -> Option<Assessment> {
    matrix
        .assess(u8::try_from(likelihood).ok()?, u8::try_from(impact).ok()?)
        .ok()
}

/// A label, or the level's number while it is blank.
fn label(labels: &[String], level: usize) -> String {
    labels
        .get(level - 1)
        .filter(|l| !l.trim().is_empty())
        .cloned()
        .unwrap_or_else(|| level.to_string())
}

/// One cell of the heat map.
fn cell(matrix: &RiskMatrix, likelihood: usize, impact: usize) -> impl IntoView + use<> {
    let a = assess(matrix, likelihood, impact);
    let (score, level, colour, review, above) = a.map_or_else(
        || (0, String::new(), "#ffffff".to_owned(), 0, false),
        |a| {
            (
                a.score,
                a.level,
                a.colour.to_string(),
                a.review_months,
                a.above_appetite,
            )
        },
    );
    let title = format!(
        "{} × {}: score {score}, {level}, reviewed {}{}",
        label(&matrix.likelihood, likelihood),
        label(&matrix.impact, impact),
        every(review),
        if above { ", above appetite" } else { "" },
    );
    let style = format!("background:{colour};color:{}", ink_on(&colour));
    view! {
        <td
            class="heat-cell"
            class:above=above
            style=style
            title=title
            data-testid="matrix-cell"
            data-likelihood=likelihood.to_string()
            data-impact=impact.to_string()
            data-score=score.to_string()
            data-level=level
            data-above=above.to_string()
        >
            {score}
        </td>
    }
}

/// The heat map itself.
fn heat_map(matrix: &RiskMatrix) -> impl IntoView + use<> {
    let (rows, columns) = (matrix.likelihood.len(), matrix.impact.len());
    view! {
        <div class="heatmap-wrap">
            <div class="heatmap-axis-y" aria-hidden="true">"Likelihood"</div>
            <table class="heatmap" data-testid="heatmap">
                <caption class="visually-hidden">"Score and level of each likelihood and impact"</caption>
                <colgroup>
                    <col class="heat-label-width" />
                    <col span=columns.to_string() />
                </colgroup>
                <tbody>
                    {(1..=rows).rev().map(|l| view! {
                        <tr>
                            <th scope="row" class="heat-label">{label(&matrix.likelihood, l)}</th>
                            {(1..=columns).map(|i| cell(matrix, l, i)).collect_view()}
                        </tr>
                    }).collect_view()}
                    <tr>
                        <td></td>
                        {(1..=columns).map(|i| view! {
                            <th scope="col" class="heat-label heat-label-col">{label(&matrix.impact, i)}</th>
                        }).collect_view()}
                    </tr>
                </tbody>
            </table>
            <div class="heatmap-axis-x" aria-hidden="true">"Impact"</div>
        </div>
    }
}

/// The bands with their scores and review periods, and what the heavy border means.
fn legend(matrix: &RiskMatrix) -> impl IntoView + use<> {
    let highest = matrix.highest_score();
    let bands = matrix.bands.clone();
    let appetite = matrix.appetite;
    view! {
        <ul class="band-legend" data-testid="matrix-legend">
            {bands.iter().enumerate().map(|(i, b)| {
                let top = bands.get(i + 1).map_or(highest, |next| next.min_score.saturating_sub(1));
                let scores = if top > b.min_score { format!("{}–{top}", b.min_score) } else { b.min_score.to_string() };
                view! {
                    <li data-testid="matrix-legend-band" data-band=b.name.clone()>
                        <span class="legend-swatch" style=format!("background:{}", b.colour) aria-hidden="true"></span>
                        <span class="band-legend-name">{b.name.clone()}</span>
                        <span class="muted">{format!("scores {scores}, reviewed {}", every(b.review_months))}</span>
                    </li>
                }
            }).collect_view()}
            <li>
                <span class="legend-swatch appetite-swatch" aria-hidden="true"></span>
                <span class="band-legend-name">"Above appetite"</span>
                <span class="muted" data-testid="matrix-legend-appetite">{format!("scores above {appetite}")}</span>
            </li>
        </ul>
    }
}

/// How many cells are above appetite, in words.
fn above_count(matrix: &RiskMatrix) -> (usize, usize) {
    let (rows, columns) = (matrix.likelihood.len(), matrix.impact.len());
    let above = (1..=rows)
        .flat_map(|l| (1..=columns).map(move |i| (l, i)))
        .filter(|&(l, i)| assess(matrix, l, i).is_some_and(|a| a.above_appetite))
        .count();
    (above, rows * columns)
}

/// The preview card: the rules' objection if any, the heat map and its legend.
#[component]
pub fn MatrixPreview(
    matrix: Memo<Option<RiskMatrix>>,
    problem: Memo<Option<MatrixProblem>>,
) -> impl IntoView {
    let invalid = move || problem.with(Option::is_some);
    view! {
        <section class="card matrix-preview" class:invalid=invalid data-testid="matrix-preview"
            data-valid=move || (!invalid()).to_string()>
            <div class="card-head">
                <h2>"Preview"</h2>
                {move || matrix.with(|m| m.as_ref().map(|m| {
                    let (above, all) = above_count(m);
                    view! {
                        <span class="small muted" data-testid="matrix-above-count" data-count=above.to_string()>
                            {format!("{above} of {all} cells above appetite")}
                        </span>
                    }
                }))}
            </div>
            {move || problem.get().map(|p| view! {
                <div class="alert alert-error" role="alert" data-testid="matrix-error" data-field=p.field>
                    {crate::api::sentence(&p.message)}
                </div>
            })}
            {move || match matrix.with(|m| m.as_ref().map(|m| (heat_map(m), legend(m)))) {
                Some((map, key)) => view! { {map} {key} }.into_any(),
                None => view! {
                    <p class="muted small" data-testid="matrix-no-preview">"The preview comes back once every number is filled in."</p>
                }.into_any(),
            }}
        </section>
    }
}
