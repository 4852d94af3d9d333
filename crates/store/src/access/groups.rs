//! Groups of members: named sets of people within one organisation.

use crate::clock::{new_id, now, utc, uuid};
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::events::{self, Change};
use crate::schema::{group_members, groups, memberships, users};
use crate::versioned;
use annex_domain::access::auth::UserSummary;
use annex_domain::access::groups::{CreateGroup, Group, GroupDetail, UpdateGroup};
use annex_domain::events::{SubjectKind, Verb};
use annex_domain::{Cursor, Page};
use annex_domain::{OrgId, UserId};
use diesel::dsl::count_star;
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

type GroupRow = (String, String, String, chrono::NaiveDateTime, i64);

fn name_taken(name: &str) -> impl Fn(diesel::result::Error) -> StoreError + '_ {
    move |e| match StoreError::from(e) {
        StoreError::Conflict(_) => {
            StoreError::Conflict(format!("a group named {name:?} already exists"))
        }
        other => other,
    }
}

/// Member counts of the given groups, in one query.
fn member_counts(conn: &mut DbConnection, ids: &[String]) -> StoreResult<HashMap<String, i64>> {
    let rows: Vec<(String, i64)> = group_members::table
        .filter(group_members::group_id.eq_any(ids))
        .group_by(group_members::group_id)
        .select((group_members::group_id, count_star()))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

fn to_groups(conn: &mut DbConnection, rows: Vec<GroupRow>) -> StoreResult<Vec<Group>> {
    let ids: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    let counts = member_counts(conn, &ids)?;
    rows.into_iter()
        .map(|(id, name, description, created_at, version)| {
            Ok(Group {
                id: uuid(&id)?,
                member_count: counts.get(&id).copied().unwrap_or(0),
                name,
                description,
                created_at: utc(created_at),
                version,
            })
        })
        .collect()
}

const COLUMNS: (
    groups::id,
    groups::name,
    groups::description,
    groups::created_at,
    groups::version,
) = (
    groups::id,
    groups::name,
    groups::description,
    groups::created_at,
    groups::version,
);

/// One page of an organisation's groups by name: three queries whatever the page size.
pub fn list(
    conn: &mut DbConnection,
    org_id: OrgId,
    limit: i64,
    after: Option<&Cursor>,
) -> StoreResult<Page<Group>> {
    let org = org_id.to_string();
    let total: i64 = groups::table
        .filter(groups::org_id.eq(&org))
        .count()
        .get_result(conn)?;
    let mut q = groups::table.filter(groups::org_id.eq(&org)).into_boxed();
    if let Some(cursor) = after {
        // Names are unique within an organisation, so the name alone is the key.
        q = q.filter(groups::name.gt(cursor.key.clone()));
    }
    let rows: Vec<GroupRow> = q
        .select(COLUMNS)
        .order(groups::name.asc())
        .limit(limit + 1)
        .load(conn)?;
    let data = to_groups(conn, rows)?;
    Ok(Page::from_rows(data, limit, total, |g: &Group| Cursor {
        key: g.name.clone(),
        id: g.id,
    }))
}

/// One group of the organisation; `NotFound` for other organisations' groups.
pub fn get(conn: &mut DbConnection, org_id: OrgId, id: Uuid) -> StoreResult<Group> {
    let row: GroupRow = groups::table
        .filter(groups::org_id.eq(org_id))
        .filter(groups::id.eq(id.to_string()))
        .select(COLUMNS)
        .first(conn)?;
    to_groups(conn, vec![row])?
        .pop()
        .ok_or(StoreError::NotFound)
}

/// One group with its members, by name.
pub fn detail(conn: &mut DbConnection, org_id: OrgId, id: Uuid) -> StoreResult<GroupDetail> {
    let group = get(conn, org_id, id)?;
    let members: Vec<(String, String, String)> = group_members::table
        .inner_join(users::table)
        .filter(group_members::group_id.eq(id.to_string()))
        .select((users::id, users::email, users::display_name))
        .order(users::display_name.asc())
        .load(conn)?;
    let members = members
        .into_iter()
        .map(|(id, email, display_name)| {
            Ok(UserSummary {
                id: uuid(&id)?,
                email,
                display_name,
            })
        })
        .collect::<StoreResult<_>>()?;
    Ok(GroupDetail { group, members })
}

/// Creates a group.
pub fn create(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    req: &CreateGroup,
) -> StoreResult<Group> {
    let id = new_id();
    let name = req.name.trim();
    diesel::insert_into(groups::table)
        .values((
            groups::id.eq(id.to_string()),
            groups::org_id.eq(org_id),
            groups::name.eq(name),
            groups::description.eq(req.description.trim()),
            groups::created_at.eq(now()),
            groups::version.eq(1_i64),
        ))
        .execute(conn)
        .map_err(name_taken(name))?;
    let group = get(conn, org_id, id)?;
    events::record(
        conn,
        Change::new(org_id, Some(actor), SubjectKind::Group, id, Verb::Created).after(&group),
    )?;
    Ok(group)
}

/// Moves a group from `expected` to the next version, or reports it stale.
fn bump(conn: &mut DbConnection, org_id: OrgId, id: Uuid, expected: i64) -> StoreResult<()> {
    versioned::bump!(
        conn,
        update: groups::table
            .filter(groups::org_id.eq(org_id))
            .filter(groups::id.eq(id.to_string())),
        version: groups::version,
        expected: expected,
        set: (),
        current: || Ok(get(conn, org_id, id)?.version),
    )
}

/// Renames or redescribes a group at `expected` version.
pub fn update(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    id: Uuid,
    expected: i64,
    req: &UpdateGroup,
) -> StoreResult<Group> {
    let before = get(conn, org_id, id)?;
    bump(conn, org_id, id, expected)?;
    let name = req.name.as_deref().map(str::trim).unwrap_or(&before.name);
    let description = req
        .description
        .as_deref()
        .map(str::trim)
        .unwrap_or(&before.description);
    diesel::update(groups::table.find(id.to_string()))
        .set((groups::name.eq(name), groups::description.eq(description)))
        .execute(conn)
        .map_err(name_taken(name))?;
    let after = get(conn, org_id, id)?;
    events::record(
        conn,
        Change::new(org_id, Some(actor), SubjectKind::Group, id, Verb::Updated)
            .before(&before)
            .after(&after),
    )?;
    Ok(after)
}

/// Deletes a group at `expected` version (its memberships go with it; the people stay).
pub fn delete(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    id: Uuid,
    expected: i64,
) -> StoreResult<()> {
    let before = detail(conn, org_id, id)?;
    bump(conn, org_id, id, expected)?;
    diesel::delete(group_members::table.filter(group_members::group_id.eq(id.to_string())))
        .execute(conn)?;
    diesel::delete(groups::table.find(id.to_string())).execute(conn)?;
    events::record(
        conn,
        Change::new(org_id, Some(actor), SubjectKind::Group, id, Verb::Deleted).before(&before),
    )?;
    Ok(())
}

/// Adds a member of the organisation to a group at `expected` version.
pub fn add_member(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    id: Uuid,
    user_id: UserId,
    expected: i64,
) -> StoreResult<Group> {
    let is_member: i64 = memberships::table
        .filter(memberships::org_id.eq(org_id))
        .filter(memberships::user_id.eq(user_id))
        .count()
        .get_result(conn)?;
    get(conn, org_id, id)?;
    if is_member == 0 {
        return Err(StoreError::NotFound);
    }
    bump(conn, org_id, id, expected)?;
    diesel::insert_into(group_members::table)
        .values((
            group_members::org_id.eq(org_id),
            group_members::group_id.eq(id.to_string()),
            group_members::user_id.eq(user_id),
        ))
        .execute(conn)
        .map_err(|e| match StoreError::from(e) {
            StoreError::Conflict(_) => {
                StoreError::Conflict("already a member of this group".into())
            }
            other => other,
        })?;
    events::record(
        conn,
        Change::new(
            org_id,
            Some(actor),
            SubjectKind::Group,
            id,
            Verb::MemberAdded,
        )
        .after(&serde_json::json!({ "user_id": user_id })),
    )?;
    get(conn, org_id, id)
}

/// Removes a person from a group at `expected` version.
pub fn remove_member(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    id: Uuid,
    user_id: UserId,
    expected: i64,
) -> StoreResult<Group> {
    get(conn, org_id, id)?;
    let removed = diesel::delete(
        group_members::table
            .filter(group_members::group_id.eq(id.to_string()))
            .filter(group_members::user_id.eq(user_id)),
    )
    .execute(conn)?;
    if removed == 0 {
        return Err(StoreError::NotFound);
    }
    bump(conn, org_id, id, expected)?;
    events::record(
        conn,
        Change::new(
            org_id,
            Some(actor),
            SubjectKind::Group,
            id,
            Verb::MemberRemoved,
        )
        .before(&serde_json::json!({ "user_id": user_id })),
    )?;
    get(conn, org_id, id)
}
