//! One value of one column, typed: read from what either database gives (SQLite's `0`/`1` for
//! booleans, its or PostgreSQL's spelling of a timestamp) or from an archive, and written back in
//! the one canonical form, so an archive does not depend on the database it came from.

use super::tables::{Column, Kind};
use chrono::{NaiveDate, NaiveDateTime, SubsecRound};
use serde_json::Value;

/// The archive's timestamp form: UTC with microseconds, what both databases keep.
const TIMESTAMP: &str = "%Y-%m-%dT%H:%M:%S%.6f";
/// Timestamps as read: diesel's SQLite text (`2026-12-07 10:00:00.123456`, fraction optional)
/// and PostgreSQL's JSON (`2026-12-07T10:00:00.123456`), the archive's own among them.
const TIMESTAMPS_READ: [&str; 2] = ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"];
const DATE: &str = "%Y-%m-%d";

/// A typed value; `None` is SQL NULL.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(Option<String>),
    Timestamp(Option<NaiveDateTime>),
    Date(Option<NaiveDate>),
    Bool(Option<bool>),
    Integer(Option<i32>),
    BigInt(Option<i64>),
    Double(Option<f64>),
}

impl Cell {
    /// Reads `value` as a value of `column`, or says why it cannot be one.
    pub fn read(column: &Column, value: &Value) -> Result<Cell, String> {
        if value.is_null() {
            if !column.nullable {
                return Err("must not be null".into());
            }
            return Ok(match column.kind {
                Kind::Text => Cell::Text(None),
                Kind::Timestamp => Cell::Timestamp(None),
                Kind::Date => Cell::Date(None),
                Kind::Bool => Cell::Bool(None),
                Kind::Integer => Cell::Integer(None),
                Kind::BigInt => Cell::BigInt(None),
                Kind::Double => Cell::Double(None),
            });
        }
        let wrong = || format!("{value} is not a {:?}", column.kind);
        Ok(match column.kind {
            Kind::Text => Cell::Text(Some(value.as_str().ok_or_else(wrong)?.to_owned())),
            Kind::Timestamp => {
                let text = value.as_str().ok_or_else(wrong)?;
                let at = TIMESTAMPS_READ
                    .iter()
                    .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
                    .ok_or_else(wrong)?;
                Cell::Timestamp(Some(at.trunc_subsecs(6)))
            }
            Kind::Date => {
                let text = value.as_str().ok_or_else(wrong)?;
                Cell::Date(Some(
                    NaiveDate::parse_from_str(text, DATE).map_err(|_| wrong())?,
                ))
            }
            Kind::Bool => Cell::Bool(Some(match value {
                Value::Bool(b) => *b,
                // SQLite keeps booleans as integers.
                Value::Number(n) if n.as_i64() == Some(0) => false,
                Value::Number(n) if n.as_i64() == Some(1) => true,
                _ => return Err(wrong()),
            })),
            Kind::Integer => Cell::Integer(Some(
                value
                    .as_i64()
                    .and_then(|n| i32::try_from(n).ok())
                    .ok_or_else(wrong)?,
            )),
            Kind::BigInt => Cell::BigInt(Some(value.as_i64().ok_or_else(wrong)?)),
            // Whole numbers too: PostgreSQL writes the double 1 as `1`, SQLite as `1.0`.
            Kind::Double => Cell::Double(Some(value.as_f64().ok_or_else(wrong)?)),
        })
    }

    /// The canonical JSON of the value.
    pub fn to_json(&self) -> Value {
        match self {
            Cell::Text(v) => v.clone().map_or(Value::Null, Value::String),
            Cell::Timestamp(v) => v.map_or(Value::Null, |t| {
                Value::String(t.format(TIMESTAMP).to_string())
            }),
            Cell::Date(v) => v.map_or(Value::Null, |d| Value::String(d.format(DATE).to_string())),
            Cell::Bool(v) => v.map_or(Value::Null, Value::Bool),
            Cell::Integer(v) => v.map_or(Value::Null, Value::from),
            Cell::BigInt(v) => v.map_or(Value::Null, Value::from),
            // serde_json has no NaN or infinity; neither database holds one for Annex.
            Cell::Double(v) => v.map_or(Value::Null, Value::from),
        }
    }

    /// The text of a non-null text value.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Cell::Text(Some(s)) => Some(s),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Cell;
    use crate::org_archive::tables::{Column, Kind};
    use serde_json::{Value, json};

    fn column(kind: Kind, nullable: bool) -> Column {
        Column {
            name: "c",
            kind,
            nullable,
            user: false,
        }
    }

    fn canonical(kind: Kind, value: Value) -> Value {
        Cell::read(&column(kind, true), &value).unwrap().to_json()
    }

    #[test]
    fn what_either_database_gives_is_written_one_way() {
        let ts = json!("2026-12-07T10:00:00.120000");
        assert_eq!(
            canonical(Kind::Timestamp, json!("2026-12-07 10:00:00.12")),
            ts
        );
        assert_eq!(
            canonical(Kind::Timestamp, json!("2026-12-07T10:00:00.12")),
            ts
        );
        assert_eq!(
            canonical(Kind::Timestamp, json!("2026-12-07 10:00:00")),
            json!("2026-12-07T10:00:00.000000")
        );
        assert_eq!(canonical(Kind::Timestamp, ts.clone()), ts);
        assert_eq!(canonical(Kind::Bool, json!(1)), json!(true));
        assert_eq!(canonical(Kind::Bool, json!(false)), json!(false));
        assert_eq!(canonical(Kind::Double, json!(1)), json!(1.0));
        assert_eq!(
            canonical(Kind::Date, json!("2026-02-28")),
            json!("2026-02-28")
        );
        assert_eq!(canonical(Kind::Text, Value::Null), Value::Null);
    }

    #[test]
    fn doubles_keep_every_bit() {
        for x in [
            0.1_f64 + 0.2,
            1.0 / 3.0,
            1e-300,
            123_456_789.123_456_79,
            -0.5,
        ] {
            let text = serde_json::to_string(&canonical(Kind::Double, json!(x))).unwrap();
            let back: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(back.as_f64().unwrap().to_bits(), x.to_bits(), "{text}");
        }
    }

    #[test]
    fn values_that_are_not_what_the_column_holds_are_refused() {
        let required = column(Kind::Text, false);
        assert!(Cell::read(&required, &Value::Null).is_err());
        assert!(Cell::read(&column(Kind::Bool, false), &json!(2)).is_err());
        assert!(Cell::read(&column(Kind::Integer, false), &json!(1_i64 << 40)).is_err());
        assert!(Cell::read(&column(Kind::Date, false), &json!("2026-13-01")).is_err());
        assert!(Cell::read(&column(Kind::Timestamp, false), &json!("yesterday")).is_err());
        assert!(Cell::read(&column(Kind::Text, false), &json!(1)).is_err());
    }
}
