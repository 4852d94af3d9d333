//! One control of the SoA table, edited in place by those who may: status and owner selects that
//! save at once, and Exclude (asking why) or Include.

use crate::api::Failure;
use crate::components::soa::{
    APPLICABLE_STATUSES, ApplicabilityChip, ImplementationChip, JustificationForm, short_label,
    status_colour,
};
use crate::components::work::{ProgressBar, day, ink_on};
use crate::pages::frameworks::soa::SoaState;
use crate::pages::frameworks::soa_table::tick;
use annex_client::domain::frameworks::ImplementationStatus;
use annex_client::domain::frameworks::soa::{SoaEntry, UpdateSoaEntry};
use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

/// One control: its cells, and the justification form below it while it is being excluded.
#[component]
pub fn SoaRow(entry: SoaEntry, state: SoaState, columns: usize) -> impl IntoView {
    let id = entry.item_id;
    let excluding = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let failure = RwSignal::new(None::<Failure>);
    let reference = entry.reference.clone();
    let current = StoredValue::new(entry.clone());

    // A quick change from a select or button; a refusal is a toast and the row shows what is stored.
    let quick = move |request: UpdateSoaEntry, saved: String| {
        pending.set(true);
        let e = current.get_value();
        state.update(&e, request, saved, move |result| {
            if pending.is_disposed() {
                return;
            }
            pending.set(false);
            if let Err(f) = result
                && !f.stale
            {
                state.toasts.error(f.message);
                state.refresh();
            }
        });
    };
    let exclude = Callback::new({
        let reference = reference.clone();
        move |justification: String| {
            pending.set(true);
            failure.set(None);
            let request = UpdateSoaEntry {
                applicable: Some(false),
                justification: Some(justification),
                ..UpdateSoaEntry::default()
            };
            let e = current.get_value();
            state.update(
                &e,
                request,
                format!("{reference} excluded."),
                move |result| {
                    if pending.is_disposed() {
                        return;
                    }
                    pending.set(false);
                    if let Err(f) = result
                        && !f.stale
                    {
                        failure.set(Some(f));
                    }
                },
            );
        }
    });

    let status_cell = if !entry.applicable || !state.may_edit {
        view! { <ImplementationChip status=entry.implementation_status /> }.into_any()
    } else {
        let colour = status_colour(entry.implementation_status);
        let style = format!("background:{colour};color:{}", ink_on(colour));
        let reference = reference.clone();
        view! {
            <select
                class="chip-select"
                style=style
                aria-label=format!("Status of {reference}")
                data-testid="soa-status-select"
                disabled=move || pending.get()
                on:change=move |ev| {
                    let Some(status) = ImplementationStatus::parse(&event_target_value(&ev)) else { return };
                    quick(
                        UpdateSoaEntry { implementation_status: Some(status), ..UpdateSoaEntry::default() },
                        format!("{reference}: {}.", status.label()),
                    );
                }
            >
                {APPLICABLE_STATUSES.into_iter().map(|s| view! {
                    <option value=s.key() selected=s == entry.implementation_status>{short_label(s)}</option>
                }).collect_view()}
            </select>
        }
        .into_any()
    };

    let owner_cell = if state.may_edit {
        let people: Vec<(Uuid, String)> = state
            .people
            .with_value(|p| p.assignable().map(|m| (m.id, p.name(m.id))).collect());
        let owner = entry.owner_id;
        let reference = reference.clone();
        view! {
            <select
                class="select select-sm"
                aria-label=format!("Owner of {reference}")
                data-testid="soa-owner-select"
                disabled=move || pending.get()
                on:change=move |ev| {
                    let chosen = event_target_value(&ev).parse::<Uuid>().ok();
                    let name = chosen.map(|c| state.people.with_value(|p| p.name(c))).unwrap_or_else(|| "nobody".to_owned());
                    quick(
                        UpdateSoaEntry { owner_id: Some(chosen), ..UpdateSoaEntry::default() },
                        format!("{reference} is now owned by {name}."),
                    );
                }
            >
                <option value="" selected=owner.is_none()>"Unassigned"</option>
                {owner.filter(|o| !people.iter().any(|(id, _)| id == o)).map(|o| view! {
                    <option value=o.to_string() selected=true>{entry.owner_name.clone().unwrap_or_else(|| "Former member".to_owned())}</option>
                })}
                {people.into_iter().map(|(pid, name)| view! {
                    <option value=pid.to_string() selected=Some(pid) == owner>{name}</option>
                }).collect_view()}
            </select>
        }
        .into_any()
    } else {
        match entry.owner_name.clone() {
            Some(name) => view! { <span>{name}</span> }.into_any(),
            None => view! { <span class="muted">"—"</span> }.into_any(),
        }
    };

    let applicable = entry.applicable;
    let toggle = state.may_edit.then(|| {
        if applicable {
            view! {
                <button class="link-button" type="button" data-testid="soa-exclude"
                    disabled=move || pending.get()
                    on:click=move |_| { failure.set(None); excluding.update(|x| *x = !*x) }>
                    "Exclude…"
                </button>
            }
            .into_any()
        } else {
            let reference = reference.clone();
            view! {
                <button class="link-button" type="button" data-testid="soa-include"
                    disabled=move || pending.get()
                    on:click=move |_| quick(
                        UpdateSoaEntry { applicable: Some(true), ..UpdateSoaEntry::default() },
                        format!("{reference} is applicable again."),
                    )>
                    "Include"
                </button>
            }
            .into_any()
        }
    });

    let evidence = entry.evidence();
    let no_evidence = applicable && evidence == 0;
    let href = format!("/items/{id}");
    let form_id = format!("soa-{}", entry.number);
    view! {
        <tr
            data-testid="soa-row"
            data-ref=entry.reference.clone()
            data-applicable=applicable.to_string()
            data-status=entry.implementation_status.key()
            class:row-inactive=!applicable
        >
            {state.may_edit.then(|| view! {
                <td class="col-check">
                    <input
                        type="checkbox"
                        aria-label=format!("Select {}", entry.reference)
                        data-testid="soa-select"
                        prop:checked=move || state.selected.with(|s| s.contains(&id))
                        on:change=move |ev| tick(state, &[id], event_target_checked(&ev))
                    />
                </td>
            })}
            <td class="soa-control">
                <span class="mono soa-ref">{entry.reference.clone()}</span>
                <A href=href attr:class="row-link" attr:data-testid="soa-control-link">
                    <span class="cell-main">{entry.title.clone()}</span>
                </A>
            </td>
            <td class="soa-applicability">
                <ApplicabilityChip applicable=applicable />
                {toggle}
                {(!applicable && !entry.justification.is_empty()).then(|| view! {
                    <div class="cell-sub clamp-2" title=entry.justification.clone() data-testid="soa-justification">{entry.justification.clone()}</div>
                })}
            </td>
            <td>{status_cell}</td>
            <td>{owner_cell}</td>
            <td><ProgressBar value=entry.progress /></td>
            <td class="soa-links">
                <span class="soa-count" class:soa-gap=no_evidence title=no_evidence.then_some("No policy linked and no document attached")>
                    <b data-testid="soa-evidence">{evidence}</b>
                    " evidence"
                </span>
                <span class="soa-count" class:zero={entry.risks == 0}>
                    <b data-testid="soa-risks">{entry.risks}</b>
                    {if entry.risks == 1 { " risk" } else { " risks" }}
                </span>
                <span class="soa-count" class:soa-warn={entry.open_actions > 0} class:zero={entry.open_actions == 0}>
                    <b data-testid="soa-open-actions">{entry.open_actions}</b>
                    {if entry.open_actions == 1 { " open action" } else { " open actions" }}
                </span>
            </td>
            <td class="nowrap muted">{entry.last_reviewed.as_ref().map(day).unwrap_or_else(|| "—".to_owned())}</td>
        </tr>
        <Show when=move || excluding.get()>
            <tr class="detail-row soa-exclude-row">
                <td colspan=columns.to_string()>
                    <JustificationForm
                        submit_label=format!("Exclude {reference}")
                        pending=pending
                        failure=failure
                        on_submit=exclude
                        on_cancel=Callback::new(move |()| excluding.set(false))
                        id=form_id.clone()
                    />
                </td>
            </tr>
        </Show>
    }
}
