//! The table description against the real schema of both databases: a migration that adds a
//! table or a column without describing it here fails these tests.

use super::tables::{EXCLUDED, Kind, TABLES};
use super::{ArchiveError, Document};
use crate::connection::{DbConnection, connect};
use crate::migrations;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use std::collections::{BTreeMap, BTreeSet};

#[derive(QueryableByName)]
struct ColumnInfo {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    column_type: String,
    #[diesel(sql_type = BigInt)]
    not_null: i64,
}

#[derive(QueryableByName)]
struct ForeignKey {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    referenced: String,
}

const SQLITE_COLUMNS: &str = "SELECT m.name AS table_name, p.name AS column_name, \
     p.type AS column_type, p.\"notnull\" AS not_null \
     FROM sqlite_master m, pragma_table_info(m.name) p \
     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '__diesel%'";
const SQLITE_FOREIGN_KEYS: &str = "SELECT m.name AS table_name, f.\"from\" AS column_name, \
     f.\"table\" AS referenced FROM sqlite_master m, pragma_foreign_key_list(m.name) f \
     WHERE m.type = 'table'";
const POSTGRES_COLUMNS: &str = "SELECT table_name::text AS table_name, \
     column_name::text AS column_name, data_type::text AS column_type, \
     (CASE WHEN is_nullable = 'NO' THEN 1 ELSE 0 END)::bigint AS not_null \
     FROM information_schema.columns \
     WHERE table_schema = current_schema() AND table_name NOT LIKE '__diesel%'";
const POSTGRES_FOREIGN_KEYS: &str = "SELECT c.conrelid::regclass::text AS table_name, \
     a.attname::text AS column_name, c.confrelid::regclass::text AS referenced \
     FROM pg_constraint c JOIN pg_attribute a \
       ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey) \
     WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace";

/// Whether a declared column type stores what the description says.
fn stores(kind: Kind, declared: &str) -> bool {
    let declared = declared.to_ascii_lowercase();
    match kind {
        Kind::Text => declared == "text",
        Kind::Timestamp => declared == "timestamp" || declared == "timestamp without time zone",
        Kind::Date => declared == "date",
        Kind::Bool => declared == "boolean",
        // SQLite's INTEGER is 64 bits whatever it is called.
        Kind::Integer => declared == "integer",
        Kind::BigInt => declared == "bigint" || declared == "integer",
        Kind::Double => declared == "real" || declared == "double precision",
    }
}

/// Every table and column of the database is described (or excluded), as what it is.
fn assert_described(conn: &mut DbConnection, columns_sql: &str, keys_sql: &str) {
    let columns: Vec<ColumnInfo> = diesel::sql_query(columns_sql).load(conn).unwrap();
    let mut actual: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for c in &columns {
        actual
            .entry(c.table_name.clone())
            .or_default()
            .insert(c.column_name.clone());
    }
    let mut described: BTreeMap<String, BTreeSet<String>> = TABLES
        .iter()
        .map(|t| {
            let names = t.columns.iter().map(|c| c.name.to_owned()).collect();
            (t.name.to_owned(), names)
        })
        .collect();
    for (name, _) in EXCLUDED {
        let excluded = actual.get(*name).cloned().unwrap_or_default();
        assert!(
            !excluded.is_empty(),
            "{name} is excluded but does not exist"
        );
        described.insert((*name).to_owned(), excluded);
    }
    assert_eq!(
        actual, described,
        "describe every table and column in org_archive/tables.rs (or exclude the table, saying why)"
    );
    for c in columns
        .iter()
        .filter(|c| !EXCLUDED.iter().any(|(t, _)| *t == c.table_name))
    {
        let table = super::tables::find(&c.table_name).unwrap();
        let column = table.column(&c.column_name).unwrap();
        let what = format!("{}.{}", c.table_name, c.column_name);
        assert!(
            stores(column.kind, &c.column_type),
            "{what} is {}",
            c.column_type
        );
        assert_eq!(column.nullable, c.not_null == 0, "{what}: nullable");
    }

    let keys: Vec<ForeignKey> = diesel::sql_query(keys_sql).load(conn).unwrap();
    let order = |t: &str| TABLES.iter().position(|d| d.name == t);
    for key in keys.iter().filter(|k| order(&k.table_name).is_some()) {
        let what = format!(
            "{}.{} → {}",
            key.table_name, key.column_name, key.referenced
        );
        let column = super::tables::find(&key.table_name)
            .and_then(|t| t.column(&key.column_name))
            .unwrap();
        assert_eq!(
            column.user,
            key.referenced == "users",
            "{what}: user column"
        );
        let (from, to) = (order(&key.table_name), order(&key.referenced));
        assert!(
            to.is_some() && (to < from || key.table_name == key.referenced),
            "{what}: a table is inserted after the tables it references"
        );
    }
    let mut marked: Vec<String> = TABLES
        .iter()
        .flat_map(|t| {
            t.columns
                .iter()
                .filter(|c| c.user)
                .map(|c| format!("{}.{}", t.name, c.name))
        })
        .collect();
    let mut referencing: Vec<String> = keys
        .iter()
        .filter(|k| k.referenced == "users" && order(&k.table_name).is_some())
        .map(|k| format!("{}.{}", k.table_name, k.column_name))
        .collect();
    marked.sort();
    referencing.sort();
    assert_eq!(
        marked, referencing,
        "user columns are exactly those referencing users"
    );
}

#[test]
fn the_description_matches_the_sqlite_schema() {
    let dir = tempfile::tempdir().unwrap();
    let pool = connect(&crate::sqlite_url_in(dir.path()).unwrap(), 1).unwrap();
    let mut conn = pool.get().unwrap();
    migrations::run_pending(&mut conn).unwrap();
    assert_described(&mut conn, SQLITE_COLUMNS, SQLITE_FOREIGN_KEYS);
    assert_eq!(
        super::database_schema(&mut conn).unwrap(),
        super::build_schema().unwrap()
    );
}

/// PostgreSQL at `ANNEX_TEST_POSTGRES_URL` (default: local, trust). Required when
/// `ANNEX_TEST_BACKEND=postgres`; otherwise the test says it skipped when none is reachable.
#[test]
fn the_description_matches_the_postgres_schema() {
    let admin = std::env::var("ANNEX_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let mut admin_conn = match diesel::PgConnection::establish(&admin) {
        Ok(conn) => conn,
        Err(e) if std::env::var("ANNEX_TEST_BACKEND").as_deref() != Ok("postgres") => {
            eprintln!("skipped: no PostgreSQL at {admin} ({e})");
            return;
        }
        Err(e) => panic!("PostgreSQL must be reachable at {admin}: {e}"),
    };
    let name = format!("annex_guard_{}", uuid::Uuid::now_v7().simple());
    admin_conn
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .unwrap();
    let url = match admin.rsplit_once('/') {
        Some((server, _)) => format!("{server}/{name}"),
        None => format!("{admin}/{name}"),
    };
    let outcome = std::panic::catch_unwind(|| {
        let pool = connect(&url, 1).unwrap();
        let mut conn = pool.get().unwrap();
        migrations::run_pending(&mut conn).unwrap();
        assert_described(&mut conn, POSTGRES_COLUMNS, POSTGRES_FOREIGN_KEYS);
        assert_eq!(
            super::database_schema(&mut conn).unwrap(),
            super::build_schema().unwrap()
        );
    });
    admin_conn
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .unwrap();
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

#[test]
fn an_archive_of_another_format_version_or_schema_is_refused_by_name() {
    let schema = super::build_schema().unwrap();
    let refused = |text: String| match Document::parse(&text) {
        Err(ArchiveError::Format(why)) => why,
        other => panic!("not refused as another format: {other:?}"),
    };
    let why = refused(r#"{"format": "something-else", "version": 1}"#.into());
    assert!(why.contains("not an Annex organisation archive"), "{why}");
    let why = refused(format!(
        r#"{{"format": "annex-organisation", "version": 2, "schema": "{schema}"}}"#
    ));
    assert!(why.contains("archive version 2"), "{why}");
    let why = refused(
        r#"{"format": "annex-organisation", "version": 1, "schema": "2020-01-01-000001_old"}"#
            .into(),
    );
    assert!(why.contains("2020-01-01-000001_old"), "{why}");
}
