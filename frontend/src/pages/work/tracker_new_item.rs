//! The quick "New item" form of a tracker: title, status, assignee, due date and its custom
//! fields; opens the new item's page once created.

use crate::api::{self, Failure};
use crate::components::feedback::{Field, FieldError};
use crate::components::field_input::{FieldInput, is_empty};
use crate::components::form_panel::FormPanel;
use crate::components::toasts::use_toasts;
use crate::pages::work::tracker::TrackerState;
use crate::session::use_session;
use crate::submission::Submission;
use annex_client::domain::work::items::CreateItem;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use serde_json::Value;
use std::collections::BTreeMap;

/// The panel.
#[component]
pub fn NewItemPanel(state: TrackerState, on_close: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let space = state.space.get_value();
    let people = state.people.get_value();
    let space_id = space.id;
    let title = RwSignal::new(String::new());
    let status = RwSignal::new(
        space
            .statuses
            .first()
            .map(|s| s.id.to_string())
            .unwrap_or_default(),
    );
    let assignee = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let assignable = people.choices();
    let values: Vec<_> = space
        .fields
        .iter()
        .map(|f| (f.clone(), RwSignal::new(Value::Null)))
        .collect();
    let collected = values.clone();
    let failure = RwSignal::new(None::<Failure>);
    let pending = Submission::new();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let fields: BTreeMap<_, _> = collected
            .iter()
            .map(|(f, v)| (f.id, v.get_untracked()))
            .filter(|(_, v)| !is_empty(v))
            .collect();
        let request = CreateItem {
            title: title.get_untracked().trim().to_owned(),
            status_id: status.get_untracked().parse().ok(),
            assignee_id: assignee.get_untracked().parse().ok(),
            due: due.get_untracked().parse().ok(),
            fields,
            ..CreateItem::default()
        };
        failure.set(None);
        let navigate = navigate.clone();
        pending.run(
                async move {
                    api::call(session, async |c| c.create_item(space_id, &request).await).await
                },
                move |result| match result {
                    Ok(item) => {
                        toasts.info(format!("Created {}.", item.label));
                        state.refresh();
                        navigate(&format!("/items/{}", item.id), Default::default());
                    }
                    Err(err) => failure.set(Some(Failure::from(err))),
                },
            );
    };
    let general = Signal::derive(move || {
        failure
            .with(|f| {
                f.as_ref().map(|f| {
                    // Field errors name custom fields by id (`fields.<id>`); show those here too.
                    let custom: Vec<String> = f
                        .fields
                        .iter()
                        .filter(|(k, _)| k.starts_with("fields"))
                        .flat_map(|(_, m)| m.iter().cloned())
                        .collect();
                    if custom.is_empty() {
                        f.message.clone()
                    } else {
                        format!("{} {}", f.message, custom.join(" "))
                    }
                })
            })
            .filter(|m| !m.is_empty())
    });

    view! {
        <FormPanel title="New item" testid="new-item-panel" message=general on_submit=submit on_close=on_close>
            <div class="form-row">
                <div class="field" style="grid-column: span 2">
                    <label for="new-item-title">"Title"</label>
                    <input class="input" id="new-item-title" data-testid="new-item-title" maxlength="300" bind:value=title />
                    <FieldError failure=failure field="title" />
                </div>
                <Field label="Status" id="new-item-status">
                    <select class="select" id="new-item-status" data-testid="new-item-status" bind:value=status>
                        {space.statuses.iter().map(|s| view! { <option value=s.id.to_string()>{s.name.clone()}</option> }).collect_view()}
                    </select>
                </Field>
                <Field label="Assigned to" id="new-item-assignee" failure=failure field="assignee_id">
                    <select class="select" id="new-item-assignee" data-testid="new-item-assignee" bind:value=assignee>
                        <option value="">"Unassigned"</option>
                        {assignable.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                    </select>
                </Field>
                <Field label="Due" id="new-item-due" failure=failure field="due">
                    <input class="input" type="date" id="new-item-due" data-testid="new-item-due" bind:value=due />
                </Field>
            </div>
            {(!values.is_empty()).then(|| view! {
                <div class="form-row">
                    {values.into_iter().map(|(field, value)| {
                        let id = format!("new-item-field-{}", field.id);
                        let name = if field.required { format!("{} *", field.name) } else { field.name.clone() };
                        view! {
                            <div class="field">
                                <label for=id.clone()>{name}</label>
                                <FieldInput field=field value=value people=people.clone() id=id />
                            </div>
                        }
                    }).collect_view()}
                </div>
            })}
            <div class="btn-row">
                <button class="btn btn-primary" type="submit" data-testid="new-item-submit" disabled=move || pending.running()>
                    {move || if pending.running() { "Creating…" } else { "Create and open" }}
                </button>
            </div>
        </FormPanel>
    }
}
