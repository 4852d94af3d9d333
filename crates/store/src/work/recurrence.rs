//! Recurring items: the rule of an item that repeats, set and cleared by editors, listed in its
//! space's settings; completing the item (moving it to a resolved status) creates the next one in
//! the same transaction — same space, title, description, assignee, custom fields and links,
//! due on the rule's next date, at the space's first status — and moves the rule to it.

use crate::clock::{now, uuid};
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::events::{self, Change};
use crate::schema::{item_recurrences, items};
use crate::work::{items as item_store, links};
use annex_domain::events::{SubjectKind, Verb};
use annex_domain::work::items::{CreateItem, Item, label};
use annex_domain::work::recurrence::{Recurrence, RecurringItem};
use annex_domain::{ItemId, OrgId, SpaceId, UserId};
use chrono::NaiveDate;
use diesel::prelude::*;
use uuid::Uuid;

fn parse(rule: &str) -> StoreResult<Recurrence> {
    serde_json::from_str(rule)
        .map_err(|e| StoreError::Corrupt(format!("recurrence rule {rule:?}: {e}")))
}

/// How the item repeats, if it does.
pub fn get(
    conn: &mut DbConnection,
    org_id: OrgId,
    item: ItemId,
) -> StoreResult<Option<Recurrence>> {
    item_store::get(conn, org_id, item.into())?;
    item_recurrences::table
        .filter(item_recurrences::org_id.eq(org_id.to_string()))
        .filter(item_recurrences::item_id.eq(item.to_string()))
        .select(item_recurrences::rule)
        .first::<String>(conn)
        .optional()?
        .map(|rule| parse(&rule))
        .transpose()
}

/// The item as its space's list of recurring items shows it.
fn listed(item: &Item, rule: Recurrence) -> RecurringItem {
    RecurringItem {
        item_id: item.id,
        label: item.label.clone(),
        rule,
        description: rule.describe(),
        due: item.due,
        next_due: item.due.map(|due| rule.next_due(due)),
    }
}

/// Sets (or changes) how the item repeats, recorded as `actor`'s change of the item.
pub fn set(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    item: ItemId,
    rule: Recurrence,
) -> StoreResult<RecurringItem> {
    let rule = rule
        .check()
        .map_err(|e| StoreError::field(format!("rule.{}", e.field()), e.to_string()))?;
    let found = item_store::get(conn, org_id, item.into())?;
    if found.archived_at.is_some() {
        return Err(StoreError::rule(
            "the item is archived: restore it to make it repeat",
        ));
    }
    let before = get(conn, org_id, item)?;
    let text = serde_json::to_string(&rule)
        .map_err(|e| StoreError::Corrupt(format!("recurrence rule: {e}")))?;
    let mine = item_recurrences::table
        .filter(item_recurrences::org_id.eq(org_id.to_string()))
        .filter(item_recurrences::item_id.eq(item.to_string()));
    if diesel::update(mine)
        .set(item_recurrences::rule.eq(&text))
        .execute(conn)?
        == 0
    {
        diesel::insert_into(item_recurrences::table)
            .values((
                item_recurrences::item_id.eq(item.to_string()),
                item_recurrences::org_id.eq(org_id.to_string()),
                item_recurrences::rule.eq(&text),
                item_recurrences::created_at.eq(now()),
            ))
            .execute(conn)?;
    }
    let shown = listed(&found, rule);
    events::record(
        conn,
        Change::new(
            org_id,
            Some(actor),
            SubjectKind::Item,
            Uuid::from(item),
            Verb::RecurrenceSet,
        )
        .before(&before.map(|r| listed(&found, r)))
        .after(&shown),
    )?;
    Ok(shown)
}

/// Stops the item repeating; `NotFound` if it did not.
pub fn clear(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    item: ItemId,
) -> StoreResult<()> {
    let found = item_store::get(conn, org_id, item.into())?;
    let Some(rule) = get(conn, org_id, item)? else {
        return Err(StoreError::NotFound);
    };
    diesel::delete(
        item_recurrences::table
            .filter(item_recurrences::org_id.eq(org_id.to_string()))
            .filter(item_recurrences::item_id.eq(item.to_string())),
    )
    .execute(conn)?;
    events::record(
        conn,
        Change::new(
            org_id,
            Some(actor),
            SubjectKind::Item,
            Uuid::from(item),
            Verb::RecurrenceCleared,
        )
        .before(&listed(&found, rule)),
    )
}

/// The recurring items of a space, by number.
pub fn in_space(
    conn: &mut DbConnection,
    org_id: OrgId,
    space: SpaceId,
) -> StoreResult<Vec<RecurringItem>> {
    let rows: Vec<(String, i64, String, Option<NaiveDate>, String)> = item_recurrences::table
        .inner_join(items::table.on(items::id.eq(item_recurrences::item_id)))
        .filter(item_recurrences::org_id.eq(org_id.to_string()))
        .filter(items::space_id.eq(space.to_string()))
        .filter(items::archived_at.is_null())
        .select((
            items::id,
            items::number,
            items::title,
            items::due_date,
            item_recurrences::rule,
        ))
        .order(items::number.asc())
        .load(conn)?;
    rows.into_iter()
        .map(|(id, number, title, due, rule)| {
            let rule = parse(&rule)?;
            Ok(RecurringItem {
                item_id: uuid(&id)?,
                label: label(number, &title),
                rule,
                description: rule.describe(),
                due,
                next_due: due.map(|d| rule.next_due(d)),
            })
        })
        .collect()
}

/// After `item` was completed: if it repeats, creates its next occurrence and moves the rule to
/// it; returns the new item.
pub fn on_completed(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    item: &Item,
) -> StoreResult<Option<Item>> {
    let Some(rule) = get(conn, org_id, item.id.into())? else {
        return Ok(None);
    };
    // Without a due date, the next one is a step after the day it was completed.
    let due = rule.next_due(item.due.unwrap_or_else(|| now().date()));
    let start = match (item.start, item.due) {
        (Some(start), Some(old_due)) => Some(due - (old_due - start)),
        _ => None,
    };
    let next = item_store::create(
        conn,
        org_id,
        actor,
        item.space_id.into(),
        &CreateItem {
            kind: Some(item.kind),
            parent_id: item.parent_id,
            title: item.title.clone(),
            description: item.description.clone(),
            status_id: None,
            assignee_id: item.assignee_id,
            start,
            due: Some(due),
            days_estimated: item.days_estimated,
            days_taken: None,
            fields: item.fields.clone(),
            ..Default::default()
        },
    )?;
    for linked in links::list(conn, org_id, item.id.into())? {
        links::create(conn, org_id, actor, next.id, linked.item_id)?;
    }
    diesel::update(
        item_recurrences::table
            .filter(item_recurrences::org_id.eq(org_id.to_string()))
            .filter(item_recurrences::item_id.eq(item.id.to_string())),
    )
    .set(item_recurrences::item_id.eq(next.id.to_string()))
    .execute(conn)?;
    events::record(
        conn,
        Change::new(
            org_id,
            Some(actor),
            SubjectKind::Item,
            item.id,
            Verb::Recurred,
        )
        .after(&serde_json::json!({
            "next_id": next.id,
            "label": next.label,
            "due": due,
            "rule": rule.describe(),
        })),
    )?;
    Ok(Some(next))
}
