//! A tracker's counts by status and by each select field's options, aggregated in SQL.

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::{item_values, items, space_statuses};
use crate::work::spaces as space_store;
use annex_domain::work::fields::FieldKind;
use annex_domain::work::items::ItemKind;
use annex_domain::work::stats::{FieldCounts, OptionCount, SpaceStats, StatusCount};
use annex_domain::{OrgId, SpaceId};
use diesel::dsl::count_star;
use diesel::prelude::*;
use serde_json::Value;
use std::collections::HashMap;

/// The space's live items (of `kind`, or all) counted by status, by select option, overdue and
/// unassigned: four aggregate queries after the space itself, whatever the number of items.
pub fn of_space(
    conn: &mut DbConnection,
    org_id: OrgId,
    space_id: SpaceId,
    kind: Option<ItemKind>,
) -> StoreResult<SpaceStats> {
    let space = space_store::get(conn, org_id, space_id.into())?;
    let (org, space_key) = (org_id.to_string(), space_id.to_string());
    let kinds: Vec<&str> = match kind {
        Some(kind) => vec![kind.as_str()],
        None => ["phase", "deliverable", "activity", "item"].to_vec(),
    };
    let live = || {
        items::table
            .filter(items::org_id.eq(org.clone()))
            .filter(items::space_id.eq(space_key.clone()))
            .filter(items::archived_at.is_null())
            .filter(items::kind.eq_any(kinds.clone()))
    };
    let by_status: HashMap<Option<String>, i64> = live()
        .group_by(items::status_id)
        .select((items::status_id, count_star()))
        .load::<(Option<String>, i64)>(conn)?
        .into_iter()
        .collect();
    let today = chrono::Utc::now().date_naive();
    let overdue: i64 = live()
        .left_join(space_statuses::table)
        .filter(items::due_date.lt(today))
        .filter(
            space_statuses::resolved
                .nullable()
                .eq(false)
                .or(space_statuses::resolved.nullable().is_null()),
        )
        .count()
        .get_result(conn)?;
    let unassigned: i64 = live()
        .left_join(space_statuses::table)
        .filter(items::assignee_id.is_null())
        .filter(
            space_statuses::resolved
                .nullable()
                .eq(false)
                .or(space_statuses::resolved.nullable().is_null()),
        )
        .count()
        .get_result(conn)?;
    let select_fields: Vec<String> = space
        .fields
        .iter()
        .filter(|f| matches!(f.kind, FieldKind::Select | FieldKind::MultiSelect))
        .map(|f| f.id.to_string())
        .collect();
    let value_counts: Vec<(String, String, i64)> = if select_fields.is_empty() {
        Vec::new()
    } else {
        item_values::table
            .inner_join(items::table)
            .filter(items::org_id.eq(org.clone()))
            .filter(items::space_id.eq(space_key.clone()))
            .filter(items::archived_at.is_null())
            .filter(items::kind.eq_any(kinds.clone()))
            .filter(item_values::field_id.eq_any(&select_fields))
            .group_by((item_values::field_id, item_values::value_json))
            .select((item_values::field_id, item_values::value_json, count_star()))
            .load(conn)?
    };
    // A multi-select value holds several options: each one counts the item once.
    let mut option_counts: HashMap<(String, String), i64> = HashMap::new();
    let mut with_value: HashMap<String, i64> = HashMap::new();
    for (field, json, n) in value_counts {
        *with_value.entry(field.clone()).or_default() += n;
        match serde_json::from_str::<Value>(&json) {
            Ok(Value::String(option)) => {
                *option_counts.entry((field, option)).or_default() += n;
            }
            Ok(Value::Array(options)) => {
                for option in options.iter().filter_map(Value::as_str) {
                    *option_counts
                        .entry((field.clone(), option.to_owned()))
                        .or_default() += n;
                }
            }
            _ => {}
        }
    }
    let total: i64 = by_status.values().sum();
    let statuses: Vec<StatusCount> = space
        .statuses
        .iter()
        .map(|s| StatusCount {
            status_id: s.id,
            name: s.name.clone(),
            colour: s.colour.clone(),
            resolved: s.resolved,
            count: by_status.get(&Some(s.id.to_string())).copied().unwrap_or(0),
        })
        .collect();
    let resolved = statuses
        .iter()
        .filter(|s| s.resolved)
        .map(|s| s.count)
        .sum();
    let by_field = space
        .fields
        .iter()
        .filter(|f| matches!(f.kind, FieldKind::Select | FieldKind::MultiSelect))
        .map(|f| {
            let key = f.id.to_string();
            FieldCounts {
                field_id: f.id,
                name: f.name.clone(),
                counts: f
                    .options
                    .iter()
                    .map(|o| OptionCount {
                        option_id: o.id,
                        label: o.label.clone(),
                        colour: o.colour.clone(),
                        count: option_counts
                            .get(&(key.clone(), o.id.to_string()))
                            .copied()
                            .unwrap_or(0),
                    })
                    .collect(),
                unset: total - with_value.get(&key).copied().unwrap_or(0),
            }
        })
        .collect();
    Ok(SpaceStats {
        space_id: space_id.into(),
        total,
        open: total - resolved,
        resolved,
        overdue,
        unassigned,
        by_status: statuses,
        by_field,
    })
}
