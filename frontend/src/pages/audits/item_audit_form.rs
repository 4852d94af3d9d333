//! Raises a finding on an audit: its kind, a title, a description and the controls it concerns —
//! ticked from the SoA controls linked to the audit, or typed as references ("A.5.15") resolved
//! against the Statement of Applicability. The server turns it into a corrective action linked to
//! the audit and to those controls.

use crate::api::{self, Failure};
use crate::components::feedback::{ErrorAlert, Field, FieldError};
use crate::components::toasts::use_toasts;
use crate::pages::work::item::ItemScope;
use crate::session::{Session, use_session};
use crate::submission::Submission;
use annex_client::domain::audits::{FindingKind, RaiseFinding};
use annex_client::domain::frameworks::soa::{SoaEntry, SoaFilter};
use leptos::prelude::*;
use std::collections::BTreeSet;
use uuid::Uuid;

/// What the form knows about a control: its item, reference and title.
#[derive(Debug, Clone, PartialEq)]
struct Control {
    item_id: Uuid,
    reference: String,
    title: String,
}

impl From<&SoaEntry> for Control {
    fn from(e: &SoaEntry) -> Control {
        Control {
            item_id: e.item_id,
            reference: e.reference.clone(),
            title: e.title.clone(),
        }
    }
}

/// The SoA's controls, and which of them are linked to the audit.
#[derive(Debug, Clone, Default)]
struct Controls {
    all: Vec<Control>,
    linked: Vec<Control>,
}

/// Loads the SoA and the audit's links, keeping the linked items that are SoA controls.
async fn load_controls(session: Session, audit: Uuid) -> Result<Controls, Failure> {
    let (soa, links) = futures_util::join!(
        api::call(session, async |c| c.soa(&SoaFilter::default()).await),
        api::call(session, async |c| c.list_links(audit).await)
    );
    let (soa, links) = (soa?, links?);
    let linked_ids: BTreeSet<Uuid> = links.iter().map(|l| l.item_id).collect();
    let all: Vec<Control> = soa.data.iter().map(Control::from).collect();
    let linked = all
        .iter()
        .filter(|c| linked_ids.contains(&c.item_id))
        .cloned()
        .collect();
    Ok(Controls { all, linked })
}

/// Resolves typed references ("A.5.15, A.8.2") to control items; the unknown ones come back as
/// the error.
fn resolve(text: &str, all: &[Control]) -> Result<Vec<Uuid>, Vec<String>> {
    let mut found = Vec::new();
    let mut unknown = Vec::new();
    for reference in text
        .split([',', ';', ' ', '\n'])
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        match all
            .iter()
            .find(|c| c.reference.eq_ignore_ascii_case(reference))
        {
            Some(c) => found.push(c.item_id),
            None => unknown.push(reference.to_owned()),
        }
    }
    if unknown.is_empty() {
        Ok(found)
    } else {
        Err(unknown)
    }
}

/// The form; `raised` runs after the server accepted a finding.
#[component]
pub fn RaiseFindingForm(scope: ItemScope, raised: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let audit = scope.item_id;
    // Reloaded after every change on the page: linking a control under Linked work offers it here.
    let controls = LocalResource::new(move || {
        scope.pulse.track();
        load_controls(session, audit)
    });
    let known = RwSignal::new(Controls::default());
    let load_failure = RwSignal::new(None::<String>);
    Effect::new(move |_| match controls.get() {
        Some(Ok(found)) => {
            load_failure.set(None);
            known.set(found);
        }
        Some(Err(f)) => load_failure.set(Some(f.message)),
        None => {}
    });

    let kind = RwSignal::new(FindingKind::MinorNc);
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let ticked = RwSignal::new(BTreeSet::<Uuid>::new());
    let references = RwSignal::new(String::new());
    let reference_error = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<Failure>);
    let pending = Submission::new();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        reference_error.set(None);
        let typed = known.with_untracked(|k| resolve(&references.get_untracked(), &k.all));
        let typed = match typed {
            Ok(ids) => ids,
            Err(unknown) => {
                reference_error.set(Some(format!(
                    "Not a control of the SoA: {}",
                    unknown.join(", ")
                )));
                return;
            }
        };
        let mut chosen: Vec<Uuid> = ticked.get_untracked().into_iter().collect();
        for id in typed {
            if !chosen.contains(&id) {
                chosen.push(id);
            }
        }
        let request = RaiseFinding {
            kind: kind.get_untracked(),
            title: title.get_untracked().trim().to_owned(),
            description: description.get_untracked().trim().to_owned(),
            controls: chosen,
        };
        failure.set(None);
        pending.run(
                async move {
                    api::call(session, async |c| c.raise_finding(audit, &request).await).await
                },
                move |result| match result {
                    Ok(action) => {
                        toasts.info(format!("Corrective action {} raised", action.number));
                        title.set(String::new());
                        description.set(String::new());
                        references.set(String::new());
                        ticked.set(BTreeSet::new());
                        raised.run(());
                    }
                    Err(err) => failure.set(Some(Failure::from(err))),
                },
            );
    };

    let toggle = move |id: Uuid| {
        ticked.update(|t| {
            if !t.remove(&id) {
                t.insert(id);
            }
        });
    };
    let general = Signal::derive(move || {
        failure
            .with(|f| f.as_ref().map(|f| f.message.clone()))
            .or_else(|| load_failure.get())
    });
    view! {
        <form class="form entry-form audit-finding-form" on:submit=submit data-testid="audit-finding-form" novalidate>
            <h3>"Raise a finding"</h3>
            <ErrorAlert message=general />
            <div class="form-row">
                <Field label="Kind" id="finding-kind" failure=failure field="kind">
                    <select class="select" id="finding-kind" data-testid="finding-kind-select"
                        on:change=move |ev| if let Some(k) = FindingKind::from_label(&event_target_value(&ev)) { kind.set(k) }>
                        {FindingKind::ALL.into_iter().map(|k| view! {
                            <option value=k.label() selected=move || kind.get() == k>{k.label()}</option>
                        }).collect_view()}
                    </select>
                </Field>
                <Field label="Title" id="finding-title" failure=failure field="title">
                    <input class="input" id="finding-title" data-testid="finding-title" maxlength="300" required
                        placeholder="Leavers keep access for weeks" bind:value=title />
                </Field>
            </div>
            <Field label="Description" id="finding-description" failure=failure field="description">
                <textarea class="textarea" id="finding-description" data-testid="finding-description" rows="3" maxlength="20000"
                    placeholder="What the auditor saw, and the evidence." bind:value=description></textarea>
            </Field>
            <div class="field">
                <span class="label">"Controls"</span>
                {move || {
                    let linked = known.with(|k| k.linked.clone());
                    if linked.is_empty() {
                        return view! {
                            <p class="muted small" data-testid="finding-no-controls">"No SoA controls are linked to this audit; type references below."</p>
                        }
                        .into_any();
                    }
                    view! {
                        <div class="choice-chips" role="group" aria-label="Controls concerned" data-testid="finding-controls">
                            {linked.into_iter().map(|c| {
                                let id = c.item_id;
                                view! {
                                    <label class="choice-chip" title=c.title.clone()>
                                        <input type="checkbox" data-testid="finding-control-choice" data-reference=c.reference.clone()
                                            prop:checked=move || ticked.with(|t| t.contains(&id))
                                            on:change=move |_| toggle(id) />
                                        {format!("{} {}", c.reference, c.title)}
                                    </label>
                                }
                            }).collect_view()}
                        </div>
                    }
                    .into_any()
                }}
                <FieldError failure=failure field="controls" />
            </div>
            <Field label="Other controls" id="finding-references">
                <input class="input" id="finding-references" data-testid="finding-references"
                    placeholder="A.5.15, A.8.2" bind:value=references />
                <span class="hint">"References of the Statement of Applicability, separated by commas."</span>
                {move || reference_error.get().map(|e| view! { <span class="field-error" data-testid="finding-references-error">{e}</span> })}
            </Field>
            <div class="btn-row">
                <button class="btn btn-primary btn-sm" type="submit" data-testid="finding-raise" disabled=move || pending.running()>
                    {move || if pending.running() { "Raising…" } else { "Raise finding" }}
                </button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn control(n: u128, reference: &str) -> Control {
        Control {
            item_id: Uuid::from_u128(n),
            reference: reference.to_owned(),
            title: String::new(),
        }
    }

    #[test]
    fn typed_references_resolve_to_their_controls() {
        let all = vec![control(1, "A.5.15"), control(2, "A.8.2")];
        assert_eq!(
            resolve(" a.8.2, A.5.15 ", &all),
            Ok(vec![all[1].item_id, all[0].item_id])
        );
        assert_eq!(resolve("", &all), Ok(vec![]));
    }

    #[test]
    fn unknown_references_are_named() {
        let all = vec![control(1, "A.5.15")];
        assert_eq!(
            resolve("A.5.15, A.9.9", &all),
            Err(vec!["A.9.9".to_owned()])
        );
    }
}
