//! The KPI schedule inside the server: every interval (and once at start), computed KPIs whose
//! current period has no reading yet record one (`annex_store::kpis::record_due`).

use annex_store::{DbPool, kpis};
use std::time::Duration;

/// Starts the schedule on the server's runtime; an interval of zero leaves it off.
pub fn spawn(pool: DbPool, every: Duration) {
    if every.is_zero() {
        tracing::info!("the KPI schedule is off (ANNEX_KPI_INTERVAL_SECS=0)");
        return;
    }
    actix_web::rt::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            let pool = pool.clone();
            match tokio::task::spawn_blocking(move || run_once(&pool)).await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => tracing::warn!(error = %e, "the KPI schedule failed this time"),
                Err(e) => tracing::warn!(error = %e, "the KPI schedule stopped unexpectedly"),
            }
        }
    });
}

/// One run: measures what is due today and says what it did.
fn run_once(pool: &DbPool) -> anyhow::Result<()> {
    let mut conn = pool.get()?;
    let today = annex_store::clock::now().date();
    let run = kpis::record_due(&mut conn, today)?;
    if run.recorded > 0 {
        tracing::info!(
            count = run.recorded,
            "computed KPIs recorded their readings"
        );
    }
    for (kpi, why) in run.failed {
        tracing::debug!(%kpi, %why, "a computed KPI could not be measured");
    }
    Ok(())
}
