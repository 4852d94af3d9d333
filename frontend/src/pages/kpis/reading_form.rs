//! Records a hand-entered KPI's value: the period it is for (any day of it; this period unless
//! another is chosen), the value with the status it will get shown live, a note, and whether to
//! replace the period's reading should it have one.

use crate::api::{self, Failure};
use crate::components::feedback::{ErrorAlert, Field, FieldError, general_error};
use crate::components::toasts::use_toasts;
use crate::pages::kpis::parts::{KpiStatusChip, with_unit};
use crate::session::use_session;
use crate::submission::Submission;
use annex_client::domain::kpis::{KpiDefinition, RecordKpiReading, evaluate};
use chrono::NaiveDate;
use leptos::prelude::*;
use uuid::Uuid;

/// The form; `recorded` runs after the server accepted a reading.
#[component]
pub fn ReadingForm(
    item_id: Uuid,
    definition: KpiDefinition,
    recorded: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let today = crate::format::now().date_naive();
    let period = RwSignal::new(today.format("%Y-%m-%d").to_string());
    let value = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let replace = RwSignal::new(false);
    let failure = RwSignal::new(None::<Failure>);
    let pending = Submission::new();
    let def = StoredValue::new(definition);

    let parsed = move || value.with(|v| v.trim().parse::<f64>().ok().filter(|v| v.is_finite()));
    let chosen_period = move || period.with(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok());
    let period_label =
        move || chosen_period().map(|p| def.with_value(|d| d.frequency.period_label(p)));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(number) = parsed() else {
            failure.set(Some(Failure {
                message: "Some fields need attention.".into(),
                fields: [("value".to_owned(), vec!["enter a number".to_owned()])].into(),
                stale: false,
            }));
            return;
        };
        let request = RecordKpiReading {
            period: chosen_period(),
            value: number,
            note: note.get_untracked().trim().to_owned(),
            replace: replace.get_untracked(),
        };
        failure.set(None);
        pending.run(
            async move {
                api::call(session, async |c| {
                    c.record_kpi_reading(item_id, &request).await
                })
                .await
            },
            move |result| match result {
                Ok(r) => {
                    let (unit, label) =
                        def.with_value(|d| (d.unit.clone(), d.frequency.period_label(r.period)));
                    toasts.info(format!(
                        "Recorded {} for {label}.",
                        with_unit(r.value, &unit)
                    ));
                    value.set(String::new());
                    note.set(String::new());
                    replace.set(false);
                    recorded.run(());
                }
                Err(err) => failure.set(Some(Failure::from(err))),
            },
        );
    };
    let general = general_error(failure);
    view! {
        <form class="form kpi-reading-form" on:submit=submit data-testid="kpi-reading-form" novalidate>
            <h3>"Record a reading"</h3>
            <ErrorAlert message=general />
            <div class="form-row">
                <Field label="Period" id="kpi-period" failure=failure field="period">
                    <input class="input" id="kpi-period" data-testid="kpi-period" type="date" bind:value=period />
                    <span class="hint" data-testid="kpi-period-label">{move || period_label().unwrap_or_default()}</span>
                </Field>
                <div class="field">
                    <label for="kpi-value">{move || def.with_value(|d| if d.unit.is_empty() { "Value".to_owned() } else { format!("Value ({})", d.unit) })}</label>
                    <input class="input" id="kpi-value" data-testid="kpi-value" type="number" step="any" bind:value=value />
                    <FieldError failure=failure field="value" />
                </div>
            </div>
            <Field label="Note" id="kpi-note" failure=failure field="note">
                <textarea class="textarea" id="kpi-note" rows="2" maxlength="2000" data-testid="kpi-note"
                    placeholder="What lies behind the figure, e.g. two laptops were off the network." bind:value=note></textarea>
            </Field>
            <label class="choice">
                <input type="checkbox" data-testid="kpi-replace" bind:checked=replace />
                "Replace the period's reading if it has one"
            </label>
            <div class="btn-row">
                <span class="kpi-preview" data-testid="kpi-preview">
                    {move || match parsed() {
                        Some(v) => {
                            let status = def.with_value(|d| evaluate(d, v));
                            view! { "Will be " <KpiStatusChip status=status testid="kpi-preview-status" /> }.into_any()
                        }
                        None => view! { <span class="muted">"Enter a value to see its status."</span> }.into_any(),
                    }}
                </span>
                <button class="btn btn-primary btn-sm" type="submit" data-testid="kpi-record" disabled=move || pending.running()>
                    {move || if pending.running() { "Recording…" } else { "Record reading" }}
                </button>
            </div>
        </form>
    }
}
