//! The risk bank at `/risks/bank` (issue 5, white paper figure 6): generic threats by category,
//! each with what it harms, the weaknesses that let it happen, its consequences and the controls
//! that treat it (linked to the control's page in the ISO 27001 project); editors add a threat to
//! the risk register from here.

use crate::api::{self, Failure};
use crate::components::feedback::{EmptyState, Field, ResourceView};
use crate::components::icon::Glyph;
use crate::components::page_head::PageHead;
use crate::components::risk::{RiskNav, RiskScreen};
use crate::components::toasts::use_toasts;
use crate::pages::risk::bank_threat::{BankState, Controls, PROPERTIES, Register, ThreatRow};
use crate::session::{Session, use_session};
use annex_client::ApiError;
use annex_client::domain::Action;
use annex_client::domain::frameworks::soa::SoaFilter;
use annex_client::domain::risk::bank::{Property, Threat};
use annex_client::domain::risk::register::RiskFilter;
use leptos::prelude::*;
use std::sync::Arc;

async fn load_bank(session: Session) -> Result<Arc<Vec<Threat>>, Failure> {
    api::call(session, async |c| c.risk_bank().await)
        .await
        .map(Arc::new)
        .map_err(Failure::from)
}

/// The controls of the SoA; none when the organisation keeps no SoA (the chips then link nowhere).
async fn load_controls(session: Session) -> Result<Controls, Failure> {
    match api::call(session, async |c| c.soa(&SoaFilter::default()).await).await {
        Ok(soa) => Ok(Arc::new(
            soa.data
                .into_iter()
                .map(|e| (e.reference, (e.item_id, e.title)))
                .collect(),
        )),
        Err(ApiError::NotFound(_)) => Ok(Controls::default()),
        Err(err) => Err(Failure::from(err)),
    }
}

/// The register's risks by title; none when the organisation has no register yet.
async fn load_register(session: Session) -> Result<Register, Failure> {
    match api::call(session, async |c| {
        c.risk_register(&RiskFilter::default()).await
    })
    .await
    {
        Ok(register) => Ok(Arc::new(
            register
                .data
                .into_iter()
                .map(|r| (r.title, r.item_id))
                .collect(),
        )),
        Err(ApiError::NotFound(_)) => Ok(Register::default()),
        Err(err) => Err(Failure::from(err)),
    }
}

/// Which threats are shown.
#[derive(Debug, Clone, Default, PartialEq)]
struct Filters {
    words: String,
    category: Option<String>,
    affects: Option<Property>,
}

/// Everything a search looks through, in lower case.
fn haystack(t: &Threat) -> String {
    [
        t.threat.as_str(),
        t.description.as_str(),
        t.category.as_str(),
    ]
    .into_iter()
    .chain(t.vulnerabilities.iter().map(String::as_str))
    .chain(t.consequences.iter().map(String::as_str))
    .chain(t.controls.iter().map(String::as_str))
    .collect::<Vec<_>>()
    .join(" ")
    .to_lowercase()
}

impl Filters {
    /// Whether a threat (with its haystack) passes: every word found, and the category and
    /// property chosen.
    fn keeps(&self, t: &Threat, text: &str) -> bool {
        self.category.as_ref().is_none_or(|c| &t.category == c)
            && self.affects.is_none_or(|p| t.affects.contains(&p))
            && self
                .words
                .to_lowercase()
                .split_whitespace()
                .all(|w| text.contains(w))
    }
}

/// The categories in the bank's order, with how many threats each holds.
fn categories(threats: &[Threat]) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for t in threats {
        match out.iter_mut().find(|(c, _)| *c == t.category) {
            Some((_, n)) => *n += 1,
            None => out.push((t.category.clone(), 1)),
        }
    }
    out
}

/// The risk bank screen.
#[component]
pub fn RiskBankPage() -> impl IntoView {
    crate::format::set_title("Risk bank");
    let session = use_session();
    let bank = LocalResource::new(move || load_bank(session));
    let controls = LocalResource::new(move || load_controls(session));
    let register = LocalResource::new(move || load_register(session));
    // The links wait for the SoA and the register; failing to read them only leaves the chips
    // unlinked and the risks unmarked.
    let state = BankState {
        session,
        toasts: use_toasts(),
        controls: Signal::derive(move || controls.get().and_then(Result::ok).unwrap_or_default()),
        register: Signal::derive(move || register.get().and_then(Result::ok).unwrap_or_default()),
        may_add: session.can_untracked(Action::EditAnyItem),
        refresh: Callback::new(move |()| register.refetch()),
    };
    let retry = Callback::new(move |()| bank.refetch());
    view! {
        <PageHead title="Risk bank" intro="Generic threats to start a risk assessment from: what lets each happen, what it leads to, and the Annex A controls that treat it." testid="risk-bank-title" title_class="page-title" />
        <RiskNav current=RiskScreen::Bank />
        <ResourceView resource=bank label="Loading the risk bank…" retry=retry children={move |threats| view! { <BankBody threats=threats state=state /> }} />
    }
}

/// The filters and the threats they keep, by category.
#[component]
fn BankBody(threats: Arc<Vec<Threat>>, state: BankState) -> impl IntoView {
    let filters = RwSignal::new(Filters::default());
    let all = categories(&threats);
    let total = threats.len();
    let indexed: Arc<Vec<(Threat, String)>> =
        Arc::new(threats.iter().map(|t| (t.clone(), haystack(t))).collect());
    let shown = Memo::new(move |_| {
        filters.with(|f| {
            indexed
                .iter()
                .filter(|(t, text)| f.keeps(t, text))
                .map(|(t, _)| t.clone())
                .collect::<Vec<_>>()
        })
    });
    let count = move || shown.with(Vec::len);
    let chip = move |key: Option<String>, label: String, n: usize| {
        let active = {
            let key = key.clone();
            move || filters.with(|f| f.category == key)
        };
        let testid = if key.is_some() {
            "bank-category"
        } else {
            "bank-category-all"
        };
        view! {
            <button class="filter-chip" class:active=active.clone() type="button"
                aria-pressed=move || active().to_string()
                data-testid=testid data-category=key.clone().unwrap_or_default()
                on:click=move |_| filters.update(|f| f.category = key.clone())>
                {format!("{label} ({n})")}
            </button>
        }
    };
    view! {
        <section class="card card-flush" data-testid="risk-bank">
            <div class="toolbar bank-toolbar" role="search">
                <div class="soa-views" role="group" aria-label="Category">
                    {chip(None, "All".to_owned(), total)}
                    {all.into_iter().map(|(c, n)| chip(Some(c.clone()), c, n)).collect_view()}
                </div>
                <div class="field grow">
                    <label for="bank-search">"Search"</label>
                    <input class="input" id="bank-search" type="search" data-testid="bank-search"
                        placeholder="Words in the threat, its weaknesses, consequences or controls"
                        prop:value=move || filters.with(|f| f.words.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); filters.update(|f| f.words = v) } />
                </div>
                <Field label="Harms" id="bank-affects">
                    <select class="select" id="bank-affects" data-testid="bank-affects" on:change=move |ev| {
                        let key = event_target_value(&ev);
                        filters.update(|f| f.affects = PROPERTIES.iter().find(|p| p.1 == key).map(|p| p.0));
                    }>
                        <option value="">"Any property"</option>
                        {PROPERTIES.iter().map(|(_, key, label, _)| view! { <option value=*key>{*label}</option> }).collect_view()}
                    </select>
                </Field>
            </div>
            {move || {
                let threats = shown.get();
                if threats.is_empty() {
                    return view! {
                        <EmptyState glyph=Glyph::Search title="No threats match" text="Try other words, or another category." />
                    }.into_any();
                }
                categories(&threats).into_iter().map(|(category, n)| {
                    let members: Vec<Threat> = threats.iter().filter(|t| t.category == category).cloned().collect();
                    view! {
                        <div class="bank-group" data-testid="bank-group" data-category=category.clone()>
                            <h2 class="bank-group-head">
                                {category.clone()}
                                <span class="muted small">{crate::format::count(n as i64, "threat", "threats")}</span>
                            </h2>
                            {members.into_iter().map(|t| view! { <ThreatRow threat=t state=state /> }).collect_view()}
                        </div>
                    }
                }).collect_view().into_any()
            }}
            <div class="table-foot">
                <span data-testid="bank-count" data-count=move || count().to_string()>
                    {move || {
                        let n = count();
                        if n == total {
                            crate::format::count(n as i64, "threat", "threats")
                        } else {
                            format!("{n} of {total} threats")
                        }
                    }}
                </span>
            </div>
        </section>
    }
}
