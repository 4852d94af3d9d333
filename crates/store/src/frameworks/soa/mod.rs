//! The Statement of Applicability: the organisation's ISO 27001 project generated from a framework
//! (every control an item), the SoA data kept beside each control item, read back with its
//! evidence, risk and open-action counts and gap views in one query, changed one control at a
//! time or in bulk, and migrated from one edition to the next.

use annex_domain::{ItemId, OrgId};
mod change;
mod migration;
mod project;
mod read;

pub use change::{bulk_update, update};
pub use migration::migrate;
pub use project::{adopt, control_title};
pub use read::{coverage, entry, list, relations};

use crate::clock::uuid;
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::frameworks::{self, SOA_FRAMEWORKS, keeps_register, no_register};
use crate::schema::spaces;
use annex_domain::frameworks::catalogue::Framework;
use diesel::prelude::*;
use uuid::Uuid;

/// Template keys of the spaces whose linked items count as evidence, risks and actions.
pub const POLICIES: &str = "policies-procedures";
pub const RISKS: &str = "risk-register";
pub const CORRECTIVE_ACTIONS: &str = "isms-corrective-actions";
/// The QMS's nonconformities and corrective actions (ISO 9001 clause 10.2): open ones count as
/// open actions of the requirements and controls they are linked to, like the ISMS's.
pub const QMS_ACTIONS: &str = "qms-nonconformities";

/// Quotes a value for SQL text. Only values of our own making reach it (typed ids, framework
/// ids and theme references checked against the catalogue, enum keys); the quoting is a second guard.
pub(crate) fn lit(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// The live SoA project of a framework, if the organisation has one.
pub(crate) fn space_for(
    conn: &mut DbConnection,
    org_id: OrgId,
    framework: &str,
) -> StoreResult<Option<Uuid>> {
    let id: Option<String> = spaces::table
        .filter(spaces::org_id.eq(org_id))
        .filter(spaces::template_key.eq(framework))
        .filter(spaces::archived_at.is_null())
        .select(spaces::id)
        .order(spaces::created_at.desc())
        .first(conn)
        .optional()?;
    id.map(|i| uuid(&i)).transpose()
}

/// The framework of a request (or the organisation's current ISO 27001 edition) and its SoA or
/// compliance register project; not found when the organisation keeps none on it.
pub fn resolve(
    conn: &mut DbConnection,
    org_id: OrgId,
    framework: Option<&str>,
) -> StoreResult<(&'static Framework, Uuid)> {
    let candidates: Vec<&str> = match framework {
        Some(f) => vec![f.trim()],
        None => SOA_FRAMEWORKS.to_vec(),
    };
    for id in candidates {
        if !keeps_register(id) {
            return Err(StoreError::rule(no_register(id)));
        }
        if let Some(space) = space_for(conn, org_id, id)? {
            return Ok((frameworks::find(id)?, space));
        }
    }
    Err(StoreError::NotFound)
}

/// Whether the item is a control of an SoA (such items are excluded, never archived or deleted).
pub fn is_control(conn: &mut DbConnection, org_id: OrgId, item_id: ItemId) -> StoreResult<bool> {
    use crate::schema::soa_entries;
    let n: i64 = soa_entries::table
        .filter(soa_entries::org_id.eq(org_id))
        .filter(soa_entries::item_id.eq(item_id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}
