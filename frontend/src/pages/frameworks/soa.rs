//! The Statement of Applicability at `/soa` (issue 4): every Annex A control by theme with its
//! applicability, implementation status, owner and evidence; gap filters, inline and bulk edits,
//! progress by theme, and the CSV / XLSX / OSCAL exports. The same screen keeps the compliance
//! registers of ISO 22301, ISO 9001 and the GDPR at `/registers/:framework`, requirement by
//! requirement.

use crate::api::{self, Failure};
use crate::components::feedback::{EmptyState, LoadError, Loading, ResourceView};
use crate::components::icon::Glyph;
use crate::components::toasts::{Toasts, use_toasts};
use crate::components::work::{People, load_people};
use crate::pages::frameworks::soa_bulk::BulkBar;
use crate::pages::frameworks::soa_coverage::CoverageCard;
use crate::pages::frameworks::soa_export::SoaExports;
use crate::pages::frameworks::soa_filters::{Filters, SoaToolbar};
use crate::pages::frameworks::soa_table::SoaTable;
use crate::session::{Session, use_session};
use crate::submission::Submission;
use annex_client::ApiError;
use annex_client::domain::Action;
use annex_client::domain::frameworks::soa::{
    Coverage, Soa, SoaCoverage, SoaEntry, SoaFilter, UpdateSoaEntry,
};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use std::collections::BTreeSet;
use uuid::Uuid;

/// What the parts of the SoA screen share.
#[derive(Clone, Copy)]
pub struct SoaState {
    pub session: Session,
    pub toasts: Toasts,
    pub people: StoredValue<People>,
    pub filters: RwSignal<Filters>,
    /// Controls ticked for a bulk change.
    pub selected: RwSignal<BTreeSet<Uuid>>,
    /// Coverage by theme, for the theme rows of the table.
    pub coverage: Signal<Vec<Coverage>>,
    /// Bumped after every change, so the table and the coverage reload.
    pub changed: RwSignal<u64>,
    /// Whether the person may change the SoA (editors and up; contributors use the control page).
    pub may_edit: bool,
    /// The register's framework; none for the organisation's ISO 27001 SoA.
    pub framework: StoredValue<Option<String>>,
}

impl SoaState {
    /// "3 controls", or "3 requirements" in a compliance register.
    pub fn count(&self, n: i64) -> String {
        if self.framework.with_value(Option::is_some) {
            crate::format::count(n, "requirement", "requirements")
        } else {
            crate::format::count(n, "control", "controls")
        }
    }

    /// Reloads the table and the coverage.
    pub fn refresh(&self) {
        self.changed.update(|n| *n += 1);
    }

    /// Saves a change to one control with its version; `done` hears how it went. A save or a stale
    /// version reloads the table; a refusal leaves it to `done` (a form keeps what was typed).
    pub fn update(
        &self,
        entry: &SoaEntry,
        request: UpdateSoaEntry,
        saved: String,
        done: impl Fn(Result<(), Failure>) + 'static,
    ) {
        let this = *self;
        let (id, version) = (entry.item_id, entry.version);
        leptos::task::spawn_local(async move {
            let result = api::call(this.session, async |c| {
                c.update_soa_entry(id, version, &request).await
            })
            .await
            .map_err(Failure::from);
            if this.changed.is_disposed() {
                return;
            }
            match result {
                Ok(_) => {
                    this.toasts.info(saved);
                    this.refresh();
                    done(Ok(()));
                }
                Err(f) if f.stale => {
                    this.toasts.warn(api::STALE);
                    this.refresh();
                    done(Err(f));
                }
                Err(f) => done(Err(f)),
            }
        });
    }
}

/// The SoA of the organisation, or none when it keeps no SoA.
async fn load_soa(session: Session, filter: SoaFilter) -> Result<Option<Soa>, Failure> {
    match api::call(session, async |c| c.soa(&filter).await).await {
        Ok(soa) => Ok(Some(soa)),
        Err(ApiError::NotFound(_)) => Ok(None),
        Err(err) => Err(Failure::from(err)),
    }
}

/// A compliance register's screen: the SoA screen on the framework of the address.
#[component]
pub fn RegisterPage() -> impl IntoView {
    let params = use_params_map();
    move || {
        let framework = params.with(|p| p.get("framework")).unwrap_or_default();
        view! { <SoaScreen framework=Some(framework) /> }
    }
}

/// The SoA screen at `/soa`.
#[component]
pub fn SoaPage() -> impl IntoView {
    view! { <SoaScreen framework=None /> }
}

/// The SoA screen, or with `framework` that framework's compliance register.
#[component]
fn SoaScreen(framework: Option<String>) -> impl IntoView {
    let register = framework.is_some();
    crate::format::set_title(if register {
        "Compliance register"
    } else {
        "Statement of Applicability"
    });
    let framework = StoredValue::new(framework);
    let session = use_session();
    let toasts = use_toasts();
    let filters = RwSignal::new(Filters::default());
    let changed = RwSignal::new(0_u64);
    let people = LocalResource::new(move || load_people(session));
    let coverage = LocalResource::new(move || {
        changed.track();
        async move {
            let framework = framework.get_value();
            match api::call(session, async |c| {
                c.soa_coverage(framework.as_deref()).await
            })
            .await
            {
                Ok(c) => Ok(Some(c)),
                Err(ApiError::NotFound(_)) => Ok(None),
                Err(err) => Err(Failure::from(err)),
            }
        }
    });
    let soa = LocalResource::new(move || {
        let mut filter = filters.get().to_filter();
        filter.framework = framework.get_value();
        changed.track();
        load_soa(session, filter)
    });
    let themes = Signal::derive(move || {
        coverage
            .get()
            .and_then(Result::ok)
            .flatten()
            .map(|c: SoaCoverage| c.themes)
            .unwrap_or_default()
    });
    let retry = Callback::new(move |()| soa.refetch());
    // Whether there is an SoA to show (and the members are loaded). Once the body is up it stays:
    // filtering and reloading happen inside it, keeping its selection and filters.
    let ready = Memo::new(move |before: Option<&Option<Result<bool, Failure>>>| {
        if let Some(Some(Ok(true))) = before {
            return Some(Ok(true));
        }
        people.with(Option::is_some).then_some(())?;
        soa.get().map(|r| r.map(|found| found.is_some()))
    });
    let may_edit = session.can_untracked(Action::EditAnyItem);

    view! {
        <div class="page-head">
            <div class="page-title">
                <h1 data-testid="soa-title">
                    {move || match (register, soa.get().and_then(Result::ok).flatten()) {
                        (false, _) => "Statement of Applicability".to_owned(),
                        (true, Some(s)) => format!("{} compliance register", s.framework_name),
                        (true, None) => "Compliance register".to_owned(),
                    }}
                </h1>
                <p data-testid="soa-framework">
                    {move || match (register, soa.get().and_then(Result::ok).flatten()) {
                        (false, Some(s)) => format!("{}: which Annex A controls apply, why, and how far each is implemented.", s.framework_name),
                        (false, None) => "Which Annex A controls apply, why, and how far each is implemented.".to_owned(),
                        (true, _) => "Every requirement: whether it applies, how far it is met, who owns it and what evidences it.".to_owned(),
                    }}
                </p>
            </div>
            <div class="page-actions">
                <SoaExports framework=framework framework_id=Signal::derive(move || soa.get().and_then(Result::ok).flatten().map(|s| s.framework_id)) />
                <A href="/compliance" attr:class="btn" attr:data-testid="soa-compliance-link">"Across frameworks"</A>
                <A href="/frameworks" attr:class="btn" attr:data-testid="soa-frameworks-link">"Frameworks"</A>
                {move || soa.get().and_then(Result::ok).flatten().map(|s| view! {
                    <A href=format!("/spaces/{}", s.space_id) attr:class="btn" attr:data-testid="soa-project-link">"Project"</A>
                })}
            </div>
        </div>
        <ErrorBoundary fallback=move |errors| view! { <LoadError errors=errors retry=retry /> }>
            {move || match ready.get() {
                None => Ok(view! { <Loading label="Loading the SoA…" /> }.into_any()),
                Some(Err(f)) => Err(f),
                Some(Ok(false)) if register => Ok(view! { <NoRegister framework=framework retry=retry /> }.into_any()),
                Some(Ok(false)) => Ok(view! { <NoSoa /> }.into_any()),
                Some(Ok(true)) => {
                    let people = people.get_untracked().and_then(Result::ok).unwrap_or_default();
                    let state = SoaState {
                        session,
                        toasts,
                        people: StoredValue::new(people),
                        filters,
                        selected: RwSignal::new(BTreeSet::new()),
                        coverage: themes,
                        changed,
                        may_edit,
                        framework,
                    };
                    Ok(view! { <SoaBody state=state soa=soa coverage=coverage retry=retry /> }.into_any())
                }
            }}
        </ErrorBoundary>
    }
}

/// Shown when the organisation keeps no SoA.
#[component]
fn NoSoa() -> impl IntoView {
    view! {
        <section class="card">
            <EmptyState
                glyph=Glyph::Shield
                title="No Statement of Applicability"
                text="This organisation keeps no SoA yet. Browse the frameworks to see the controls one would list."
            >
                <A href="/frameworks" attr:class="btn">"Browse frameworks"</A>
            </EmptyState>
        </section>
    }
}

/// Shown when the organisation keeps no register on the framework: those who manage spaces may
/// start it (every requirement an item, applicable and not started).
#[component]
fn NoRegister(framework: StoredValue<Option<String>>, retry: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let busy = Submission::new();
    let may_start = session.can_untracked(Action::ManageSpaces);
    let start = move |_| {
        let Some(id) = framework.get_value() else {
            return;
        };
        busy.run(
            async move { api::call(session, async |c| c.adopt_framework(&id).await).await },
            move |result| match result {
                Ok(register) => {
                    toasts.info(format!("Started the {} register.", register.framework_name));
                    retry.run(());
                }
                Err(err) => toasts.error(api::describe(&err)),
            },
        );
    };
    view! {
        <section class="card">
            <EmptyState
                glyph=Glyph::Shield
                title="No register on this framework yet"
                text="Start it here, or make the framework's cluster from a template: every requirement becomes an item with its statement."
            >
                <Show when=move || may_start>
                    <button class="btn btn-primary" type="button" data-testid="register-start" disabled=move || busy.running() on:click=start>
                        "Start the register"
                    </button>
                </Show>
                <A href="/frameworks" attr:class="btn">"Browse frameworks"</A>
            </EmptyState>
        </section>
    }
}

/// Coverage, filters, the bulk bar and the table, once the SoA is known to exist.
#[component]
fn SoaBody(
    state: SoaState,
    soa: LocalResource<Result<Option<Soa>, Failure>>,
    coverage: LocalResource<Result<Option<SoaCoverage>, Failure>>,
    retry: Callback<()>,
) -> impl IntoView {
    let entries = Signal::derive(move || {
        soa.get()
            .and_then(Result::ok)
            .flatten()
            .map(|s| s.data)
            .unwrap_or_default()
    });
    // A ticked control the filters no longer show is no longer part of a bulk change.
    Effect::new(move |_| {
        let shown: BTreeSet<Uuid> = entries.with(|all| all.iter().map(|e| e.item_id).collect());
        state.selected.update(|s| s.retain(|id| shown.contains(id)));
    });
    let count = move || entries.with(Vec::len);
    view! {
        <CoverageCard coverage=coverage />
        <section class="card card-flush" data-testid="soa">
            <SoaToolbar state=state />
            <Show when=move || state.may_edit && state.selected.with(|s| !s.is_empty())>
                <BulkBar state=state />
            </Show>
            <ResourceView resource=soa label="Loading controls…" retry=retry children={move |_| {
                        if count() == 0 {
                            view! { <EmptyState glyph=Glyph::Search title="Nothing matches" text="Nothing falls in this view. Try another filter." /> }.into_any()
                        } else {
                            view! { <SoaTable state=state entries=entries /> }.into_any()
                        }
                    }} />
            <div class="table-foot">
                <span data-testid="soa-count" data-count=move || count().to_string()>
                    {move || state.count(count() as i64)}
                </span>
            </div>
        </section>
    }
}
