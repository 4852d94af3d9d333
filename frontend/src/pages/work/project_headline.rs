//! A project's headline (figure 15): its activities counted as completed, by each open status of
//! the workflow ("Awaiting approval" for an audit programme), open, overdue and unassigned, with
//! the share completed.

use crate::api::{self, Failure};
use crate::components::feedback::ResourceView;
use crate::components::work::ProgressBar;
use crate::session::use_session;
use annex_client::domain::work::items::ItemKind;
use annex_client::domain::work::stats::SpaceStats;
use leptos::prelude::*;
use uuid::Uuid;

/// The headline card; `changed` is bumped whenever the tree changes, to count again.
#[component]
pub fn ProjectHeadline(space_id: Uuid, changed: RwSignal<u32>) -> impl IntoView {
    let session = use_session();
    let stats = LocalResource::new(move || {
        changed.track();
        async move {
            api::call(session, async |c| {
                c.space_stats_of(space_id, ItemKind::Activity).await
            })
            .await
            .map_err(Failure::from)
        }
    });
    let retry = Callback::new(move |()| stats.refetch());
    view! {
        <section class="card" data-testid="project-headline">
            <ResourceView resource=stats label="Counting activities…" retry=retry children={move |s| view! { <Headline stats=s /> }} />
        </section>
    }
}

/// The share of activities completed, as a whole percentage.
fn completed_percent(stats: &SpaceStats) -> i64 {
    if stats.total == 0 {
        0
    } else {
        (stats.resolved * 100 + stats.total / 2) / stats.total
    }
}

#[component]
fn Headline(stats: SpaceStats) -> impl IntoView {
    let percent = completed_percent(&stats);
    // Open statuses with something in them: the workflow's stages between to-do and done.
    let stages: Vec<_> = stats
        .by_status
        .iter()
        .filter(|s| !s.resolved)
        .map(|s| {
            let testid = format!(
                "headline-status-{}",
                s.name.to_lowercase().replace(' ', "-")
            );
            view! {
                <div class="stat-tile" style=format!("border-top: 3px solid {}", s.colour) data-testid=testid>
                    <span class="stat-n">{s.count}</span>
                    <span class="stat-l">{s.name.clone()}</span>
                </div>
            }
        })
        .collect();
    view! {
        <div class="headline-head">
            <h2>"Activities"</h2>
            <span class="muted small" data-testid="headline-progress-text">
                {format!("{} of {} completed ({percent} %)", stats.resolved, stats.total)}
            </span>
        </div>
        <div class="headline-bar"><ProgressBar value=percent as f64 testid="headline-progress" /></div>
        <div class="stat-tiles headline-tiles">
            <div class="stat-tile"><span class="stat-n" data-testid="headline-completed">{stats.resolved}</span><span class="stat-l">"Completed"</span></div>
            {stages}
            <div class="stat-tile"><span class="stat-n" data-testid="headline-open">{stats.open}</span><span class="stat-l">"Open"</span></div>
            <div class="stat-tile" class:stat-warn={stats.overdue > 0}><span class="stat-n" data-testid="headline-overdue">{stats.overdue}</span><span class="stat-l">"Overdue"</span></div>
            <div class="stat-tile" class:stat-warn={stats.unassigned > 0}><span class="stat-n" data-testid="headline-unassigned">{stats.unassigned}</span><span class="stat-l">"Unassigned"</span></div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(total: i64, resolved: i64) -> SpaceStats {
        SpaceStats {
            space_id: Uuid::nil(),
            total,
            open: total - resolved,
            resolved,
            overdue: 0,
            unassigned: 0,
            by_status: Vec::new(),
            by_field: Vec::new(),
        }
    }

    #[test]
    fn completed_share_rounds_and_survives_an_empty_project() {
        assert_eq!(completed_percent(&stats(0, 0)), 0);
        assert_eq!(completed_percent(&stats(3, 1)), 33);
        assert_eq!(completed_percent(&stats(3, 2)), 67);
        assert_eq!(completed_percent(&stats(4, 4)), 100);
    }
}
