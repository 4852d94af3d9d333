//! The audit trail: every change in the organisation, newest first, with the record before and after.

use crate::api::{self, Failure};
use crate::components::feedback::{EmptyState, LoadError, Loading};
use crate::components::icon::Glyph;
use crate::components::toasts::use_toasts;
use crate::format::date_time_short;
use crate::session::use_session;
use annex_client::domain::audit::{Event, EventFilter};
use annex_client::domain::{Action, Page, PageParams};
use leptos::prelude::*;
use std::time::Duration;

/// The kinds of record the trail knows, with their names on screen.
const SUBJECT_KINDS: &[(&str, &str)] = &[
    ("organisation", "Organisation"),
    ("member", "Member"),
    ("group", "Group"),
    ("api_token", "API token"),
    ("session", "Session"),
];

/// Verbs offered as suggestions in the verb filter; any other can be typed.
const VERBS: &[&str] = &[
    "created",
    "updated",
    "deleted",
    "deactivated",
    "reactivated",
    "member_added",
    "member_removed",
    "revoked",
    "signed_in",
    "signed_out",
    "invitation_accepted",
];

fn kind_label(kind: &str) -> String {
    SUBJECT_KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, label)| (*label).to_owned())
        .unwrap_or_else(|| kind.replace('_', " "))
}

/// The audit trail screen; only roles that may read it get the table.
#[component]
pub fn AuditTrail() -> impl IntoView {
    let may_read = use_session().can_untracked(Action::ReadAuditTrail);
    view! {
        <div class="page-head">
            <div>
                <h1>"Audit trail"</h1>
                <p>"Every change in this organisation: who did what, when, and the record before and after."</p>
            </div>
        </div>
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
    let more = RwSignal::new(Vec::<Event>::new());
    let next_cursor = RwSignal::new(None::<String>);
    let loading_more = RwSignal::new(false);

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
            let page = api::call(session, async |c| {
                c.audit_trail(&filter, &PageParams::default()).await
            })
            .await
            .map_err(Failure::from)?;
            more.set(Vec::new());
            next_cursor.set(page.next_cursor.clone());
            Ok::<Page<Event>, Failure>(page)
        }
    });
    let reload = Callback::new(move |()| first_page.refetch());

    let toasts = use_toasts();
    let load_more = move |_| {
        let Some(cursor) = next_cursor.get_untracked() else {
            return;
        };
        let filter = filter_untracked(kind, verb);
        loading_more.set(true);
        leptos::task::spawn_local(async move {
            let params = PageParams {
                limit: None,
                cursor: Some(cursor),
            };
            match api::call(session, async |c| c.audit_trail(&filter, &params).await).await {
                Ok(page) => {
                    more.update(|rows| rows.extend(page.data));
                    next_cursor.set(page.next_cursor);
                }
                Err(err) => toasts.error(api::describe(&err)),
            }
            loading_more.set(false);
        });
    };

    view! {
        <section class="card card-flush">
            <div class="toolbar" role="search">
                <div class="field">
                    <label for="audit-kind">"Record kind"</label>
                    <select class="select" id="audit-kind" data-testid="audit-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                        <option value="">"All kinds"</option>
                        {SUBJECT_KINDS
                            .iter()
                            .map(|(k, label)| view! { <option value=*k>{*label}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="audit-verb">"Action"</label>
                    <input
                        class="input"
                        id="audit-verb"
                        data-testid="audit-verb"
                        list="audit-verbs"
                        placeholder="Any action"
                        bind:value=verb_text
                    />
                    <datalist id="audit-verbs">
                        {VERBS.iter().map(|v| view! { <option value=*v></option> }).collect_view()}
                    </datalist>
                </div>
            </div>
            <Transition fallback=|| view! { <Loading label="Loading the audit trail…" /> }>
                <ErrorBoundary fallback=move |errors| view! { <LoadError errors=errors retry=reload /> }>
                    {move || {
                        first_page
                            .get()
                            .map(|result| result.map(|loaded| match loaded {
                                page if page.data.is_empty() => {
                                    view! {
                                        <EmptyState glyph=Glyph::Audit title="No events match" text="Nothing has been recorded with these filters. Try another kind or action." />
                                    }
                                        .into_any()
                                }
                                page => {
                                    let total = page.total;
                                    let first = page.data;
                                    let first_count = first.len();
                                    view! {
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
                                                    each=move || {
                                                        let mut all = first.clone();
                                                        all.extend(more.get());
                                                        all
                                                    }
                                                    key=|e| e.id
                                                    children=|e| view! { <EventRows event=e /> }
                                                />
                                            </table>
                                        </div>
                                        <div class="table-foot">
                                            <span data-testid="audit-count">{move || format!("Showing {} of {}", first_count + more.with(Vec::len), total)}</span>
                                            <Show when=move || next_cursor.get().is_some()>
                                                <button class="btn btn-sm" type="button" data-testid="audit-load-more" disabled=move || loading_more.get() on:click=load_more>
                                                    {move || if loading_more.get() { "Loading…" } else { "Load more" }}
                                                </button>
                                            </Show>
                                        </div>
                                    }
                                        .into_any()
                                }
                            }))
                    }}
                </ErrorBoundary>
            </Transition>
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

/// One event's row, and under it the before/after JSON when opened.
#[component]
fn EventRows(event: Event) -> impl IntoView {
    let open = RwSignal::new(false);
    let has_detail = event.before.is_some() || event.after.is_some();
    let who = event
        .actor_email
        .clone()
        .unwrap_or_else(|| "Annex (system)".to_owned());
    let record = event.subject_id.to_string();
    let label = record_label(&event);
    let before = event.before.clone();
    let after = event.after.clone();
    view! {
        <tbody data-testid="audit-row" data-kind=event.subject_kind.clone() data-verb=event.verb.clone()>
            <tr>
                <td>
                    <div class="muted" style="white-space:nowrap">{date_time_short(&event.created_at)}</div>
                    <div class="cell-sub show-narrow">{who.clone()}</div>
                </td>
                <td class="hide-narrow wrap-anywhere">{who}</td>
                <td class="wrap-anywhere">
                    <span class="badge">{kind_label(&event.subject_kind)}</span>
                    " "
                    <span class="verb">{event.verb.clone()}</span>
                    <div class="cell-sub" title=record>{label}</div>
                </td>
                <td class="actions">
                    {has_detail
                        .then(|| {
                            view! {
                                <button
                                    class="btn btn-sm"
                                    type="button"
                                    data-testid="audit-toggle"
                                    aria-expanded=move || open.get().to_string()
                                    on:click=move |_| open.update(|o| *o = !*o)
                                >
                                    {move || if open.get() { "Hide" } else { "Before / after" }}
                                </button>
                            }
                        })}
                </td>
            </tr>
            <Show when=move || open.get()>
                <tr class="detail-row" data-testid="audit-detail">
                    <td colspan="4">
                        <div class="diff">
                            <JsonBlock title="Before" value=before.clone() />
                            <JsonBlock title="After" value=after.clone() />
                        </div>
                    </td>
                </tr>
            </Show>
        </tbody>
    }
}

/// What the record is called, from its own fields; the tail of its id when it has no name.
fn record_label(event: &Event) -> String {
    let named = [&event.after, &event.before]
        .into_iter()
        .flatten()
        .find_map(|v| {
            ["email", "name", "display_name"]
                .into_iter()
                .find_map(|key| v.get(key).and_then(|n| n.as_str()).map(str::to_owned))
        });
    named.unwrap_or_else(|| {
        let id = event.subject_id.simple().to_string();
        format!("…{}", &id[id.len().saturating_sub(8)..])
    })
}

/// A JSON value, pretty-printed; "nothing" when the record did not exist on that side.
#[component]
fn JsonBlock(title: &'static str, value: Option<serde_json::Value>) -> impl IntoView {
    let body = match value {
        Some(v) => {
            let text = serde_json::to_string_pretty(&v).unwrap_or_else(|_| v.to_string());
            view! { <pre class="json">{text}</pre> }.into_any()
        }
        None => view! { <p class="json-none">"Nothing: the record did not exist."</p> }.into_any(),
    };
    view! {
        <div>
            <h4>{title}</h4>
            {body}
        </div>
    }
}
