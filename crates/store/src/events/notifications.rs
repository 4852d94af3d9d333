//! In-app notifications: written inside the transaction of the change that causes them, read and
//! marked only by their recipient.

use crate::clock::{new_id, now, utc, uuid};
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::events::notification_settings;
use crate::events::outbox::{self, NewMail};
use crate::schema::{items, memberships, notifications, organisations, users};
use annex_domain::events::mail::{Delivery, MailKind, notification_mail};
use annex_domain::events::notifications::{self as rules, Notification, NotificationKind};
use annex_domain::work::items::{Item, label};
use annex_domain::{Cursor, Page};
use annex_domain::{ItemId, OrgId, UserId};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

/// What a change tells people: its kind, the item it happened on, and the to-do or thread it names.
#[derive(Debug, Clone, Copy)]
pub struct Notice<'a> {
    pub kind: NotificationKind,
    pub item_id: ItemId,
    /// The to-do's description or the thread's title (empty for item assignments).
    pub subject: &'a str,
}

#[derive(Insertable)]
#[diesel(table_name = notifications)]
struct NewNotification {
    id: String,
    org_id: String,
    user_id: String,
    kind: String,
    item_id: String,
    actor_id: Option<String>,
    text: String,
    created_at: NaiveDateTime,
}

/// Notifies each active member among `recipients` once, never `actor` (none: Annex itself, for
/// reminders); returns how many were reached.
pub fn notify(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: Option<UserId>,
    recipients: &[Uuid],
    notice: Notice<'_>,
) -> StoreResult<i64> {
    let mut wanted: Vec<String> = recipients
        .iter()
        .filter(|r| actor.is_none_or(|a| **r != Uuid::from(a)))
        .map(Uuid::to_string)
        .collect();
    wanted.sort();
    wanted.dedup();
    if wanted.is_empty() {
        return Ok(0);
    }
    let org = org_id.to_string();
    let reached: Vec<String> = memberships::table
        .filter(memberships::org_id.eq(&org))
        .filter(memberships::active.eq(true))
        .filter(memberships::user_id.eq_any(&wanted))
        .select(memberships::user_id)
        .order(memberships::user_id.asc())
        .load(conn)?;
    if reached.is_empty() {
        return Ok(0);
    }
    let actor_name: String = match actor {
        Some(actor) => users::table
            .find(actor)
            .select(users::display_name)
            .first(conn)
            .optional()?
            .unwrap_or_else(|| "Someone".into()),
        None => "Annex".into(),
    };
    let (number, title): (i64, String) = items::table
        .filter(items::org_id.eq(&org))
        .filter(items::id.eq(notice.item_id.to_string()))
        .select((items::number, items::title))
        .first(conn)?;
    let text = rules::text(
        notice.kind,
        &actor_name,
        &label(number, &title),
        notice.subject,
    );
    let at = now();
    let rows: Vec<NewNotification> = reached
        .iter()
        .map(|user| NewNotification {
            id: new_id().to_string(),
            org_id: org.clone(),
            user_id: user.clone(),
            kind: notice.kind.as_str().to_owned(),
            item_id: notice.item_id.to_string(),
            actor_id: actor.map(|a| a.to_string()),
            text: text.clone(),
            created_at: at,
        })
        .collect();
    // One statement per recipient: the multi-backend connection has no portable batch insert,
    // and a change reaches a handful of people at most (a thread's participants).
    let mut written = 0;
    for row in &rows {
        written += diesel::insert_into(notifications::table)
            .values(row)
            .execute(conn)?;
    }
    mail_at_once(conn, org_id, &reached, notice, &text, at)?;
    Ok(i64::try_from(written).unwrap_or(i64::MAX))
}

/// Queues a mail to each of `reached` who hears of `notice`'s kind immediately.
fn mail_at_once(
    conn: &mut DbConnection,
    org_id: OrgId,
    reached: &[String],
    notice: Notice<'_>,
    text: &str,
    at: NaiveDateTime,
) -> StoreResult<()> {
    let deliveries = notification_settings::deliveries(conn, org_id, reached, notice.kind)?;
    let now_wanted: Vec<&String> = reached
        .iter()
        .filter(|u| deliveries.get(*u) == Some(&Delivery::Immediately))
        .collect();
    if now_wanted.is_empty() {
        return Ok(());
    }
    let organisation: String = organisations::table
        .find(org_id.to_string())
        .select(organisations::name)
        .first(conn)?;
    let people: Vec<(String, String, String)> = users::table
        .filter(users::id.eq_any(&now_wanted))
        .select((users::id, users::email, users::display_name))
        .order(users::id.asc())
        .load(conn)?;
    for (user, email, name) in people {
        let (subject, body) = notification_mail(
            &organisation,
            &name,
            notice.kind,
            notice.item_id.into(),
            text,
        );
        outbox::enqueue(
            conn,
            org_id,
            &NewMail {
                kind: MailKind::Notification,
                user_id: Some(uuid(&user)?),
                recipient: &email,
                subject: &subject,
                body: &body,
            },
            at,
        )?;
    }
    Ok(())
}

/// Notifies an item's new assignee, if the change (creation when `before` is `None`) made someone
/// else assignee; returns how many were reached (0 or 1).
pub fn item_assigned(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    before: Option<Uuid>,
    item: &Item,
) -> StoreResult<i64> {
    match item.assignee_id {
        Some(assignee) if item.assignee_id != before => notify(
            conn,
            org_id,
            Some(actor),
            &[assignee],
            Notice {
                kind: NotificationKind::ItemAssigned,
                item_id: item.id.into(),
                subject: "",
            },
        ),
        _ => Ok(0),
    }
}

type NotificationRow = (
    (String, String, String, String, Option<String>),
    (i64, String),
    (Option<String>, String, NaiveDateTime, Option<NaiveDateTime>),
);

/// A stored notification; `None` for a kind this version no longer shows.
fn to_notification(row: NotificationRow) -> StoreResult<Option<Notification>> {
    let ((id, kind, item, space, actor), (number, title), (actor_name, text, at, read)) = row;
    let Some(kind) = NotificationKind::from_stored(&kind) else {
        return Ok(None);
    };
    Ok(Some(Notification {
        id: uuid(&id)?,
        kind,
        item_id: uuid(&item)?,
        item_label: label(number, &title),
        space_id: uuid(&space)?,
        actor_id: actor.as_deref().map(uuid).transpose()?,
        actor_name,
        text,
        created_at: utc(at),
        read_at: read.map(utc),
    }))
}

macro_rules! notification_columns {
    () => {
        (
            (
                notifications::id,
                notifications::kind,
                notifications::item_id,
                items::space_id,
                notifications::actor_id,
            ),
            (items::number, items::title),
            (
                users::display_name.nullable(),
                notifications::text,
                notifications::created_at,
                notifications::read_at,
            ),
        )
    };
}

/// One page of `user`'s notifications, newest first: two queries whatever the page size.
pub fn list(
    conn: &mut DbConnection,
    org_id: OrgId,
    user: UserId,
    unread_only: bool,
    limit: i64,
    after: Option<&Cursor>,
) -> StoreResult<Page<Notification>> {
    let (org, user) = (org_id.to_string(), user.to_string());
    let mine = || {
        let mut q = notifications::table
            .inner_join(items::table.on(items::id.eq(notifications::item_id)))
            .left_join(users::table.on(notifications::actor_id.eq(users::id.nullable())))
            .filter(notifications::org_id.eq(org.clone()))
            .filter(notifications::user_id.eq(user.clone()))
            .into_boxed();
        if unread_only {
            q = q.filter(notifications::read_at.is_null());
        }
        q
    };
    let total: i64 = mine().count().get_result(conn)?;
    let mut page = mine();
    if let Some(cursor) = after {
        // UUIDv7 ids sort by time, so the id alone is the key.
        page = page.filter(notifications::id.lt(cursor.id.to_string()));
    }
    let rows: Vec<NotificationRow> = page
        .select(notification_columns!())
        .order(notifications::id.desc())
        .limit(limit + 1)
        .load(conn)?;
    let data = rows
        .into_iter()
        .filter_map(|row| to_notification(row).transpose())
        .collect::<StoreResult<_>>()?;
    Ok(Page::from_rows(data, limit, total, |n: &Notification| {
        Cursor {
            key: String::new(),
            id: n.id,
        }
    }))
}

/// One of `user`'s notifications; `NotFound` for anyone else's.
pub fn get(
    conn: &mut DbConnection,
    org_id: OrgId,
    user: UserId,
    id: Uuid,
) -> StoreResult<Notification> {
    let row: NotificationRow = notifications::table
        .inner_join(items::table.on(items::id.eq(notifications::item_id)))
        .left_join(users::table.on(notifications::actor_id.eq(users::id.nullable())))
        .filter(notifications::org_id.eq(org_id))
        .filter(notifications::user_id.eq(user))
        .filter(notifications::id.eq(id.to_string()))
        .select(notification_columns!())
        .first(conn)?;
    to_notification(row)?.ok_or(StoreError::NotFound)
}

/// How many of `user`'s notifications are unread: one query.
pub fn unread_count(conn: &mut DbConnection, org_id: OrgId, user: UserId) -> StoreResult<i64> {
    Ok(notifications::table
        .filter(notifications::org_id.eq(org_id))
        .filter(notifications::user_id.eq(user))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)?)
}

/// Marks one of `user`'s notifications read (keeping the first time it was read).
pub fn mark_read(
    conn: &mut DbConnection,
    org_id: OrgId,
    user: UserId,
    id: Uuid,
) -> StoreResult<Notification> {
    let found = get(conn, org_id, user, id)?;
    if found.read_at.is_none() {
        diesel::update(
            notifications::table
                .filter(notifications::org_id.eq(org_id))
                .filter(notifications::user_id.eq(user))
                .filter(notifications::id.eq(id.to_string()))
                .filter(notifications::read_at.is_null()),
        )
        .set(notifications::read_at.eq(Some(now())))
        .execute(conn)?;
    }
    get(conn, org_id, user, id)
}

/// Marks every unread notification of `user` read; returns how many it marked.
pub fn mark_all_read(conn: &mut DbConnection, org_id: OrgId, user: UserId) -> StoreResult<i64> {
    let marked = diesel::update(
        notifications::table
            .filter(notifications::org_id.eq(org_id))
            .filter(notifications::user_id.eq(user))
            .filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(Some(now())))
    .execute(conn)?;
    Ok(i64::try_from(marked).unwrap_or(i64::MAX))
}

/// Removes the notifications about an item that is being deleted.
pub fn clear(conn: &mut DbConnection, item: ItemId) -> StoreResult<()> {
    diesel::delete(notifications::table.filter(notifications::item_id.eq(item))).execute(conn)?;
    Ok(())
}
