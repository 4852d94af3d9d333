//! Annex's web UI: a Leptos client-side app served by the Annex server at `/`.
//!
//! Every API call goes through `annex-client`; the session (tokens, refresh) lives in [`session`],
//! the routes in [`app`], and each screen in [`pages`].

mod api;
mod app;
mod components;
mod format;
mod pages;
mod session;
mod storage;
mod submission;

fn main() {
    console_error_panic_hook::set_once();
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    leptos::mount::mount_to_body(app::App);
}
