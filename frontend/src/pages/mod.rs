//! One module per screen.

pub mod access;
pub mod audits;
pub mod clusters;
pub mod events;
pub mod frameworks;
pub mod home;
pub mod home_dashboard;
pub mod kpis;
pub mod not_found;
pub mod packs;
pub mod privacy;
pub mod risk;
pub mod work;

/// The `:id` of the route, when it is an id.
pub fn route_id() -> leptos::prelude::Memo<Option<uuid::Uuid>> {
    use leptos::prelude::*;
    let params = leptos_router::hooks::use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<uuid::Uuid>().ok())))
}
