//! The audit trail: every change in the organisation, newest first, with the record before and after.

use crate::api::{self};
use crate::components::feedback::{EmptyState, Field};
use crate::components::icon::Glyph;
use crate::components::page_head::PageHead;
use crate::components::paging::{MorePages, PagedList};
use crate::components::toasts::use_toasts;
use crate::pages::events::audit_event::{EventRows, subject_label};
use crate::session::use_session;
use annex_client::domain::events::{Event, EventFilter, SubjectKind, Verb};
use annex_client::domain::{Action, PageParams};
use leptos::prelude::*;
use std::time::Duration;

/// The audit trail screen; only roles that may read it get the table.
#[component]
pub fn AuditTrail() -> impl IntoView {
    crate::format::set_title("Audit trail");
    let may_read = use_session().can_untracked(Action::ReadAuditTrail);
    view! {
        <PageHead title="Audit trail" intro="Every change in this organisation: who did what, when, and the record before and after." />
        <Show
            when=move || may_read
            fallback=|| {
                view! {
                    <section class="card" data-testid="audit-forbidden">
                        <EmptyState
                            glyph=Glyph::Lock
                            title="Not available to your role"
                            text="The audit trail is open to owners, admins and auditors. Ask an admin if you need to see it."
                        />
                    </section>
                }
            }
        >
            <Trail />
        </Show>
    }
}

/// The filters and the table of events.
#[component]
fn Trail() -> impl IntoView {
    let session = use_session();
    let kind = RwSignal::new(String::new());
    let verb_text = RwSignal::new(String::new());
    let verb = RwSignal::new(String::new());
    let more = MorePages::<Event>::new();

    let filter = move || EventFilter {
        subject_kind: Some(kind.get()).filter(|k| !k.is_empty()),
        verb: Some(verb.get().trim().to_owned()).filter(|v| !v.is_empty()),
        ..Default::default()
    };

    // Typing a verb filters once the person pauses.
    Effect::new(move |_| {
        let text = verb_text.get();
        set_timeout(
            move || {
                // The screen may have been left before the pause ended.
                let typed = verb_text.try_get_untracked();
                let applied = verb.try_get_untracked();
                if typed.as_ref() == Some(&text) && applied.is_some_and(|v| v != text) {
                    verb.try_set(text);
                }
            },
            Duration::from_millis(300),
        );
    });

    let first_page = LocalResource::new(move || {
        let filter = filter();
        async move {
            more.first(api::call(session, async |c| {
                c.audit_trail(&filter, &PageParams::default()).await
            }))
            .await
        }
    });
    let reload = Callback::new(move |()| first_page.refetch());

    let toasts = use_toasts();
    let load_more = move |_| {
        let filter = filter_untracked(kind, verb);
        more.load(toasts, async move |params| {
            api::call(session, async |c| c.audit_trail(&filter, &params).await).await
        });
    };

    view! {
        <section class="card card-flush">
            <div class="toolbar" role="search">
                <Field label="Record kind" id="audit-kind">
                    <select class="select" id="audit-kind" data-testid="audit-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                        <option value="">"All kinds"</option>
                        {SubjectKind::ALL
                            .iter()
                            .map(|k| view! { <option value=k.as_str()>{subject_label(*k)}</option> })
                            .collect_view()}
                    </select>
                </Field>
                <Field label="Action" id="audit-verb">
                    <input
                        class="input"
                        id="audit-verb"
                        data-testid="audit-verb"
                        list="audit-verbs"
                        placeholder="Any action"
                        bind:value=verb_text
                    />
                    <datalist id="audit-verbs">
                        {Verb::ALL.iter().map(|v| view! { <option value=v.as_str()></option> }).collect_view()}
                    </datalist>
                </Field>
            </div>
            <PagedList resource=first_page more=more label="Loading the audit trail…" retry=reload testid="audit" on_more=Callback::new(load_more)
                empty={move || {
                                    view! {
                                        <EmptyState glyph=Glyph::Audit title="No events match" text="Nothing has been recorded with these filters. Try another kind or action." />
                                    }
                                        .into_any()
                }}
                list={move |rows: Signal<Vec<Event>>| view! {
                                        <div class="table-wrap">
                                            <table class="table stack-narrow" id="audit-table" data-testid="audit-table">
                                                <thead>
                                                    <tr>
                                                        <th>"When (UTC)"</th>
                                                        <th class="hide-narrow">"Who"</th>
                                                        <th>"What"</th>
                                                        <th class="actions"><span class="visually-hidden">"Details"</span></th>
                                                    </tr>
                                                </thead>
                                                <For
                                                    each=move || rows.get()
                                                    key=|e| e.id
                                                    children=|e| view! { <EventRows event=e /> }
                                                />
                                            </table>
                                        </div>
                }}
            />
        </section>
    }
}

/// The filter as it stands, read without subscribing (for "Load more").
fn filter_untracked(kind: RwSignal<String>, verb: RwSignal<String>) -> EventFilter {
    EventFilter {
        subject_kind: Some(kind.get_untracked()).filter(|k| !k.is_empty()),
        verb: Some(verb.get_untracked().trim().to_owned()).filter(|v| !v.is_empty()),
        ..Default::default()
    }
}
