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

/// A failure that no field took, in an error box where the form's buttons start.
#[component]
pub fn FailureAlert(failure: RwSignal<Option<Failure>>) -> impl IntoView {
    move || {
        failure
            .get()
            .filter(|f| f.fields.is_empty())
            .map(|f| view! { <div class="alert alert-error" role="alert">{f.message}</div> })
    }
}

/// The message of a failure that no field took, for the `ErrorAlert` above a form.
pub fn general_error(failure: RwSignal<Option<Failure>>) -> Signal<Option<String>> {
    Signal::derive(move || {
        failure.with(|f| {
            f.as_ref()
                .filter(|f| f.fields.is_empty())
                .map(|f| f.message.clone())
        })
    })
}

/// The message of a failure, `field`'s own where the server named it: for a one-field form.
pub fn field_or_general(
    failure: RwSignal<Option<Failure>>,
    field: &'static str,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        failure.with(|f| {
            f.as_ref()
                .map(|f| f.field(field).unwrap_or_else(|| f.message.clone()))
        })
    })
}

/// A form field: its label for the input `id`, the input (`children`, with any hint), and the
/// server's message for `field` under it.
#[component]
pub fn Field(
    label: &'static str,
    /// The id of the input the label names.
    id: &'static str,
    #[prop(optional, into)] failure: Option<Signal<Option<Failure>>>,
    #[prop(optional)] field: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {children()}
            {failure.zip(field).map(|(failure, field)| view! { <FieldError failure=failure field=field /> })}
        </div>
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

/// A resource as a screen shows it: a spinner (`label`) until it answers, the failure with a way
/// to try again, else what `children` makes of the value.
#[component]
pub fn ResourceView<T, V, F>(
    resource: LocalResource<Result<T, Failure>>,
    #[prop(into)] label: String,
    retry: Callback<()>,
    children: F,
) -> impl IntoView
where
    T: Clone + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <Transition fallback=move || view! { <Loading label=label.clone() /> }>
            <ErrorBoundary fallback=move |errors| view! { <LoadError errors=errors retry=retry /> }>
                {move || resource.get().map(|r| r.map(&children))}
            </ErrorBoundary>
        </Transition>
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
