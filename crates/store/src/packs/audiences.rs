//! Audiences of policy packs, questionnaires and notes (people, groups, everyone): checked when
//! given, and resolved when asked against the organisation's active members and its groups, so
//! whoever joins a group later is in its audiences.

use crate::clock::uuid;
use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::{group_members, groups, memberships};
use annex_domain::OrgId;
use annex_domain::packs::policy_packs::Audience;
use diesel::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use uuid::Uuid;

/// The organisation's active members and who is in which group: what audiences resolve against.
pub(crate) struct People {
    pub members: Vec<Uuid>,
    pub groups: HashMap<Uuid, Vec<Uuid>>,
}

impl People {
    /// Everyone an audience asks, now.
    pub fn asked(&self, audience: &Audience) -> BTreeSet<Uuid> {
        audience.resolve(&self.members, &self.groups)
    }
}

/// The organisation's people, in two queries.
pub(crate) fn people(conn: &mut DbConnection, org_id: OrgId) -> StoreResult<People> {
    let org = org_id.to_string();
    let members: Vec<String> = memberships::table
        .filter(memberships::org_id.eq(&org))
        .filter(memberships::active.eq(true))
        .select(memberships::user_id)
        .load(conn)?;
    let mut in_groups: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for (group, user) in group_members::table
        .filter(group_members::org_id.eq(&org))
        .select((group_members::group_id, group_members::user_id))
        .load::<(String, String)>(conn)?
    {
        in_groups
            .entry(uuid(&group)?)
            .or_default()
            .push(uuid(&user)?);
    }
    Ok(People {
        members: members
            .iter()
            .map(|m| uuid(m))
            .collect::<StoreResult<_>>()?,
        groups: in_groups,
    })
}

/// Which parts of an audience as given name someone or something outside the organisation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Strangers {
    /// A person is not a member of the organisation.
    pub users: bool,
    /// A group is not the organisation's.
    pub groups: bool,
}

/// Whether an audience's people are all members of the organisation and its groups all the
/// organisation's: two counting queries.
pub(crate) fn strangers(
    conn: &mut DbConnection,
    org_id: OrgId,
    audience: &Audience,
) -> StoreResult<Strangers> {
    let org = org_id.to_string();
    let distinct = |ids: &[Uuid]| -> Vec<String> {
        ids.iter()
            .map(Uuid::to_string)
            .collect::<HashSet<_>>()
            .into_iter()
            .collect()
    };
    let users = distinct(&audience.users);
    let known: i64 = memberships::table
        .filter(memberships::org_id.eq(&org))
        .filter(memberships::user_id.eq_any(&users))
        .count()
        .get_result(conn)?;
    let wanted = distinct(&audience.groups);
    let known_groups: i64 = groups::table
        .filter(groups::org_id.eq(&org))
        .filter(groups::id.eq_any(&wanted))
        .count()
        .get_result(conn)?;
    Ok(Strangers {
        users: known as usize != users.len(),
        groups: known_groups as usize != wanted.len(),
    })
}

/// What is wrong with an audience as given, as (field, message): its people must be members of
/// the organisation and its groups the organisation's.
pub(crate) fn problems(
    conn: &mut DbConnection,
    org_id: OrgId,
    audience: &Audience,
) -> StoreResult<Vec<(&'static str, &'static str)>> {
    let strangers = strangers(conn, org_id, audience)?;
    let mut found = Vec::new();
    if strangers.users {
        found.push((
            "audience.users",
            "someone is not a member of the organisation",
        ));
    }
    if strangers.groups {
        found.push(("audience.groups", "a group is not the organisation's"));
    }
    Ok(found)
}
