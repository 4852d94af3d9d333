//! The item's updates: its recorded events, newest first, each read as a sentence —
//! "Ann Admin added the link: 12 - P2 ISMS Scope" — with how many people it notified.

use crate::api::{self};
use crate::components::feedback::ResourceView;
use crate::components::paging::{ListFoot, MorePages};
use crate::components::toasts::use_toasts;
use crate::components::work::{day, format_number};
use crate::format::date_time;
use crate::pages::work::item::ItemScope;
use crate::session::use_session;
use annex_client::domain::events::Event;
use annex_client::domain::frameworks::ImplementationStatus;
use annex_client::domain::work::spaces::Space;
use annex_client::domain::{Page, PageParams};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::components::A;
use serde_json::Value;
use uuid::Uuid;

/// A text member of the event's `after` (or else `before`) record.
fn text_of(event: &Event, key: &str) -> Option<String> {
    [&event.after, &event.before]
        .into_iter()
        .flatten()
        .find_map(|v| v.get(key).and_then(Value::as_str).map(str::to_owned))
}

/// "the to-do: Send the policy to HR", or the bare noun when the record names nothing.
fn named(noun: &str, name: Option<String>) -> String {
    match name {
        Some(n) if !n.trim().is_empty() => format!("{noun}: {n}"),
        _ => noun.to_owned(),
    }
}

/// What an `updated` event changed, as short phrases.
fn changes(event: &Event, space: &Space) -> Vec<String> {
    let (Some(before), Some(after)) = (&event.before, &event.after) else {
        return Vec::new();
    };
    let differs = |key: &str| before.get(key) != after.get(key);
    let mut out = Vec::new();
    if differs("title") {
        out.push("the title".to_owned());
    }
    if differs("description") {
        out.push("the description".to_owned());
    }
    if differs("status_id") {
        match after.get("status").and_then(Value::as_str) {
            Some(s) => out.push(format!("the status to {s}")),
            None => out.push("the status".to_owned()),
        }
    }
    let day = |key: &str, words: &str| match after.get(key).and_then(Value::as_str) {
        Some(d) => format!("{words} to {d}"),
        None => format!("cleared {words}"),
    };
    if differs("start") {
        out.push(day("start", "the start date"));
    }
    if differs("due") {
        out.push(day("due", "the due date"));
    }
    if differs("progress")
        && let Some(p) = after.get("progress").and_then(Value::as_f64)
    {
        out.push(format!("the progress to {}%", format_number(p)));
    }
    if differs("days_estimated") {
        out.push("the days estimated".to_owned());
    }
    if differs("days_taken") {
        out.push("the days taken".to_owned());
    }
    let empty = serde_json::Map::new();
    let fields_before = before
        .get("fields")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let fields_after = after
        .get("fields")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    for field in &space.fields {
        let key = field.id.to_string();
        if fields_before.get(&key) != fields_after.get(&key) {
            out.push(field.name.clone());
        }
    }
    out
}

/// The sentence for an event, without the actor: "added the link: 12 - P2 ISMS Scope".
pub fn sentence(event: &Event, scope: &ItemScope) -> String {
    let verb = event.verb.as_str();
    match verb {
        "created" => "created the item".to_owned(),
        "updated" => {
            let changed = scope.space.with_value(|s| changes(event, s));
            if changed.is_empty() {
                "updated the item".to_owned()
            } else {
                format!("changed {}", join(&changed))
            }
        }
        "reassigned" => {
            let to = event
                .after
                .as_ref()
                .and_then(|a| a.get("assignee_id"))
                .and_then(Value::as_str)
                .and_then(|s| s.parse().ok());
            match to {
                Some(id) => format!("reassigned the item to {}", scope.name_of(Some(id))),
                None => "unassigned the item".to_owned(),
            }
        }
        "archived" => "archived the item".to_owned(),
        "moved" => "moved the item in the project tree".to_owned(),
        "restored" => "restored the item".to_owned(),
        "linked" => named("added the link", text_of(event, "label")),
        "unlinked" => named("removed the link", text_of(event, "label")),
        "note_added" => "added a note".to_owned(),
        "note_edited" => "updated a note".to_owned(),
        "note_deleted" => "deleted a note".to_owned(),
        "document_added" => named("added the document", text_of(event, "title")),
        "document_removed" => named("removed the document", text_of(event, "title")),
        "soa_updated" => soa_changes(event),
        "recurrence_set" | "recurrence_cleared" | "recurred" => recurrence_sentence(event),
        "reading_recorded" => reading_sentence(event),
        "kpi_defined" => kpi_definition_sentence(event),
        "kpi_reading_recorded" => kpi_reading_sentence(event),
        "soa_migrated" => {
            let from: Vec<&str> = event
                .after
                .as_ref()
                .and_then(|a| a.get("from"))
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            match from.as_slice() {
                [] => "added the control, new in this edition, to the SoA".to_owned(),
                refs => format!("carried the control over from {}", join(&strings(refs))),
            }
        }
        _ => collaboration(event, verb),
    }
}

/// How a `recurred` event starts; the next one's label follows, as a link on screen.
const RECURRED: &str = "completed it; the next one is ";

/// The occurrence a `recurred` event created: completing a recurring item makes the next one.
#[derive(Debug, Clone, PartialEq)]
struct NextOccurrence {
    id: Uuid,
    label: String,
    due: Option<NaiveDate>,
}

impl NextOccurrence {
    /// ", due 18 Jan 2027", or nothing when it has no due date.
    fn due_words(&self) -> String {
        self.due
            .map(|d| format!(", due {}", day(&d)))
            .unwrap_or_default()
    }
}

/// The next occurrence a `recurred` event names, if it names one.
fn next_occurrence(event: &Event) -> Option<NextOccurrence> {
    if event.verb != "recurred" {
        return None;
    }
    let after = event.after.as_ref()?;
    Some(NextOccurrence {
        id: after.get("next_id")?.as_str()?.parse().ok()?,
        label: after.get("label")?.as_str()?.to_owned(),
        due: after
            .get("due")
            .and_then(Value::as_str)
            .and_then(|d| d.parse().ok()),
    })
}

/// "set it to repeat: Every 2 weeks", "stopped it repeating", "completed it; the next one is
/// 8 - Review access, due 18 Jan 2027".
fn recurrence_sentence(event: &Event) -> String {
    match event.verb.as_str() {
        "recurrence_set" => named("set it to repeat", text_of(event, "description")),
        "recurrence_cleared" => "stopped it repeating".to_owned(),
        _ => match next_occurrence(event) {
            Some(next) => format!("{RECURRED}{}{}", next.label, next.due_words()),
            None => "completed it, and Annex created the next one".to_owned(),
        },
    }
}

/// An event's sentence as the feed shows it: a `recurred` one links to the next occurrence.
fn sentence_view(event: &Event, scope: &ItemScope) -> AnyView {
    match next_occurrence(event) {
        Some(next) => {
            let due = next.due_words();
            view! {
                {RECURRED}
                <A href=format!("/items/{}", next.id) attr:data-testid="recurred-next">{next.label}</A>
                {due}
            }
            .into_any()
        }
        None => sentence(event, scope).into_any(),
    }
}

/// "recorded the current reading: High, 12 (likelihood 3 × impact 4)".
fn reading_sentence(event: &Event) -> String {
    let Some(after) = &event.after else {
        return "recorded a reading".to_owned();
    };
    let kind = after.get("kind").and_then(Value::as_str).unwrap_or("a");
    let number = |key: &str| after.get(key).and_then(Value::as_u64);
    let level = after.get("level").and_then(Value::as_str);
    match (
        number("likelihood"),
        number("impact"),
        level,
        number("score"),
    ) {
        (Some(l), Some(i), Some(level), Some(score)) => {
            format!("recorded the {kind} reading: {level}, {score} (likelihood {l} × impact {i})")
        }
        (Some(l), Some(i), _, _) => {
            format!("recorded the {kind} reading: likelihood {l} × impact {i}")
        }
        _ => format!("recorded the {kind} reading"),
    }
}

/// "defined the KPI: RAG, higher is better, measured monthly" ("changed the definition" later).
fn kpi_definition_sentence(event: &Event) -> String {
    use annex_client::domain::kpis::{Direction, Frequency, KpiKind};
    let verb = if event.before.is_some() {
        "changed the KPI's definition"
    } else {
        "defined the KPI"
    };
    let Some(after) = &event.after else {
        return verb.to_owned();
    };
    let key = |k: &str| after.get(k).and_then(Value::as_str).unwrap_or_default();
    match (
        KpiKind::parse(key("kind")),
        Direction::parse(key("direction")),
        Frequency::parse(key("frequency")),
    ) {
        (Some(kind), Some(direction), Some(frequency)) => format!(
            "{verb}: {}, {}, measured {}",
            kind.label(),
            direction.label().to_lowercase(),
            frequency.label().to_lowercase()
        ),
        _ => verb.to_owned(),
    }
}

/// "recorded the KPI reading for Nov 2026: 97 % (Green)", or "replaced …" when it took an
/// earlier one's place.
fn kpi_reading_sentence(event: &Event) -> String {
    use annex_client::domain::kpis::KpiStatus;
    let verb = if event.before.is_some() {
        "replaced the KPI reading"
    } else {
        "recorded the KPI reading"
    };
    let Some(after) = &event.after else {
        return verb.to_owned();
    };
    let text = |k: &str| after.get(k).and_then(Value::as_str).unwrap_or_default();
    let Some(value) = after.get("value").and_then(Value::as_f64) else {
        return verb.to_owned();
    };
    let value = crate::pages::kpis::parts::with_unit(value, text("unit"));
    let status = KpiStatus::parse(text("status"))
        .filter(|s| *s != KpiStatus::None)
        .map(|s| format!(" ({})", s.label()))
        .unwrap_or_default();
    match text("period_label") {
        "" => format!("{verb}: {value}{status}"),
        period => format!("{verb} for {period}: {value}{status}"),
    }
}

fn strings(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|s| (*s).to_owned()).collect()
}

/// What a change to the control's SoA entry did, as prose (owner and progress are the item's own
/// and read as its own updates).
fn soa_changes(event: &Event) -> String {
    let (Some(before), Some(after)) = (&event.before, &event.after) else {
        return "updated the Statement of Applicability".to_owned();
    };
    let differs = |key: &str| before.get(key) != after.get(key);
    let mut out = Vec::new();
    match (
        differs("applicable"),
        after.get("applicable").and_then(Value::as_bool),
    ) {
        (true, Some(false)) => out.push(named(
            "excluded the control",
            after
                .get("justification")
                .and_then(Value::as_str)
                .map(str::to_owned),
        )),
        (true, Some(true)) => out.push("included the control".to_owned()),
        _ if differs("justification") => out.push("changed the justification".to_owned()),
        _ => {}
    }
    if differs("implementation_status")
        && after.get("applicable").and_then(Value::as_bool) != Some(false)
    {
        let status = after
            .get("implementation_status")
            .and_then(Value::as_str)
            .and_then(ImplementationStatus::parse)
            .map(|s| s.label().to_lowercase());
        out.push(match status {
            Some(s) => format!("set the implementation status to {s}"),
            None => "changed the implementation status".to_owned(),
        });
    }
    if differs("reasons") {
        out.push("changed the reasons for inclusion".to_owned());
    }
    if differs("implementation_text") {
        out.push("changed the implementation statement".to_owned());
    }
    if differs("last_reviewed") {
        match after.get("last_reviewed").and_then(Value::as_str) {
            Some(d) => out.push(format!("recorded a review on {d}")),
            None => out.push("cleared the review date".to_owned()),
        }
    }
    if out.is_empty() {
        "updated the Statement of Applicability".to_owned()
    } else {
        join(&out)
    }
}

/// To-dos and discussions, whose verbs read `todo_<action>` and `discussion_<action>`/`post_<action>`.
fn collaboration(event: &Event, verb: &str) -> String {
    let todo = || text_of(event, "description");
    // A started thread records the whole thread; a reply records its title beside the post.
    let thread = || {
        text_of(event, "title").or_else(|| {
            event
                .after
                .as_ref()
                .and_then(|a| a.pointer("/discussion/title"))
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
    };
    match verb {
        "todo_added" | "todo_created" => named("created the to-do", todo()),
        "todo_done" | "todo_completed" => named("completed the to-do", todo()),
        "todo_reopened" => named("reopened the to-do", todo()),
        "todo_updated" | "todo_edited" => named("changed the to-do", todo()),
        "todo_reassigned" => named("reassigned the to-do", todo()),
        "todo_deleted" | "todo_removed" => named("deleted the to-do", todo()),
        "discussion_started" | "discussion_created" => named("started the discussion", thread()),
        "post_added" | "replied" | "discussion_replied" | "post_created" => {
            named("replied in the discussion", thread())
        }
        "post_edited" => named("edited a post in the discussion", thread()),
        other => other.replace('_', " "),
    }
}

/// "a, b and c".
fn join(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Who made a change, as the updates feed names them.
fn actor(event: &Event, scope: &ItemScope) -> String {
    match (event.actor_id, &event.actor_email) {
        (Some(id), email) => {
            let name = scope.name_of(Some(id));
            if scope.people.with_value(|p| p.get(id).is_some()) {
                name
            } else {
                email.clone().unwrap_or(name)
            }
        }
        (None, _) => "Annex".to_owned(),
    }
}

/// The updates section; reloads whenever something on the page changes.
#[component]
pub fn Updates(scope: ItemScope) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let item = scope.item_id;
    let more = MorePages::<Event>::new();
    let first = LocalResource::new(move || {
        scope.pulse.track();
        async move {
            more.first(api::call(session, async |c| {
                c.item_updates(item, &PageParams::default()).await
            }))
            .await
        }
    });
    let reload = Callback::new(move |()| first.refetch());
    let load_more = Callback::new(move |()| {
        more.load(toasts, async move |params| {
            api::call(session, async |c| c.item_updates(item, &params).await).await
        })
    });
    view! {
        <section class="card card-flush" data-testid="item-updates">
            <div class="card-head">
                <h2>"Updates"</h2>
            </div>
            <ResourceView resource=first label="Loading updates…" retry=reload children={move |page: Page<Event>| {
                        let shown = page.data.len();
                        let total = page.total;
                        view! {
                            <ul class="updates">
                                {move || more.all(&page.data).into_iter().map(|event| {
                                    let who = actor(&event, &scope);
                                    let what = sentence_view(&event, &scope);
                                    view! {
                                        <li class="update" data-testid="update" data-verb=event.verb.clone()>
                                            <div>
                                                <span class="entry-who">{who}</span>
                                                " "
                                                <span data-testid="update-text">{what}</span>
                                            </div>
                                            <div class="muted small">
                                                {date_time(&event.created_at)}
                                                {event.notified.map(|n| view! {
                                                    <span class="notified" data-testid="update-notified">{format!(" · {n} notified")}</span>
                                                })}
                                            </div>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            <ListFoot more=more first=shown total=total testid="updates" on_more=load_more />
                        }
                    }} />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::{join, reading_sentence, soa_changes};
    use annex_client::domain::events::Event;
    use serde_json::json;

    fn soa_event(before: serde_json::Value, after: serde_json::Value) -> Event {
        serde_json::from_value(json!({
            "id": "01900000-0000-7000-8000-000000000000",
            "subject_kind": "item",
            "subject_id": "01900000-0000-7000-8000-000000000001",
            "verb": "soa_updated",
            "created_at": "2026-12-01T10:00:00Z",
            "before": before,
            "after": after,
        }))
        .unwrap()
    }

    #[test]
    fn readings_read_as_prose() {
        let mut event = soa_event(
            json!(null),
            json!({"kind": "current", "likelihood": 3,
            "impact": 4, "score": 12, "level": "High"}),
        );
        event.verb = "reading_recorded".into();
        assert_eq!(
            reading_sentence(&event),
            "recorded the current reading: High, 12 (likelihood 3 × impact 4)"
        );
    }

    #[test]
    fn soa_changes_read_as_prose() {
        let base = json!({"applicable": true, "justification": "", "implementation_status": "partial",
            "reasons": [], "implementation_text": "x", "last_reviewed": null});
        let mut excluded = base.clone();
        excluded["applicable"] = json!(false);
        excluded["justification"] = json!("No premises");
        excluded["implementation_status"] = json!("not_applicable");
        assert_eq!(
            soa_changes(&soa_event(base.clone(), excluded)),
            "excluded the control: No premises"
        );
        let mut done = base.clone();
        done["implementation_status"] = json!("implemented");
        done["last_reviewed"] = json!("2026-11-30");
        assert_eq!(
            soa_changes(&soa_event(base.clone(), done)),
            "set the implementation status to implemented and recorded a review on 2026-11-30"
        );
        assert_eq!(
            soa_changes(&soa_event(base.clone(), base)),
            "updated the Statement of Applicability"
        );
    }

    #[test]
    fn kpi_changes_read_as_prose() {
        let mut event = soa_event(
            json!(null),
            json!({"period": "2026-11-01", "period_label": "Nov 2026", "value": 97.0,
            "unit": "%", "status": "green"}),
        );
        event.verb = "kpi_reading_recorded".into();
        event.before = None;
        assert_eq!(
            super::kpi_reading_sentence(&event),
            "recorded the KPI reading for Nov 2026: 97% (Green)"
        );
        event.before = Some(json!({"value": 90.0}));
        assert!(super::kpi_reading_sentence(&event).starts_with("replaced the KPI reading for"));
        let mut defined = soa_event(
            json!(null),
            json!({"kind": "rag", "direction": "lower_is_better", "frequency": "quarterly"}),
        );
        defined.before = None;
        assert_eq!(
            super::kpi_definition_sentence(&defined),
            "defined the KPI: RAG, lower is better, measured quarterly"
        );
    }

    #[test]
    fn recurrence_reads_as_prose() {
        let mut set = soa_event(
            json!(null),
            json!({"item_id": "01900000-0000-7000-8000-000000000001", "label": "7 - Review access",
            "rule": {"kind": "every", "every": 2, "unit": "weeks"}, "description": "Every 2 weeks",
            "due": "2027-01-04", "next_due": "2027-01-18"}),
        );
        set.verb = "recurrence_set".into();
        assert_eq!(
            super::recurrence_sentence(&set),
            "set it to repeat: Every 2 weeks"
        );
        let mut cleared = soa_event(
            json!({"label": "7 - Review access", "description": "Every 2 weeks"}),
            json!(null),
        );
        cleared.verb = "recurrence_cleared".into();
        cleared.after = None;
        assert_eq!(super::recurrence_sentence(&cleared), "stopped it repeating");
        let mut recurred = soa_event(
            json!(null),
            json!({"next_id": "01900000-0000-7000-8000-000000000002", "label": "8 - Review access",
            "due": "2027-01-18", "rule": "Every 2 weeks"}),
        );
        recurred.verb = "recurred".into();
        recurred.before = None;
        assert_eq!(
            super::recurrence_sentence(&recurred),
            "completed it; the next one is 8 - Review access, due 18 Jan 2027"
        );
        let next = super::next_occurrence(&recurred).unwrap();
        assert_eq!(next.id.to_string(), "01900000-0000-7000-8000-000000000002");
        // Another verb carrying the same keys names no next occurrence.
        set.after = recurred.after.clone();
        assert_eq!(super::next_occurrence(&set), None);
    }

    #[test]
    fn lists_read_as_prose() {
        let parts = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(join(&parts(&["a"])), "a");
        assert_eq!(join(&parts(&["a", "b"])), "a and b");
        assert_eq!(join(&parts(&["a", "b", "c"])), "a, b and c");
    }
}
