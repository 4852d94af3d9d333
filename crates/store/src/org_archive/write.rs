//! Restoring an organisation from its archive: every row checked before anything is written, then
//! one transaction that refuses an organisation the instance already has, keeps people it already
//! knows, and inserts the tables parents first.

use super::cells::Cell;
use super::tables::{Owner, TABLES, Table};
use super::{ArchiveError, Document, FORMAT, VERSION, database_schema};
use crate::connection::DbConnection;
use crate::schema::{organisations, users};
use crate::transaction;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Date, Double, Integer, Nullable, Text, Timestamp};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// Parameters per insert statement, well within SQLite's (32,766) and PostgreSQL's (65,535) limits.
const PARAMETERS_PER_INSERT: usize = 10_000;
/// Ids or emails looked up per query.
const LOOKUPS_PER_QUERY: usize = 500;

/// What an import did.
#[derive(Debug)]
pub struct ImportSummary {
    /// The organisation's name.
    pub organisation: String,
    /// Rows inserted per table, in insert order.
    pub rows: Vec<(&'static str, usize)>,
    /// People the instance already had (same id and email), left as they were.
    pub users_kept: usize,
}

/// The rows of one table, typed, in the order they are inserted.
struct Rows {
    table: &'static Table,
    rows: Vec<Vec<Cell>>,
}

/// Restores `doc` in one transaction; nothing is written when anything is refused.
pub fn import(conn: &mut DbConnection, doc: &Document) -> Result<ImportSummary, ArchiveError> {
    let mut plan = check(doc)?;
    transaction::write(conn, |conn| {
        let schema = database_schema(conn)?;
        if doc.schema != schema {
            return Err(ArchiveError::Format(format!(
                "the archive was written under schema {:?}, the database has {schema:?}",
                doc.schema
            )));
        }
        let organisation = refuse_existing_organisation(conn, &plan)?;
        let users_kept = keep_known_users(conn, &mut plan)?;
        let mut counts = Vec::with_capacity(plan.len());
        for rows in &plan {
            insert(conn, rows)?;
            counts.push((rows.table.name, rows.rows.len()));
        }
        Ok(ImportSummary {
            organisation,
            rows: counts,
            users_kept,
        })
    })
}

/// Reads every table of the archive into typed rows, refusing anything that is not exactly the
/// described tables and columns, or a row of another organisation.
fn check(doc: &Document) -> Result<Vec<Rows>, ArchiveError> {
    let invalid = |text: String| ArchiveError::Invalid(text);
    if doc.format != FORMAT || doc.version != VERSION {
        return Err(ArchiveError::Format(format!(
            "not an {FORMAT:?} archive of version {VERSION}"
        )));
    }
    let org = Uuid::parse_str(&doc.organisation_id)
        .map_err(|_| invalid(format!("{:?} is not an id", doc.organisation_id)))?
        .to_string();
    if let Some(unknown) = doc.tables.keys().find(|t| super::tables::find(t).is_none()) {
        return Err(invalid(format!("unknown table {unknown:?}")));
    }
    let mut plan = Vec::with_capacity(TABLES.len());
    for table in TABLES {
        let source = doc
            .tables
            .get(table.name)
            .ok_or_else(|| invalid(format!("the table {:?} is missing", table.name)))?;
        let mut rows = Vec::with_capacity(source.len());
        for (n, row) in source.iter().enumerate() {
            let at = |why: String| invalid(format!("{} row {}: {why}", table.name, n + 1));
            if let Some(extra) = row.keys().find(|k| table.column(k).is_none()) {
                return Err(at(format!("unknown column {extra:?}")));
            }
            let mut cells = Vec::with_capacity(table.columns.len());
            for column in table.columns {
                let value = row
                    .get(column.name)
                    .ok_or_else(|| at(format!("no {:?}", column.name)))?;
                cells.push(
                    Cell::read(column, value)
                        .map_err(|why| at(format!("{}: {why}", column.name)))?,
                );
            }
            let owner_column = match table.owner {
                Owner::Id => Some("id"),
                Owner::OrgId => Some("org_id"),
                Owner::Named => None,
            };
            if let Some(owner) = owner_column {
                let value = position(table, owner).and_then(|i| cells[i].as_text());
                if value != Some(org.as_str()) {
                    return Err(at(format!("belongs to another organisation than {org}")));
                }
            }
            rows.push(cells);
        }
        if table.owner == Owner::Id && rows.len() != 1 {
            return Err(invalid(format!(
                "{} rows of organisations, not one",
                rows.len()
            )));
        }
        if table.name == "items" {
            rows = parents_first(table, rows)?;
        }
        plan.push(Rows { table, rows });
    }
    Ok(plan)
}

fn position(table: &Table, column: &str) -> Option<usize> {
    table.columns.iter().position(|c| c.name == column)
}

/// Orders items so each comes after its parent (the archive has them in id order).
fn parents_first(table: &Table, rows: Vec<Vec<Cell>>) -> Result<Vec<Vec<Cell>>, ArchiveError> {
    let (Some(id), Some(parent)) = (position(table, "id"), position(table, "parent_id")) else {
        return Ok(rows);
    };
    let index: HashMap<&str, usize> = rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| Some((r[id].as_text()?, i)))
        .collect();
    let mut placed = vec![false; rows.len()];
    let mut order = Vec::with_capacity(rows.len());
    for start in 0..rows.len() {
        // Walk up to the first ancestor already placed (or the root), then place the chain downwards.
        let mut chain = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at.filter(|&i| !placed[i]) {
            if chain.contains(&i) || chain.len() > rows.len() {
                return Err(ArchiveError::Invalid(
                    "items whose parents form a cycle".into(),
                ));
            }
            chain.push(i);
            at = rows[i][parent]
                .as_text()
                .and_then(|p| index.get(p).copied());
        }
        for &i in chain.iter().rev() {
            placed[i] = true;
            order.push(i);
        }
    }
    let mut slots: Vec<Option<Vec<Cell>>> = rows.into_iter().map(Some).collect();
    Ok(order.into_iter().filter_map(|i| slots[i].take()).collect())
}

/// Refuses an organisation whose id or name the instance already has; answers its name.
fn refuse_existing_organisation(
    conn: &mut DbConnection,
    plan: &[Rows],
) -> Result<String, ArchiveError> {
    let (table, row) = plan
        .iter()
        .find(|r| r.table.owner == Owner::Id)
        .and_then(|r| Some((r.table, r.rows.first()?)))
        .ok_or_else(|| ArchiveError::Invalid("no organisation".into()))?;
    let field = |name: &str| {
        position(table, name)
            .and_then(|i| row[i].as_text())
            .unwrap_or_default()
            .to_owned()
    };
    let (id, name) = (field("id"), field("name"));
    let same: Option<(String, String)> = organisations::table
        .filter(organisations::id.eq(&id).or(organisations::name.eq(&name)))
        .select((organisations::id, organisations::name))
        .first(conn)
        .optional()?;
    match same {
        Some((there, _)) if there == id => Err(ArchiveError::Conflict(format!(
            "this instance already has the organisation {id} ({name:?}); an archive restores \
             only into an instance without it"
        ))),
        Some((there, _)) => Err(ArchiveError::Conflict(format!(
            "this instance already has another organisation named {name:?} ({there})"
        ))),
        None => Ok(name),
    }
}

/// Drops from the plan the people the instance already has under the same id and email, and
/// refuses one whose id or email belongs to someone else here. Answers how many were kept.
fn keep_known_users(conn: &mut DbConnection, plan: &mut [Rows]) -> Result<usize, ArchiveError> {
    let Some(people) = plan.iter_mut().find(|r| r.table.owner == Owner::Named) else {
        return Ok(0);
    };
    let (Some(id), Some(email)) = (
        position(people.table, "id"),
        position(people.table, "email"),
    ) else {
        return Ok(0);
    };
    let pairs: Vec<(String, String)> = people
        .rows
        .iter()
        .map(|r| {
            let text = |i: usize| r[i].as_text().unwrap_or_default().to_owned();
            (text(id), text(email))
        })
        .collect();
    let mut by_id = BTreeMap::new();
    let mut by_email = BTreeMap::new();
    for chunk in pairs.chunks(LOOKUPS_PER_QUERY) {
        let ids = chunk.iter().map(|(i, _)| i.as_str());
        let emails = chunk.iter().map(|(_, e)| e.as_str());
        let found: Vec<(String, String)> = users::table
            .filter(users::id.eq_any(ids).or(users::email.eq_any(emails)))
            .select((users::id, users::email))
            .load(conn)?;
        for (i, e) in found {
            by_id.insert(i.clone(), e.clone());
            by_email.insert(e, i);
        }
    }
    let mut known = vec![false; pairs.len()];
    for (n, (user, address)) in pairs.iter().enumerate() {
        match (by_id.get(user), by_email.get(address)) {
            (Some(here), _) if here == address => known[n] = true,
            (Some(here), _) => {
                return Err(ArchiveError::Conflict(format!(
                    "the user {user} is {here} on this instance but {address} in the archive"
                )));
            }
            (None, Some(other)) => {
                return Err(ArchiveError::Conflict(format!(
                    "{address} is another account on this instance ({other}) than in the archive ({user})"
                )));
            }
            (None, None) => {}
        }
    }
    let mut flags = known.iter();
    people
        .rows
        .retain(|_| !flags.next().copied().unwrap_or(false));
    Ok(known.iter().filter(|k| **k).count())
}

/// Inserts the rows of one table, many rows a statement.
fn insert(conn: &mut DbConnection, rows: &Rows) -> Result<(), ArchiveError> {
    let table = rows.table;
    let width = table.columns.len();
    let postgres = matches!(conn, DbConnection::Postgres(_));
    let names: Vec<String> = table
        .columns
        .iter()
        .map(|c| format!("\"{}\"", c.name))
        .collect();
    for batch in rows.rows.chunks((PARAMETERS_PER_INSERT / width).max(1)) {
        let mut parameter = 0;
        let tuples: Vec<String> = batch
            .iter()
            .map(|_| {
                let marks: Vec<String> = (0..width)
                    .map(|_| {
                        parameter += 1;
                        if postgres {
                            format!("${parameter}")
                        } else {
                            "?".to_owned()
                        }
                    })
                    .collect();
                format!("({})", marks.join(", "))
            })
            .collect();
        let sql = format!(
            "INSERT INTO \"{}\" ({}) VALUES {}",
            table.name,
            names.join(", "),
            tuples.join(", ")
        );
        let mut query = diesel::sql_query(sql).into_boxed();
        for cell in batch.iter().flatten() {
            query = match cell.clone() {
                Cell::Text(v) => query.bind::<Nullable<Text>, _>(v),
                Cell::Timestamp(v) => query.bind::<Nullable<Timestamp>, _>(v),
                Cell::Date(v) => query.bind::<Nullable<Date>, _>(v),
                Cell::Bool(v) => query.bind::<Nullable<Bool>, _>(v),
                Cell::Integer(v) => query.bind::<Nullable<Integer>, _>(v),
                Cell::BigInt(v) => query.bind::<Nullable<BigInt>, _>(v),
                Cell::Double(v) => query.bind::<Nullable<Double>, _>(v),
            };
        }
        query.execute(conn)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{Cell, parents_first};
    use crate::org_archive::tables::find;

    /// Items with only an id and a parent filled in.
    fn items(pairs: &[(&str, Option<&str>)]) -> Vec<Vec<Cell>> {
        let table = find("items").unwrap();
        pairs
            .iter()
            .map(|(id, parent)| {
                table
                    .columns
                    .iter()
                    .map(|c| match c.name {
                        "id" => Cell::Text(Some((*id).to_owned())),
                        "parent_id" => Cell::Text(parent.map(str::to_owned)),
                        _ => Cell::Text(None),
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn an_item_is_inserted_after_its_parent_whatever_the_id_order() {
        let table = find("items").unwrap();
        let rows = items(&[
            ("a", Some("c")),
            ("b", None),
            ("c", Some("b")),
            ("d", Some("a")),
        ]);
        let order: Vec<String> = parents_first(table, rows)
            .unwrap()
            .iter()
            .map(|r| r[0].as_text().unwrap().to_owned())
            .collect();
        assert_eq!(order, ["b", "c", "a", "d"]);
    }

    #[test]
    fn items_whose_parents_form_a_cycle_are_refused() {
        let table = find("items").unwrap();
        let rows = items(&[("a", Some("b")), ("b", Some("a"))]);
        assert!(parents_first(table, rows).is_err());
    }
}
