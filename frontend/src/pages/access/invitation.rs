//! Accepting an invitation: the code an admin passed on, and the person's own new password.

use crate::api::Failure;
use crate::components::feedback::{ErrorAlert, Field};
use crate::session::anonymous_client;
use annex_client::domain::access::auth::AcceptInvitation as AcceptRequest;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

/// The two-column frame of the screens used before signing in.
#[component]
pub fn AuthFrame(children: Children) -> impl IntoView {
    view! {
        <div class="auth">
            <section class="auth-aside">
                <div class="brand">
                    <span class="brand-mark" aria-hidden="true">"A"</span>
                    <span>"Annex"</span>
                </div>
                <div>
                    <h2>"Your ISMS, in one place."</h2>
                    <ul>
                        <li>"Statement of Applicability and risk register"</li>
                        <li>"Policies, audits, KPIs and corrective actions"</li>
                        <li>"An audit trail of every change"</li>
                    </ul>
                </div>
                <p class="small auth-aside-foot">"ISO/IEC 27001 · ISO 22301 · ISO 9001 · GDPR"</p>
            </section>
            <section class="auth-main">
                <div class="auth-card">{children()}</div>
            </section>
        </div>
    }
}

/// The accept-invitation screen.
#[component]
pub fn AcceptInvitation() -> impl IntoView {
    crate::format::set_title("Set your password");
    let query = use_query_map();
    let code = RwSignal::new(query.with_untracked(|q| q.get("code")).unwrap_or_default());
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<Failure>);
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let done = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if password.get_untracked() != confirm.get_untracked() {
            error.set(Some("The two passwords are not the same.".to_owned()));
            return;
        }
        let request = AcceptRequest {
            invitation: code.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
        };
        pending.set(true);
        error.set(None);
        failure.set(None);
        leptos::task::spawn_local(async move {
            match anonymous_client().accept_invitation(&request).await {
                Ok(()) => done.set(true),
                Err(err) => {
                    let f = Failure::from(err);
                    error.set(Some(f.message.clone()));
                    failure.set(Some(f));
                }
            }
            pending.set(false);
        });
    };

    view! {
        <AuthFrame>
            <Show
                when=move || !done.get()
                fallback=|| {
                    view! {
                        <h1>"Password set"</h1>
                        <div class="alert alert-success" role="status" data-testid="invitation-done">
                            "Your account is ready. Sign in with your email address and new password."
                        </div>
                        <p class="auth-foot">
                            <A href="/signin">"Go to sign in"</A>
                        </p>
                    }
                }
            >
                <h1>"Set your password"</h1>
                <p>"Enter the invitation code you were given and choose a password."</p>
                <form class="form" on:submit=submit data-testid="invitation-form" novalidate>
                    <ErrorAlert message=Signal::derive(move || error.get()) />
                    <Field label="Invitation code" id="invitation-code" failure=failure field="invitation">
                        <input class="input mono" id="invitation-code" autocomplete="off" bind:value=code />
                    </Field>
                    <Field label="New password" id="invitation-password" failure=failure field="password">
                        <input
                            class="input"
                            id="invitation-password"
                            type="password"
                            autocomplete="new-password"
                            bind:value=password
                        />
                        <span class="hint">"At least 10 characters."</span>
                    </Field>
                    <Field label="Repeat the password" id="invitation-confirm">
                        <input
                            class="input"
                            id="invitation-confirm"
                            type="password"
                            autocomplete="new-password"
                            bind:value=confirm
                        />
                    </Field>
                    <button class="btn btn-primary btn-block" type="submit" disabled=move || pending.get()>
                        {move || if pending.get() { "Saving…" } else { "Set password" }}
                    </button>
                </form>
                <p class="auth-foot">
                    "Already have a password? "
                    <A href="/signin">"Sign in"</A>
                </p>
            </Show>
        </AuthFrame>
    }
}
