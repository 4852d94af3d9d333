//! Export and import of a space's items as a sheet of rows: reading what a sheet shows, and
//! writing an uploaded sheet's rows through the ordinary item create and update, all in the
//! caller's transaction so an import lands whole or not at all.

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::{memberships, users};
use crate::{transaction, work::items, work::spaces};
use annex_domain::work::exchange::{
    self as rules, ImportPlan, ImportReport, ImportRowError, RowAction, Sheet,
};
use annex_domain::work::items::{Item, ItemFilter, UpdateItem};
use annex_domain::work::spaces::Space;
use annex_domain::{OrgId, SpaceId, UserId};
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

/// The most items one export or import handles.
pub const MAX_ITEMS: i64 = 100_000;

/// The emails of the organisation's members (deactivated ones too, so old assignees still read as people).
pub fn member_emails(conn: &mut DbConnection, org_id: OrgId) -> StoreResult<HashMap<Uuid, String>> {
    let rows: Vec<(String, String)> = memberships::table
        .inner_join(users::table)
        .filter(memberships::org_id.eq(org_id))
        .select((users::id, users::email))
        .load(conn)?;
    rows.into_iter()
        .map(|(id, email)| Ok((crate::clock::uuid(&id)?, email)))
        .collect()
}

/// Every item of a space, live and archived, by number.
pub fn all_items(
    conn: &mut DbConnection,
    org_id: OrgId,
    space_id: SpaceId,
) -> StoreResult<Vec<Item>> {
    let mut all = Vec::new();
    for archived in [false, true] {
        let filter = ItemFilter {
            archived: Some(archived),
            ..ItemFilter::default()
        };
        let page = items::list(conn, org_id, space_id, &filter, MAX_ITEMS, None)?;
        all.extend(page.data);
    }
    all.sort_by_key(|i| i.number);
    Ok(all)
}

/// A space and the sheet of its items; `NotFound` for other organisations' spaces.
pub fn export(
    conn: &mut DbConnection,
    org_id: OrgId,
    space_id: SpaceId,
) -> StoreResult<(Space, Sheet)> {
    let space = spaces::get(conn, org_id, space_id.into())?;
    let items = all_items(conn, org_id, space_id)?;
    let emails = member_emails(conn, org_id)?;
    let sheet = rules::export_sheet(&space, &items, &emails);
    Ok((space, sheet))
}

/// Checks an uploaded sheet (`rows[0]` is the header) against the space, its items and the
/// organisation's members, reading only: the plan of every row, or the reasons it cannot be
/// imported. Runs outside any write transaction, so checking a large file never holds other
/// writers up; the plan keeps each item's version, so a change made meanwhile is caught when the
/// plan is written.
pub fn plan(
    conn: &mut DbConnection,
    org_id: OrgId,
    space_id: SpaceId,
    rows: &[Vec<String>],
) -> StoreResult<ImportPlan> {
    let space = spaces::get(conn, org_id, space_id.into())?;
    if rows.len() > rules::MAX_IMPORT_ROWS + 1 {
        return Err(StoreError::rule(format!(
            "a file may hold at most {} rows besides its header",
            rules::MAX_IMPORT_ROWS
        )));
    }
    let existing = all_items(conn, org_id, space_id)?;
    let emails = member_emails(conn, org_id)?;
    Ok(rules::plan_import(&space, &existing, &emails, rows))
}

/// Imports an uploaded sheet: checks every row first, reading only, and when every row is good
/// writes them all in one write transaction of its own (so `conn` must not be inside one). Rows
/// the store's own rules refuse roll the whole file back and come back in the report; a dry run
/// only checks.
pub fn import(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    space_id: SpaceId,
    rows: &[Vec<String>],
    dry_run: bool,
) -> StoreResult<ImportReport> {
    let plan = plan(conn, org_id, space_id, rows)?;
    let mut report = plan.report(dry_run);
    if dry_run || !report.errors.is_empty() {
        return Ok(report);
    }
    let outcome = transaction::write(conn, |conn| {
        let refused = write_plan(conn, org_id, actor, space_id, &plan)?;
        match refused.is_empty() {
            true => Ok(()),
            false => Err(Unwritten::Refused(refused)),
        }
    });
    match outcome {
        Ok(()) => Ok(report),
        Err(Unwritten::Refused(rows)) => {
            report.errors = rows;
            Ok(report)
        }
        Err(Unwritten::Store(e)) => Err(e),
    }
}

/// Why an import's write transaction ended without committing.
enum Unwritten {
    /// The store's own rules refused these rows.
    Refused(Vec<ImportRowError>),
    Store(StoreError),
}

impl From<StoreError> for Unwritten {
    fn from(e: StoreError) -> Self {
        Unwritten::Store(e)
    }
}

/// Writes a checked plan through the ordinary item create and update, each recorded like any other,
/// in the caller's transaction. The store's own rules have the last word: the rows they refuse
/// come back as errors, and the caller must then roll back.
fn write_plan(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    space_id: SpaceId,
    plan: &ImportPlan,
) -> StoreResult<Vec<ImportRowError>> {
    let mut errors = Vec::new();
    for action in &plan.actions {
        if let Err(e) = apply(conn, org_id, actor, space_id, action) {
            let message = match e {
                refused @ (StoreError::Rule(_)
                | StoreError::Invalid(_)
                | StoreError::Conflict(_)) => refused.to_string(),
                StoreError::NotFound => "the item no longer exists".into(),
                StoreError::Stale { .. } => {
                    "the item changed while the file was imported; export it again".into()
                }
                other => return Err(other),
            };
            errors.push(ImportRowError {
                row: action.row(),
                column: None,
                message,
            });
            // On PostgreSQL a failed statement ends the transaction's usefulness: stop here.
            break;
        }
    }
    Ok(errors)
}

fn apply(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    space_id: SpaceId,
    action: &RowAction,
) -> StoreResult<()> {
    match action {
        RowAction::Create { item, archived, .. } => {
            let created = items::create(conn, org_id, actor, space_id, item)?;
            if *archived {
                let archive = UpdateItem {
                    archived: Some(true),
                    ..UpdateItem::default()
                };
                items::update(conn, org_id, actor, created.id, created.version, &archive)?;
            }
        }
        RowAction::Update {
            id,
            version,
            change,
            ..
        } => {
            items::update(conn, org_id, actor, *id, *version, change)?;
        }
        RowAction::Unchanged { .. } => {}
    }
    Ok(())
}
