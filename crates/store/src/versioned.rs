//! Optimistic versions: a versioned record is changed or deleted only at the version its writer
//! read (`If-Match`), in one statement that names that version, so two writers can never both win.
//!
//! [`bump!`] writes `UPDATE … SET <changes>, version = expected + 1 WHERE <key> AND version =
//! expected`, [`remove!`] the matching `DELETE`, and [`settle`] turns "no row written" into
//! [`StoreError::Stale`] with the version the record has now (or [`StoreError::NotFound`] when it
//! is gone). They are macros because diesel 2 types every table, column and filter apart: a
//! function generic over "a table with a version column" needs a dozen `where` bounds on diesel's
//! internal query-builder traits for each backend of the `MultiConnection`, which reads worse than
//! the statement it replaces.

use crate::error::{StoreError, StoreResult};

/// Settles a write made at version `expected` that touched `written` rows: none means another
/// writer moved the record on, reported as stale with the version `current` reads (which fails
/// with `NotFound` when the record is gone).
pub fn settle(
    written: usize,
    expected: i64,
    current: impl FnOnce() -> StoreResult<i64>,
) -> StoreResult<()> {
    if written > 0 {
        return Ok(());
    }
    Err(StoreError::Stale {
        expected,
        current: current()?,
    })
}

/// Updates the record `update:` selects at version `expected:` with the changes of `set:` and
/// moves it to the next version, or reports it stale with the version `current:` reads. An
/// optional `map_err:` rewrites a database error of the update (a broken uniqueness rule, say).
macro_rules! bump {
    (
        $conn:expr,
        update: $source:expr,
        version: $version:expr,
        expected: $expected:expr,
        set: ($($change:expr),* $(,)?),
        $(map_err: $map_err:expr,)?
        current: $current:expr $(,)?
    ) => {{
        use diesel::prelude::*;
        let expected: i64 = $expected;
        let written = diesel::update($source.filter($version.eq(expected)))
            .set(($($change,)* $version.eq(expected + 1),))
            .execute(&mut *$conn)
            .map_err($crate::error::StoreError::from)
            $(.map_err($map_err))?;
        $crate::versioned::settle(written?, expected, $current)
    }};
}
pub(crate) use bump;

/// Deletes the record `delete:` selects at version `expected:`, or reports it stale with the
/// version `current:` reads.
macro_rules! remove {
    (
        $conn:expr,
        delete: $source:expr,
        version: $version:expr,
        expected: $expected:expr,
        current: $current:expr $(,)?
    ) => {{
        use diesel::prelude::*;
        let expected: i64 = $expected;
        let written = diesel::delete($source.filter($version.eq(expected))).execute(&mut *$conn)?;
        $crate::versioned::settle(written, expected, $current)
    }};
}
pub(crate) use remove;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_that_touched_its_row_is_settled_without_reading_again() {
        let unread = || -> StoreResult<i64> { panic!("read the version again") };
        assert!(settle(1, 3, unread).is_ok());
    }

    #[test]
    fn a_write_that_touched_nothing_is_stale_at_the_version_read_now() {
        match settle(0, 3, || Ok(5)) {
            Err(StoreError::Stale {
                expected: 3,
                current: 5,
            }) => {}
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_record_gone_meanwhile_is_not_found_rather_than_stale() {
        assert!(matches!(
            settle(0, 3, || Err(StoreError::NotFound)),
            Err(StoreError::NotFound)
        ));
    }
}
