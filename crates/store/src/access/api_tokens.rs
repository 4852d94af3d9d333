//! API tokens of integrations: stored as hashes, scoped, revocable, bound to their owner's membership.

use crate::access::credentials::{hash_secret, random_secret};
use crate::access::members::{self, Access};
use crate::clock::{new_id, now, utc, uuid};
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::events::{self, Change};
use crate::schema::api_tokens;
use crate::versioned;
use annex_domain::access::auth::API_TOKEN_PREFIX;
use annex_domain::access::tokens::{ApiToken, CreateApiToken, CreatedApiToken, TokenScope};
use annex_domain::events::{SubjectKind, Verb};
use annex_domain::{Cursor, Page};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use uuid::Uuid;

type TokenRow = (
    String,
    String,
    String,
    String,
    NaiveDateTime,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    i64,
);

const COLUMNS: (
    api_tokens::id,
    api_tokens::name,
    api_tokens::scope,
    api_tokens::prefix,
    api_tokens::created_at,
    api_tokens::last_used_at,
    api_tokens::expires_at,
    api_tokens::revoked_at,
    api_tokens::version,
) = (
    api_tokens::id,
    api_tokens::name,
    api_tokens::scope,
    api_tokens::prefix,
    api_tokens::created_at,
    api_tokens::last_used_at,
    api_tokens::expires_at,
    api_tokens::revoked_at,
    api_tokens::version,
);

fn to_dto(
    (id, name, scope, prefix, created, used, expires, revoked, version): TokenRow,
) -> StoreResult<ApiToken> {
    Ok(ApiToken {
        id: uuid(&id)?,
        name,
        scope: TokenScope::from_stored(&scope),
        prefix,
        created_at: utc(created),
        last_used_at: used.map(utc),
        expires_at: expires.map(utc),
        revoked_at: revoked.map(utc),
        version,
    })
}

/// Creates a token for the caller; the secret is returned here and never stored.
pub fn create(
    conn: &mut DbConnection,
    access: &Access,
    req: &CreateApiToken,
) -> StoreResult<CreatedApiToken> {
    let id = new_id();
    let secret = format!("{API_TOKEN_PREFIX}{}", random_secret());
    let prefix: String = secret.chars().take(API_TOKEN_PREFIX.len() + 6).collect();
    let created_at = now();
    diesel::insert_into(api_tokens::table)
        .values((
            api_tokens::id.eq(id.to_string()),
            api_tokens::org_id.eq(access.org_id.to_string()),
            api_tokens::user_id.eq(access.user.id.to_string()),
            api_tokens::name.eq(req.name.trim()),
            api_tokens::scope.eq(req.scope.as_str()),
            api_tokens::prefix.eq(&prefix),
            api_tokens::token_hash.eq(hash_secret(&secret)),
            api_tokens::created_at.eq(created_at),
            api_tokens::expires_at.eq(req.expires_in_days.map(|d| created_at + Duration::days(d))),
            api_tokens::version.eq(1_i64),
        ))
        .execute(conn)?;
    let token = get(conn, access, id)?;
    events::record(
        conn,
        Change::new(
            access.org_id,
            Some(access.user.id.into()),
            SubjectKind::ApiToken,
            id,
            Verb::Created,
        )
        .after(&token),
    )?;
    Ok(CreatedApiToken { token, secret })
}

/// One of the caller's own tokens; `NotFound` for anyone else's.
pub fn get(conn: &mut DbConnection, access: &Access, id: Uuid) -> StoreResult<ApiToken> {
    api_tokens::table
        .filter(api_tokens::org_id.eq(access.org_id.to_string()))
        .filter(api_tokens::user_id.eq(access.user.id.to_string()))
        .filter(api_tokens::id.eq(id.to_string()))
        .select(COLUMNS)
        .first::<TokenRow>(conn)
        .map_err(StoreError::from)
        .and_then(to_dto)
}

/// One page of the caller's tokens, newest first: two queries whatever the page size.
pub fn list(
    conn: &mut DbConnection,
    access: &Access,
    limit: i64,
    after: Option<&Cursor>,
) -> StoreResult<Page<ApiToken>> {
    let org = access.org_id.to_string();
    let user = access.user.id.to_string();
    let total: i64 = api_tokens::table
        .filter(api_tokens::org_id.eq(&org))
        .filter(api_tokens::user_id.eq(&user))
        .count()
        .get_result(conn)?;
    let mut q = api_tokens::table
        .filter(api_tokens::org_id.eq(&org))
        .filter(api_tokens::user_id.eq(&user))
        .into_boxed();
    if let Some(cursor) = after {
        q = q.filter(api_tokens::id.lt(cursor.id.to_string()));
    }
    let rows: Vec<TokenRow> = q
        .select(COLUMNS)
        .order(api_tokens::id.desc())
        .limit(limit + 1)
        .load(conn)?;
    let data = rows.into_iter().map(to_dto).collect::<StoreResult<_>>()?;
    Ok(Page::from_rows(data, limit, total, |t: &ApiToken| Cursor {
        key: String::new(),
        id: t.id,
    }))
}

/// Revokes one of the caller's tokens at `expected` version; it stops working at once.
pub fn revoke(
    conn: &mut DbConnection,
    access: &Access,
    id: Uuid,
    expected: i64,
) -> StoreResult<()> {
    let before = get(conn, access, id)?;
    if before.revoked_at.is_some() {
        return Err(StoreError::Conflict("the token is already revoked".into()));
    }
    versioned::bump!(
        conn,
        update: api_tokens::table.filter(api_tokens::id.eq(id.to_string())),
        version: api_tokens::version,
        expected: expected,
        set: (api_tokens::revoked_at.eq(Some(now()))),
        // Read again: a concurrent revocation may have committed while this update waited.
        current: || Ok(get(conn, access, id)?.version),
    )?;
    let after = get(conn, access, id)?;
    events::record(
        conn,
        Change::new(
            access.org_id,
            Some(access.user.id.into()),
            SubjectKind::ApiToken,
            id,
            Verb::Revoked,
        )
        .before(&before)
        .after(&after),
    )?;
    Ok(())
}

/// The access and scope an API token secret grants, if it is live and its owner still an active member.
pub fn authenticate(
    conn: &mut DbConnection,
    secret: &str,
) -> StoreResult<Option<(Access, TokenScope)>> {
    let at = now();
    type Live = (
        String,
        String,
        String,
        String,
        Option<NaiveDateTime>,
        Option<NaiveDateTime>,
    );
    let row: Option<Live> = api_tokens::table
        .filter(api_tokens::token_hash.eq(hash_secret(secret)))
        .filter(api_tokens::revoked_at.is_null())
        .select((
            api_tokens::id,
            api_tokens::org_id,
            api_tokens::user_id,
            api_tokens::scope,
            api_tokens::last_used_at,
            api_tokens::expires_at,
        ))
        .first(conn)
        .optional()?;
    let Some((id, org, user, scope, last_used, expires)) = row else {
        return Ok(None);
    };
    if expires.is_some_and(|e| e <= at) {
        return Ok(None);
    }
    let Some(access) = members::active_access(conn, uuid(&user)?.into(), uuid(&org)?.into())?
    else {
        return Ok(None);
    };
    // Record use at most once a minute, so reads do not turn into a write per request.
    if last_used.is_none_or(|t| at - t > Duration::minutes(1)) {
        diesel::update(api_tokens::table.find(&id))
            .set(api_tokens::last_used_at.eq(Some(at)))
            .execute(conn)?;
    }
    Ok(Some((access, TokenScope::from_stored(&scope))))
}
