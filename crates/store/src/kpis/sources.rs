//! What computed KPIs measure: each source is one aggregate query over the organisation's own
//! records, so a measurement costs the same whatever their number.

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::frameworks::soa::CORRECTIVE_ACTIONS;
use crate::schema::{items, space_statuses, spaces};
use annex_domain::OrgId;
use annex_domain::kpis::KpiSource;
use annex_domain::risk::register::RiskFilter;
use chrono::NaiveDate;
use diesel::prelude::*;

/// The template key of the incident tracker.
pub const INCIDENTS: &str = "security-incidents";

/// The value `source` has for the organisation on `today`. A source with nothing to measure (no
/// SoA, no risk register, no policy pack anyone is asked to accept) breaks a rule: the state of
/// the organisation's records, not a field of any request, stands in the way.
pub fn measure(
    conn: &mut DbConnection,
    org_id: OrgId,
    source: KpiSource,
    today: NaiveDate,
) -> StoreResult<f64> {
    match source {
        KpiSource::PolicyPackAcceptance => {
            crate::packs::policy_packs::acceptance_percent(conn, org_id)?.ok_or_else(|| {
                StoreError::rule(
                    "nothing to measure yet: no published policy pack asks anyone to accept it",
                )
            })
        }
        KpiSource::OverdueCorrectiveActions => {
            open_items(conn, org_id, CORRECTIVE_ACTIONS, Some(today)).map(count)
        }
        KpiSource::OpenIncidents => open_items(conn, org_id, INCIDENTS, None).map(count),
        KpiSource::SoaImplemented => crate::frameworks::soa::coverage(conn, org_id, None)
            .map(|c| c.overall.implemented_percent)
            .map_err(missing("Statement of Applicability")),
        KpiSource::RisksAboveAppetite => {
            let filter = RiskFilter {
                above_appetite: Some(true),
                ..RiskFilter::default()
            };
            let (_, risks) = crate::risk::risks::all_risks(conn, org_id, &filter)
                .map_err(missing("risk register"))?;
            // Accepted and closed risks are settled; only open ones count.
            Ok(count(risks.iter().filter(|r| !r.resolved).count() as i64))
        }
    }
}

/// A missing register or SoA as the rule it breaks.
fn missing(what: &'static str) -> impl Fn(StoreError) -> StoreError {
    move |e| match e {
        StoreError::NotFound => StoreError::rule(format!(
            "nothing to measure: the organisation has no {what}"
        )),
        other => other,
    }
}

fn count(n: i64) -> f64 {
    n as f64
}

/// Live items of the organisation's live spaces of a template that are not in a resolved status
/// (and, with `due_before`, are due before that day): one `COUNT`.
fn open_items(
    conn: &mut DbConnection,
    org_id: OrgId,
    template: &str,
    due_before: Option<NaiveDate>,
) -> StoreResult<i64> {
    let mut query = items::table
        .inner_join(spaces::table.on(spaces::id.eq(items::space_id)))
        .left_join(space_statuses::table.on(space_statuses::id.nullable().eq(items::status_id)))
        .filter(items::org_id.eq(org_id))
        .filter(spaces::template_key.eq(template))
        .filter(spaces::archived_at.is_null())
        .filter(items::archived_at.is_null())
        .filter(
            space_statuses::resolved
                .nullable()
                .is_null()
                .or(space_statuses::resolved.nullable().eq(false)),
        )
        .count()
        .into_boxed();
    if let Some(day) = due_before {
        query = query.filter(items::due_date.lt(day));
    }
    Ok(query.get_result(conn)?)
}
