//! The programme's figures from live records, each part in a few aggregate queries whatever the
//! number of records: SoA progress, risks by level, corrective actions by Source and Severity,
//! policy-pack compliance, KPI ratings and the audit programme. The admin Home dashboard and the
//! management review inputs report read them.

use crate::clock::{utc, uuid};
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::frameworks::soa::{CORRECTIVE_ACTIONS, lit};
use crate::schema::{items, space_statuses, spaces, users};
use crate::work::spaces as space_store;
use annex_domain::audits::FindingKind;
use annex_domain::kpis::KpiSummary;
use annex_domain::packs::policy_packs::PackState;
use annex_domain::programme::{
    ActionFigures, AuditFigures, AuditLine, KpiRag, LabelCount, NOT_SET, PackCompliance,
    ProgrammeDashboard, RiskFigures, SoaProgress, add_to, findings_by_kind, upcoming,
};
use annex_domain::risk::register::{RiskFilter, RiskSummary};
use annex_domain::work::fields::FieldDefinition;
use annex_domain::work::spaces::Space;
use annex_domain::{OrgId, SpaceId};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Nullable, Text, Timestamp};
use std::collections::HashMap;
use uuid::Uuid;

/// The template key of the audit programme.
pub const PROGRAMME: &str = crate::audits::PROGRAMME;
/// How many upcoming audits the dashboard lists.
pub const UPCOMING: usize = 5;

/// Everything the admin Home dashboard shows.
pub fn dashboard(
    conn: &mut DbConnection,
    org_id: OrgId,
    today: NaiveDate,
) -> StoreResult<ProgrammeDashboard> {
    Ok(ProgrammeDashboard {
        soa: soa_progress(conn, org_id)?,
        risks: risks(conn, org_id)?.map(|(figures, _)| figures),
        actions: actions(conn, org_id, today)?,
        packs: packs(conn, org_id)?,
        kpis: kpis(conn, org_id, today)?.map(|(rag, _)| rag),
        audits: audits(conn, org_id)?.map(|p| p.figures()),
    })
}

/// A record the organisation does not keep is no figure, not an error.
fn absent<T>(result: StoreResult<T>) -> StoreResult<Option<T>> {
    match result {
        Ok(v) => Ok(Some(v)),
        Err(StoreError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The organisation's oldest live space of a template.
pub(crate) fn space_of(
    conn: &mut DbConnection,
    org_id: OrgId,
    template: &str,
) -> StoreResult<Option<Space>> {
    let id: Option<String> = spaces::table
        .filter(spaces::org_id.eq(org_id))
        .filter(spaces::template_key.eq(template))
        .filter(spaces::archived_at.is_null())
        .order(spaces::created_at)
        .select(spaces::id)
        .first(conn)
        .optional()?;
    id.map(|id| space_store::get(conn, org_id, uuid(&id)?))
        .transpose()
}

/// SoA progress on the organisation's current ISO 27001 edition (one aggregate query).
pub fn soa_progress(conn: &mut DbConnection, org_id: OrgId) -> StoreResult<Option<SoaProgress>> {
    Ok(
        absent(crate::frameworks::soa::coverage(conn, org_id, None))?.map(|c| SoaProgress {
            framework_id: c.framework_id,
            controls: c.overall.controls,
            applicable: c.overall.applicable,
            implemented: c.overall.implemented,
            partial: c.overall.partial,
            not_started: c.overall.not_started,
            implemented_percent: c.overall.implemented_percent,
        }),
    )
}

/// The register's figures and its risks (read once, in a fixed number of queries).
pub fn risks(
    conn: &mut DbConnection,
    org_id: OrgId,
) -> StoreResult<Option<(RiskFigures, Vec<RiskSummary>)>> {
    let Some((space_id, risks)) = absent(crate::risk::risks::all_risks(
        conn,
        org_id,
        &RiskFilter::default(),
    ))?
    else {
        return Ok(None);
    };
    let matrix = crate::risk::matrix::get(conn, org_id)?.matrix;
    Ok(Some((
        RiskFigures::tally(space_id, &matrix.bands, &risks),
        risks,
    )))
}

/// The counts of a select field's options, in option order, all zero.
fn zero_counts(field: Option<&FieldDefinition>) -> Vec<LabelCount> {
    field
        .map(|f| {
            f.options
                .iter()
                .map(|o| LabelCount {
                    label: o.label.clone(),
                    colour: o.colour.as_str().to_owned(),
                    count: 0,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The field of `space` with this name.
pub(crate) fn field<'a>(space: &'a Space, name: &str) -> Option<&'a FieldDefinition> {
    space
        .fields
        .iter()
        .find(|f| f.name.eq_ignore_ascii_case(name))
}

/// The label of a select field's stored value (a JSON string holding the option id).
pub(crate) fn option_label(field: Option<&FieldDefinition>, json: Option<&str>) -> Option<String> {
    let chosen: serde_json::Value = serde_json::from_str(json?).ok()?;
    let chosen = chosen.as_str()?;
    field?
        .options
        .iter()
        .find(|o| o.id.to_string() == chosen)
        .map(|o| o.label.clone())
}

/// The id of a field as an SQL literal; one that matches nothing when the space lacks it.
pub(crate) fn field_lit(field: Option<&FieldDefinition>) -> String {
    lit(&field.map(|f| f.id.to_string()).unwrap_or_default())
}

#[derive(QueryableByName)]
struct ActionGroup {
    #[diesel(sql_type = Nullable<Text>)]
    source: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    severity: Option<String>,
    #[diesel(sql_type = Bool)]
    resolved: bool,
    #[diesel(sql_type = BigInt)]
    n: i64,
    #[diesel(sql_type = BigInt)]
    overdue: i64,
}

/// The corrective-actions tracker's figures: one aggregate query grouped by Source, Severity and
/// whether the status is resolved.
pub fn actions(
    conn: &mut DbConnection,
    org_id: OrgId,
    today: NaiveDate,
) -> StoreResult<Option<ActionFigures>> {
    let Some(space) = space_of(conn, org_id, CORRECTIVE_ACTIONS)? else {
        return Ok(None);
    };
    let (source, severity) = (field(&space, "Source"), field(&space, "Severity"));
    let sql = format!(
        "SELECT src.value_json AS source, sev.value_json AS severity, \
         COALESCE(s.resolved, FALSE) AS resolved, COUNT(*) AS n, \
         COALESCE(SUM(CASE WHEN i.due_date < {today} THEN 1 ELSE 0 END), 0) AS overdue \
         FROM items i LEFT JOIN space_statuses s ON s.id = i.status_id \
         LEFT JOIN item_values src ON src.item_id = i.id AND src.field_id = {source_id} \
         LEFT JOIN item_values sev ON sev.item_id = i.id AND sev.field_id = {severity_id} \
         WHERE i.org_id = {org} AND i.space_id = {space_id} AND i.archived_at IS NULL \
         GROUP BY src.value_json, sev.value_json, COALESCE(s.resolved, FALSE)",
        today = lit(&today.to_string()),
        source_id = field_lit(source),
        severity_id = field_lit(severity),
        org = lit(&org_id.to_string()),
        space_id = lit(&space.id.to_string()),
    );
    let groups: Vec<ActionGroup> = diesel::sql_query(sql).load(conn)?;
    let mut figures = ActionFigures {
        space_id: Some(space.id),
        by_source: zero_counts(source),
        by_severity: zero_counts(severity),
        ..ActionFigures::default()
    };
    for g in groups {
        figures.total += g.n;
        if g.resolved {
            continue;
        }
        figures.open += g.n;
        figures.overdue += g.overdue;
        let label = |f, json: &Option<String>| {
            option_label(f, json.as_deref()).unwrap_or_else(|| NOT_SET.to_owned())
        };
        add_to(&mut figures.by_source, &label(source, &g.source), g.n);
        add_to(&mut figures.by_severity, &label(severity, &g.severity), g.n);
    }
    Ok(Some(figures))
}

/// Where each published pack stands with its audience.
pub fn packs(conn: &mut DbConnection, org_id: OrgId) -> StoreResult<Vec<PackCompliance>> {
    Ok(crate::packs::policy_packs::list(conn, org_id)?
        .into_iter()
        .filter(|p| p.state == PackState::Published)
        .map(|p| PackCompliance {
            item_id: p.item_id,
            name: p.name,
            version: p.version,
            audience: p.progress.audience,
            read: p.progress.read,
            accepted: p.progress.accepted,
            read_percent: p.progress.read_percent,
            accepted_percent: p.progress.accepted_percent,
        })
        .collect())
}

/// KPI ratings and the KPIs behind them.
pub fn kpis(
    conn: &mut DbConnection,
    org_id: OrgId,
    today: NaiveDate,
) -> StoreResult<Option<(KpiRag, Vec<KpiSummary>)>> {
    Ok(absent(crate::kpis::all_kpis(conn, org_id, today))?
        .map(|(_, kpis)| (KpiRag::tally(&kpis), kpis)))
}

/// A finding: a corrective action linked to an audit of the programme.
pub struct FindingRow {
    pub audit_id: Uuid,
    pub kind: Option<FindingKind>,
    pub resolved: bool,
    pub raised_at: DateTime<Utc>,
}

/// The audit programme as read: its audits (activities) with the day each last changed, and
/// its findings.
pub struct Programme {
    pub space_id: SpaceId,
    pub audits: Vec<(AuditLine, NaiveDate)>,
    pub findings: Vec<FindingRow>,
}

impl Programme {
    /// The dashboard's view of it.
    pub fn figures(&self) -> AuditFigures {
        let lines: Vec<AuditLine> = self.audits.iter().map(|(a, _)| a.clone()).collect();
        AuditFigures {
            space_id: Some(self.space_id.into()),
            audits: lines.len() as i64,
            done: lines.iter().filter(|a| a.resolved).count() as i64,
            upcoming: upcoming(&lines, UPCOMING),
            findings: findings_by_kind(self.findings.iter().map(|f| (f.kind, f.resolved))),
        }
    }
}

type ProgrammeRow = (
    String,
    i64,
    Option<String>,
    String,
    String,
    Option<String>,
    Option<bool>,
    Option<String>,
    Option<NaiveDate>,
    Option<NaiveDate>,
    NaiveDateTime,
);

#[derive(QueryableByName)]
struct LinkedFinding {
    #[diesel(sql_type = Text)]
    audit_id: String,
    #[diesel(sql_type = Nullable<Text>)]
    severity: Option<String>,
    #[diesel(sql_type = Bool)]
    resolved: bool,
    #[diesel(sql_type = Timestamp)]
    raised_at: NaiveDateTime,
}

/// The audit programme: its items in one query, its findings (corrective actions linked to its
/// audits) in another.
pub fn audits(conn: &mut DbConnection, org_id: OrgId) -> StoreResult<Option<Programme>> {
    let Some(space) = space_of(conn, org_id, PROGRAMME)? else {
        return Ok(None);
    };
    let rows: Vec<ProgrammeRow> = items::table
        .left_join(space_statuses::table.on(space_statuses::id.nullable().eq(items::status_id)))
        .left_join(users::table.on(users::id.nullable().eq(items::assignee_id)))
        .filter(items::org_id.eq(org_id))
        .filter(items::space_id.eq(space.id.to_string()))
        .filter(items::archived_at.is_null())
        .order((items::position, items::number))
        .select((
            items::id,
            items::number,
            items::parent_id,
            items::kind,
            items::title,
            space_statuses::name.nullable(),
            space_statuses::resolved.nullable(),
            users::display_name.nullable(),
            items::start_date,
            items::due_date,
            items::updated_at,
        ))
        .load(conn)?;
    let findings = linked_findings(conn, org_id, space.id)?;
    let mut per_audit: HashMap<Uuid, i64> = HashMap::new();
    for f in &findings {
        *per_audit.entry(f.audit_id).or_default() += 1;
    }
    let parents: HashMap<&str, (Option<&str>, &str)> = rows
        .iter()
        .map(|r| (r.0.as_str(), (r.2.as_deref(), r.4.as_str())))
        .collect();
    let phase_of = |id: &str| {
        let mut at = id;
        for _ in 0..parents.len() {
            match parents.get(at) {
                Some((Some(parent), _)) => at = parent,
                Some((None, title)) => return (*title).to_owned(),
                None => break,
            }
        }
        String::new()
    };
    let audits = rows
        .iter()
        .filter(|r| r.3 == "activity")
        .map(|r| {
            let item_id = uuid(&r.0)?;
            Ok((
                AuditLine {
                    item_id,
                    number: r.1,
                    title: r.4.clone(),
                    phase: phase_of(&r.0),
                    status: r.5.clone(),
                    resolved: r.6.unwrap_or(false),
                    assignee_name: r.7.clone(),
                    start: r.8,
                    due: r.9,
                    findings: per_audit.get(&item_id).copied().unwrap_or(0),
                },
                r.10.date(),
            ))
        })
        .collect::<StoreResult<_>>()?;
    Ok(Some(Programme {
        space_id: space.id.into(),
        audits,
        findings,
    }))
}

/// Corrective actions linked to an activity of the programme, with the audit, kind, state and
/// when raised: one query (links are undirected, so both ends are tried).
fn linked_findings(
    conn: &mut DbConnection,
    org_id: OrgId,
    programme: Uuid,
) -> StoreResult<Vec<FindingRow>> {
    let Some(actions) = space_of(conn, org_id, CORRECTIVE_ACTIONS)? else {
        return Ok(Vec::new());
    };
    let severity = field(&actions, "Severity");
    let (org, programme_id, actions_id, severity_id) = (
        lit(&org_id.to_string()),
        lit(&programme.to_string()),
        lit(&actions.id.to_string()),
        field_lit(severity),
    );
    let side = |audit: &str, action: &str| {
        format!(
            "SELECT a.id AS audit_id, sev.value_json AS severity, \
             COALESCE(s.resolved, FALSE) AS resolved, c.created_at AS raised_at \
             FROM links l JOIN items a ON a.id = l.{audit} JOIN items c ON c.id = l.{action} \
             LEFT JOIN space_statuses s ON s.id = c.status_id \
             LEFT JOIN item_values sev ON sev.item_id = c.id AND sev.field_id = {severity_id} \
             WHERE l.org_id = {org} AND a.space_id = {programme_id} AND a.kind = 'activity' \
             AND a.archived_at IS NULL AND c.space_id = {actions_id} AND c.archived_at IS NULL"
        )
    };
    let rows: Vec<LinkedFinding> = diesel::sql_query(format!(
        "{} UNION ALL {}",
        side("a_id", "b_id"),
        side("b_id", "a_id")
    ))
    .load(conn)?;
    rows.into_iter()
        .map(|r| {
            Ok(FindingRow {
                audit_id: uuid(&r.audit_id)?,
                kind: option_label(severity, r.severity.as_deref())
                    .as_deref()
                    .and_then(FindingKind::from_label),
                resolved: r.resolved,
                raised_at: utc(r.raised_at),
            })
        })
        .collect()
}
