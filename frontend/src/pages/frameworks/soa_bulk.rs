//! The bulk bar of the SoA: the same change to every ticked control, all or nothing — applicable,
//! excluded with one justification, a status, or an owner.

use crate::api::{self, Failure};
use crate::components::soa::{APPLICABLE_STATUSES, JustificationForm};
use crate::pages::frameworks::soa::SoaState;
use annex_client::domain::frameworks::ImplementationStatus;
use annex_client::domain::frameworks::soa::BulkUpdateSoa;
use leptos::prelude::*;
use uuid::Uuid;

/// The bar shown while controls are ticked.
#[component]
pub fn BulkBar(state: SoaState) -> impl IntoView {
    let pending = RwSignal::new(false);
    let excluding = RwSignal::new(false);
    let failure = RwSignal::new(None::<Failure>);
    let count = move || state.selected.with(|s| s.len());

    // Sends `request` for the ticked controls; `what` says what it did ("excluded").
    let send = move |mut request: BulkUpdateSoa, what: String| {
        request.item_ids = state.selected.get_untracked().into_iter().collect();
        pending.set(true);
        failure.set(None);
        leptos::task::spawn_local(async move {
            let result = api::call(state.session, async |c| c.bulk_update_soa(&request).await)
                .await
                .map_err(Failure::from);
            if pending.is_disposed() {
                return;
            }
            pending.set(false);
            match result {
                Ok(done) => {
                    state.toasts.info(format!(
                        "{} {what}.",
                        crate::format::count(done.updated as i64, "control", "controls")
                    ));
                    excluding.set(false);
                    state.selected.set(Default::default());
                    state.refresh();
                }
                Err(f) => failure.set(Some(f)),
            }
        });
    };
    let exclude = Callback::new(move |justification: String| {
        send(
            BulkUpdateSoa {
                applicable: Some(false),
                justification: Some(justification),
                ..BulkUpdateSoa::default()
            },
            "excluded".to_owned(),
        );
    });
    let people: Vec<(Uuid, String)> = state
        .people
        .with_value(|p| p.assignable().map(|m| (m.id, p.name(m.id))).collect());

    view! {
        <div class="bulk-bar" data-testid="soa-bulk" role="region" aria-label="Change the selected controls">
            <div class="bulk-actions">
                <span class="bulk-count" data-testid="soa-bulk-count">
                    {move || format!("{} selected", count())}
                </span>
                <button class="btn btn-sm" type="button" data-testid="bulk-applicable" disabled=move || pending.get()
                    on:click=move |_| send(BulkUpdateSoa { applicable: Some(true), ..BulkUpdateSoa::default() }, "set applicable".to_owned())>
                    "Set applicable"
                </button>
                <button class="btn btn-sm" type="button" data-testid="bulk-exclude" disabled=move || pending.get()
                    on:click=move |_| { failure.set(None); excluding.update(|x| *x = !*x) }>
                    "Exclude…"
                </button>
                <select class="select select-sm" aria-label="Set the status of the selected controls" data-testid="bulk-status"
                    disabled=move || pending.get()
                    prop:value=""
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        let Some(status) = ImplementationStatus::parse(&value) else { return };
                        send(
                            BulkUpdateSoa { implementation_status: Some(status), ..BulkUpdateSoa::default() },
                            format!("set to {}", status.label()),
                        );
                    }>
                    <option value="">"Set status…"</option>
                    {APPLICABLE_STATUSES.into_iter().map(|s| view! { <option value=s.key()>{s.label()}</option> }).collect_view()}
                </select>
                <select class="select select-sm" aria-label="Set the owner of the selected controls" data-testid="bulk-owner"
                    disabled=move || pending.get()
                    prop:value=""
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        if value.is_empty() {
                            return;
                        }
                        let owner = value.parse::<Uuid>().ok();
                        let name = owner.map(|o| state.people.with_value(|p| p.name(o))).unwrap_or_else(|| "nobody".to_owned());
                        send(
                            BulkUpdateSoa { owner_id: Some(owner), ..BulkUpdateSoa::default() },
                            format!("now owned by {name}"),
                        );
                    }>
                    <option value="">"Set owner…"</option>
                    <option value="none">"Unassigned"</option>
                    {people.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                </select>
                <button class="btn btn-sm btn-ghost" type="button" data-testid="bulk-clear" on:click=move |_| state.selected.set(Default::default())>
                    "Clear selection"
                </button>
            </div>
            <Show when=move || excluding.get()>
                <JustificationForm
                    submit_label=format!("Exclude {}", crate::format::count(count() as i64, "control", "controls"))
                    pending=pending
                    failure=failure
                    on_submit=exclude
                    on_cancel=Callback::new(move |()| excluding.set(false))
                    id="bulk"
                />
            </Show>
            {move || failure.get().filter(|_| !excluding.get()).map(|f| view! {
                <div class="alert alert-error" role="alert" data-testid="soa-bulk-error">{f.message}</div>
            })}
        </div>
    }
}
