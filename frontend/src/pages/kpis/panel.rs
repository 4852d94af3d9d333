//! The KPI panel of a KPI's item page: its definition (editable by editors and up), its latest
//! status and when the next reading is due, the readings as a chart against the thresholds, the
//! form that records a reading (or "Measure now" for a computed KPI) and every reading in a table.
//! Shown only when the item is a KPI.

use crate::api::{self, Failure};
use crate::components::toasts::use_toasts;
use crate::components::work::day;
use crate::format::date;
use crate::pages::kpis::chart::KpiChart;
use crate::pages::kpis::definition_form::DefinitionForm;
use crate::pages::kpis::parts::{KpiStatusChip, thresholds_text, with_unit};
use crate::pages::kpis::reading_form::ReadingForm;
use crate::pages::work::item::ItemScope;
use crate::session::use_session;
use crate::submission::Submission;
use annex_client::ApiError;
use annex_client::domain::Action;
use annex_client::domain::kpis::{self, KpiDefinition, KpiReading};
use leptos::prelude::*;
use leptos_router::components::A;

/// What the panel shows: the definition and the readings, oldest first.
#[derive(Debug, Clone, PartialEq)]
struct Loaded {
    definition: KpiDefinition,
    readings: Vec<KpiReading>,
}

/// The panel, or nothing when the item is not a KPI.
#[component]
pub fn KpiPanel(
    scope: ItemScope,
    /// Whether the person may record readings: editors and up, and the KPI's owner.
    may_edit: Memo<bool>,
) -> impl IntoView {
    let session = use_session();
    let id = scope.item_id;
    let loaded = LocalResource::new(move || {
        scope.pulse.track();
        async move {
            let definition = match api::call(session, async |c| c.kpi_definition(id).await).await {
                Ok(d) => d,
                Err(ApiError::NotFound(_)) => return Ok(None),
                Err(err) => return Err(Failure::from(err)),
            };
            let readings = api::call(session, async |c| c.kpi_readings(id).await)
                .await
                .map_err(Failure::from)?;
            Ok(Some(Loaded {
                definition,
                readings,
            }))
        }
    });
    // Kept across reloads so the panel does not blink when a reading is recorded.
    let shown = RwSignal::new(None::<Loaded>);
    Effect::new(move |_| {
        if let Some(Ok(found)) = loaded.get() {
            shown.set(found);
        }
    });
    move || {
        if let Some(Err(f)) = loaded.get().filter(|_| shown.with(Option::is_none)) {
            return view! {
                <section class="card" data-testid="kpi-panel-error">
                    <h2>"KPI"</h2>
                    <p class="field-error">{f.message}</p>
                </section>
            }
            .into_any();
        }
        if shown.with(Option::is_none) {
            return ().into_any();
        }
        view! { <PanelBody scope=scope shown=shown may_edit=may_edit /> }.into_any()
    }
}

/// The loaded panel.
#[component]
fn PanelBody(
    scope: ItemScope,
    shown: RwSignal<Option<Loaded>>,
    may_edit: Memo<bool>,
) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let definition = Memo::new(move |_| shown.with(|s| s.as_ref().map(|s| s.definition.clone())));
    let readings = Memo::new(move |_| {
        shown.with(|s| s.as_ref().map(|s| s.readings.clone()).unwrap_or_default())
    });
    let def = move || definition.get();
    let may_define = scope.role.can(Action::EditAnyItem);
    let editing = RwSignal::new(false);
    // An undefined KPI opens its form for those who may define it.
    Effect::new(move |_| {
        if may_define && definition.with(|d| d.as_ref().is_some_and(|d| !d.is_defined())) {
            editing.set(true);
        }
    });
    let latest = move || readings.with(|r| r.last().cloned());
    let today = crate::format::now().date_naive();
    let due = move || {
        let def = def()?;
        let last = latest().map(|r| r.period);
        kpis::next_due(&def, last).map(|d| (d, kpis::overdue(&def, last, today)))
    };
    let measuring = Submission::new();
    let measure = move |_| {
        let id = scope.item_id;
        measuring.run(
            async move { api::call(session, async |c| c.compute_kpi(id).await).await },
            move |result| match result {
                Ok(r) => {
                    let unit = definition.with_untracked(|d| d.as_ref().map(|d| d.unit.clone()));
                    toasts.info(format!(
                        "Measured: {}.",
                        with_unit(r.value, &unit.unwrap_or_default())
                    ));
                    scope.changed();
                }
                Err(err) => toasts.error(api::describe(&err)),
            },
        );
    };
    let saved = Callback::new(move |saved: KpiDefinition| {
        shown.update(|s| {
            if let Some(s) = s {
                s.definition = saved;
            }
        });
        editing.set(false);
        scope.changed();
    });
    let recorded = Callback::new(move |()| scope.changed());
    view! {
        <section class="card kpi-panel" data-testid="kpi-panel">
            <div class="card-head">
                <h2>"KPI"</h2>
                <div class="chips">
                    {move || latest().map(|r| view! { <KpiStatusChip status=r.status testid="kpi-panel-status" /> })}
                    {move || due().filter(|(_, late)| *late).map(|_| view! {
                        <span class="badge badge-danger" data-testid="kpi-panel-overdue">"Overdue"</span>
                    })}
                    <A href="/kpis" attr:class="btn btn-sm btn-ghost" attr:data-testid="kpi-panel-list">"All KPIs"</A>
                </div>
            </div>
            {move || def().map(|d| {
                if d.is_defined() {
                    let source = d.source.map_or_else(|| "Entered by hand".to_owned(), |s| format!("Measured by Annex: {}", s.label()));
                    view! {
                        <dl class="facts kpi-facts" data-testid="kpi-definition" data-kind=d.kind.key() data-version=d.version.to_string()>
                            <dt>"Type"</dt>
                            <dd>{format!("{} · {}", d.kind.label(), d.direction.label().to_lowercase())}</dd>
                            <dt>"Thresholds"</dt>
                            <dd data-testid="kpi-thresholds">{thresholds_text(&d)}</dd>
                            <dt>"Unit"</dt>
                            <dd>{if d.unit.is_empty() { "—".to_owned() } else { d.unit.clone() }}</dd>
                            <dt>"Frequency"</dt>
                            <dd data-testid="kpi-frequency">{d.frequency.label()}</dd>
                            <dt>"Source"</dt>
                            <dd data-testid="kpi-source">{source}</dd>
                            <dt>"Next due"</dt>
                            <dd data-testid="kpi-next-due">{move || due().map(|(d, _)| day(&d)).unwrap_or_else(|| "—".to_owned())}</dd>
                        </dl>
                    }
                    .into_any()
                } else {
                    view! {
                        <p class="alert alert-info" data-testid="kpi-undefined">
                            "This KPI is not defined yet: give it a unit, thresholds and how often it is measured."
                        </p>
                    }
                    .into_any()
                }
            })}
            {may_define.then(|| view! {
                <Show
                    when=move || editing.get()
                    fallback=move || view! {
                        <div class="btn-row">
                            <button class="btn btn-sm" type="button" data-testid="kpi-edit-definition" on:click=move |_| editing.set(true)>
                                "Edit definition"
                            </button>
                        </div>
                    }
                >
                    {move || def().map(|d| view! {
                        <DefinitionForm item_id=scope.item_id initial=d saved=saved cancel=Callback::new(move |()| editing.set(false)) />
                    })}
                </Show>
            })}
            {move || def().filter(KpiDefinition::is_defined).map(|d| view! {
                <KpiChart readings=readings.get() definition=d />
            })}
            {move || {
                let d = def().filter(KpiDefinition::is_defined)?;
                if !may_edit.get() {
                    return None;
                }
                Some(if d.source.is_some() {
                    view! {
                        <div class="btn-row kpi-measure">
                            <button class="btn btn-primary btn-sm" type="button" data-testid="kpi-measure"
                                disabled=move || measuring.running() on:click=measure>
                                {move || if measuring.running() { "Measuring…" } else { "Measure now" }}
                            </button>
                            <span class="hint">"Annex also measures it on its own once each period."</span>
                        </div>
                    }
                    .into_any()
                } else {
                    view! { <ReadingForm item_id=scope.item_id definition=d recorded=recorded /> }.into_any()
                })
            }}
            <ReadingTable readings=readings definition=definition />
        </section>
    }
}

/// Every reading, newest first.
#[component]
fn ReadingTable(
    readings: Memo<Vec<KpiReading>>,
    definition: Memo<Option<KpiDefinition>>,
) -> impl IntoView {
    move || {
        let list = readings.get();
        let Some(def) = definition.get() else {
            return ().into_any();
        };
        if list.is_empty() {
            return view! { <p class="muted" data-testid="kpi-no-readings">"No readings recorded yet."</p> }
                .into_any();
        }
        let rows = list
            .into_iter()
            .rev()
            .map(|r| {
                let who = r.recorded_by_name.clone().unwrap_or_else(|| "Annex".to_owned());
                view! {
                    <tr data-testid="kpi-reading-row" data-period=r.period.to_string() data-status=r.status.key()>
                        <td class="nowrap">{def.frequency.period_label(r.period)}</td>
                        <td class="num" data-testid="kpi-reading-value">{with_unit(r.value, &def.unit)}</td>
                        <td><KpiStatusChip status=r.status testid="kpi-reading-status" /></td>
                        <td>{r.note.clone()}</td>
                        <td class="nowrap">{who}<div class="cell-sub">{date(&r.recorded_at)}</div></td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap">
                <table class="table kpi-readings" data-testid="kpi-readings">
                    <thead>
                        <tr>
                            <th>"Period"</th>
                            <th class="num">"Value"</th>
                            <th>"Status"</th>
                            <th>"Note"</th>
                            <th>"Recorded"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    }
}
