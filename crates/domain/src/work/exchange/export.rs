//! A space's items as a sheet: one row per item, built-in columns then custom fields.

use super::{BUILT_IN_COLUMNS, Cell, Sheet, field_header};
use crate::work::fields::{FieldDefinition, FieldKind};
use crate::work::items::Item;
use crate::work::spaces::Space;
use chrono::NaiveDate;
use serde_json::Value;
use std::collections::HashMap;
use uuid::Uuid;

/// The sheet of a space: one row per item (archived ones too), built-in columns then custom fields.
/// `emails` names the organisation's members, so assignees and user fields read as emails.
pub fn export_sheet(space: &Space, items: &[Item], emails: &HashMap<Uuid, String>) -> Sheet {
    let mut header: Vec<String> = BUILT_IN_COLUMNS.iter().map(|c| (*c).to_owned()).collect();
    header.extend(space.fields.iter().map(field_header));
    let text = |s: &str| Cell::Text(s.to_owned());
    let optional = |n: Option<f64>| n.map_or(Cell::Text(String::new()), Cell::Number);
    let date = |d: Option<NaiveDate>| Cell::Text(d.map(iso).unwrap_or_default());
    let user = |id: Uuid| emails.get(&id).cloned().unwrap_or_else(|| id.to_string());
    let rows = items
        .iter()
        .map(|item| {
            let mut row = vec![
                Cell::Number(item.number as f64),
                text(&item.title),
                text(&item.description),
                text(item.status.as_deref().unwrap_or_default()),
                Cell::Text(item.assignee_id.map(user).unwrap_or_default()),
                date(item.start),
                date(item.due),
                optional(item.days_estimated),
                optional(item.days_taken),
                Cell::Number(item.progress),
                text(if item.archived_at.is_some() {
                    "yes"
                } else {
                    "no"
                }),
            ];
            row.extend(
                space
                    .fields
                    .iter()
                    .map(|field| field_cell(field, item.fields.get(&field.id), &user)),
            );
            row
        })
        .collect();
    Sheet { header, rows }
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn field_cell(
    field: &FieldDefinition,
    value: Option<&Value>,
    user: &dyn Fn(Uuid) -> String,
) -> Cell {
    let Some(value) = value else {
        return Cell::Text(String::new());
    };
    let label = |id: &Value| {
        field
            .options
            .iter()
            .find(|o| Some(o.id.to_string().as_str()) == id.as_str())
            .map(|o| o.label.clone())
    };
    match (field.kind, value) {
        (FieldKind::Number, v) => v.as_f64().map_or(Cell::Text(String::new()), Cell::Number),
        (FieldKind::Select, v) => Cell::Text(label(v).unwrap_or_default()),
        (FieldKind::MultiSelect, Value::Array(ids)) => {
            Cell::Text(ids.iter().filter_map(label).collect::<Vec<_>>().join("|"))
        }
        (FieldKind::User, Value::String(id)) => {
            Cell::Text(Uuid::parse_str(id).map(user).unwrap_or_else(|_| id.clone()))
        }
        (_, Value::String(s)) => Cell::Text(s.clone()),
        (_, other) => Cell::Text(other.to_string()),
    }
}
