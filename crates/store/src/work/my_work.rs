//! "My work": a person's open items and to-dos across every live space of the organisation,
//! in two queries whatever their number.

use crate::clock::uuid;
use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::{item_todos, items, space_statuses, spaces, users};
use annex_domain::work::items::label;
use annex_domain::work::my_work::{MyItem, MyTodo, MyWork};
use annex_domain::work::todos::is_overdue;
use annex_domain::{OrgId, UserId};
use chrono::NaiveDate;
use diesel::prelude::*;

/// Soonest due first, undated last; ties by label.
fn by_due<T>(
    due: impl Fn(&T) -> Option<NaiveDate>,
    name: impl Fn(&T) -> String,
) -> impl Fn(&T, &T) -> std::cmp::Ordering {
    move |a, b| (due(a).is_none(), due(a), name(a)).cmp(&(due(b).is_none(), due(b), name(b)))
}

/// The open items and to-dos assigned to `user`, with what is overdue on `today`.
pub fn of(
    conn: &mut DbConnection,
    org_id: OrgId,
    user: UserId,
    today: NaiveDate,
) -> StoreResult<MyWork> {
    let (org, me) = (org_id.to_string(), user.to_string());
    type ItemRow = (
        String,
        String,
        String,
        i64,
        String,
        Option<String>,
        Option<NaiveDate>,
        i64,
    );
    let item_rows: Vec<ItemRow> = items::table
        .inner_join(spaces::table.on(spaces::id.eq(items::space_id)))
        .left_join(space_statuses::table.on(space_statuses::id.nullable().eq(items::status_id)))
        .filter(items::org_id.eq(&org))
        .filter(items::assignee_id.eq(&me))
        .filter(items::archived_at.is_null())
        .filter(spaces::archived_at.is_null())
        .filter(
            space_statuses::resolved
                .nullable()
                .eq(false)
                .or(space_statuses::resolved.nullable().is_null()),
        )
        .select((
            items::id,
            items::space_id,
            spaces::name,
            items::number,
            items::title,
            space_statuses::name.nullable(),
            items::due_date,
            items::version,
        ))
        .load(conn)?;
    let mut my_items: Vec<MyItem> = item_rows
        .into_iter()
        .map(
            |(id, space, space_name, number, title, status, due, version)| {
                Ok(MyItem {
                    id: uuid(&id)?,
                    space_id: uuid(&space)?,
                    space_name,
                    label: label(number, &title),
                    status,
                    due,
                    overdue: is_overdue(due, false, today),
                    version,
                })
            },
        )
        .collect::<StoreResult<_>>()?;
    my_items.sort_by(by_due(|i: &MyItem| i.due, |i| i.label.clone()));

    type TodoRow = (
        (String, String, Option<NaiveDate>, Option<String>, i64),
        (String, i64, String, String, String),
    );
    let todo_rows: Vec<TodoRow> = item_todos::table
        .inner_join(items::table.on(items::id.eq(item_todos::item_id)))
        .inner_join(spaces::table.on(spaces::id.eq(items::space_id)))
        .left_join(users::table.on(item_todos::set_by.eq(users::id.nullable())))
        .filter(item_todos::org_id.eq(&org))
        .filter(item_todos::assignee_id.eq(&me))
        .filter(item_todos::done_at.is_null())
        .filter(items::archived_at.is_null())
        .filter(spaces::archived_at.is_null())
        .select((
            (
                item_todos::id,
                item_todos::description,
                item_todos::due_date,
                users::display_name.nullable(),
                item_todos::version,
            ),
            (
                items::id,
                items::number,
                items::title,
                items::space_id,
                spaces::name,
            ),
        ))
        .load(conn)?;
    let mut my_todos: Vec<MyTodo> = todo_rows
        .into_iter()
        .map(
            |(
                (id, description, due, set_by_name, version),
                (item, number, title, space, space_name),
            )| {
                Ok(MyTodo {
                    id: uuid(&id)?,
                    description,
                    due,
                    overdue: is_overdue(due, false, today),
                    set_by_name,
                    item_id: uuid(&item)?,
                    item_label: label(number, &title),
                    space_id: uuid(&space)?,
                    space_name,
                    version,
                })
            },
        )
        .collect::<StoreResult<_>>()?;
    my_todos.sort_by(by_due(|t: &MyTodo| t.due, |t| t.item_label.clone()));
    Ok(MyWork::new(today, my_items, my_todos))
}
