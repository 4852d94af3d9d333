//! The unified compliance screen at `/compliance`: every register the organisation keeps (the
//! ISO 27001 SoA and the ISO 22301, ISO 9001 and GDPR registers) side by side, then one
//! framework's requirements with their own evidence and the evidence they share through the
//! corresponding requirements of the other frameworks — so a record made once is seen to count
//! everywhere it applies, and the real gaps stand out.

use crate::api::{self, Failure};
use crate::components::feedback::{EmptyState, LoadError, Loading, ResourceView};
use crate::components::filter_chip::FilterChip;
use crate::components::icon::Glyph;
use crate::components::page_head::PageHead;
use crate::pages::frameworks::compliance_registers::RegisterCards;
use crate::pages::frameworks::compliance_table::ComplianceTable;
use crate::session::{Session, use_session};
use annex_client::ApiError;
use annex_client::domain::frameworks::compliance::{
    ComplianceFilter, ComplianceView, EvidenceCoverage,
};
use annex_client::domain::frameworks::{Requirement, RequirementKind};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use std::collections::HashMap;

/// A coverage in the few words of a chip; the domain's own label is a sentence too long for one.
pub fn coverage_label(coverage: EvidenceCoverage) -> &'static str {
    match coverage {
        EvidenceCoverage::Own => "Own evidence",
        EvidenceCoverage::Shared => "Through another framework",
        EvidenceCoverage::None => "No evidence",
        EvidenceCoverage::Excluded => "Not applicable",
    }
}

/// What asking for a framework's view came to, short of a failure to show with a retry.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Found(ComplianceView),
    /// The organisation keeps no register (on the framework in the address, when one is there).
    NoRegister,
    /// The framework in the address is not one a register can be kept on: the server's words.
    Unknown(String),
}

/// Which of the screen's states an outcome puts it in; the body stays up while it reloads.
#[derive(Debug, Clone, PartialEq)]
enum Shown {
    Body,
    NoRegister,
    Unknown(String),
}

async fn load(session: Session, filter: ComplianceFilter) -> Result<Outcome, Failure> {
    match api::call(session, async |c| c.compliance(&filter).await).await {
        Ok(view) => Ok(Outcome::Found(view)),
        Err(ApiError::NotFound(_)) => Ok(Outcome::NoRegister),
        Err(err @ ApiError::BadRequest(_)) => Ok(Outcome::Unknown(api::describe(&err))),
        Err(err) => Err(Failure::from(err)),
    }
}

/// The titles of a framework's sections by reference ("Chapter IV" → "Controller and processor"),
/// for the theme rows of the table; the table still groups by reference without them.
async fn section_titles(session: Session, framework: String) -> HashMap<String, String> {
    fn walk(nodes: &[Requirement], into: &mut HashMap<String, String>) {
        for node in nodes {
            if node.kind == RequirementKind::Section {
                into.insert(node.reference.clone(), node.title.clone());
            }
            walk(&node.children, into);
        }
    }
    let mut titles = HashMap::new();
    if let Ok(tree) = api::call(session, async |c| {
        c.framework_requirements(&framework).await
    })
    .await
    {
        walk(&tree, &mut titles);
    }
    titles
}

/// The compliance screen.
#[component]
pub fn CompliancePage() -> impl IntoView {
    crate::format::set_title("Compliance across frameworks");
    let session = use_session();
    let query = use_query_map();
    let framework = Memo::new(move |_| {
        query
            .with(|q| q.get("framework"))
            .filter(|f| !f.trim().is_empty())
    });
    let coverage = RwSignal::new(None::<EvidenceCoverage>);
    let compliance = LocalResource::new(move || {
        let filter = ComplianceFilter {
            framework: framework.get(),
            coverage: coverage.get(),
        };
        load(session, filter)
    });
    let retry = Callback::new(move |()| compliance.refetch());
    let shown = Memo::new(move |_| {
        compliance.get().map(|r| {
            r.map(|outcome| match outcome {
                Outcome::Found(_) => Shown::Body,
                Outcome::NoRegister => Shown::NoRegister,
                Outcome::Unknown(message) => Shown::Unknown(message),
            })
        })
    });

    view! {
        <PageHead title="Compliance across frameworks" intro="Every register the organisation keeps, read together: a record that evidences a requirement also counts for the corresponding requirements of the other frameworks." testid="compliance-title" title_class="page-title">
            <div class="page-actions">
                <A href="/frameworks" attr:class="btn" attr:data-testid="compliance-frameworks-link">"Frameworks"</A>
            </div>
        </PageHead>
        <ErrorBoundary fallback=move |errors| view! { <LoadError errors=errors retry=retry /> }>
            {move || match shown.get() {
                None => Ok(view! { <Loading label="Loading the registers…" /> }.into_any()),
                Some(Err(f)) => Err(f),
                Some(Ok(Shown::NoRegister)) => Ok(view! { <NoRegister asked=framework.get_untracked() /> }.into_any()),
                Some(Ok(Shown::Unknown(message))) => Ok(view! { <UnknownFramework message=message /> }.into_any()),
                Some(Ok(Shown::Body)) => Ok(view! { <ComplianceBody compliance=compliance coverage=coverage retry=retry /> }.into_any()),
            }}
        </ErrorBoundary>
    }
}

/// Shown when the organisation keeps no register at all, or none on the framework asked for.
#[component]
fn NoRegister(asked: Option<String>) -> impl IntoView {
    let (title, text) = match &asked {
        Some(id) => (
            "No register on this framework".to_owned(),
            format!("This organisation keeps no Statement of Applicability or compliance register on {id}."),
        ),
        None => (
            "No compliance registers".to_owned(),
            "This organisation keeps no Statement of Applicability or compliance register yet. Browse the frameworks to see the requirements one would list.".to_owned(),
        ),
    };
    view! {
        <section class="card" data-testid="compliance-none">
            <EmptyState glyph=Glyph::Shield title=title text=text>
                <div class="btn-row">
                    <A href="/frameworks" attr:class="btn" attr:data-testid="compliance-none-frameworks">"Browse frameworks"</A>
                    {asked.is_some().then(|| view! { <A href="/compliance" attr:class="btn">"All registers"</A> })}
                </div>
            </EmptyState>
        </section>
    }
}

/// Shown when the address names a framework no register can be kept on.
#[component]
fn UnknownFramework(message: String) -> impl IntoView {
    view! {
        <section class="card" data-testid="compliance-unknown">
            <EmptyState glyph=Glyph::Alert title="Not a register framework" text=message>
                <A href="/compliance" attr:class="btn">"All registers"</A>
            </EmptyState>
        </section>
    }
}

/// The register cards, the coverage chips and the table, once there is a view to show.
#[component]
fn ComplianceBody(
    compliance: LocalResource<Result<Outcome, Failure>>,
    coverage: RwSignal<Option<EvidenceCoverage>>,
    retry: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    // The figures of the registers do not change with the coverage chips: redrawn only when they do.
    let registers = Memo::new(move |_| match compliance.get() {
        Some(Ok(Outcome::Found(v))) => Some((v.frameworks, v.framework_id, v.records_shared)),
        _ => None,
    });
    let selected = Memo::new(move |_| registers.with(|r| r.as_ref().map(|(_, id, _)| id.clone())));
    let titles = LocalResource::new(move || {
        let framework = selected.get();
        async move {
            match framework {
                Some(id) => section_titles(session, id).await,
                None => HashMap::new(),
            }
        }
    });
    let titles = Signal::derive(move || titles.get().unwrap_or_default());
    let count = Memo::new(move |_| match compliance.get() {
        Some(Ok(Outcome::Found(v))) => v.rows.len(),
        _ => 0,
    });
    let chips: [Option<EvidenceCoverage>; 5] = [
        None,
        Some(EvidenceCoverage::Own),
        Some(EvidenceCoverage::Shared),
        Some(EvidenceCoverage::None),
        Some(EvidenceCoverage::Excluded),
    ];
    view! {
        {move || registers.get().map(|(frameworks, selected, shared)| view! {
            <RegisterCards frameworks=frameworks selected=selected records_shared=shared />
        })}
        <section class="card card-flush" data-testid="compliance">
            <div class="toolbar" role="search">
                <div class="soa-views" role="group" aria-label="Evidence">
                    {chips.into_iter().map(|c| {
                        let key = c.map_or("all", EvidenceCoverage::key);
                        view! {
                            <FilterChip active=Signal::derive(move || coverage.get() == c) testid=format!("compliance-filter-{key}")
                                label=c.map_or("All", coverage_label) on_select=Callback::new(move |()| coverage.set(c)) />
                        }
                    }).collect_view()}
                </div>
            </div>
            <ResourceView resource=compliance label="Loading requirements…" retry=retry children={move |outcome| match outcome {
                        Outcome::Found(v) if v.rows.is_empty() => view! {
                            <EmptyState glyph=Glyph::Search title="No requirements match" text="Nothing of this register falls in this view. Try another filter." />
                        }.into_any(),
                        Outcome::Found(v) => view! { <ComplianceTable rows=v.rows titles=titles /> }.into_any(),
                        _ => ().into_any(),
                    }} />
            <div class="table-foot">
                <span data-testid="compliance-count" data-count=move || count.get().to_string()>
                    {move || crate::format::count(count.get() as i64, "requirement", "requirements")}
                </span>
            </div>
        </section>
    }
}
