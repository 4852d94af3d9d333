//! Organisations: the tenants every other record belongs to.

use crate::clock::{new_id, now, utc, uuid};
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::events::{self, Change};
use crate::schema::organisations;
use crate::versioned;
use annex_domain::access::organisation::Organisation;
use annex_domain::events::{SubjectKind, Verb};
use annex_domain::{OrgId, UserId};
use diesel::prelude::*;

type OrgRow = (String, String, chrono::NaiveDateTime, i64);

fn to_dto((id, name, created_at, version): OrgRow) -> StoreResult<Organisation> {
    Ok(Organisation {
        id: uuid(&id)?,
        name,
        created_at: utc(created_at),
        version,
    })
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
    actor: Option<UserId>,
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
    let org = get(conn, id.into())?;
    events::record(
        conn,
        Change::new(
            id.into(),
            actor,
            SubjectKind::Organisation,
            id,
            Verb::Created,
        )
        .after(&org),
    )?;
    // Every organisation starts with the ISMS set of trackers and the ISMS Board project, and its
    // ISO 27001:2022 project with the Statement of Applicability.
    crate::work::templates::create_isms_set(conn, id.into(), actor)?;
    crate::frameworks::soa::adopt(conn, id.into(), actor, crate::frameworks::CURRENT_ISO27001)?;
    Ok(org)
}

/// Gives organisations made by an earlier version what new ones start with, once (while the
/// `starting-sets` key is pending): the ISMS set's spaces they never had (by template; an archived
/// one counts as had, and a space of their own with the template's name is left alone) and, with
/// no SoA at all, the ISO 27001:2022 project. Run at start-up after the migrations; one query when
/// nothing is pending, so a space deleted later is not brought back. Answers how many it made.
pub fn complete_starting_sets(conn: &mut DbConnection) -> StoreResult<usize> {
    use crate::schema::{pending_upgrades, soa_entries, spaces};
    const KEY: &str = "starting-sets";
    let pending = diesel::delete(pending_upgrades::table.find(KEY)).execute(conn)?;
    if pending == 0 {
        return Ok(0);
    }
    let orgs: Vec<String> = organisations::table.select(organisations::id).load(conn)?;
    let had: Vec<(String, Option<String>, String)> = spaces::table
        .select((spaces::org_id, spaces::template_key, spaces::name))
        .load(conn)?;
    let with_soa: Vec<String> = soa_entries::table
        .select(soa_entries::org_id)
        .distinct()
        .load(conn)?;
    let isms_set: Vec<_> = crate::work::templates::catalogue()?
        .iter()
        .filter(|t| t.isms_set)
        .collect();
    let mut made = 0;
    for org in orgs {
        let keys: Vec<&str> = had
            .iter()
            .filter(|(o, _, _)| *o == org)
            .filter_map(|(_, k, _)| k.as_deref())
            .collect();
        let missing: Vec<_> = isms_set
            .iter()
            .filter(|t| !keys.contains(&t.key.as_str()))
            .collect();
        let org_id = uuid(&org)?;
        for template in missing {
            // A space of their own may have the template's name already.
            let taken = had
                .iter()
                .any(|(o, _, name)| *o == org && name.eq_ignore_ascii_case(&template.name));
            let req = annex_domain::work::spaces::CreateSpace {
                kind: template.kind,
                name: if taken {
                    format!("{} (ISMS set)", template.name)
                } else {
                    template.name.clone()
                },
                description: template.description.clone(),
                owner_id: None,
                template: Some(template.key.clone()),
            };
            crate::work::spaces::create_space(conn, org_id.into(), None, &req)?;
            made += 1;
        }
        if !with_soa.contains(&org) {
            crate::frameworks::soa::adopt(
                conn,
                org_id.into(),
                None,
                crate::frameworks::CURRENT_ISO27001,
            )?;
            made += 1;
        }
    }
    Ok(made)
}

/// One organisation by id.
pub fn get(conn: &mut DbConnection, id: OrgId) -> StoreResult<Organisation> {
    organisations::table
        .find(id)
        .select(COLUMNS)
        .first::<OrgRow>(conn)
        .map_err(StoreError::from)
        .and_then(to_dto)
}

/// One organisation by its (unique) name.
pub fn find_by_name(conn: &mut DbConnection, name: &str) -> StoreResult<Option<Organisation>> {
    organisations::table
        .filter(organisations::name.eq(name))
        .select(COLUMNS)
        .first::<OrgRow>(conn)
        .optional()?
        .map(to_dto)
        .transpose()
}

/// Whether the database holds no organisation yet (a fresh install).
pub fn none_exist(conn: &mut DbConnection) -> StoreResult<bool> {
    let count: i64 = organisations::table.count().get_result(conn)?;
    Ok(count == 0)
}

/// Renames an organisation if it is still at `expected` version.
pub fn rename(
    conn: &mut DbConnection,
    id: OrgId,
    actor: UserId,
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
    versioned::bump!(
        conn,
        update: organisations::table.find(id.to_string()),
        version: organisations::version,
        expected: expected,
        set: (organisations::name.eq(name)),
        map_err: |e| match e {
            StoreError::Conflict(_) => {
                StoreError::Conflict(format!("an organisation named {name:?} already exists"))
            }
            other => other,
        },
        current: || Ok(get(conn, id)?.version),
    )?;
    let after = get(conn, id)?;
    events::record(
        conn,
        Change::new(
            id,
            Some(actor),
            SubjectKind::Organisation,
            id,
            Verb::Updated,
        )
        .before(&before)
        .after(&after),
    )?;
    Ok(after)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::spaces;
    use crate::{connect, migrations};

    #[test]
    fn an_earlier_organisation_gets_the_spaces_it_never_had_once() {
        let dir = tempfile::tempdir().unwrap();
        let pool = connect(&dir.path().join("orgs.db").to_string_lossy(), 2).unwrap();
        let mut conn = pool.get().unwrap();
        migrations::run_pending(&mut conn).unwrap();
        let org = create(&mut conn, "Earlier Ltd", None).unwrap();
        // As an organisation made before the risk register existed: no space of that template
        // (and a tracker of its own named as the template).
        diesel::update(spaces::table.filter(spaces::template_key.eq("risk-register")))
            .set(spaces::template_key.eq(None::<String>))
            .execute(&mut conn)
            .unwrap();
        assert_eq!(complete_starting_sets(&mut conn).unwrap(), 1);
        let register = crate::risk::risks::register_space(&mut conn, org.id.into()).unwrap();
        let space = crate::work::spaces::get(&mut conn, org.id.into(), register).unwrap();
        assert_eq!(space.name, "Risk Register (ISMS set)");
        // Done once: deleting a space later does not bring it back at the next start.
        diesel::update(spaces::table.filter(spaces::template_key.eq("risk-register")))
            .set(spaces::template_key.eq(None::<String>))
            .execute(&mut conn)
            .unwrap();
        assert_eq!(complete_starting_sets(&mut conn).unwrap(), 0);
    }
}
