//! The risk map at `/risks/map`: the matrix as a heat map, likelihood up and impact across, each
//! cell in its band's colour with the number of risks whose chosen reading falls in it. A switcher
//! picks the original, current or target reading; on the current one, each risk's current reading
//! is a dark dot and its target a blue one. Choosing a cell lists its risks.

use crate::api::{self, Failure};
use crate::components::feedback::ResourceView;
use crate::components::filter_chip::FilterChip;
use crate::components::page_head::PageHead;
use crate::components::risk::{KINDS, ReadingChip, RiskNav, RiskScreen, kind_label};
use crate::components::work::ink_on;
use crate::session::use_session;
use annex_client::domain::risk::register::{
    MapCell, ReadingKind, RiskFilter, RiskMap, RiskSummary,
};
use leptos::prelude::*;
use leptos_router::components::A;
use std::collections::HashMap;
use uuid::Uuid;

/// The map screen.
#[component]
pub fn RiskMapPage() -> impl IntoView {
    crate::format::set_title("Risk map");
    let session = use_session();
    let reading = RwSignal::new(ReadingKind::Current);
    let chosen = RwSignal::new(None::<(u8, u8)>);
    let map = LocalResource::new(move || {
        let kind = reading.get();
        async move {
            api::call(session, async |c| c.risk_map(kind).await)
                .await
                .map_err(Failure::from)
        }
    });
    let register = LocalResource::new(move || async move {
        api::call(session, async |c| {
            c.risk_register(&RiskFilter::default()).await
        })
        .await
        .map_err(Failure::from)
    });
    let risks = Signal::derive(move || {
        register
            .get()
            .and_then(Result::ok)
            .map(|r| {
                r.data
                    .into_iter()
                    .map(|s| (s.item_id, s))
                    .collect::<HashMap<_, _>>()
            })
            .unwrap_or_default()
    });
    let retry = Callback::new(move |()| {
        map.refetch();
        register.refetch();
    });
    view! {
        <PageHead title="Risk map" intro="Where the risks sit on the matrix: likelihood up, impact across. Choose a cell to list its risks." testid="risk-map-title" title_class="page-title" />
        <RiskNav current=RiskScreen::Map />
        <section class="card" data-testid="risk-map">
            <div class="toolbar">
                <div class="soa-views" role="group" aria-label="Reading">
                    {KINDS.into_iter().map(|k| view! {
                        <FilterChip active=Signal::derive(move || reading.get() == k) testid=format!("risk-map-{}", k.key())
                            label=kind_label(k) on_select=Callback::new(move |()| { reading.set(k); chosen.set(None); }) />
                    }).collect_view()}
                </div>
                <Show when=move || reading.get() == ReadingKind::Current>
                    <span class="risk-legend">
                        <span class="risk-dot"></span>" current  "
                        <span class="risk-dot risk-dot-target"></span>" target  "
                        <span class="risk-above-mark">"▲"</span>" above appetite"
                    </span>
                </Show>
            </div>
            <ResourceView resource=map label="Loading the map…" retry=retry children={move |m| view! {
                        <HeatMap map=m risks=risks chosen=chosen />
                    }} />
        </section>
        {move || {
            let (l, i) = chosen.get()?;
            let cell = map.get().and_then(Result::ok)?.cells.into_iter().find(|c| c.likelihood == l && c.impact == i)?;
            Some(view! { <CellRisks cell=cell risks=risks kind=reading.get_untracked() /> })
        }}
    }
}

/// The grid: rows from the highest likelihood down, columns from the lowest impact across.
#[component]
fn HeatMap(
    map: RiskMap,
    risks: Signal<HashMap<Uuid, RiskSummary>>,
    chosen: RwSignal<Option<(u8, u8)>>,
) -> impl IntoView {
    let kind = map.reading;
    let cells: HashMap<(u8, u8), MapCell> = map
        .cells
        .into_iter()
        .map(|c| ((c.likelihood, c.impact), c))
        .collect();
    let cols = map.impact.len();
    let rows = map
        .likelihood
        .iter()
        .enumerate()
        .rev()
        .map(|(n, label)| {
            let l = (n + 1) as u8;
            let row: Vec<_> = (1..=cols as u8).filter_map(|i| cells.get(&(l, i)).cloned()).collect();
            view! {
                <tr>
                    <th scope="row" class="risk-map-axis">{format!("{l} · {label}")}</th>
                    {row.into_iter().map(|c| view! { <MapCellView cell=c kind=kind risks=risks chosen=chosen /> }).collect_view()}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="risk-map-grid" data-testid="risk-map-grid" data-reading=kind.key()>
                <caption class="visually-hidden">{format!("Risk map of the {} readings", kind.key())}</caption>
                <tbody>{rows}</tbody>
                <tfoot>
                    <tr>
                        <th class="risk-map-corner">"Likelihood ↑ / Impact →"</th>
                        {map.impact.iter().enumerate().map(|(n, label)| view! {
                            <th scope="col" class="risk-map-axis">{format!("{} · {label}", n + 1)}</th>
                        }).collect_view()}
                    </tr>
                </tfoot>
            </table>
        </div>
    }
}

/// One cell: its colour, its count, and on the current map the dots of current and target
/// readings that fall in it.
#[component]
fn MapCellView(
    cell: MapCell,
    kind: ReadingKind,
    risks: Signal<HashMap<Uuid, RiskSummary>>,
    chosen: RwSignal<Option<(u8, u8)>>,
) -> impl IntoView {
    let (l, i) = (cell.likelihood, cell.impact);
    let colour = cell.assessment.colour.to_string();
    let style = format!("background:{colour};color:{}", ink_on(&colour));
    let above = cell.assessment.above_appetite;
    let tip = format!(
        "Likelihood {l} × impact {i}: {} ({}) — {}",
        cell.assessment.level,
        cell.assessment.score,
        crate::format::count(cell.count, "risk", "risks")
    );
    let current_dots = cell.count;
    let target_dots = move || {
        risks.with(|all| {
            all.values()
                .filter(|r| {
                    r.target
                        .as_ref()
                        .is_some_and(|t| t.likelihood == l && t.impact == i)
                })
                .count()
        })
    };
    view! {
        <td class="risk-map-cell" class:above-appetite=above class:chosen=move || chosen.get() == Some((l, i)) style=style>
            <button type="button" class="risk-map-button" title=tip
                data-testid="risk-map-cell" data-l=l.to_string() data-i=i.to_string()
                data-count=cell.count.to_string() data-above=above.to_string()
                aria-pressed=move || (chosen.get() == Some((l, i))).to_string()
                on:click=move |_| chosen.set(Some((l, i)))>
                <span class="risk-map-count">{(cell.count > 0).then(|| cell.count.to_string())}</span>
                {above.then(|| view! { <span class="risk-above-mark" aria-label="Above appetite">"▲"</span> })}
                {(kind == ReadingKind::Current).then(|| view! {
                    <span class="risk-dots">
                        {(0..current_dots).map(|_| view! { <span class="risk-dot" data-testid="risk-dot-current"></span> }).collect_view()}
                        {move || (0..target_dots()).map(|_| view! { <span class="risk-dot risk-dot-target" data-testid="risk-dot-target"></span> }).collect_view()}
                    </span>
                })}
            </button>
        </td>
    }
}

/// The risks of the chosen cell, with links to their pages.
#[component]
fn CellRisks(
    cell: MapCell,
    risks: Signal<HashMap<Uuid, RiskSummary>>,
    kind: ReadingKind,
) -> impl IntoView {
    let heading = format!(
        "Likelihood {} × impact {}: {} ({})",
        cell.likelihood, cell.impact, cell.assessment.level, cell.assessment.score
    );
    let ids = cell.risk_ids.clone();
    view! {
        <section class="card" data-testid="risk-map-list" data-count=cell.count.to_string()>
            <h2>{heading}</h2>
            {move || {
                if ids.is_empty() {
                    return view! { <p class="muted">{format!("No risk has its {} reading here.", kind.key())}</p> }.into_any();
                }
                risks.with(|all| view! {
                    <ul class="risk-map-risks">
                        {ids.iter().map(|id| {
                            let summary = all.get(id);
                            let title = summary.map(|s| format!("#{} {}", s.number, s.title)).unwrap_or_else(|| id.to_string());
                            let reading = summary.and_then(|s| match kind {
                                ReadingKind::Original => s.original.clone(),
                                ReadingKind::Current => s.current.clone(),
                                ReadingKind::Target => s.target.clone(),
                            });
                            view! {
                                <li data-testid="risk-map-risk" data-id=id.to_string()>
                                    <A href=format!("/items/{id}")>{title}</A>
                                    " "
                                    <ReadingChip reading=reading kind=kind />
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any())
            }}
        </section>
    }
}
