//! Pieces the SoA screens share: the applicability and implementation chips, and the form that
//! asks why a control is excluded.

use crate::api::Failure;
use crate::components::work::Chip;
use annex_client::domain::frameworks::ImplementationStatus;
use leptos::prelude::*;

/// The colour of an implementation status: grey not started, amber partial, green implemented.
pub fn status_colour(status: ImplementationStatus) -> &'static str {
    match status {
        ImplementationStatus::NotStarted => "#6b7589",
        ImplementationStatus::Partial => "#f5b400",
        ImplementationStatus::Implemented => "#1c7c4d",
        ImplementationStatus::NotApplicable => "#dde2ec",
    }
}

/// A status in few words, for tight places such as a table cell's select.
pub fn short_label(status: ImplementationStatus) -> &'static str {
    match status {
        ImplementationStatus::Partial => "Partial",
        other => other.label(),
    }
}

/// The colour of a status in a bar chart, where not started is the light rest of the bar.
pub fn bar_colour(status: ImplementationStatus) -> &'static str {
    match status {
        ImplementationStatus::NotStarted => "#c5ccda",
        other => status_colour(other),
    }
}

/// The statuses an applicable control may take (`not_applicable` comes only with excluding it).
pub const APPLICABLE_STATUSES: [ImplementationStatus; 3] = [
    ImplementationStatus::NotStarted,
    ImplementationStatus::Partial,
    ImplementationStatus::Implemented,
];

/// A control's implementation status as a coloured chip.
#[component]
pub fn ImplementationChip(status: ImplementationStatus) -> impl IntoView {
    view! { <Chip label=status.label() colour=status_colour(status) testid="soa-status" /> }
}

/// "Applicable" or "Excluded".
#[component]
pub fn ApplicabilityChip(applicable: bool) -> impl IntoView {
    let (class, label) = if applicable {
        ("badge badge-info", "Applicable")
    } else {
        ("badge badge-warning", "Excluded")
    };
    view! {
        <span class=class data-testid="soa-applicability" data-label=label>
            {label}
        </span>
    }
}

/// Shown when someone tries to exclude a control without saying why.
pub const JUSTIFICATION_NEEDED: &str =
    "Say why the control is excluded: an exclusion needs a justification.";

/// Asks for the justification of an exclusion: a required text, checked here before it is sent,
/// and the server's refusal shown if it still says no.
#[component]
pub fn JustificationForm(
    /// The words of the submit button, e.g. "Exclude A.7.5".
    #[prop(into)]
    submit_label: String,
    /// What the justification starts as (an earlier one when editing it).
    #[prop(into, default = String::new())]
    initial: String,
    #[prop(into)] pending: Signal<bool>,
    /// The server's refusal, if any.
    #[prop(into)]
    failure: Signal<Option<Failure>>,
    on_submit: Callback<String>,
    on_cancel: Callback<()>,
    /// Distinguishes the form's ids when several are on a page.
    #[prop(into)]
    id: String,
) -> impl IntoView {
    let text = RwSignal::new(initial);
    let blank = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let given = text.get_untracked().trim().to_owned();
        if given.is_empty() {
            blank.set(true);
            return;
        }
        blank.set(false);
        on_submit.run(given);
    };
    let error = move || {
        if blank.get() {
            return Some(JUSTIFICATION_NEEDED.to_owned());
        }
        failure.with(|f| {
            f.as_ref().map(|f| {
                f.field("justification")
                    .unwrap_or_else(|| f.message.clone())
            })
        })
    };
    let input_id = format!("{id}-justification");
    view! {
        <form class="form justification-form" on:submit=submit data-testid="justification-form" novalidate>
            <div class="field">
                <label for=input_id.clone()>
                    "Justification for excluding"
                    <span class="required" title="Required">" *"</span>
                </label>
                <textarea
                    class="textarea"
                    id=input_id
                    rows="3"
                    aria-required="true"
                    aria-invalid=move || error().is_some().to_string()
                    placeholder="Why this control does not apply, e.g. no on-site data centre."
                    data-testid="justification-input"
                    bind:value=text
                ></textarea>
                {move || error().map(|text| view! {
                    <span class="field-error" role="alert" data-testid="justification-error">{text}</span>
                })}
            </div>
            <div class="btn-row">
                <button class="btn btn-primary btn-sm" type="submit" data-testid="justification-save" disabled=move || pending.get()>
                    {move || if pending.get() { "Saving…".to_owned() } else { submit_label.clone() }}
                </button>
                <button class="btn btn-sm" type="button" on:click=move |_| on_cancel.run(())>"Cancel"</button>
            </div>
        </form>
    }
}
