//! Items of a space and their custom-field values.

use crate::clock::{archive_change, new_id, now, utc, uuid};
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::events::{self, Change};
use crate::schema::{item_values, items, memberships, space_statuses, spaces};
use crate::search::{contains_pattern, lower};
use crate::spaces as space_store;
use annex_domain::work::fields::{self, FieldDefinition, FieldKind};
use annex_domain::work::items::{
    self as rules, CreateItem, Item, ItemFilter, ItemKind, UpdateItem,
};
use annex_domain::work::progress::{ProgressNode, roll_up};
use annex_domain::work::spaces::Space;
use annex_domain::work::tree::{ProjectTree, TreeNode, depth_first};
use annex_domain::{Cursor, Page};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

type ItemRow = (
    (
        String,
        String,
        i64,
        Option<String>,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
    ),
    (
        Option<NaiveDate>,
        Option<NaiveDate>,
        Option<f64>,
        Option<f64>,
        f64,
        Option<String>,
    ),
    (NaiveDateTime, NaiveDateTime, Option<NaiveDateTime>, i64),
    (Option<String>, Option<bool>),
);

macro_rules! item_columns {
    () => {
        (
            (
                items::id,
                items::space_id,
                items::number,
                items::parent_id,
                items::kind,
                items::title,
                items::description,
                items::status_id,
                items::assignee_id,
            ),
            (
                items::start_date,
                items::due_date,
                items::days_estimated,
                items::days_taken,
                items::progress,
                items::created_by,
            ),
            (
                items::created_at,
                items::updated_at,
                items::archived_at,
                items::version,
            ),
            (
                space_statuses::name.nullable(),
                space_statuses::resolved.nullable(),
            ),
        )
    };
}

fn to_item(row: ItemRow, values: &mut HashMap<String, BTreeMap<Uuid, Value>>) -> Item {
    let (
        (id, space, number, parent, kind, title, description, status, assignee),
        (start, due, est, taken, progress, by),
        (created, updated, archived, version),
        (status_name, resolved),
    ) = row;
    Item {
        fields: values.remove(&id).unwrap_or_default(),
        id: uuid(&id),
        space_id: uuid(&space),
        number,
        label: rules::label(number, &title),
        kind: ItemKind::from_stored(&kind),
        parent_id: parent.as_deref().map(uuid),
        title,
        description,
        status_id: status.as_deref().map(uuid),
        status: status_name,
        resolved: resolved.unwrap_or(false),
        assignee_id: assignee.as_deref().map(uuid),
        start,
        due,
        days_estimated: est,
        days_taken: taken,
        progress,
        created_by: by.as_deref().map(uuid),
        created_at: utc(created),
        updated_at: utc(updated),
        archived_at: archived.map(utc),
        version,
    }
}

/// Custom-field values of the given items, in one query.
fn values_of(
    conn: &mut DbConnection,
    ids: &[String],
) -> StoreResult<HashMap<String, BTreeMap<Uuid, Value>>> {
    let rows: Vec<(String, String, String)> = item_values::table
        .filter(item_values::item_id.eq_any(ids))
        .select((
            item_values::item_id,
            item_values::field_id,
            item_values::value_json,
        ))
        .load(conn)?;
    let mut values: HashMap<String, BTreeMap<Uuid, Value>> = HashMap::new();
    for (item, field, json) in rows {
        if let Ok(value) = serde_json::from_str(&json) {
            values.entry(item).or_default().insert(uuid(&field), value);
        }
    }
    Ok(values)
}

fn to_items(conn: &mut DbConnection, rows: Vec<ItemRow>) -> StoreResult<Vec<Item>> {
    let ids: Vec<String> = rows.iter().map(|r| r.0.0.clone()).collect();
    let mut values = values_of(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|row| to_item(row, &mut values))
        .collect())
}

/// One item of the organisation; `NotFound` for other organisations' items.
pub fn get(conn: &mut DbConnection, org_id: Uuid, id: Uuid) -> StoreResult<Item> {
    let row: ItemRow = items::table
        .left_join(space_statuses::table)
        .filter(items::org_id.eq(org_id.to_string()))
        .filter(items::id.eq(id.to_string()))
        .select(item_columns!())
        .first(conn)?;
    to_items(conn, vec![row])?.pop().ok_or(StoreError::NotFound)
}

/// One page of a space's items by number: three queries whatever the page size.
pub fn list(
    conn: &mut DbConnection,
    org_id: Uuid,
    space_id: Uuid,
    filter: &ItemFilter,
    limit: i64,
    after: Option<&Cursor>,
) -> StoreResult<Page<Item>> {
    let (org, space) = (org_id.to_string(), space_id.to_string());
    let today = chrono::Utc::now().date_naive();
    let filtered = || {
        let mut q = items::table
            .left_join(space_statuses::table)
            .filter(items::org_id.eq(org.clone()))
            .filter(items::space_id.eq(space.clone()))
            .into_boxed();
        q = if filter.archived == Some(true) {
            q.filter(items::archived_at.is_not_null())
        } else {
            q.filter(items::archived_at.is_null())
        };
        if let Some(status) = filter.status_id {
            q = q.filter(items::status_id.eq(status.to_string()));
        }
        if let Some(assignee) = filter.assignee_id {
            q = q.filter(items::assignee_id.eq(assignee.to_string()));
        }
        if let Some(needle) = filter.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            let pattern = contains_pattern(needle);
            q = q.filter(
                lower(items::title)
                    .like(pattern.clone())
                    .escape('\\')
                    .or(lower(items::description).like(pattern).escape('\\')),
            );
        }
        if let Some(before) = filter.due_before {
            q = q.filter(items::due_date.lt(before));
        }
        if let Some(after) = filter.due_after {
            q = q.filter(items::due_date.gt(after));
        }
        if filter.overdue == Some(true) {
            q = q.filter(items::due_date.lt(today)).filter(
                space_statuses::resolved
                    .nullable()
                    .eq(false)
                    .or(space_statuses::resolved.nullable().is_null()),
            );
        }
        q
    };
    let total: i64 = filtered().count().get_result(conn)?;
    let descending = filter.descending == Some(true);
    let mut page = filtered();
    if let Some(cursor) = after {
        let number: i64 = cursor
            .key
            .parse()
            .map_err(|_| StoreError::Rule("cursor is not one this list issued".into()))?;
        page = if descending {
            page.filter(items::number.lt(number))
        } else {
            page.filter(items::number.gt(number))
        };
    }
    page = if descending {
        page.order(items::number.desc())
    } else {
        page.order(items::number.asc())
    };
    let rows: Vec<ItemRow> = page.select(item_columns!()).limit(limit + 1).load(conn)?;
    let data = to_items(conn, rows)?;
    Ok(Page::from_rows(data, limit, total, |i: &Item| Cursor {
        key: i.number.to_string(),
        id: i.id,
    }))
}

fn is_member(conn: &mut DbConnection, org_id: Uuid, user: Uuid) -> StoreResult<bool> {
    let found: i64 = memberships::table
        .filter(memberships::org_id.eq(org_id.to_string()))
        .filter(memberships::user_id.eq(user.to_string()))
        .count()
        .get_result(conn)?;
    Ok(found > 0)
}

fn field_rule(field: &FieldDefinition, e: impl std::fmt::Display) -> StoreError {
    StoreError::Rule(format!("{}: {e}", field.name))
}

/// Validates and writes the given custom-field values of an item (only the fields named).
fn write_values(
    conn: &mut DbConnection,
    org_id: Uuid,
    item_id: Uuid,
    space: &Space,
    given: &BTreeMap<Uuid, Value>,
) -> StoreResult<()> {
    for (field_id, raw) in given {
        let field = space
            .fields
            .iter()
            .find(|f| f.id == *field_id)
            .ok_or_else(|| StoreError::Rule(format!("{field_id} is not a field of this space")))?;
        let value = fields::normalise(field, raw).map_err(|e| field_rule(field, e))?;
        if let (FieldKind::User, Some(Value::String(user))) = (field.kind, &value)
            && !is_member(conn, org_id, uuid(user))?
        {
            return Err(field_rule(field, "not a member of this organisation"));
        }
        diesel::delete(
            item_values::table
                .filter(item_values::item_id.eq(item_id.to_string()))
                .filter(item_values::field_id.eq(field_id.to_string())),
        )
        .execute(conn)?;
        if let Some(value) = value {
            let (sort_text, sort_number) = sort_keys(field, &value);
            diesel::insert_into(item_values::table)
                .values((
                    item_values::org_id.eq(org_id.to_string()),
                    item_values::item_id.eq(item_id.to_string()),
                    item_values::field_id.eq(field_id.to_string()),
                    item_values::value_json.eq(value.to_string()),
                    item_values::sort_text.eq(sort_text),
                    item_values::sort_number.eq(sort_number),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
}

/// The typed copies a value is filtered and sorted by: text lower-cased (option labels for selects), numbers as numbers.
fn sort_keys(field: &FieldDefinition, value: &Value) -> (Option<String>, Option<f64>) {
    let option_label = |id: &Value| {
        field
            .options
            .iter()
            .find(|o| Some(o.id.to_string().as_str()) == id.as_str())
            .map(|o| o.label.to_lowercase())
    };
    match (field.kind, value) {
        (FieldKind::Number, v) => (None, v.as_f64()),
        (FieldKind::Select, v) => (option_label(v), None),
        (FieldKind::MultiSelect, Value::Array(ids)) => (
            Some(
                ids.iter()
                    .filter_map(option_label)
                    .collect::<Vec<_>>()
                    .join("|"),
            ),
            None,
        ),
        (_, Value::String(s)) => (Some(s.to_lowercase()), None),
        _ => (None, None),
    }
}

fn require_required(space: &Space, values: &BTreeMap<Uuid, Value>) -> StoreResult<()> {
    for field in space.fields.iter().filter(|f| f.required) {
        let missing = values
            .get(&field.id)
            .is_none_or(|v| v.is_null() || v.as_str().is_some_and(|s| s.trim().is_empty()));
        if missing {
            return Err(field_rule(field, "a value is required"));
        }
    }
    Ok(())
}

fn check_status(space: &Space, status: Uuid) -> StoreResult<()> {
    if space.statuses.iter().any(|s| s.id == status) {
        Ok(())
    } else {
        Err(StoreError::Rule(
            "the status is not one of this space's workflow".into(),
        ))
    }
}

fn check_assignee(
    conn: &mut DbConnection,
    org_id: Uuid,
    assignee: Option<Uuid>,
) -> StoreResult<()> {
    match assignee {
        Some(user) if !is_member(conn, org_id, user)? => Err(StoreError::Rule(
            "the assignee must be a member of this organisation".into(),
        )),
        _ => Ok(()),
    }
}

/// Takes the space's next item number under its row lock, so concurrent creations never share one.
fn next_number(conn: &mut DbConnection, space_id: Uuid) -> StoreResult<i64> {
    diesel::update(spaces::table.find(space_id.to_string()))
        .set(spaces::next_number.eq(spaces::next_number + 1))
        .execute(conn)?;
    let next: i64 = spaces::table
        .find(space_id.to_string())
        .select(spaces::next_number)
        .first(conn)?;
    Ok(next - 1)
}

/// Creates an item in a space, numbered next in it.
pub fn create(
    conn: &mut DbConnection,
    org_id: Uuid,
    actor: Uuid,
    space_id: Uuid,
    req: &CreateItem,
) -> StoreResult<Item> {
    let space = space_store::get(conn, org_id, space_id)?;
    if space.archived_at.is_some() {
        return Err(StoreError::Rule(
            "the space is archived; restore it to add items".into(),
        ));
    }
    let kind = req.kind.unwrap_or(ItemKind::default_for(space.kind));
    let parent_kind = match req.parent_id {
        Some(parent) => {
            let parent = get(conn, org_id, parent)
                .map_err(|_| StoreError::Rule("the parent is not an item of this space".into()))?;
            if parent.space_id != space_id {
                return Err(StoreError::Rule(
                    "the parent is not an item of this space".into(),
                ));
            }
            Some(parent.kind)
        }
        None => None,
    };
    rules::check_placement(space.kind, kind, parent_kind)
        .map_err(|e| StoreError::Rule(e.to_string()))?;
    let status = match req.status_id {
        Some(status) => {
            check_status(&space, status)?;
            Some(status)
        }
        None => space
            .statuses
            .iter()
            .find(|s| {
                s.name
                    .eq_ignore_ascii_case(annex_domain::work::workflow::TODO)
            })
            .map(|s| s.id),
    };
    check_assignee(conn, org_id, req.assignee_id)?;
    require_required(&space, &req.fields)?;
    let id = new_id();
    let number = next_number(conn, space_id)?;
    let at = now();
    diesel::insert_into(items::table)
        .values((
            (
                items::id.eq(id.to_string()),
                items::org_id.eq(org_id.to_string()),
                items::space_id.eq(space_id.to_string()),
                items::number.eq(number),
                items::parent_id.eq(req.parent_id.map(|p| p.to_string())),
                items::kind.eq(kind.as_str()),
                items::title.eq(req.title.trim()),
                items::description.eq(&req.description),
                items::status_id.eq(status.map(|s| s.to_string())),
                items::assignee_id.eq(req.assignee_id.map(|a| a.to_string())),
            ),
            (
                items::start_date.eq(req.start),
                items::due_date.eq(req.due),
                items::days_estimated.eq(req.days_estimated),
                items::days_taken.eq(req.days_taken),
                items::progress.eq(req.progress.unwrap_or(0.0)),
                items::created_by.eq(Some(actor.to_string())),
                items::created_at.eq(at),
                items::updated_at.eq(at),
                items::version.eq(1_i64),
            ),
        ))
        .execute(conn)?;
    write_values(conn, org_id, id, &space, &req.fields)?;
    let item = get(conn, org_id, id)?;
    events::record(
        conn,
        Change::new(org_id, Some(actor), "item", id, "created").after(&item),
    )?;
    Ok(item)
}

/// Changes an item at `expected` version.
pub fn update(
    conn: &mut DbConnection,
    org_id: Uuid,
    actor: Uuid,
    id: Uuid,
    expected: i64,
    req: &UpdateItem,
) -> StoreResult<Item> {
    let before = get(conn, org_id, id)?;
    let space = space_store::get(conn, org_id, before.space_id)?;
    if let Some(status) = req.status_id {
        check_status(&space, status)?;
    }
    let assignee = req.assignee_id.unwrap_or(before.assignee_id);
    check_assignee(conn, org_id, assignee)?;
    let archived_at = archive_change(before.archived_at, req.archived);
    let updated = diesel::update(
        items::table
            .filter(items::org_id.eq(org_id.to_string()))
            .filter(items::id.eq(id.to_string()))
            .filter(items::version.eq(expected)),
    )
    .set((
        items::title.eq(req.title.as_deref().map(str::trim).unwrap_or(&before.title)),
        items::description.eq(req.description.as_deref().unwrap_or(&before.description)),
        items::status_id.eq(req.status_id.or(before.status_id).map(|s| s.to_string())),
        items::assignee_id.eq(assignee.map(|a| a.to_string())),
        items::start_date.eq(req.start.unwrap_or(before.start)),
        items::due_date.eq(req.due.unwrap_or(before.due)),
        items::days_estimated.eq(req.days_estimated.unwrap_or(before.days_estimated)),
        items::days_taken.eq(req.days_taken.unwrap_or(before.days_taken)),
        items::progress.eq(req.progress.unwrap_or(before.progress)),
        items::archived_at.eq(archived_at),
        items::updated_at.eq(now()),
        items::version.eq(expected + 1),
    ))
    .execute(conn)?;
    if updated == 0 {
        return Err(StoreError::Stale {
            expected,
            current: get(conn, org_id, id)?.version,
        });
    }
    write_values(conn, org_id, id, &space, &req.fields)?;
    let mut merged = before.fields.clone();
    merged.extend(req.fields.clone());
    require_required(&space, &merged)?;
    let after = get(conn, org_id, id)?;
    let verb = match (before.archived_at.is_some(), after.archived_at.is_some()) {
        (false, true) => "archived",
        (true, false) => "restored",
        _ if before.assignee_id != after.assignee_id => "reassigned",
        _ => "updated",
    };
    events::record(
        conn,
        Change::new(org_id, Some(actor), "item", id, verb)
            .before(&before)
            .after(&after),
    )?;
    Ok(after)
}

/// Deletes an item that has no children, with its values, at `expected` version.
pub fn delete(
    conn: &mut DbConnection,
    org_id: Uuid,
    actor: Uuid,
    id: Uuid,
    expected: i64,
) -> StoreResult<()> {
    let before = get(conn, org_id, id)?;
    if before.version != expected {
        return Err(StoreError::Stale {
            expected,
            current: before.version,
        });
    }
    let children: i64 = items::table
        .filter(items::parent_id.eq(id.to_string()))
        .count()
        .get_result(conn)?;
    if children > 0 {
        return Err(StoreError::Conflict(format!(
            "the item has {children} items under it; delete or move them first"
        )));
    }
    // Links go with the item, each recorded as an unlink on the other end.
    for linked in crate::links::list(conn, org_id, id)? {
        crate::links::delete(conn, org_id, actor, id, linked.item_id)?;
    }
    crate::attachments::clear(conn, id)?;
    diesel::delete(item_values::table.filter(item_values::item_id.eq(id.to_string())))
        .execute(conn)?;
    let deleted = diesel::delete(
        items::table
            .filter(items::id.eq(id.to_string()))
            .filter(items::version.eq(expected)),
    )
    .execute(conn)?;
    if deleted == 0 {
        return Err(StoreError::Stale {
            expected,
            current: get(conn, org_id, id)?.version,
        });
    }
    events::record(
        conn,
        Change::new(org_id, Some(actor), "item", id, "deleted").before(&before),
    )?;
    Ok(())
}

/// A project's live nodes with progress rolled up from activities to the top: one query for the nodes.
pub fn tree(conn: &mut DbConnection, org_id: Uuid, space_id: Uuid) -> StoreResult<ProjectTree> {
    type NodeRow = (
        (
            String,
            Option<String>,
            String,
            i64,
            String,
            Option<String>,
            Option<bool>,
            Option<String>,
        ),
        (
            Option<NaiveDate>,
            Option<NaiveDate>,
            Option<f64>,
            Option<f64>,
            f64,
        ),
    );
    let rows: Vec<NodeRow> = items::table
        .left_join(space_statuses::table)
        .filter(items::org_id.eq(org_id.to_string()))
        .filter(items::space_id.eq(space_id.to_string()))
        .filter(items::archived_at.is_null())
        .select((
            (
                items::id,
                items::parent_id,
                items::kind,
                items::number,
                items::title,
                space_statuses::name.nullable(),
                space_statuses::resolved.nullable(),
                items::assignee_id,
            ),
            (
                items::start_date,
                items::due_date,
                items::days_estimated,
                items::days_taken,
                items::progress,
            ),
        ))
        .load(conn)?;
    let nodes: Vec<TreeNode> = rows
        .into_iter()
        .map(
            |(
                (id, parent, kind, number, title, status, resolved, assignee),
                (start, due, est, taken, progress),
            )| TreeNode {
                id: uuid(&id),
                parent_id: parent.as_deref().map(uuid),
                kind: ItemKind::from_stored(&kind),
                number,
                label: rules::label(number, &title),
                status,
                resolved: resolved.unwrap_or(false),
                assignee_id: assignee.as_deref().map(uuid),
                start,
                due,
                days_estimated: est,
                days_taken: taken,
                progress,
            },
        )
        .collect();
    let inputs: Vec<ProgressNode> = nodes
        .iter()
        .map(|n| ProgressNode {
            id: n.id,
            parent: n.parent_id,
            progress: n.progress,
            days_estimated: n.days_estimated,
        })
        .collect();
    let (rolled, overall) = roll_up(&inputs);
    let nodes = nodes
        .into_iter()
        .map(|mut n| {
            if let Some(r) = rolled.get(&n.id) {
                n.progress = r.progress;
            }
            n
        })
        .collect();
    Ok(ProjectTree {
        space_id,
        progress: overall,
        nodes: depth_first(nodes),
    })
}
