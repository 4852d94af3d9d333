//! A tracker to and from a spreadsheet: "Export CSV / XLSX" downloads it; "Import" checks a file
//! first (a dry run listing every bad row and cell), then imports it all or nothing on confirmation.

use crate::api::{self, Failure};
use crate::components::download::{download, file_name};
use crate::components::toasts::use_toasts;
use crate::pages::work::tracker::TrackerState;
use crate::session::use_session;
use crate::submission::Submission;
use annex_client::domain::work::exchange::{ExchangeFormat, ImportReport};
use annex_client::domain::work::spaces::Space;
use leptos::prelude::*;
use std::sync::Arc;

/// "Export CSV" and "Export XLSX".
#[component]
pub fn ExportButtons(space: Arc<Space>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let busy = Submission::new();
    let (id, name) = (space.id, space.name.clone());
    let export = move |format: ExchangeFormat| {
        let name = file_name(&name, format.extension());
        busy.run(
            async move { api::call(session, async |c| c.export_space(id, format).await).await },
            move |result| match result {
                Ok(bytes) => match download(&bytes, &name, format.content_type()) {
                    Ok(()) => toasts.info(format!("Exported {name}.")),
                    Err(text) => toasts.error(text),
                },
                Err(err) => toasts.error(api::describe(&err)),
            },
        );
    };
    let export_csv = export.clone();
    view! {
        <button class="btn" type="button" data-testid="export-csv" disabled=move || busy.running() on:click=move |_| export_csv(ExchangeFormat::Csv)>
            "Export CSV"
        </button>
        <button class="btn" type="button" data-testid="export-xlsx" disabled=move || busy.running() on:click=move |_| export(ExchangeFormat::Xlsx)>
            "Export XLSX"
        </button>
    }
}

/// The chosen file, read.
#[derive(Clone)]
struct Upload {
    name: String,
    format: ExchangeFormat,
    bytes: Arc<Vec<u8>>,
}

/// The format of a file by its name.
fn format_of(name: &str) -> Option<ExchangeFormat> {
    let lower = name.to_lowercase();
    if lower.ends_with(".csv") {
        Some(ExchangeFormat::Csv)
    } else if lower.ends_with(".xlsx") {
        Some(ExchangeFormat::Xlsx)
    } else {
        None
    }
}

/// Reads the file chosen in `input`.
async fn read_file(input: web_sys::HtmlInputElement) -> Result<Upload, String> {
    let file = input
        .files()
        .and_then(|files| files.get(0))
        .ok_or("Choose a file first.")?;
    let name = file.name();
    let format = format_of(&name).ok_or("Choose a .csv or .xlsx file.")?;
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| "The file could not be read.".to_owned())?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    Ok(Upload {
        name,
        format,
        bytes: Arc::new(bytes),
    })
}

/// The import panel: choose a file, check it, then import it.
#[component]
pub fn ImportPanel(state: TrackerState, on_close: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let space_id = state.space.with_value(|s| s.id);
    let input = NodeRef::<leptos::html::Input>::new();
    let upload = RwSignal::new(None::<Upload>);
    let report = RwSignal::new(None::<ImportReport>);
    let failure = RwSignal::new(None::<String>);
    let pending = Submission::new();

    // Sends the upload, as a dry run or for real.
    let send = move |dry_run: bool| {
        let Some(up) = upload.get_untracked() else {
            failure.set(Some("Choose a file first.".to_owned()));
            return;
        };
        failure.set(None);
        pending.run(
            async move {
                let bytes = up.bytes.to_vec();
                api::call(session, async |c| {
                    c.import_space(space_id, up.format, bytes.clone(), dry_run)
                        .await
                })
                .await
            },
            move |result| match result {
                Ok(r) if dry_run || !r.errors.is_empty() => report.set(Some(r)),
                Ok(r) => {
                    toasts.info(format!(
                        "Imported {}: {} created, {} updated, {} unchanged.",
                        up.name, r.created, r.updated, r.unchanged
                    ));
                    state.refresh();
                    on_close.run(());
                }
                Err(err) => failure.set(Some(Failure::from(err).message)),
            },
        );
    };
    let check = move |_| {
        report.set(None);
        failure.set(None);
        let Some(el) = input.get_untracked() else {
            return;
        };
        pending.run(async move { read_file(el).await }, move |read| match read {
            Ok(up) => {
                upload.set(Some(up));
                send(true);
            }
            Err(text) => failure.set(Some(text)),
        });
    };

    view! {
        <section class="panel" data-testid="import-panel">
            <div class="panel-head">
                <h2>"Import a spreadsheet"</h2>
                <button class="btn btn-sm btn-ghost" type="button" on:click=move |_| on_close.run(())>"Close"</button>
            </div>
            <p class="small muted">
                "CSV or XLSX with a header row, as Export writes it. Rows without a number become new items; rows with one update that item. "
                "The file is checked first and nothing is written until you confirm; an import with any bad row writes nothing."
            </p>
            <div class="btn-row">
                <input
                    type="file"
                    accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    data-testid="import-file"
                    node_ref=input
                    on:change=move |_| {
                        upload.set(None);
                        report.set(None);
                    }
                />
                <button class="btn" type="button" data-testid="import-check" disabled=move || pending.running() on:click=check>
                    "Check file"
                </button>
            </div>
            {move || failure.get().map(|text| view! { <div class="alert alert-error" role="alert" data-testid="import-error">{text}</div> })}
            {move || report.get().map(|r| {
                let ok = r.errors.is_empty();
                let summary = format!(
                    "{} new, {} updated, {} unchanged{}",
                    r.created,
                    r.updated,
                    r.unchanged,
                    if ok { String::new() } else { format!(" — {} problems", r.errors.len()) }
                );
                view! {
                    <div class="import-report" data-testid="import-report" data-ok=ok.to_string()>
                        <p class:alert=true class:alert-success=ok class:alert-warning=!ok data-testid="import-summary">
                            {if r.dry_run { "Check: " } else { "Refused: " }}
                            {summary}
                        </p>
                        {(!ok).then(|| view! {
                            <div class="table-wrap">
                                <table class="table" data-testid="import-errors">
                                    <thead><tr><th class="num">"Row"</th><th>"Column"</th><th>"Problem"</th></tr></thead>
                                    <tbody>
                                        {r.errors.iter().map(|e| view! {
                                            <tr data-testid="import-error-row">
                                                <td class="num">{e.row}</td>
                                                <td>{e.column.clone().unwrap_or_else(|| "—".to_owned())}</td>
                                                <td>{e.message.clone()}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            <p class="small muted">"Correct the file and check it again."</p>
                        })}
                        {(ok && r.dry_run).then(|| view! {
                            <div class="btn-row">
                                <button class="btn btn-primary" type="button" data-testid="import-confirm" disabled=move || pending.running() on:click=move |_| send(false)>
                                    {format!("Import {} rows", r.created + r.updated)}
                                </button>
                            </div>
                        })}
                    </div>
                }
            })}
        </section>
    }
}
