//! stub
use leptos::prelude::*;
/// stub
#[component]
pub fn Groups() -> impl IntoView {
    view! { <p>"Groups"</p> }
}
