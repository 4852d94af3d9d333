//! A value shown once, such as a new API token or an invitation code, with a copy button.

use leptos::prelude::*;

/// Puts `text` on the clipboard; resolves whether it worked.
async fn copy_to_clipboard(text: String) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let promise = window.navigator().clipboard().write_text(&text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// The secret in a monospace box with a Copy button that confirms when it worked.
#[component]
pub fn SecretValue(#[prop(into)] value: String, testid: &'static str) -> impl IntoView {
    let copied = RwSignal::new(None::<bool>);
    let to_copy = value.clone();
    let copy = move |_| {
        let text = to_copy.clone();
        leptos::task::spawn_local(async move {
            copied.set(Some(copy_to_clipboard(text).await));
        });
    };
    view! {
        <div class="secret">
            <code data-testid=testid>{value}</code>
            <button class="btn" type="button" on:click=copy data-testid=format!("{testid}-copy")>
                {move || match copied.get() {
                    Some(true) => "Copied",
                    Some(false) => "Select and copy",
                    None => "Copy",
                }}
            </button>
        </div>
    }
}
