//! Reminders from dates: an open item with a due date and an assignee reminds the assignee when
//! the date comes within the organisation's lead (`reminder_days`, default 3) and again once it is
//! past. Each is a notification from Annex itself (so it reaches the person by mail per their
//! settings), produced once per occasion: the key of `reminders_sent` (item, kind, due date) lets
//! one node or run write it, and a changed due date is a new occasion.

use crate::clock::uuid;
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::events::notifications::{self, Notice};
use crate::events::{self, Change};
use crate::schema::{items, organisations, reminders_sent, space_statuses, spaces};
use crate::transaction;
use annex_domain::events::notifications::NotificationKind;
use annex_domain::events::{SubjectKind, Verb};
use annex_domain::{OrgId, UserId};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use uuid::Uuid;

/// The longest lead an organisation may choose, in days.
pub const MAX_DAYS: i32 = 60;

/// What a reminder run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReminderRun {
    pub due_soon: usize,
    pub overdue: usize,
}

/// How many days before an item's due date its assignee is reminded.
pub fn lead_days(conn: &mut DbConnection, org_id: OrgId) -> StoreResult<i32> {
    Ok(organisations::table
        .find(org_id.to_string())
        .select(organisations::reminder_days)
        .first(conn)?)
}

/// Sets the lead (0–60 days; 0 reminds on the day itself), recorded as `actor`'s change of the
/// organisation's settings.
pub fn set_lead_days(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    days: i32,
) -> StoreResult<()> {
    if !(0..=MAX_DAYS).contains(&days) {
        return Err(StoreError::field(
            "reminder_days",
            format!("must be 0 to {MAX_DAYS} days"),
        ));
    }
    let before = lead_days(conn, org_id)?;
    diesel::update(organisations::table.find(org_id.to_string()))
        .set(organisations::reminder_days.eq(days))
        .execute(conn)?;
    events::record(
        conn,
        Change::new(
            org_id,
            Some(actor),
            SubjectKind::Organisation,
            Uuid::from(org_id),
            Verb::SettingsChanged,
        )
        .before(&serde_json::json!({ "reminder_days": before }))
        .after(&serde_json::json!({ "reminder_days": days })),
    )
}

/// Items past their due date by more than this are not reminded of any more (on an upgrade, a
/// backlog of long-overdue items does not flood their assignees).
pub const OVERDUE_WINDOW_DAYS: i64 = 30;

/// The open, assigned items of the organisation due from `from` to `to` that have had no reminder
/// of `kind` for that due date: (item, assignee, due date).
fn unreminded(
    conn: &mut DbConnection,
    org: &str,
    kind: NotificationKind,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<Vec<(String, String, NaiveDate)>> {
    let given = reminders_sent::table
        .filter(reminders_sent::item_id.eq(items::id))
        .filter(reminders_sent::kind.eq(kind.as_str()))
        .filter(reminders_sent::due_on.nullable().eq(items::due_date));
    Ok(items::table
        .inner_join(spaces::table.on(spaces::id.eq(items::space_id)))
        .left_join(space_statuses::table.on(space_statuses::id.nullable().eq(items::status_id)))
        .filter(items::org_id.eq(org))
        .filter(items::archived_at.is_null())
        .filter(spaces::archived_at.is_null())
        .filter(items::assignee_id.is_not_null())
        .filter(items::due_date.between(from, to))
        .filter(
            space_statuses::resolved
                .nullable()
                .eq(false)
                .or(space_statuses::resolved.nullable().is_null()),
        )
        .filter(diesel::dsl::not(diesel::dsl::exists(given)))
        .select((
            items::id,
            items::assignee_id.assume_not_null(),
            items::due_date.assume_not_null(),
        ))
        .order(items::id.asc())
        .load(conn)?)
}

/// Gives every reminder due at `at` that was not given yet; each commits on its own.
pub fn queue_due(conn: &mut DbConnection, at: NaiveDateTime) -> StoreResult<ReminderRun> {
    let today = at.date();
    let orgs: Vec<(String, i32)> = organisations::table
        .select((organisations::id, organisations::reminder_days))
        .load(conn)?;
    let mut run = ReminderRun::default();
    for (org, lead) in orgs {
        let org_id: OrgId = uuid(&org)?.into();
        let day = chrono::Duration::days(1);
        let soon = unreminded(
            conn,
            &org,
            NotificationKind::ItemDueSoon,
            today,
            today + chrono::Duration::days(i64::from(lead)),
        )?;
        let late = unreminded(
            conn,
            &org,
            NotificationKind::ItemOverdue,
            today - chrono::Duration::days(OVERDUE_WINDOW_DAYS),
            today - day,
        )?;
        for (kind, found) in [
            (NotificationKind::ItemDueSoon, soon),
            (NotificationKind::ItemOverdue, late),
        ] {
            for (item, assignee, due) in found {
                let reminder = Reminder {
                    org_id,
                    item: &item,
                    assignee: &assignee,
                    kind,
                    due,
                };
                match transaction::write(conn, |conn| give(conn, &reminder, at)) {
                    Ok(()) if kind == NotificationKind::ItemOverdue => run.overdue += 1,
                    Ok(()) => run.due_soon += 1,
                    // Another node gave it between the look and the insert.
                    Err(StoreError::Conflict(_)) => {}
                    Err(e) => return Err(e),
                }
            }
        }
    }
    Ok(run)
}

/// One reminder to give.
struct Reminder<'a> {
    org_id: OrgId,
    item: &'a str,
    assignee: &'a str,
    kind: NotificationKind,
    due: NaiveDate,
}

/// Records the occasion and notifies the assignee, in one transaction.
fn give(conn: &mut DbConnection, reminder: &Reminder<'_>, at: NaiveDateTime) -> StoreResult<()> {
    diesel::insert_into(reminders_sent::table)
        .values((
            reminders_sent::org_id.eq(reminder.org_id.to_string()),
            reminders_sent::item_id.eq(reminder.item),
            reminders_sent::kind.eq(reminder.kind.as_str()),
            reminders_sent::due_on.eq(reminder.due),
            reminders_sent::sent_at.eq(at),
        ))
        .execute(conn)?;
    let date = reminder.due.format("%-d %b %Y").to_string();
    notifications::notify(
        conn,
        reminder.org_id,
        None,
        &[uuid(reminder.assignee)?],
        Notice {
            kind: reminder.kind,
            item_id: uuid(reminder.item)?.into(),
            subject: &date,
        },
    )?;
    Ok(())
}
