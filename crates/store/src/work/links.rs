//! Linked work: undirected links between items of one organisation, listed from either end.

use crate::clock::{new_id, now, utc, uuid};
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::events::{self, Change};
use crate::schema::{items as items_table, links, space_statuses, spaces};
use crate::work::items;
use crate::work::search::{contains_pattern, lower};
use annex_domain::events::{SubjectKind, Verb};
use annex_domain::work::items::label;
use annex_domain::work::links::{ItemSummary, LinkedItem, ends};
use annex_domain::{ItemId, OrgId, UserId};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

type EndRow = (
    String,
    String,
    String,
    i64,
    String,
    Option<String>,
    Option<bool>,
    Option<String>,
);

/// Items of the organisation with their space and status, by id, in one query.
fn ends_of(
    conn: &mut DbConnection,
    org_id: OrgId,
    ids: &[String],
) -> StoreResult<HashMap<String, EndRow>> {
    let rows: Vec<EndRow> = items_table::table
        .inner_join(spaces::table)
        .left_join(space_statuses::table)
        .filter(items_table::org_id.eq(org_id))
        .filter(items_table::id.eq_any(ids))
        .select((
            items_table::id,
            items_table::space_id,
            spaces::name,
            items_table::number,
            items_table::title,
            space_statuses::name.nullable(),
            space_statuses::resolved.nullable(),
            items_table::assignee_id,
        ))
        .load(conn)?;
    Ok(rows.into_iter().map(|r| (r.0.clone(), r)).collect())
}

fn linked((link_id, linked_at): (String, NaiveDateTime), end: EndRow) -> StoreResult<LinkedItem> {
    let (id, space, space_name, number, title, status, resolved, assignee) = end;
    Ok(LinkedItem {
        link_id: uuid(&link_id)?,
        item_id: uuid(&id)?,
        space_id: uuid(&space)?,
        space_name,
        number,
        label: label(number, &title),
        status,
        resolved: resolved.unwrap_or(false),
        assignee_id: assignee.as_deref().map(uuid).transpose()?,
        linked_at: utc(linked_at),
    })
}

/// Everything linked to an item, oldest link first: two queries whatever the count.
pub fn list(conn: &mut DbConnection, org_id: OrgId, item: ItemId) -> StoreResult<Vec<LinkedItem>> {
    let me = item.to_string();
    let rows: Vec<(String, String, String, NaiveDateTime)> = links::table
        .filter(links::org_id.eq(org_id))
        .filter(links::a_id.eq(&me).or(links::b_id.eq(&me)))
        .order(links::id.asc())
        .select((links::id, links::a_id, links::b_id, links::created_at))
        .load(conn)?;
    let others: Vec<String> = rows
        .iter()
        .map(|(_, a, b, _)| if *a == me { b.clone() } else { a.clone() })
        .collect();
    let mut found = ends_of(conn, org_id, &others)?;
    rows.into_iter()
        .zip(others)
        .filter_map(|((id, _, _, at), other)| found.remove(&other).map(|end| linked((id, at), end)))
        .collect()
}

/// Links two items of the organisation; recorded on both. `NotFound` if either is not the organisation's.
pub fn create(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    from: Uuid,
    to: Uuid,
) -> StoreResult<LinkedItem> {
    let source = items::get(conn, org_id, from)?;
    let target = items::get(conn, org_id, to)?;
    let (a, b) = ends(from, to);
    let id = new_id();
    let at = now();
    diesel::insert_into(links::table)
        .values((
            links::id.eq(id.to_string()),
            links::org_id.eq(org_id),
            links::a_id.eq(a.to_string()),
            links::b_id.eq(b.to_string()),
            links::created_by.eq(Some(actor)),
            links::created_at.eq(at),
        ))
        .execute(conn)
        .map_err(|e| match StoreError::from(e) {
            StoreError::Conflict(_) => StoreError::Conflict(format!(
                "{} is already linked to {}",
                source.label, target.label
            )),
            other => other,
        })?;
    for (subject, other) in [(&source, &target), (&target, &source)] {
        events::record(
            conn,
            Change::new(
                org_id,
                Some(actor),
                SubjectKind::Item,
                subject.id,
                Verb::Linked,
            )
            .after(&serde_json::json!({ "item_id": other.id, "label": other.label })),
        )?;
    }
    let mut found = ends_of(conn, org_id, &[to.to_string()])?;
    found
        .remove(&to.to_string())
        .map(|end| linked((id.to_string(), at), end))
        .ok_or(StoreError::NotFound)?
}

/// Removes the link between two items; recorded on both.
pub fn delete(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    from: Uuid,
    to: Uuid,
) -> StoreResult<()> {
    let source = items::get(conn, org_id, from)?;
    let target = items::get(conn, org_id, to)?;
    let (a, b) = ends(from, to);
    let removed = diesel::delete(
        links::table
            .filter(links::org_id.eq(org_id))
            .filter(links::a_id.eq(a.to_string()))
            .filter(links::b_id.eq(b.to_string())),
    )
    .execute(conn)?;
    if removed == 0 {
        return Err(StoreError::NotFound);
    }
    for (subject, other) in [(&source, &target), (&target, &source)] {
        events::record(
            conn,
            Change::new(
                org_id,
                Some(actor),
                SubjectKind::Item,
                subject.id,
                Verb::Unlinked,
            )
            .before(&serde_json::json!({ "item_id": other.id, "label": other.label })),
        )?;
    }
    Ok(())
}

/// Live items of the whole organisation whose title or space name holds `q`, or whose number is `q`.
pub fn search(
    conn: &mut DbConnection,
    org_id: OrgId,
    q: &str,
    limit: i64,
) -> StoreResult<Vec<ItemSummary>> {
    let pattern = contains_pattern(q.trim());
    let mut query = items_table::table
        .inner_join(spaces::table)
        .left_join(space_statuses::table)
        .filter(items_table::org_id.eq(org_id))
        .filter(items_table::archived_at.is_null())
        .into_boxed();
    let by_text = lower(items_table::title)
        .like(pattern.clone())
        .escape('\\')
        .or(lower(spaces::name).like(pattern).escape('\\'));
    // A number typed in the picker finds the items of that number first, in every space.
    query = match q.trim().parse::<i64>() {
        Ok(number) => query
            .filter(by_text.or(items_table::number.eq(number)))
            .order(items_table::number.eq(number).desc()),
        Err(_) => query.filter(by_text),
    };
    let rows: Vec<(String, String, String, i64, String, Option<String>)> = query
        .select((
            items_table::id,
            items_table::space_id,
            spaces::name,
            items_table::number,
            items_table::title,
            space_statuses::name.nullable(),
        ))
        .then_order_by((spaces::name.asc(), items_table::number.asc()))
        .limit(limit)
        .load(conn)?;
    rows.into_iter()
        .map(|(id, space, space_name, number, title, status)| {
            Ok(ItemSummary {
                item_id: uuid(&id)?,
                space_id: uuid(&space)?,
                space_name,
                number,
                label: label(number, &title),
                status,
            })
        })
        .collect()
}
