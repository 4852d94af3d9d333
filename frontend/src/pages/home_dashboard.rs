//! The programme dashboard on the Home screen of admins and editors: a grid of small cards, each
//! a picture of one part of the ISMS (SoA progress ring, risks by level, corrective actions,
//! policy-pack compliance, KPI ratings, upcoming audits) and a link to its screen.

use crate::api::{self, Failure};
use crate::components::work::Chip;
use crate::session::use_session;
use annex_client::domain::kpis::KpiStatus;
use annex_client::domain::programme::{
    ActionFigures, AuditFigures, KpiRag, PackCompliance, ProgrammeDashboard, RiskFigures,
    SoaProgress,
};
use leptos::prelude::*;
use leptos_router::components::A;

/// The dashboard, loading its figures once.
#[component]
pub fn HomeDashboard() -> impl IntoView {
    let session = use_session();
    let figures = LocalResource::new(move || async move {
        api::call(session, async |c| c.dashboard().await)
            .await
            .map_err(Failure::from)
    });
    view! {
        <section class="dash" data-testid="home-dashboard" aria-label="Programme dashboard">
            {move || match figures.get() {
                None => view! { <p class="loading muted">"Loading the programme's figures…"</p> }.into_any(),
                Some(Err(f)) => view! { <p class="field-error">{f.message}</p> }.into_any(),
                Some(Ok(d)) => view! { <Cards d=d /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Cards(d: ProgrammeDashboard) -> impl IntoView {
    view! {
        <div class="dash-grid">
            {d.soa.map(|s| view! { <SoaCard s=s /> })}
            {d.risks.map(|r| view! { <RiskCard r=r /> })}
            {d.actions.map(|a| view! { <ActionCard a=a /> })}
            <PackCard packs=d.packs />
            {d.kpis.map(|k| view! { <KpiCard k=k /> })}
            {d.audits.map(|a| view! { <AuditCard a=a /> })}
        </div>
    }
}

/// A horizontal bar of coloured segments, one per (colour, count), scaled to their total.
fn stacked(label: String, segments: Vec<(String, i64)>) -> impl IntoView {
    let total: i64 = segments.iter().map(|s| s.1).sum();
    let mut x = 0.0;
    let rects = segments
        .into_iter()
        .filter(|s| s.1 > 0)
        .map(|(colour, n)| {
            let w = n as f64 * 100.0 / total as f64;
            let at = x;
            x += w;
            view! { <rect x=format!("{at:.2}") y="0" width=format!("{w:.2}") height="10" fill=colour /> }
        })
        .collect_view();
    view! {
        <svg class="dash-stack" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label=label>
            <rect x="0" y="0" width="100" height="10" class="dash-empty" />
            {rects}
        </svg>
    }
}

/// A legend line: a coloured dot, a label and a count.
fn legend(label: String, colour: String, n: i64, testid: &'static str) -> impl IntoView {
    let data = label.clone();
    view! {
        <li data-testid=testid data-label=data data-count=n.to_string()>
            <span class="dot" style=format!("background:{colour}") aria-hidden="true"></span>
            {label}
            <b>{n}</b>
        </li>
    }
}

#[component]
fn SoaCard(s: SoaProgress) -> impl IntoView {
    let pct = s.implemented_percent;
    let partial = if s.applicable > 0 {
        s.partial as f64 * 100.0 / s.applicable as f64
    } else {
        0.0
    };
    view! {
        <A href="/soa" attr:class="card dash-card" attr:data-testid="dash-soa">
            <h2>"Statement of Applicability"</h2>
            <div class="dash-ring-row">
                <svg class="dash-ring" viewBox="0 0 36 36" role="img" aria-label=format!("{pct}% implemented")>
                    <circle cx="18" cy="18" r="15.915" class="dash-ring-track" />
                    <circle cx="18" cy="18" r="15.915" class="dash-ring-partial"
                        stroke-dasharray=format!("{:.1} 100", pct + partial) />
                    <circle cx="18" cy="18" r="15.915" class="dash-ring-fill"
                        stroke-dasharray=format!("{pct:.1} 100") />
                    <text x="18" y="20.5" text-anchor="middle" class="dash-ring-text">{format!("{pct:.0}%")}</text>
                </svg>
                <ul class="dash-legend">
                    {legend("Implemented".into(), "var(--c-success)".into(), s.implemented, "dash-soa-implemented")}
                    {legend("Partial".into(), "var(--c-warning)".into(), s.partial, "dash-soa-partial")}
                    {legend("Not started".into(), "var(--c-line)".into(), s.not_started, "dash-soa-not-started")}
                </ul>
            </div>
            <p class="muted small" data-testid="dash-soa-pct" data-value=pct.to_string()>
                {format!("{pct}% of {} applicable controls implemented", s.applicable)}
            </p>
        </A>
    }
}

#[component]
fn RiskCard(r: RiskFigures) -> impl IntoView {
    let open: i64 = r.by_level.iter().map(|l| l.count).sum::<i64>() + r.unassessed;
    let segments = r
        .by_level
        .iter()
        .map(|l| (l.label.clone(), l.colour.clone(), l.count))
        .collect::<Vec<_>>();
    view! {
        <A href="/risks/map" attr:class="card dash-card" attr:data-testid="dash-risks">
            <h2>"Risks by level"</h2>
            {stacked(
                format!("{open} open risks by level"),
                segments.iter().map(|s| (s.1.clone(), s.2)).collect(),
            )}
            <ul class="dash-legend">
                {segments
                    .into_iter()
                    .map(|(label, colour, n)| legend(label, colour, n, "dash-risk-level"))
                    .collect_view()}
            </ul>
            <p class="dash-figure" data-testid="dash-risks-above" data-value=r.above_appetite.to_string()>
                <b>{r.above_appetite}</b>" above appetite"
            </p>
        </A>
    }
}

#[component]
fn ActionCard(a: ActionFigures) -> impl IntoView {
    let href = a
        .space_id
        .map_or_else(|| "/tracks".to_owned(), |id| format!("/spaces/{id}"));
    let overdue_pct = if a.open > 0 {
        a.overdue as f64 * 100.0 / a.open as f64
    } else {
        0.0
    };
    view! {
        <A href=href attr:class="card dash-card" attr:data-testid="dash-actions">
            <h2>"Corrective actions"</h2>
            <p class="dash-figure">
                <b class="dash-big" data-testid="dash-actions-overdue" data-value=a.overdue.to_string()>{a.overdue}</b>
                " overdue of "
                <b data-testid="dash-actions-open" data-value=a.open.to_string()>{a.open}</b>
                " open"
            </p>
            <div class="progress-track dash-overdue" role="img" aria-label=format!("{overdue_pct:.0}% of open actions overdue")>
                <span class="progress-fill" style=format!("width:{overdue_pct:.1}%;background:var(--c-danger)")></span>
            </div>
            {stacked(
                "Open actions by severity".into(),
                a.by_severity.iter().map(|c| (c.colour.clone(), c.count)).collect(),
            )}
            <ul class="dash-legend">
                {a.by_severity
                    .into_iter()
                    .filter(|c| c.count > 0)
                    .map(|c| legend(c.label, c.colour, c.count, "dash-action-severity"))
                    .collect_view()}
            </ul>
        </A>
    }
}

#[component]
fn PackCard(packs: Vec<PackCompliance>) -> impl IntoView {
    view! {
        <A href="/policy-packs" attr:class="card dash-card" attr:data-testid="dash-packs">
            <h2>"Policy-pack compliance"</h2>
            {if packs.is_empty() {
                view! { <p class="muted small">"No policy pack is published yet."</p> }.into_any()
            } else {
                packs
                    .into_iter()
                    .map(|p| {
                        let pct = p.accepted_percent;
                        view! {
                            <div class="chart-row" data-testid="dash-pack" data-name=p.name.clone() data-value=pct.to_string()>
                                <span class="chart-label" title=p.name.clone()>{p.name.clone()}</span>
                                <span class="chart-track">
                                    <span class="chart-bar" style=format!("width:{pct}%;background:var(--c-brand)")></span>
                                </span>
                                <span class="chart-count">{format!("{pct:.0}%")}</span>
                            </div>
                        }
                    })
                    .collect_view()
                    .into_any()
            }}
            <p class="muted small">"Accepted, of each pack's audience"</p>
        </A>
    }
}

#[component]
fn KpiCard(k: KpiRag) -> impl IntoView {
    let statuses = KpiStatus::ALL;
    view! {
        <A href="/kpis" attr:class="card dash-card" attr:data-testid="dash-kpis">
            <h2>"KPIs"</h2>
            {stacked(
                format!("{} KPIs by rating", k.total),
                statuses.iter().map(|s| (s.colour().to_owned(), k.of(*s))).collect(),
            )}
            <span class="chips dash-chips">
                {statuses
                    .into_iter()
                    .map(|s| {
                        view! {
                            <span data-testid="dash-kpi-status" data-status=s.key() data-count=k.of(s).to_string()>
                                <Chip label=format!("{} {}", s.label(), k.of(s)) colour=s.colour() />
                            </span>
                        }
                    })
                    .collect_view()}
            </span>
            <p class="dash-figure" data-testid="dash-kpis-overdue" data-value=k.overdue.to_string()>
                <b>{k.overdue}</b>" readings overdue"
            </p>
        </A>
    }
}

#[component]
fn AuditCard(a: AuditFigures) -> impl IntoView {
    let href = a
        .space_id
        .map_or_else(|| "/work".to_owned(), |id| format!("/spaces/{id}"));
    view! {
        <A href=href attr:class="card dash-card" attr:data-testid="dash-audits">
            <h2>"Audit programme"</h2>
            <p class="muted small">{format!("{} of {} audits done", a.done, a.audits)}</p>
            {if a.upcoming.is_empty() {
                view! { <p class="muted small">"No audit left to do."</p> }.into_any()
            } else {
                view! {
                    <ol class="dash-list">
                        {a.upcoming
                            .into_iter()
                            .map(|u| {
                                let when = u.planned().map(|d| d.to_string()).unwrap_or_else(|| "Not planned".into());
                                view! {
                                    <li data-testid="dash-audit">
                                        <span class="dash-when">{when}</span>
                                        <span class="dash-what">{u.title}</span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ol>
                }
                .into_any()
            }}
            <span class="chips dash-chips">
                {a.findings
                    .into_iter()
                    .map(|f| {
                        let colour = crate::pages::audits::item_audit::kind_colour(f.kind);
                        view! {
                            <span data-testid="dash-finding" data-kind=f.label.clone() data-count=f.count.to_string()>
                                <Chip label=format!("{} {}", f.label, f.count) colour=colour />
                            </span>
                        }
                    })
                    .collect_view()}
            </span>
        </A>
    }
}
