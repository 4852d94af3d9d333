//! Adding a member: with a password set now, or as an invitation with a one-time code.

use crate::api::{self, Failure};
use crate::components::badges::role_label;
use crate::components::feedback::{ErrorAlert, Field, FieldError};
use crate::components::toasts::use_toasts;
use crate::session::use_session;
use crate::submission::Submission;
use annex_client::domain::Role;
use annex_client::domain::access::users::CreateMember;
use leptos::prelude::*;

/// A member just added: who, and the invitation code to pass on when no password was set.
#[derive(Debug, Clone, PartialEq)]
pub struct Invited {
    pub email: String,
    pub code: Option<String>,
}

/// The "Add user" panel.
#[component]
pub fn NewMemberPanel(on_close: Callback<()>, on_created: Callback<Invited>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let email = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Viewer);
    let with_password = RwSignal::new(false);
    let password = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<Failure>);
    let pending = Submission::new();
    let grantable = move || {
        session
            .role_untracked()
            .map(|mine| {
                Role::ALL
                    .into_iter()
                    .filter(|r| mine.may_grant(*r))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.running_untracked() {
            return;
        }
        let request = CreateMember {
            email: email.get_untracked().trim().to_owned(),
            display_name: name.get_untracked().trim().to_owned(),
            role: role.get_untracked(),
            password: with_password
                .get_untracked()
                .then(|| password.get_untracked()),
        };
        failure.set(None);
        pending.run(
            async move { api::call(session, async |c| c.create_member(&request).await).await },
            move |result| match result {
                Ok(created) => {
                    toasts.info(format!("{} added.", created.member.email));
                    on_created.run(Invited {
                        email: created.member.email,
                        code: created.invitation,
                    });
                }
                Err(err) => failure.set(Some(Failure::from(err))),
            },
        );
    };

    let general_error = Signal::derive(move || {
        failure.with(|f| {
            f.as_ref().map(|f| {
                if f.fields.is_empty() {
                    f.message.clone()
                } else {
                    "Check the fields marked below.".to_owned()
                }
            })
        })
    });

    view! {
        <section class="panel" data-testid="new-user-panel" aria-labelledby="new-user-title">
            <div class="panel-head">
                <h2 id="new-user-title">"Add a user"</h2>
                <button class="btn btn-sm btn-ghost" type="button" on:click=move |_| on_close.run(())>
                    "Cancel"
                </button>
            </div>
            <form class="form" on:submit=submit id="new-user-form" novalidate>
                <ErrorAlert message=general_error />
                <div class="form-row">
                    <Field label="Email" id="new-user-email" failure=failure field="email">
                        <input class="input" id="new-user-email" type="email" autocomplete="off" bind:value=email />
                    </Field>
                    <Field label="Display name" id="new-user-name" failure=failure field="display_name">
                        <input class="input" id="new-user-name" autocomplete="off" bind:value=name />
                    </Field>
                    <Field label="Role" id="new-user-role" failure=failure field="role">
                        <select
                            class="select"
                            id="new-user-role"
                            on:change=move |ev| {
                                if let Ok(r) = event_target_value(&ev).parse() {
                                    role.set(r);
                                }
                            }
                        >
                            {move || {
                                grantable()
                                    .into_iter()
                                    .map(|r| {
                                        view! {
                                            <option value=r.as_str() selected=move || role.get() == r>
                                                {role_label(r)}
                                            </option>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </select>
                    </Field>
                </div>
                <fieldset class="field" style="border:0; padding:0; margin:0">
                    <legend class="label" style="margin-bottom: var(--s-2)">"How they get in"</legend>
                    <div class="choice-group">
                        <label class="choice">
                            <input
                                type="radio"
                                name="new-user-mode"
                                id="new-user-mode-invite"
                                prop:checked=move || !with_password.get()
                                on:change=move |_| with_password.set(false)
                            />
                            "Invite them to set a password"
                        </label>
                        <label class="choice">
                            <input
                                type="radio"
                                name="new-user-mode"
                                id="new-user-mode-password"
                                prop:checked=move || with_password.get()
                                on:change=move |_| with_password.set(true)
                            />
                            "Set a password now"
                        </label>
                    </div>
                </fieldset>
                <Show when=move || with_password.get()>
                    <div class="field" style="max-width: 360px">
                        <label for="new-user-password">"Password"</label>
                        <input class="input" id="new-user-password" type="password" autocomplete="new-password" bind:value=password />
                        <span class="hint">"At least 10 characters. Tell them through a channel other than email."</span>
                        <FieldError failure=failure field="password" />
                    </div>
                </Show>
                <div class="btn-row">
                    <button class="btn btn-primary" type="submit" id="create-user-submit" disabled=move || pending.running()>
                        {move || if pending.running() { "Adding…" } else { "Add user" }}
                    </button>
                </div>
            </form>
        </section>
    }
}

/// The accept-invitation page with `code` filled in.
fn invitation_link(code: &str) -> String {
    let code = String::from(js_sys::encode_uri_component(code));
    format!("{}/accept-invitation?code={code}", crate::session::origin())
}

/// The one-time invitation code of a member just added, to pass on to them.
#[component]
pub fn InvitedNotice(invited: Invited, on_dismiss: Callback<()>) -> impl IntoView {
    use crate::components::secret::SecretValue;
    view! {
        <div class="alert alert-success" role="status" data-testid="created-member-notice" style="display:block; margin-bottom: var(--s-5)">
            <div class="panel-head" style="margin-bottom: var(--s-2)">
                <strong>{format!("{} was added.", invited.email)}</strong>
                <button class="btn btn-sm btn-ghost" type="button" on:click=move |_| on_dismiss.run(())>
                    "Dismiss"
                </button>
            </div>
            {match invited.code {
                Some(code) => {
                    view! {
                        <p style="margin-bottom: var(--s-2)">
                            "Pass this one-time invitation code on to them; it is shown only this once. "
                            "They choose their own password with it."
                        </p>
                        <SecretValue value=code.clone() testid="invitation-code" />
                        <p class="small" style="margin: var(--s-3) 0 var(--s-2)">"Or send them this link, which fills the code in:"</p>
                        <SecretValue value=invitation_link(&code) testid="invitation-link" />
                    }
                        .into_any()
                }
                None => view! { <p style="margin:0">"They can sign in now with the password you set."</p> }.into_any(),
            }}
        </div>
    }
}
