//! The risk panel of a risk's item page: its latest original, current and target readings as
//! level chips, the history of its score, the way it travels across the matrix, the business
//! impact of the linked BIA records, and the form that records a new reading. Shown only when the
//! item is a risk of the register.

use crate::api::{self, Failure};
use crate::components::risk::{KINDS, ReadingChip, kind_label, load_matrix};
use crate::format::date;
use crate::pages::risk::item_risk_bia::{BusinessImpact, load_bia};
use crate::pages::risk::item_risk_chart::{HistoryChart, MatrixPath};
use crate::pages::risk::item_risk_form::ReadingForm;
use crate::pages::work::item::ItemScope;
use crate::session::use_session;
use annex_client::ApiError;
use annex_client::domain::risk::MatrixSettings;
use annex_client::domain::risk::bia::BiaSummary;
use annex_client::domain::risk::register::{Reading, ReadingKind};
use leptos::prelude::*;
use leptos_router::components::A;

/// The latest reading of a kind among readings listed newest first.
pub fn latest(readings: &[Reading], kind: ReadingKind) -> Option<Reading> {
    readings.iter().find(|r| r.kind == kind).cloned()
}

/// The panel, or nothing when the item is not a risk.
#[component]
pub fn RiskPanel(scope: ItemScope) -> impl IntoView {
    let session = use_session();
    let id = scope.item_id;
    let readings = LocalResource::new(move || {
        scope.pulse.track();
        async move {
            match api::call(session, async |c| c.risk_readings(id).await).await {
                Ok(r) => Ok(Some(r)),
                Err(ApiError::NotFound(_)) => Ok(None),
                Err(err) => Err(Failure::from(err)),
            }
        }
    });
    let matrix = LocalResource::new(move || load_matrix(session));
    // Kept across reloads so the panel does not blink when a reading is recorded.
    let shown = RwSignal::new(None::<Vec<Reading>>);
    Effect::new(move |_| {
        if let Some(Ok(found)) = readings.get() {
            shown.set(found);
        }
    });
    let recorded = Callback::new(move |()| scope.changed());

    move || {
        if let Some(Err(f)) = readings.get().filter(|_| shown.with(Option::is_none)) {
            return view! {
                <section class="card" data-testid="risk-panel-error">
                    <h2>"Risk"</h2>
                    <p class="field-error">{f.message}</p>
                </section>
            }
            .into_any();
        }
        let is_risk = shown.with(Option::is_some);
        let settings = matrix.get().and_then(Result::ok);
        match (is_risk, settings) {
            (true, Some(settings)) => view! {
                <PanelBody scope=scope shown=shown settings=settings recorded=recorded />
            }
            .into_any(),
            _ => ().into_any(),
        }
    }
}

/// The loaded panel.
#[component]
fn PanelBody(
    scope: ItemScope,
    shown: RwSignal<Option<Vec<Reading>>>,
    settings: MatrixSettings,
    recorded: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let all = Signal::derive(move || shown.get().unwrap_or_default());
    // Reloaded after every change on the page: linking a BIA record under Linked work changes it.
    let bia = LocalResource::new(move || {
        scope.pulse.track();
        load_bia(session, scope.item_id)
    });
    let bia_shown = RwSignal::new(None::<Vec<BiaSummary>>);
    let bia_failure = RwSignal::new(None::<String>);
    Effect::new(move |_| match bia.get() {
        Some(Ok(found)) => {
            bia_failure.set(None);
            bia_shown.set(Some(found));
        }
        Some(Err(f)) => bia_failure.set(Some(f.message)),
        None => {}
    });
    let bia_list = Signal::derive(move || bia_shown.get().unwrap_or_default());
    let matrix = StoredValue::new(settings.matrix);
    let has_original =
        Signal::derive(move || all.with(|r| r.iter().any(|r| r.kind == ReadingKind::Original)));
    let latest_note = move || {
        all.with(|r| {
            r.first().map(|r| {
                format!(
                    "Last reading {} by {}",
                    date(&r.recorded_at),
                    r.recorded_by_name
                        .clone()
                        .unwrap_or_else(|| "Annex".to_owned())
                )
            })
        })
    };
    view! {
        <section class="card risk-panel" data-testid="risk-panel">
            <div class="card-head">
                <h2>"Risk"</h2>
                <div class="chips">
                    <A href="/risks" attr:class="btn btn-sm btn-ghost" attr:data-testid="risk-panel-register">"Open the register"</A>
                </div>
            </div>
            <div class="risk-latest">
                {KINDS.into_iter().map(|kind| view! {
                    <div class="risk-latest-one">
                        <span class="stat-l">{kind_label(kind)}</span>
                        {move || {
                            let reading = all.with(|r| latest(r, kind));
                            let li = reading.as_ref().map(|r| format!("L{} × I{}", r.likelihood, r.impact));
                            view! {
                                <ReadingChip reading=reading kind=kind />
                                <span class="cell-sub">{li}</span>
                            }
                        }}
                    </div>
                }).collect_view()}
            </div>
            <p class="cell-sub" data-testid="risk-panel-last">{latest_note}</p>
            {move || {
                let readings = all.get();
                (!readings.is_empty()).then(|| {
                    let m = matrix.get_value();
                    view! {
                        <div class="risk-visuals">
                            <HistoryChart readings=readings.clone() matrix=m.clone() />
                            <MatrixPath readings=readings matrix=m />
                        </div>
                    }
                })
            }}
            <BusinessImpact summaries=bia_shown failure=bia_failure />
            {scope.may_write().then(|| view! {
                <ReadingForm scope=scope matrix=matrix has_original=has_original bia=bia_list recorded=recorded />
            })}
        </section>
    }
}
