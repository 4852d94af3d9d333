//! The head of a screen: its title, a line on what the screen is for, then its actions.

use leptos::prelude::*;

/// The `page-head`; `children` (the `page-actions`, often behind a `Show`) follow the title.
#[component]
pub fn PageHead(
    #[prop(into)] title: String,
    #[prop(into)] intro: String,
    /// The title's test id.
    #[prop(optional)]
    testid: Option<&'static str>,
    /// The class of the block holding the title and the line, e.g. `page-title`.
    #[prop(optional)]
    title_class: Option<&'static str>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="page-head">
            <div class=title_class>
                <h1 data-testid=testid>{title}</h1>
                <p>{intro}</p>
            </div>
            {children.map(|c| c())}
        </div>
    }
}
