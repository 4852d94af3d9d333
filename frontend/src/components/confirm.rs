//! A destructive button that asks first: pressed once it turns into "question? [Action] [Cancel]".

use leptos::prelude::*;

/// A button (`testid`) that asks before it acts; the confirming button is `{testid}-confirm`.
#[component]
pub fn ConfirmButton(
    /// Whether the question is showing; the screen may close it when the action is done.
    confirming: RwSignal<bool>,
    /// The classes of the first button, e.g. `btn btn-danger`.
    class: &'static str,
    /// The first button's and the confirming button's word, e.g. "Delete".
    action: &'static str,
    /// The confirming button's word where it differs from `action`.
    #[prop(optional)]
    confirm: Option<&'static str>,
    testid: &'static str,
    /// What is asked beside the buttons, e.g. "Delete this group?".
    #[prop(optional)]
    question: Option<&'static str>,
    /// Whether the action is running (disables the confirming button).
    #[prop(optional, into)]
    busy: Option<Signal<bool>>,
    on_confirm: Callback<()>,
) -> impl IntoView {
    view! {
        <Show
            when=move || confirming.get()
            fallback=move || view! {
                <button class=class type="button" data-testid=testid on:click=move |_| confirming.set(true)>
                    {action}
                </button>
            }
        >
            <span class="confirm">
                {question}
                <button class="btn btn-sm btn-danger-solid" type="button" data-testid=format!("{testid}-confirm")
                    disabled=move || busy.is_some_and(|b| b.get()) on:click=move |_| on_confirm.run(())>
                    {confirm.unwrap_or(action)}
                </button>
                <button class="btn btn-sm" type="button" on:click=move |_| confirming.set(false)>"Cancel"</button>
            </span>
        </Show>
    }
}
