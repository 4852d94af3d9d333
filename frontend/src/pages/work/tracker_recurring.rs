//! A tracker's recurring items, listed in its settings: each item that repeats, its rule in words,
//! when it is due and when the next one will be, so nobody has to open every item to find them.

use crate::api::{self, Failure};
use crate::components::feedback::ResourceView;
use crate::components::work::day;
use crate::session::use_session;
use annex_client::domain::work::recurrence::RecurringItem;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

/// A date in a column, or a dash when there is none.
fn day_or_dash(d: Option<NaiveDate>) -> String {
    d.map(|d| day(&d)).unwrap_or_else(|| "—".to_owned())
}

/// The "Recurring items" section of the tracker `space`'s settings.
#[component]
pub fn RecurringItems(space: Uuid) -> impl IntoView {
    let session = use_session();
    let list = LocalResource::new(move || async move {
        api::call(session, async |c| c.recurring_items(space).await)
            .await
            .map_err(Failure::from)
    });
    let reload = Callback::new(move |()| list.refetch());
    view! {
        // Set apart from the settings' Save row above it, which belongs to the cards before.
        <section class="card" style="margin-top: var(--s-6)" data-testid="recurring-items">
            <div class="card-head">
                <h2>"Recurring items"</h2>
            </div>
            <p class="small muted">"Completing one of these creates the next, due on the rule's next date. An item's own page sets or stops its rule."</p>
            <ResourceView resource=list label="Loading the recurring items…" retry=reload children={move |items: Vec<RecurringItem>| {
                if items.is_empty() {
                    return view! { <p class="section-empty muted" data-testid="recurring-empty">"No item of this tracker repeats."</p> }.into_any();
                }
                view! {
                    <div class="table-wrap">
                        <table class="table">
                            <thead>
                                <tr>
                                    <th>"Item"</th>
                                    <th>"Repeats"</th>
                                    <th>"Due"</th>
                                    <th>"Next due"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {items.into_iter().map(|r| view! {
                                    <tr data-testid="recurring-item" data-id=r.item_id.to_string()>
                                        <td><A href=format!("/items/{}", r.item_id) attr:data-testid="recurring-item-link">{r.label}</A></td>
                                        <td data-testid="recurring-item-rule">{r.description}</td>
                                        <td data-testid="recurring-item-due">{day_or_dash(r.due)}</td>
                                        <td data-testid="recurring-item-next">{day_or_dash(r.next_due)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                .into_any()
            }} />
        </section>
    }
}
