//! Key performance indicators: KPIs are items of the organisation's KPI tracker; each has a
//! definition beside it (unit, kind, direction, thresholds, frequency, and a source when Annex
//! computes it) and one reading per period, rated by the definition in force when read.

use annex_domain::{ItemId, OrgId, UserId};
mod demo;
mod list;
mod readings;
mod schedule;
mod sources;

pub(crate) use demo::load as load_demo;
pub use list::{all_kpis, list};
pub use readings::{compute, readings, record_reading};
pub use schedule::{ScheduleRun, record_due};
pub use sources::measure;

use crate::clock::{now, uuid};
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::events::{self, Change};
use crate::schema::{items, kpi_definitions, spaces};
use crate::versioned;
use annex_domain::events::{SubjectKind, Verb};
use annex_domain::kpis::{DefineKpi, Direction, Frequency, KpiDefinition, KpiKind, KpiSource};
use annex_domain::work::items::Item;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use uuid::Uuid;

/// The template key of the KPI tracker.
pub const TRACKER: &str = "kpis";

/// The organisation's live KPI tracker (the oldest, should it have several); not found when it
/// has none.
pub fn tracker_space(conn: &mut DbConnection, org_id: OrgId) -> StoreResult<Uuid> {
    let id: String = spaces::table
        .filter(spaces::org_id.eq(org_id))
        .filter(spaces::template_key.eq(TRACKER))
        .filter(spaces::archived_at.is_null())
        .order(spaces::created_at)
        .select(spaces::id)
        .first(conn)?;
    uuid(&id)
}

/// The item if it is a KPI (an item of a KPI tracker) of the organisation; not found otherwise.
pub fn require_kpi(conn: &mut DbConnection, org_id: OrgId, item_id: ItemId) -> StoreResult<Item> {
    let in_tracker: i64 = items::table
        .inner_join(spaces::table)
        .filter(items::org_id.eq(org_id))
        .filter(items::id.eq(item_id))
        .filter(spaces::template_key.eq(TRACKER))
        .count()
        .get_result(conn)?;
    if in_tracker == 0 {
        return Err(StoreError::NotFound);
    }
    crate::work::items::get(conn, org_id, item_id.into())
}

pub(crate) type DefinitionRow = (
    String,
    String,
    String,
    String,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    String,
    Option<String>,
    NaiveDateTime,
    i64,
);

macro_rules! definition_columns {
    () => {
        (
            kpi_definitions::item_id,
            kpi_definitions::unit,
            kpi_definitions::kind,
            kpi_definitions::direction,
            kpi_definitions::green,
            kpi_definitions::amber,
            kpi_definitions::exceptional,
            kpi_definitions::frequency,
            kpi_definitions::source,
            kpi_definitions::defined_at,
            kpi_definitions::version,
        )
    };
}
pub(crate) use definition_columns;

pub(crate) fn to_definition(row: DefinitionRow) -> StoreResult<KpiDefinition> {
    Ok(KpiDefinition {
        item_id: uuid(&row.0)?,
        unit: row.1,
        kind: KpiKind::parse(&row.2).unwrap_or_default(),
        direction: Direction::parse(&row.3).unwrap_or_default(),
        green: row.4,
        amber: row.5,
        exceptional: row.6,
        frequency: Frequency::parse(&row.7).unwrap_or_default(),
        source: row.8.as_deref().and_then(KpiSource::parse),
        defined_on: row.9.date(),
        version: row.10,
    })
}

/// The KPI's definition; the undefined default (version 0) until someone defines it.
pub fn definition(
    conn: &mut DbConnection,
    org_id: OrgId,
    item_id: ItemId,
    today: NaiveDate,
) -> StoreResult<KpiDefinition> {
    require_kpi(conn, org_id, item_id)?;
    stored_definition(conn, org_id, item_id, today)
}

fn stored_definition(
    conn: &mut DbConnection,
    org_id: OrgId,
    item_id: ItemId,
    today: NaiveDate,
) -> StoreResult<KpiDefinition> {
    let row: Option<DefinitionRow> = kpi_definitions::table
        .filter(kpi_definitions::org_id.eq(org_id))
        .filter(kpi_definitions::item_id.eq(item_id))
        .select(definition_columns!())
        .first(conn)
        .optional()?;
    Ok(row
        .map(to_definition)
        .transpose()?
        .unwrap_or_else(|| KpiDefinition::undefined(item_id.into(), today)))
}

/// Defines the KPI at `expected` version (0 defines it the first time). Thresholds that do not
/// fit the kind and direction are an error naming the field (422). Recorded as `kpi_defined`
/// with the definition before and after.
pub fn define(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    item_id: ItemId,
    expected: i64,
    req: &DefineKpi,
    today: NaiveDate,
) -> StoreResult<KpiDefinition> {
    req.check()
        .map_err(|e| StoreError::field(e.field(), e.message()))?;
    let before = definition(conn, org_id, item_id, today)?;
    if before.version != expected {
        return Err(StoreError::Stale {
            expected,
            current: before.version,
        });
    }
    let at = now();
    let (org, item) = (org_id.to_string(), item_id.to_string());
    let values = (
        kpi_definitions::unit.eq(req.unit.trim().to_owned()),
        kpi_definitions::kind.eq(req.kind.key()),
        kpi_definitions::direction.eq(req.direction.key()),
        kpi_definitions::green.eq(req.green),
        kpi_definitions::amber.eq(req.amber),
        kpi_definitions::exceptional.eq(req.exceptional),
        kpi_definitions::frequency.eq(req.frequency.key()),
        kpi_definitions::source.eq(req.source.map(KpiSource::key)),
        kpi_definitions::updated_by.eq(Some(actor)),
        kpi_definitions::updated_at.eq(at),
    );
    if expected == 0 {
        diesel::insert_into(kpi_definitions::table)
            .values((
                kpi_definitions::item_id.eq(&item),
                kpi_definitions::org_id.eq(&org),
                kpi_definitions::defined_at.eq(at),
                kpi_definitions::version.eq(1_i64),
                values,
            ))
            .execute(conn)
            // Someone else defined it meanwhile.
            .map_err(|e| match StoreError::from(e) {
                StoreError::Conflict(_) => StoreError::Stale {
                    expected,
                    current: 1,
                },
                other => other,
            })?;
    } else {
        versioned::bump!(
            conn,
            update: kpi_definitions::table
                .filter(kpi_definitions::org_id.eq(&org))
                .filter(kpi_definitions::item_id.eq(&item)),
            version: kpi_definitions::version,
            expected: expected,
            set: (values),
            current: || Ok(stored_definition(conn, org_id, item_id, today)?.version),
        )?;
    }
    let after = stored_definition(conn, org_id, item_id, today)?;
    let mut change = Change::new(
        org_id,
        Some(actor),
        SubjectKind::Item,
        item_id,
        Verb::KpiDefined,
    )
    .after(&after);
    if before.is_defined() {
        change = change.before(&before);
    }
    events::record(conn, change)?;
    Ok(after)
}
