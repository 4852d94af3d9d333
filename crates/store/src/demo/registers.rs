//! The demo organisation's compliance registers (`seeds/demo/registers.json`): the registers its
//! clusters made get statements (status, owner, text, review date, exclusions) and the records
//! that evidence them are linked, so the register and the unified compliance view show real work.

use crate::clock::uuid;
use crate::clusters::templates::relative_day;
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::{items, spaces, users};
use annex_domain::OrgId;
use annex_domain::frameworks::soa::{ImplementationStatus, SoaFilter, UpdateSoaEntry};
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

const REGISTERS: &str = include_str!("../../../../seeds/demo/registers.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoRegisters {
    #[serde(rename = "about")]
    _about: String,
    statements: Vec<Statement>,
}

/// One requirement's statement; people by demo role, records by (space template, title).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Statement {
    framework: String,
    requirement: String,
    #[serde(default)]
    status: Option<ImplementationStatus>,
    #[serde(default)]
    applicable: Option<bool>,
    #[serde(default)]
    justification: Option<String>,
    #[serde(default)]
    owner: Option<String>,
    #[serde(default)]
    progress: Option<f64>,
    #[serde(default)]
    reviewed: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    evidence: Vec<(String, String)>,
}

fn bad(what: impl std::fmt::Display) -> StoreError {
    StoreError::Config(format!("demo registers: {what}"))
}

/// Fills the registers the demo's clusters made; the clusters and their records already exist.
pub(crate) fn load(conn: &mut DbConnection, org_id: OrgId, today: NaiveDate) -> StoreResult<()> {
    let demo: DemoRegisters = serde_json::from_str(REGISTERS).map_err(bad)?;
    let actor = person(conn, "owner")?;
    for statement in &demo.statements {
        let filter = SoaFilter {
            framework: Some(statement.framework.clone()),
            ..SoaFilter::default()
        };
        let register = crate::frameworks::soa::list(conn, org_id, &filter)
            .map_err(|e| bad(format!("no {} register: {e}", statement.framework)))?;
        let entry = register
            .data
            .iter()
            .find(|e| e.reference == statement.requirement)
            .ok_or_else(|| bad(format!("no requirement `{}`", statement.requirement)))?;
        let owner = statement
            .owner
            .as_deref()
            .map(|role| person(conn, role))
            .transpose()?;
        let change = UpdateSoaEntry {
            applicable: statement.applicable,
            justification: statement.justification.clone(),
            implementation_status: statement.status,
            owner_id: owner.map(Some),
            progress: statement.progress,
            last_reviewed: statement
                .reviewed
                .as_deref()
                .map(|d| relative_day(today, d))
                .transpose()?
                .map(Some),
            implementation_text: statement.text.clone(),
            ..UpdateSoaEntry::default()
        };
        crate::frameworks::soa::update(
            conn,
            org_id,
            actor.into(),
            entry.item_id.into(),
            entry.version,
            &change,
        )?;
        for (template, title) in &statement.evidence {
            let record = titled(conn, org_id, template, title)?;
            crate::work::links::create(conn, org_id, actor.into(), entry.item_id, record)?;
        }
    }
    Ok(())
}

/// A demo account's user id by role name.
fn person(conn: &mut DbConnection, role: &str) -> StoreResult<Uuid> {
    let id: String = users::table
        .filter(users::email.eq(format!("{role}@demo.example")))
        .select(users::id)
        .first(conn)
        .optional()?
        .ok_or_else(|| bad(format!("no demo account `{role}`")))?;
    uuid(&id)
}

/// The live item of this title in a live space made from `template`.
fn titled(
    conn: &mut DbConnection,
    org_id: OrgId,
    template: &str,
    title: &str,
) -> StoreResult<Uuid> {
    let id: Option<String> = items::table
        .inner_join(spaces::table)
        .filter(items::org_id.eq(org_id))
        .filter(spaces::template_key.eq(template))
        .filter(spaces::archived_at.is_null())
        .filter(items::archived_at.is_null())
        .filter(items::title.eq(title))
        .select(items::id)
        .first(conn)
        .optional()?;
    id.map(|i| uuid(&i))
        .ok_or_else(|| bad(format!("no record \"{title}\" in a {template} space")))?
}
