//! stub
use leptos::prelude::*;
/// stub
#[component]
pub fn Users() -> impl IntoView {
    view! { <p>"Users"</p> }
}
