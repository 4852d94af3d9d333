//! Defines a KPI: unit, type, direction, the thresholds its type needs, frequency, and whether
//! it is entered by hand or measured by Annex. Thresholds are checked as typed by the same rule
//! the server applies, so a mistake is named before anything is sent.

use crate::api::{self, Failure};
use crate::components::feedback::{ErrorAlert, Field, FieldError, general_error};
use crate::components::toasts::use_toasts;
use crate::session::use_session;
use crate::submission::Submission;
use annex_client::domain::kpis::{
    DefineKpi, Direction, Frequency, KpiDefinition, KpiKind, KpiSource, rating,
};
use leptos::prelude::*;
use std::collections::BTreeMap;
use uuid::Uuid;

/// A number input's text as a threshold; blank is none.
fn number(text: &str) -> Option<f64> {
    text.trim().parse().ok().filter(|v: &f64| v.is_finite())
}

fn text_of(value: Option<f64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// The form; `saved` runs with the stored definition.
#[component]
pub fn DefinitionForm(
    item_id: Uuid,
    initial: KpiDefinition,
    saved: Callback<KpiDefinition>,
    cancel: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let version = initial.version;
    let unit = RwSignal::new(initial.unit.clone());
    let kind = RwSignal::new(initial.kind);
    let direction = RwSignal::new(initial.direction);
    let green = RwSignal::new(text_of(initial.green));
    let amber = RwSignal::new(text_of(initial.amber));
    let exceptional = RwSignal::new(text_of(initial.exceptional));
    let frequency = RwSignal::new(initial.frequency);
    let source = RwSignal::new(initial.source);
    let failure = RwSignal::new(None::<Failure>);
    let pending = Submission::new();

    let request = move || {
        let k = kind.get();
        DefineKpi {
            unit: unit.get().trim().to_owned(),
            kind: k,
            direction: direction.get(),
            green: number(&green.get()).filter(|_| k.has_green()),
            amber: number(&amber.get()).filter(|_| k.has_amber()),
            exceptional: number(&exceptional.get()).filter(|_| k.has_exceptional()),
            frequency: frequency.get(),
            source: source.get(),
        }
    };
    // The server's rule, run as the person types.
    let problem = Memo::new(move |_| {
        let req = request();
        rating::check(req.kind, req.direction, &req.thresholds()).err()
    });
    let shown = Signal::derive(move || {
        failure.get().or_else(|| {
            problem.get().map(|e| Failure {
                message: e.to_string(),
                fields: BTreeMap::from([(e.field().to_owned(), vec![e.message()])]),
                stale: false,
            })
        })
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if problem.get_untracked().is_some() {
            return;
        }
        let req = request();
        failure.set(None);
        pending.run(
            async move {
                api::call(session, async |c| {
                    c.define_kpi(item_id, version, &req).await
                })
                .await
            },
            move |result| match result.map_err(Failure::from) {
                Ok(def) => {
                    toasts.info("KPI definition saved.");
                    saved.run(def);
                }
                Err(f) if f.stale => {
                    toasts.warn(api::STALE);
                    cancel.run(());
                }
                Err(f) => failure.set(Some(f)),
            },
        );
    };

    // A computed source suggests its unit and direction.
    let choose_source = move |key: String| {
        let chosen = KpiSource::parse(&key);
        source.set(chosen);
        if let Some(s) = chosen {
            unit.set(s.unit().to_owned());
            direction.set(s.direction());
        }
    };
    let general = general_error(failure);
    let threshold = move |id: &'static str,
                          label: &'static str,
                          field: &'static str,
                          value: RwSignal<String>| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input class="input" id=id data-testid=id type="number" step="any" bind:value=value />
                <FieldError failure=shown field=field />
            </div>
        }
    };
    view! {
        <form class="form kpi-definition-form" on:submit=submit data-testid="kpi-definition-form" novalidate>
            <h3>{if version == 0 { "Define the KPI" } else { "Edit the definition" }}</h3>
            <ErrorAlert message=general />
            <div class="form-row">
                <Field label="Values" id="kpi-source">
                    <select class="select" id="kpi-source" data-testid="kpi-source-select"
                        on:change=move |ev| choose_source(event_target_value(&ev))>
                        <option value="" selected=move || source.get().is_none()>"Entered by hand"</option>
                        {KpiSource::ALL.into_iter().map(|s| view! {
                            <option value=s.key() selected=move || source.get() == Some(s)>{format!("Measured by Annex: {}", s.label())}</option>
                        }).collect_view()}
                    </select>
                </Field>
                <Field label="Unit" id="kpi-unit" failure=shown field="unit">
                    <input class="input" id="kpi-unit" data-testid="kpi-unit" maxlength="40" placeholder="%, days, incidents…" bind:value=unit />
                </Field>
                <Field label="Measured" id="kpi-frequency">
                    <select class="select" id="kpi-frequency" data-testid="kpi-frequency-select"
                        on:change=move |ev| if let Some(f) = Frequency::parse(&event_target_value(&ev)) { frequency.set(f) }>
                        {Frequency::ALL.into_iter().map(|f| view! {
                            <option value=f.key() selected=move || frequency.get() == f>{f.label()}</option>
                        }).collect_view()}
                    </select>
                </Field>
            </div>
            <div class="form-row">
                <Field label="Type" id="kpi-kind">
                    <select class="select" id="kpi-kind" data-testid="kpi-kind"
                        on:change=move |ev| if let Some(k) = KpiKind::parse(&event_target_value(&ev)) { kind.set(k) }>
                        {KpiKind::ALL.into_iter().map(|k| view! {
                            <option value=k.key() selected=move || kind.get() == k>{k.label()}</option>
                        }).collect_view()}
                    </select>
                </Field>
                <Field label="Direction" id="kpi-direction">
                    <select class="select" id="kpi-direction" data-testid="kpi-direction"
                        on:change=move |ev| if let Some(d) = Direction::parse(&event_target_value(&ev)) { direction.set(d) }>
                        {[Direction::HigherIsBetter, Direction::LowerIsBetter].into_iter().map(|d| view! {
                            <option value=d.key() selected=move || direction.get() == d>{d.label()}</option>
                        }).collect_view()}
                    </select>
                </Field>
            </div>
            <div class="form-row">
                <Show when=move || kind.get().has_exceptional()>
                    {threshold("kpi-exceptional", "Exceptional from", "exceptional", exceptional)}
                </Show>
                <Show when=move || kind.get().has_green()>
                    {threshold("kpi-green", "Green from", "green", green)}
                </Show>
                <Show when=move || kind.get().has_amber()>
                    {threshold("kpi-amber", "Amber from", "amber", amber)}
                </Show>
            </div>
            <div class="btn-row">
                <button class="btn btn-primary btn-sm" type="submit" data-testid="kpi-save-definition"
                    disabled=move || pending.running() || problem.get().is_some()>
                    {move || if pending.running() { "Saving…" } else { "Save definition" }}
                </button>
                {(version > 0).then(|| view! {
                    <button class="btn btn-sm" type="button" on:click=move |_| cancel.run(())>"Cancel"</button>
                })}
            </div>
        </form>
    }
}
