//! How an item repeats, in a card beside its details: the rule in words and when the next one
//! falls due; those who may change the item set the rule ("every 2 weeks", "first Monday of each
//! month") or stop it. Completing the item makes the server create the next one.

use crate::api::{self, Failure};
use crate::components::feedback::{FailureAlert, Field, ResourceView};
use crate::components::toasts::use_toasts;
use crate::components::work::day;
use crate::pages::work::item::ItemScope;
use crate::session::use_session;
use crate::submission::Submission;
use annex_client::ApiError;
use annex_client::domain::work::items::Item;
use annex_client::domain::work::recurrence::{
    DayOfWeek, Recurrence, RecurrenceUnit, RecurringItem,
};
use leptos::prelude::*;
use std::collections::BTreeMap;

/// The units of an "every N …" rule, as the unit picker lists them.
const UNITS: [(RecurrenceUnit, &str); 4] = [
    (RecurrenceUnit::Days, "days"),
    (RecurrenceUnit::Weeks, "weeks"),
    (RecurrenceUnit::Months, "months"),
    (RecurrenceUnit::Years, "years"),
];

/// Which weekday of the month, as the picker lists them (-1 is the last).
const NTHS: [(&str, &str); 5] = [
    ("1", "first"),
    ("2", "second"),
    ("3", "third"),
    ("4", "fourth"),
    ("-1", "last"),
];

/// The days of the week, as the weekday picker lists them.
const WEEKDAYS: [(DayOfWeek, &str, &str); 7] = [
    (DayOfWeek::Monday, "monday", "Monday"),
    (DayOfWeek::Tuesday, "tuesday", "Tuesday"),
    (DayOfWeek::Wednesday, "wednesday", "Wednesday"),
    (DayOfWeek::Thursday, "thursday", "Thursday"),
    (DayOfWeek::Friday, "friday", "Friday"),
    (DayOfWeek::Saturday, "saturday", "Saturday"),
    (DayOfWeek::Sunday, "sunday", "Sunday"),
];

/// The two kinds of rule, by the key the kind picker uses.
const EVERY: &str = "every";
const MONTHLY_WEEKDAY: &str = "monthly_weekday";

/// The kinds of rule, as the kind picker lists them.
const KINDS: [(&str, &str); 2] = [
    (EVERY, "Every N days, weeks, months or years"),
    (MONTHLY_WEEKDAY, "On a weekday of each month"),
];

/// A rule as the editor's boxes hold it: text and picker keys.
#[derive(Debug, Clone, PartialEq)]
struct Draft {
    kind: String,
    every: String,
    unit: String,
    nth: String,
    weekday: String,
}

impl Draft {
    /// The boxes filled from the item's rule, or with "every 1 week" when it does not repeat.
    fn of(rule: Option<Recurrence>) -> Draft {
        let mut draft = Draft {
            kind: EVERY.to_owned(),
            every: "1".to_owned(),
            unit: "weeks".to_owned(),
            nth: "1".to_owned(),
            weekday: "monday".to_owned(),
        };
        match rule {
            Some(Recurrence::Every { every, unit }) => {
                draft.every = every.to_string();
                draft.unit = unit_key(unit).to_owned();
            }
            Some(Recurrence::MonthlyWeekday { nth, weekday }) => {
                draft.kind = MONTHLY_WEEKDAY.to_owned();
                draft.nth = nth.to_string();
                draft.weekday = weekday_key(weekday).to_owned();
            }
            None => {}
        }
        draft
    }

    /// The rule the boxes say, or the failure naming the box that does not say a number; the
    /// server checks the ranges and names the same fields.
    fn rule(&self) -> Result<Recurrence, Failure> {
        let wrong = |field: &str, message: &str| Failure {
            message: "Some fields need attention.".to_owned(),
            fields: BTreeMap::from([(field.to_owned(), vec![message.to_owned()])]),
            stale: false,
        };
        if self.kind == MONTHLY_WEEKDAY {
            let nth = self
                .nth
                .parse::<i8>()
                .map_err(|_| wrong("rule.nth", "pick which weekday of the month"))?;
            let weekday = WEEKDAYS
                .iter()
                .find(|w| w.1 == self.weekday)
                .map(|w| w.0)
                .ok_or_else(|| wrong("rule.weekday", "pick a day of the week"))?;
            return Ok(Recurrence::MonthlyWeekday { nth, weekday });
        }
        let every = self
            .every
            .trim()
            .parse::<u32>()
            .map_err(|_| wrong("rule.every", "must be a whole number from 1 to 999"))?;
        let unit = UNITS
            .iter()
            .find(|u| u.1 == self.unit)
            .map(|u| u.0)
            .ok_or_else(|| wrong("rule.unit", "pick days, weeks, months or years"))?;
        Ok(Recurrence::Every { every, unit })
    }
}

fn unit_key(unit: RecurrenceUnit) -> &'static str {
    UNITS.iter().find(|u| u.0 == unit).map_or("weeks", |u| u.1)
}

fn weekday_key(weekday: DayOfWeek) -> &'static str {
    WEEKDAYS
        .iter()
        .find(|w| w.0 == weekday)
        .map_or("monday", |w| w.1)
}

/// A picker's options, with the one `chosen` holds selected when the picker is drawn.
fn options(
    choices: impl Iterator<Item = (&'static str, &'static str)>,
    chosen: RwSignal<String>,
) -> impl IntoView {
    let current = chosen.get_untracked();
    choices
        .map(|(key, label)| view! { <option value=key selected={key == current}>{label}</option> })
        .collect_view()
}

/// When the next one falls due, in words.
fn next_words(rule: &RecurringItem) -> String {
    match rule.next_due {
        Some(next) => format!("Next one due {} once this is completed.", day(&next)),
        None => {
            "No due date: the next one is due a step after the day this is completed.".to_owned()
        }
    }
}

/// The "Repeats" card; reloads whenever something on the page changes (completing the item moves
/// its rule to the next one).
#[component]
pub fn RecurrencePanel(
    scope: ItemScope,
    item: RwSignal<Item>,
    may_edit: Memo<bool>,
) -> impl IntoView {
    let session = use_session();
    let id = scope.item_id;
    let rule = LocalResource::new(move || {
        scope.pulse.track();
        async move { api::found(api::call(session, async |c| c.recurrence(id).await).await) }
    });
    let reload = Callback::new(move |()| rule.refetch());
    // An archived item cannot be made to repeat until it is restored.
    let editable = move || may_edit.get() && item.with(|i| i.archived_at.is_none());
    view! {
        <section class="card" data-testid="recurrence">
            <h2>"Repeats"</h2>
            <ResourceView resource=rule label="Loading…" retry=reload children={move |current: Option<RecurringItem>| {
                let summary = match &current {
                    None => view! { <p class="muted" data-testid="recurrence-summary">"Does not repeat"</p> }.into_any(),
                    Some(r) => view! {
                        <p data-testid="recurrence-summary"><strong>{r.description.clone()}</strong></p>
                        <p class="small muted" data-testid="recurrence-next-due">{next_words(r)}</p>
                    }
                    .into_any(),
                };
                let rule = current.as_ref().map(|r| r.rule);
                view! {
                    {summary}
                    {move || editable().then(|| view! { <RecurrenceEditor scope=scope rule=rule /> })}
                }
            }} />
        </section>
    }
}

/// Sets the rule (PUT) or stops the item repeating (DELETE), for those who may change the item.
#[component]
fn RecurrenceEditor(scope: ItemScope, rule: Option<Recurrence>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let item = scope.item_id;
    let start = Draft::of(rule);
    let kind = RwSignal::new(start.kind.clone());
    let every = RwSignal::new(start.every.clone());
    let unit = RwSignal::new(start.unit.clone());
    let nth = RwSignal::new(start.nth.clone());
    let weekday = RwSignal::new(start.weekday.clone());
    let failure = RwSignal::new(None::<Failure>);
    let saving = Submission::new();
    let clearing = Submission::new();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = Draft {
            kind: kind.get_untracked(),
            every: every.get_untracked(),
            unit: unit.get_untracked(),
            nth: nth.get_untracked(),
            weekday: weekday.get_untracked(),
        };
        let rule = match draft.rule() {
            Ok(rule) => rule,
            Err(f) => return failure.set(Some(f)),
        };
        failure.set(None);
        saving.run(
            async move {
                api::call(session, async |c| c.set_recurrence(item, rule).await)
                    .await
                    .map_err(Failure::from)
            },
            move |result| match result {
                Ok(set) => {
                    toasts.info(format!("Repeats: {}.", set.description));
                    scope.changed();
                }
                Err(f) => failure.set(Some(f)),
            },
        );
    };
    let stop = move |_| {
        failure.set(None);
        clearing.run(
            async move { api::call(session, async |c| c.clear_recurrence(item).await).await },
            move |result| match result {
                // Already stopped by someone else: the same outcome.
                Ok(()) | Err(ApiError::NotFound(_)) => {
                    toasts.info("It no longer repeats.");
                    scope.changed();
                }
                Err(err) => failure.set(Some(Failure::from(err))),
            },
        );
    };
    let busy = move || saving.running() || clearing.running();
    let two_columns = "grid-template-columns: minmax(0, 1fr) minmax(0, 1fr)";
    view! {
        <form class="form" on:submit=submit data-testid="recurrence-form" novalidate>
            <Field label="Repeat" id="recurrence-kind">
                <select class="select" id="recurrence-kind" data-testid="recurrence-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                    {options(KINDS.iter().map(|(k, label)| (*k, *label)), kind)}
                </select>
            </Field>
            <Show when=move || kind.get() == EVERY>
                <div class="form-row" style=two_columns>
                    <Field label="Every" id="recurrence-every" failure=failure field="rule.every">
                        <input class="input" type="number" min="1" max="999" step="1" id="recurrence-every" data-testid="recurrence-every" bind:value=every />
                    </Field>
                    <Field label="Unit" id="recurrence-unit" failure=failure field="rule.unit">
                        <select class="select" id="recurrence-unit" data-testid="recurrence-unit" on:change=move |ev| unit.set(event_target_value(&ev))>
                            {options(UNITS.iter().map(|(_, k)| (*k, *k)), unit)}
                        </select>
                    </Field>
                </div>
            </Show>
            <Show when=move || kind.get() == MONTHLY_WEEKDAY>
                <div class="form-row" style=two_columns>
                    <Field label="On the" id="recurrence-nth" failure=failure field="rule.nth">
                        <select class="select" id="recurrence-nth" data-testid="recurrence-nth" on:change=move |ev| nth.set(event_target_value(&ev))>
                            {options(NTHS.iter().map(|(k, word)| (*k, *word)), nth)}
                        </select>
                    </Field>
                    <Field label="Weekday" id="recurrence-weekday" failure=failure field="rule.weekday">
                        <select class="select" id="recurrence-weekday" data-testid="recurrence-weekday" on:change=move |ev| weekday.set(event_target_value(&ev))>
                            {options(WEEKDAYS.iter().map(|(_, k, name)| (*k, *name)), weekday)}
                        </select>
                        <span class="hint">"of each month"</span>
                    </Field>
                </div>
            </Show>
            <FailureAlert failure=failure />
            <div class="btn-row">
                <button class="btn btn-primary btn-sm" type="submit" data-testid="recurrence-save" disabled=busy>
                    {move || if saving.running() { "Saving…" } else { "Save" }}
                </button>
                {rule.is_some().then(|| view! {
                    <button class="btn btn-sm" type="button" data-testid="recurrence-clear" disabled=busy on:click=stop>
                        "Stop repeating"
                    </button>
                })}
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_reads_back_the_rule_it_was_filled_from() {
        let rules = [
            Recurrence::Every {
                every: 2,
                unit: RecurrenceUnit::Weeks,
            },
            Recurrence::Every {
                every: 1,
                unit: RecurrenceUnit::Years,
            },
            Recurrence::MonthlyWeekday {
                nth: -1,
                weekday: DayOfWeek::Friday,
            },
        ];
        for rule in rules {
            assert_eq!(Draft::of(Some(rule)).rule(), Ok(rule));
        }
        assert_eq!(
            Draft::of(None).rule(),
            Ok(Recurrence::Every {
                every: 1,
                unit: RecurrenceUnit::Weeks
            })
        );
    }

    #[test]
    fn a_count_that_is_not_a_whole_number_is_marked_on_its_box() {
        for text in ["", "two", "-3", "1.5"] {
            let draft = Draft {
                every: text.to_owned(),
                ..Draft::of(None)
            };
            let failure = draft.rule().unwrap_err();
            assert_eq!(
                failure.field("rule.every").as_deref(),
                Some("must be a whole number from 1 to 999"),
                "{text:?}"
            );
        }
        // The range is the server's to check: 0 goes through and comes back as its 422.
        let zero = Draft {
            every: "0".to_owned(),
            ..Draft::of(None)
        };
        assert_eq!(
            zero.rule(),
            Ok(Recurrence::Every {
                every: 0,
                unit: RecurrenceUnit::Weeks
            })
        );
    }

    #[test]
    fn the_next_due_date_reads_as_a_sentence() {
        let listed = RecurringItem {
            item_id: uuid::Uuid::nil(),
            label: "7 - Review the access list".to_owned(),
            rule: Recurrence::Every {
                every: 2,
                unit: RecurrenceUnit::Weeks,
            },
            description: "Every 2 weeks".to_owned(),
            due: chrono::NaiveDate::from_ymd_opt(2027, 1, 4),
            next_due: chrono::NaiveDate::from_ymd_opt(2027, 1, 18),
        };
        assert_eq!(
            next_words(&listed),
            "Next one due 18 Jan 2027 once this is completed."
        );
    }
}
