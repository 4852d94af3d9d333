//! Creating an API token: its name, scope and expiry.

use crate::api::{self, Failure};
use crate::components::feedback::{Field, general_error};
use crate::components::form_panel::FormPanel;
use crate::session::use_session;
use crate::submission::Submission;
use annex_client::domain::access::tokens::{CreateApiToken, CreatedApiToken, TokenScope};
use leptos::prelude::*;

/// Expiry choices offered when creating a token, in days; `None` never expires.
const EXPIRY_CHOICES: &[(Option<i64>, &str)] = &[
    (Some(30), "30 days"),
    (Some(90), "90 days"),
    (Some(365), "1 year"),
    (None, "Never"),
];

/// The "New token" panel.
#[component]
pub fn NewTokenPanel(
    on_close: Callback<()>,
    on_created: Callback<CreatedApiToken>,
) -> impl IntoView {
    let session = use_session();
    let name = RwSignal::new(String::new());
    let scope = RwSignal::new(TokenScope::Read);
    let expiry = RwSignal::new(Some(90_i64));
    let failure = RwSignal::new(None::<Failure>);
    let pending = Submission::new();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = CreateApiToken {
            name: name.get_untracked().trim().to_owned(),
            scope: scope.get_untracked(),
            expires_in_days: expiry.get_untracked(),
        };
        failure.set(None);
        pending.run(
            async move { api::call(session, async |c| c.create_api_token(&request).await).await },
            move |result| match result {
                Ok(token) => on_created.run(token),
                Err(err) => failure.set(Some(Failure::from(err))),
            },
        );
    };

    view! {
        <FormPanel title="New API token" testid="new-token-panel" message=general_error(failure) on_submit=submit on_close=on_close>
            <div class="form-row">
                <Field label="Name" id="new-token-name" failure=failure field="name">
                    <input class="input" id="new-token-name" maxlength="120" placeholder="e.g. SIEM export" bind:value=name />
                </Field>
                <Field label="Expires after" id="new-token-expiry" failure=failure field="expires_in_days">
                    <select
                        class="select"
                        id="new-token-expiry"
                        on:change=move |ev| expiry.set(event_target_value(&ev).parse().ok())
                    >
                        {EXPIRY_CHOICES
                            .iter()
                            .map(|(days, label)| {
                                let value = days.map(|d| d.to_string()).unwrap_or_default();
                                let days = *days;
                                view! { <option value=value selected=move || expiry.get() == days>{*label}</option> }
                            })
                            .collect_view()}
                    </select>
                </Field>
            </div>
            <fieldset class="field" style="border:0; padding:0; margin:0">
                <legend class="label" style="margin-bottom: var(--s-2)">"Scope"</legend>
                <div class="choice-group">
                    <label class="choice">
                        <input type="radio" name="new-token-scope" id="new-token-scope-read" prop:checked=move || scope.get() == TokenScope::Read on:change=move |_| scope.set(TokenScope::Read) />
                        "Read — only looks things up"
                    </label>
                    <label class="choice">
                        <input type="radio" name="new-token-scope" id="new-token-scope-write" prop:checked=move || scope.get() == TokenScope::Write on:change=move |_| scope.set(TokenScope::Write) />
                        "Write — may change what your role may change"
                    </label>
                </div>
            </fieldset>
            <div class="btn-row">
                <button class="btn btn-primary" type="submit" id="create-token-submit" disabled=move || pending.running()>
                    {move || if pending.running() { "Creating…" } else { "Create token" }}
                </button>
            </div>
        </FormPanel>
    }
}
