//! Items of a space and their custom-field values.

use crate::clock::{archive_change, new_id, now, utc, uuid};
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::events::{self, Change};
use crate::schema::{item_notes, item_values, items, memberships, space_statuses, spaces, users};
use crate::versioned;
use crate::work::search::{contains_pattern, lower, lower_nullable};
use crate::work::spaces as space_store;
use annex_domain::events::{SubjectKind, Verb};
use annex_domain::work::fields::{self, FieldDefinition, FieldKind};
use annex_domain::work::items::{
    self as rules, CreateItem, Item, ItemFilter, ItemKind, ItemSort, UpdateItem,
};
use annex_domain::work::progress::{ProgressNode, roll_up};
use annex_domain::work::spaces::Space;
use annex_domain::work::tree::{ProjectTree, TreeNode, depth_first};
use annex_domain::work::workflow;
use annex_domain::{Cursor, Page};
use annex_domain::{ItemId, OrgId, SpaceId, UserId};
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

fn to_item(row: ItemRow, values: &mut HashMap<String, BTreeMap<Uuid, Value>>) -> StoreResult<Item> {
    let (
        (id, space, number, parent, kind, title, description, status, assignee),
        (start, due, est, taken, progress, by),
        (created, updated, archived, version),
        (status_name, resolved),
    ) = row;
    Ok(Item {
        fields: values.remove(&id).unwrap_or_default(),
        id: uuid(&id)?,
        space_id: uuid(&space)?,
        number,
        label: rules::label(number, &title),
        kind: ItemKind::from_stored(&kind),
        parent_id: parent.as_deref().map(uuid).transpose()?,
        title,
        description,
        status_id: status.as_deref().map(uuid).transpose()?,
        status: status_name,
        resolved: resolved.unwrap_or(false),
        assignee_id: assignee.as_deref().map(uuid).transpose()?,
        start,
        due,
        days_estimated: est,
        days_taken: taken,
        progress,
        created_by: by.as_deref().map(uuid).transpose()?,
        created_at: utc(created),
        updated_at: utc(updated),
        archived_at: archived.map(utc),
        version,
    })
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
            values.entry(item).or_default().insert(uuid(&field)?, value);
        }
    }
    Ok(values)
}

fn to_items(conn: &mut DbConnection, rows: Vec<ItemRow>) -> StoreResult<Vec<Item>> {
    let ids: Vec<String> = rows.iter().map(|r| r.0.0.clone()).collect();
    let mut values = values_of(conn, &ids)?;
    rows.into_iter()
        .map(|row| to_item(row, &mut values))
        .collect()
}

/// One item of the organisation; `NotFound` for other organisations' items.
pub fn get(conn: &mut DbConnection, org_id: OrgId, id: Uuid) -> StoreResult<Item> {
    let row: ItemRow = items::table
        .left_join(space_statuses::table)
        .filter(items::org_id.eq(org_id))
        .filter(items::id.eq(id.to_string()))
        .select(item_columns!())
        .first(conn)?;
    to_items(conn, vec![row])?.pop().ok_or(StoreError::NotFound)
}

/// How the custom-field condition of a list matches `item_values`.
enum FieldMatch {
    /// The sort key equals this (a select option's label, a user's id, a date): served by the
    /// `(org_id, field_id, sort_text)` index.
    Key(String),
    /// The stored JSON contains this (one option of a multi-select).
    JsonContains(String),
    /// The lower-cased stored text contains this `LIKE` pattern (the whole text, not the
    /// shortened sort key).
    TextLike(String),
    Number(f64),
}

/// Reads `field_value` for `field` into the condition stored values must meet.
fn field_match(field: &FieldDefinition, value: &str) -> StoreResult<FieldMatch> {
    let value = value.trim();
    let option = field
        .options
        .iter()
        .find(|o| o.id.to_string() == value || o.label.eq_ignore_ascii_case(value));
    let option =
        || option.ok_or_else(|| field_rule(field, format!("{value:?} is not one of its options")));
    Ok(match field.kind {
        FieldKind::Select => FieldMatch::Key(sort_text_of(&option()?.label)),
        FieldKind::MultiSelect => FieldMatch::JsonContains(contains_pattern(
            &Value::String(option()?.id.to_string()).to_string(),
        )),
        FieldKind::User => match Uuid::parse_str(value) {
            Ok(user) => FieldMatch::Key(user.to_string()),
            Err(_) => return Err(field_rule(field, "filter by a user's id")),
        },
        FieldKind::Number => match value.parse::<f64>() {
            Ok(n) if n.is_finite() => FieldMatch::Number(n),
            _ => return Err(field_rule(field, "filter by a number")),
        },
        FieldKind::Date => match annex_domain::dates::parse_day(value) {
            Some(date) => FieldMatch::Key(date.to_string()),
            None => return Err(field_rule(field, "filter by a date (YYYY-MM-DD)")),
        },
        _ => FieldMatch::TextLike(contains_pattern(value)),
    })
}

/// The value an item is sorted by, as a list cursor carries it.
fn sort_value(item: &Item, sort: ItemSort, space: &Space, assignee: Option<&str>) -> Value {
    let date = |d: Option<NaiveDate>| d.map(|d| Value::String(d.to_string()));
    let stamp = |t: chrono::DateTime<chrono::Utc>| serde_json::to_value(t.naive_utc()).ok();
    match sort {
        ItemSort::Number => Some(Value::from(item.number)),
        ItemSort::Title => Some(Value::String(item.title.to_lowercase())),
        ItemSort::Status => item
            .status_id
            .and_then(|id| space.statuses.iter().position(|s| s.id == id))
            .map(Value::from),
        ItemSort::Assignee => assignee.map(|name| Value::String(name.to_lowercase())),
        ItemSort::Start => date(item.start),
        ItemSort::Due => date(item.due),
        ItemSort::CreatedAt => stamp(item.created_at),
        ItemSort::UpdatedAt => stamp(item.updated_at),
        ItemSort::Progress => Some(Value::from(item.progress)),
        ItemSort::Field(id) => space
            .fields
            .iter()
            .find(|f| f.id == id)
            .zip(item.fields.get(&id))
            .and_then(|(field, value)| match sort_keys(field, value) {
                (_, Some(n)) if sorts_by_number(field) => Some(Value::from(n)),
                (Some(text), _) if !sorts_by_number(field) => Some(Value::String(text)),
                _ => None,
            }),
    }
    .unwrap_or(Value::Null)
}

/// Numbers sort by value and selects by their options' order; everything else by its text.
fn sorts_by_number(field: &FieldDefinition) -> bool {
    matches!(field.kind, FieldKind::Number | FieldKind::Select)
}

/// Reads a list cursor's key: the sort it was issued for, the sort value of the last item shown
/// and its number. A cursor of another sort is refused rather than paging from a wrong place.
fn cursor_key<T: serde::de::DeserializeOwned>(
    sort: ItemSort,
) -> impl Fn(&Cursor) -> StoreResult<(Option<T>, i64)> {
    move |cursor| {
        let refused = || StoreError::rule("cursor is not one this list issued");
        let (issued_for, value, number): (String, Option<T>, i64) =
            serde_json::from_str(&cursor.key).map_err(|_| refused())?;
        if issued_for != format!("{sort:?}") {
            return Err(refused());
        }
        Ok((value, number))
    }
}

/// Orders a boxed item query by `$col` (empty values last either way, ties by number) and starts
/// it after the cursor's `(value, number)`.
macro_rules! order_after {
    ($page:expr, $col:expr, $after:expr, $descending:expr) => {{
        let mut page = $page;
        if let Some((value, number)) = $after {
            page = match (value, $descending) {
                (Some(v), false) => page.filter(
                    $col.gt(v.clone())
                        .or($col.eq(v).and(items::number.gt(number)))
                        .or($col.is_null()),
                ),
                (Some(v), true) => page.filter(
                    $col.lt(v.clone())
                        .or($col.eq(v).and(items::number.lt(number)))
                        .or($col.is_null()),
                ),
                (None, false) => page.filter($col.is_null().and(items::number.gt(number))),
                (None, true) => page.filter($col.is_null().and(items::number.lt(number))),
            };
        }
        if $descending {
            page.order(($col.is_null().asc(), $col.desc(), items::number.desc()))
        } else {
            page.order(($col.is_null().asc(), $col.asc(), items::number.asc()))
        }
    }};
}

/// Like `order_after!` for a column that always has a value, so an index on it can serve the order.
macro_rules! order_after_required {
    ($page:expr, $col:expr, $after:expr, $descending:expr) => {{
        let mut page = $page;
        if let Some((value, number)) = $after {
            let value =
                value.ok_or_else(|| StoreError::rule("cursor is not one this list issued"))?;
            page = if $descending {
                page.filter(
                    $col.lt(value.clone())
                        .or($col.eq(value).and(items::number.lt(number))),
                )
            } else {
                page.filter(
                    $col.gt(value.clone())
                        .or($col.eq(value).and(items::number.gt(number))),
                )
            };
        }
        if $descending {
            page.order(($col.desc(), items::number.desc()))
        } else {
            page.order(($col.asc(), items::number.asc()))
        }
    }};
}

/// One page of a space's items, filtered and sorted: four queries whatever the page size.
pub fn list(
    conn: &mut DbConnection,
    org_id: OrgId,
    space_id: SpaceId,
    filter: &ItemFilter,
    limit: i64,
    after: Option<&Cursor>,
) -> StoreResult<Page<Item>> {
    let sort = ItemSort::parse(filter.sort.as_deref()).map_err(StoreError::rule)?;
    let space = space_store::get(conn, org_id, space_id.into())?;
    let field_of = |id: Uuid| {
        space
            .fields
            .iter()
            .find(|f| f.id == id)
            .ok_or_else(|| StoreError::rule(format!("{id} is not a field of this space")))
    };
    let sort_field = match sort {
        ItemSort::Field(id) => Some(field_of(id)?),
        _ => None,
    };
    let condition = match (filter.field_id, filter.field_value.as_deref()) {
        (Some(id), Some(value)) => {
            let field = field_of(id)?;
            Some((id.to_string(), field_match(field, value)?))
        }
        (None, None) => None,
        _ => {
            return Err(StoreError::rule("field_id and field_value go together"));
        }
    };
    let (org, space_key) = (org_id.to_string(), space_id.to_string());
    let sort_field_key = sort_field.map(|f| f.id.to_string()).unwrap_or_default();
    let today = chrono::Utc::now().date_naive();
    // The values of the field sorted by, joined under another name than the filter's subquery.
    let sorted_by = diesel::alias!(item_values as sorted_by);
    let unresolved: Vec<String> = space
        .statuses
        .iter()
        .filter(|s| !s.resolved)
        .map(|s| s.id.to_string())
        .collect();
    // The filters, applied alike to the count (items alone) and to the page (with the joins it
    // sorts by), so counting never pays for the joins.
    macro_rules! filtered {
        ($query:expr) => {{
            let mut q = $query
                .filter(items::org_id.eq(org.clone()))
                .filter(items::space_id.eq(space_key.clone()))
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
                let in_notes = item_notes::table
                    .filter(item_notes::org_id.eq(org.clone()))
                    .filter(lower(item_notes::body).like(pattern.clone()).escape('\\'))
                    .select(item_notes::item_id);
                q = q.filter(
                    lower(items::title)
                        .like(pattern.clone())
                        .escape('\\')
                        .or(lower(items::description).like(pattern).escape('\\'))
                        .or(items::id.eq_any(in_notes)),
                );
            }
            if let Some((field, how)) = &condition {
                let values = || {
                    item_values::table
                        .filter(item_values::org_id.eq(org.clone()))
                        .filter(item_values::field_id.eq(field.clone()))
                        .select(item_values::item_id)
                };
                q = match how {
                    FieldMatch::Key(key) => q.filter(
                        items::id.eq_any(values().filter(item_values::sort_text.eq(key.clone()))),
                    ),
                    FieldMatch::JsonContains(pattern) => q.filter(items::id.eq_any(
                        values().filter(item_values::value_json.like(pattern.clone()).escape('\\')),
                    )),
                    FieldMatch::TextLike(pattern) => q.filter(
                        items::id.eq_any(
                            values().filter(
                                lower(item_values::value_json)
                                    .like(pattern.clone())
                                    .escape('\\'),
                            ),
                        ),
                    ),
                    FieldMatch::Number(n) => {
                        q.filter(items::id.eq_any(values().filter(item_values::sort_number.eq(*n))))
                    }
                };
            }
            if let Some(before) = filter.due_before {
                q = q.filter(items::due_date.lt(before));
            }
            if let Some(after) = filter.due_after {
                q = q.filter(items::due_date.gt(after));
            }
            if filter.overdue == Some(true) {
                q = q.filter(items::due_date.lt(today)).filter(
                    items::status_id
                        .is_null()
                        .or(items::status_id.eq_any(unresolved.clone())),
                );
            }
            q
        }};
    }
    let total: i64 = filtered!(items::table).count().get_result(conn)?;
    let page = filtered!(
        items::table
            .left_join(space_statuses::table)
            .left_join(users::table.on(items::assignee_id.eq(users::id.nullable())))
            .left_join(
                sorted_by.on(sorted_by.field(item_values::item_id).eq(items::id).and(
                    sorted_by
                        .field(item_values::field_id)
                        .eq(sort_field_key.clone()),
                )),
            )
    );
    let descending = filter.descending == Some(true);
    let page = match sort {
        ItemSort::Number => {
            let after = after.map(cursor_key::<i64>(sort)).transpose()?;
            order_after_required!(page, items::number, after, descending)
        }
        ItemSort::Title => {
            let after = after.map(cursor_key::<String>(sort)).transpose()?;
            order_after_required!(page, lower(items::title), after, descending)
        }
        ItemSort::Status => {
            let after = after.map(cursor_key::<i32>(sort)).transpose()?;
            order_after!(page, space_statuses::position.nullable(), after, descending)
        }
        ItemSort::Assignee => {
            let after = after.map(cursor_key::<String>(sort)).transpose()?;
            order_after!(
                page,
                lower_nullable(users::display_name.nullable()),
                after,
                descending
            )
        }
        ItemSort::Start => {
            let after = after.map(cursor_key::<NaiveDate>(sort)).transpose()?;
            order_after!(page, items::start_date, after, descending)
        }
        ItemSort::Due => {
            let after = after.map(cursor_key::<NaiveDate>(sort)).transpose()?;
            order_after!(page, items::due_date, after, descending)
        }
        ItemSort::CreatedAt => {
            let after = after.map(cursor_key::<NaiveDateTime>(sort)).transpose()?;
            order_after_required!(page, items::created_at, after, descending)
        }
        ItemSort::UpdatedAt => {
            let after = after.map(cursor_key::<NaiveDateTime>(sort)).transpose()?;
            order_after_required!(page, items::updated_at, after, descending)
        }
        ItemSort::Progress => {
            let after = after.map(cursor_key::<f64>(sort)).transpose()?;
            order_after_required!(page, items::progress, after, descending)
        }
        ItemSort::Field(_) if sort_field.is_some_and(sorts_by_number) => {
            let after = after.map(cursor_key::<f64>(sort)).transpose()?;
            order_after!(
                page,
                sorted_by.field(item_values::sort_number).nullable(),
                after,
                descending
            )
        }
        ItemSort::Field(_) => {
            let after = after.map(cursor_key::<String>(sort)).transpose()?;
            order_after!(
                page,
                sorted_by.field(item_values::sort_text).nullable(),
                after,
                descending
            )
        }
    };
    let rows: Vec<(ItemRow, Option<String>)> = page
        .select((item_columns!(), users::display_name.nullable()))
        .limit(limit + 1)
        .load(conn)?;
    let names: HashMap<String, String> = rows
        .iter()
        .filter_map(|(row, name)| Some((row.0.0.clone(), name.clone()?)))
        .collect();
    let data = to_items(conn, rows.into_iter().map(|(row, _)| row).collect())?;
    Ok(Page::from_rows(data, limit, total, |i: &Item| {
        let assignee = names.get(&i.id.to_string()).map(String::as_str);
        Cursor {
            key: Value::Array(vec![
                Value::String(format!("{sort:?}")),
                sort_value(i, sort, &space, assignee),
                Value::from(i.number),
            ])
            .to_string(),
            id: i.id,
        }
    }))
}

fn is_member(conn: &mut DbConnection, org_id: OrgId, user: UserId) -> StoreResult<bool> {
    let found: i64 = memberships::table
        .filter(memberships::org_id.eq(org_id))
        .filter(memberships::user_id.eq(user))
        .count()
        .get_result(conn)?;
    Ok(found > 0)
}

fn field_rule(field: &FieldDefinition, e: impl std::fmt::Display) -> StoreError {
    StoreError::rule(format!("{}: {e}", field.name))
}

/// Validates and writes the given custom-field values of an item (only the fields named).
fn write_values(
    conn: &mut DbConnection,
    org_id: OrgId,
    item_id: ItemId,
    space: &Space,
    given: &BTreeMap<Uuid, Value>,
) -> StoreResult<()> {
    for (field_id, raw) in given {
        let (field, value) =
            fields::normalise_given(&space.fields, *field_id, raw).map_err(rule_of)?;
        if let (FieldKind::User, Some(Value::String(user))) = (field.kind, &value)
            && !is_member(conn, org_id, uuid(user)?.into())?
        {
            return Err(field_rule(field, "not a member of this organisation"));
        }
        diesel::delete(
            item_values::table
                .filter(item_values::item_id.eq(item_id))
                .filter(item_values::field_id.eq(field_id.to_string())),
        )
        .execute(conn)?;
        if let Some(value) = value {
            let (sort_text, sort_number) = sort_keys(field, &value);
            diesel::insert_into(item_values::table)
                .values((
                    item_values::org_id.eq(org_id),
                    item_values::item_id.eq(item_id),
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

/// How long a text sort key may be: enough to order by, and short enough for every index entry
/// (PostgreSQL refuses b-tree entries over about 2700 bytes; long texts can be far longer).
const SORT_TEXT_CHARS: usize = 200;

/// The sort key of a text: lower-cased and shortened.
fn sort_text_of(text: &str) -> String {
    text.to_lowercase().chars().take(SORT_TEXT_CHARS).collect()
}

/// The typed copies a value is filtered and sorted by: text lower-cased and shortened (option
/// labels for selects, which also carry their option's place to sort by), numbers as numbers.
pub(crate) fn sort_keys(field: &FieldDefinition, value: &Value) -> (Option<String>, Option<f64>) {
    let option_label = |id: &Value| {
        field
            .options
            .iter()
            .find(|o| Some(o.id.to_string().as_str()) == id.as_str())
            .map(|o| o.label.as_str())
    };
    match (field.kind, value) {
        (FieldKind::Number, v) => (None, v.as_f64()),
        (FieldKind::Select, v) => (
            option_label(v).map(sort_text_of),
            field
                .options
                .iter()
                .position(|o| Some(o.id.to_string().as_str()) == v.as_str())
                .map(|i| i as f64),
        ),
        (FieldKind::MultiSelect, Value::Array(ids)) => (
            Some(sort_text_of(
                &ids.iter()
                    .filter_map(option_label)
                    .collect::<Vec<_>>()
                    .join("|"),
            )),
            None,
        ),
        (_, Value::String(s)) => (Some(sort_text_of(s)), None),
        _ => (None, None),
    }
}

/// Recomputes the sort keys of every value of the option fields whose options were renamed or
/// reordered between `before` and `after`, so lists filter and sort by the new labels and order.
pub(crate) fn refresh_sort_keys(
    conn: &mut DbConnection,
    before: &Space,
    after: &Space,
) -> StoreResult<()> {
    for field in after.fields.iter().filter(|f| f.kind.has_options()) {
        let unchanged = before.fields.iter().any(|old| {
            old.id == field.id && old.kind == field.kind && old.options == field.options
        });
        if unchanged {
            continue;
        }
        let rows: Vec<(String, String)> = item_values::table
            .filter(item_values::field_id.eq(field.id.to_string()))
            .select((item_values::item_id, item_values::value_json))
            .load(conn)?;
        for (item, json) in rows {
            let Ok(value) = serde_json::from_str::<Value>(&json) else {
                continue;
            };
            let (sort_text, sort_number) = sort_keys(field, &value);
            diesel::update(
                item_values::table
                    .filter(item_values::item_id.eq(item))
                    .filter(item_values::field_id.eq(field.id.to_string())),
            )
            .set((
                item_values::sort_text.eq(sort_text),
                item_values::sort_number.eq(sort_number),
            ))
            .execute(conn)?;
        }
    }
    Ok(())
}

/// A broken rule of the space's fields, workflow or tree, as the API has always reported it: a rule
/// whose text names the field ("Owner: a value is required").
fn rule_of(e: impl std::fmt::Display) -> StoreError {
    StoreError::rule(e.to_string())
}

fn check_assignee(
    conn: &mut DbConnection,
    org_id: OrgId,
    assignee: Option<Uuid>,
) -> StoreResult<()> {
    match assignee {
        Some(user) if !is_member(conn, org_id, user.into())? => Err(StoreError::rule(
            "the assignee must be a member of this organisation",
        )),
        _ => Ok(()),
    }
}

/// Takes the space's next item number under its row lock, so concurrent creations never share one.
fn next_number(conn: &mut DbConnection, space_id: SpaceId) -> StoreResult<i64> {
    diesel::update(spaces::table.find(space_id))
        .set(spaces::next_number.eq(spaces::next_number + 1))
        .execute(conn)?;
    let next: i64 = spaces::table
        .find(space_id)
        .select(spaces::next_number)
        .first(conn)?;
    Ok(next - 1)
}

/// Creates an item in a space, numbered next in it.
pub fn create(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    space_id: SpaceId,
    req: &CreateItem,
) -> StoreResult<Item> {
    let space = space_store::get(conn, org_id, space_id.into())?;
    if space.archived_at.is_some() {
        return Err(StoreError::rule(
            "the space is archived; restore it to add items",
        ));
    }
    let kind = req.kind.unwrap_or(ItemKind::default_for(space.kind));
    let parent_kind = match req.parent_id {
        Some(parent) => {
            let parent = get(conn, org_id, parent)
                .map_err(|_| StoreError::rule("the parent is not an item of this space"))?;
            if parent.space_id != space_id {
                return Err(StoreError::rule("the parent is not an item of this space"));
            }
            Some(parent.kind)
        }
        None => None,
    };
    rules::check_placement(space.kind, kind, parent_kind).map_err(rule_of)?;
    let status = match req.status_id {
        Some(status) => {
            workflow::check_status(&space.statuses, status).map_err(rule_of)?;
            Some(status)
        }
        None => workflow::starting_status(&space.statuses),
    };
    check_assignee(conn, org_id, req.assignee_id)?;
    fields::check_required(&space.fields, &req.fields).map_err(rule_of)?;
    let id = new_id();
    let number = next_number(conn, space_id)?;
    let at = now();
    diesel::insert_into(items::table)
        .values((
            (
                items::id.eq(id.to_string()),
                items::org_id.eq(org_id),
                items::space_id.eq(space_id),
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
                items::created_by.eq(Some(actor)),
                items::created_at.eq(at),
                items::updated_at.eq(at),
                items::version.eq(1_i64),
                // Numbers only grow, so a new node goes after its siblings.
                items::position.eq(number),
            ),
        ))
        .execute(conn)?;
    write_values(conn, org_id, id.into(), &space, &req.fields)?;
    crate::privacy::settle_response_due(conn, &space, id.into(), None)?;
    let item = get(conn, org_id, id)?;
    let notified = crate::events::notifications::item_assigned(conn, org_id, actor, None, &item)?;
    events::record(
        conn,
        Change::new(org_id, Some(actor), SubjectKind::Item, id, Verb::Created)
            .after(&item)
            .notified(notified),
    )?;
    Ok(item)
}

/// Changes an item at `expected` version.
pub fn update(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    id: Uuid,
    expected: i64,
    req: &UpdateItem,
) -> StoreResult<Item> {
    let before = get(conn, org_id, id)?;
    let space = space_store::get(conn, org_id, before.space_id)?;
    if let Some(status) = req.status_id {
        workflow::check_status(&space.statuses, status).map_err(rule_of)?;
    }
    let assignee = req.assignee_id.unwrap_or(before.assignee_id);
    check_assignee(conn, org_id, assignee)?;
    if req.archived == Some(true)
        && before.archived_at.is_none()
        && crate::frameworks::soa::is_control(conn, org_id, id.into())?
    {
        return Err(StoreError::Conflict(
            "the item is a control of the Statement of Applicability: exclude it instead".into(),
        ));
    }
    let archived_at = archive_change(before.archived_at, req.archived);
    versioned::bump!(
        conn,
        update: items::table
            .filter(items::org_id.eq(org_id))
            .filter(items::id.eq(id.to_string())),
        version: items::version,
        expected: expected,
        set: (
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
        ),
        current: || Ok(get(conn, org_id, id)?.version),
    )?;
    write_values(conn, org_id, id.into(), &space, &req.fields)?;
    crate::privacy::settle_response_due(conn, &space, id.into(), Some(&before.fields))?;
    let mut merged = before.fields.clone();
    merged.extend(req.fields.clone());
    fields::check_required(&space.fields, &merged).map_err(rule_of)?;
    let after = get(conn, org_id, id)?;
    let verb = match (before.archived_at.is_some(), after.archived_at.is_some()) {
        (false, true) => Verb::Archived,
        (true, false) => Verb::Restored,
        _ if before.assignee_id != after.assignee_id => Verb::Reassigned,
        _ => Verb::Updated,
    };
    let notified = crate::events::notifications::item_assigned(
        conn,
        org_id,
        actor,
        before.assignee_id,
        &after,
    )?;
    events::record(
        conn,
        Change::new(org_id, Some(actor), SubjectKind::Item, id, verb)
            .before(&before)
            .after(&after)
            .notified(notified),
    )?;
    if !before.resolved && after.resolved && after.archived_at.is_none() {
        crate::work::recurrence::on_completed(conn, org_id, actor, &after)?;
    }
    Ok(after)
}

/// Deletes an item that has no children, with its values, at `expected` version.
pub fn delete(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
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
    if crate::frameworks::soa::is_control(conn, org_id, id.into())? {
        return Err(StoreError::Conflict(
            "the item is a control of the Statement of Applicability: exclude it instead".into(),
        ));
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
    for linked in crate::work::links::list(conn, org_id, id.into())? {
        crate::work::links::delete(conn, org_id, actor, id, linked.item_id)?;
    }
    crate::work::attachments::clear(conn, id.into())?;
    crate::work::collaboration::clear(conn, id.into())?;
    diesel::delete(item_values::table.filter(item_values::item_id.eq(id.to_string())))
        .execute(conn)?;
    versioned::remove!(
        conn,
        delete: items::table.filter(items::id.eq(id.to_string())),
        version: items::version,
        expected: expected,
        current: || Ok(get(conn, org_id, id)?.version),
    )?;
    events::record(
        conn,
        Change::new(org_id, Some(actor), SubjectKind::Item, id, Verb::Deleted).before(&before),
    )?;
    Ok(())
}

/// A project's live nodes with progress rolled up from activities to the top: one query for the nodes.
pub fn tree(conn: &mut DbConnection, org_id: OrgId, space_id: SpaceId) -> StoreResult<ProjectTree> {
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
            i64,
        ),
    );
    let rows: Vec<NodeRow> = items::table
        .left_join(space_statuses::table)
        .filter(items::org_id.eq(org_id))
        .filter(items::space_id.eq(space_id))
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
                items::position,
            ),
        ))
        .load(conn)?;
    let nodes: Vec<TreeNode> = rows
        .into_iter()
        .map(
            |(
                (id, parent, kind, number, title, status, resolved, assignee),
                (start, due, est, taken, progress, position),
            )| {
                Ok(TreeNode {
                    position,
                    id: uuid(&id)?,
                    parent_id: parent.as_deref().map(uuid).transpose()?,
                    kind: ItemKind::from_stored(&kind),
                    number,
                    label: rules::label(number, &title),
                    status,
                    resolved: resolved.unwrap_or(false),
                    assignee_id: assignee.as_deref().map(uuid).transpose()?,
                    start,
                    due,
                    days_estimated: est,
                    days_taken: taken,
                    progress,
                })
            },
        )
        .collect::<StoreResult<_>>()?;
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
        space_id: space_id.into(),
        progress: overall,
        nodes: depth_first(nodes),
    })
}
