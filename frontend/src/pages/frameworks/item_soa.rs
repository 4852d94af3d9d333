//! The SoA panel of a control's item page (white paper figure 2): applicability and why, the
//! reasons for including it, implementation status, owner, progress, last review, the
//! implementation statement, and counts of evidence, risks and open actions. Shown only when the
//! item is an SoA control.

use crate::api::{self, Failure};
use crate::components::soa::{ApplicabilityChip, ImplementationChip};
use crate::components::toasts::use_toasts;
use crate::components::work::{ProgressBar, day};
use crate::format::count;
use crate::pages::frameworks::item_soa_form::EntryForm;
use crate::pages::frameworks::item_soa_statement::Statement;
use crate::pages::work::item::ItemScope;
use crate::session::use_session;
use annex_client::ApiError;
use annex_client::domain::frameworks::soa::{SoaEntry, UpdateSoaEntry};
use annex_client::domain::work::items::Item;
use leptos::prelude::*;
use leptos_router::components::A;

/// Saves a change to the entry and tells the caller how it went.
pub type SaveEntry = Callback<(UpdateSoaEntry, Callback<Result<(), Failure>>)>;

/// The panel, or nothing when the item is not an SoA control.
#[component]
pub fn SoaPanel(
    scope: ItemScope,
    item: RwSignal<Item>,
    may_edit: Memo<bool>,
    /// Reloads the item, whose assignee, progress and version an SoA save changes.
    reload_item: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let id = scope.item_id;
    // Read again when the item changes (its fields are the entry's owner and progress) and after
    // any change on the page (a linked policy or a document is evidence).
    let loaded = LocalResource::new(move || {
        item.with(|i| i.version);
        scope.pulse.track();
        async move {
            match api::call(session, async |c| c.soa_entry(id).await).await {
                Ok(e) => Ok(Some(e)),
                Err(ApiError::NotFound(_)) => Ok(None),
                Err(err) => Err(Failure::from(err)),
            }
        }
    });
    let entry = RwSignal::new(None::<SoaEntry>);
    Effect::new(move |_| {
        if let Some(Ok(found)) = loaded.get() {
            entry.set(found);
        }
    });
    // The form is rebuilt for a new version only, so counts refreshing keep what is being typed.
    let version = Memo::new(move |_| entry.with(|e| e.as_ref().map(|e| e.version)));

    let save: SaveEntry = Callback::new(
        move |(request, done): (UpdateSoaEntry, Callback<Result<(), Failure>>)| {
            let Some(current) = entry.get_untracked().map(|e| e.version) else {
                return;
            };
            leptos::task::spawn_local(async move {
                let result = api::call(session, async |c| {
                    c.update_soa_entry(id, current, &request).await
                })
                .await
                .map_err(Failure::from);
                if entry.is_disposed() {
                    return;
                }
                match result {
                    Ok(saved) => {
                        entry.set(Some(saved));
                        scope.changed();
                        reload_item.run(());
                        done.run(Ok(()));
                    }
                    Err(f) if f.stale => {
                        toasts.warn(api::STALE);
                        loaded.refetch();
                        reload_item.run(());
                        done.run(Err(f));
                    }
                    Err(f) => done.run(Err(f)),
                }
            });
        },
    );

    move || {
        if let Some(Err(f)) = loaded.get().filter(|_| entry.with(Option::is_none)) {
            return view! {
                <section class="card" data-testid="soa-panel-error">
                    <h2>"Statement of Applicability"</h2>
                    <p class="field-error">{f.message}</p>
                </section>
            }
            .into_any();
        }
        version
            .get()
            .and_then(|_| entry.get_untracked())
            .map(|initial| view! { <PanelBody scope=scope entry=entry initial=initial may_edit=may_edit save=save /> })
            .into_any()
    }
}

/// The loaded panel: head, counts, the form (or the values), and the statement.
#[component]
fn PanelBody(
    scope: ItemScope,
    entry: RwSignal<Option<SoaEntry>>,
    /// The entry at this version, which the form starts from.
    initial: SoaEntry,
    may_edit: Memo<bool>,
    save: SaveEntry,
) -> impl IntoView {
    let read = move |f: fn(&SoaEntry) -> i64| entry.with(|e| e.as_ref().map(f).unwrap_or(0));
    let reference = move || entry.with(|e| e.as_ref().map(|e| e.reference.clone()));
    // A control of the ISO 27001 SoA, or a requirement of a compliance register.
    let soa = initial.framework_id.starts_with("iso27001");
    let (heading, open_label, open_href) = if soa {
        (
            "Statement of Applicability",
            "Open the SoA",
            "/soa".to_owned(),
        )
    } else {
        (
            "Compliance register",
            "Open the register",
            format!("/registers/{}", initial.framework_id),
        )
    };
    view! {
        <section class="card soa-panel" data-testid="soa-panel" data-ref=reference>
            <div class="card-head">
                <h2>{heading}</h2>
                <div class="chips">
                    <span class="badge mono" data-testid="soa-panel-ref">{reference}</span>
                    {move || entry.with(|e| e.as_ref().map(|e| (e.applicable, e.implementation_status))).map(|(applicable, status)| view! {
                        <ApplicabilityChip applicable=applicable />
                        <ImplementationChip status=status />
                    })}
                    <A href=open_href attr:class="btn btn-sm btn-ghost" attr:data-testid="soa-panel-open">{open_label}</A>
                </div>
            </div>
            <div class="stat-tiles soa-counts">
                <div class="stat-tile" class:stat-warn=move || entry.with(|e| e.as_ref().is_some_and(|e| e.applicable && e.evidence() == 0))>
                    <span class="stat-n" data-testid="soa-panel-evidence">{move || read(SoaEntry::evidence)}</span>
                    <span class="stat-l">"Evidence"</span>
                    <span class="cell-sub">{move || format!(
                        "{} · {} · {}",
                        count(read(|e| e.policies), "policy", "policies"),
                        count(read(|e| e.records), "record", "records"),
                        count(read(|e| e.documents), "document", "documents")
                    )}</span>
                </div>
                <div class="stat-tile">
                    <span class="stat-n" data-testid="soa-panel-risks">{move || read(|e| e.risks)}</span>
                    <span class="stat-l">"Risks"</span>
                </div>
                <div class="stat-tile" class:stat-warn={move || read(|e| e.open_actions) > 0}>
                    <span class="stat-n" data-testid="soa-panel-actions">{move || read(|e| e.open_actions)}</span>
                    <span class="stat-l">"Open actions"</span>
                </div>
            </div>
            {move || {
                let e = initial.clone();
                if may_edit.get() {
                    view! { <EntryForm scope=scope entry=e save=save /> }.into_any()
                } else {
                    view! { <EntryRead entry=e /> }.into_any()
                }
            }}
            <Statement entry=entry may_edit=may_edit save=save />
        </section>
    }
}

/// The values, for those who may not change them.
#[component]
fn EntryRead(entry: SoaEntry) -> impl IntoView {
    let reasons = if entry.reasons.is_empty() {
        "—".to_owned()
    } else {
        entry
            .reasons
            .iter()
            .map(|r| r.label())
            .collect::<Vec<_>>()
            .join(", ")
    };
    view! {
        <dl class="facts" data-testid="soa-panel-read">
            <dt>"Applicability"</dt>
            <dd><ApplicabilityChip applicable=entry.applicable /></dd>
            {(!entry.applicable).then(|| view! {
                <dt>"Justification"</dt>
                <dd data-testid="soa-panel-justification">{entry.justification.clone()}</dd>
            })}
            <dt>"Reasons"</dt>
            <dd>{reasons}</dd>
            <dt>"Status"</dt>
            <dd><ImplementationChip status=entry.implementation_status /></dd>
            <dt>"Owner"</dt>
            <dd>{entry.owner_name.clone().unwrap_or_else(|| "Unassigned".to_owned())}</dd>
            <dt>"Progress"</dt>
            <dd><ProgressBar value=entry.progress /></dd>
            <dt>"Last reviewed"</dt>
            <dd>{entry.last_reviewed.as_ref().map(day).unwrap_or_else(|| "—".to_owned())}</dd>
        </dl>
    }
}
