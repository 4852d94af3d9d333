//! The management review inputs (clause 9.3.2) of an item of the ISMS Board project, gathered
//! from live records over a period: a fixed number of queries whatever the number of records.

use crate::clock::{utc, uuid};
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::frameworks::soa::{CORRECTIVE_ACTIONS, lit};
use crate::programme::{self, field, field_lit, option_label, space_of};
use crate::schema::{items, risk_readings, space_statuses, spaces, users};
use annex_domain::audits::management_review::{
    ActionLine, AuditSection, BoardItem, KpiLine, KpiSection, ManagementReviewInputs,
    NonconformitySection, PreviousActions, RiskChange, RiskLine, RiskSection, changes_since,
    is_overdue, level_of,
};
use annex_domain::programme::{NOT_SET, add_to, findings_by_kind};
use annex_domain::risk::register::{Reading, ReadingKind};
use annex_domain::work::items::Item;
use annex_domain::{ItemId, OrgId, SpaceId};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Date, Nullable, Text, Timestamp};
use std::collections::HashMap;
use uuid::Uuid;

/// The template key of the ISMS Board project.
pub const BOARD: &str = "isms-board";
/// The Source of corrective actions that come from management reviews.
pub const FROM_REVIEW: &str = "Management review";

/// The item if it belongs to an ISMS Board project of the organisation; not found otherwise.
pub fn require_board_item(
    conn: &mut DbConnection,
    org_id: OrgId,
    item_id: ItemId,
) -> StoreResult<Item> {
    let on_board: i64 = items::table
        .inner_join(spaces::table)
        .filter(items::org_id.eq(org_id))
        .filter(items::id.eq(item_id))
        .filter(spaces::template_key.eq(BOARD))
        .count()
        .get_result(conn)?;
    if on_board == 0 {
        return Err(StoreError::NotFound);
    }
    crate::work::items::get(conn, org_id, item_id.into())
}

/// The inputs of the review `item_id` is part of, over `since` to `today`.
pub fn inputs(
    conn: &mut DbConnection,
    org_id: OrgId,
    item_id: ItemId,
    since: NaiveDate,
    today: NaiveDate,
) -> StoreResult<ManagementReviewInputs> {
    let item = require_board_item(conn, org_id, item_id)?;
    let organisation = crate::access::organisations::get(conn, org_id)?.name;
    let actions = action_lines(conn, org_id, since, today)?;
    let from_review: Vec<ActionLine> = actions
        .iter()
        .filter(|a| a.source.as_deref() == Some(FROM_REVIEW))
        .cloned()
        .collect();
    let raised: Vec<ActionLine> = actions
        .into_iter()
        .filter(|a| a.raised_on >= since)
        .collect();
    let mut by_severity = Vec::new();
    for a in &raised {
        add_to(
            &mut by_severity,
            a.severity.as_deref().unwrap_or(NOT_SET),
            1,
        );
    }
    let kpis = programme::kpis(conn, org_id, today)?.map(|(rag, list)| KpiSection {
        rag,
        kpis: list
            .into_iter()
            .filter(|k| !k.resolved)
            .map(|k| KpiLine {
                item_id: k.item_id,
                number: k.number,
                title: k.title,
                unit: k.definition.unit,
                value: k.latest.as_ref().map(|r| r.value),
                period: k.latest.as_ref().map(|r| r.period),
                status: k.status,
                overdue: k.overdue,
                next_due: k.next_due,
                owner_name: k.owner_name,
            })
            .collect(),
    });
    let audits = programme::audits(conn, org_id)?.map(|p| AuditSection {
        done: p
            .audits
            .iter()
            .filter(|(a, changed)| a.resolved && a.due.unwrap_or(*changed) >= since)
            .map(|(a, _)| a.clone())
            .collect(),
        findings: findings_by_kind(
            p.findings
                .iter()
                .filter(|f| f.raised_at.date_naive() >= since)
                .map(|f| (f.kind, f.resolved)),
        ),
    });
    let risks = match programme::risks(conn, org_id)? {
        Some((figures, register)) => Some(RiskSection {
            figures,
            changes: risk_changes(conn, org_id, &register, since)?,
            above_appetite: register
                .iter()
                .filter(|r| !r.resolved && r.above_appetite)
                .map(|r| RiskLine {
                    item_id: r.item_id,
                    number: r.number,
                    title: r.title.clone(),
                    owner_name: r.owner_name.clone(),
                    level: r
                        .current
                        .as_ref()
                        .or(r.original.as_ref())
                        .and_then(level_of),
                })
                .collect(),
        }),
        None => None,
    };
    Ok(ManagementReviewInputs {
        item_id: item_id.into(),
        item_title: item.title,
        organisation,
        generated_on: today,
        since,
        until: today,
        actions: PreviousActions {
            open: from_review.iter().filter(|a| !a.resolved).count() as i64,
            done: from_review.iter().filter(|a| a.resolved).count() as i64,
            overdue: from_review.iter().filter(|a| a.overdue).count() as i64,
            actions: from_review,
            board_items: board_items(conn, org_id, item.space_id.into(), today)?,
        },
        kpis,
        nonconformities: NonconformitySection {
            raised: raised.len() as i64,
            open: raised.iter().filter(|a| !a.resolved).count() as i64,
            overdue: raised.iter().filter(|a| a.overdue).count() as i64,
            by_severity,
            actions: raised,
        },
        audits,
        risks,
        packs: programme::packs(conn, org_id)?,
        soa: programme::soa_progress(conn, org_id)?,
    })
}

#[derive(QueryableByName)]
struct ActionRow {
    #[diesel(sql_type = Text)]
    id: String,
    #[diesel(sql_type = BigInt)]
    number: i64,
    #[diesel(sql_type = Text)]
    title: String,
    #[diesel(sql_type = Nullable<Text>)]
    status: Option<String>,
    #[diesel(sql_type = Bool)]
    resolved: bool,
    #[diesel(sql_type = Nullable<Text>)]
    owner_name: Option<String>,
    #[diesel(sql_type = Nullable<Date>)]
    due: Option<NaiveDate>,
    #[diesel(sql_type = Timestamp)]
    created_at: NaiveDateTime,
    #[diesel(sql_type = Nullable<Text>)]
    source: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    severity: Option<String>,
}

/// Corrective actions from management reviews (any date) or raised on or after `since`, by
/// number: one query.
fn action_lines(
    conn: &mut DbConnection,
    org_id: OrgId,
    since: NaiveDate,
    today: NaiveDate,
) -> StoreResult<Vec<ActionLine>> {
    let Some(space) = space_of(conn, org_id, CORRECTIVE_ACTIONS)? else {
        return Ok(Vec::new());
    };
    let (source, severity) = (field(&space, "Source"), field(&space, "Severity"));
    let review_option = source
        .and_then(|f| f.options.iter().find(|o| o.label == FROM_REVIEW))
        .map(|o| lit(&serde_json::Value::String(o.id.to_string()).to_string()))
        .unwrap_or_else(|| lit(""));
    let sql = format!(
        "SELECT i.id, i.number, i.title, s.name AS status, COALESCE(s.resolved, FALSE) AS resolved, \
         u.display_name AS owner_name, i.due_date AS due, i.created_at, \
         src.value_json AS source, sev.value_json AS severity \
         FROM items i LEFT JOIN space_statuses s ON s.id = i.status_id \
         LEFT JOIN users u ON u.id = i.assignee_id \
         LEFT JOIN item_values src ON src.item_id = i.id AND src.field_id = {source_id} \
         LEFT JOIN item_values sev ON sev.item_id = i.id AND sev.field_id = {severity_id} \
         WHERE i.org_id = {org} AND i.space_id = {space_id} AND i.archived_at IS NULL \
         AND (src.value_json = {review_option} OR i.created_at >= {since}) \
         ORDER BY i.number",
        source_id = field_lit(source),
        severity_id = field_lit(severity),
        org = lit(&org_id.to_string()),
        space_id = lit(&space.id.to_string()),
        since = lit(&since.to_string()),
    );
    let rows: Vec<ActionRow> = diesel::sql_query(sql).load(conn)?;
    rows.into_iter()
        .map(|r| {
            Ok(ActionLine {
                item_id: uuid(&r.id)?,
                number: r.number,
                title: r.title,
                status: r.status,
                resolved: r.resolved,
                overdue: is_overdue(r.resolved, r.due, today),
                source: option_label(source, r.source.as_deref()),
                severity: option_label(severity, r.severity.as_deref()),
                owner_name: r.owner_name,
                due: r.due,
                raised_on: r.created_at.date(),
            })
        })
        .collect()
}

type BoardRow = (
    String,
    i64,
    String,
    Option<String>,
    Option<bool>,
    Option<String>,
    Option<NaiveDate>,
);

/// The open activities of the board's project, earliest due first (undated last).
fn board_items(
    conn: &mut DbConnection,
    org_id: OrgId,
    space_id: SpaceId,
    today: NaiveDate,
) -> StoreResult<Vec<BoardItem>> {
    let rows: Vec<BoardRow> = items::table
        .left_join(space_statuses::table.on(space_statuses::id.nullable().eq(items::status_id)))
        .left_join(users::table.on(users::id.nullable().eq(items::assignee_id)))
        .filter(items::org_id.eq(org_id))
        .filter(items::space_id.eq(space_id))
        .filter(items::archived_at.is_null())
        .filter(items::kind.eq("activity"))
        .select((
            items::id,
            items::number,
            items::title,
            space_statuses::name.nullable(),
            space_statuses::resolved.nullable(),
            users::display_name.nullable(),
            items::due_date,
        ))
        .load(conn)?;
    let mut open: Vec<BoardItem> = rows
        .into_iter()
        .filter(|r| r.4 != Some(true))
        .map(|r| {
            Ok(BoardItem {
                item_id: uuid(&r.0)?,
                number: r.1,
                title: r.2,
                status: r.3,
                assignee_name: r.5,
                overdue: is_overdue(false, r.6, today),
                due: r.6,
            })
        })
        .collect::<StoreResult<_>>()?;
    open.sort_by_key(|b| (b.due.is_none(), b.due, b.number));
    Ok(open)
}

type ReadingRow = (
    String,
    String,
    String,
    i32,
    i32,
    String,
    Option<String>,
    NaiveDateTime,
);

/// Readings of the live risks taken on or after `since`, each with the level it moved the risk
/// from: two queries (the risks read in the period, then their original and current readings).
fn risk_changes(
    conn: &mut DbConnection,
    org_id: OrgId,
    register: &[annex_domain::risk::register::RiskSummary],
    since: NaiveDate,
) -> StoreResult<Vec<RiskChange>> {
    let matrix = crate::risk::matrix::get(conn, org_id)?.matrix;
    let org = org_id.to_string();
    let start = since.and_hms_opt(0, 0, 0).unwrap_or_default();
    let read_lately: Vec<String> = risk_readings::table
        .filter(risk_readings::org_id.eq(&org))
        .filter(risk_readings::recorded_at.ge(start))
        .select(risk_readings::item_id)
        .distinct()
        .load(conn)?;
    let rows: Vec<ReadingRow> = risk_readings::table
        .left_join(users::table.on(users::id.nullable().eq(risk_readings::recorded_by)))
        .filter(risk_readings::org_id.eq(&org))
        .filter(risk_readings::kind.ne(ReadingKind::Target.key()))
        .filter(risk_readings::item_id.eq_any(&read_lately))
        .select((
            risk_readings::id,
            risk_readings::item_id,
            risk_readings::kind,
            risk_readings::likelihood,
            risk_readings::impact,
            risk_readings::note,
            users::display_name.nullable(),
            risk_readings::recorded_at,
        ))
        .load(conn)?;
    let mut by_risk: HashMap<Uuid, Vec<Reading>> = HashMap::new();
    for r in rows {
        let (likelihood, impact) = (
            u8::try_from(r.3).unwrap_or(0),
            u8::try_from(r.4).unwrap_or(0),
        );
        let reading = Reading {
            id: uuid(&r.0)?,
            item_id: uuid(&r.1)?,
            kind: ReadingKind::parse(&r.2).unwrap_or_default(),
            likelihood,
            impact,
            confidentiality: None,
            integrity: None,
            availability: None,
            note: r.5,
            recorded_by: None,
            recorded_by_name: r.6,
            recorded_at: utc(r.7),
            assessment: matrix.assess(likelihood, impact).ok(),
        };
        by_risk.entry(reading.item_id).or_default().push(reading);
    }
    let mut changes = Vec::new();
    for risk in register {
        let Some(readings) = by_risk.get(&risk.item_id) else {
            continue;
        };
        for (from, to) in changes_since(readings, since) {
            changes.push(RiskChange {
                item_id: risk.item_id,
                number: risk.number,
                title: risk.title.clone(),
                recorded_at: to.recorded_at,
                recorded_by_name: to.recorded_by_name.clone(),
                from: from.and_then(level_of),
                to: level_of(to),
                note: to.note.clone(),
            });
        }
    }
    changes.sort_by_key(|c| (c.recorded_at, c.number));
    Ok(changes)
}
