//! Reading the unified compliance view: every register the organisation keeps, its rows, their
//! evidence and the links between rows of different frameworks, in a fixed number of queries
//! whatever the size of the registers; the domain joins them through the crosswalks.

use crate::clock::uuid;
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::frameworks::soa::{CORRECTIVE_ACTIONS, QMS_ACTIONS, RISKS, lit, space_for};
use crate::frameworks::{self, REGISTER_FRAMEWORKS, SOA_FRAMEWORKS, no_register};
use annex_domain::OrgId;
use annex_domain::frameworks::catalogue::{Framework, RequirementKind};
use annex_domain::frameworks::compliance::{
    ComplianceFilter, ComplianceView, EntryFacts, Evidence, Facts, Register, assemble,
};
use annex_domain::frameworks::soa::ImplementationStatus;
use annex_domain::work::items::label;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Nullable, Text};
use std::collections::HashMap;
use uuid::Uuid;

#[derive(QueryableByName)]
struct EntryRow {
    #[diesel(sql_type = Text)]
    item_id: String,
    #[diesel(sql_type = Text)]
    framework_id: String,
    #[diesel(sql_type = Text)]
    reference: String,
    #[diesel(sql_type = Text)]
    title: String,
    #[diesel(sql_type = Text)]
    theme: String,
    #[diesel(sql_type = Bool)]
    applicable: bool,
    #[diesel(sql_type = Text)]
    implementation_status: String,
    #[diesel(sql_type = Nullable<Text>)]
    owner_name: Option<String>,
}

#[derive(QueryableByName)]
struct ClauseRow {
    #[diesel(sql_type = Text)]
    id: String,
    #[diesel(sql_type = Text)]
    space_id: String,
    #[diesel(sql_type = Text)]
    title: String,
    #[diesel(sql_type = Nullable<Text>)]
    owner_name: Option<String>,
}

#[derive(QueryableByName)]
struct EvidenceRow {
    #[diesel(sql_type = Text)]
    entry_id: String,
    #[diesel(sql_type = Text)]
    other_id: String,
    #[diesel(sql_type = BigInt)]
    number: i64,
    #[diesel(sql_type = Text)]
    title: String,
    #[diesel(sql_type = Text)]
    space_name: String,
}

#[derive(QueryableByName)]
struct DocumentRow {
    #[diesel(sql_type = Text)]
    item_id: String,
    #[diesel(sql_type = Text)]
    title: String,
    #[diesel(sql_type = Text)]
    url: String,
}

#[derive(QueryableByName)]
struct LinkRow {
    #[diesel(sql_type = Text)]
    a_id: String,
    #[diesel(sql_type = Text)]
    b_id: String,
}

/// Every framework a register can be kept on, as a quoted SQL list.
fn register_keys() -> String {
    SOA_FRAMEWORKS
        .iter()
        .chain(REGISTER_FRAMEWORKS.iter())
        .map(|f| lit(f))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The registers the organisation keeps, in catalogue order (one ISO 27001 edition at most: the
/// newest it keeps).
fn registers(
    conn: &mut DbConnection,
    org_id: OrgId,
) -> StoreResult<Vec<(&'static Framework, Uuid)>> {
    let mut out = Vec::new();
    let mut iso27001 = false;
    for framework in frameworks::all()? {
        let id = framework.id.as_str();
        let is_soa = SOA_FRAMEWORKS.contains(&id);
        if !(is_soa || REGISTER_FRAMEWORKS.contains(&id)) || (is_soa && iso27001) {
            continue;
        }
        if let Some(space) = space_for(conn, org_id, id)? {
            iso27001 |= is_soa;
            out.push((framework, space));
        }
    }
    Ok(out)
}

/// The top-level section of each node of a framework, by reference.
fn sections(framework: &Framework) -> HashMap<&str, &str> {
    let mut out = HashMap::new();
    for top in &framework.requirements {
        let mut stack = vec![top];
        while let Some(node) = stack.pop() {
            out.insert(node.reference.as_str(), top.reference.as_str());
            stack.extend(node.children.iter());
        }
    }
    out
}

/// The unified compliance view of the organisation for a framework (default: its first register).
pub fn view(
    conn: &mut DbConnection,
    org_id: OrgId,
    filter: &ComplianceFilter,
) -> StoreResult<ComplianceView> {
    if let Some(f) = filter.framework.as_deref()
        && !frameworks::keeps_register(f.trim())
    {
        return Err(StoreError::rule(no_register(f.trim())));
    }
    let registers = registers(conn, org_id)?;
    let chosen = match filter.framework.as_deref() {
        Some(f) => registers
            .iter()
            .find(|(fw, _)| fw.id == f.trim())
            .ok_or(StoreError::NotFound)?,
        None => registers.first().ok_or(StoreError::NotFound)?,
    };
    let chosen_id = chosen.0.id.clone();
    let org = lit(&org_id.to_string());
    let spaces = registers
        .iter()
        .map(|(_, s)| lit(&s.to_string()))
        .collect::<Vec<_>>()
        .join(", ");
    let framework_of: HashMap<String, &Framework> =
        registers.iter().map(|(f, s)| (s.to_string(), *f)).collect();

    // The rows: register entries, and the ISO 27001 project's clause items (clauses 4 to 10 have
    // no SoA entry; the generator titles them "<reference> <title>").
    let rows: Vec<EntryRow> = diesel::sql_query(format!(
        "SELECT e.item_id, e.framework_id, e.reference, i.title, e.theme, e.applicable, \
         e.implementation_status, u.display_name AS owner_name \
         FROM soa_entries e JOIN items i ON i.id = e.item_id \
         LEFT JOIN users u ON u.id = i.assignee_id \
         WHERE e.org_id = {org} AND e.space_id IN ({spaces}) AND i.archived_at IS NULL \
         ORDER BY e.space_id, e.position"
    ))
    .load(conn)?;
    let mut entries: Vec<EntryFacts> = rows
        .into_iter()
        .map(|r| -> StoreResult<EntryFacts> {
            Ok(EntryFacts {
                item_id: uuid(&r.item_id)?,
                title: r
                    .title
                    .strip_prefix(&format!("{} ", r.reference))
                    .unwrap_or(&r.title)
                    .to_string(),
                framework_id: r.framework_id,
                reference: r.reference,
                theme: r.theme,
                applicable: r.applicable,
                implementation_status: ImplementationStatus::parse(&r.implementation_status),
                owner_name: r.owner_name,
            })
        })
        .collect::<StoreResult<_>>()?;
    let soa_spaces = registers
        .iter()
        .filter(|(f, _)| SOA_FRAMEWORKS.contains(&f.id.as_str()))
        .map(|(_, s)| lit(&s.to_string()))
        .collect::<Vec<_>>();
    if !soa_spaces.is_empty() {
        let clauses: Vec<ClauseRow> = diesel::sql_query(format!(
            "SELECT i.id, i.space_id, i.title, u.display_name AS owner_name FROM items i \
             LEFT JOIN users u ON u.id = i.assignee_id \
             WHERE i.org_id = {org} AND i.space_id IN ({}) AND i.archived_at IS NULL \
             AND NOT EXISTS (SELECT 1 FROM soa_entries e WHERE e.item_id = i.id) \
             ORDER BY i.position",
            soa_spaces.join(", ")
        ))
        .load(conn)?;
        for clause in clauses {
            let Some(framework) = framework_of.get(&clause.space_id) else {
                continue;
            };
            let Some((reference, title)) = clause.title.split_once(' ') else {
                continue;
            };
            let leaf = framework
                .find(reference)
                .is_some_and(|n| n.kind == RequirementKind::Requirement && n.children.is_empty());
            if leaf {
                let theme = sections(framework)
                    .get(reference)
                    .copied()
                    .unwrap_or_default()
                    .to_string();
                entries.push(EntryFacts {
                    item_id: uuid(&clause.id)?,
                    framework_id: framework.id.clone(),
                    reference: reference.to_string(),
                    title: title.to_string(),
                    theme,
                    applicable: true,
                    implementation_status: None,
                    owner_name: clause.owner_name,
                });
            }
        }
    }

    // In the standards' order: ISO 27001's clauses before its Annex A.
    let order: HashMap<(&str, &str), usize> = registers
        .iter()
        .flat_map(|(f, _)| {
            f.all()
                .into_iter()
                .enumerate()
                .map(|(i, n)| ((f.id.as_str(), n.reference.as_str()), i))
        })
        .collect();
    let rank: HashMap<&str, usize> = registers
        .iter()
        .enumerate()
        .map(|(i, (f, _))| (f.id.as_str(), i))
        .collect();
    entries.sort_by_key(|e| {
        (
            rank.get(e.framework_id.as_str()).copied(),
            order
                .get(&(e.framework_id.as_str(), e.reference.as_str()))
                .copied(),
        )
    });

    // Each row's evidence: linked records outside every register (risks and actions are not
    // evidence), then attached documents.
    let not_evidence = format!(
        "{}, {}",
        register_keys(),
        [RISKS, CORRECTIVE_ACTIONS, QMS_ACTIONS].map(lit).join(", ")
    );
    let side = |mine: &str, other: &str| {
        format!(
            "SELECT x.id AS entry_id, o.id AS other_id, o.number AS number, o.title AS title, \
             s.name AS space_name \
             FROM items x JOIN links l ON l.org_id = x.org_id AND l.{mine} = x.id \
             JOIN items o ON o.id = l.{other} JOIN spaces s ON s.id = o.space_id \
             WHERE x.org_id = {org} AND x.space_id IN ({spaces}) AND o.archived_at IS NULL \
             AND s.archived_at IS NULL AND COALESCE(s.template_key, '') NOT IN ({not_evidence})"
        )
    };
    let linked: Vec<EvidenceRow> = diesel::sql_query(format!(
        "{} UNION ALL {} ORDER BY number",
        side("a_id", "b_id"),
        side("b_id", "a_id")
    ))
    .load(conn)?;
    let mut evidence: HashMap<Uuid, Vec<Evidence>> = HashMap::new();
    for row in linked {
        evidence
            .entry(uuid(&row.entry_id)?)
            .or_default()
            .push(Evidence {
                item_id: Some(uuid(&row.other_id)?),
                label: label(row.number, &row.title),
                source: row.space_name,
                url: None,
            });
    }
    let documents: Vec<DocumentRow> = diesel::sql_query(format!(
        "SELECT d.item_id, d.title, d.url FROM item_documents d JOIN items x ON x.id = d.item_id \
         WHERE d.org_id = {org} AND x.space_id IN ({spaces}) ORDER BY d.created_at"
    ))
    .load(conn)?;
    for d in documents {
        evidence
            .entry(uuid(&d.item_id)?)
            .or_default()
            .push(Evidence {
                item_id: None,
                label: d.title,
                source: "Document".into(),
                url: Some(d.url),
            });
    }

    // Links a person made between rows of two registers.
    let entry_links: Vec<LinkRow> = diesel::sql_query(format!(
        "SELECT l.a_id, l.b_id FROM links l JOIN items a ON a.id = l.a_id \
         JOIN items b ON b.id = l.b_id \
         WHERE l.org_id = {org} AND a.space_id IN ({spaces}) AND b.space_id IN ({spaces}) \
         AND a.space_id <> b.space_id AND a.archived_at IS NULL AND b.archived_at IS NULL"
    ))
    .load(conn)?;

    let facts = Facts {
        registers: registers
            .iter()
            .map(|(f, s)| Register {
                framework_id: f.id.clone(),
                framework_name: f.name.clone(),
                space_id: *s,
            })
            .collect(),
        entries,
        evidence,
        entry_links: entry_links
            .into_iter()
            .map(|l| Ok((uuid(&l.a_id)?, uuid(&l.b_id)?)))
            .collect::<StoreResult<_>>()?,
        crosswalks: frameworks::crosswalks()?,
    };
    Ok(assemble(facts, &chosen_id, filter.coverage))
}
