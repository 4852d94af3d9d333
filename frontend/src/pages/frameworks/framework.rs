//! One framework at `/frameworks/:id`: its requirement tree with control attributes and guidance,
//! where each ISO/IEC 27001 control came from or went to between the 2013 and 2022 editions, and
//! the framework as an OSCAL catalog and profile.

use crate::api::{self, Failure};
use crate::components::download::download;
use crate::components::feedback::{EmptyState, ResourceView};
use crate::components::icon::Glyph;
use crate::components::toasts::use_toasts;
use crate::pages::frameworks::mapping::Crossing;
use crate::pages::frameworks::tree::RequirementTree;
use crate::session::{Session, use_session};
use annex_client::ApiError;
use annex_client::domain::frameworks::oscal;
use annex_client::domain::frameworks::soa::{SoaEntry, SoaFilter};
use annex_client::domain::frameworks::{FrameworkSummary, Requirement};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use std::collections::HashMap;

/// What the page shows once loaded.
#[derive(Debug, Clone)]
enum Loaded {
    Found(Box<Found>),
    Gone,
}

/// A framework with its tree, its place between editions, and the organisation's SoA of it.
#[derive(Debug, Clone)]
struct Found {
    summary: FrameworkSummary,
    requirements: Vec<Requirement>,
    crossing: Option<Crossing>,
    /// The organisation's SoA entries of this framework by control reference (empty if it keeps none).
    soa: HashMap<String, SoaEntry>,
}

/// The SoA entries of framework `id` by reference; an organisation without one has none.
async fn soa_of(session: Session, id: String) -> HashMap<String, SoaEntry> {
    let filter = SoaFilter {
        framework: Some(id),
        ..SoaFilter::default()
    };
    api::call(session, async |c| c.soa(&filter).await)
        .await
        .map(|soa| {
            soa.data
                .into_iter()
                .map(|e| (e.reference.clone(), e))
                .collect()
        })
        .unwrap_or_default()
}

/// Loads everything the page needs for framework `id`.
async fn load(session: Session, id: String) -> Result<Loaded, Failure> {
    let (all, requirements, mappings, soa) = futures_util::join!(
        api::call(session, async |c| c.frameworks().await),
        api::call(session, async |c| c.framework_requirements(&id).await),
        api::call(session, async |c| c.framework_mappings().await),
        soa_of(session, id.clone()),
    );
    let requirements = match requirements {
        Ok(r) => r,
        Err(ApiError::NotFound(_)) => return Ok(Loaded::Gone),
        Err(err) => return Err(Failure::from(err)),
    };
    let Some(summary) = all?.into_iter().find(|f| f.id == id) else {
        return Ok(Loaded::Gone);
    };
    // The mappings only add a column; the tree is worth showing without them.
    let crossing = mappings
        .ok()
        .and_then(|all| Crossing::for_framework(&id, all));
    Ok(Loaded::Found(Box::new(Found {
        summary,
        requirements,
        crossing,
        soa,
    })))
}

/// The framework screen.
#[component]
pub fn FrameworkPage() -> impl IntoView {
    crate::format::set_title("Framework");
    let session = use_session();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let loaded = LocalResource::new(move || load(session, id.get()));
    let retry = Callback::new(move |()| loaded.refetch());
    view! {
        <nav class="crumbs" aria-label="Breadcrumb">
            <A href="/frameworks" attr:data-testid="framework-back">"Frameworks"</A>
        </nav>
        <ResourceView resource=loaded label="Loading the framework…" retry=retry children={move |loaded| match loaded {
                    Loaded::Gone => view! {
                        <section class="card">
                            <EmptyState glyph=Glyph::Alert title="No such framework" text="Annex does not know this framework.">
                                <A href="/frameworks" attr:class="btn">"All frameworks"</A>
                            </EmptyState>
                        </section>
                    }
                    .into_any(),
                    Loaded::Found(found) => view! { <FrameworkView found=*found /> }.into_any(),
                }} />
    }
}

#[component]
fn FrameworkView(found: Found) -> impl IntoView {
    crate::format::set_title(&found.summary.name);
    let Found {
        summary,
        requirements,
        crossing,
        soa,
    } = found;
    let size = if summary.controls > 0 {
        format!(
            "{} · {}",
            crate::format::count(summary.controls as i64, "control", "controls"),
            crate::format::count(summary.requirements as i64, "entry", "entries")
        )
    } else {
        crate::format::count(summary.requirements as i64, "requirement", "requirements")
    };
    let in_soa = !soa.is_empty();
    view! {
        <div class="page-head">
            <div class="page-title">
                <h1 data-testid="framework-name">
                    {summary.name.clone()}
                    {in_soa.then(|| view! { <span class="badge badge-success title-badge" data-testid="framework-in-use">"Your SoA"</span> })}
                </h1>
                <p>{summary.description.clone()}</p>
                <p class="small muted" data-testid="framework-size">{size}</p>
            </div>
            <div class="page-actions">
                <OscalButton id=summary.id.clone() document=OscalDocument::Catalog />
                <OscalButton id=summary.id.clone() document=OscalDocument::Profile />
                {in_soa.then(|| view! { <A href="/soa" attr:class="btn" attr:data-testid="framework-soa-link">"Statement of Applicability"</A> })}
            </div>
        </div>
        {crossing.as_ref().map(|c| view! {
            <p class="alert alert-info small" data-testid="framework-mapping-note">{c.note()}</p>
        })}
        <RequirementTree requirements=requirements crossing=crossing soa=soa />
    }
}

/// The OSCAL documents a framework downloads as.
#[derive(Clone, Copy, PartialEq)]
enum OscalDocument {
    Catalog,
    Profile,
}

/// Downloads the framework as an OSCAL catalog or profile (JSON), under the file name the other
/// OSCAL documents import it by (the SoA's plan imports the profile, the profile the catalog).
#[component]
fn OscalButton(id: String, document: OscalDocument) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let busy = RwSignal::new(false);
    let id = StoredValue::new(id);
    let export = move |_| {
        busy.set(true);
        let id = id.get_value();
        let file = match document {
            OscalDocument::Catalog => oscal::catalog_file_name(&id),
            OscalDocument::Profile => oscal::profile_file_name(&id),
        };
        leptos::task::spawn_local(async move {
            let result = api::call(session, async |c| match document {
                OscalDocument::Catalog => c.framework_oscal(&id).await,
                OscalDocument::Profile => c.framework_oscal_profile(&id).await,
            })
            .await;
            if busy.is_disposed() {
                return;
            }
            busy.set(false);
            match result {
                Ok(json) => {
                    let bytes = serde_json::to_vec_pretty(&json).unwrap_or_default();
                    match download(&bytes, &file, "application/json") {
                        Ok(()) => toasts.info(format!("Exported {file}.")),
                        Err(text) => toasts.error(text),
                    }
                }
                Err(err) => toasts.error(api::describe(&err)),
            }
        });
    };
    let (test_id, label, title) = match document {
        OscalDocument::Catalog => (
            "framework-oscal",
            "OSCAL catalog",
            "The framework as an OSCAL catalog (JSON)",
        ),
        OscalDocument::Profile => (
            "framework-oscal-profile",
            "OSCAL profile",
            "The framework's baseline as an OSCAL profile importing the catalog (JSON); save both in one folder",
        ),
    };
    view! {
        <button class="btn" type="button" data-testid=test_id title=title disabled=move || busy.get() on:click=export>
            {label}
        </button>
    }
}
