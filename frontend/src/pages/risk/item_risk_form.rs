//! Records a reading of a risk: which reading, a likelihood and an impact (or separate C, I and
//! A impacts, the worst counting), a note, and the score and level it will get, shown live from
//! the matrix before anything is sent. When linked BIA records suggest an impact, the form offers
//! it.

use crate::api::{self, Failure};
use crate::components::feedback::{ErrorAlert, Field, FieldError};
use crate::components::risk::{LevelChip, kind_label};
use crate::components::toasts::use_toasts;
use crate::pages::risk::item_risk_bia::suggestion;
use crate::pages::work::item::ItemScope;
use crate::session::use_session;
use crate::submission::Submission;
use annex_client::domain::risk::RiskMatrix;
use annex_client::domain::risk::bia::BiaSummary;
use annex_client::domain::risk::matrix::impact_of_cia;
use annex_client::domain::risk::register::{ReadingKind, RecordReading};
use leptos::prelude::*;

/// A select's value as a level, `None` for the blank choice.
fn level(text: &str) -> Option<u8> {
    text.parse().ok()
}

/// The form; `recorded` runs after the server accepted a reading.
#[component]
pub fn ReadingForm(
    scope: ItemScope,
    matrix: StoredValue<RiskMatrix>,
    /// Whether the risk has its original reading (until then it is the only one allowed).
    #[prop(into)]
    has_original: Signal<bool>,
    /// The linked BIA records; the highest impact they suggest is offered.
    #[prop(into)]
    bia: Signal<Vec<BiaSummary>>,
    recorded: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let kind = RwSignal::new(ReadingKind::Original);
    Effect::new(move |_| {
        kind.set(if has_original.get() {
            ReadingKind::Current
        } else {
            ReadingKind::Original
        });
    });
    let likelihood = RwSignal::new(String::new());
    let impact = RwSignal::new(String::new());
    let by_cia = RwSignal::new(false);
    let (conf, integ, avail) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let note = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<Failure>);
    let pending = Submission::new();

    let chosen_impact = move || {
        if by_cia.get() {
            impact_of_cia(level(&conf.get()), level(&integ.get()), level(&avail.get()))
        } else {
            level(&impact.get())
        }
    };
    let preview = move || {
        let l = level(&likelihood.get())?;
        let i = chosen_impact()?;
        matrix.with_value(|m| m.assess(l, i).ok())
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let cia = by_cia.get_untracked();
        let request = RecordReading {
            kind: kind.get_untracked(),
            likelihood: level(&likelihood.get_untracked()).unwrap_or(0),
            impact: (!cia).then(|| level(&impact.get_untracked())).flatten(),
            confidentiality: cia.then(|| level(&conf.get_untracked())).flatten(),
            integrity: cia.then(|| level(&integ.get_untracked())).flatten(),
            availability: cia.then(|| level(&avail.get_untracked())).flatten(),
            note: note.get_untracked().trim().to_owned(),
        };
        let id = scope.item_id;
        failure.set(None);
        pending.run(
            async move { api::call(session, async |c| c.record_reading(id, &request).await).await },
            move |result| match result {
                Ok(r) => {
                    toasts.info(format!("{} reading recorded.", kind_label(r.kind)));
                    note.set(String::new());
                    recorded.run(());
                }
                Err(err) => failure.set(Some(Failure::from(err))),
            },
        );
    };

    // Each option marks itself chosen, so a value set in code (the BIA's "Use it") shows even when
    // the select is built after the value was set.
    let options = move |labels: Vec<String>, chosen: RwSignal<String>| {
        labels
            .into_iter()
            .enumerate()
            .map(|(n, label)| {
                let value = (n + 1).to_string();
                let mine = value.clone();
                view! {
                    <option value=value.clone() selected=move || chosen.with(|c| *c == mine)>
                        {format!("{value} · {label}")}
                    </option>
                }
            })
            .collect_view()
    };
    let suggested = move || {
        bia.with(|list| suggestion(list).map(|(n, from)| (n, from.label.clone())))
            .and_then(|(n, from)| {
                let label = matrix.with_value(|m| {
                    usize::from(n)
                        .checked_sub(1)
                        .and_then(|i| m.impact.get(i).cloned())
                })?;
                Some((n, label, from))
            })
    };
    let use_suggestion = move |n: u8| {
        by_cia.set(false);
        impact.set(n.to_string());
    };
    let likelihoods = matrix.with_value(|m| m.likelihood.clone());
    let impacts = matrix.with_value(|m| m.impact.clone());
    let cia_select = move |id: &'static str,
                           field: &'static str,
                           label: &'static str,
                           value: RwSignal<String>| {
        let impacts = impacts.clone();
        view! {
            <Field label=label id=id failure=failure field=field>
                <select class="select" id=id data-testid=id bind:value=value>
                    <option value="">"—"</option>
                    {options(impacts, value)}
                </select>
            </Field>
        }
    };
    let general = Signal::derive(move || failure.with(|f| f.as_ref().map(|f| f.message.clone())));
    view! {
        <form class="form risk-reading-form" on:submit=submit data-testid="risk-reading-form" novalidate>
            <h3>"Record a reading"</h3>
            <ErrorAlert message=general />
            {move || suggested().map(|(n, label, from)| view! {
                <p class="small risk-bia-suggestion" data-testid="risk-bia-suggestion" data-impact=n.to_string()>
                    {format!("The linked BIA suggests impact {n} ({label}) — from {from}")}
                    " "
                    <button class="btn btn-sm" type="button" data-testid="risk-bia-use" on:click=move |_| use_suggestion(n)>
                        "Use it"
                    </button>
                </p>
            })}
            <div class="form-row">
                <Field label="Reading" id="risk-kind" failure=failure field="kind">
                    <select class="select" id="risk-kind" data-testid="risk-kind"
                        prop:value=move || kind.get().key().to_owned()
                        on:change=move |ev| if let Some(k) = ReadingKind::parse(&event_target_value(&ev)) { kind.set(k) }>
                        {move || {
                            let allowed: &[ReadingKind] = if has_original.get() {
                                &[ReadingKind::Current, ReadingKind::Target]
                            } else {
                                &[ReadingKind::Original]
                            };
                            allowed.iter().map(|k| view! {
                                <option value=k.key() selected=move || kind.get() == *k>{kind_label(*k)}</option>
                            }).collect_view()
                        }}
                    </select>
                </Field>
                <Field label="Likelihood" id="risk-likelihood" failure=failure field="likelihood">
                    <select class="select" id="risk-likelihood" data-testid="risk-likelihood" bind:value=likelihood>
                        <option value="">"Choose…"</option>
                        {options(likelihoods, likelihood)}
                    </select>
                </Field>
                <Show when=move || !by_cia.get()>
                    <Field label="Impact" id="risk-impact" failure=failure field="impact">
                        <select class="select" id="risk-impact" data-testid="risk-impact" bind:value=impact>
                            <option value="">"Choose…"</option>
                            {options(matrix.with_value(|m| m.impact.clone()), impact)}
                        </select>
                    </Field>
                </Show>
            </div>
            <label class="choice">
                <input type="checkbox" data-testid="risk-by-cia" bind:checked=by_cia />
                "Impact by confidentiality, integrity and availability (the worst counts)"
            </label>
            <Show when=move || by_cia.get()>
                <div class="form-row">
                    {cia_select("risk-confidentiality", "confidentiality", "Confidentiality", conf)}
                    {cia_select("risk-integrity", "integrity", "Integrity", integ)}
                    {cia_select("risk-availability", "availability", "Availability", avail)}
                </div>
                <FieldError failure=failure field="impact" />
            </Show>
            <Field label="Note" id="risk-note" failure=failure field="note">
                <textarea class="textarea" id="risk-note" rows="2" maxlength="5000" data-testid="risk-note"
                    placeholder="Why this reading, e.g. MFA rolled out to all staff." bind:value=note></textarea>
            </Field>
            <div class="btn-row">
                <span class="risk-preview" data-testid="risk-preview"
                    data-score=move || preview().map(|a| a.score.to_string()).unwrap_or_default()>
                    {move || match preview() {
                        Some(a) => {
                            let above = a.above_appetite;
                            view! {
                                "Will score "
                                <LevelChip assessment=a testid="risk-preview-level" />
                                {above.then(|| view! { <span class="badge badge-warning">"Above appetite"</span> })}
                            }
                            .into_any()
                        }
                        None => view! { <span class="muted">"Choose a likelihood and an impact to see the score."</span> }.into_any(),
                    }}
                </span>
                <button class="btn btn-primary btn-sm" type="submit" data-testid="risk-record" disabled=move || pending.running()>
                    {move || if pending.running() { "Recording…" } else { "Record reading" }}
                </button>
            </div>
        </form>
    }
}
