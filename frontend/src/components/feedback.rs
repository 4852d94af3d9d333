//! What a screen shows while waiting, when a list is empty, and when a load failed.

use crate::api::Failure;
use crate::components::icon::{Glyph, Icon};
use leptos::error::Errors;
use leptos::prelude::*;

/// A spinner with a word on what is loading.
#[component]
pub fn Loading(#[prop(into, default = "Loading…".to_owned())] label: String) -> impl IntoView {
    view! {
        <div class="loading" role="status" data-testid="loading">
            <span class="spinner" aria-hidden="true"></span>
            <span>{label}</span>
        </div>
    }
}

/// An empty list: what it would hold, and the action that fills it.
#[component]
pub fn EmptyState(
    glyph: Glyph,
    #[prop(into)] title: String,
    #[prop(into)] text: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="empty" data-testid="empty-state">
            <div class="empty-icon" aria-hidden="true"><Icon glyph=glyph /></div>
            <h3>{title}</h3>
            <p>{text}</p>
            {children.map(|c| c())}
        </div>
    }
}

/// An inline error box, e.g. above a form.
#[component]
pub fn ErrorAlert(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    move || {
        message.get().map(|text| {
            view! {
                <div class="alert alert-error" role="alert" data-testid="form-error">
                    {text}
                </div>
            }
        })
    }
}

/// The message of a field's first error, under its input.
#[component]
pub fn FieldError(
    #[prop(into)] failure: Signal<Option<Failure>>,
    field: &'static str,
) -> impl IntoView {
    move || {
        failure
            .with(|f| f.as_ref().and_then(|f| f.field(field)))
            .map(|text| {
                view! {
                    <span class="field-error" data-testid=format!("error-{field}")>
                        {text}
                    </span>
                }
            })
    }
}

/// What a failed load shows in place of its data (the fallback of an `ErrorBoundary`), with a way to try again.
#[component]
pub fn LoadError(errors: ArcRwSignal<Errors>, retry: Callback<()>) -> impl IntoView {
    let message = move || {
        errors.with(|errors| {
            errors
                .iter()
                .next()
                .map(|(_, e)| e.to_string())
                .unwrap_or_default()
        })
    };
    view! {
        <div class="empty" data-testid="load-error">
            <div class="empty-icon" aria-hidden="true"><Icon glyph=Glyph::Alert /></div>
            <h3>"This could not be loaded"</h3>
            <p>{message}</p>
            <button class="btn" type="button" on:click=move |_| retry.run(())>
                "Try again"
            </button>
        </div>
    }
}
