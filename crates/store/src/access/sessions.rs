//! Sign-in sessions: families of one-use refresh tokens. Reusing a spent token revokes its whole family.

use crate::access::credentials::{hash_secret, random_secret};
use crate::clock::{new_id, now, uuid};
use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::events::{self, Change};
use crate::schema::refresh_tokens;
use annex_domain::access::auth::REFRESH_TOKEN_SECONDS;
use annex_domain::events::{SubjectKind, Verb};
use annex_domain::{OrgId, UserId};
use chrono::Duration;
use diesel::prelude::*;
use uuid::Uuid;

/// The user and organisation a refresh token signs in to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionOwner {
    pub user_id: UserId,
    pub org_id: OrgId,
    pub family_id: Uuid,
}

/// What presenting a refresh token led to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rotation {
    /// The token was live: here is its successor.
    Rotated {
        owner: SessionOwner,
        refresh_token: String,
    },
    /// The token was already spent: the whole session is now revoked (a stolen token was replayed).
    Reused,
    /// Unknown, expired or revoked.
    Invalid,
}

fn issue(conn: &mut DbConnection, owner: SessionOwner) -> StoreResult<String> {
    let secret = random_secret();
    let created_at = now();
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::id.eq(new_id().to_string()),
            refresh_tokens::family_id.eq(owner.family_id.to_string()),
            refresh_tokens::org_id.eq(owner.org_id.to_string()),
            refresh_tokens::user_id.eq(owner.user_id.to_string()),
            refresh_tokens::token_hash.eq(hash_secret(&secret)),
            refresh_tokens::created_at.eq(created_at),
            refresh_tokens::expires_at.eq(created_at + Duration::seconds(REFRESH_TOKEN_SECONDS)),
        ))
        .execute(conn)?;
    Ok(secret)
}

/// Starts a session for a user in an organisation; returns its first refresh token.
pub fn start(
    conn: &mut DbConnection,
    user_id: UserId,
    org_id: OrgId,
) -> StoreResult<(SessionOwner, String)> {
    let owner = SessionOwner {
        user_id,
        org_id,
        family_id: new_id(),
    };
    let token = issue(conn, owner)?;
    events::record(
        conn,
        Change::new(
            org_id,
            Some(user_id),
            SubjectKind::Session,
            owner.family_id,
            Verb::SignedIn,
        ),
    )?;
    Ok((owner, token))
}

/// Spends a refresh token and issues its successor, or revokes the session if it was spent before.
pub fn rotate(conn: &mut DbConnection, refresh_token: &str) -> StoreResult<Rotation> {
    type Row = (
        String,
        String,
        String,
        String,
        chrono::NaiveDateTime,
        Option<chrono::NaiveDateTime>,
        Option<chrono::NaiveDateTime>,
    );
    let row: Option<Row> = refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(hash_secret(refresh_token)))
        .select((
            refresh_tokens::id,
            refresh_tokens::family_id,
            refresh_tokens::org_id,
            refresh_tokens::user_id,
            refresh_tokens::expires_at,
            refresh_tokens::used_at,
            refresh_tokens::revoked_at,
        ))
        .first(conn)
        .optional()?;
    let Some((id, family, org, user, expires_at, used_at, revoked_at)) = row else {
        return Ok(Rotation::Invalid);
    };
    let owner = SessionOwner {
        user_id: uuid(&user)?.into(),
        org_id: uuid(&org)?.into(),
        family_id: uuid(&family)?,
    };
    if revoked_at.is_some() || expires_at <= now() {
        return Ok(Rotation::Invalid);
    }
    if used_at.is_some() {
        revoke_family(conn, owner, Verb::RefreshTokenReused)?;
        return Ok(Rotation::Reused);
    }
    diesel::update(refresh_tokens::table.find(&id))
        .set(refresh_tokens::used_at.eq(Some(now())))
        .execute(conn)?;
    let refresh_token = issue(conn, owner)?;
    Ok(Rotation::Rotated {
        owner,
        refresh_token,
    })
}

/// Ends the session a refresh token belongs to (sign-out); unknown tokens are ignored.
pub fn end(conn: &mut DbConnection, refresh_token: &str) -> StoreResult<()> {
    let row: Option<(String, String, String)> = refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(hash_secret(refresh_token)))
        .select((
            refresh_tokens::family_id,
            refresh_tokens::org_id,
            refresh_tokens::user_id,
        ))
        .first(conn)
        .optional()?;
    if let Some((family, org, user)) = row {
        let owner = SessionOwner {
            user_id: uuid(&user)?.into(),
            org_id: uuid(&org)?.into(),
            family_id: uuid(&family)?,
        };
        revoke_family(conn, owner, Verb::SignedOut)?;
    }
    Ok(())
}

/// Whether a session is still live: signing out or a replayed token ends its access tokens at once too.
pub fn is_live(conn: &mut DbConnection, family_id: Uuid) -> StoreResult<bool> {
    let revoked: i64 = refresh_tokens::table
        .filter(refresh_tokens::family_id.eq(family_id.to_string()))
        .filter(refresh_tokens::revoked_at.is_not_null())
        .count()
        .get_result(conn)?;
    Ok(revoked == 0)
}

fn revoke_family(conn: &mut DbConnection, owner: SessionOwner, verb: Verb) -> StoreResult<()> {
    let revoked = diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family_id.eq(owner.family_id.to_string()))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(Some(now())))
    .execute(conn)?;
    if revoked > 0 {
        events::record(
            conn,
            Change::new(
                owner.org_id,
                Some(owner.user_id),
                SubjectKind::Session,
                owner.family_id,
                verb,
            ),
        )?;
    }
    Ok(())
}
