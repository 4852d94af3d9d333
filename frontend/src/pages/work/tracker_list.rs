//! A tracker's list view: one compact card per item with its status, assignee, due date and
//! select values.

use crate::components::work::{FieldValue, StatusChip, day};
use crate::pages::work::tracker::TrackerState;
use annex_client::domain::work::items::Item;
use leptos::prelude::*;
use leptos_router::components::A;

/// The items as compact cards.
#[component]
pub fn TrackerList(state: TrackerState, rows: Signal<Vec<Item>>) -> impl IntoView {
    view! {
        <ul class="item-cards" data-testid="tracker-list">
            <For
                each=move || rows.get()
                key=|i| (i.id, i.version)
                children=move |item| view! { <li><ItemCard item=item state=state /></li> }
            />
        </ul>
    }
}

/// One item as a card, also used on the board.
#[component]
pub fn ItemCard(item: Item, state: TrackerState) -> impl IntoView {
    let space = state.space.get_value();
    let people = state.people.get_value();
    let href = format!("/items/{}", item.id);
    let assignee = item.assignee_id.map(|a| people.name(a));
    let due = item.due.as_ref().map(day);
    // Select values make the card's category line.
    let categories = space
        .fields
        .iter()
        .filter(|f| f.kind.has_options())
        .filter_map(|f| item.fields.get(&f.id).cloned().map(|v| (f.clone(), v)))
        .map(|(field, value)| view! { <FieldValue field=field value=Some(value) people=people.clone() /> })
        .collect_view();
    let data_label = item.label.clone();
    view! {
        <div class="item-card" data-testid="item-card" data-label=data_label>
            <A href=href attr:class="item-card-title">{item.label.clone()}</A>
            <div class="item-card-meta">
                <StatusChip space=space.clone() status_id=item.status_id />
                {categories}
            </div>
            <div class="item-card-foot small muted">
                <span>{assignee.unwrap_or_else(|| "Unassigned".to_owned())}</span>
                {due.map(|d| view! { <span>{format!("Due {d}")}</span> })}
            </div>
        </div>
    }
}
