//! A toggle among a list's views or filters ("All risks", "Above appetite", …), pressed while chosen.

use leptos::prelude::*;

/// One chip of a `soa-views` group.
#[component]
pub fn FilterChip(
    /// Whether this chip's view is the one shown.
    #[prop(into)]
    active: Signal<bool>,
    #[prop(into)] testid: String,
    label: &'static str,
    on_select: Callback<()>,
) -> impl IntoView {
    view! {
        <button class="filter-chip" class:active=move || active.get() type="button"
            aria-pressed=move || active.get().to_string()
            data-testid=testid
            on:click=move |_| on_select.run(())>
            {label}
        </button>
    }
}
