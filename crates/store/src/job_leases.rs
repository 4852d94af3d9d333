//! Leases on the scheduler's jobs: a node runs a job only while it holds the job's lease, taken
//! by a conditional update that succeeds for one node at a time, on either database.

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::job_leases;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// Takes (or renews) the lease of `job` for `holder` until `until`, if no other holder's lease
/// is still running at `at`; returns whether `holder` now holds it.
pub fn take(
    conn: &mut DbConnection,
    job: &str,
    holder: &str,
    at: NaiveDateTime,
    until: NaiveDateTime,
) -> StoreResult<bool> {
    let taken = diesel::update(
        job_leases::table.filter(job_leases::name.eq(job)).filter(
            job_leases::holder
                .eq(holder)
                .or(job_leases::held_until.lt(at)),
        ),
    )
    .set((
        job_leases::holder.eq(holder),
        job_leases::held_until.eq(until),
    ))
    .execute(conn)?;
    if taken == 1 {
        return Ok(true);
    }
    let exists: i64 = job_leases::table
        .filter(job_leases::name.eq(job))
        .count()
        .get_result(conn)?;
    if exists > 0 {
        return Ok(false);
    }
    // The job's first run anywhere: the key lets one node's insert in.
    match diesel::insert_into(job_leases::table)
        .values((
            job_leases::name.eq(job),
            job_leases::holder.eq(holder),
            job_leases::held_until.eq(until),
        ))
        .execute(conn)
    {
        Ok(_) => Ok(true),
        Err(e) => match StoreError::from(e) {
            StoreError::Conflict(_) => Ok(false),
            other => Err(other),
        },
    }
}

/// Gives the lease of `job` back, if `holder` holds it, so another node need not wait it out.
pub fn release(conn: &mut DbConnection, job: &str, holder: &str) -> StoreResult<()> {
    diesel::delete(
        job_leases::table
            .filter(job_leases::name.eq(job))
            .filter(job_leases::holder.eq(holder)),
    )
    .execute(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::now;
    use crate::connection::connect;
    use crate::migrations;

    #[test]
    fn one_holder_at_a_time_until_the_lease_runs_out() {
        let dir = tempfile::tempdir().unwrap();
        let url = dir.path().join("leases.db").to_string_lossy().into_owned();
        let pool = connect(&url, 1).unwrap();
        let mut conn = pool.get().unwrap();
        migrations::run_pending(&mut conn).unwrap();
        let at = now();
        let minute = chrono::Duration::minutes(1);
        assert!(take(&mut conn, "digests", "a", at, at + minute).unwrap());
        assert!(!take(&mut conn, "digests", "b", at, at + minute).unwrap());
        assert!(
            take(&mut conn, "digests", "a", at, at + minute).unwrap(),
            "renewed"
        );
        assert!(
            take(&mut conn, "mail", "b", at, at + minute).unwrap(),
            "another job"
        );
        let later = at + minute * 2;
        assert!(
            take(&mut conn, "digests", "b", later, later + minute).unwrap(),
            "ran out"
        );
        release(&mut conn, "digests", "b").unwrap();
        assert!(take(&mut conn, "digests", "a", later, later + minute).unwrap());
    }
}
