//! Sign-in: email and password, with the server's reason when it refuses.

use crate::api::{describe, sentence};
use crate::components::feedback::{ErrorAlert, Field};
use crate::pages::access::invitation::AuthFrame;
use crate::session::{Auth, use_session};
use annex_client::ApiError;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

/// Why signing in failed, in words for the person at the keyboard.
fn sign_in_error(err: &ApiError) -> String {
    match err {
        ApiError::Unauthorized(_) | ApiError::Forbidden(_) => {
            let text = sentence(&err.message());
            if text.is_empty() {
                "The email or password is not right.".to_owned()
            } else {
                text
            }
        }
        ApiError::RateLimited(_) => {
            "Too many attempts to sign in. Wait a minute, then try again.".to_owned()
        }
        ApiError::Network(_) => {
            "Cannot reach the server. Check your connection and try again.".to_owned()
        }
        _ => describe(err),
    }
}

/// Only paths inside the app are followed after signing in, never another site.
fn safe_next(next: Option<String>) -> String {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//"))
        .unwrap_or_else(|| "/".to_owned())
}

/// The sign-in screen.
#[component]
pub fn SignIn() -> impl IntoView {
    crate::format::set_title("Sign in");
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let next = move || safe_next(query.with_untracked(|q| q.get("next")));

    // Someone already signed in (or resumed) has nothing to do here.
    let go = navigate.clone();
    Effect::new(move |_| {
        if matches!(session.auth.get(), Auth::SignedIn(_)) {
            go(&next(), Default::default());
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let (e, p) = (
            email.get_untracked().trim().to_owned(),
            password.get_untracked(),
        );
        if e.is_empty() || p.is_empty() {
            error.set(Some("Enter your email address and password.".to_owned()));
            return;
        }
        pending.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            if let Err(err) = session.sign_in(e, p).await {
                error.set(Some(sign_in_error(&err)));
                password.set(String::new());
            }
            pending.set(false);
        });
    };

    view! {
        <AuthFrame>
            <h1>"Sign in"</h1>
            <p>"Welcome back. Sign in to your organisation's ISMS."</p>
            {move || {
                session
                    .notice
                    .get()
                    .map(|text| {
                        view! {
                            <div class="alert alert-info" role="status" data-testid="signin-notice">
                                {text}
                            </div>
                        }
                    })
            }}
            <form class="form" on:submit=submit id="signin-form" data-testid="signin-form" novalidate>
                <ErrorAlert message=Signal::derive(move || error.get()) />
                <Field label="Email" id="signin-email">
                    <input
                        class="input"
                        id="signin-email"
                        name="email"
                        type="email"
                        autocomplete="username"
                        required
                        bind:value=email
                    />
                </Field>
                <Field label="Password" id="signin-password">
                    <input
                        class="input"
                        id="signin-password"
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        required
                        bind:value=password
                    />
                </Field>
                <button
                    class="btn btn-primary btn-block"
                    type="submit"
                    id="signin-submit"
                    disabled=move || pending.get()
                >
                    {move || if pending.get() { "Signing in…" } else { "Sign in" }}
                </button>
            </form>
            <p class="auth-foot">
                "Were you sent an invitation code? "
                <A href="/accept-invitation">"Set your password"</A>
            </p>
        </AuthFrame>
    }
}
