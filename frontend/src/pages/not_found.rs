//! The screen for an address the app does not know.

use crate::components::icon::{Glyph, Icon};
use leptos::prelude::*;
use leptos_router::components::A;

/// A friendly 404 with the way home.
#[component]
pub fn NotFound() -> impl IntoView {
    crate::format::set_title("Page not found");
    view! {
        <div class="notice-page" data-testid="not-found">
            <div class="empty">
                <div class="empty-icon" aria-hidden="true"><Icon glyph=Glyph::Search /></div>
                <h1>"Page not found"</h1>
                <p>"There is nothing at this address. It may have moved, or the link may be wrong."</p>
                <A href="/" attr:class="btn btn-primary">"Go to Home"</A>
            </div>
        </div>
    }
}
