//! The item's fields: status, assignee, dates, effort, progress and the space's custom fields,
//! each custom field edited by its kind; one Save sends only what changed, with `If-Match`.

use crate::api::Failure;
use crate::components::feedback::Field;
use crate::components::toasts::use_toasts;
use crate::components::work::{Chip, FieldValue, ProgressBar, day, format_number};
use crate::pages::work::item::ItemScope;
use annex_client::domain::Rights;
use annex_client::domain::work::fields::{FieldDefinition, FieldKind};
use annex_client::domain::work::items::{Item, UpdateItem};
use chrono::NaiveDate;
use leptos::prelude::*;
use serde_json::Value;
use std::collections::BTreeMap;
use uuid::Uuid;

/// Saves an update and tells the caller how it went.
pub type SaveItem = Callback<(UpdateItem, Callback<Result<(), Failure>>)>;

/// The fields card: an editing form for those who may change the item, the values for the others.
#[component]
pub fn FieldsPanel(
    scope: ItemScope,
    item: RwSignal<Item>,
    may_edit: Memo<bool>,
    save: SaveItem,
) -> impl IntoView {
    view! {
        <section class="card" data-testid="item-fields">
            <h2>"Details"</h2>
            {move || {
                let current = item.get();
                if may_edit.get() {
                    view! { <FieldsForm scope=scope item=current save=save /> }.into_any()
                } else {
                    view! { <FieldsRead scope=scope item=current /> }.into_any()
                }
            }}
        </section>
    }
}

fn date_text(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

fn number_text(n: Option<f64>) -> String {
    n.map(format_number).unwrap_or_default()
}

/// Reads an optional number typed into a box; `Err` names what is wrong.
fn parse_number(text: &str) -> Result<Option<f64>, &'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
        .map(Some)
        .ok_or("must be a number")
}

/// The values, read-only (viewers, auditors, contributors on others' items).
#[component]
fn FieldsRead(scope: ItemScope, item: Item) -> impl IntoView {
    let space = scope.space.get_value();
    let people = scope.people.get_value();
    let status_colour = space
        .statuses
        .iter()
        .find(|s| Some(s.id) == item.status_id)
        .map(|s| s.colour.to_string());
    let show_day = |d: Option<NaiveDate>| d.map(|d| day(&d)).unwrap_or_else(|| "—".to_owned());
    let show_num = |n: Option<f64>| n.map(format_number).unwrap_or_else(|| "—".to_owned());
    view! {
        <dl class="facts" data-testid="item-fields-read">
            <dt>"Status"</dt>
            <dd>
                {match (item.status.clone(), status_colour) {
                    (Some(name), Some(colour)) => view! { <Chip label=name colour=colour testid="status-chip" /> }.into_any(),
                    _ => view! { <span class="muted">"—"</span> }.into_any(),
                }}
            </dd>
            <dt>"Assigned to"</dt>
            <dd>{scope.name_of(item.assignee_id)}</dd>
            <dt>"Start"</dt>
            <dd>{show_day(item.start)}</dd>
            <dt>"Due"</dt>
            <dd>{show_day(item.due)}</dd>
            <dt>"Days estimated"</dt>
            <dd>{show_num(item.days_estimated)}</dd>
            <dt>"Days taken"</dt>
            <dd>{show_num(item.days_taken)}</dd>
            <dt>"Progress"</dt>
            <dd><ProgressBar value=item.progress /></dd>
            {space
                .fields
                .iter()
                .map(|field| {
                    let value = item.fields.get(&field.id).cloned();
                    view! {
                        <dt>{field.name.clone()}</dt>
                        <dd data-testid="custom-field-value" data-field=field.name.clone()>
                            <FieldValue field=field.clone() value=value people=people.clone() />
                        </dd>
                    }
                })
                .collect_view()}
        </dl>
    }
}

/// The editing form, made afresh for each version of the item.
#[component]
fn FieldsForm(scope: ItemScope, item: Item, save: SaveItem) -> impl IntoView {
    let toasts = use_toasts();
    let space = scope.space.get_value();
    let people = scope.people.get_value();
    let original = StoredValue::new(item.clone());
    let status = RwSignal::new(item.status_id.map(|s| s.to_string()).unwrap_or_default());
    let assignee = RwSignal::new(item.assignee_id.map(|a| a.to_string()).unwrap_or_default());
    let start = RwSignal::new(date_text(item.start));
    let due = RwSignal::new(date_text(item.due));
    let estimated = RwSignal::new(number_text(item.days_estimated));
    let taken = RwSignal::new(number_text(item.days_taken));
    let progress = RwSignal::new(format_number(item.progress));
    // Only the custom fields the person touched are sent.
    let touched = RwSignal::new(BTreeMap::<Uuid, Value>::new());
    let failure = RwSignal::new(None::<Failure>);
    let pending = RwSignal::new(false);
    // Contributors change their own items but cannot hand them to someone else.
    let may_reassign = Rights::of(scope.role) == Rights::Any;

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let before = original.get_value();
        let mut fields_wrong = BTreeMap::new();
        let mut number = |name: &str, text: String| match parse_number(&text) {
            Ok(n) => n,
            Err(e) => {
                fields_wrong.insert(name.to_owned(), vec![e.to_owned()]);
                None
            }
        };
        let days_estimated = number("days_estimated", estimated.get_untracked());
        let days_taken = number("days_taken", taken.get_untracked());
        let progress_value = number("progress", progress.get_untracked()).unwrap_or(0.0);
        if !fields_wrong.is_empty() {
            failure.set(Some(Failure {
                message: "Some fields need attention.".to_owned(),
                fields: fields_wrong,
                stale: false,
            }));
            return;
        }
        let parse_day = |s: String| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
        let status_id = status.get_untracked().parse::<Uuid>().ok();
        let assignee_id = assignee.get_untracked().parse::<Uuid>().ok();
        let (start_day, due_day) = (
            parse_day(start.get_untracked()),
            parse_day(due.get_untracked()),
        );
        let request = UpdateItem {
            status_id: status_id.filter(|s| Some(*s) != before.status_id),
            assignee_id: (assignee_id != before.assignee_id).then_some(assignee_id),
            start: (start_day != before.start).then_some(start_day),
            due: (due_day != before.due).then_some(due_day),
            days_estimated: (days_estimated != before.days_estimated).then_some(days_estimated),
            days_taken: (days_taken != before.days_taken).then_some(days_taken),
            progress: (progress_value != before.progress).then_some(progress_value),
            fields: touched.get_untracked(),
            ..Default::default()
        };
        let nothing = request.status_id.is_none()
            && request.assignee_id.is_none()
            && request.start.is_none()
            && request.due.is_none()
            && request.days_estimated.is_none()
            && request.days_taken.is_none()
            && request.progress.is_none()
            && request.fields.is_empty();
        if nothing {
            toasts.info("Nothing changed.");
            return;
        }
        pending.set(true);
        failure.set(None);
        save.run((
            request,
            Callback::new(move |result: Result<(), Failure>| {
                // A successful save re-creates this form; only failures land here on a live form.
                if pending.is_disposed() {
                    if result.is_ok() {
                        toasts.info("Saved.");
                    }
                    return;
                }
                pending.set(false);
                match result {
                    Ok(()) => toasts.info("Saved."),
                    Err(f) if f.stale => {}
                    Err(f) => failure.set(Some(f)),
                }
            }),
        ));
    };

    let error = move |field: &'static str| {
        view! { <crate::components::feedback::FieldError failure=failure field=field /> }
    };
    let statuses = space.statuses.clone();
    let initial_status = item.status_id;
    let initial_assignee = item.assignee_id;
    let assignable = people.choices();
    let fields = space.fields.clone();
    view! {
        <form class="form item-fields-form" on:submit=submit data-testid="item-fields-form" novalidate>
            <div class="form-row">
                <Field label="Status" id="item-status">
                    <select class="select" id="item-status" on:change=move |ev| status.set(event_target_value(&ev))>
                        {statuses
                            .into_iter()
                            .map(|s| {
                                let selected = Some(s.id) == initial_status;
                                view! { <option value=s.id.to_string() selected=selected>{s.name}</option> }
                            })
                            .collect_view()}
                    </select>
                </Field>
                <Field label="Assigned to" id="item-assignee">
                    <select class="select" id="item-assignee" disabled=!may_reassign on:change=move |ev| assignee.set(event_target_value(&ev))>
                        <option value="" selected=initial_assignee.is_none()>"Unassigned"</option>
                        {assignable
                            .into_iter()
                            .map(|(id, name)| {
                                let selected = Some(id) == initial_assignee;
                                view! { <option value=id.to_string() selected=selected>{name}</option> }
                            })
                            .collect_view()}
                    </select>
                </Field>
            </div>
            <div class="form-row">
                <Field label="Start" id="item-start">
                    <input class="input" type="date" id="item-start" bind:value=start />
                </Field>
                <Field label="Due" id="item-due">
                    <input class="input" type="date" id="item-due" bind:value=due />
                </Field>
            </div>
            <div class="form-row">
                <Field label="Days estimated" id="item-days-estimated">
                    <input class="input" type="number" min="0" step="0.5" id="item-days-estimated" bind:value=estimated />
                    {error("days_estimated")}
                </Field>
                <Field label="Days taken" id="item-days-taken">
                    <input class="input" type="number" min="0" step="0.5" id="item-days-taken" bind:value=taken />
                    {error("days_taken")}
                </Field>
            </div>
            <div class="field">
                <label for="item-progress">"Progress (%)"</label>
                <div class="progress-input">
                    <input type="range" min="0" max="100" step="5" aria-label="Progress slider" bind:value=progress />
                    <input class="input" type="number" min="0" max="100" id="item-progress" bind:value=progress />
                </div>
                {error("progress")}
            </div>
            {(!fields.is_empty()).then(|| view! { <h3 class="form-section">"Categories"</h3> })}
            {fields
                .into_iter()
                .map(|field| {
                    let value = item.fields.get(&field.id).cloned().unwrap_or(Value::Null);
                    view! { <CustomField field=field value=value touched=touched people=people.choices() /> }
                })
                .collect_view()}
            {move || failure.get().map(|f| view! { <div class="alert alert-error" role="alert" data-testid="form-error">{f.message}</div> })}
            <div class="btn-row">
                <button class="btn btn-primary" type="submit" id="item-fields-save" disabled=move || pending.get()>
                    {move || if pending.get() { "Saving…" } else { "Save" }}
                </button>
            </div>
        </form>
    }
}

/// One custom field's editor, by its kind; a change is recorded in `touched`.
#[component]
fn CustomField(
    field: FieldDefinition,
    value: Value,
    touched: RwSignal<BTreeMap<Uuid, Value>>,
    people: Vec<(Uuid, String)>,
) -> impl IntoView {
    let id = field.id;
    let dom_id = format!("field-{id}");
    let set = move |v: Value| {
        touched.update(|t| {
            t.insert(id, v);
        })
    };
    let text_value = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.as_f64().map(format_number).unwrap_or_default(),
        _ => String::new(),
    };
    let as_text = move |s: String| {
        if s.trim().is_empty() {
            Value::Null
        } else {
            Value::String(s)
        }
    };
    let required = field.required;
    let editor = match field.kind {
        FieldKind::Text => {
            let initial = text_value(&value);
            view! {
                <input class="input" id=dom_id.clone() maxlength="500" prop:value=initial on:input=move |ev| set(as_text(event_target_value(&ev))) />
            }
            .into_any()
        }
        FieldKind::LongText => {
            let initial = text_value(&value);
            view! {
                <textarea class="textarea" id=dom_id.clone() rows="3" prop:value=initial on:input=move |ev| set(as_text(event_target_value(&ev)))></textarea>
            }
            .into_any()
        }
        FieldKind::Number => {
            let initial = text_value(&value);
            view! {
                <input class="input" type="number" step="any" id=dom_id.clone() prop:value=initial on:input=move |ev| {
                    let text = event_target_value(&ev);
                    let v = text
                        .trim()
                        .parse::<f64>()
                        .ok()
                        .and_then(serde_json::Number::from_f64)
                        .map(Value::Number)
                        .unwrap_or_else(|| as_text(text));
                    set(v)
                } />
            }
            .into_any()
        }
        FieldKind::Date => {
            let initial = text_value(&value);
            view! {
                <input class="input" type="date" id=dom_id.clone() prop:value=initial on:input=move |ev| set(as_text(event_target_value(&ev))) />
            }
            .into_any()
        }
        FieldKind::Url => {
            let initial = text_value(&value);
            view! {
                <input class="input" type="url" id=dom_id.clone() placeholder="https://…" maxlength="2000" prop:value=initial on:input=move |ev| set(as_text(event_target_value(&ev))) />
            }
            .into_any()
        }
        FieldKind::User => {
            let chosen = value.as_str().and_then(|s| s.parse::<Uuid>().ok());
            view! {
                <select class="select" id=dom_id.clone() on:change=move |ev| set(as_text(event_target_value(&ev)))>
                    <option value="" selected=chosen.is_none()>"—"</option>
                    {people
                        .into_iter()
                        .map(|(pid, name)| view! { <option value=pid.to_string() selected=Some(pid) == chosen>{name}</option> })
                        .collect_view()}
                </select>
            }
            .into_any()
        }
        FieldKind::Select => {
            let chosen = RwSignal::new(value.as_str().map(str::to_owned).unwrap_or_default());
            let options = StoredValue::new(field.options.clone());
            let chip = move || {
                let picked = chosen.get();
                options.with_value(|opts| {
                    opts.iter()
                        .find(|o| o.id.to_string() == picked)
                        .map(|o| view! { <Chip label=o.label.clone() colour=o.colour.to_string() testid="option-chip" /> })
                })
            };
            view! {
                <div class="select-with-chip">
                    <select class="select" id=dom_id.clone() on:change=move |ev| {
                        let v = event_target_value(&ev);
                        chosen.set(v.clone());
                        set(as_text(v));
                    }>
                        <option value="" selected=chosen.get_untracked().is_empty()>"Select…"</option>
                        {field
                            .options
                            .iter()
                            .map(|o| {
                                let selected = o.id.to_string() == chosen.get_untracked();
                                view! { <option value=o.id.to_string() selected=selected>{o.label.clone()}</option> }
                            })
                            .collect_view()}
                    </select>
                    {chip}
                </div>
            }
            .into_any()
        }
        FieldKind::MultiSelect => {
            let picked = RwSignal::new(
                value
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|v| v.as_str().map(str::to_owned))
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default(),
            );
            let order: Vec<String> = field.options.iter().map(|o| o.id.to_string()).collect();
            let order = StoredValue::new(order);
            let toggle = move |option: String, on: bool| {
                picked.update(|p| {
                    p.retain(|x| *x != option);
                    if on {
                        p.push(option);
                    }
                    order.with_value(|o| p.sort_by_key(|x| o.iter().position(|y| y == x)));
                });
                let ids: Vec<Value> = picked
                    .get_untracked()
                    .into_iter()
                    .map(Value::String)
                    .collect();
                set(Value::Array(ids));
            };
            view! {
                <div class="choice-chips" id=dom_id.clone() role="group">
                    {field
                        .options
                        .iter()
                        .map(|o| {
                            let oid = o.id.to_string();
                            let checked = picked.get_untracked().contains(&oid);
                            let style = format!("--chip:{}", o.colour);
                            view! {
                                <label class="choice-chip" style=style>
                                    <input type="checkbox" checked=checked on:change=move |ev| toggle(oid.clone(), event_target_checked(&ev)) />
                                    <span class="choice-dot" aria-hidden="true"></span>
                                    {o.label.clone()}
                                </label>
                            }
                        })
                        .collect_view()}
                </div>
            }
            .into_any()
        }
    };
    let label_for = format!("field-{id}");
    view! {
        <div class="field" data-testid="custom-field" data-field=field.name.clone() data-kind=format!("{:?}", field.kind)>
            <label for=label_for>
                {field.name.clone()}
                {required.then(|| view! { <span class="required" title="Required">" *"</span> })}
            </label>
            {editor}
        </div>
    }
}
