//! People and their memberships: who belongs to an organisation, in which role, and whether still active.

use crate::clock::{new_id, now, utc, uuid};
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::events::{self, Change};
use crate::schema::{api_tokens, memberships, organisations, refresh_tokens, users};
use crate::versioned;
use crate::work::search::{contains_pattern, lower};
use annex_domain::access::auth::{MembershipSummary, UserSummary};
use annex_domain::access::users::{CreateMember, Member, MemberFilter, UpdateMember};
use annex_domain::events::{SubjectKind, Verb};
use annex_domain::{Cursor, Page, Role};
use annex_domain::{OrgId, UserId};
use diesel::prelude::*;
use uuid::Uuid;

/// What authorising a request needs to know about the caller in one organisation.
#[derive(Debug, Clone, PartialEq)]
pub struct Access {
    pub user: UserSummary,
    pub org_id: OrgId,
    pub role: Role,
}

type MemberRow = (
    (String, String, String, Option<String>),
    (String, bool, chrono::NaiveDateTime, i64),
    (bool, Option<String>, Option<String>),
);

/// A member as their organisation sees them. Until a person with an account elsewhere accepts an
/// invitation, the organisation sees what it typed (the name) and what it would see of a new
/// account, so nothing it is shown tells whether the address had an account before.
fn to_member(
    (
        (id, email, name, password),
        (role, active, created_at, version),
        (pending, invitation, invited_name),
    ): MemberRow,
) -> StoreResult<Member> {
    let display_name = match (pending, invited_name) {
        (true, Some(invited_name)) => invited_name,
        _ => name,
    };
    Ok(Member {
        id: uuid(&id)?,
        email,
        display_name,
        role: role.parse().unwrap_or(Role::Viewer),
        active,
        invited: password.is_none() || invitation.is_some(),
        created_at: utc(created_at),
        version,
    })
}

macro_rules! member_columns {
    () => {
        (
            (
                users::id,
                users::email,
                users::display_name,
                users::password_hash,
            ),
            (
                memberships::role,
                memberships::active,
                memberships::created_at,
                memberships::version,
            ),
            (
                memberships::pending,
                memberships::invitation_hash,
                memberships::invited_name,
            ),
        )
    };
}

/// Emails are compared and stored lower-cased and trimmed.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// The caller's access to `org_id`, if they are an active member there (an invitation not yet
/// accepted gives none); one query per request.
pub fn active_access(
    conn: &mut DbConnection,
    user_id: UserId,
    org_id: OrgId,
) -> StoreResult<Option<Access>> {
    let row: Option<(String, String, String, String)> = memberships::table
        .inner_join(users::table)
        .filter(memberships::org_id.eq(org_id))
        .filter(memberships::user_id.eq(user_id))
        .filter(memberships::active.eq(true))
        .filter(memberships::pending.eq(false))
        .select((
            users::id,
            users::email,
            users::display_name,
            memberships::role,
        ))
        .first(conn)
        .optional()?;
    row.map(|(id, email, display_name, role)| {
        Ok(Access {
            user: UserSummary {
                id: uuid(&id)?,
                email,
                display_name,
            },
            org_id,
            role: role.parse().unwrap_or(Role::Viewer),
        })
    })
    .transpose()
}

/// The id and password hash of the account with `email`, if any (invited accounts have no hash yet).
pub fn login_credentials(
    conn: &mut DbConnection,
    email: &str,
) -> StoreResult<Option<(Uuid, Option<String>)>> {
    let row: Option<(String, Option<String>)> = users::table
        .filter(users::email.eq(normalise_email(email)))
        .select((users::id, users::password_hash))
        .first(conn)
        .optional()?;
    row.map(|(id, hash)| Ok((uuid(&id)?, hash))).transpose()
}

/// Every organisation a person belongs to, oldest membership first.
pub fn memberships_of(
    conn: &mut DbConnection,
    user_id: UserId,
) -> StoreResult<Vec<MembershipSummary>> {
    let rows: Vec<(String, String, String, bool, bool)> = memberships::table
        .inner_join(organisations::table)
        .filter(memberships::user_id.eq(user_id))
        .select((
            organisations::id,
            organisations::name,
            memberships::role,
            memberships::active,
            memberships::pending,
        ))
        .order((memberships::created_at.asc(), organisations::name.asc()))
        .load(conn)?;
    rows.into_iter()
        .map(|(org_id, org_name, role, active, pending)| {
            Ok(MembershipSummary {
                org_id: uuid(&org_id)?,
                org_name,
                role: role.parse().unwrap_or(Role::Viewer),
                active,
                pending,
            })
        })
        .collect()
}

/// One page of an organisation's members, by email: two queries whatever the page size.
pub fn list(
    conn: &mut DbConnection,
    org_id: OrgId,
    filter: &MemberFilter,
    limit: i64,
    after: Option<&Cursor>,
) -> StoreResult<Page<Member>> {
    let org = org_id.to_string();
    let filtered = || {
        let mut q = memberships::table
            .inner_join(users::table)
            .filter(memberships::org_id.eq(org.clone()))
            .into_boxed();
        if let Some(needle) = filter.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            let pattern = contains_pattern(needle);
            q = q.filter(
                users::email
                    .like(pattern.clone())
                    .escape('\\')
                    .or(lower(users::display_name).like(pattern).escape('\\')),
            );
        }
        if let Some(role) = filter.role {
            q = q.filter(memberships::role.eq(role.as_str()));
        }
        if let Some(active) = filter.active {
            q = q.filter(memberships::active.eq(active));
        }
        q
    };
    let total: i64 = filtered().count().get_result(conn)?;
    let mut page = filtered();
    if let Some(cursor) = after {
        // Emails are unique, so the email alone is the key.
        page = page.filter(users::email.gt(cursor.key.clone()));
    }
    let rows: Vec<MemberRow> = page
        .select(member_columns!())
        .order(users::email.asc())
        .limit(limit + 1)
        .load(conn)?;
    let data = rows
        .into_iter()
        .map(to_member)
        .collect::<StoreResult<_>>()?;
    Ok(Page::from_rows(data, limit, total, |m: &Member| Cursor {
        key: m.email.clone(),
        id: m.id,
    }))
}

/// One member of an organisation; `NotFound` for people of other organisations.
pub fn get(conn: &mut DbConnection, org_id: OrgId, user_id: UserId) -> StoreResult<Member> {
    memberships::table
        .inner_join(users::table)
        .filter(memberships::org_id.eq(org_id))
        .filter(memberships::user_id.eq(user_id))
        .select(member_columns!())
        .first::<MemberRow>(conn)
        .map_err(StoreError::from)
        .and_then(to_member)
}

/// How the new member will sign in: a password hash, or an invitation code's hash.
pub enum Credential {
    PasswordHash(String),
    InvitationHash(String),
}

/// Adds a person to an organisation. A new address gets an account (with the password, or the
/// invitation whose code hashes to the credential). An address that already has an account gets
/// a pending membership instead: the person accepts it themselves (signed in, or with the code
/// and their own password), and their account is never changed by the inviting organisation.
/// The member returned is the same either way, so the answer does not tell whether the address
/// had an account.
pub fn create(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: Option<UserId>,
    req: &CreateMember,
    credential: Credential,
) -> StoreResult<Member> {
    let email = normalise_email(&req.email);
    let existing: Option<String> = users::table
        .filter(users::email.eq(&email))
        .select(users::id)
        .first(conn)
        .optional()?;
    let (user_id, pending, invitation_hash) = match existing {
        Some(id) => {
            let invitation = match credential {
                Credential::InvitationHash(h) => Some(h),
                Credential::PasswordHash(_) => None,
            };
            (uuid(&id)?, true, invitation)
        }
        None => {
            let id = new_id();
            let (password_hash, invitation_hash) = match credential {
                Credential::PasswordHash(h) => (Some(h), None),
                Credential::InvitationHash(h) => (None, Some(h)),
            };
            diesel::insert_into(users::table)
                .values((
                    users::id.eq(id.to_string()),
                    users::email.eq(&email),
                    users::display_name.eq(req.display_name.trim()),
                    users::password_hash.eq(password_hash),
                    users::invitation_hash.eq(invitation_hash),
                    users::created_at.eq(now()),
                ))
                .execute(conn)?;
            (id, false, None)
        }
    };
    diesel::insert_into(memberships::table)
        .values((
            memberships::org_id.eq(org_id),
            memberships::user_id.eq(user_id.to_string()),
            memberships::role.eq(req.role.as_str()),
            memberships::active.eq(true),
            memberships::created_at.eq(now()),
            memberships::version.eq(1_i64),
            memberships::pending.eq(pending),
            memberships::invitation_hash.eq(invitation_hash),
            memberships::invited_name.eq(pending.then(|| req.display_name.trim().to_owned())),
        ))
        .execute(conn)
        .map_err(|e| match StoreError::from(e) {
            StoreError::Conflict(_) => {
                StoreError::Conflict(format!("{email} is already a member of this organisation"))
            }
            other => other,
        })?;
    let member = get(conn, org_id, user_id.into())?;
    let verb = if pending {
        Verb::Invited
    } else {
        Verb::Created
    };
    events::record(
        conn,
        Change::new(org_id, actor, SubjectKind::Member, user_id, verb).after(&member),
    )?;
    Ok(member)
}

/// Accepts the pending invitation of `user_id` to `org_id`: the membership gives access from now.
pub fn accept_pending(
    conn: &mut DbConnection,
    user_id: UserId,
    org_id: OrgId,
) -> StoreResult<Member> {
    let accepted = diesel::update(
        memberships::table
            .find((org_id, user_id))
            .filter(memberships::pending.eq(true)),
    )
    .set((
        memberships::pending.eq(false),
        memberships::invitation_hash.eq(None::<String>),
        memberships::invited_name.eq(None::<String>),
        memberships::version.eq(memberships::version + 1),
    ))
    .execute(conn)?;
    if accepted == 0 {
        return Err(StoreError::NotFound);
    }
    let member = get(conn, org_id, user_id)?;
    events::record(
        conn,
        Change::new(
            org_id,
            Some(user_id),
            SubjectKind::Member,
            user_id,
            Verb::InvitationAccepted,
        )
        .after(&member),
    )?;
    Ok(member)
}

/// Declines (deletes) the pending invitation of `user_id` to `org_id`.
pub fn decline_pending(conn: &mut DbConnection, user_id: UserId, org_id: OrgId) -> StoreResult<()> {
    let declined = diesel::delete(
        memberships::table
            .find((org_id, user_id))
            .filter(memberships::pending.eq(true)),
    )
    .execute(conn)?;
    if declined == 0 {
        return Err(StoreError::NotFound);
    }
    events::record(
        conn,
        Change::new(
            org_id,
            Some(user_id),
            SubjectKind::Member,
            user_id,
            Verb::InvitationDeclined,
        ),
    )?;
    Ok(())
}

/// The person and organisation of a pending invitation whose code hashes to `invitation_hash`,
/// with the person's password hash to check before it is accepted by code.
pub fn pending_by_code(
    conn: &mut DbConnection,
    invitation_hash: &str,
) -> StoreResult<Option<(Uuid, Uuid, Option<String>)>> {
    let row: Option<(String, String, Option<String>)> = memberships::table
        .inner_join(users::table)
        .filter(memberships::invitation_hash.eq(invitation_hash))
        .filter(memberships::pending.eq(true))
        .select((
            memberships::user_id,
            memberships::org_id,
            users::password_hash,
        ))
        .first(conn)
        .optional()?;
    row.map(|(user, org, hash)| Ok((uuid(&user)?, uuid(&org)?, hash)))
        .transpose()
}

/// Changes a person's own name: their profile is theirs, so only they change it.
pub fn rename_self(conn: &mut DbConnection, user_id: UserId, name: &str) -> StoreResult<()> {
    diesel::update(users::table.find(user_id))
        .set(users::display_name.eq(name.trim()))
        .execute(conn)?;
    for membership in memberships_of(conn, user_id)? {
        events::record(
            conn,
            Change::new(
                membership.org_id.into(),
                Some(user_id),
                SubjectKind::User,
                user_id,
                Verb::Renamed,
            ),
        )?;
    }
    Ok(())
}

/// Changes a member's role or active flag if the membership is still at `expected` version; the
/// person's name is theirs and is not changed here.
///
/// An organisation always keeps at least one active owner. Deactivating a person ends their
/// sessions and revokes their API tokens in the organisation, so reactivating them later revives
/// neither.
pub fn update(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    user_id: UserId,
    expected: i64,
    req: &UpdateMember,
) -> StoreResult<Member> {
    let before = get(conn, org_id, user_id)?;
    if before.version != expected {
        return Err(StoreError::Stale {
            expected,
            current: before.version,
        });
    }
    let role = req.role.unwrap_or(before.role);
    let active = req.active.unwrap_or(before.active);
    let stays_owner = role == Role::Owner && active;
    if before.role == Role::Owner
        && before.active
        && !stays_owner
        && active_owners(conn, org_id)? <= 1
    {
        return Err(StoreError::rule(
            "the organisation must keep at least one active owner",
        ));
    }
    versioned::bump!(
        conn,
        update: memberships::table.find((org_id, user_id)),
        version: memberships::version,
        expected: expected,
        set: (
            memberships::role.eq(role.as_str()),
            memberships::active.eq(active),
        ),
        current: || Ok(get(conn, org_id, user_id)?.version),
    )?;
    let after = get(conn, org_id, user_id)?;
    if before.active && !after.active {
        end_access(conn, org_id, user_id)?;
    }
    let verb = match (before.active, after.active) {
        (true, false) => Verb::Deactivated,
        (false, true) => Verb::Reactivated,
        _ if before.role != after.role => Verb::RoleChanged,
        _ => Verb::Updated,
    };
    events::record(
        conn,
        Change::new(org_id, Some(actor), SubjectKind::Member, user_id, verb)
            .before(&before)
            .after(&after),
    )?;
    Ok(after)
}

/// Ends every session and revokes every API token of a person in one organisation.
fn end_access(conn: &mut DbConnection, org_id: OrgId, user_id: UserId) -> StoreResult<()> {
    let (org, user) = (org_id.to_string(), user_id.to_string());
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::org_id.eq(&org))
            .filter(refresh_tokens::user_id.eq(&user))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(Some(now())))
    .execute(conn)?;
    diesel::update(
        api_tokens::table
            .filter(api_tokens::org_id.eq(&org))
            .filter(api_tokens::user_id.eq(&user))
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set((
        api_tokens::revoked_at.eq(Some(now())),
        api_tokens::version.eq(api_tokens::version + 1),
    ))
    .execute(conn)?;
    Ok(())
}

fn active_owners(conn: &mut DbConnection, org_id: OrgId) -> StoreResult<i64> {
    Ok(memberships::table
        .filter(memberships::org_id.eq(org_id))
        .filter(memberships::role.eq(Role::Owner.as_str()))
        .filter(memberships::active.eq(true))
        .filter(memberships::pending.eq(false))
        .count()
        .get_result(conn)?)
}

/// Sets the password of the invited account whose invitation code hashes to `invitation_hash`, once.
pub fn accept_invitation(
    conn: &mut DbConnection,
    invitation_hash: &str,
    password_hash: &str,
) -> StoreResult<Uuid> {
    let user: String = users::table
        .filter(users::invitation_hash.eq(invitation_hash))
        .select(users::id)
        .first(conn)?;
    diesel::update(users::table.find(&user))
        .set((
            users::password_hash.eq(Some(password_hash)),
            users::invitation_hash.eq(None::<String>),
        ))
        .execute(conn)?;
    let user_id = uuid(&user)?;
    for membership in memberships_of(conn, user_id.into())? {
        events::record(
            conn,
            Change::new(
                membership.org_id.into(),
                Some(user_id.into()),
                SubjectKind::Member,
                user_id,
                Verb::InvitationAccepted,
            ),
        )?;
    }
    Ok(user_id)
}
