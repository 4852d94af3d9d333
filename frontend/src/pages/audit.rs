//! stub
use leptos::prelude::*;
/// stub
#[component]
pub fn AuditTrail() -> impl IntoView {
    view! { <p>"AuditTrail"</p> }
}
