//! The mails queued other than for a notification: an invitation, an admin's test mail.

use crate::clock::now;
use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::events::outbox::{self, NewMail};
use crate::events::{self, Change};
use crate::schema::{organisations, users};
use annex_domain::events::mail::{MailKind, OutboxMail, invitation_mail, test_mail};
use annex_domain::events::{SubjectKind, Verb};
use annex_domain::{OrgId, UserId};
use diesel::prelude::*;

fn organisation_name(conn: &mut DbConnection, org_id: OrgId) -> StoreResult<String> {
    Ok(organisations::table
        .find(org_id.to_string())
        .select(organisations::name)
        .first(conn)?)
}

fn person(conn: &mut DbConnection, user: UserId) -> StoreResult<(String, String)> {
    Ok(users::table
        .find(user.to_string())
        .select((users::email, users::display_name))
        .first(conn)?)
}

/// Queues the invitation of `invited` (named `name` by whoever invited them) with its one-time
/// `code`: the link opens the accept page with the code filled in.
pub fn queue_invitation(
    conn: &mut DbConnection,
    org_id: OrgId,
    inviter: UserId,
    invited: UserId,
    name: &str,
    code: &str,
) -> StoreResult<()> {
    let organisation = organisation_name(conn, org_id)?;
    let (_, inviter_name) = person(conn, inviter)?;
    let (email, _) = person(conn, invited)?;
    let (subject, body) = invitation_mail(&organisation, name, &inviter_name, code);
    outbox::enqueue(
        conn,
        org_id,
        &NewMail {
            kind: MailKind::Invitation,
            user_id: Some(invited.into()),
            recipient: &email,
            subject: &subject,
            body: &body,
        },
        now(),
    )?;
    Ok(())
}

/// Queues a test mail from `sender` to `to`, or to the sender's own address.
pub fn queue_test(
    conn: &mut DbConnection,
    org_id: OrgId,
    sender: UserId,
    to: Option<&str>,
) -> StoreResult<OutboxMail> {
    let organisation = organisation_name(conn, org_id)?;
    let (own, sender_name) = person(conn, sender)?;
    let (recipient, greeting, user_id) = match to {
        Some(to) if !to.eq_ignore_ascii_case(&own) => (to.to_owned(), to.to_owned(), None),
        _ => (own, sender_name.clone(), Some(sender.into())),
    };
    let (subject, body) = test_mail(&organisation, &greeting, &sender_name);
    let id = outbox::enqueue(
        conn,
        org_id,
        &NewMail {
            kind: MailKind::Test,
            user_id,
            recipient: &recipient,
            subject: &subject,
            body: &body,
        },
        now(),
    )?;
    let mail = outbox::get(conn, org_id, id)?;
    events::record(
        conn,
        Change::new(org_id, Some(sender), SubjectKind::Mail, id, Verb::Created).after(&mail),
    )?;
    Ok(mail)
}
