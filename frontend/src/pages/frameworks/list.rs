//! The framework browser at `/frameworks`: a card per framework Annex knows (ISO/IEC 27001:2022
//! and 2013, ISO 22301, ISO 9001, GDPR), opening its requirement tree.

use crate::api::{self, Failure};
use crate::components::feedback::{EmptyState, ResourceView};
use crate::components::icon::Glyph;
use crate::components::page_head::PageHead;
use crate::format::count;
use crate::session::use_session;
use annex_client::domain::frameworks::FrameworkSummary;
use leptos::prelude::*;
use leptos_router::components::A;

/// The frameworks screen.
#[component]
pub fn Frameworks() -> impl IntoView {
    crate::format::set_title("Frameworks");
    let session = use_session();
    let frameworks = LocalResource::new(move || async move {
        api::call(session, async |c| c.frameworks().await)
            .await
            .map_err(Failure::from)
    });
    // Which framework the organisation's SoA follows, to mark its card; none is fine.
    let in_use = LocalResource::new(move || async move {
        api::call(session, async |c| c.soa_coverage(None).await)
            .await
            .ok()
            .map(|c| c.framework_id)
    });
    let retry = Callback::new(move |()| frameworks.refetch());
    view! {
        <PageHead title="Frameworks" intro="The standards and regulations the ISMS can be measured against: their clauses and controls, each control's attributes, and our guidance on the evidence auditors ask to see." testid="frameworks-title" title_class="page-title">
            <div class="page-actions">
                <A href="/soa" attr:class="btn" attr:data-testid="frameworks-soa-link">"Statement of Applicability"</A>
            </div>
        </PageHead>
        <ResourceView resource=frameworks label="Loading frameworks…" retry=retry children={move |all: Vec<FrameworkSummary>| {
                    if all.is_empty() {
                        return view! {
                            <section class="card">
                                <EmptyState glyph=Glyph::Book title="No frameworks" text="The server holds no framework catalogue." />
                            </section>
                        }
                        .into_any();
                    }
                    let current = in_use.get().flatten();
                    view! {
                        <div class="framework-cards" data-testid="framework-cards">
                            {all.into_iter().map(|f| {
                                let used = current.as_deref() == Some(f.id.as_str());
                                view! { <FrameworkCard framework=f in_use=used /> }
                            }).collect_view()}
                        </div>
                    }
                    .into_any()
                }} />
    }
}

/// One framework: name, description, how many controls or requirements.
#[component]
fn FrameworkCard(framework: FrameworkSummary, in_use: bool) -> impl IntoView {
    let size = if framework.controls > 0 {
        count(framework.controls as i64, "control", "controls")
    } else {
        count(framework.requirements as i64, "requirement", "requirements")
    };
    view! {
        <A
            href=format!("/frameworks/{}", framework.id)
            attr:class="card framework-card"
            attr:data-testid="framework-card"
            attr:data-id=framework.id.clone()
        >
            <div class="framework-card-head">
                <span class="framework-card-icon" aria-hidden="true"><crate::components::icon::Icon glyph=Glyph::Book /></span>
                <h2>{framework.name.clone()}</h2>
            </div>
            <p class="clamp-3">{framework.description.clone()}</p>
            <div class="framework-card-foot">
                <span class="badge" data-testid="framework-size">{size}</span>
                {in_use.then(|| view! { <span class="badge badge-success" data-testid="framework-in-use">"Your SoA"</span> })}
            </div>
        </A>
    }
}
