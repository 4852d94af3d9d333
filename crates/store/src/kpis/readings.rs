//! A KPI's readings: one value per period, entered by hand or measured by Annex, each rated by
//! the definition in force when read.

use super::{require_kpi, stored_definition};
use crate::clock::{new_id, now, utc, uuid};
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::events::{self, Change};
use crate::schema::{kpi_readings, users};
use annex_domain::events::{SubjectKind, Verb};
use annex_domain::kpis::{KpiDefinition, KpiReading, RecordKpiReading, evaluate};
use annex_domain::{ItemId, OrgId, UserId};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde_json::json;

pub(crate) type ReadingRow = (
    String,
    String,
    NaiveDate,
    f64,
    String,
    Option<String>,
    Option<String>,
    NaiveDateTime,
);

macro_rules! reading_columns {
    () => {
        (
            kpi_readings::id,
            kpi_readings::item_id,
            kpi_readings::period,
            kpi_readings::value,
            kpi_readings::note,
            kpi_readings::recorded_by,
            users::display_name.nullable(),
            kpi_readings::recorded_at,
        )
    };
}

pub(crate) fn to_reading(def: &KpiDefinition, row: ReadingRow) -> StoreResult<KpiReading> {
    Ok(KpiReading {
        id: uuid(&row.0)?,
        item_id: uuid(&row.1)?,
        period: row.2,
        value: row.3,
        note: row.4,
        recorded_by: row.5.as_deref().map(uuid).transpose()?,
        recorded_by_name: row.6,
        recorded_at: utc(row.7),
        status: evaluate(def, row.3),
    })
}

/// Every reading of a KPI, oldest period first, rated by its definition.
pub fn readings(
    conn: &mut DbConnection,
    org_id: OrgId,
    item_id: ItemId,
    today: NaiveDate,
) -> StoreResult<Vec<KpiReading>> {
    require_kpi(conn, org_id, item_id)?;
    let def = stored_definition(conn, org_id, item_id, today)?;
    let rows: Vec<ReadingRow> = kpi_readings::table
        .left_join(users::table.on(users::id.nullable().eq(kpi_readings::recorded_by)))
        .filter(kpi_readings::org_id.eq(org_id))
        .filter(kpi_readings::item_id.eq(item_id))
        .order(kpi_readings::period)
        .select(reading_columns!())
        .load(conn)?;
    rows.into_iter().map(|r| to_reading(&def, r)).collect()
}

/// Records a hand-entered KPI's value for a period (the current one unless the request names
/// another that has started). Computed KPIs take no hand-entered values (409); a period that
/// has its reading already is a conflict unless the request says `replace`.
pub fn record_reading(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    item_id: ItemId,
    req: &RecordKpiReading,
    today: NaiveDate,
) -> StoreResult<KpiReading> {
    require_kpi(conn, org_id, item_id)?;
    let def = stored_definition(conn, org_id, item_id, today)?;
    if let Some(source) = def.source {
        return Err(StoreError::Conflict(format!(
            "this KPI is measured by Annex ({}); measure it now instead of entering a value",
            source.label()
        )));
    }
    if !req.value.is_finite() {
        return Err(StoreError::field("value", "must be a finite number"));
    }
    let period = req
        .period_start(def.frequency, today)
        .map_err(|e| StoreError::field("period", format!("{} has not started yet", e.0)))?;
    let entry = Entry {
        period,
        value: req.value,
        note: req.note.trim(),
        at: now(),
    };
    write(conn, org_id, Some(actor), &def, &entry, req.replace)
}

/// Measures a computed KPI now and records the value for the current period, replacing the
/// period's earlier measurement. KPIs entered by hand are a conflict; a source that cannot
/// measure breaks a rule. `actor` is absent when Annex measures on its schedule.
pub fn compute(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: Option<UserId>,
    item_id: ItemId,
    today: NaiveDate,
) -> StoreResult<KpiReading> {
    require_kpi(conn, org_id, item_id)?;
    let def = stored_definition(conn, org_id, item_id, today)?;
    let source = def.source.ok_or_else(|| {
        StoreError::Conflict("this KPI is entered by hand; record its readings instead".into())
    })?;
    let value = super::sources::measure(conn, org_id, source, today)?;
    let note = format!("Measured by Annex: {}", source.label());
    let entry = Entry {
        period: def.frequency.period_of(today),
        value,
        note: &note,
        at: now(),
    };
    write(conn, org_id, actor, &def, &entry, true)
}

/// A value about to be stored for a period.
pub(crate) struct Entry<'a> {
    pub period: NaiveDate,
    pub value: f64,
    pub note: &'a str,
    pub at: NaiveDateTime,
}

/// Stores the value for its period (replacing the period's reading only when `replace`) and
/// records `kpi_reading_recorded`, with the replaced reading as before.
pub(crate) fn write(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: Option<UserId>,
    def: &KpiDefinition,
    entry: &Entry<'_>,
    replace: bool,
) -> StoreResult<KpiReading> {
    let (org, item) = (org_id.to_string(), def.item_id.to_string());
    let existing: Option<(String, f64, String)> = kpi_readings::table
        .filter(kpi_readings::org_id.eq(&org))
        .filter(kpi_readings::item_id.eq(&item))
        .filter(kpi_readings::period.eq(entry.period))
        .select((kpi_readings::id, kpi_readings::value, kpi_readings::note))
        .first(conn)
        .optional()?;
    let label = def.frequency.period_label(entry.period);
    let recorded_by = actor.map(|a| a.to_string());
    let id = match &existing {
        Some((_, value, _)) if !replace => {
            return Err(StoreError::Conflict(format!(
                "{label} has its reading already ({value}); send replace: true to replace it"
            )));
        }
        Some((id, _, _)) => {
            diesel::update(kpi_readings::table.filter(kpi_readings::id.eq(id)))
                .set((
                    kpi_readings::value.eq(entry.value),
                    kpi_readings::note.eq(entry.note),
                    kpi_readings::recorded_by.eq(&recorded_by),
                    kpi_readings::recorded_at.eq(entry.at),
                ))
                .execute(conn)?;
            id.clone()
        }
        None => {
            let id = new_id().to_string();
            diesel::insert_into(kpi_readings::table)
                .values((
                    kpi_readings::id.eq(&id),
                    kpi_readings::org_id.eq(&org),
                    kpi_readings::item_id.eq(&item),
                    kpi_readings::period.eq(entry.period),
                    kpi_readings::value.eq(entry.value),
                    kpi_readings::note.eq(entry.note),
                    kpi_readings::recorded_by.eq(&recorded_by),
                    kpi_readings::recorded_at.eq(entry.at),
                ))
                .execute(conn)?;
            id
        }
    };
    let row: ReadingRow = kpi_readings::table
        .left_join(users::table.on(users::id.nullable().eq(kpi_readings::recorded_by)))
        .filter(kpi_readings::id.eq(&id))
        .select(reading_columns!())
        .first(conn)?;
    let reading = to_reading(def, row)?;
    let mut change = Change::new(
        org_id,
        actor,
        SubjectKind::Item,
        def.item_id,
        Verb::KpiReadingRecorded,
    )
    .after(&json!({
        "period": reading.period,
        "period_label": label,
        "value": reading.value,
        "unit": def.unit,
        "status": reading.status,
        "note": reading.note,
        "computed": def.source.is_some(),
    }));
    if let Some((_, value, note)) = existing {
        change = change.before(&json!({
            "period": reading.period,
            "period_label": label,
            "value": value,
            "unit": def.unit,
            "status": evaluate(def, value),
            "note": note,
        }));
    }
    events::record(conn, change)?;
    Ok(reading)
}
