//! The SoA as a file: CSV and XLSX spreadsheets, and an OSCAL system security plan (JSON).

use crate::api;
use crate::components::download::{download, file_name};
use crate::components::toasts::use_toasts;
use crate::session::use_session;
use annex_client::domain::frameworks::oscal;
use annex_client::domain::work::exchange::ExchangeFormat;
use leptos::prelude::*;

/// "CSV", "XLSX" and "OSCAL": the SoA (or the register of `framework`) as a file. The plan is
/// saved under the name of its framework (`framework_id`, once the SoA is loaded), beside which
/// the framework's profile and catalog resolve.
#[component]
pub fn SoaExports(
    framework: StoredValue<Option<String>>,
    #[prop(into)] framework_id: Signal<Option<String>>,
) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let busy = RwSignal::new(false);
    let export = move |format: Option<ExchangeFormat>| {
        busy.set(true);
        let framework = framework.get_value();
        let plan_name = framework_id
            .get_untracked()
            .map(|id| oscal::ssp_file_name(&id));
        let title = match &framework {
            Some(id) => format!("{id} compliance register"),
            None => "Statement of Applicability".to_owned(),
        };
        leptos::task::spawn_local(async move {
            let result = match format {
                Some(format) => api::call(session, async |c| {
                    c.export_soa(format, framework.as_deref()).await
                })
                .await
                .map(|bytes| {
                    let name = file_name(&title, format.extension());
                    (bytes, name, format.content_type())
                }),
                None => api::call(session, async |c| c.soa_oscal(framework.as_deref()).await)
                    .await
                    .map(|json| {
                        let bytes = serde_json::to_vec_pretty(&json).unwrap_or_default();
                        let name = plan_name
                            .unwrap_or_else(|| file_name(&format!("{title} OSCAL SSP"), "json"));
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
