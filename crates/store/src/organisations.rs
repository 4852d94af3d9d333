//! Organisations: the tenants every other record belongs to.

use crate::clock::{new_id, now, utc, uuid};
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::events::{self, Change};
use crate::schema::organisations;
use annex_domain::organisation::Organisation;
use diesel::prelude::*;
use uuid::Uuid;

type OrgRow = (String, String, chrono::NaiveDateTime, i64);

fn to_dto((id, name, created_at, version): OrgRow) -> Organisation {
    Organisation {
        id: uuid(&id),
        name,
        created_at: utc(created_at),
        version,
    }
}

const COLUMNS: (
    organisations::id,
    organisations::name,
    organisations::created_at,
    organisations::version,
) = (
    organisations::id,
    organisations::name,
    organisations::created_at,
    organisations::version,
);

/// Creates an organisation with the ISMS set of spaces, recorded as created by `actor` (none when
/// the system or the CLI does it).
pub fn create(
    conn: &mut DbConnection,
    name: &str,
    actor: Option<Uuid>,
) -> StoreResult<Organisation> {
    let id = new_id();
    let created_at = now();
    diesel::insert_into(organisations::table)
        .values((
            organisations::id.eq(id.to_string()),
            organisations::name.eq(name),
            organisations::created_at.eq(created_at),
            organisations::version.eq(1_i64),
        ))
        .execute(conn)
        .map_err(|e| match StoreError::from(e) {
            StoreError::Conflict(_) => {
                StoreError::Conflict(format!("an organisation named {name:?} already exists"))
            }
            other => other,
        })?;
    let org = get(conn, id)?;
    events::record(
        conn,
        Change::new(id, actor, "organisation", id, "created").after(&org),
    )?;
    // Every organisation starts with the ISMS set of trackers and the ISMS Board project, and its
    // ISO 27001:2022 project with the Statement of Applicability.
    crate::templates::create_isms_set(conn, id, actor)?;
    crate::soa::adopt(conn, id, actor, crate::frameworks::CURRENT_ISO27001)?;
    Ok(org)
}

/// One organisation by id.
pub fn get(conn: &mut DbConnection, id: Uuid) -> StoreResult<Organisation> {
    organisations::table
        .find(id.to_string())
        .select(COLUMNS)
        .first::<OrgRow>(conn)
        .map(to_dto)
        .map_err(StoreError::from)
}

/// One organisation by its (unique) name.
pub fn find_by_name(conn: &mut DbConnection, name: &str) -> StoreResult<Option<Organisation>> {
    Ok(organisations::table
        .filter(organisations::name.eq(name))
        .select(COLUMNS)
        .first::<OrgRow>(conn)
        .optional()?
        .map(to_dto))
}

/// Whether the database holds no organisation yet (a fresh install).
pub fn none_exist(conn: &mut DbConnection) -> StoreResult<bool> {
    let count: i64 = organisations::table.count().get_result(conn)?;
    Ok(count == 0)
}

/// Renames an organisation if it is still at `expected` version.
pub fn rename(
    conn: &mut DbConnection,
    id: Uuid,
    actor: Uuid,
    expected: i64,
    name: &str,
) -> StoreResult<Organisation> {
    let before = get(conn, id)?;
    if before.version != expected {
        return Err(StoreError::Stale {
            expected,
            current: before.version,
        });
    }
    let updated = diesel::update(
        organisations::table
            .find(id.to_string())
            .filter(organisations::version.eq(expected)),
    )
    .set((
        organisations::name.eq(name),
        organisations::version.eq(expected + 1),
    ))
    .execute(conn)
    .map_err(|e| match StoreError::from(e) {
        StoreError::Conflict(_) => {
            StoreError::Conflict(format!("an organisation named {name:?} already exists"))
        }
        other => other,
    })?;
    if updated == 0 {
        return Err(StoreError::Stale {
            expected,
            current: get(conn, id)?.version,
        });
    }
    let after = get(conn, id)?;
    events::record(
        conn,
        Change::new(id, Some(actor), "organisation", id, "updated")
            .before(&before)
            .after(&after),
    )?;
    Ok(after)
}
