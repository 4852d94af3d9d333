//! stub
use leptos::prelude::*;
/// stub
#[component]
pub fn Tokens() -> impl IntoView {
    view! { <p>"Tokens"</p> }
}
