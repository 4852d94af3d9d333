//! Reading the SoA: entries with their counts and gap views in one query, coverage in one
//! aggregate, and what every control is linked to for the exports.

use super::{CORRECTIVE_ACTIONS, POLICIES, QMS_ACTIONS, RISKS, lit, resolve};
use crate::clock::uuid;
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::frameworks;
use crate::schema::soa_entries;
use annex_domain::frameworks::Reason;
use annex_domain::frameworks::catalogue::Framework;
use annex_domain::frameworks::soa::{
    ControlRelations, Coverage, Gap, ImplementationStatus, RelatedRecord, Soa, SoaCoverage,
    SoaEntry, SoaFilter, reasons_from_text,
};
use annex_domain::work::items::label;
use annex_domain::{ItemId, OrgId, SpaceId};
use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Date, Double, Nullable, Text};
use std::collections::HashMap;
use uuid::Uuid;

#[derive(QueryableByName)]
struct EntryRow {
    #[diesel(sql_type = Text)]
    item_id: String,
    #[diesel(sql_type = Text)]
    space_id: String,
    #[diesel(sql_type = BigInt)]
    number: i64,
    #[diesel(sql_type = Text)]
    title: String,
    #[diesel(sql_type = Nullable<Text>)]
    assignee_id: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    owner_name: Option<String>,
    #[diesel(sql_type = Double)]
    progress: f64,
    #[diesel(sql_type = BigInt)]
    version: i64,
    #[diesel(sql_type = Text)]
    framework_id: String,
    #[diesel(sql_type = Text)]
    reference: String,
    #[diesel(sql_type = Text)]
    theme: String,
    #[diesel(sql_type = Bool)]
    applicable: bool,
    #[diesel(sql_type = Text)]
    reasons: String,
    #[diesel(sql_type = Text)]
    justification: String,
    #[diesel(sql_type = Text)]
    implementation_status: String,
    #[diesel(sql_type = Nullable<Date>)]
    last_reviewed: Option<NaiveDate>,
    #[diesel(sql_type = Text)]
    implementation_text: String,
    #[diesel(sql_type = BigInt)]
    policies: i64,
    #[diesel(sql_type = BigInt)]
    documents: i64,
    #[diesel(sql_type = BigInt)]
    risks: i64,
    #[diesel(sql_type = BigInt)]
    open_actions: i64,
    #[diesel(sql_type = BigInt)]
    records: i64,
}

/// Every live item linked to a control of the SoA project, from either end of the link, with its
/// space's template and whether its status is resolved: the links the SoA counts and exports.
/// Items of SoA and register projects are left out: a link between two frameworks' entries says
/// they correspond, it is not evidence.
fn control_links(org: &str, space: &str) -> String {
    let (org, space) = (lit(org), lit(space));
    let registers = frameworks::SOA_FRAMEWORKS
        .iter()
        .chain(frameworks::REGISTER_FRAMEWORKS.iter())
        .map(|f| lit(f))
        .collect::<Vec<_>>()
        .join(", ");
    let side = |mine: &str, other: &str| {
        format!(
            "SELECT e.item_id AS control_id, o.id AS other_id, o.number, o.title, \
             COALESCE(s.template_key, '') AS template_key, \
             COALESCE(st.resolved, FALSE) AS resolved \
             FROM soa_entries e \
             JOIN links l ON l.org_id = e.org_id AND l.{mine} = e.item_id \
             JOIN items o ON o.id = l.{other} \
             JOIN spaces s ON s.id = o.space_id \
             LEFT JOIN space_statuses st ON st.id = o.status_id \
             WHERE e.org_id = {org} AND e.space_id = {space} AND o.archived_at IS NULL \
             AND COALESCE(s.template_key, '') NOT IN ({registers})"
        )
    };
    format!(
        "{} UNION ALL {}",
        side("a_id", "b_id"),
        side("b_id", "a_id")
    )
}

/// The one query behind every SoA read: entries of a space with their item, owner and counts
/// (aggregated once over the project's links and documents, not per row), narrowed by
/// `conditions` over those columns, in the framework's order.
fn entries_query(org_id: OrgId, space_id: SpaceId, conditions: &[String]) -> String {
    let (org, space) = (lit(&org_id.to_string()), lit(&space_id.to_string()));
    let count = |templates: &[&str], extra: &str| {
        let list = templates
            .iter()
            .map(|t| lit(t))
            .collect::<Vec<_>>()
            .join(", ");
        format!("SUM(CASE WHEN template_key IN ({list}){extra} THEN 1 ELSE 0 END)")
    };
    let counted = [POLICIES, RISKS, CORRECTIVE_ACTIONS, QMS_ACTIONS]
        .map(lit)
        .join(", ");
    let inner = format!(
        "SELECT i.id AS item_id, i.space_id, i.number, i.title, i.assignee_id, \
         u.display_name AS owner_name, i.progress, i.version, e.framework_id, e.reference, e.theme, \
         e.position, e.applicable, e.reasons, e.justification, e.implementation_status, \
         e.last_reviewed, e.implementation_text, \
         COALESCE(c.policies, 0) AS policies, COALESCE(d.documents, 0) AS documents, \
         COALESCE(c.risks, 0) AS risks, COALESCE(c.open_actions, 0) AS open_actions, \
         COALESCE(c.records, 0) AS records \
         FROM soa_entries e \
         JOIN items i ON i.id = e.item_id \
         LEFT JOIN users u ON u.id = i.assignee_id \
         LEFT JOIN (SELECT control_id, {policies} AS policies, {risks} AS risks, \
           {actions} AS open_actions, \
           SUM(CASE WHEN template_key NOT IN ({counted}) THEN 1 ELSE 0 END) AS records \
           FROM ({links}) cl GROUP BY control_id) c \
           ON c.control_id = e.item_id \
         LEFT JOIN (SELECT dd.item_id, COUNT(*) AS documents FROM item_documents dd \
           JOIN soa_entries de ON de.item_id = dd.item_id \
           WHERE dd.org_id = {org} AND de.space_id = {space} GROUP BY dd.item_id) d \
           ON d.item_id = e.item_id \
         WHERE e.org_id = {org} AND e.space_id = {space} AND i.archived_at IS NULL",
        policies = count(&[POLICIES], ""),
        risks = count(&[RISKS], ""),
        actions = count(&[CORRECTIVE_ACTIONS, QMS_ACTIONS], " AND NOT resolved"),
        links = control_links(&org_id.to_string(), &space_id.to_string()),
    );
    let filter = if conditions.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conditions.join(" AND "))
    };
    format!("SELECT * FROM ({inner}) soa{filter} ORDER BY position")
}

fn to_entry(row: EntryRow) -> StoreResult<SoaEntry> {
    let mut reasons = reasons_from_text(&row.reasons);
    if row.risks > 0 && !reasons.contains(&Reason::RiskAssessment) {
        reasons.insert(0, Reason::RiskAssessment);
    }
    Ok(SoaEntry {
        item_id: uuid(&row.item_id)?,
        space_id: uuid(&row.space_id)?,
        number: row.number,
        framework_id: row.framework_id,
        title: row
            .title
            .strip_prefix(&format!("{} ", row.reference))
            .unwrap_or(&row.title)
            .to_string(),
        reference: row.reference,
        theme_title: String::new(),
        theme: row.theme,
        applicable: row.applicable,
        reasons,
        justification: row.justification,
        implementation_status: ImplementationStatus::parse(&row.implementation_status)
            .unwrap_or(ImplementationStatus::NotStarted),
        owner_id: row.assignee_id.as_deref().map(uuid).transpose()?,
        owner_name: row.owner_name,
        progress: row.progress,
        last_reviewed: row.last_reviewed,
        implementation_text: row.implementation_text,
        policies: row.policies,
        documents: row.documents,
        risks: row.risks,
        open_actions: row.open_actions,
        records: row.records,
        version: row.version,
    })
}

fn load_entries(
    conn: &mut DbConnection,
    framework: &Framework,
    org_id: OrgId,
    space_id: SpaceId,
    conditions: &[String],
) -> StoreResult<Vec<SoaEntry>> {
    let rows: Vec<EntryRow> =
        diesel::sql_query(entries_query(org_id, space_id, conditions)).load(conn)?;
    let themes: HashMap<&str, &str> = framework
        .requirements
        .iter()
        .map(|r| (r.reference.as_str(), r.title.as_str()))
        .collect();
    rows.into_iter()
        .map(|row| {
            let mut entry = to_entry(row)?;
            entry.theme_title = themes.get(entry.theme.as_str()).unwrap_or(&"").to_string();
            Ok(entry)
        })
        .collect()
}

/// The SoA's conditions for a filter; a theme must be one of the framework's sections.
fn conditions(framework: &Framework, filter: &SoaFilter) -> StoreResult<Vec<String>> {
    let mut out = Vec::new();
    if let Some(a) = filter.applicable {
        out.push(if a { "applicable" } else { "NOT applicable" }.to_string());
    }
    if let Some(theme) = &filter.theme {
        if !framework.requirements.iter().any(|r| &r.reference == theme) {
            return Err(StoreError::rule(format!(
                "{} has no theme `{theme}`",
                framework.name
            )));
        }
        out.push(format!("theme = {}", lit(theme)));
    }
    if let Some(status) = filter.status {
        out.push(format!("implementation_status = {}", lit(status.key())));
    }
    if let Some(owner) = filter.owner_id {
        out.push(format!("assignee_id = {}", lit(&owner.to_string())));
    }
    match filter.gap {
        Some(Gap::NoEvidence) => {
            out.push("applicable AND policies = 0 AND documents = 0 AND records = 0".into())
        }
        Some(Gap::Unjustified) => out.push("NOT applicable AND TRIM(justification) = ''".into()),
        Some(Gap::OpenActions) => out.push("open_actions > 0".into()),
        Some(Gap::NoOwner) => out.push("applicable AND assignee_id IS NULL".into()),
        None => {}
    }
    Ok(out)
}

/// The SoA of a framework (by default the current one), filtered: one query for the entries
/// whatever the filter, after finding the project.
pub fn list(conn: &mut DbConnection, org_id: OrgId, filter: &SoaFilter) -> StoreResult<Soa> {
    let (framework, space_id) = resolve(conn, org_id, filter.framework.as_deref())?;
    let conditions = conditions(framework, filter)?;
    let data = load_entries(conn, framework, org_id, space_id.into(), &conditions)?;
    Ok(Soa {
        framework_id: framework.id.clone(),
        framework_name: framework.name.clone(),
        space_id,
        data,
    })
}

/// One control's SoA entry by its item; not found when the item is no SoA control.
pub fn entry(conn: &mut DbConnection, org_id: OrgId, item_id: ItemId) -> StoreResult<SoaEntry> {
    let (framework_id, space_id): (String, String) = soa_entries::table
        .filter(soa_entries::org_id.eq(org_id))
        .filter(soa_entries::item_id.eq(item_id))
        .select((soa_entries::framework_id, soa_entries::space_id))
        .first(conn)?;
    let framework = frameworks::find(&framework_id)?;
    load_entries(
        conn,
        framework,
        org_id,
        uuid(&space_id)?.into(),
        &[format!("item_id = {}", lit(&item_id.to_string()))],
    )?
    .pop()
    .ok_or(StoreError::NotFound)
}

#[derive(QueryableByName)]
struct CoverageRow {
    #[diesel(sql_type = Text)]
    theme: String,
    #[diesel(sql_type = BigInt)]
    controls: i64,
    #[diesel(sql_type = BigInt)]
    applicable: i64,
    #[diesel(sql_type = BigInt)]
    implemented: i64,
    #[diesel(sql_type = BigInt)]
    partial: i64,
}

/// Implementation coverage by theme and overall, in one aggregate query.
pub fn coverage(
    conn: &mut DbConnection,
    org_id: OrgId,
    framework: Option<&str>,
) -> StoreResult<SoaCoverage> {
    let (framework, space_id) = resolve(conn, org_id, framework)?;
    let sql = format!(
        "SELECT e.theme AS theme, COUNT(*) AS controls, \
         COALESCE(SUM(CASE WHEN e.applicable THEN 1 ELSE 0 END), 0) AS applicable, \
         COALESCE(SUM(CASE WHEN e.applicable AND e.implementation_status = 'implemented' THEN 1 ELSE 0 END), 0) AS implemented, \
         COALESCE(SUM(CASE WHEN e.applicable AND e.implementation_status = 'partial' THEN 1 ELSE 0 END), 0) AS partial \
         FROM soa_entries e JOIN items i ON i.id = e.item_id \
         WHERE e.org_id = {} AND e.space_id = {} AND i.archived_at IS NULL \
         GROUP BY e.theme",
        lit(&org_id.to_string()),
        lit(&space_id.to_string())
    );
    let rows: Vec<CoverageRow> = diesel::sql_query(sql).load(conn)?;
    let by_theme: HashMap<&str, &CoverageRow> =
        rows.iter().map(|r| (r.theme.as_str(), r)).collect();
    let themes: Vec<Coverage> = framework
        .requirements
        .iter()
        .filter_map(|t| {
            by_theme.get(t.reference.as_str()).map(|r| {
                Coverage::new(
                    t.reference.clone(),
                    t.title.clone(),
                    r.controls,
                    r.applicable,
                    r.implemented,
                    r.partial,
                )
            })
        })
        .collect();
    let sum = |f: fn(&Coverage) -> i64| themes.iter().map(f).sum::<i64>();
    let overall = Coverage::new(
        "all".into(),
        framework.name.clone(),
        sum(|c| c.controls),
        sum(|c| c.applicable),
        sum(|c| c.implemented),
        sum(|c| c.partial),
    );
    Ok(SoaCoverage {
        framework_id: framework.id.clone(),
        themes,
        overall,
    })
}

#[derive(QueryableByName)]
struct RelationRow {
    #[diesel(sql_type = Text)]
    control_id: String,
    #[diesel(sql_type = Text)]
    other_id: String,
    #[diesel(sql_type = BigInt)]
    number: i64,
    #[diesel(sql_type = Text)]
    title: String,
    #[diesel(sql_type = Text)]
    template_key: String,
    #[diesel(sql_type = Bool)]
    resolved: bool,
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

/// What every control of an SoA project is linked to, by control item: linked policies, risks
/// and open corrective actions (one query) and attached documents (one query).
pub fn relations(
    conn: &mut DbConnection,
    org_id: OrgId,
    space_id: SpaceId,
) -> StoreResult<HashMap<Uuid, ControlRelations>> {
    let sql = format!(
        "{} ORDER BY number",
        control_links(&org_id.to_string(), &space_id.to_string())
    );
    let rows: Vec<RelationRow> = diesel::sql_query(sql).load(conn)?;
    let mut out: HashMap<Uuid, ControlRelations> = HashMap::new();
    for row in rows {
        let record = RelatedRecord {
            item_id: Some(uuid(&row.other_id)?),
            title: label(row.number, &row.title),
            url: None,
        };
        let relations = out.entry(uuid(&row.control_id)?).or_default();
        match row.template_key.as_str() {
            POLICIES => relations.policies.push(record),
            RISKS => relations.risks.push(record),
            CORRECTIVE_ACTIONS | QMS_ACTIONS if !row.resolved => {
                relations.open_actions.push(record)
            }
            CORRECTIVE_ACTIONS | QMS_ACTIONS => {}
            _ => relations.records.push(record),
        }
    }
    let (org, space) = (lit(&org_id.to_string()), lit(&space_id.to_string()));
    let docs: Vec<DocumentRow> = diesel::sql_query(format!(
        "SELECT d.item_id, d.title, d.url FROM item_documents d \
         JOIN soa_entries e ON e.item_id = d.item_id \
         WHERE d.org_id = {org} AND e.space_id = {space} ORDER BY d.created_at"
    ))
    .load(conn)?;
    for d in docs {
        out.entry(uuid(&d.item_id)?)
            .or_default()
            .documents
            .push(RelatedRecord {
                item_id: None,
                title: d.title,
                url: Some(d.url),
            });
    }
    Ok(out)
}
