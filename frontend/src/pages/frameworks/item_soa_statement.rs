//! A control's implementation statement: how the organisation meets it, in markdown shown
//! formatted and edited as text.

use crate::api::Failure;
use crate::components::feedback::{FailureAlert, Field};
use crate::components::markdown::Markdown;
use crate::components::toasts::use_toasts;
use crate::pages::frameworks::item_soa::SaveEntry;
use annex_client::domain::frameworks::soa::{SoaEntry, UpdateSoaEntry};
use leptos::prelude::*;

/// The implementation statement: markdown shown formatted, edited as text.
#[component]
pub fn Statement(
    entry: RwSignal<Option<SoaEntry>>,
    may_edit: Memo<bool>,
    save: SaveEntry,
) -> impl IntoView {
    let toasts = use_toasts();
    let editing = RwSignal::new(false);
    let draft = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<Failure>);
    let pending = RwSignal::new(false);
    let text = Signal::derive(move || {
        entry.with(|e| {
            e.as_ref()
                .map(|e| e.implementation_text.clone())
                .unwrap_or_default()
        })
    });
    let start = move |_| {
        draft.set(text.get_untracked());
        failure.set(None);
        editing.set(true);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let new_text = draft.get_untracked();
        if new_text == text.get_untracked() {
            editing.set(false);
            return;
        }
        pending.set(true);
        failure.set(None);
        save.run((
            UpdateSoaEntry {
                implementation_text: Some(new_text),
                ..UpdateSoaEntry::default()
            },
            Callback::new(move |result: Result<(), Failure>| {
                // A successful save rebuilds the panel; only failures land here on a live form.
                if pending.is_disposed() {
                    if result.is_ok() {
                        toasts.info("Implementation statement saved.");
                    }
                    return;
                }
                pending.set(false);
                match result {
                    Ok(()) => {
                        editing.set(false);
                        toasts.info("Implementation statement saved.");
                    }
                    Err(f) if f.stale => editing.set(false),
                    Err(f) => failure.set(Some(f)),
                }
            }),
        ));
    };
    view! {
        <div class="soa-statement" data-testid="soa-statement">
            <Show
                when=move || editing.get()
                fallback=move || view! {
                    <div class="card-head">
                        <h3>"Implementation statement"</h3>
                        <Show when=move || may_edit.get()>
                            <button class="btn btn-sm" type="button" data-testid="soa-statement-edit" on:click=start>
                                "Edit"
                            </button>
                        </Show>
                    </div>
                    <Markdown text=text empty="No implementation statement yet." testid="soa-implementation-text" />
                }
            >
                <form class="form" on:submit=submit data-testid="soa-statement-form" novalidate>
                    <Field label="Implementation statement" id="soa-statement-input" failure=failure field="implementation_text">
                        <textarea class="textarea" id="soa-statement-input" rows="10" bind:value=draft></textarea>
                        <span class="hint">"How the organisation meets this control. Markdown: **bold**, *italic*, lists, [links](https://…)."</span>
                    </Field>
                    <FailureAlert failure=failure />
                    <div class="btn-row">
                        <button class="btn btn-primary" type="submit" id="soa-statement-save" disabled=move || pending.get()>"Save"</button>
                        <button class="btn" type="button" on:click=move |_| editing.set(false)>"Cancel"</button>
                    </div>
                </form>
            </Show>
        </div>
    }
}
