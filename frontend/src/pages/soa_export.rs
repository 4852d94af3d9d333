//! The SoA as a file: CSV and XLSX spreadsheets, and an OSCAL system security plan (JSON).

use crate::api;
use crate::components::download::{download, file_name};
use crate::components::toasts::use_toasts;
use crate::session::use_session;
use annex_client::domain::work::exchange::ExchangeFormat;
use leptos::prelude::*;

/// "CSV", "XLSX" and "OSCAL": the SoA as a file.
#[component]
pub fn SoaExports() -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let busy = RwSignal::new(false);
    let export = move |format: Option<ExchangeFormat>| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = match format {
                Some(format) => api::call(session, async |c| c.export_soa(format, None).await)
                    .await
                    .map(|bytes| {
                        let name = file_name("Statement of Applicability", format.extension());
                        (bytes, name, format.content_type())
                    }),
                None => api::call(session, async |c| c.soa_oscal(None).await)
                    .await
                    .map(|json| {
                        let bytes = serde_json::to_vec_pretty(&json).unwrap_or_default();
                        let name = file_name("Statement of Applicability OSCAL SSP", "json");
                        (bytes, name, "application/json")
                    }),
            };
            if busy.is_disposed() {
                return;
            }
            busy.set(false);
            match result {
                Ok((bytes, name, content_type)) => match download(&bytes, &name, content_type) {
                    Ok(()) => toasts.info(format!("Exported {name}.")),
                    Err(text) => toasts.error(text),
                },
                Err(err) => toasts.error(api::describe(&err)),
            }
        });
    };
    view! {
        <div class="btn-group" role="group" aria-label="Export">
            <button class="btn" type="button" data-testid="soa-export-csv" disabled=move || busy.get() on:click=move |_| export(Some(ExchangeFormat::Csv))>
                "CSV"
            </button>
            <button class="btn" type="button" data-testid="soa-export-xlsx" disabled=move || busy.get() on:click=move |_| export(Some(ExchangeFormat::Xlsx))>
                "XLSX"
            </button>
            <button class="btn" type="button" data-testid="soa-export-oscal" title="OSCAL system security plan (JSON)" disabled=move || busy.get() on:click=move |_| export(None)>
                "OSCAL"
            </button>
        </div>
    }
}
