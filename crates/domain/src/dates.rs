//! Calendar dates as the API takes them: `YYYY-MM-DD`, a four-digit year from 1900 to 2999, two-
//! digit month and day. chrono's own parser also takes `2024-1-1` and `+99999-01-01`; a date
//! outside the range would overflow the date arithmetic of deadlines and periods, and no ISMS
//! record needs one.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer};

/// The first and last years a date may have.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2999;

/// Why a text is not a date the API takes.
pub const EXPECTED: &str = "a date as YYYY-MM-DD with a year from 1900 to 2999";

/// The date `text` names, when it is exactly `YYYY-MM-DD` within [`YEARS`].
pub fn parse_day(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shaped {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|d| YEARS.contains(&d.year()))
}

fn strict_from<'de, D: Deserializer<'de>>(text: &str) -> Result<NaiveDate, D::Error> {
    parse_day(text)
        .ok_or_else(|| serde::de::Error::invalid_value(serde::de::Unexpected::Str(text), &EXPECTED))
}

/// `#[serde(deserialize_with = "crate::dates::strict")]` for a `NaiveDate` field.
pub fn strict<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    let text = String::deserialize(d)?;
    strict_from::<D>(&text)
}

/// `#[serde(default, deserialize_with = "crate::dates::strict_option")]` for an
/// `Option<NaiveDate>` field.
pub fn strict_option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    match Option::<String>::deserialize(d)? {
        Some(text) => strict_from::<D>(&text).map(Some),
        None => Ok(None),
    }
}

/// `Option<Option<NaiveDate>>`: absent → `None`, `null` → `Some(None)`, a date → `Some(Some(d))`
/// (with `#[serde(default)]`, as [`crate::work::spaces::double_option`]).
pub mod double_option {
    use chrono::NaiveDate;
    use serde::{Deserializer, Serializer};

    /// Reads a present field, `null` included.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Option<NaiveDate>>, D::Error> {
        super::strict_option(d).map(Some)
    }

    /// Writes the inner option.
    pub fn serialize<S: Serializer>(
        value: &Option<Option<NaiveDate>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        crate::work::spaces::double_option::serialize(value, s)
    }
}

#[cfg(test)]
mod tests {
    use super::parse_day;

    #[test]
    fn only_four_digit_iso_dates_in_range_are_dates() {
        assert!(parse_day("2024-01-01").is_some());
        assert!(parse_day("2999-12-31").is_some());
        for bad in [
            "2024-1-1",
            "+99999-01-01",
            "99999-01-01",
            "1899-12-31",
            "3000-01-01",
            "2024-02-30",
            "2024/01/01",
            " 2024-01-01",
            "2024-01-01T00:00:00",
            "",
            "-001-01-01",
        ] {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
    }
}
