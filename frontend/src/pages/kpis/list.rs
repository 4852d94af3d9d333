//! The KPI list at `/kpis` (white paper figure 19): every KPI by number with its owner,
//! frequency, latest value, status chip, when the next reading is due and whether it is overdue;
//! filters by status and for overdue readings, and a button that adds a KPI.

use crate::api::{self, Failure};
use crate::components::feedback::{EmptyState, ResourceView};
use crate::components::filter_chip::FilterChip;
use crate::components::icon::Glyph;
use crate::components::new_item::NewItemByTitle;
use crate::components::page_head::PageHead;
use crate::components::paging::{ListFoot, MorePages};
use crate::components::toasts::use_toasts;
use crate::components::work::day;
use crate::pages::kpis::parts::{KpiStatusChip, with_unit};
use crate::session::use_session;
use annex_client::domain::kpis::{KpiFilter, KpiList, KpiStatus, KpiSummary};
use annex_client::domain::{Action, Page};
use leptos::prelude::*;
use leptos_router::components::A;

/// The list's views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    All,
    Status(KpiStatus),
    Overdue,
}

impl View {
    const ALL: [View; 6] = [
        View::All,
        View::Status(KpiStatus::Red),
        View::Status(KpiStatus::Amber),
        View::Status(KpiStatus::Green),
        View::Status(KpiStatus::Exceptional),
        View::Overdue,
    ];

    fn key(self) -> &'static str {
        match self {
            View::All => "all",
            View::Status(s) => s.key(),
            View::Overdue => "overdue",
        }
    }

    fn label(self) -> &'static str {
        match self {
            View::All => "All KPIs",
            View::Status(s) => s.label(),
            View::Overdue => "Overdue",
        }
    }

    /// The view's filter, from the page after `cursor` (the first page without one).
    fn filter(self, cursor: Option<String>) -> KpiFilter {
        KpiFilter {
            status: match self {
                View::Status(s) => Some(s),
                _ => None,
            },
            overdue: (self == View::Overdue).then_some(true),
            cursor,
            ..KpiFilter::default()
        }
    }
}

fn as_page(list: KpiList) -> Page<KpiSummary> {
    Page {
        data: list.data,
        next_cursor: list.next_cursor,
        total: list.total,
    }
}

/// The KPI list screen.
#[component]
pub fn KpisPage() -> impl IntoView {
    crate::format::set_title("KPIs");
    let session = use_session();
    let toasts = use_toasts();
    let view_of = RwSignal::new(View::All);
    let more = MorePages::<KpiSummary>::new();
    let list = LocalResource::new(move || {
        let filter = view_of.get().filter(None);
        async move {
            let first = api::call(session, async |c| c.kpis(&filter).await)
                .await
                .map_err(Failure::from)?;
            more.restart(&Page {
                data: Vec::new(),
                next_cursor: first.next_cursor.clone(),
                total: first.total,
            });
            Ok::<KpiList, Failure>(first)
        }
    });
    let retry = Callback::new(move |()| list.refetch());
    let load_more = move |()| {
        let view = view_of.get_untracked();
        more.load(toasts, async move |params| {
            let filter = view.filter(params.cursor.clone());
            api::call(session, async |c| c.kpis(&filter).await)
                .await
                .map(as_page)
        });
    };
    let space_id = Memo::new(move |_| list.get().and_then(Result::ok).map(|l| l.space_id));
    let may_add = session.can_untracked(Action::EditAnyItem);
    let adding = RwSignal::new(false);
    view! {
        <PageHead title="Key performance indicators" intro="How the ISMS is performing (clause 9.1): each KPI's latest value and status, and when the next reading is due." testid="kpis-title" title_class="page-title">
            <div class="page-actions">
                {move || space_id.get().map(|id| view! {
                    <A href=format!("/spaces/{id}") attr:class="btn" attr:data-testid="kpis-tracker">"Tracker"</A>
                })}
                {may_add.then(|| view! {
                    <button class="btn btn-primary" type="button" data-testid="kpi-new" on:click=move |_| adding.set(true)>
                        "New KPI"
                    </button>
                })}
            </div>
        </PageHead>
        <Show when=move || adding.get()>
            {move || space_id.get().map(|id| view! { <NewItemByTitle space_id=id testid="kpi-new" placeholder="e.g. Staff who completed security awareness training" add="Add KPI" created=": now define it."
                on_cancel=Callback::new(move |()| adding.set(false)) /> })}
        </Show>
        <section class="card card-flush" data-testid="kpi-list">
            <div class="toolbar">
                <div class="soa-views" role="group" aria-label="View">
                    {View::ALL.into_iter().map(|v| view! {
                        <FilterChip active=Signal::derive(move || view_of.get() == v) testid=format!("kpi-view-{}", v.key())
                            label=v.label() on_select=Callback::new(move |()| view_of.set(v)) />
                    }).collect_view()}
                </div>
            </div>
            <ResourceView resource=list label="Loading the KPIs…" retry=retry children={move |first: KpiList| {
                        if first.data.is_empty() {
                            return view! { <EmptyState glyph=Glyph::Search title="No KPIs here" text="No KPI falls in this view. Add one, or try another filter." /> }.into_any();
                        }
                        let (count, total) = (first.data.len(), first.total);
                        let rows = Signal::derive(move || more.all(&first.data));
                        view! {
                            <KpiTable kpis=rows />
                            <ListFoot more=more first=count total=total testid="kpi" on_more=Callback::new(load_more) />
                        }
                        .into_any()
                    }} />
        </section>
    }
}

/// The table of KPIs, by number.
#[component]
fn KpiTable(#[prop(into)] kpis: Signal<Vec<KpiSummary>>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table kpi-table" data-testid="kpi-table">
                <thead>
                    <tr>
                        <th>"#"</th>
                        <th>"KPI"</th>
                        <th>"Owner"</th>
                        <th>"Frequency"</th>
                        <th class="num">"Latest"</th>
                        <th>"Status"</th>
                        <th>"Next due"</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || kpis.get() key=|k| (k.item_id, k.latest.as_ref().map(|r| r.id), k.definition.version) let:kpi>
                        <KpiRow kpi=kpi />
                    </For>
                </tbody>
            </table>
        </div>
    }
}

/// One KPI's row.
#[component]
fn KpiRow(kpi: KpiSummary) -> impl IntoView {
    let id = kpi.item_id.to_string();
    let def = &kpi.definition;
    let latest = kpi.latest.as_ref().map(|r| {
        (
            with_unit(r.value, &def.unit),
            def.frequency.period_label(r.period),
        )
    });
    let due = kpi
        .next_due
        .as_ref()
        .map(day)
        .unwrap_or_else(|| "—".to_owned());
    let frequency = if def.is_defined() {
        def.frequency.label().to_owned()
    } else {
        "Not defined".to_owned()
    };
    view! {
        <tr data-testid="kpi-row" data-id=id.clone() data-status=kpi.status.key() data-overdue=kpi.overdue.to_string() class:resolved=kpi.resolved>
            <td class="mono">{kpi.number}</td>
            <td>
                <A href=format!("/items/{id}") attr:data-testid="kpi-row-title">{kpi.title.clone()}</A>
                {def.source.map(|s| view! { <div class="cell-sub" data-testid="kpi-row-source">{format!("Measured by Annex: {}", s.label())}</div> })}
            </td>
            <td>{kpi.owner_name.clone().unwrap_or_else(|| "Unassigned".to_owned())}</td>
            <td data-testid="kpi-row-frequency">{frequency}</td>
            <td class="num" data-testid="kpi-row-latest">
                {match latest {
                    Some((value, period)) => view! { <span>{value}</span><div class="cell-sub">{period}</div> }.into_any(),
                    None => view! { <span class="muted">"—"</span> }.into_any(),
                }}
            </td>
            <td><KpiStatusChip status=kpi.status /></td>
            <td class:overdue=kpi.overdue data-testid="kpi-row-due">
                {due}
                {kpi.overdue.then(|| view! { " " <span class="badge badge-danger" data-testid="kpi-overdue">"Overdue"</span> })}
            </td>
        </tr>
    }
}
