//! One threat of the risk bank, laid out as the bank's row: the threat and what it harms, what
//! lets it happen, what follows, the controls that treat it; and adding it to the risk register,
//! linked to the suggested controls the person confirms (or a link to the risk once it is there).

use crate::api::{self, Failure};
use crate::components::toasts::Toasts;
use crate::components::work::Chip;
use crate::session::Session;
use crate::submission::Submission;
use annex_client::ApiError;
use annex_client::domain::risk::bank::{Property, Threat};
use annex_client::domain::risk::register::AddFromBank;
use leptos::prelude::*;
use leptos_router::components::A;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use uuid::Uuid;

/// The organisation's Annex A controls by reference ("A.8.13"): their item and title.
pub type Controls = Arc<HashMap<String, (Uuid, String)>>;

/// The risks of the register by title (the register holds a threat of the bank under its title).
pub type Register = Arc<HashMap<String, Uuid>>;

/// What the rows of the bank share.
#[derive(Clone, Copy)]
pub struct BankState {
    pub session: Session,
    pub toasts: Toasts,
    pub controls: Signal<Controls>,
    pub register: Signal<Register>,
    /// Whether the person may add risks (editors and up).
    pub may_add: bool,
    /// Reads the register again, after a risk is added.
    pub refresh: Callback<()>,
}

/// The three properties, with their keys, words and colours.
pub const PROPERTIES: [(Property, &str, &str, &str); 3] = [
    (
        Property::Confidentiality,
        "confidentiality",
        "Confidentiality",
        "#6a1b9a",
    ),
    (Property::Integrity, "integrity", "Integrity", "#1d5fa8"),
    (
        Property::Availability,
        "availability",
        "Availability",
        "#00838f",
    ),
];

fn property(p: Property) -> (&'static str, &'static str) {
    PROPERTIES
        .iter()
        .find(|x| x.0 == p)
        .map_or(("", "#6b7589"), |x| (x.2, x.3))
}

/// One threat of the bank.
#[component]
pub fn ThreatRow(threat: Threat, state: BankState) -> impl IntoView {
    let Threat {
        key,
        threat: title,
        description,
        vulnerabilities,
        consequences,
        affects,
        controls: references,
        ..
    } = threat;
    let adding = RwSignal::new(false);
    let risk = {
        let title = title.clone();
        Memo::new(move |_| state.register.with(|r| r.get(&title).copied()))
    };
    let action = move || {
        match risk.get() {
        Some(id) => view! {
            <A href=format!("/items/{id}") attr:class="btn btn-sm" attr:data-testid="threat-see-risk">"See risk"</A>
        }
        .into_any(),
        None if state.may_add => view! {
            <button class="btn btn-sm" type="button" data-testid="threat-add-risk"
                aria-expanded=move || adding.get().to_string()
                on:click=move |_| adding.update(|a| *a = !*a)>
                "Add risk"
            </button>
        }
        .into_any(),
        None => ().into_any(),
    }
    };
    let panel = {
        let (key, title, references) = (key.clone(), title.clone(), references.clone());
        move || {
            (adding.get() && risk.with(Option::is_none)).then(|| {
                view! {
                    <AddRisk state=state key=key.clone() title=title.clone()
                        references=references.clone() open=adding />
                }
            })
        }
    };
    view! {
        <article class="threat" data-testid="threat" data-key=key>
            <div class="threat-head">
                <h3 class="threat-title" data-testid="threat-title">{title}</h3>
                <span class="chips" data-testid="threat-affects">
                    {affects.into_iter().map(|p| {
                        let (label, colour) = property(p);
                        view! { <Chip label=label colour=colour testid="threat-property" /> }
                    }).collect_view()}
                </span>
                <span class="threat-action">{action}</span>
            </div>
            <p class="threat-description">{description}</p>
            <div class="threat-parts">
                <div>
                    <h4>"Due to or allowed through"</h4>
                    <ul data-testid="threat-vulnerabilities">
                        {vulnerabilities.into_iter().map(|v| view! { <li>{v}</li> }).collect_view()}
                    </ul>
                </div>
                <div>
                    <h4>"Consequences"</h4>
                    <ul data-testid="threat-consequences">
                        {consequences.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}
                    </ul>
                </div>
                <div>
                    <h4>"Suggested controls"</h4>
                    <span class="chips">
                        {references.into_iter().map(|r| view! { <ControlChip reference=r controls=state.controls /> }).collect_view()}
                    </span>
                </div>
            </div>
            {panel}
        </article>
    }
}

/// A suggested control: a link to its page when the SoA lists it, plain text otherwise.
#[component]
fn ControlChip(reference: String, controls: Signal<Controls>) -> impl IntoView {
    move || {
        let reference = reference.clone();
        match controls.with(|c| c.get(&reference).cloned()) {
            Some((id, title)) => {
                let named = format!("{reference} {title}");
                let data_ref = reference.clone();
                view! {
                    <A href=format!("/items/{id}") attr:class="chip control-chip"
                        attr:data-testid="threat-control" attr:data-ref=data_ref
                        attr:title=named>
                        {reference.clone()}
                    </A>
                }
                .into_any()
            }
            None => view! {
                <span class="chip control-chip unlinked" data-testid="threat-control" data-ref=reference.clone()
                    title="Not in your Statement of Applicability">
                    {reference.clone()}
                </span>
            }
            .into_any(),
        }
    }
}

/// Confirms which suggested controls the new risk is linked to, then adds it to the register.
#[component]
fn AddRisk(
    state: BankState,
    key: String,
    title: String,
    references: Vec<String>,
    open: RwSignal<bool>,
) -> impl IntoView {
    let chosen = RwSignal::new(references.iter().cloned().collect::<BTreeSet<_>>());
    let pending = Submission::new();
    let failure = RwSignal::new(None::<String>);
    let order = StoredValue::new(references.clone());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = AddFromBank {
            key: key.clone(),
            controls: order.with_value(|all| {
                chosen.with_untracked(|c| all.iter().filter(|r| c.contains(*r)).cloned().collect())
            }),
        };
        failure.set(None);
        pending.run(
            async move {
                api::call(state.session, async |c| {
                    c.add_risk_from_bank(&request).await
                })
                .await
            },
            move |result| match result {
                Ok(item) => {
                    state
                        .toasts
                        .info(format!("Risk {} added to the register.", item.label));
                    open.set(false);
                    state.refresh.run(());
                }
                Err(ApiError::Conflict(_)) => {
                    state
                        .toasts
                        .warn("This threat is in the risk register already.");
                    open.set(false);
                    state.refresh.run(());
                }
                Err(err) => failure.set(Some(Failure::from(err).in_full())),
            },
        );
    };
    view! {
        <form class="add-risk" data-testid="add-risk-form" on:submit=submit>
            <p class="small">
                {format!("Add “{title}” to the risk register, linked to the controls ticked here:")}
            </p>
            <div class="choice-group">
                {references.into_iter().map(|r| {
                    let tick = r.clone();
                    let ticked = r.clone();
                    view! {
                        <label class="choice">
                            <input type="checkbox" data-testid="add-risk-control" data-ref=r.clone()
                                prop:checked=move || chosen.with(|c| c.contains(&ticked))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    chosen.update(|c| { if on { c.insert(tick.clone()); } else { c.remove(&tick); } });
                                } />
                            {r}
                        </label>
                    }
                }).collect_view()}
            </div>
            {move || failure.get().map(|text| view! { <div class="alert alert-error" role="alert" data-testid="form-error">{text}</div> })}
            <div class="btn-row">
                <button class="btn btn-primary btn-sm" type="submit" data-testid="add-risk-save" disabled=move || pending.running()>
                    {move || if pending.running() { "Adding…" } else { "Add to the register" }}
                </button>
                <button class="btn btn-sm" type="button" on:click=move |_| open.set(false)>"Cancel"</button>
            </div>
        </form>
    }
}
