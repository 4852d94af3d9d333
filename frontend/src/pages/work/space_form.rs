//! The "New project" / "New tracker" panel: name, description, owner, blank or from a template.

use crate::api::{self, Failure};
use crate::components::feedback::{Field, general_error};
use crate::components::form_panel::FormPanel;
use crate::components::toasts::use_toasts;
use crate::components::work::People;
use crate::pages::work::spaces::words;
use crate::session::use_session;
use crate::submission::Submission;
use annex_client::domain::work::spaces::{CreateSpace, SpaceKind};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use uuid::Uuid;

/// Creates a space of `kind` and opens it.
#[component]
pub fn NewSpacePanel(
    kind: SpaceKind,
    people: Signal<People>,
    on_close: Callback<()>,
) -> impl IntoView {
    let w = words(kind);
    let session = use_session();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let owner = RwSignal::new(
        session
            .user_id_untracked()
            .map(|u| u.to_string())
            .unwrap_or_default(),
    );
    let template = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<Failure>);
    let pending = Submission::new();
    let templates = LocalResource::new(move || async move {
        api::call(session, async |c| c.templates().await)
            .await
            .map(|all| {
                all.into_iter()
                    .filter(|t| t.kind == kind)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = template.get_untracked();
        let request = CreateSpace {
            kind,
            name: name.get_untracked().trim().to_owned(),
            description: description.get_untracked().trim().to_owned(),
            owner_id: owner.get_untracked().parse::<Uuid>().ok(),
            template: (!chosen.is_empty()).then_some(chosen),
        };
        failure.set(None);
        let navigate = navigate.clone();
        pending.run(
            async move { api::call(session, async |c| c.create_space(&request).await).await },
            move |result| match result {
                Ok(space) => {
                    toasts.info(format!("\"{}\" created.", space.name));
                    navigate(&format!("/spaces/{}", space.id), Default::default());
                }
                Err(err) => failure.set(Some(Failure::from(err))),
            },
        );
    };
    let title = format!("New {}", w.one);
    let create_label = format!("Create {}", w.one);

    view! {
        <FormPanel title=title testid="new-space-panel" message=general_error(failure) on_submit=submit on_close=on_close>
            <div class="form-row">
                <Field label="Name" id="space-name" failure=failure field="name">
                    <input class="input" id="space-name" maxlength="120" bind:value=name />
                </Field>
                <Field label="Owner" id="space-owner" failure=failure field="owner_id">
                    <select class="select" id="space-owner" bind:value=owner>
                        <option value="">"No owner"</option>
                        {move || people.get().assignable().map(|m| {
                            let id = m.id.to_string();
                            let label = if m.display_name.is_empty() { m.email.clone() } else { m.display_name.clone() };
                            view! { <option value=id.clone() selected=owner.get_untracked() == id>{label}</option> }
                        }).collect_view()}
                    </select>
                </Field>
            </div>
            <Field label="Start from" id="space-template" failure=failure field="template">
                <select class="select" id="space-template" data-testid="space-template" bind:value=template>
                    <option value="">{format!("A blank {}", w.one)}</option>
                    {move || templates.get().unwrap_or_default().into_iter().map(|t| {
                        view! { <option value=t.key.clone()>{t.name.clone()}</option> }
                    }).collect_view()}
                </select>
                <span class="hint">
                    {move || {
                        let key = template.get();
                        templates.get().unwrap_or_default().into_iter().find(|t| t.key == key)
                            .map(|t| t.description)
                            .unwrap_or_else(|| "Starts with To-do, In progress and Done, and no custom fields.".to_owned())
                    }}
                </span>
            </Field>
            <Field label="Description" id="space-description" failure=failure field="description">
                <textarea class="textarea" id="space-description" maxlength="20000" bind:value=description></textarea>
                <span class="hint">"Optional: what it covers and who uses it."</span>
            </Field>
            <div class="btn-row">
                <button class="btn btn-primary" type="submit" id="create-space-submit" disabled=move || pending.running()>
                    {move || if pending.running() { "Creating…".to_owned() } else { create_label.clone() }}
                </button>
            </div>
        </FormPanel>
    }
}
