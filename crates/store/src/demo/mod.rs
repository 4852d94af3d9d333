//! The demo organisation: "Demo Consulting Ltd" with one person per role, for trying Annex out.

pub(crate) mod clusters;
pub(crate) mod packs;
pub(crate) mod questionnaires;
pub(crate) mod records;
pub(crate) mod recurring;
pub(crate) mod registers;

use crate::access::credentials::hash_password;
use crate::access::members::{self, Credential};
use crate::access::organisations;
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use annex_domain::Role;
use annex_domain::access::users::CreateMember;

/// The demo organisation's name.
pub const ORGANISATION: &str = "Demo Consulting Ltd";
/// The password of every demo account.
pub const PASSWORD: &str = "annex-demo";

/// The demo accounts: `<role>@demo.example`, one per role.
pub fn accounts() -> Vec<(String, Role)> {
    Role::ALL
        .into_iter()
        .map(|role| (format!("{role}@demo.example"), role))
        .collect()
}

/// Creates the demo organisation and its people when the database holds no organisation yet.
///
/// Returns whether it created them; call inside a write transaction.
pub fn load_if_empty(conn: &mut DbConnection) -> StoreResult<bool> {
    if !organisations::none_exist(conn)? {
        return Ok(false);
    }
    let org = organisations::create(conn, ORGANISATION, None)?;
    // One hash serves every account: they share the demo password and hashing is deliberately slow.
    let hash = hash_password(PASSWORD).map_err(|e| StoreError::Config(e.to_string()))?;
    for (email, role) in accounts() {
        let name = format!("Demo {}", capitalised(role.as_str()));
        let req = CreateMember {
            email,
            display_name: name,
            role,
            password: None,
        };
        members::create(
            conn,
            org.id.into(),
            None,
            &req,
            Credential::PasswordHash(hash.clone()),
        )?;
    }
    Ok(true)
}

/// Creates the demo organisation, its people and a realistic set of ISMS records when the
/// database holds no organisation yet: what `annex serve --demo` shows.
///
/// Returns whether it created them; call inside a write transaction.
pub fn load_with_records_if_empty(conn: &mut DbConnection) -> StoreResult<bool> {
    if !load_if_empty(conn)? {
        return Ok(false);
    }
    load_records(conn)?;
    Ok(true)
}

/// Adds the demo records (policies, corrective actions, incidents, assets, requests for change,
/// impact assessments, the ISMS Board's progress and links) to the existing demo organisation.
pub fn load_records(conn: &mut DbConnection) -> StoreResult<()> {
    let org = organisations::find_by_name(conn, ORGANISATION)?
        .ok_or_else(|| StoreError::Config("there is no demo organisation".into()))?;
    let today = chrono::Utc::now().date_naive();
    crate::demo::records::load(conn, org.id.into(), today)?;
    crate::demo::packs::load(conn, org.id.into())?;
    crate::demo::clusters::load(conn, org.id.into(), today)?;
    crate::demo::registers::load(conn, org.id.into(), today)?;
    crate::demo::questionnaires::load(conn, org.id.into(), today)?;
    crate::demo::recurring::load(conn, org.id.into(), today)?;
    crate::kpis::load_demo(conn, org.id.into(), today)
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{connect, migrations, transaction, work::exchange, work::spaces};
    use annex_domain::work::spaces::SpaceFilter;

    #[test]
    fn the_demo_fills_every_space_of_the_isms_set() {
        let dir = tempfile::tempdir().unwrap();
        let pool = connect(&dir.path().join("demo.db").to_string_lossy(), 2).unwrap();
        let mut conn = pool.get().unwrap();
        migrations::run_pending(&mut conn).unwrap();
        assert!(transaction::write(&mut conn, load_with_records_if_empty).unwrap());
        assert!(!transaction::write(&mut conn, load_with_records_if_empty).unwrap());
        let org = organisations::find_by_name(&mut conn, ORGANISATION)
            .unwrap()
            .unwrap();
        let listed =
            spaces::list(&mut conn, org.id.into(), &SpaceFilter::default(), 50, None).unwrap();
        // The clusters' own spaces: all but the BIA they reuse.
        let clustered: Vec<_> = crate::clusters::list(&mut conn, org.id.into())
            .unwrap()
            .into_iter()
            .flat_map(|c| c.spaces)
            .filter(|s| s.template_key.as_deref() != Some("business-impact-assessment"))
            .map(|s| s.space_id)
            .collect();
        assert_eq!(
            listed.total,
            12 + clustered.len() as i64,
            "the ISMS set, the ISO 27001 project and the clusters' spaces"
        );
        let today = chrono::Utc::now().date_naive();
        let mut overdue = 0;
        for space in listed.data {
            let items = exchange::all_items(&mut conn, org.id.into(), space.id.into()).unwrap();
            assert!(items.len() >= 4, "{} has {} items", space.name, items.len());
            assert!(
                items.iter().any(|i| i.assignee_id.is_some()),
                "{} has nobody assigned",
                space.name
            );
            overdue += items
                .iter()
                .filter(|i| !i.resolved && i.due.is_some_and(|d| d < today))
                .count();
        }
        assert!(overdue >= 3, "only {overdue} overdue items");

        // Findings raised on the audits became corrective actions linked to their controls.
        let programme = spaces::list(&mut conn, org.id.into(), &SpaceFilter::default(), 50, None)
            .unwrap()
            .data
            .into_iter()
            .find(|s| s.name == "ISO 27001 Audit Programme")
            .unwrap();
        let stage2 = exchange::all_items(&mut conn, org.id.into(), programme.id.into())
            .unwrap()
            .into_iter()
            .find(|i| i.title == "Stage 2 audit: certification")
            .unwrap();
        let findings = crate::audits::findings(&mut conn, org.id.into(), stage2.id).unwrap();
        assert_eq!(findings.len(), 2, "{findings:?}");
        assert!(
            findings
                .iter()
                .all(|f| f.kind.is_some() && !f.controls.is_empty())
        );
    }
}
