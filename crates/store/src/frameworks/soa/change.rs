//! Changing the SoA: one control at a time with If-Match, or several at once.

use super::read::entry;
use crate::clock::now;
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::events::{self, Change};
use crate::schema::{items, soa_entries};
use crate::versioned;
use annex_domain::events::{SubjectKind, Verb};
use annex_domain::frameworks::Reason;
use annex_domain::frameworks::soa::{
    self, BulkUpdateSoa, EntryState, SoaEntry, UpdateSoaEntry, reasons_to_text, settle,
};
use annex_domain::work::items::UpdateItem;
use annex_domain::{ItemId, OrgId, UserId};
use chrono::NaiveDate;
use diesel::prelude::*;
use uuid::Uuid;

/// The SoA data of an entry, as events record it.
fn recorded(e: &SoaEntry) -> serde_json::Value {
    serde_json::json!({
        "reference": e.reference,
        "applicable": e.applicable,
        "reasons": e.reasons,
        "justification": e.justification,
        "implementation_status": e.implementation_status,
        "owner_id": e.owner_id,
        "progress": e.progress,
        "last_reviewed": e.last_reviewed,
        "implementation_text": e.implementation_text,
    })
}

/// Writes the SoA columns of one entry (the item's own columns are written by the caller).
fn write_entry(
    conn: &mut DbConnection,
    org_id: OrgId,
    item_id: ItemId,
    state: &EntryState,
    reasons: &[Reason],
    last_reviewed: Option<NaiveDate>,
    text: &str,
) -> StoreResult<()> {
    diesel::update(
        soa_entries::table
            .filter(soa_entries::org_id.eq(org_id))
            .filter(soa_entries::item_id.eq(item_id)),
    )
    .set((
        soa_entries::applicable.eq(state.applicable),
        soa_entries::justification.eq(&state.justification),
        soa_entries::implementation_status.eq(state.status.key()),
        soa_entries::reasons.eq(reasons_to_text(reasons)),
        soa_entries::last_reviewed.eq(last_reviewed),
        soa_entries::implementation_text.eq(text),
    ))
    .execute(conn)?;
    Ok(())
}

/// Moves a control item to the next version without other changes, or reports it stale.
fn bump_item(conn: &mut DbConnection, org_id: OrgId, id: Uuid, expected: i64) -> StoreResult<()> {
    versioned::bump!(
        conn,
        update: items::table
            .filter(items::org_id.eq(org_id))
            .filter(items::id.eq(id.to_string())),
        version: items::version,
        expected: expected,
        set: (items::updated_at.eq(now())),
        current: || {
            Ok(items::table
                .filter(items::org_id.eq(org_id))
                .filter(items::id.eq(id.to_string()))
                .select(items::version)
                .first(conn)?)
        },
    )
}

/// A refused entry change as an error naming the request field that breaks the rule.
fn refused(e: soa::EntryError) -> StoreError {
    StoreError::field(e.field(), e.to_string())
}

fn state_of(e: &SoaEntry) -> EntryState {
    EntryState {
        applicable: e.applicable,
        justification: e.justification.clone(),
        status: e.implementation_status,
    }
}

/// The reasons stored for an entry: those it was given, without the one a linked risk implies.
fn stored_reasons(e: &SoaEntry, given: Option<&Vec<Reason>>) -> Vec<Reason> {
    match given {
        Some(r) => r.clone(),
        None => e
            .reasons
            .iter()
            .copied()
            .filter(|r| *r != Reason::RiskAssessment || e.risks == 0)
            .collect(),
    }
}

/// Changes one control at `expected` version: applicability, reasons, justification, status,
/// review date and text beside the item; owner and progress on the item itself (notifying a new
/// owner). Excluding needs a justification (422). Recorded as `soa_updated` on the item.
pub fn update(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    item_id: ItemId,
    expected: i64,
    req: &UpdateSoaEntry,
) -> StoreResult<SoaEntry> {
    let before = entry(conn, org_id, item_id)?;
    let state = settle(
        &state_of(&before),
        req.applicable,
        req.justification.as_deref(),
        req.implementation_status,
    )
    .map_err(refused)?;
    if req.owner_id.is_some() || req.progress.is_some() {
        let change = UpdateItem {
            assignee_id: req.owner_id,
            progress: req.progress,
            ..UpdateItem::default()
        };
        crate::work::items::update(conn, org_id, actor, item_id.into(), expected, &change)?;
    } else {
        bump_item(conn, org_id, item_id.into(), expected)?;
    }
    let reasons = stored_reasons(&before, req.reasons.as_ref());
    write_entry(
        conn,
        org_id,
        item_id,
        &state,
        &reasons,
        req.last_reviewed.unwrap_or(before.last_reviewed),
        req.implementation_text
            .as_deref()
            .unwrap_or(&before.implementation_text),
    )?;
    let after = entry(conn, org_id, item_id)?;
    events::record(
        conn,
        Change::new(
            org_id,
            Some(actor),
            SubjectKind::Item,
            item_id,
            Verb::SoaUpdated,
        )
        .before(&recorded(&before))
        .after(&recorded(&after)),
    )?;
    Ok(after)
}

/// Changes applicability, status and owner of several controls of one SoA at once; all or
/// nothing (the first control that would break a rule refuses the whole request).
pub fn bulk_update(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    req: &BulkUpdateSoa,
) -> StoreResult<usize> {
    let mut done = 0;
    for &item_id in &req.item_ids {
        let before = entry(conn, org_id, item_id.into()).map_err(|e| match e {
            StoreError::NotFound => {
                StoreError::rule(format!("{item_id} is not a control of an SoA here"))
            }
            other => other,
        })?;
        let state = settle(
            &state_of(&before),
            req.applicable,
            req.justification.as_deref(),
            req.implementation_status,
        )
        .map_err(|e| StoreError::rule(format!("{}: {}: {e}", before.reference, e.field())))?;
        let change = UpdateSoaEntry {
            applicable: Some(state.applicable),
            justification: Some(state.justification.clone()),
            implementation_status: Some(state.status),
            owner_id: req.owner_id,
            ..UpdateSoaEntry::default()
        };
        update(conn, org_id, actor, item_id.into(), before.version, &change)?;
        done += 1;
    }
    Ok(done)
}
