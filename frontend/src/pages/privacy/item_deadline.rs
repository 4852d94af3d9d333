//! The statutory deadline banner of a data subject request or personal data breach: "Response due
//! 12 Jan 2027 (Art. 12(3)) — 5 days left", reloaded whenever the item changes so setting
//! "Extended" or "Responded on" shows its effect at once.

use crate::api;
use crate::pages::work::item::ItemScope;
use crate::session::use_session;
use annex_client::domain::privacy::{self as rules, DeadlineState};
use annex_client::domain::work::items::Item;
use leptos::prelude::*;
use leptos_router::components::A;

/// The alert style of a state: red past the deadline, amber near it or late, green when done.
fn tone(state: DeadlineState) -> &'static str {
    match state {
        DeadlineState::Overdue => "alert alert-error",
        DeadlineState::DueSoon
        | DeadlineState::ToNotify
        | DeadlineState::AnsweredLate
        | DeadlineState::NotifiedLate => "alert alert-warning",
        DeadlineState::AnsweredOnTime
        | DeadlineState::NotifiedOnTime
        | DeadlineState::NotNotifiable => "alert alert-success",
        DeadlineState::Open | DeadlineState::NoReceiptDate | DeadlineState::NoAwarenessDate => {
            "alert alert-info"
        }
    }
}

/// The banner; nothing on items of other trackers.
#[component]
pub fn DeadlineBanner(scope: ItemScope, item: RwSignal<Item>) -> impl IntoView {
    let session = use_session();
    let register = scope
        .space
        .with_value(|s| rules::register_by_fields(&s.fields));
    let deadline = LocalResource::new(move || {
        // Tracks the version, so every saved change asks again.
        let (id, _) = item.with(|i| (i.id, i.version));
        async move {
            register?;
            // Not a register's item (404), or unreachable: the page shows without the banner,
            // which only adds to what the fields already say.
            api::call(session, async |c| c.item_deadline(id).await)
                .await
                .ok()
        }
    });
    move || {
        deadline.get().flatten().and_then(|d| {
            let state = d.state()?;
            let note = d.breach.as_ref().and_then(|b| b.aware_time_note.clone());
            Some(view! {
                <div class=tone(state) role="status" data-testid="item-deadline" data-state=state.key() style="margin-bottom: var(--s-4)">
                    <div>
                        <strong data-testid="item-deadline-text">{d.summary()}</strong>
                        {note.map(|n| view! { <div class="small" data-testid="item-deadline-note">{n}</div> })}
                        <div class="small"><A href="/privacy/deadlines">"All GDPR deadlines"</A></div>
                    </div>
                </div>
            })
        })
    }
}
