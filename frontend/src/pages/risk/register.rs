//! The risk register at `/risks`: every live risk by number with its owner, status, original,
//! current and target levels, when it is next due for review and how many controls treat it;
//! filters for risks above appetite and overdue reviews, pages loaded on demand, a button that
//! adds a risk, and the register's export and readings import.

use crate::api::{self, Failure};
use crate::components::feedback::{EmptyState, ResourceView};
use crate::components::filter_chip::FilterChip;
use crate::components::icon::Glyph;
use crate::components::new_item::NewItemByTitle;
use crate::components::page_head::PageHead;
use crate::components::paging::{ListFoot, MorePages};
use crate::components::risk::{ReadingChip, RiskNav, RiskScreen};
use crate::components::toasts::use_toasts;
use crate::components::work::day;
use crate::pages::risk::register_transfer::{RegisterExport, RegisterImport};
use crate::session::use_session;
use annex_client::domain::risk::register::{ReadingKind, RiskFilter, RiskRegister, RiskSummary};
use annex_client::domain::{Action, Page};
use leptos::prelude::*;
use leptos_router::components::A;

/// The register's views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    All,
    AboveAppetite,
    OverdueReview,
}

impl View {
    const ALL: [View; 3] = [View::All, View::AboveAppetite, View::OverdueReview];

    fn key(self) -> &'static str {
        match self {
            View::All => "all",
            View::AboveAppetite => "above-appetite",
            View::OverdueReview => "overdue",
        }
    }

    fn label(self) -> &'static str {
        match self {
            View::All => "All risks",
            View::AboveAppetite => "Above appetite",
            View::OverdueReview => "Review overdue",
        }
    }

    /// The view's filter, from the page after `cursor` (the first page without one).
    fn filter(self, cursor: Option<String>) -> RiskFilter {
        RiskFilter {
            above_appetite: (self == View::AboveAppetite).then_some(true),
            overdue_review: (self == View::OverdueReview).then_some(true),
            cursor,
            ..RiskFilter::default()
        }
    }
}

/// A register page as the paging helpers take it.
fn as_page(register: RiskRegister) -> Page<RiskSummary> {
    Page {
        data: register.data,
        next_cursor: register.next_cursor,
        total: register.total,
    }
}

/// The register screen.
#[component]
pub fn RiskRegisterPage() -> impl IntoView {
    crate::format::set_title("Risk register");
    let session = use_session();
    let toasts = use_toasts();
    let view_of = RwSignal::new(View::All);
    let more = MorePages::<RiskSummary>::new();
    let register = LocalResource::new(move || {
        let filter = view_of.get().filter(None);
        async move {
            let first = api::call(session, async |c| c.risk_register(&filter).await)
                .await
                .map_err(Failure::from)?;
            more.restart(&Page {
                data: Vec::new(),
                next_cursor: first.next_cursor.clone(),
                total: first.total,
            });
            Ok::<RiskRegister, Failure>(first)
        }
    });
    let retry = Callback::new(move |()| register.refetch());
    let load_more = move |()| {
        let view = view_of.get_untracked();
        more.load(toasts, async move |params| {
            let filter = view.filter(params.cursor.clone());
            api::call(session, async |c| c.risk_register(&filter).await)
                .await
                .map(as_page)
        });
    };
    let space_id = Memo::new(move |_| register.get().and_then(Result::ok).map(|r| r.space_id));
    let may_add = session.can_untracked(Action::Write);
    let adding = RwSignal::new(false);
    // The import records readings on any risk, which the server allows owners, admins and editors.
    let may_import = session.can_untracked(Action::EditAnyItem);
    let importing = RwSignal::new(false);
    view! {
        <PageHead title="Risk register" intro="Every risk with its original, current and target level, its owner and when it is next reviewed." testid="risk-register-title" title_class="page-title">
            <div class="page-actions">
                {move || space_id.get().map(|id| view! {
                    <A href=format!("/spaces/{id}") attr:class="btn" attr:data-testid="risk-register-tracker">"Tracker"</A>
                })}
                <RegisterExport />
                {may_import.then(|| view! {
                    <button class="btn" type="button" data-testid="risk-open-import" on:click=move |_| importing.update(|i| *i = !*i)>
                        "Import readings"
                    </button>
                })}
                {may_add.then(|| view! {
                    <button class="btn btn-primary" type="button" data-testid="risk-new" on:click=move |_| adding.set(true)>
                        "New risk"
                    </button>
                })}
            </div>
        </PageHead>
        <RiskNav current=RiskScreen::Register />
        <Show when=move || importing.get()>
            <RegisterImport on_close=Callback::new(move |()| importing.set(false)) on_done=retry />
        </Show>
        <Show when=move || adding.get()>
            {move || space_id.get().map(|id| view! { <NewItemByTitle space_id=id testid="risk-new" placeholder="e.g. Ransomware encrypts the file server" add="Add risk" created="."
                on_cancel=Callback::new(move |()| adding.set(false)) /> })}
        </Show>
        <section class="card card-flush" data-testid="risk-register">
            <div class="toolbar">
                <div class="soa-views" role="group" aria-label="View">
                    {View::ALL.into_iter().map(|v| view! {
                        <FilterChip active=Signal::derive(move || view_of.get() == v) testid=format!("risk-view-{}", v.key())
                            label=v.label() on_select=Callback::new(move |()| view_of.set(v)) />
                    }).collect_view()}
                </div>
            </div>
            <ResourceView resource=register label="Loading the register…" retry=retry children={move |first: RiskRegister| {
                        if first.data.is_empty() {
                            return view! { <EmptyState glyph=Glyph::Search title="No risks here" text="No risk falls in this view. Add one, or try another filter." /> }.into_any();
                        }
                        let (count, total) = (first.data.len(), first.total);
                        let rows = Signal::derive(move || more.all(&first.data));
                        view! {
                            <RegisterTable risks=rows />
                            <ListFoot more=more first=count total=total testid="risk" on_more=Callback::new(load_more) />
                        }
                        .into_any()
                    }} />
        </section>
    }
}

/// The table of risks, by number.
#[component]
fn RegisterTable(#[prop(into)] risks: Signal<Vec<RiskSummary>>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table risk-table" data-testid="risk-table">
                <thead>
                    <tr>
                        <th>"#"</th>
                        <th>"Risk"</th>
                        <th>"Owner"</th>
                        <th>"Status"</th>
                        <th>"Original"</th>
                        <th>"Current"</th>
                        <th>"Target"</th>
                        <th>"Review due"</th>
                        <th class="num">"Controls"</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || risks.get() key=|r| r.item_id let:risk>
                        <RegisterRow risk=risk />
                    </For>
                </tbody>
            </table>
        </div>
    }
}

/// One risk's row.
#[component]
fn RegisterRow(risk: RiskSummary) -> impl IntoView {
    let id = risk.item_id.to_string();
    let review = risk
        .review_due
        .as_ref()
        .map(day)
        .unwrap_or_else(|| "—".to_owned());
    view! {
        <tr data-testid="risk-row" data-id=id.clone() data-above=risk.above_appetite.to_string() class:resolved=risk.resolved>
            <td class="mono">{risk.number}</td>
            <td><A href=format!("/items/{id}") attr:data-testid="risk-row-title">{risk.title.clone()}</A></td>
            <td>{risk.owner_name.clone().unwrap_or_else(|| "Unassigned".to_owned())}</td>
            <td>{risk.status.clone().unwrap_or_else(|| "—".to_owned())}</td>
            <td><ReadingChip reading=risk.original.clone() kind=ReadingKind::Original /></td>
            <td>
                <ReadingChip reading=risk.current.clone() kind=ReadingKind::Current />
                {risk.above_appetite.then(|| view! { <span class="badge badge-warning risk-above" title="Above the risk appetite">"▲"</span> })}
            </td>
            <td><ReadingChip reading=risk.target.clone() kind=ReadingKind::Target /></td>
            <td class:overdue=risk.review_overdue data-testid="risk-review" data-overdue=risk.review_overdue.to_string()>{review}</td>
            <td class="num" data-testid="risk-controls">{risk.controls}</td>
        </tr>
    }
}
