//! The append-only event log: recorded inside each write's transaction, read as the audit trail.

use annex_domain::{OrgId, UserId};
pub mod digests;
pub mod mails;
pub mod notification_settings;
pub mod notifications;
pub mod outbox;
pub mod reminders;

use crate::clock::{new_id, now, utc, uuid};
use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::{events, users};
use annex_domain::events::{Event, EventFilter, SubjectKind, Verb};
use annex_domain::{Cursor, Page};
use diesel::prelude::*;
use serde::Serialize;
use uuid::Uuid;

/// A change about to be recorded: who did what to which record, and the record before and after.
#[derive(Debug, Clone)]
pub struct Change {
    pub org_id: OrgId,
    pub actor_id: Option<UserId>,
    pub subject_kind: SubjectKind,
    pub subject_id: Uuid,
    pub verb: Verb,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    /// How many people the change notified; `None` for changes that never notify.
    pub notified: Option<i64>,
}

impl Change {
    /// A change with no before/after snapshots yet.
    pub fn new(
        org_id: OrgId,
        actor_id: Option<UserId>,
        subject_kind: SubjectKind,
        subject_id: impl Into<Uuid>,
        verb: Verb,
    ) -> Self {
        Change {
            org_id,
            actor_id,
            subject_kind,
            subject_id: subject_id.into(),
            verb,
            before: None,
            after: None,
            notified: None,
        }
    }

    /// Adds the record as it was.
    pub fn before(mut self, value: &impl Serialize) -> Self {
        self.before = serde_json::to_value(value).ok();
        self
    }

    /// Adds the record as it is now.
    pub fn after(mut self, value: &impl Serialize) -> Self {
        self.after = serde_json::to_value(value).ok();
        self
    }

    /// Records how many people the change notified.
    pub fn notified(mut self, count: i64) -> Self {
        self.notified = Some(count);
        self
    }
}

#[derive(Insertable)]
#[diesel(table_name = events)]
struct NewEvent {
    id: String,
    org_id: String,
    actor_id: Option<String>,
    subject_kind: String,
    subject_id: String,
    verb: String,
    before_json: Option<String>,
    after_json: Option<String>,
    created_at: chrono::NaiveDateTime,
    notified: Option<i64>,
}

/// Appends one event; call it inside the transaction of the change it records.
pub fn record(conn: &mut DbConnection, change: Change) -> StoreResult<()> {
    let row = NewEvent {
        id: new_id().to_string(),
        org_id: change.org_id.to_string(),
        actor_id: change.actor_id.map(|a| a.to_string()),
        subject_kind: change.subject_kind.as_str().to_owned(),
        subject_id: change.subject_id.to_string(),
        verb: change.verb.as_str().to_owned(),
        before_json: change.before.map(|v| v.to_string()),
        after_json: change.after.map(|v| v.to_string()),
        created_at: now(),
        notified: change.notified,
    };
    diesel::insert_into(events::table)
        .values(&row)
        .execute(conn)?;
    Ok(())
}

type EventRow = (
    String,
    Option<String>,
    Option<String>,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    chrono::NaiveDateTime,
    Option<i64>,
);

/// One page of an organisation's audit trail, newest first: two queries whatever the page size.
pub fn list(
    conn: &mut DbConnection,
    org_id: OrgId,
    filter: &EventFilter,
    limit: i64,
    after: Option<&Cursor>,
) -> StoreResult<Page<Event>> {
    let org = org_id.to_string();
    let filtered = || {
        let mut q = events::table
            .left_join(users::table.on(events::actor_id.eq(users::id.nullable())))
            .filter(events::org_id.eq(org.clone()))
            .into_boxed();
        if let Some(actor) = filter.actor_id {
            q = q.filter(events::actor_id.eq(actor.to_string()));
        }
        if let Some(kind) = &filter.subject_kind {
            q = q.filter(events::subject_kind.eq(kind.clone()));
        }
        if let Some(subject) = filter.subject_id {
            q = q.filter(events::subject_id.eq(subject.to_string()));
        }
        if let Some(verb) = &filter.verb {
            q = q.filter(events::verb.eq(verb.clone()));
        }
        if let Some(since) = filter.since {
            q = q.filter(events::created_at.ge(since.naive_utc()));
        }
        if let Some(until) = filter.until {
            q = q.filter(events::created_at.lt(until.naive_utc()));
        }
        q
    };
    let total: i64 = filtered().count().get_result(conn)?;
    let mut page = filtered();
    if let Some(cursor) = after {
        // UUIDv7 ids sort by time, so the id alone is the key.
        page = page.filter(events::id.lt(cursor.id.to_string()));
    }
    let rows: Vec<EventRow> = page
        .select((
            events::id,
            events::actor_id,
            users::email.nullable(),
            events::subject_kind,
            events::subject_id,
            events::verb,
            events::before_json,
            events::after_json,
            events::created_at,
            events::notified,
        ))
        .order(events::id.desc())
        .limit(limit + 1)
        .load(conn)?;
    let data = rows
        .into_iter()
        .map(
            |(id, actor, email, kind, subject, verb, before, after, at, notified)| -> StoreResult<Event> { Ok(Event {
                id: uuid(&id)?,
                actor_id: actor.as_deref().map(uuid).transpose()?,
                actor_email: email,
                subject_kind: kind,
                subject_id: uuid(&subject)?,
                verb,
                before: before.and_then(|b| serde_json::from_str(&b).ok()),
                after: after.and_then(|a| serde_json::from_str(&a).ok()),
                created_at: utc(at),
                notified,
            }) },
        )
        .collect::<StoreResult<_>>()?;
    Ok(Page::from_rows(data, limit, total, |e| Cursor {
        key: String::new(),
        id: e.id,
    }))
}
