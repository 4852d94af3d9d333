//! A tracker's board: one column per status; dragging a card to another column (or choosing a
//! status on the card, for keyboards and touch screens) changes the item's status.

use crate::api::{self, Failure};
use crate::components::toasts::use_toasts;
use crate::components::work::ink_on;
use crate::pages::work::tracker::TrackerState;
use crate::pages::work::tracker_list::ItemCard;
use crate::session::use_session;
use crate::submission::Submission;
use annex_client::domain::work::items::{Item, UpdateItem};
use leptos::prelude::*;
use uuid::Uuid;

/// The board.
#[component]
pub fn TrackerBoard(state: TrackerState, rows: Signal<Vec<Item>>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let dragging = RwSignal::new(None::<Uuid>);
    let over = RwSignal::new(None::<Uuid>);
    let busy = Submission::new();
    let space = state.space.get_value();

    // Moves `item` to `status`, provided nobody changed it meanwhile.
    let set_status = move |item_id: Uuid, status: Uuid| {
        let Some(item) = rows.with_untracked(|r| r.iter().find(|i| i.id == item_id).cloned())
        else {
            return;
        };
        if item.status_id == Some(status) {
            return;
        }
        let name = state.space.with_value(|s| {
            s.statuses
                .iter()
                .find(|st| st.id == status)
                .map(|st| st.name.clone())
                .unwrap_or_default()
        });
        let request = UpdateItem {
            status_id: Some(status),
            ..UpdateItem::default()
        };
        busy.run(
            async move {
                api::call(session, async |c| {
                    c.update_item(item.id, item.version, &request).await
                })
                .await
            },
            move |result| {
                match result.map_err(Failure::from) {
                    Ok(moved) => toasts.info(format!("{} moved to {name}.", moved.label)),
                    Err(f) if f.stale => toasts.warn(api::STALE),
                    Err(f) => toasts.error(f.message),
                }
                // Either way the board shows what the server holds now.
                state.refresh();
            },
        );
    };

    let columns = space
        .statuses
        .iter()
        .map(|status| {
            let status_id = status.id;
            let name = status.name.clone();
            let colour = status.colour.to_string();
            let in_column = move || {
                rows.with(|r| r.iter().filter(|i| i.status_id == Some(status_id)).cloned().collect::<Vec<_>>())
            };
            let count = move || rows.with(|r| r.iter().filter(|i| i.status_id == Some(status_id)).count());
            let head_style = format!("background:{colour};color:{}", ink_on(&colour));
            view! {
                <section
                    class="board-column"
                    class:drop-target=move || over.get() == Some(status_id)
                    data-testid="board-column"
                    data-status=name.clone()
                    on:dragover=move |ev: web_sys::DragEvent| {
                        ev.prevent_default();
                        if let Some(dt) = ev.data_transfer() {
                            dt.set_drop_effect("move");
                        }
                        over.set(Some(status_id));
                    }
                    on:dragleave=move |_| {
                        if over.get_untracked() == Some(status_id) {
                            over.set(None);
                        }
                    }
                    on:drop=move |ev: web_sys::DragEvent| {
                        ev.prevent_default();
                        over.set(None);
                        let dropped = ev
                            .data_transfer()
                            .and_then(|dt| dt.get_data("text/plain").ok())
                            .and_then(|text| text.parse::<Uuid>().ok())
                            .or_else(|| dragging.get_untracked());
                        dragging.set(None);
                        if let Some(item) = dropped {
                            set_status(item, status_id);
                        }
                    }
                >
                    <header class="board-head">
                        <span class="chip" style=head_style.clone()>{name.clone()}</span>
                        <span class="muted small" data-testid="board-count">{count}</span>
                    </header>
                    <ul class="board-cards">
                        <For
                            each=in_column
                            key=|i| (i.id, i.version)
                            children=move |item| {
                                let id = item.id;
                                view! {
                                    <li
                                        class="board-card"
                                        class:dragging=move || dragging.get() == Some(id)
                                        draggable="true"
                                        data-testid="board-card"
                                        data-label=item.label.clone()
                                        on:dragstart=move |ev: web_sys::DragEvent| {
                                            if let Some(dt) = ev.data_transfer() {
                                                let _ = dt.set_data("text/plain", &id.to_string());
                                                dt.set_effect_allowed("move");
                                            }
                                            dragging.set(Some(id));
                                        }
                                        on:dragend=move |_| {
                                            dragging.set(None);
                                            over.set(None);
                                        }
                                    >
                                        <ItemCard item=item.clone() state=state />
                                        {state.may_write.then(|| {
                                            let statuses = state.space.with_value(|s| s.statuses.clone());
                                            let current = item.status_id;
                                            view! {
                                                <select
                                                    class="select select-sm board-move"
                                                    aria-label="Move to status"
                                                    data-testid="board-move"
                                                    disabled=move || busy.running()
                                                    on:change=move |ev| {
                                                        if let Ok(to) = event_target_value(&ev).parse::<Uuid>() {
                                                            set_status(id, to);
                                                        }
                                                    }
                                                >
                                                    {statuses.into_iter().map(|s| view! {
                                                        <option value=s.id.to_string() selected=current == Some(s.id)>{s.name}</option>
                                                    }).collect_view()}
                                                </select>
                                            }
                                        })}
                                    </li>
                                }
                            }
                        />
                    </ul>
                </section>
            }
        })
        .collect_view();

    view! {
        <div class="board" data-testid="tracker-board" aria-busy=move || busy.running().to_string()>
            {columns}
        </div>
    }
}
