//! The "Management review inputs" card of an ISMS Board item (ISO 27001 clause 9.3.2): a period
//! picker, each section's headline figures from live records, and the report as a printable page
//! (opened in a new tab) or a workbook. Shown only for items of the ISMS Board project (the
//! endpoint answers 404 for anything else).

use crate::api::{self, Failure};
use crate::components::download::{download, file_name};
use crate::components::feedback::Field;
use crate::components::toasts::use_toasts;
use crate::pages::work::item::ItemScope;
use crate::session::use_session;
use crate::submission::Submission;
use annex_client::ApiError;
use annex_client::domain::audits::management_review::{
    ManagementReviewInputs, ReportFormat, heading,
};
use chrono::{Months, NaiveDate};
use leptos::prelude::*;

/// Twelve months before today: the period a review looks back over unless told otherwise.
fn a_year_ago() -> NaiveDate {
    let today = crate::format::now().date_naive();
    today.checked_sub_months(Months::new(12)).unwrap_or(today)
}

/// The card, or nothing when the item is not on the ISMS Board.
#[component]
pub fn ReviewInputsPanel(scope: ItemScope) -> impl IntoView {
    let session = use_session();
    let id = scope.item_id;
    let since = RwSignal::new(a_year_ago().to_string());
    let inputs = LocalResource::new(move || {
        scope.pulse.track();
        let since = since.get();
        async move {
            match api::call(session, async |c| {
                c.management_review_inputs(id, Some(&since)).await
            })
            .await
            {
                Ok(found) => Ok(Some(found)),
                Err(ApiError::NotFound(_)) => Ok(None),
                Err(err) => Err(Failure::from(err)),
            }
        }
    });
    // Kept while a new period loads, so the card does not blink.
    let shown = RwSignal::new(None::<ManagementReviewInputs>);
    let hidden = RwSignal::new(false);
    let failure = RwSignal::new(None::<Failure>);
    Effect::new(move |_| match inputs.get() {
        Some(Ok(Some(found))) => {
            failure.set(None);
            shown.set(Some(found));
        }
        Some(Ok(None)) => hidden.set(true),
        Some(Err(f)) => failure.set(Some(f)),
        None => {}
    });

    move || {
        if hidden.get() || (shown.with(Option::is_none) && failure.with(Option::is_none)) {
            return ().into_any();
        }
        view! {
            <section class="card review-inputs" data-testid="review-inputs">
                <div class="card-head">
                    <h2>"Management review inputs"</h2>
                    <ReportButtons item=id since=since />
                </div>
                <p class="muted small">
                    "ISO/IEC 27001 clause 9.3.2, from live records. The report opens in a new tab, ready to print."
                </p>
                <Field label="Period from" id="review-since">
                    <input
                        class="input"
                        type="date"
                        id="review-since"
                        data-testid="review-since"
                        style="max-width: 12rem"
                        prop:value=move || since.get()
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            if !value.is_empty() {
                                since.set(value);
                            }
                        }
                    />
                    {move || failure.get().map(|f| view! {
                        <span class="field-error" data-testid="review-error">
                            {f.field("since").unwrap_or(f.message)}
                        </span>
                    })}
                </Field>
                {move || shown.get().map(|r| view! { <Headlines r=r /> })}
            </section>
        }
        .into_any()
    }
}

/// One headline tile.
fn tile(key: &'static str, lines: Vec<String>) -> impl IntoView {
    view! {
        <div class="stat-tile" data-testid="review-section" data-section=key>
            <span class="stat-l">{heading(key)}</span>
            {lines.into_iter().map(|l| view! { <span class="small">{l}</span> }).collect_view()}
        </div>
    }
}

/// Each section's headline figures.
#[component]
fn Headlines(r: ManagementReviewInputs) -> impl IntoView {
    let a = &r.actions;
    let n = &r.nonconformities;
    let kpis = r.kpis.as_ref().map_or_else(
        || vec!["No KPI tracker".to_owned()],
        |k| {
            vec![
                format!(
                    "{} red, {} amber, {} green",
                    k.rag.red, k.rag.amber, k.rag.green
                ),
                format!("{} readings overdue", k.rag.overdue),
            ]
        },
    );
    let audits = r.audits.as_ref().map_or_else(
        || vec!["No audit programme".to_owned()],
        |au| {
            vec![
                format!("{} audits done", au.done.len()),
                format!(
                    "{} findings raised",
                    au.findings.iter().map(|f| f.count).sum::<i64>()
                ),
            ]
        },
    );
    let risks = r.risks.as_ref().map_or_else(
        || vec!["No risk register".to_owned()],
        |rs| {
            vec![
                format!("{} readings taken", rs.changes.len()),
                format!("{} above appetite now", rs.above_appetite.len()),
            ]
        },
    );
    let packs = if r.packs.is_empty() {
        vec!["No pack published".to_owned()]
    } else {
        r.packs
            .iter()
            .map(|p| format!("{}: {:.0}% accepted", p.name, p.accepted_percent))
            .collect()
    };
    let soa = r.soa.as_ref().map_or_else(
        || vec!["No SoA".to_owned()],
        |s| {
            vec![format!(
                "{}% of {} applicable controls implemented",
                s.implemented_percent, s.applicable
            )]
        },
    );
    view! {
        <p class="small" data-testid="review-period">
            {format!("{} · {} to {}", r.organisation, r.since, r.until)}
        </p>
        <div class="review-figures">
            {tile("actions", vec![
                format!("{} open, {} overdue, {} done", a.open, a.overdue, a.done),
                format!("{} open board items", a.board_items.len()),
            ])}
            {tile("kpis", kpis)}
            {tile("nonconformities", vec![
                format!("{} raised in the period", n.raised),
                format!("{} open, {} overdue", n.open, n.overdue),
            ])}
            {tile("audits", audits)}
            {tile("risks", risks)}
            {tile("packs", packs)}
            {tile("soa", soa)}
        </div>
    }
}

/// "Open printable report" and "Download XLSX".
#[component]
fn ReportButtons(item: uuid::Uuid, since: RwSignal<String>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let busy = Submission::new();
    let fetch = move |format: ReportFormat| {
        // Opened now, while the click still counts as the person's, so no pop-up blocker stops it.
        let tab = (format == ReportFormat::Html)
            .then(|| {
                web_sys::window()
                    .and_then(|w| w.open_with_url_and_target("", "_blank").ok().flatten())
            })
            .flatten();
        let since = since.get_untracked();
        busy.run(
            async move {
                api::call(session, async |c| {
                    c.management_review_report(item, Some(&since), format).await
                })
                .await
            },
            move |result| {
                let bytes = match result {
                    Ok(bytes) => bytes,
                    Err(err) => {
                        if let Some(tab) = &tab {
                            let _ = tab.close();
                        }
                        toasts.error(api::describe(&err));
                        return;
                    }
                };
                let shown = match (format, tab) {
                    (ReportFormat::Html, Some(tab)) => open_in(&tab, &bytes),
                    _ => {
                        let name = file_name("Management review inputs", format.key());
                        download(&bytes, &name, format.content_type())
                    }
                };
                if let Err(text) = shown {
                    toasts.error(text);
                }
            },
        );
    };
    view! {
        <div class="btn-row">
            <button class="btn btn-sm" type="button" data-testid="review-open-report"
                disabled=move || busy.running() on:click=move |_| fetch(ReportFormat::Html)>
                "Open printable report"
            </button>
            <button class="btn btn-sm" type="button" data-testid="review-download-xlsx"
                disabled=move || busy.running() on:click=move |_| fetch(ReportFormat::Xlsx)>
                "Download XLSX"
            </button>
        </div>
    }
}

/// Shows an HTML page (bytes) in a tab opened for it, through a blob address.
fn open_in(tab: &web_sys::Window, bytes: &[u8]) -> Result<(), String> {
    let fail = |_| "The browser refused to show the report.".to_owned();
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(ReportFormat::Html.content_type());
    let blob =
        web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(fail)?;
    // The address stays valid while this page lives, so the tab can be reloaded.
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    tab.location().set_href(&url).map_err(fail)
}
