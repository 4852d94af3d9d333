//! The inline form that renames or redescribes a record with a name and a description (a group, a
//! cluster): saves, says so, and on a stale version warns and reloads.

use crate::api::{self, Failure};
use crate::components::feedback::{FailureAlert, FieldError};
use crate::components::toasts::use_toasts;
use crate::submission::Submission;
use annex_client::ApiError;
use leptos::prelude::*;
use std::future::Future;

/// The form; `save(name, description)` sends the update, then `on_done` runs (also on Cancel).
#[component]
pub fn NameDescriptionForm<S, Fut, T>(
    name: String,
    description: String,
    /// The prefix of the inputs' ids: `{kind}-name-input`, `{kind}-description-input`.
    kind: &'static str,
    form_testid: &'static str,
    #[prop(optional)] description_maxlength: Option<&'static str>,
    #[prop(optional)] save_id: Option<&'static str>,
    #[prop(optional)] save_testid: Option<&'static str>,
    /// The toast once saved, e.g. "Group saved.".
    saved: &'static str,
    save: S,
    on_done: Callback<()>,
) -> impl IntoView
where
    S: Fn(String, String) -> Fut + Copy + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
    T: 'static,
{
    let toasts = use_toasts();
    let name = RwSignal::new(name);
    let description = RwSignal::new(description);
    let failure = RwSignal::new(None::<Failure>);
    let pending = Submission::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = save(
            name.get_untracked().trim().to_owned(),
            description.get_untracked().trim().to_owned(),
        );
        pending.run(request, move |result| match result.map_err(Failure::from) {
            Ok(_) => {
                toasts.info(saved);
                on_done.run(());
            }
            Err(f) if f.stale => {
                toasts.warn(api::STALE);
                on_done.run(());
            }
            Err(f) => failure.set(Some(f)),
        });
    };
    let (name_id, description_id) = (
        format!("{kind}-name-input"),
        format!("{kind}-description-input"),
    );
    view! {
        <form class="form card" style="flex:1; margin:0" on:submit=submit data-testid=form_testid novalidate>
            <div class="field">
                <label for=name_id.clone()>"Name"</label>
                <input class="input" id=name_id maxlength="120" bind:value=name />
                <FieldError failure=failure field="name" />
            </div>
            <div class="field">
                <label for=description_id.clone()>"Description"</label>
                <textarea class="textarea" id=description_id maxlength=description_maxlength bind:value=description></textarea>
                <FieldError failure=failure field="description" />
            </div>
            <FailureAlert failure=failure />
            <div class="btn-row">
                <button class="btn btn-primary" type="submit" id=save_id data-testid=save_testid disabled=move || pending.running()>"Save"</button>
                <button class="btn" type="button" on:click=move |_| on_done.run(())>"Cancel"</button>
            </div>
        </form>
    }
}
