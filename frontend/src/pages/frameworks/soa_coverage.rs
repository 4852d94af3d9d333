//! "Progress by theme": per theme, its applicable controls split into implemented, partial and not
//! started as one stacked bar, and the overall share implemented.

use crate::api::Failure;
use crate::components::feedback::Loading;
use crate::components::soa::bar_colour;
use crate::components::work::format_number;
use annex_client::domain::frameworks::ImplementationStatus;
use annex_client::domain::frameworks::soa::{Coverage, SoaCoverage};
use leptos::prelude::*;

/// The coverage card.
#[component]
pub fn CoverageCard(
    coverage: LocalResource<Result<Option<SoaCoverage>, Failure>>,
) -> impl IntoView {
    view! {
        <section class="card soa-coverage" data-testid="soa-coverage">
            <div class="card-head">
                <h2>"Progress by theme"</h2>
                <Legend />
            </div>
            <Transition fallback=|| view! { <Loading label="Counting…" /> }>
                {move || coverage.get().map(|r| match r {
                    Ok(Some(c)) => view! { <CoverageBody coverage=c /> }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(f) => view! { <p class="field-error">{f.message}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// What the colours of the bars mean.
#[component]
fn Legend() -> impl IntoView {
    let key = |status: ImplementationStatus, label: &'static str| {
        view! {
            <span class="legend-key">
                <span class="legend-swatch" style=format!("background:{}", bar_colour(status))></span>
                {label}
            </span>
        }
    };
    view! {
        <div class="legend" aria-hidden="true">
            {key(ImplementationStatus::Implemented, "Implemented")}
            {key(ImplementationStatus::Partial, "Partial")}
            {key(ImplementationStatus::NotStarted, "Not started")}
        </div>
    }
}

#[component]
fn CoverageBody(coverage: SoaCoverage) -> impl IntoView {
    let overall = coverage.overall.clone();
    view! {
        <div class="coverage-overall" data-testid="soa-overall" data-percent=format_number(overall.implemented_percent)>
            <span class="coverage-percent">{format!("{}%", format_number(overall.implemented_percent))}</span>
            <span class="muted small">
                {format!(
                    "implemented: {} of {} applicable controls ({} partial, {} not started; {} excluded)",
                    overall.implemented,
                    overall.applicable,
                    overall.partial,
                    overall.not_started,
                    overall.controls - overall.applicable
                )}
            </span>
        </div>
        <div class="coverage-rows">
            {coverage.themes.into_iter().map(|t| view! { <CoverageRow coverage=t /> }).collect_view()}
        </div>
    }
}

/// One theme's stacked bar.
#[component]
fn CoverageRow(coverage: Coverage) -> impl IntoView {
    let whole = coverage.applicable.max(1) as f64;
    let part = |n: i64, status: ImplementationStatus, what: &str| {
        let width = n as f64 / whole * 100.0;
        (n > 0).then(|| {
            view! {
                <span
                    class="coverage-part"
                    style=format!("width:{width:.2}%;background:{}", bar_colour(status))
                    title=format!("{n} {what}")
                ></span>
            }
        })
    };
    let label = format!("{} {}", coverage.theme, coverage.title);
    let hover = label.clone();
    view! {
        <div
            class="coverage-row"
            data-testid="coverage-row"
            data-theme=coverage.theme.clone()
            data-percent=format_number(coverage.implemented_percent)
        >
            <span class="coverage-label" title=hover>{label}</span>
            <span class="coverage-track" role="img" aria-label=format!(
                "{} implemented, {} partial, {} not started of {} applicable",
                coverage.implemented, coverage.partial, coverage.not_started, coverage.applicable
            )>
                {part(coverage.implemented, ImplementationStatus::Implemented, "implemented")}
                {part(coverage.partial, ImplementationStatus::Partial, "partial")}
                {part(coverage.not_started, ImplementationStatus::NotStarted, "not started")}
            </span>
            <span class="coverage-value">{format!("{}%", format_number(coverage.implemented_percent))}</span>
        </div>
    }
}
