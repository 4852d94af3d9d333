//! The "New project" / "New tracker" panel: name, description, owner, blank or from a template.

use crate::api::{self, Failure};
use crate::components::feedback::{ErrorAlert, FieldError};
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
    let general_error = Signal::derive(move || {
        failure.with(|f| {
            f.as_ref()
                .filter(|f| f.fields.is_empty())
                .map(|f| f.message.clone())
        })
    });
    let title = format!("New {}", w.one);
    let create_label = format!("Create {}", w.one);

    view! {
        <section class="panel" data-testid="new-space-panel">
            <div class="panel-head">
                <h2>{title}</h2>
                <button class="btn btn-sm btn-ghost" type="button" on:click=move |_| on_close.run(())>"Cancel"</button>
            </div>
            <form class="form" on:submit=submit novalidate>
                <ErrorAlert message=general_error />
                <div class="form-row">
                    <div class="field">
                        <label for="space-name">"Name"</label>
                        <input class="input" id="space-name" maxlength="120" bind:value=name />
                        <FieldError failure=failure field="name" />
                    </div>
                    <div class="field">
                        <label for="space-owner">"Owner"</label>
                        <select class="select" id="space-owner" bind:value=owner>
                            <option value="">"No owner"</option>
                            {move || people.get().assignable().map(|m| {
                                let id = m.id.to_string();
                                let label = if m.display_name.is_empty() { m.email.clone() } else { m.display_name.clone() };
                                view! { <option value=id.clone() selected=owner.get_untracked() == id>{label}</option> }
                            }).collect_view()}
                        </select>
                        <FieldError failure=failure field="owner_id" />
                    </div>
                </div>
                <div class="field">
                    <label for="space-template">"Start from"</label>
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
                    <FieldError failure=failure field="template" />
                </div>
                <div class="field">
                    <label for="space-description">"Description"</label>
                    <textarea class="textarea" id="space-description" maxlength="20000" bind:value=description></textarea>
                    <span class="hint">"Optional: what it covers and who uses it."</span>
                    <FieldError failure=failure field="description" />
                </div>
                <div class="btn-row">
                    <button class="btn btn-primary" type="submit" id="create-space-submit" disabled=move || pending.running()>
                        {move || if pending.running() { "Creating…".to_owned() } else { create_label.clone() }}
                    </button>
                </div>
            </form>
        </section>
    }
}
