//! One event of the audit trail: who did what to which record, and the record before and after.

use crate::format::date_time_short;
use annex_client::domain::events::{Event, SubjectKind};
use leptos::prelude::*;

/// The kinds of record the trail knows, with their names on screen.
/// The words a person reads for a kind of record in the trail.
pub fn subject_label(kind: SubjectKind) -> &'static str {
    match kind {
        SubjectKind::Item => "Item",
        SubjectKind::Space => "Space",
        SubjectKind::Member => "Member",
        SubjectKind::Group => "Group",
        SubjectKind::Cluster => "Cluster",
        SubjectKind::Session => "Session",
        SubjectKind::ApiToken => "API token",
        SubjectKind::Organisation => "Organisation",
        SubjectKind::RiskMatrix => "Risk matrix",
        SubjectKind::Mail => "Mail",
        SubjectKind::User => "Person",
    }
}

fn kind_label(kind: &str) -> String {
    SubjectKind::ALL
        .iter()
        .find(|k| k.as_str() == kind)
        .map(|k| subject_label(*k).to_owned())
        .unwrap_or_else(|| kind.replace('_', " "))
}

/// One event's row, and under it the before/after JSON when opened.
#[component]
pub fn EventRows(event: Event) -> impl IntoView {
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
