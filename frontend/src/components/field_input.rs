//! An input for one custom field, by its kind: text, long text, number, date, select,
//! multi-select, user or web address. The value is kept as the JSON the API takes.

use crate::components::work::People;
use annex_client::domain::work::fields::{FieldDefinition, FieldKind};
use leptos::prelude::*;
use serde_json::Value;

/// The value as sent: `null` for nothing, numbers as numbers, multi-selects as arrays of option ids.
pub fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// The input of `field`, writing into `value`; `id` is the input's element id (for its label).
#[component]
pub fn FieldInput(
    field: FieldDefinition,
    value: RwSignal<Value>,
    people: People,
    id: String,
) -> impl IntoView {
    let text = move || match value.get() {
        Value::String(s) => s,
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    let set_text = move |ev: leptos::ev::Event| value.set(Value::String(event_target_value(&ev)));
    let testid = format!("field-input-{}", field.name);
    match field.kind {
        FieldKind::Text => view! {
            <input class="input" id=id data-testid=testid maxlength="500" prop:value=text on:input=set_text />
        }
        .into_any(),
        FieldKind::LongText => view! {
            <textarea class="textarea" id=id data-testid=testid prop:value=text on:input=set_text></textarea>
        }
        .into_any(),
        FieldKind::Number => view! {
            <input class="input" type="number" step="any" id=id data-testid=testid prop:value=text on:input=move |ev| {
                let raw = event_target_value(&ev);
                // Numbers go as numbers; what the browser could not read goes as text for the server to explain.
                let parsed = raw.trim().parse::<f64>().ok().and_then(serde_json::Number::from_f64);
                value.set(match parsed {
                    Some(n) => Value::Number(n),
                    None if raw.trim().is_empty() => Value::Null,
                    None => Value::String(raw),
                });
            } />
        }
        .into_any(),
        FieldKind::Date => view! {
            <input class="input" type="date" id=id data-testid=testid prop:value=text on:input=set_text />
        }
        .into_any(),
        FieldKind::Url => view! {
            <input class="input" type="url" placeholder="https://" id=id data-testid=testid prop:value=text on:input=set_text />
        }
        .into_any(),
        FieldKind::Select => view! {
            <select class="select" id=id data-testid=testid prop:value=text on:change=set_text>
                <option value="">"—"</option>
                {field.options.iter().map(|o| view! { <option value=o.id.to_string()>{o.label.clone()}</option> }).collect_view()}
            </select>
        }
        .into_any(),
        FieldKind::User => view! {
            <select class="select" id=id data-testid=testid prop:value=text on:change=set_text>
                <option value="">"—"</option>
                {people.assignable().map(|m| view! { <option value=m.id.to_string()>{people.name(m.id)}</option> }).collect_view()}
            </select>
        }
        .into_any(),
        FieldKind::MultiSelect => view! {
            <div class="choice-group" id=id data-testid=testid role="group">
                {field.options.iter().map(|o| {
                    let option = o.id.to_string();
                    let checked = {
                        let option = option.clone();
                        move || value.with(|v| v.as_array().is_some_and(|a| a.iter().any(|x| x.as_str() == Some(option.as_str()))))
                    };
                    view! {
                        <label class="choice">
                            <input type="checkbox" prop:checked=checked on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                value.update(|v| {
                                    let mut ids: Vec<Value> = v.as_array().cloned().unwrap_or_default();
                                    ids.retain(|x| x.as_str() != Some(option.as_str()));
                                    if on {
                                        ids.push(Value::String(option.clone()));
                                    }
                                    *v = Value::Array(ids);
                                });
                            } />
                            {o.label.clone()}
                        </label>
                    }
                }).collect_view()}
            </div>
        }
        .into_any(),
    }
}
