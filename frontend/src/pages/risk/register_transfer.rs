//! The risk register to and from a spreadsheet: "Export CSV / XLSX" downloads every risk with its
//! readings; "Import readings" reads an edited export back, checks it first (a dry run listing
//! every bad row and cell), then records each changed likelihood and impact pair as a new reading
//! on confirmation.

use crate::api::{self, Failure};
use crate::components::download::{download, file_name};
use crate::components::toasts::use_toasts;
use crate::session::use_session;
use crate::submission::Submission;
use annex_client::domain::risk::register_sheet::RiskImportReport;
use annex_client::domain::work::exchange::{ExchangeFormat, ImportRowError};
use leptos::prelude::*;
use std::sync::Arc;

/// What the export files are called.
const FILE_STEM: &str = "Risk register";

/// "Export CSV" and "Export XLSX".
#[component]
pub fn RegisterExport() -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let busy = Submission::new();
    let export = move |format: ExchangeFormat| {
        let name = file_name(FILE_STEM, format.extension());
        busy.run(
            async move { api::call(session, async |c| c.export_risks(format).await).await },
            move |result| match result {
                Ok(bytes) => match download(&bytes, &name, format.content_type()) {
                    Ok(()) => toasts.info(format!("Exported {name}.")),
                    Err(text) => toasts.error(text),
                },
                Err(err) => toasts.error(api::describe(&err)),
            },
        );
    };
    view! {
        <button class="btn" type="button" data-testid="risk-export-csv" disabled=move || busy.running() on:click=move |_| export(ExchangeFormat::Csv)>
            "Export CSV"
        </button>
        <button class="btn" type="button" data-testid="risk-export-xlsx" disabled=move || busy.running() on:click=move |_| export(ExchangeFormat::Xlsx)>
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

/// "1 reading", "3 readings".
fn readings(n: usize) -> String {
    crate::format::count(n as i64, "reading", "readings")
}

/// What a checked file would do: "2 readings would be recorded, 5 rows unchanged".
fn dry_run_summary(report: &RiskImportReport) -> String {
    let rows = if report.unchanged == 1 { "row" } else { "rows" };
    format!(
        "{} would be recorded, {} {rows} unchanged",
        readings(report.recorded),
        report.unchanged
    )
}

/// One bad cell or row as a person reads it: "Row 3, Current likelihood: must be 1 to 5".
fn row_error(e: &ImportRowError) -> String {
    match &e.column {
        Some(column) => format!("Row {}, {column}: {}", e.row, e.message),
        None => format!("Row {}: {}", e.row, e.message),
    }
}

/// The import panel: choose a file, see what it would record, then confirm; `on_done` runs after
/// readings were recorded.
#[component]
pub fn RegisterImport(on_close: Callback<()>, on_done: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let input = NodeRef::<leptos::html::Input>::new();
    let upload = RwSignal::new(None::<Upload>);
    let report = RwSignal::new(None::<RiskImportReport>);
    let failure = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);

    // Sends the upload, as a dry run or for real.
    let send = move |dry_run: bool| {
        let Some(up) = upload.get_untracked() else {
            failure.set(Some("Choose a file first.".to_owned()));
            return;
        };
        pending.set(true);
        failure.set(None);
        leptos::task::spawn_local(async move {
            let result = api::call(session, async |c| {
                c.import_risks(up.format, up.bytes.to_vec(), dry_run).await
            })
            .await;
            if pending.is_disposed() {
                return;
            }
            pending.set(false);
            match result {
                Ok(r) if dry_run || !r.errors.is_empty() => report.set(Some(r)),
                Ok(r) => {
                    toasts.info(format!(
                        "Recorded {} from {}.",
                        readings(r.recorded),
                        up.name
                    ));
                    on_done.run(());
                    on_close.run(());
                }
                Err(err) => failure.set(Some(Failure::from(err).message)),
            }
        });
    };
    // Choosing a file checks it straight away: nothing is written until Confirm.
    let chosen = move |_| {
        upload.set(None);
        report.set(None);
        failure.set(None);
        let Some(el) = input.get_untracked() else {
            return;
        };
        pending.set(true);
        leptos::task::spawn_local(async move {
            let read = read_file(el).await;
            if pending.is_disposed() {
                return;
            }
            pending.set(false);
            match read {
                Ok(up) => {
                    upload.set(Some(up));
                    send(true);
                }
                Err(text) => failure.set(Some(text)),
            }
        });
    };

    view! {
        <section class="panel" data-testid="risk-import-panel">
            <div class="panel-head">
                <h2>"Import readings"</h2>
                <button class="btn btn-sm btn-ghost" type="button" on:click=move |_| on_close.run(())>"Close"</button>
            </div>
            <p class="small muted" data-testid="risk-import-help">
                "Edit the likelihood and impact columns of an exported register; each changed pair is recorded as a new reading."
            </p>
            <div class="btn-row">
                <input
                    type="file"
                    accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    data-testid="risk-import-file"
                    node_ref=input
                    on:change=chosen
                />
                {move || pending.get().then(|| view! { <span class="muted">"Checking…"</span> })}
            </div>
            {move || failure.get().map(|text| view! { <div class="alert alert-error" role="alert" data-testid="risk-import-error">{text}</div> })}
            {move || report.get().map(|r| view! { <ImportOutcome report=r pending=pending confirm=Callback::new(move |()| send(false)) /> })}
        </section>
    }
}

/// The server's answer to a file: what it would record, or every bad row and cell.
#[component]
fn ImportOutcome(
    report: RiskImportReport,
    pending: RwSignal<bool>,
    confirm: Callback<()>,
) -> impl IntoView {
    if !report.errors.is_empty() {
        let lines = report
            .errors
            .iter()
            .map(|e| view! { <li data-testid="risk-import-row-error">{row_error(e)}</li> })
            .collect_view();
        return view! {
            <div class="alert alert-warning" data-testid="risk-import-report" data-ok="false">
                <div>
                    <p data-testid="risk-import-summary">"Nothing was recorded: correct these and choose the file again."</p>
                    <ul>{lines}</ul>
                </div>
            </div>
        }
        .into_any();
    }
    let recorded = report.recorded;
    view! {
        <div class="alert alert-success" data-testid="risk-import-report" data-ok="true" data-recorded=recorded.to_string()>
            <p data-testid="risk-import-summary">{dry_run_summary(&report)}</p>
            {(recorded > 0).then(|| view! {
                <div class="btn-row">
                    <button class="btn btn-primary" type="button" data-testid="risk-import-confirm"
                        disabled=move || pending.get() on:click=move |_| confirm.run(())>
                        {format!("Record {}", readings(recorded))}
                    </button>
                </div>
            })}
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dry_run_says_what_it_would_record() {
        let report = RiskImportReport {
            dry_run: true,
            recorded: 1,
            unchanged: 4,
            errors: vec![],
        };
        assert_eq!(
            dry_run_summary(&report),
            "1 reading would be recorded, 4 rows unchanged"
        );
    }

    #[test]
    fn row_errors_name_the_row_and_the_column_when_there_is_one() {
        let cell = ImportRowError {
            row: 3,
            column: Some("Current likelihood".to_owned()),
            message: "must be 1 to 5".to_owned(),
        };
        assert_eq!(
            row_error(&cell),
            "Row 3, Current likelihood: must be 1 to 5"
        );
        let row = ImportRowError {
            column: None,
            ..cell
        };
        assert_eq!(row_error(&row), "Row 3: must be 1 to 5");
    }
}
