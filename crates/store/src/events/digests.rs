//! Daily digests: once a day, at the organisation's digest hour (UTC), one mail to each person
//! with the notifications they get by digest since their last one. The `(org, person, day)` key of
//! `mail_digests` makes it once a day whichever node, or restart, gets there first.

use crate::clock::uuid;
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::events::outbox::{self, NewMail};
use crate::events::{self, Change, notification_settings};
use crate::schema::{mail_digests, memberships, notifications, organisations, users};
use crate::transaction;
use annex_domain::events::mail::{DigestEntry, MailKind, digest_mail};
use annex_domain::events::notifications::NotificationKind;
use annex_domain::events::{SubjectKind, Verb};
use annex_domain::{OrgId, UserId};
use chrono::{NaiveDateTime, Timelike};
use diesel::prelude::*;
use uuid::Uuid;

/// What a digest run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DigestRun {
    /// Digests queued.
    pub queued: usize,
}

/// The hour (UTC) at which the organisation's digests go out.
pub fn hour(conn: &mut DbConnection, org_id: OrgId) -> StoreResult<i32> {
    Ok(organisations::table
        .find(org_id.to_string())
        .select(organisations::digest_hour)
        .first(conn)?)
}

/// Sets the hour (UTC, 0–23) at which the organisation's digests go out, recorded as `actor`'s
/// change of the organisation's settings.
pub fn set_hour(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    hour: i32,
) -> StoreResult<()> {
    if !(0..=23).contains(&hour) {
        return Err(StoreError::field(
            "digest_hour",
            "must be an hour from 0 to 23",
        ));
    }
    let before = self::hour(conn, org_id)?;
    diesel::update(organisations::table.find(org_id.to_string()))
        .set(organisations::digest_hour.eq(hour))
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
        .before(&serde_json::json!({ "digest_hour": before }))
        .after(&serde_json::json!({ "digest_hour": hour })),
    )
}

/// Queues the digests due at `at`: for each organisation whose digest hour has come today, each
/// active member with digest notifications since their last digest (a day back for the first)
/// and no digest today yet. Each person's digest commits on its own.
pub fn queue_due(conn: &mut DbConnection, at: NaiveDateTime) -> StoreResult<DigestRun> {
    let hour = i32::try_from(at.hour()).unwrap_or(0);
    let orgs: Vec<(String, String)> = organisations::table
        .filter(organisations::digest_hour.le(hour))
        .select((organisations::id, organisations::name))
        .load(conn)?;
    let mut run = DigestRun::default();
    for (org, name) in orgs {
        let org_id: OrgId = uuid(&org)?.into();
        // Only people with a notification in the last two days can have anything to gather.
        let recent: Vec<String> = notifications::table
            .filter(notifications::org_id.eq(&org))
            .filter(notifications::created_at.gt(at - chrono::Duration::days(2)))
            .select(notifications::user_id)
            .distinct()
            .load(conn)?;
        let done: std::collections::HashSet<String> = mail_digests::table
            .filter(mail_digests::org_id.eq(&org))
            .filter(mail_digests::day.eq(at.date()))
            .select(mail_digests::user_id)
            .load::<String>(conn)?
            .into_iter()
            .collect();
        for user in recent.into_iter().filter(|u| !done.contains(u)) {
            let user_id: UserId = uuid(&user)?.into();
            match transaction::write(conn, |conn| queue_one(conn, org_id, &name, user_id, at)) {
                Ok(true) => run.queued += 1,
                Ok(false) => {}
                // Another node queued this person's digest for today between the look and the
                // insert: the key refused the second one.
                Err(StoreError::Conflict(_)) => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(run)
}

/// Queues `user`'s digest for the day of `at` if it is not queued yet and has anything in it.
fn queue_one(
    conn: &mut DbConnection,
    org_id: OrgId,
    organisation: &str,
    user_id: UserId,
    at: NaiveDateTime,
) -> StoreResult<bool> {
    let (org, user) = (org_id.to_string(), user_id.to_string());
    let mine = || {
        mail_digests::table
            .filter(mail_digests::org_id.eq(org.clone()))
            .filter(mail_digests::user_id.eq(user.clone()))
    };
    let today = at.date();
    let done: i64 = mine()
        .filter(mail_digests::day.eq(today))
        .count()
        .get_result(conn)?;
    if done > 0 {
        return Ok(false);
    }
    let person: Option<(String, String)> = memberships::table
        .inner_join(users::table)
        .filter(memberships::org_id.eq(&org))
        .filter(memberships::user_id.eq(&user))
        .filter(memberships::active.eq(true))
        .select((users::email, users::display_name))
        .first(conn)
        .optional()?;
    let Some((email, name)) = person else {
        return Ok(false);
    };
    let since: NaiveDateTime = mine()
        .select(diesel::dsl::max(mail_digests::covered_until))
        .first::<Option<NaiveDateTime>>(conn)?
        .unwrap_or(at - chrono::Duration::days(1));
    let kinds: Vec<&str> = notification_settings::kinds_in_digest(conn, org_id, user_id)?
        .into_iter()
        .map(NotificationKind::as_str)
        .collect();
    let rows: Vec<(String, String, String)> = notifications::table
        .filter(notifications::org_id.eq(&org))
        .filter(notifications::user_id.eq(&user))
        .filter(notifications::kind.eq_any(&kinds))
        .filter(notifications::created_at.gt(since))
        .filter(notifications::created_at.le(at))
        .select((
            notifications::kind,
            notifications::item_id,
            notifications::text,
        ))
        .order(notifications::id.asc())
        .load(conn)?;
    let entries = rows
        .into_iter()
        .filter_map(|(kind, item, text)| {
            let kind = NotificationKind::from_stored(&kind)?;
            Some(uuid(&item).map(|item_id| DigestEntry {
                kind,
                item_id,
                text,
            }))
        })
        .collect::<StoreResult<Vec<_>>>()?;
    if entries.is_empty() {
        return Ok(false);
    }
    diesel::insert_into(mail_digests::table)
        .values((
            mail_digests::org_id.eq(&org),
            mail_digests::user_id.eq(&user),
            mail_digests::day.eq(today),
            mail_digests::covered_until.eq(at),
        ))
        .execute(conn)?;
    let (subject, body) = digest_mail(organisation, &name, &entries);
    outbox::enqueue(
        conn,
        org_id,
        &NewMail {
            kind: MailKind::Digest,
            user_id: Some(user_id.into()),
            recipient: &email,
            subject: &subject,
            body: &body,
        },
        at,
    )?;
    Ok(true)
}
