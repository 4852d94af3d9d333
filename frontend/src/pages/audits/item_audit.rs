//! The audit panel of an audit's item page (ISO 27001 clause 9.2): the findings raised on the
//! audit — each a corrective action, with how serious it is, where it stands and which controls it
//! concerns — and, for editors, the form that raises one. Shown only when the item is an audit
//! activity of the audit programme (the findings endpoint answers 404 for anything else).

use crate::api::{self, Failure};
use crate::components::work::Chip;
use crate::pages::audits::item_audit_form::RaiseFindingForm;
use crate::pages::work::item::ItemScope;
use crate::session::use_session;
use annex_client::ApiError;
use annex_client::domain::Action;
use annex_client::domain::audits::{Finding, FindingKind};
use leptos::prelude::*;
use leptos_router::components::A;

/// The colour of a finding's kind chip, from the most to the least serious.
pub fn kind_colour(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::MajorNc => "#c62828",
        FindingKind::MinorNc => "#ef6c00",
        FindingKind::Observation => "#1e88e5",
        FindingKind::Opportunity => "#2e7d32",
    }
}

/// The colour of a control reference chip: quiet, so the kind stands out.
pub const CONTROL_COLOUR: &str = "#e3e8f0";

/// The panel, or nothing when the item is not an audit.
#[component]
pub fn AuditPanel(scope: ItemScope) -> impl IntoView {
    let session = use_session();
    let id = scope.item_id;
    let findings = LocalResource::new(move || {
        scope.pulse.track();
        async move {
            match api::call(session, async |c| c.audit_findings(id).await).await {
                Ok(list) => Ok(Some(list)),
                Err(ApiError::NotFound(_)) => Ok(None),
                Err(err) => Err(Failure::from(err)),
            }
        }
    });
    // Kept across reloads so the list does not blink when a finding is raised.
    let shown = RwSignal::new(None::<Vec<Finding>>);
    Effect::new(move |_| {
        if let Some(Ok(found)) = findings.get() {
            shown.set(found);
        }
    });
    let raised = Callback::new(move |()| scope.changed());

    move || {
        if let Some(Err(f)) = findings.get().filter(|_| shown.with(Option::is_none)) {
            return view! {
                <section class="card" data-testid="audit-panel-error">
                    <h2>"Findings"</h2>
                    <p class="field-error">{f.message}</p>
                </section>
            }
            .into_any();
        }
        if shown.with(Option::is_none) {
            return ().into_any();
        }
        let list = Signal::derive(move || shown.get().unwrap_or_default());
        view! {
            <section class="card card-flush audit-panel" data-testid="audit-panel">
                <div class="card-head">
                    <h2>"Findings"</h2>
                    <A href="/audits/coverage" attr:class="btn btn-sm btn-ghost" attr:data-testid="audit-coverage-link">
                        "Audit coverage"
                    </A>
                </div>
                <FindingList findings=list />
                {scope.role.can(Action::EditAnyItem).then(|| view! {
                    <RaiseFindingForm scope=scope raised=raised />
                })}
            </section>
            <crate::pages::audits::questionnaire::QuestionnaireCard scope=scope />
        }
        .into_any()
    }
}

/// The findings as a table, or a line saying there are none.
#[component]
fn FindingList(findings: Signal<Vec<Finding>>) -> impl IntoView {
    move || {
        let list = findings.get();
        if list.is_empty() {
            return view! {
                <p class="section-empty muted" data-testid="findings-empty">"No findings raised on this audit."</p>
            }
            .into_any();
        }
        view! {
            <div class="table-wrap">
                <table class="table stack-narrow" data-testid="findings-table">
                    <thead>
                        <tr>
                            <th>"Corrective action"</th>
                            <th>"Kind"</th>
                            <th>"Status"</th>
                            <th>"Controls"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {list.into_iter().map(|f| view! { <FindingRow finding=f /> }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    }
}

/// One finding.
#[component]
fn FindingRow(finding: Finding) -> impl IntoView {
    let label = format!("{} - {}", finding.number, finding.title);
    let kind = finding.kind.map(|k| {
        view! { <Chip label=k.label() colour=kind_colour(k) testid="finding-kind" /> }
    });
    let status = finding.status.clone().unwrap_or_else(|| "—".to_owned());
    view! {
        <tr data-testid="finding-row" data-number=finding.number.to_string()>
            <td>
                <A href=format!("/items/{}", finding.item_id) attr:class="cell-main" attr:data-testid="finding-link">{label}</A>
            </td>
            <td>{kind.unwrap_or_else(|| view! { <Chip label="—" colour=CONTROL_COLOUR testid="finding-kind" /> })}</td>
            <td data-testid="finding-status">
                {status}
                {finding.resolved.then(|| view! { " " <span class="badge badge-success">"Resolved"</span> })}
            </td>
            <td>
                <span class="chips">
                    {finding.controls.into_iter().map(|r| view! {
                        <Chip label=r colour=CONTROL_COLOUR testid="finding-control" />
                    }).collect_view()}
                </span>
            </td>
        </tr>
    }
}
