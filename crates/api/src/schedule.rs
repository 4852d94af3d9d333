//! The scheduler inside the server: sending the outbox, queueing the daily digests, giving the
//! reminders of due dates and recording computed KPIs, each on its own interval. Every run of a job first takes the job's lease
//! (`annex_store::job_leases`), so with several nodes on one database one of them does it; each
//! job is also safe to repeat (claims on mails, one digest a person a day, one reminder an
//! occasion, one reading a period).

use crate::mail::Mailer;
use annex_store::events::{digests, reminders};
use annex_store::{DbPool, StoreError, job_leases, kpis};
use chrono::NaiveDateTime;
use std::sync::Arc;
use std::time::Duration;

/// How often each job runs; a zero interval turns the job off.
#[derive(Debug, Clone, Copy)]
pub struct Intervals {
    pub mail: Duration,
    /// Digests and reminders from dates.
    pub digests: Duration,
    pub kpis: Duration,
}

impl Default for Intervals {
    fn default() -> Self {
        Intervals {
            mail: Duration::from_secs(10),
            digests: Duration::from_secs(60),
            kpis: Duration::from_secs(3600),
        }
    }
}

/// A job of the scheduler.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    SendMail,
    QueueDigests,
    /// Reminders from dates: items due soon and overdue.
    GiveReminders,
    RecordKpis,
}

impl Job {
    fn name(self) -> &'static str {
        match self {
            Job::SendMail => "send_mail",
            Job::QueueDigests => "queue_digests",
            Job::GiveReminders => "give_reminders",
            Job::RecordKpis => "record_kpis",
        }
    }
}

/// The scheduler of one node.
#[derive(Clone)]
pub struct Scheduler {
    pool: DbPool,
    mailer: Arc<Mailer>,
    /// This node's name on the leases it takes.
    node: String,
}

impl Scheduler {
    pub fn new(pool: DbPool, mailer: Arc<Mailer>) -> Scheduler {
        Scheduler {
            pool,
            mailer,
            node: annex_store::clock::new_id().to_string(),
        }
    }

    /// Runs `job` once as of `at`, if this node gets its lease; returns whether it ran. Tests call
    /// this with the time they choose.
    pub fn run(&self, job: Job, at: NaiveDateTime) -> Result<bool, StoreError> {
        let mut conn = self.pool.get()?;
        // Longer than a run takes (a batch of mails at lettre's timeout each is the longest).
        let until = at + chrono::Duration::minutes(10);
        if !job_leases::take(&mut conn, job.name(), &self.node, at, until)? {
            return Ok(false);
        }
        let outcome = match job {
            Job::SendMail => self.mailer.send_due(&self.pool, at).map(|run| {
                if run.sent + run.deferred + run.failed > 0 {
                    tracing::info!(
                        sent = run.sent,
                        deferred = run.deferred,
                        failed = run.failed,
                        "sent the outbox"
                    );
                }
            }),
            Job::QueueDigests => digests::queue_due(&mut conn, at).map(|run| {
                if run.queued > 0 {
                    tracing::info!(count = run.queued, "queued daily digests");
                }
            }),
            Job::GiveReminders => reminders::queue_due(&mut conn, at).map(|run| {
                if run.due_soon + run.overdue > 0 {
                    tracing::info!(
                        due_soon = run.due_soon,
                        overdue = run.overdue,
                        "gave reminders of due dates"
                    );
                }
            }),
            Job::RecordKpis => kpis::record_due(&mut conn, at.date()).map(|run| {
                if run.recorded > 0 {
                    tracing::info!(
                        count = run.recorded,
                        "computed KPIs recorded their readings"
                    );
                }
                for (kpi, why) in run.failed {
                    tracing::debug!(%kpi, %why, "a computed KPI could not be measured");
                }
            }),
        };
        job_leases::release(&mut conn, job.name(), &self.node)?;
        outcome.map(|()| true)
    }

    /// Starts every job with a non-zero interval on the server's runtime.
    pub fn spawn(self, intervals: Intervals) {
        for (job, every) in [
            (Job::SendMail, intervals.mail),
            (Job::QueueDigests, intervals.digests),
            (Job::GiveReminders, intervals.digests),
            (Job::RecordKpis, intervals.kpis),
        ] {
            if every.is_zero() {
                tracing::info!(job = job.name(), "the job is off (interval 0)");
                continue;
            }
            let scheduler = self.clone();
            actix_web::rt::spawn(async move {
                let mut ticks = tokio::time::interval(every);
                ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                loop {
                    ticks.tick().await;
                    let scheduler = scheduler.clone();
                    let at = annex_store::clock::now();
                    match tokio::task::spawn_blocking(move || scheduler.run(job, at)).await {
                        Ok(Ok(_)) => {}
                        Ok(Err(e)) => {
                            tracing::warn!(job = job.name(), error = %e, "a scheduled job failed this time")
                        }
                        Err(e) => {
                            tracing::warn!(job = job.name(), error = %e, "a scheduled job stopped unexpectedly")
                        }
                    }
                }
            });
        }
    }
}
