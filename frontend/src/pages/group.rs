//! stub
use leptos::prelude::*;
/// stub
#[component]
pub fn GroupPage() -> impl IntoView {
    view! { <p>"GroupPage"</p> }
}
