//! The SoA form of a control's page: applicability (excluding asks why), the reasons for
//! including it, status, owner, progress and last review; one Save sends only what changed.

use crate::api::Failure;
use crate::components::feedback::{Field, FieldError};
use crate::components::soa::{APPLICABLE_STATUSES, JUSTIFICATION_NEEDED};
use crate::components::toasts::use_toasts;
use crate::components::work::format_number;
use crate::pages::frameworks::item_soa::SaveEntry;
use crate::pages::work::item::ItemScope;
use annex_client::domain::frameworks::soa::{SoaEntry, UpdateSoaEntry};
use annex_client::domain::frameworks::{ImplementationStatus, Reason};
use chrono::NaiveDate;
use leptos::prelude::*;
use std::collections::BTreeMap;
use uuid::Uuid;

/// Today in the browser, for "Reviewed today".
fn today() -> NaiveDate {
    crate::format::now().date_naive()
}

/// The editing form; one Save sends only what changed, with `If-Match`.
#[component]
pub fn EntryForm(scope: ItemScope, entry: SoaEntry, save: SaveEntry) -> impl IntoView {
    let toasts = use_toasts();
    let before = StoredValue::new(entry.clone());
    let applicable = RwSignal::new(entry.applicable);
    let justification = RwSignal::new(entry.justification.clone());
    let reasons = RwSignal::new(entry.reasons.clone());
    let status = RwSignal::new(entry.implementation_status);
    let owner = RwSignal::new(entry.owner_id.map(|o| o.to_string()).unwrap_or_default());
    let progress = RwSignal::new(format_number(entry.progress));
    let reviewed = RwSignal::new(
        entry
            .last_reviewed
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
    );
    let failure = RwSignal::new(None::<Failure>);
    let pending = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let before = before.get_value();
        let now_applicable = applicable.get_untracked();
        let why = justification.get_untracked().trim().to_owned();
        let mut wrong = BTreeMap::new();
        if !now_applicable && why.is_empty() {
            wrong.insert(
                "justification".to_owned(),
                vec![JUSTIFICATION_NEEDED.to_owned()],
            );
        }
        let progress_value = match progress.get_untracked().trim() {
            "" => Some(0.0),
            text => text
                .parse::<f64>()
                .ok()
                .filter(|p| (0.0..=100.0).contains(p)),
        };
        if progress_value.is_none() {
            wrong.insert("progress".to_owned(), vec!["must be 0 to 100".to_owned()]);
        }
        if !wrong.is_empty() {
            failure.set(Some(Failure {
                message: "Some fields need attention.".to_owned(),
                fields: wrong,
                stale: false,
            }));
            return;
        }
        let progress_value = progress_value.unwrap_or(before.progress);
        let owner_id = owner.get_untracked().parse::<Uuid>().ok();
        let last_reviewed =
            NaiveDate::parse_from_str(reviewed.get_untracked().trim(), "%Y-%m-%d").ok();
        let mut chosen_reasons = reasons.get_untracked();
        chosen_reasons.sort();
        let mut old_reasons = before.reasons.clone();
        old_reasons.sort();
        // An excluded control is not applicable; the server sets that itself.
        let chosen_status = status.get_untracked();
        let request = UpdateSoaEntry {
            applicable: (now_applicable != before.applicable).then_some(now_applicable),
            justification: (why != before.justification).then_some(why),
            reasons: (chosen_reasons != old_reasons).then_some(chosen_reasons),
            implementation_status: (now_applicable
                && chosen_status != before.implementation_status)
                .then_some(chosen_status),
            owner_id: (owner_id != before.owner_id).then_some(owner_id),
            progress: (progress_value != before.progress).then_some(progress_value),
            last_reviewed: (last_reviewed != before.last_reviewed).then_some(last_reviewed),
            implementation_text: None,
        };
        let nothing = request.applicable.is_none()
            && request.justification.is_none()
            && request.reasons.is_none()
            && request.implementation_status.is_none()
            && request.owner_id.is_none()
            && request.progress.is_none()
            && request.last_reviewed.is_none();
        if nothing {
            toasts.info("Nothing changed.");
            return;
        }
        pending.set(true);
        failure.set(None);
        save.run((
            request,
            Callback::new(move |result: Result<(), Failure>| {
                // A successful save rebuilds this form; only failures land here on a live form.
                if pending.is_disposed() {
                    if result.is_ok() {
                        toasts.info("Saved.");
                    }
                    return;
                }
                pending.set(false);
                match result {
                    Ok(()) => toasts.info("Saved."),
                    Err(f) if f.stale => {}
                    Err(f) => failure.set(Some(f)),
                }
            }),
        ));
    };

    let people: Vec<(Uuid, String)> = scope.people.with_value(|p| {
        p.assignable()
            .map(|m| (m.id, m.display_name.clone()))
            .collect()
    });
    let initial_owner = entry.owner_id;
    let toggle_reason = move |reason: Reason, on: bool| {
        reasons.update(|r| {
            r.retain(|x| *x != reason);
            if on {
                r.push(reason);
            }
        })
    };
    let linked_risks = entry.risks > 0;
    view! {
        <form class="form soa-form" on:submit=submit data-testid="soa-form" novalidate>
            <div class="field">
                <span class="label" id="soa-applicability-label">"Applicability"</span>
                <div class="choice-group" role="radiogroup" aria-labelledby="soa-applicability-label">
                    <label class="choice">
                        <input type="radio" name="soa-applicable" value="yes" data-testid="soa-applicable-yes"
                            prop:checked=move || applicable.get() on:change=move |_| applicable.set(true) />
                        "Applicable"
                    </label>
                    <label class="choice">
                        <input type="radio" name="soa-applicable" value="no" data-testid="soa-applicable-no"
                            prop:checked=move || !applicable.get() on:change=move |_| applicable.set(false) />
                        "Excluded"
                    </label>
                </div>
            </div>
            <Show when=move || !applicable.get()>
                <div class="field">
                    <label for="soa-justification">
                        "Justification for excluding"
                        <span class="required" title="Required">" *"</span>
                    </label>
                    <textarea class="textarea" id="soa-justification" rows="3" aria-required="true"
                        placeholder="Why this control does not apply, e.g. no on-site data centre."
                        data-testid="soa-justification-input" bind:value=justification></textarea>
                    <FieldError failure=failure field="justification" />
                </div>
            </Show>
            <Show when=move || applicable.get()>
                <div class="field">
                    <span class="label">"Reasons for including"</span>
                    <div class="choice-chips" role="group" aria-label="Reasons for including" data-testid="soa-reasons">
                        {Reason::ALL.into_iter().map(|r| view! {
                            <label class="choice-chip" data-reason=r.key()>
                                <input type="checkbox"
                                    prop:checked=move || reasons.with(|all| all.contains(&r))
                                    on:change=move |ev| toggle_reason(r, event_target_checked(&ev)) />
                                <span class="choice-dot" aria-hidden="true"></span>
                                {r.label()}
                            </label>
                        }).collect_view()}
                    </div>
                    {linked_risks.then(|| view! { <span class="hint">"Risk assessment stays ticked while a risk is linked to the control."</span> })}
                </div>
            </Show>
            <div class="form-row">
                <Field label="Implementation status" id="soa-status-input" failure=failure field="implementation_status">
                    <select class="select" id="soa-status-input" data-testid="soa-status-input"
                        disabled=move || !applicable.get()
                        on:change=move |ev| {
                            if let Some(s) = ImplementationStatus::parse(&event_target_value(&ev)) {
                                status.set(s);
                            }
                        }>
                        {move || if applicable.get() {
                            APPLICABLE_STATUSES.into_iter().map(|s| view! {
                                <option value=s.key() selected=s == status.get_untracked()>{s.label()}</option>
                            }).collect_view().into_any()
                        } else {
                            view! { <option value="not_applicable" selected=true>"Not applicable"</option> }.into_any()
                        }}
                    </select>
                </Field>
                <Field label="Owner" id="soa-owner-input">
                    <select class="select" id="soa-owner-input" data-testid="soa-owner-input" on:change=move |ev| owner.set(event_target_value(&ev))>
                        <option value="" selected=initial_owner.is_none()>"Unassigned"</option>
                        {people.into_iter().map(|(id, name)| view! {
                            <option value=id.to_string() selected=Some(id) == initial_owner>{name}</option>
                        }).collect_view()}
                    </select>
                </Field>
            </div>
            <div class="form-row">
                <div class="field">
                    <label for="soa-progress-input">"Progress (%)"</label>
                    <div class="progress-input">
                        <input type="range" min="0" max="100" step="5" aria-label="Progress slider" bind:value=progress />
                        <input class="input" type="number" min="0" max="100" id="soa-progress-input" bind:value=progress />
                    </div>
                    <FieldError failure=failure field="progress" />
                </div>
                <div class="field">
                    <label for="soa-reviewed-input">"Last reviewed"</label>
                    <div class="input-with-button">
                        <input class="input" type="date" id="soa-reviewed-input" data-testid="soa-reviewed-input" bind:value=reviewed />
                        <button class="btn btn-sm" type="button" data-testid="soa-reviewed-today"
                            on:click=move |_| reviewed.set(today().format("%Y-%m-%d").to_string())>
                            "Today"
                        </button>
                    </div>
                </div>
            </div>
            {move || failure.get().filter(|f| f.fields.is_empty()).map(|f| view! {
                <div class="alert alert-error" role="alert" data-testid="form-error">{f.message}</div>
            })}
            <div class="btn-row">
                <button class="btn btn-primary" type="submit" id="soa-save" data-testid="soa-save" disabled=move || pending.get()>
                    {move || if pending.get() { "Saving…" } else { "Save" }}
                </button>
            </div>
        </form>
    }
}
