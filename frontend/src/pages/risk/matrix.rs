//! The organisation's risk matrix at `/settings/risk-matrix` (issue 5): likelihood and impact
//! scales, scoring, bands and appetite, with a live heat map beside the form. Owners and admins
//! change it (saved with If-Match); everyone else reads it.

use crate::api::{self, Failure};
use crate::components::feedback::{Field, ResourceView};
use crate::components::page_head::PageHead;
use crate::components::toasts::use_toasts;
use crate::pages::risk::matrix_form::{
    BandsEditor, MatrixDraft, ScaleEditor, SectionProblem, preview_of,
};
use crate::pages::risk::matrix_preview::MatrixPreview;
use crate::session::{Session, use_session};
use crate::submission::Submission;
use annex_client::domain::Action;
use annex_client::domain::risk::{MatrixSettings, RiskMatrix, Scoring};
use leptos::prelude::*;
use leptos_router::components::A;

async fn load_matrix(session: Session) -> Result<MatrixSettings, Failure> {
    api::call(session, async |c| c.risk_matrix().await)
        .await
        .map_err(Failure::from)
}

/// The risk matrix screen.
#[component]
pub fn RiskMatrixPage() -> impl IntoView {
    crate::format::set_title("Risk matrix");
    let session = use_session();
    let loaded = LocalResource::new(move || load_matrix(session));
    let reload = Callback::new(move |()| loaded.refetch());
    view! {
        <PageHead title="Risk matrix" intro="How likelihood and impact combine into a level of risk, how often each level is reviewed, and how much risk the organisation accepts." testid="risk-matrix-title" title_class="page-title">
            <div class="page-actions">
                <A href="/risks/bank" attr:class="btn" attr:data-testid="matrix-bank-link">"Risk bank"</A>
            </div>
        </PageHead>
        <ResourceView resource=loaded label="Loading the risk matrix…" retry=reload children={move |settings| view! { <MatrixEditor settings=settings reload=reload /> }} />
    }
}

/// The scoring select's keys and words.
const SCORINGS: [(Scoring, &str, &str); 2] = [
    (
        Scoring::Multiplicative,
        "multiplicative",
        "Likelihood × impact",
    ),
    (Scoring::Additive, "additive", "Likelihood + impact"),
];

/// The form, the preview, and saving.
#[component]
fn MatrixEditor(settings: MatrixSettings, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let may_edit = session.can_untracked(Action::ManageOrganisation);
    let MatrixSettings {
        matrix: stored,
        version,
    } = settings;
    let draft = MatrixDraft::new(&stored);
    let stored = StoredValue::new(stored);
    let preview = Memo::new(move |_| preview_of(draft));
    let matrix = Memo::new(move |_| preview.with(|p| p.0.clone()));
    let problem = Memo::new(move |_| preview.with(|p| p.1.clone()));
    let range = Memo::new(move |_| {
        let scales = draft.scales();
        (scales.lowest_score(), scales.highest_score())
    });
    // Unsaved while the form differs from what is stored.
    let unsaved = Memo::new(move |_| {
        matrix.with(|m| m.as_ref().is_none_or(|m| stored.with_value(|s| s != m)))
    });
    let pending = Submission::new();
    let failure = RwSignal::new(None::<String>);

    let save = move |_| {
        let matrix = match untrack(|| draft.matrix()) {
            Ok(m) => m,
            Err(p) => {
                failure.set(Some(api::sentence(&p.message)));
                return;
            }
        };
        failure.set(None);
        pending.run(
            async move {
                api::call(session, async |c| {
                    c.replace_risk_matrix(version, &matrix).await
                })
                .await
            },
            move |result| match result.map_err(Failure::from) {
                Ok(_) => {
                    toasts.info("Risk matrix saved.");
                    reload.run(());
                }
                Err(f) if f.stale => {
                    toasts.warn(api::STALE);
                    reload.run(());
                }
                Err(f) => {
                    let detail = f.fields.values().flatten().cloned().collect::<Vec<_>>();
                    failure.set(Some(if detail.is_empty() {
                        f.message
                    } else {
                        format!("{} {}", f.message, api::sentence(&detail.join(" ")))
                    }));
                }
            },
        );
    };
    let reset = move |_| {
        draft.fill(&RiskMatrix::default());
        failure.set(None);
        toasts.info("The default matrix is in the form: save to use it.");
    };

    view! {
        {if may_edit {
            (version == 0).then(|| view! {
                <div class="alert alert-info" data-testid="matrix-default-note">
                    "Your organisation still uses the default 5 × 5 matrix. Change it here and save to make it your own."
                </div>
            }).into_any()
        } else {
            view! {
                <div class="alert alert-info" data-testid="matrix-read-only">
                    "Only owners and admins can change the risk matrix. This is the matrix your organisation scores risks with."
                </div>
            }.into_any()
        }}
        <div class="matrix-layout" class:read-only=!may_edit>
            <div class="matrix-form" data-testid="matrix-form">
                <div class="grid-2 matrix-scales">
                    <ScaleEditor field="likelihood" title="Likelihood" text="How probable a risk is."
                        levels=draft.likelihood may_edit=may_edit problem=problem />
                    <ScaleEditor field="impact" title="Impact" text="How much harm it would do."
                        levels=draft.impact may_edit=may_edit problem=problem />
                </div>
                <section class="card" data-testid="scoring-editor">
                    <h2>"Scoring and appetite"</h2>
                    <div class="form-row">
                        <Field label="Score" id="matrix-scoring">
                            <select class="select" id="matrix-scoring" data-testid="matrix-scoring" disabled=!may_edit
                                on:change=move |ev| {
                                    let key = event_target_value(&ev);
                                    if let Some(s) = SCORINGS.iter().find(|s| s.1 == key) {
                                        draft.scoring.set(s.0);
                                    }
                                }
                            >
                                {SCORINGS.iter().map(|&(scoring, key, label)| view! {
                                    <option value=key prop:selected=move || draft.scoring.get() == scoring>{label}</option>
                                }).collect_view()}
                            </select>
                            <span class="hint" data-testid="matrix-range">
                                {move || { let (low, high) = range.get(); format!("Scores run from {low} to {high}.") }}
                            </span>
                        </Field>
                        <Field label="Risk appetite" id="matrix-appetite">
                            <input class="input" id="matrix-appetite" type="number" inputmode="numeric" data-testid="matrix-appetite"
                                min=move || range.get().0.to_string() max=move || range.get().1.to_string()
                                aria-invalid=move || problem.with(|p| p.as_ref().is_some_and(|p| p.field == "appetite")).to_string()
                                disabled=!may_edit bind:value=draft.appetite />
                            <span class="hint">"Risks scoring above this are above appetite: they need treating, or a decision to accept them."</span>
                        </Field>
                    </div>
                    <SectionProblem problem=problem field="appetite" />
                </section>
                <BandsEditor bands=draft.bands range=range may_edit=may_edit problem=problem />
                {move || failure.get().map(|text| view! { <div class="alert alert-error" role="alert" data-testid="form-error">{text}</div> })}
                {may_edit.then(|| view! {
                    <div class="btn-row">
                        <button class="btn btn-primary" type="button" data-testid="save-matrix"
                            disabled=move || pending.running() || problem.with(Option::is_some) || !unsaved.get()
                            on:click=save>
                            {move || if pending.running() { "Saving…" } else { "Save matrix" }}
                        </button>
                        <button class="btn" type="button" data-testid="reset-matrix" on:click=reset>"Reset to default"</button>
                        <Show when=move || unsaved.get()>
                            <span class="small muted" data-testid="matrix-unsaved">"Unsaved changes"</span>
                        </Show>
                    </div>
                })}
            </div>
            <aside class="matrix-aside">
                <MatrixPreview matrix=matrix problem=problem />
            </aside>
        </div>
    }
}
