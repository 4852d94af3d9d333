//! A card that adds an item to a tracker by its title alone, then opens it (a new KPI, a new risk).

use crate::api::{self, Failure};
use crate::components::feedback::{ErrorAlert, field_or_general};
use crate::components::toasts::use_toasts;
use crate::session::use_session;
use crate::submission::Submission;
use annex_client::domain::work::items::CreateItem;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use uuid::Uuid;

/// The card; its test ids start with `testid` (`{testid}-form`, `{testid}-title`, `{testid}-save`).
#[component]
pub fn NewItemByTitle(
    space_id: Uuid,
    testid: &'static str,
    placeholder: &'static str,
    /// The button's word, e.g. "Add KPI".
    add: &'static str,
    /// What the toast says after "Created RISK-7", e.g. ": now define it.".
    created: &'static str,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let title = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<Failure>);
    let pending = Submission::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = CreateItem {
            title: title.get_untracked().trim().to_owned(),
            ..CreateItem::default()
        };
        failure.set(None);
        let navigate = navigate.clone();
        pending.run(
            async move { api::call(session, async |c| c.create_item(space_id, &request).await).await },
            move |result| match result {
                Ok(item) => {
                    toasts.info(format!("Created {}{created}", item.label));
                    navigate(&format!("/items/{}", item.id), Default::default());
                }
                Err(err) => failure.set(Some(Failure::from(err))),
            },
        );
    };
    let title_id = format!("{testid}-title");
    view! {
        <section class="card">
            <form class="form" on:submit=submit data-testid=format!("{testid}-form") novalidate>
                <ErrorAlert message=field_or_general(failure, "title") />
                <div class="field">
                    <label for=title_id.clone()>"Title"<span class="required" title="Required">" *"</span></label>
                    <input class="input" id=title_id.clone() data-testid=title_id maxlength="300"
                        placeholder=placeholder bind:value=title />
                </div>
                <div class="btn-row">
                    <button class="btn btn-primary btn-sm" type="submit" data-testid=format!("{testid}-save") disabled=move || pending.running()>
                        {move || if pending.running() { "Adding…" } else { add }}
                    </button>
                    <button class="btn btn-sm" type="button" on:click=move |_| on_cancel.run(())>"Cancel"</button>
                </div>
            </form>
        </section>
    }
}
