//! A tracker's stats: totals, and items by status and by each select field as bar charts.

use crate::api::{self, Failure};
use crate::components::feedback::ResourceView;
use crate::pages::work::tracker::TrackerState;
use crate::session::use_session;
use annex_client::domain::work::stats::SpaceStats;
use leptos::prelude::*;

/// One bar of a chart.
struct Bar {
    label: String,
    colour: String,
    count: i64,
}

/// The stats card.
#[component]
pub fn TrackerStats(state: TrackerState) -> impl IntoView {
    let session = use_session();
    let space_id = state.space.with_value(|s| s.id);
    let stats = LocalResource::new(move || {
        state.changed.track();
        async move {
            api::call(session, async |c| c.space_stats(space_id).await)
                .await
                .map_err(Failure::from)
        }
    });
    let retry = Callback::new(move |()| stats.refetch());
    view! {
        <section class="card" data-testid="tracker-stats">
            <ResourceView resource=stats label="Counting…" retry=retry children={move |s| view! { <StatsBody stats=s /> }} />
        </section>
    }
}

#[component]
fn StatsBody(stats: SpaceStats) -> impl IntoView {
    let by_status: Vec<Bar> = stats
        .by_status
        .iter()
        .map(|s| Bar {
            label: s.name.clone(),
            colour: s.colour.to_string(),
            count: s.count,
        })
        .collect();
    view! {
        <div class="stat-tiles">
            <div class="stat-tile"><span class="stat-n" data-testid="stat-total">{stats.total}</span><span class="stat-l">"Items"</span></div>
            <div class="stat-tile"><span class="stat-n" data-testid="stat-open">{stats.open}</span><span class="stat-l">"Open"</span></div>
            <div class="stat-tile"><span class="stat-n" data-testid="stat-resolved">{stats.resolved}</span><span class="stat-l">"Resolved"</span></div>
            <div class="stat-tile" class:stat-warn={stats.overdue > 0}><span class="stat-n" data-testid="stat-overdue">{stats.overdue}</span><span class="stat-l">"Overdue"</span></div>
            <div class="stat-tile"><span class="stat-n" data-testid="stat-unassigned">{stats.unassigned}</span><span class="stat-l">"Unassigned"</span></div>
        </div>
        <div class="charts">
            <BarChart title="By status".to_owned() bars=by_status />
            {stats.by_field.into_iter().map(|f| {
                let mut bars: Vec<Bar> = f.counts.into_iter().map(|o| Bar {
                    label: o.label,
                    colour: o.colour.to_string(),
                    count: o.count,
                }).collect();
                bars.push(Bar { label: "Not set".to_owned(), colour: "#c5ccda".to_owned(), count: f.unset });
                view! { <BarChart title=f.name bars=bars /> }
            }).collect_view()}
        </div>
    }
}

/// A horizontal bar chart drawn with CSS widths.
#[component]
fn BarChart(title: String, bars: Vec<Bar>) -> impl IntoView {
    let max = bars.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let data_title = title.clone();
    view! {
        <figure class="chart" data-testid="stats-chart" data-title=data_title>
            <figcaption>{title}</figcaption>
            {bars.into_iter().map(|b| {
                let width = (b.count as f64 / max as f64 * 100.0).round();
                let data_label = b.label.clone();
                view! {
                    <div class="chart-row" data-testid="chart-row" data-label=data_label data-count=b.count.to_string()>
                        <span class="chart-label">{b.label}</span>
                        <span class="chart-track"><span class="chart-bar" style=format!("width:{width}%;background:{}", b.colour)></span></span>
                        <span class="chart-count">{b.count}</span>
                    </div>
                }
            }).collect_view()}
        </figure>
    }
}
