//! A space's record: "Edit details" (name, description, owner, saved with the space's version)
//! and deleting an empty space.

use crate::api::{self, Failure};
use crate::components::feedback::{ErrorAlert, FieldError};
use crate::components::toasts::use_toasts;
use crate::components::work::People;
use crate::session::use_session;
use crate::submission::Submission;
use annex_client::domain::work::spaces::{Space, UpdateSpace};
use leptos::prelude::*;
use std::sync::Arc;
use uuid::Uuid;

/// The "Edit details" panel under a space's header; `SpaceHeader` opens it (editors and up).
#[component]
pub fn DetailsForm(
    space: Arc<Space>,
    people: People,
    reload: Callback<()>,
    on_close: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let name = RwSignal::new(space.name.clone());
    let description = RwSignal::new(space.description.clone());
    let owner = RwSignal::new(space.owner_id.map(|o| o.to_string()).unwrap_or_default());
    let failure = RwSignal::new(None::<Failure>);
    let pending = Submission::new();
    let (id, version) = (space.id, space.version);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = UpdateSpace {
            name: Some(name.get_untracked().trim().to_owned()),
            description: Some(description.get_untracked().trim().to_owned()),
            owner_id: Some(owner.get_untracked().parse::<Uuid>().ok()),
            archived: None,
        };
        failure.set(None);
        pending.run(
            async move {
                api::call(session, async |c| {
                    c.update_space(id, version, &request).await
                })
                .await
            },
            move |result| match result.map_err(Failure::from) {
                Ok(saved) => {
                    toasts.info(format!("\"{}\" saved.", saved.name));
                    on_close.run(());
                    reload.run(());
                }
                Err(f) if f.stale => {
                    toasts.warn(api::STALE);
                    on_close.run(());
                    reload.run(());
                }
                Err(f) => failure.set(Some(f)),
            },
        );
    };
    let general_error = Signal::derive(move || {
        failure.with(|f| {
            f.as_ref()
                .filter(|f| f.fields.is_empty())
                .map(|f| f.message.clone())
        })
    });
    view! {
        <section class="panel space-details" data-testid="space-details">
            <div class="panel-head">
                <h2>"Details"</h2>
                <button class="btn btn-sm btn-ghost" type="button" on:click=move |_| on_close.run(())>"Cancel"</button>
            </div>
            <form class="form" on:submit=submit novalidate>
                <ErrorAlert message=general_error />
                <div class="form-row">
                    <div class="field">
                        <label for="space-edit-name">"Name"</label>
                        <input class="input" id="space-edit-name" maxlength="120" bind:value=name />
                        <FieldError failure=failure field="name" />
                    </div>
                    <div class="field">
                        <label for="space-edit-owner">"Owner"</label>
                        <select class="select" id="space-edit-owner" bind:value=owner>
                            <option value="">"No owner"</option>
                            {people.assignable().map(|m| {
                                let id = m.id.to_string();
                                let label = if m.display_name.is_empty() { m.email.clone() } else { m.display_name.clone() };
                                view! { <option value=id.clone() selected=owner.get_untracked() == id>{label}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                </div>
                <div class="field">
                    <label for="space-edit-description">"Description"</label>
                    <textarea class="textarea" id="space-edit-description" maxlength="20000" bind:value=description></textarea>
                    <FieldError failure=failure field="description" />
                </div>
                <div class="btn-row">
                    <button class="btn btn-primary" type="submit" id="space-edit-submit" disabled=move || pending.running()>
                        {move || if pending.running() { "Saving…" } else { "Save" }}
                    </button>
                </div>
            </form>
        </section>
    }
}

/// Deletes an empty space after a confirmation (owners and admins); a space with items is refused
/// by the server with the reason (archive it instead), shown as it is.
#[component]
pub fn DeleteSpaceButton(space: Arc<Space>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let navigate = leptos_router::hooks::use_navigate();
    let may_delete = session.can_untracked(annex_client::domain::Action::DeleteItems);
    let confirming = RwSignal::new(false);
    let busy = Submission::new();
    let (id, version, kind) = (space.id, space.version, space.kind);
    let delete = move |_| {
        let navigate = navigate.clone();
        busy.run(
            async move { api::call(session, async |c| c.delete_space(id, version).await).await },
            move |result| {
                confirming.set(false);
                match result.map_err(Failure::from) {
                    Ok(()) => {
                        toasts.info("Deleted.");
                        navigate(
                            crate::pages::work::spaces::words(kind).list_href,
                            Default::default(),
                        );
                    }
                    Err(f) => toasts.error(f.message),
                }
            },
        );
    };
    may_delete.then(|| {
        view! {
            <Show
                when=move || confirming.get()
                fallback=move || view! {
                    <button class="btn btn-danger" type="button" data-testid="space-delete" on:click=move |_| confirming.set(true)>
                        "Delete"
                    </button>
                }
            >
                <span class="confirm">
                    "Delete this space for good?"
                    <button class="btn btn-sm btn-danger-solid" type="button" data-testid="space-delete-confirm" disabled=move || busy.running() on:click=delete.clone()>
                        "Delete"
                    </button>
                    <button class="btn btn-sm" type="button" on:click=move |_| confirming.set(false)>
                        "Cancel"
                    </button>
                </span>
            </Show>
        }
    })
}
