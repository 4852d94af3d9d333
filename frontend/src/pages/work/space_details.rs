//! A space's record: "Edit details" (name, description, owner, saved with the space's version)
//! and deleting an empty space.

use crate::api::{self, Failure};
use crate::components::confirm::ConfirmButton;
use crate::components::feedback::{Field, general_error};
use crate::components::form_panel::FormPanel;
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
    view! {
        <FormPanel title="Details" testid="space-details" class="panel space-details" message=general_error(failure) on_submit=submit on_close=on_close>
            <div class="form-row">
                <Field label="Name" id="space-edit-name" failure=failure field="name">
                    <input class="input" id="space-edit-name" maxlength="120" bind:value=name />
                </Field>
                <Field label="Owner" id="space-edit-owner">
                    <select class="select" id="space-edit-owner" bind:value=owner>
                        <option value="">"No owner"</option>
                        {people.assignable().map(|m| {
                            let id = m.id.to_string();
                            let label = if m.display_name.is_empty() { m.email.clone() } else { m.display_name.clone() };
                            view! { <option value=id.clone() selected=owner.get_untracked() == id>{label}</option> }
                        }).collect_view()}
                    </select>
                </Field>
            </div>
            <Field label="Description" id="space-edit-description" failure=failure field="description">
                <textarea class="textarea" id="space-edit-description" maxlength="20000" bind:value=description></textarea>
            </Field>
            <div class="btn-row">
                <button class="btn btn-primary" type="submit" id="space-edit-submit" disabled=move || pending.running()>
                    {move || if pending.running() { "Saving…" } else { "Save" }}
                </button>
            </div>
        </FormPanel>
    }
}

/// Deletes an empty space after a confirmation (owners and admins); a space with items is refused
/// by the server with the reason (archive it instead), shown as it is.
#[component]
pub fn DeleteSpaceButton(space: Arc<Space>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let navigate = StoredValue::new_local(leptos_router::hooks::use_navigate());
    let may_delete = session.can_untracked(annex_client::domain::Action::DeleteItems);
    let confirming = RwSignal::new(false);
    let busy = Submission::new();
    let (id, version, kind) = (space.id, space.version, space.kind);
    let delete = move |()| {
        busy.run(
            async move { api::call(session, async |c| c.delete_space(id, version).await).await },
            move |result| {
                confirming.set(false);
                match result.map_err(Failure::from) {
                    Ok(()) => {
                        toasts.info("Deleted.");
                        let href = crate::pages::work::spaces::words(kind).list_href;
                        navigate.with_value(|go| go(href, Default::default()));
                    }
                    Err(f) => toasts.error(f.message),
                }
            },
        );
    };
    may_delete.then(|| {
        view! {
            <ConfirmButton confirming=confirming class="btn btn-danger" action="Delete" testid="space-delete"
                question="Delete this space for good?" busy=Signal::derive(move || busy.running()) on_confirm=Callback::new(delete) />
        }
    })
}
