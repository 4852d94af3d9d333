//! A panel holding one form, e.g. "New group": its title and Cancel, the form's general error, its fields.

use crate::components::feedback::ErrorAlert;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// The panel; `children` are the form's fields and buttons.
#[component]
pub fn FormPanel<F>(
    #[prop(into)] title: String,
    testid: &'static str,
    #[prop(default = "panel")] class: &'static str,
    /// The error shown above the fields.
    #[prop(into)]
    message: Signal<Option<String>>,
    on_submit: F,
    on_close: Callback<()>,
    children: Children,
) -> impl IntoView
where
    F: FnMut(SubmitEvent) + 'static,
{
    view! {
        <section class=class data-testid=testid>
            <div class="panel-head">
                <h2>{title}</h2>
                <button class="btn btn-sm btn-ghost" type="button" on:click=move |_| on_close.run(())>"Cancel"</button>
            </div>
            <form class="form" on:submit=on_submit novalidate>
                <ErrorAlert message=message />
                {children()}
            </form>
        </section>
    }
}
