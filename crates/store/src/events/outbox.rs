//! The mail outbox: a mail is a row written in the transaction of the change that causes it, then
//! claimed, sent and marked by the sender (`annex_api::mail`). A claim is a lease on the row, taken
//! by a conditional update, so two nodes never send one mail at the same time; a node that dies
//! holding a lease lets it run out and the mail is tried again.

use crate::clock::{new_id, utc, uuid};
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::events::{self, Change};
use crate::schema::mail_outbox;
use annex_domain::events::mail::{
    MAX_ATTEMPTS, MailBody, MailKind, MailState, OutboxMail, retry_delay,
};
use annex_domain::events::{SubjectKind, Verb};
use annex_domain::{Cursor, Page};
use annex_domain::{OrgId, UserId};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

/// How long a sender holds a claimed mail before another may try it: longer than an SMTP
/// exchange can take (the sender gives up after 30 seconds).
pub const LEASE: chrono::Duration = chrono::Duration::minutes(2);

/// A mail to queue.
#[derive(Debug, Clone)]
pub struct NewMail<'a> {
    pub kind: MailKind,
    /// The member it is for; none for an address only (a test mail to another address).
    pub user_id: Option<Uuid>,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub body: &'a MailBody,
}

/// Queues a mail, due at once; returns its id.
pub fn enqueue(
    conn: &mut DbConnection,
    org_id: OrgId,
    mail: &NewMail<'_>,
    at: NaiveDateTime,
) -> StoreResult<Uuid> {
    let id = new_id();
    let body = serde_json::to_string(mail.body)
        .map_err(|e| StoreError::Corrupt(format!("mail body: {e}")))?;
    diesel::insert_into(mail_outbox::table)
        .values((
            mail_outbox::id.eq(id.to_string()),
            mail_outbox::org_id.eq(org_id.to_string()),
            mail_outbox::user_id.eq(mail.user_id.map(|u| u.to_string())),
            mail_outbox::kind.eq(mail.kind.as_str()),
            mail_outbox::recipient.eq(mail.recipient),
            mail_outbox::subject.eq(mail.subject),
            mail_outbox::body.eq(body),
            mail_outbox::state.eq(MailState::Queued.as_str()),
            mail_outbox::attempts.eq(0),
            mail_outbox::next_attempt_at.eq(at),
            mail_outbox::created_at.eq(at),
        ))
        .execute(conn)?;
    Ok(id)
}

/// A claimed mail, ready to be composed and sent.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub id: Uuid,
    pub kind: MailKind,
    pub recipient: String,
    pub subject: String,
    pub body: MailBody,
    /// Attempts made before this one.
    pub attempts: i32,
}

/// Claims up to `limit` mails due at `at` and not held by another sender, oldest due first.
pub fn claim_due(
    conn: &mut DbConnection,
    at: NaiveDateTime,
    limit: i64,
) -> StoreResult<Vec<Claimed>> {
    let free = mail_outbox::claimed_until
        .is_null()
        .or(mail_outbox::claimed_until.lt(at));
    let candidates: Vec<String> = mail_outbox::table
        .filter(mail_outbox::state.eq(MailState::Queued.as_str()))
        .filter(mail_outbox::next_attempt_at.le(at))
        .filter(free)
        .select(mail_outbox::id)
        .order((mail_outbox::next_attempt_at.asc(), mail_outbox::id.asc()))
        .limit(limit)
        .load(conn)?;
    let mut claimed = Vec::with_capacity(candidates.len());
    for id in candidates {
        // The update takes the lease only if no one took it since the look-up.
        let taken = diesel::update(
            mail_outbox::table
                .filter(mail_outbox::id.eq(&id))
                .filter(mail_outbox::state.eq(MailState::Queued.as_str()))
                .filter(
                    mail_outbox::claimed_until
                        .is_null()
                        .or(mail_outbox::claimed_until.lt(at)),
                ),
        )
        .set(mail_outbox::claimed_until.eq(Some(at + LEASE)))
        .execute(conn)?;
        if taken == 0 {
            continue;
        }
        let (kind, recipient, subject, body, attempts): (String, String, String, String, i32) =
            mail_outbox::table
                .find(&id)
                .select((
                    mail_outbox::kind,
                    mail_outbox::recipient,
                    mail_outbox::subject,
                    mail_outbox::body,
                    mail_outbox::attempts,
                ))
                .first(conn)?;
        claimed.push(Claimed {
            id: uuid(&id)?,
            kind: MailKind::from_stored(&kind)
                .ok_or_else(|| StoreError::Corrupt(format!("mail kind `{kind}`")))?,
            recipient,
            subject,
            body: serde_json::from_str(&body)
                .map_err(|e| StoreError::Corrupt(format!("mail body of {id}: {e}")))?,
            attempts,
        });
    }
    Ok(claimed)
}

/// Records that the SMTP server accepted a claimed mail. A mail whose body held a one-time
/// secret keeps only its subject from now on.
pub fn mark_sent(conn: &mut DbConnection, mail: &Claimed, at: NaiveDateTime) -> StoreResult<()> {
    let id = mail.id.to_string();
    diesel::update(mail_outbox::table.find(&id))
        .set((
            mail_outbox::state.eq(MailState::Sent.as_str()),
            mail_outbox::attempts.eq(mail.attempts + 1),
            mail_outbox::sent_at.eq(Some(at)),
            mail_outbox::claimed_until.eq(None::<NaiveDateTime>),
            mail_outbox::last_error.eq(None::<String>),
        ))
        .execute(conn)?;
    if mail.kind.holds_secret() {
        let emptied = MailBody {
            greeting: mail.body.greeting.clone(),
            organisation: mail.body.organisation.clone(),
            sections: Vec::new(),
        };
        let emptied = serde_json::to_string(&emptied)
            .map_err(|e| StoreError::Corrupt(format!("mail body: {e}")))?;
        diesel::update(mail_outbox::table.find(&id))
            .set(mail_outbox::body.eq(emptied))
            .execute(conn)?;
    }
    Ok(())
}

/// Records a failed attempt: tried again after [`retry_delay`], or given up when the refusal is
/// `permanent` (the server refused the mail itself) or the attempts are used up.
pub fn mark_failed(
    conn: &mut DbConnection,
    mail: &Claimed,
    at: NaiveDateTime,
    error: &str,
    permanent: bool,
) -> StoreResult<()> {
    let attempts = mail.attempts + 1;
    let state = if permanent || attempts >= MAX_ATTEMPTS {
        MailState::Failed
    } else {
        MailState::Queued
    };
    let error: String = error.chars().take(1000).collect();
    diesel::update(mail_outbox::table.find(mail.id.to_string()))
        .set((
            mail_outbox::state.eq(state.as_str()),
            mail_outbox::attempts.eq(attempts),
            mail_outbox::next_attempt_at.eq(at + retry_delay(attempts)),
            mail_outbox::claimed_until.eq(None::<NaiveDateTime>),
            mail_outbox::last_error.eq(Some(error)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Puts a failed mail of the organisation back in the queue, due at once, recorded as `actor`'s.
pub fn retry(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    id: Uuid,
    at: NaiveDateTime,
) -> StoreResult<OutboxMail> {
    let found = get(conn, org_id, id)?;
    if found.state != MailState::Failed {
        return Err(StoreError::rule(format!(
            "only a failed mail is sent again; this one is {}",
            found.state.as_str()
        )));
    }
    diesel::update(
        mail_outbox::table
            .filter(mail_outbox::org_id.eq(org_id.to_string()))
            .filter(mail_outbox::id.eq(id.to_string())),
    )
    .set((
        mail_outbox::state.eq(MailState::Queued.as_str()),
        mail_outbox::attempts.eq(0),
        mail_outbox::next_attempt_at.eq(at),
        mail_outbox::claimed_until.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)?;
    let after = get(conn, org_id, id)?;
    events::record(
        conn,
        Change::new(org_id, Some(actor), SubjectKind::Mail, id, Verb::Updated)
            .before(&found)
            .after(&after),
    )?;
    Ok(after)
}

type OutboxRow = (
    (String, String, String, String, String),
    (
        i32,
        Option<String>,
        NaiveDateTime,
        NaiveDateTime,
        Option<NaiveDateTime>,
    ),
);

macro_rules! outbox_columns {
    () => {
        (
            (
                mail_outbox::id,
                mail_outbox::kind,
                mail_outbox::recipient,
                mail_outbox::subject,
                mail_outbox::state,
            ),
            (
                mail_outbox::attempts,
                mail_outbox::last_error,
                mail_outbox::created_at,
                mail_outbox::next_attempt_at,
                mail_outbox::sent_at,
            ),
        )
    };
}

fn to_mail(row: OutboxRow) -> StoreResult<OutboxMail> {
    let ((id, kind, to, subject, state), (attempts, last_error, created_at, next, sent_at)) = row;
    let state = MailState::from_stored(&state)
        .ok_or_else(|| StoreError::Corrupt(format!("mail state `{state}`")))?;
    Ok(OutboxMail {
        id: uuid(&id)?,
        kind: MailKind::from_stored(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("mail kind `{kind}`")))?,
        to,
        subject,
        state,
        attempts,
        last_error,
        created_at: utc(created_at),
        next_attempt_at: (state == MailState::Queued).then(|| utc(next)),
        sent_at: sent_at.map(utc),
    })
}

/// One mail of the organisation.
pub fn get(conn: &mut DbConnection, org_id: OrgId, id: Uuid) -> StoreResult<OutboxMail> {
    let row: OutboxRow = mail_outbox::table
        .filter(mail_outbox::org_id.eq(org_id.to_string()))
        .filter(mail_outbox::id.eq(id.to_string()))
        .select(outbox_columns!())
        .first(conn)?;
    to_mail(row)
}

/// One page of the organisation's mails, newest first.
pub fn list(
    conn: &mut DbConnection,
    org_id: OrgId,
    state: Option<MailState>,
    limit: i64,
    after: Option<&Cursor>,
) -> StoreResult<Page<OutboxMail>> {
    let org = org_id.to_string();
    let mine = || {
        let mut q = mail_outbox::table
            .filter(mail_outbox::org_id.eq(org.clone()))
            .into_boxed();
        if let Some(state) = state {
            q = q.filter(mail_outbox::state.eq(state.as_str()));
        }
        q
    };
    let total: i64 = mine().count().get_result(conn)?;
    let mut page = mine();
    if let Some(cursor) = after {
        page = page.filter(mail_outbox::id.lt(cursor.id.to_string()));
    }
    let rows: Vec<OutboxRow> = page
        .select(outbox_columns!())
        .order(mail_outbox::id.desc())
        .limit(limit + 1)
        .load(conn)?;
    let data = rows.into_iter().map(to_mail).collect::<StoreResult<_>>()?;
    Ok(Page::from_rows(data, limit, total, |m: &OutboxMail| {
        Cursor {
            key: String::new(),
            id: m.id,
        }
    }))
}

/// How many of the organisation's mails are in `state`.
pub fn count(conn: &mut DbConnection, org_id: OrgId, state: MailState) -> StoreResult<i64> {
    Ok(mail_outbox::table
        .filter(mail_outbox::org_id.eq(org_id.to_string()))
        .filter(mail_outbox::state.eq(state.as_str()))
        .count()
        .get_result(conn)?)
}
