//! Sign-in attempts counted per key in fixed windows, in the database: every node of a cluster
//! counts the same attempts, and each count is one atomic upsert, so concurrent guesses cannot
//! all read "under the limit" and slip through together.

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::login_attempts;
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{Text, Timestamp};

/// Counts one attempt against `key` at `now` and returns how many the key's current window holds,
/// this one included; a window older than `window` starts again at 1. Also forgets keys whose
/// window has passed, so the table holds only the last window's keys.
pub fn count(
    conn: &mut DbConnection,
    key: &str,
    now: NaiveDateTime,
    window: Duration,
) -> StoreResult<i32> {
    let cutoff = now - window;
    // One statement on both engines (SQLite numbers its parameters ?1…, PostgreSQL $1…): the row
    // is created, or restarted, or incremented, under the row's (or database's) write lock.
    let sql = |p: [&str; 3]| {
        format!(
            "INSERT INTO login_attempts (key, window_start, failures) VALUES ({0}, {1}, 1) \
             ON CONFLICT (key) DO UPDATE SET \
             failures = CASE WHEN login_attempts.window_start < {2} THEN 1 \
                        ELSE login_attempts.failures + 1 END, \
             window_start = CASE WHEN login_attempts.window_start < {2} THEN excluded.window_start \
                            ELSE login_attempts.window_start END",
            p[0], p[1], p[2]
        )
    };
    let sql = match conn {
        DbConnection::Sqlite(_) => sql(["?1", "?2", "?3"]),
        DbConnection::Postgres(_) => sql(["$1", "$2", "$3"]),
    };
    diesel::sql_query(sql)
        .bind::<Text, _>(key)
        .bind::<Timestamp, _>(now)
        .bind::<Timestamp, _>(cutoff)
        .execute(conn)?;
    diesel::delete(login_attempts::table.filter(login_attempts::window_start.lt(cutoff)))
        .execute(conn)?;
    Ok(login_attempts::table
        .find(key)
        .select(login_attempts::failures)
        .first(conn)?)
}

/// Takes back one attempt of `key` (a sign-in that succeeded was not a failure).
pub fn forgive(conn: &mut DbConnection, key: &str) -> StoreResult<()> {
    diesel::update(
        login_attempts::table
            .find(key)
            .filter(login_attempts::failures.gt(0)),
    )
    .set(login_attempts::failures.eq(login_attempts::failures - 1))
    .execute(conn)?;
    Ok(())
}

/// Forgets `key` altogether (the right password was given for it).
pub fn clear(conn: &mut DbConnection, key: &str) -> StoreResult<()> {
    diesel::delete(login_attempts::table.find(key)).execute(conn)?;
    Ok(())
}
