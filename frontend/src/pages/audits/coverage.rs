//! The audit programme's coverage at `/audits/coverage` (ISO 27001 clause 9.2): per part of the
//! programme, how many audits it holds and which controls they are linked to; then the applicable
//! controls that no audit covers, so a gap in the programme shows before the certification body
//! finds it.

use crate::api::{self, Failure};
use crate::components::feedback::{EmptyState, ResourceView};
use crate::components::icon::Glyph;
use crate::components::page_head::PageHead;
use crate::components::work::Chip;
use crate::pages::audits::item_audit::CONTROL_COLOUR;
use crate::session::use_session;
use annex_client::ApiError;
use annex_client::domain::audits::{AuditCoverage, PhaseCoverage};
use leptos::prelude::*;
use leptos_router::components::A;

/// The colour of a control no audit covers.
const UNCOVERED_COLOUR: &str = "#fde0dc";

/// The coverage screen.
#[component]
pub fn AuditCoveragePage() -> impl IntoView {
    crate::format::set_title("Audit coverage");
    let session = use_session();
    let coverage = LocalResource::new(move || async move {
        match api::call(session, async |c| c.audit_coverage().await).await {
            Ok(c) => Ok(Some(c)),
            Err(ApiError::NotFound(_)) => Ok(None),
            Err(err) => Err(Failure::from(err)),
        }
    });
    let retry = Callback::new(move |()| coverage.refetch());
    view! {
        <PageHead title="Audit coverage" intro="Which Annex A controls each part of the audit programme covers, and which no audit does." testid="audit-coverage-title" title_class="page-title">
            <div class="page-actions">
                <A href="/soa" attr:class="btn" attr:data-testid="audit-coverage-soa">"SoA"</A>
                {move || coverage.get().and_then(Result::ok).flatten().map(|c| view! {
                    <A href=format!("/spaces/{}", c.space_id) attr:class="btn" attr:data-testid="audit-programme-link">"Audit programme"</A>
                })}
            </div>
        </PageHead>
        <ResourceView resource=coverage label="Loading the audit programme…" retry=retry children={move |found| match found {
                    Some(c) => view! { <CoverageBody coverage=c /> }.into_any(),
                    None => view! {
                        <section class="card">
                            <EmptyState glyph=Glyph::Audit title="No audit programme" text="This organisation has no ISO 27001 audit programme yet." />
                        </section>
                    }
                    .into_any(),
                }} />
    }
}

/// The phases, then the gap.
#[component]
fn CoverageBody(coverage: AuditCoverage) -> impl IntoView {
    let uncovered = coverage.uncovered.len();
    let summary = format!(
        "Not covered by any audit: {uncovered} of {} applicable controls",
        coverage.applicable
    );
    view! {
        <div class="audit-phases" data-testid="audit-phases">
            {coverage.phases.into_iter().map(|p| view! { <PhaseCard phase=p /> }).collect_view()}
        </div>
        <section class="card" data-testid="audit-uncovered" data-count=uncovered.to_string() data-applicable=coverage.applicable.to_string()>
            <div class="card-head">
                <h2 data-testid="audit-uncovered-summary">{summary}</h2>
            </div>
            {if coverage.uncovered.is_empty() {
                view! { <p class="muted">"Every applicable control is covered by an audit."</p> }.into_any()
            } else {
                view! {
                    <span class="chips">
                        {coverage.uncovered.into_iter().map(|r| view! {
                            <Chip label=r colour=UNCOVERED_COLOUR testid="uncovered-control" />
                        }).collect_view()}
                    </span>
                }
                .into_any()
            }}
        </section>
    }
}

/// One part of the programme.
#[component]
fn PhaseCard(phase: PhaseCoverage) -> impl IntoView {
    let audits = match phase.audits {
        1 => "1 audit".to_owned(),
        n => format!("{n} audits"),
    };
    let controls = match phase.controls.len() {
        1 => "1 control".to_owned(),
        n => format!("{n} controls"),
    };
    view! {
        <section class="card" data-testid="audit-phase" data-title=phase.title.clone() data-audits=phase.audits.to_string()>
            <div class="card-head">
                <h2>{phase.title.clone()}</h2>
                <span class="muted small" data-testid="audit-phase-counts">{format!("{audits} · {controls}")}</span>
            </div>
            {if phase.controls.is_empty() {
                view! { <p class="muted small">"No controls linked to its audits."</p> }.into_any()
            } else {
                view! {
                    <span class="chips">
                        {phase.controls.into_iter().map(|r| view! {
                            <Chip label=r colour=CONTROL_COLOUR testid="phase-control" />
                        }).collect_view()}
                    </span>
                }
                .into_any()
            }}
        </section>
    }
}
