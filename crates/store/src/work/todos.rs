//! To-dos of an item, each change recorded on the item and notifying whom it concerns.

use crate::clock::{new_id, now, utc, uuid};
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::events::notifications::{self, Notice};
use crate::events::{self, Change};
use crate::schema::{item_todos, memberships, users};
use crate::versioned;
use annex_domain::events::notifications::NotificationKind;
use annex_domain::events::{SubjectKind, Verb};
use annex_domain::work::todos::{CreateTodo, Todo, UpdateTodo};
use annex_domain::{ItemId, OrgId, UserId};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use uuid::Uuid;

diesel::alias!(users as assignees: Assignees, users as setters: Setters);

type TodoRow = (
    (String, String, String, Option<String>, Option<String>),
    (Option<String>, Option<String>, Option<NaiveDate>),
    (
        Option<NaiveDateTime>,
        Option<String>,
        NaiveDateTime,
        NaiveDateTime,
    ),
    (i64, i64),
);

fn to_todo(row: TodoRow) -> StoreResult<Todo> {
    let (
        (id, item, description, assignee, assignee_name),
        (set_by, set_by_name, due),
        (done_at, done_by, created, updated),
        (notified, version),
    ) = row;
    Ok(Todo {
        id: uuid(&id)?,
        item_id: uuid(&item)?,
        description,
        assignee_id: assignee.as_deref().map(uuid).transpose()?,
        assignee_name,
        set_by: set_by.as_deref().map(uuid).transpose()?,
        set_by_name,
        due,
        done: done_at.is_some(),
        done_at: done_at.map(utc),
        done_by: done_by.as_deref().map(uuid).transpose()?,
        created_at: utc(created),
        updated_at: utc(updated),
        notified,
        version,
    })
}

macro_rules! todo_query {
    () => {
        item_todos::table
            .left_join(
                assignees.on(item_todos::assignee_id.eq(assignees.field(users::id).nullable())),
            )
            .left_join(setters.on(item_todos::set_by.eq(setters.field(users::id).nullable())))
            .select((
                (
                    item_todos::id,
                    item_todos::item_id,
                    item_todos::description,
                    item_todos::assignee_id,
                    assignees.field(users::display_name).nullable(),
                ),
                (
                    item_todos::set_by,
                    setters.field(users::display_name).nullable(),
                    item_todos::due_date,
                ),
                (
                    item_todos::done_at,
                    item_todos::done_by,
                    item_todos::created_at,
                    item_todos::updated_at,
                ),
                (item_todos::notified, item_todos::version),
            ))
    };
}

/// The to-dos of an item: open ones first, then done ones, each oldest first; one query.
pub fn list(conn: &mut DbConnection, org_id: OrgId, item: ItemId) -> StoreResult<Vec<Todo>> {
    let rows: Vec<TodoRow> = todo_query!()
        .filter(item_todos::org_id.eq(org_id))
        .filter(item_todos::item_id.eq(item))
        .order(item_todos::id.asc())
        .load(conn)?;
    let mut todos: Vec<Todo> = rows.into_iter().map(to_todo).collect::<StoreResult<_>>()?;
    todos.sort_by_key(|t| t.done);
    Ok(todos)
}

/// One to-do of the organisation.
pub fn get(conn: &mut DbConnection, org_id: OrgId, id: Uuid) -> StoreResult<Todo> {
    todo_query!()
        .filter(item_todos::org_id.eq(org_id))
        .filter(item_todos::id.eq(id.to_string()))
        .first::<TodoRow>(conn)
        .map_err(StoreError::from)
        .and_then(to_todo)
}

fn check_assignee(
    conn: &mut DbConnection,
    org_id: OrgId,
    assignee: Option<Uuid>,
) -> StoreResult<()> {
    let Some(user) = assignee else {
        return Ok(());
    };
    let found: i64 = memberships::table
        .filter(memberships::org_id.eq(org_id))
        .filter(memberships::user_id.eq(user.to_string()))
        .filter(memberships::active.eq(true))
        .count()
        .get_result(conn)?;
    if found == 0 {
        return Err(StoreError::rule(
            "the assignee must be a member of this organisation",
        ));
    }
    Ok(())
}

fn notify_assignee(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    item: ItemId,
    assignee: Option<Uuid>,
    description: &str,
) -> StoreResult<i64> {
    match assignee {
        Some(user) => notifications::notify(
            conn,
            org_id,
            Some(actor),
            &[user],
            Notice {
                kind: NotificationKind::TodoAssigned,
                item_id: item,
                subject: description,
            },
        ),
        None => Ok(0),
    }
}

/// Sets a to-do on an item (the item is checked by the caller) and notifies its assignee.
pub fn add(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    item: ItemId,
    req: &CreateTodo,
) -> StoreResult<Todo> {
    check_assignee(conn, org_id, req.assignee_id)?;
    let description = req.description.trim();
    if description.is_empty() {
        return Err(StoreError::rule("the description cannot be blank"));
    }
    let notified = notify_assignee(conn, org_id, actor, item, req.assignee_id, description)?;
    let id = new_id();
    let at = now();
    diesel::insert_into(item_todos::table)
        .values((
            item_todos::id.eq(id.to_string()),
            item_todos::org_id.eq(org_id),
            item_todos::item_id.eq(item),
            item_todos::description.eq(description),
            item_todos::assignee_id.eq(req.assignee_id.map(|a| a.to_string())),
            item_todos::set_by.eq(Some(actor)),
            item_todos::due_date.eq(req.due),
            item_todos::created_at.eq(at),
            item_todos::updated_at.eq(at),
            item_todos::notified.eq(notified),
            item_todos::version.eq(1_i64),
        ))
        .execute(conn)?;
    let created = get(conn, org_id, id)?;
    events::record(
        conn,
        Change::new(
            org_id,
            Some(actor),
            SubjectKind::Item,
            item,
            Verb::TodoAdded,
        )
        .after(&created)
        .notified(notified),
    )?;
    Ok(created)
}

/// Changes a to-do at `expected` version, notifying a new assignee, and the setter when someone
/// else marks it done.
pub fn update(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    id: Uuid,
    expected: i64,
    req: &UpdateTodo,
) -> StoreResult<Todo> {
    let before = get(conn, org_id, id)?;
    if before.version != expected {
        return Err(StoreError::Stale {
            expected,
            current: before.version,
        });
    }
    let assignee = req.assignee_id.unwrap_or(before.assignee_id);
    if assignee != before.assignee_id {
        check_assignee(conn, org_id, assignee)?;
    }
    let description = req
        .description
        .as_deref()
        .map(str::trim)
        .unwrap_or(&before.description)
        .to_owned();
    if description.is_empty() {
        return Err(StoreError::rule("the description cannot be blank"));
    }
    let done = req.done.unwrap_or(before.done);
    let at = now();
    let (done_at, done_by) = match (before.done, done) {
        (false, true) => (Some(at), Some(actor.uuid())),
        (true, true) => (before.done_at.map(|d| d.naive_utc()), before.done_by),
        (_, false) => (None, None),
    };
    let completed = !before.done && done;
    let mut notified = 0;
    if assignee != before.assignee_id {
        notified += notify_assignee(
            conn,
            org_id,
            actor,
            before.item_id.into(),
            assignee,
            &description,
        )?;
    }
    if completed && let Some(setter) = before.set_by {
        notified += notifications::notify(
            conn,
            org_id,
            Some(actor),
            &[setter],
            Notice {
                kind: NotificationKind::TodoCompleted,
                item_id: before.item_id.into(),
                subject: &description,
            },
        )?;
    }
    versioned::bump!(
        conn,
        update: item_todos::table
            .filter(item_todos::org_id.eq(org_id))
            .filter(item_todos::id.eq(id.to_string())),
        version: item_todos::version,
        expected: expected,
        set: (
            item_todos::description.eq(&description),
            item_todos::assignee_id.eq(assignee.map(|a| a.to_string())),
            item_todos::due_date.eq(req.due.unwrap_or(before.due)),
            item_todos::done_at.eq(done_at),
            item_todos::done_by.eq(done_by.map(|d| d.to_string())),
            item_todos::updated_at.eq(at),
            item_todos::notified.eq(notified),
        ),
        current: || Ok(get(conn, org_id, id)?.version),
    )?;
    let after = get(conn, org_id, id)?;
    let verb = match (before.done, after.done) {
        (false, true) => Verb::TodoCompleted,
        (true, false) => Verb::TodoReopened,
        _ => Verb::TodoEdited,
    };
    events::record(
        conn,
        Change::new(org_id, Some(actor), SubjectKind::Item, before.item_id, verb)
            .before(&before)
            .after(&after)
            .notified(notified),
    )?;
    Ok(after)
}

/// Deletes a to-do at `expected` version.
pub fn delete(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    id: Uuid,
    expected: i64,
) -> StoreResult<()> {
    let before = get(conn, org_id, id)?;
    versioned::remove!(
        conn,
        delete: item_todos::table
            .filter(item_todos::org_id.eq(org_id))
            .filter(item_todos::id.eq(id.to_string())),
        version: item_todos::version,
        expected: expected,
        current: || Ok(before.version),
    )?;
    events::record(
        conn,
        Change::new(
            org_id,
            Some(actor),
            SubjectKind::Item,
            before.item_id,
            Verb::TodoDeleted,
        )
        .before(&before),
    )?;
    Ok(())
}

/// Removes every to-do of an item that is being deleted.
pub fn clear(conn: &mut DbConnection, item: ItemId) -> StoreResult<()> {
    diesel::delete(item_todos::table.filter(item_todos::item_id.eq(item))).execute(conn)?;
    Ok(())
}
