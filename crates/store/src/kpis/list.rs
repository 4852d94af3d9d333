//! The KPI list: every live KPI with its definition, latest reading, status and when the next
//! reading is due — three queries whatever the number of KPIs.

use super::readings::to_reading;
use super::{DefinitionRow, TRACKER, definition_columns, to_definition, tracker_space};
use crate::clock::uuid;
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::frameworks::soa::lit;
use crate::schema::{items, kpi_definitions, space_statuses, spaces, users};
use annex_domain::OrgId;
use annex_domain::kpis::{
    KpiDefinition, KpiFilter, KpiList, KpiReading, KpiStatus, KpiSummary, next_due, overdue,
};
use annex_domain::page::{Cursor, Page};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{Date, Double, Nullable, Text, Timestamp};
use std::collections::HashMap;
use uuid::Uuid;

type KpiRow = (
    String,
    i64,
    String,
    Option<String>,
    Option<bool>,
    Option<String>,
    Option<String>,
    Option<DefinitionRow>,
);

#[derive(QueryableByName)]
struct LatestRow {
    #[diesel(sql_type = Text)]
    id: String,
    #[diesel(sql_type = Text)]
    item_id: String,
    #[diesel(sql_type = Date)]
    period: NaiveDate,
    #[diesel(sql_type = Double)]
    value: f64,
    #[diesel(sql_type = Text)]
    note: String,
    #[diesel(sql_type = Nullable<Text>)]
    recorded_by: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    recorded_by_name: Option<String>,
    #[diesel(sql_type = Timestamp)]
    recorded_at: NaiveDateTime,
}

/// A page of the KPI list, by number; `status` and `overdue` narrow it. A bad `limit` or
/// `cursor` is an error naming it.
pub fn list(
    conn: &mut DbConnection,
    org_id: OrgId,
    filter: &KpiFilter,
    today: NaiveDate,
) -> StoreResult<KpiList> {
    let limit = filter.limit().map_err(|e| StoreError::field("limit", e))?;
    let after = filter
        .cursor
        .as_deref()
        .map(Cursor::decode)
        .transpose()
        .map_err(|e| StoreError::field("cursor", e.to_string()))?
        .map(|c| (c.key.parse::<i64>().unwrap_or(i64::MAX), c.id));
    let (space_id, kpis) = all_kpis(conn, org_id, today)?;
    let chosen: Vec<KpiSummary> = kpis
        .into_iter()
        .filter(|k| filter.status.is_none_or(|s| k.status == s))
        .filter(|k| filter.overdue.is_none_or(|o| k.overdue == o))
        .collect();
    let total = chosen.len() as i64;
    let rows: Vec<KpiSummary> = chosen
        .into_iter()
        .filter(|k| after.is_none_or(|a| (k.number, k.item_id) > a))
        .take(usize::try_from(limit).unwrap_or(usize::MAX) + 1)
        .collect();
    let page = Page::from_rows(rows, limit, total, |k| Cursor {
        key: k.number.to_string(),
        id: k.item_id,
    });
    Ok(KpiList {
        space_id,
        data: page.data,
        next_cursor: page.next_cursor,
        total,
    })
}

/// Every live KPI of the organisation's KPI trackers, by number, with its definition (the
/// undefined default where there is none), latest reading, status and due date. Not found when
/// the organisation has no KPI tracker.
pub fn all_kpis(
    conn: &mut DbConnection,
    org_id: OrgId,
    today: NaiveDate,
) -> StoreResult<(Uuid, Vec<KpiSummary>)> {
    let space_id = tracker_space(conn, org_id)?;
    let org = org_id.to_string();
    let rows: Vec<KpiRow> = items::table
        .inner_join(spaces::table.on(spaces::id.eq(items::space_id)))
        .left_join(space_statuses::table.on(space_statuses::id.nullable().eq(items::status_id)))
        .left_join(users::table.on(users::id.nullable().eq(items::assignee_id)))
        .left_join(kpi_definitions::table.on(kpi_definitions::item_id.eq(items::id)))
        .filter(items::org_id.eq(&org))
        .filter(spaces::template_key.eq(TRACKER))
        .filter(spaces::archived_at.is_null())
        .filter(items::archived_at.is_null())
        .order((items::number, items::id))
        .select((
            items::id,
            items::number,
            items::title,
            space_statuses::name.nullable(),
            space_statuses::resolved.nullable(),
            items::assignee_id,
            users::display_name.nullable(),
            definition_columns!().nullable(),
        ))
        .load(conn)?;
    let mut latest = latest_readings(conn, org_id)?;
    let data = rows
        .into_iter()
        .map(
            |(id, number, title, item_status, resolved, owner, owner_name, def)| {
                let item_id = uuid(&id)?;
                let definition = def
                    .map(to_definition)
                    .transpose()?
                    .unwrap_or_else(|| KpiDefinition::undefined(item_id, today));
                let latest: Option<KpiReading> = latest
                    .remove(&id)
                    .map(|row| to_reading(&definition, row))
                    .transpose()?;
                let last_period = latest.as_ref().map(|r| r.period);
                let resolved = resolved.unwrap_or(false);
                Ok(KpiSummary {
                    item_id,
                    number,
                    title,
                    item_status,
                    resolved,
                    owner_id: owner.as_deref().map(uuid).transpose()?,
                    owner_name,
                    status: latest.as_ref().map_or(KpiStatus::None, |r| r.status),
                    next_due: next_due(&definition, last_period),
                    overdue: !resolved && overdue(&definition, last_period, today),
                    definition,
                    latest,
                })
            },
        )
        .collect::<StoreResult<_>>()?;
    Ok((space_id, data))
}

/// The latest reading (by period) of each KPI of the organisation, by item id: one query.
fn latest_readings(
    conn: &mut DbConnection,
    org_id: OrgId,
) -> StoreResult<HashMap<String, super::readings::ReadingRow>> {
    let org = lit(&org_id.to_string());
    let sql = format!(
        "SELECT r.id, r.item_id, r.period, r.value, r.note, r.recorded_by, \
         u.display_name AS recorded_by_name, r.recorded_at FROM kpi_readings r \
         JOIN (SELECT item_id, MAX(period) AS period FROM kpi_readings WHERE org_id = {org} \
         GROUP BY item_id) m ON m.item_id = r.item_id AND m.period = r.period \
         LEFT JOIN users u ON u.id = r.recorded_by WHERE r.org_id = {org}"
    );
    let rows: Vec<LatestRow> = diesel::sql_query(sql).load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.item_id.clone(),
                (
                    r.id,
                    r.item_id,
                    r.period,
                    r.value,
                    r.note,
                    r.recorded_by,
                    r.recorded_by_name,
                    r.recorded_at,
                ),
            )
        })
        .collect())
}
