//! Handing bytes the API returned to the browser as a file download.

use wasm_bindgen::JsCast;

/// A file name from a record's name: letters, digits, spaces and dashes, then `.extension`.
pub fn file_name(stem: &str, extension: &str) -> String {
    let stem: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let stem = stem.trim();
    format!(
        "{}.{extension}",
        if stem.is_empty() { "export" } else { stem }
    )
}

/// Hands `bytes` to the browser as a download named `name` of type `content_type`.
pub fn download(bytes: &[u8], name: &str, content_type: &str) -> Result<(), String> {
    let fail = |_| "The browser refused the download.".to_owned();
    let window = web_sys::window().ok_or("No browser window.")?;
    let document = window.document().ok_or("No document.")?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(content_type);
    let blob =
        web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let link: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| "No link element.".to_owned())?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // The click has started the download; the address is no longer needed.
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}
