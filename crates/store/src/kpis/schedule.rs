//! The server's KPI schedule: computed KPIs record their own readings, once per period.

use super::TRACKER;
use crate::clock::uuid;
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::{items, kpi_definitions, kpi_readings, space_statuses, spaces};
use crate::transaction;
use annex_domain::kpis::Frequency;
use chrono::NaiveDate;
use diesel::prelude::*;
use std::collections::HashSet;
use uuid::Uuid;

/// What one run of the schedule did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScheduleRun {
    /// Readings recorded.
    pub recorded: usize,
    /// KPIs that could not be measured, with why (e.g. a source not available yet).
    pub failed: Vec<(Uuid, String)>,
}

/// Measures every computed KPI of every organisation whose current period has no reading yet
/// (live KPIs of live trackers, not retired), recording each reading as Annex's. Each KPI is
/// measured in a write transaction of its own, so one that fails leaves the others recorded;
/// call it outside a transaction.
pub fn record_due(conn: &mut DbConnection, today: NaiveDate) -> StoreResult<ScheduleRun> {
    let computed: Vec<(String, String, String)> = kpi_definitions::table
        .inner_join(items::table.on(items::id.eq(kpi_definitions::item_id)))
        .inner_join(spaces::table.on(spaces::id.eq(items::space_id)))
        .left_join(space_statuses::table.on(space_statuses::id.nullable().eq(items::status_id)))
        .filter(kpi_definitions::source.is_not_null())
        .filter(spaces::template_key.eq(TRACKER))
        .filter(spaces::archived_at.is_null())
        .filter(items::archived_at.is_null())
        .filter(
            space_statuses::resolved
                .nullable()
                .is_null()
                .or(space_statuses::resolved.nullable().eq(false)),
        )
        .select((
            kpi_definitions::org_id,
            kpi_definitions::item_id,
            kpi_definitions::frequency,
        ))
        .load(conn)?;
    let due: Vec<(String, String, NaiveDate)> = computed
        .into_iter()
        .map(|(org, item, frequency)| {
            let period = Frequency::parse(&frequency)
                .unwrap_or_default()
                .period_of(today);
            (org, item, period)
        })
        .collect();
    let Some(earliest) = due.iter().map(|(_, _, p)| *p).min() else {
        return Ok(ScheduleRun::default());
    };
    let ids: Vec<&String> = due.iter().map(|(_, item, _)| item).collect();
    let recorded: HashSet<(String, NaiveDate)> = kpi_readings::table
        .filter(kpi_readings::item_id.eq_any(&ids))
        .filter(kpi_readings::period.ge(earliest))
        .select((kpi_readings::item_id, kpi_readings::period))
        .load::<(String, NaiveDate)>(conn)?
        .into_iter()
        .collect();
    let mut run = ScheduleRun::default();
    for (org, item, period) in due {
        if recorded.contains(&(item.clone(), period)) {
            continue;
        }
        let (org_id, item_id) = (uuid(&org)?, uuid(&item)?);
        match transaction::write(conn, |conn| {
            super::compute(conn, org_id.into(), None, item_id.into(), today)
        }) {
            Ok(_) => run.recorded += 1,
            Err(
                refused @ (StoreError::Rule(_) | StoreError::Invalid(_) | StoreError::Conflict(_)),
            ) => {
                run.failed.push((item_id, refused.to_string()));
            }
            Err(other) => return Err(other),
        }
    }
    Ok(run)
}
