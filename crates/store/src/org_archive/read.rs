//! Reading an organisation out of the database: one query per table on either backend, each row
//! as a JSON array the database builds, turned into canonical values and sorted by primary key
//! here rather than by `ORDER BY`, whose text order follows each database's collation.

use super::cells::Cell;
use super::tables::{Owner, TABLES, Table};
use super::{ArchiveError, Document, FORMAT, Row, VERSION, database_schema};
use crate::connection::DbConnection;
use crate::error::StoreError;
use annex_domain::OrgId;
use diesel::prelude::*;
use diesel::sql_types::Text;
use serde_json::Value;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Users are read by id in chunks of this many, within every database's limit of parameters.
const USERS_PER_QUERY: usize = 500;

#[derive(QueryableByName)]
struct JsonRow {
    #[diesel(sql_type = Text)]
    json_row: String,
}

/// Everything `org` holds, as one document, read from one snapshot of the database.
pub fn export(conn: &mut DbConnection, org: OrgId) -> Result<Document, ArchiveError> {
    // Outside the transaction: diesel makes sure its migrations table exists, a write.
    let schema = database_schema(conn)?;
    conn.transaction(|conn| {
        if let DbConnection::Postgres(_) = conn {
            // Every table from the same moment while the server keeps writing; SQLite's read
            // transaction is a snapshot already.
            diesel::sql_query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .execute(conn)?;
        }
        read_document(conn, org, schema)
    })
}

fn read_document(
    conn: &mut DbConnection,
    org: OrgId,
    schema: String,
) -> Result<Document, ArchiveError> {
    let org_id = org.to_string();
    let mut tables = BTreeMap::new();
    let mut users = BTreeSet::new();
    for table in TABLES.iter().filter(|t| t.owner != Owner::Named) {
        let rows = read_rows(conn, table, std::slice::from_ref(&org_id))?;
        for row in &rows {
            let named = table.columns.iter().filter(|c| c.user);
            users.extend(named.filter_map(|c| row.get(c.name)?.as_str().map(str::to_owned)));
        }
        tables.insert(table.name.to_owned(), rows);
    }
    if tables.get("organisations").is_none_or(Vec::is_empty) {
        return Err(StoreError::NotFound.into());
    }
    for table in TABLES.iter().filter(|t| t.owner == Owner::Named) {
        let ids: Vec<String> = users.iter().cloned().collect();
        let mut rows = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(USERS_PER_QUERY) {
            rows.extend(read_rows(conn, table, chunk)?);
        }
        sort_by_key(table, &mut rows);
        tables.insert(table.name.to_owned(), rows);
    }
    Ok(Document {
        format: FORMAT.to_owned(),
        organisation_id: org_id,
        schema,
        tables,
        version: VERSION,
    })
}

/// The rows of `table` owned by `owners` (the organisation's id, or user ids), canonical and sorted.
fn read_rows(
    conn: &mut DbConnection,
    table: &Table,
    owners: &[String],
) -> Result<Vec<Row>, ArchiveError> {
    let sql = select_sql(
        table,
        matches!(conn, DbConnection::Postgres(_)),
        owners.len(),
    );
    let mut query = diesel::sql_query(sql).into_boxed();
    for owner in owners {
        query = query.bind::<Text, _>(owner.clone());
    }
    let loaded: Vec<JsonRow> = query.load(conn)?;
    let mut columns: Vec<_> = table.columns.iter().collect();
    columns.sort_by_key(|c| c.name);
    let mut rows = Vec::with_capacity(loaded.len());
    for json in loaded {
        let values: Vec<Value> = serde_json::from_str(&json.json_row).map_err(|e| {
            ArchiveError::Invalid(format!("{} gave a row that is not JSON: {e}", table.name))
        })?;
        let by_name: BTreeMap<&str, &Value> = table
            .columns
            .iter()
            .map(|c| c.name)
            .zip(values.iter())
            .collect();
        let mut row = Row::new();
        // Inserted in name order, so the row is sorted whether or not serde_json keeps insertion order.
        for column in &columns {
            let value = by_name.get(column.name).copied().unwrap_or(&Value::Null);
            let cell = Cell::read(column, value).map_err(|why| {
                ArchiveError::Invalid(format!("{}.{}: {why}", table.name, column.name))
            })?;
            row.insert(column.name.to_owned(), cell.to_json());
        }
        rows.push(row);
    }
    sort_by_key(table, &mut rows);
    Ok(rows)
}

/// `SELECT <row as JSON array text> AS json_row FROM <table> WHERE <owned by the parameters>`.
fn select_sql(table: &Table, postgres: bool, owners: usize) -> String {
    let columns: Vec<String> = table
        .columns
        .iter()
        .map(|c| format!("\"{}\"", c.name))
        .collect();
    let row = if postgres {
        format!("json_build_array({})::text", columns.join(", "))
    } else {
        format!("json_array({})", columns.join(", "))
    };
    let params: Vec<String> = (1..=owners)
        .map(|n| {
            if postgres {
                format!("${n}")
            } else {
                "?".into()
            }
        })
        .collect();
    let filter = match table.owner {
        Owner::Id => format!("\"id\" = {}", params.join("")),
        Owner::OrgId => format!("\"org_id\" = {}", params.join("")),
        Owner::Named => format!("\"id\" IN ({})", params.join(", ")),
    };
    format!(
        "SELECT {row} AS json_row FROM \"{}\" WHERE {filter}",
        table.name
    )
}

/// Orders rows by the table's primary key: text by bytes, numbers by value.
fn sort_by_key(table: &Table, rows: &mut [Row]) {
    let order = |a: &Value, b: &Value| match (a, b) {
        (Value::String(a), Value::String(b)) => a.as_bytes().cmp(b.as_bytes()),
        (Value::Number(a), Value::Number(b)) => a
            .as_f64()
            .partial_cmp(&b.as_f64())
            .unwrap_or(Ordering::Equal),
        _ => a.to_string().cmp(&b.to_string()),
    };
    rows.sort_by(|a, b| {
        table
            .key
            .iter()
            .map(|k| {
                order(
                    a.get(*k).unwrap_or(&Value::Null),
                    b.get(*k).unwrap_or(&Value::Null),
                )
            })
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    });
}
