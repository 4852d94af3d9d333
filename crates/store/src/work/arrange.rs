//! Arranging a project tree: moving a node (with its branch) under another parent or to another
//! place among its siblings, duplicating a branch, and sorting one parent's children.

use crate::clock::{now, uuid};
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::events::{self, Change};
use crate::schema::items as item_rows;
use crate::versioned;
use crate::work::items;
use crate::work::spaces as space_store;
use annex_domain::events::{SubjectKind, Verb};
use annex_domain::work::items::{CreateItem, Item, check_placement};
use annex_domain::work::spaces::{Space, SpaceKind};
use annex_domain::work::tree::{
    MoveItem, SortCandidate, SortTree, TreeSortKey, place_among, sorted_siblings,
};
use annex_domain::{OrgId, SpaceId, UserId};
use chrono::NaiveDate;
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

/// Every node of a space as (id, parent), siblings in their order: one query.
fn shape(
    conn: &mut DbConnection,
    org_id: OrgId,
    space_id: SpaceId,
) -> StoreResult<Vec<(Uuid, Option<Uuid>)>> {
    let rows: Vec<(String, Option<String>)> = item_rows::table
        .filter(item_rows::org_id.eq(org_id))
        .filter(item_rows::space_id.eq(space_id))
        .order((item_rows::position, item_rows::number))
        .select((item_rows::id, item_rows::parent_id))
        .load(conn)?;
    rows.into_iter()
        .map(|(id, parent)| Ok((uuid(&id)?, parent.as_deref().map(uuid).transpose()?)))
        .collect()
}

fn children_of(shape: &[(Uuid, Option<Uuid>)], parent: Option<Uuid>) -> Vec<Uuid> {
    shape
        .iter()
        .filter(|(_, p)| *p == parent)
        .map(|(id, _)| *id)
        .collect()
}

/// The node and everything under it, parents before children, siblings in order.
fn branch(shape: &[(Uuid, Option<Uuid>)], root: Uuid) -> Vec<Uuid> {
    let mut out = vec![root];
    let mut i = 0;
    while i < out.len() {
        let parent = out[i];
        out.extend(children_of(shape, Some(parent)));
        i += 1;
    }
    out
}

/// Writes the sibling order as positions 0, 1, 2 … (positions are layout, not content: versions stay).
fn write_order(conn: &mut DbConnection, order: &[Uuid]) -> StoreResult<()> {
    for (position, id) in (0_i64..).zip(order) {
        diesel::update(item_rows::table.find(id.to_string()))
            .set(item_rows::position.eq(position))
            .execute(conn)?;
    }
    Ok(())
}

fn project_of(conn: &mut DbConnection, org_id: OrgId, space_id: SpaceId) -> StoreResult<Space> {
    let space = space_store::get(conn, org_id, space_id.into())?;
    if space.kind != SpaceKind::Project {
        return Err(StoreError::rule(
            "only the nodes of a project tree can be arranged",
        ));
    }
    if space.archived_at.is_some() {
        return Err(StoreError::rule(
            "the project is archived; restore it to change it",
        ));
    }
    Ok(space)
}

/// A `parent_id` that is not a node of the project being arranged.
fn not_a_node() -> StoreError {
    StoreError::field("parent_id", "the parent is not a node of this project")
}

/// Moves a node, with everything under it, under `req.parent_id` at `req.position` among its new
/// siblings, provided the node is still at `expected` version.
pub fn move_item(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    id: Uuid,
    expected: i64,
    req: &MoveItem,
) -> StoreResult<Item> {
    let before = items::get(conn, org_id, id)?;
    if before.version != expected {
        return Err(StoreError::Stale {
            expected,
            current: before.version,
        });
    }
    let space = project_of(conn, org_id, before.space_id.into())?;
    let parent_kind = match req.parent_id {
        Some(parent) => {
            let parent = items::get(conn, org_id, parent)
                .ok()
                .filter(|p| p.space_id == space.id)
                .ok_or_else(not_a_node)?;
            Some(parent.kind)
        }
        None => None,
    };
    let shape = shape(conn, org_id, space.id.into())?;
    if let Some(parent) = req.parent_id
        && branch(&shape, id).contains(&parent)
    {
        return Err(StoreError::field(
            "parent_id",
            "a node cannot move under itself or its own branch",
        ));
    }
    // Only the parent changes: the node's kind is its own, so a misplaced node names the parent.
    check_placement(space.kind, before.kind, parent_kind)
        .map_err(|e| StoreError::field("parent_id", e.to_string()))?;
    let order = place_among(&children_of(&shape, req.parent_id), id, req.position);
    versioned::bump!(
        conn,
        update: item_rows::table
            .filter(item_rows::org_id.eq(org_id))
            .filter(item_rows::id.eq(id.to_string())),
        version: item_rows::version,
        expected: expected,
        set: (
            item_rows::parent_id.eq(req.parent_id.map(|p| p.to_string())),
            item_rows::updated_at.eq(now()),
        ),
        current: || Ok(items::get(conn, org_id, id)?.version),
    )?;
    write_order(conn, &order)?;
    let after = items::get(conn, org_id, id)?;
    events::record(
        conn,
        Change::new(org_id, Some(actor), SubjectKind::Item, id, Verb::Moved)
            .before(&before)
            .after(&after),
    )?;
    Ok(after)
}

/// Copies a node and its whole branch (fields and custom-field values; not notes, to-dos,
/// documents, discussions or links), placed right after the original; returns the copy of the node.
pub fn duplicate(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    id: Uuid,
) -> StoreResult<Item> {
    let original = items::get(conn, org_id, id)?;
    let space = project_of(conn, org_id, original.space_id.into())?;
    let shape = shape(conn, org_id, space.id.into())?;
    let mut copies: HashMap<Uuid, Uuid> = HashMap::new();
    let mut root = None;
    for node in branch(&shape, id) {
        let source = items::get(conn, org_id, node)?;
        if source.archived_at.is_some() && node != id {
            continue;
        }
        let parent_id = if node == id {
            source.parent_id
        } else {
            match source.parent_id.and_then(|p| copies.get(&p)) {
                Some(copy) => Some(*copy),
                // Its parent was archived and not copied: neither is it.
                None => continue,
            }
        };
        let title = if node == id {
            format!("{} (copy)", source.title)
        } else {
            source.title.clone()
        };
        let copy = items::create(
            conn,
            org_id,
            actor,
            space.id.into(),
            &CreateItem {
                kind: Some(source.kind),
                parent_id,
                title: title.chars().take(300).collect(),
                description: source.description.clone(),
                status_id: source.status_id,
                assignee_id: source.assignee_id,
                start: source.start,
                due: source.due,
                days_estimated: source.days_estimated,
                days_taken: source.days_taken,
                progress: Some(source.progress),
                fields: source.fields.clone(),
            },
        )?;
        copies.insert(node, copy.id);
        root.get_or_insert(copy);
    }
    let root = root.ok_or(StoreError::NotFound)?;
    // Right after the original among its siblings.
    let siblings = children_of(&shape, original.parent_id);
    let at = siblings
        .iter()
        .position(|s| *s == id)
        .map_or(siblings.len(), |i| i + 1);
    let order = place_among(&siblings, root.id, at as i64);
    write_order(conn, &order)?;
    Ok(root)
}

/// Orders the children of `req.parent_id` (the phases when `None`) by `req.by`, once.
pub fn sort(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    space_id: SpaceId,
    req: &SortTree,
) -> StoreResult<()> {
    let space = project_of(conn, org_id, space_id)?;
    if let Some(parent) = req.parent_id {
        items::get(conn, org_id, parent)
            .ok()
            .filter(|p| p.space_id == space.id)
            .ok_or_else(not_a_node)?;
    }
    type Row = (String, i64, String, Option<NaiveDate>, Option<NaiveDate>);
    let mut query = item_rows::table
        .filter(item_rows::org_id.eq(org_id))
        .filter(item_rows::space_id.eq(space_id))
        .select((
            item_rows::id,
            item_rows::number,
            item_rows::title,
            item_rows::start_date,
            item_rows::due_date,
        ))
        .into_boxed();
    query = match req.parent_id {
        Some(parent) => query.filter(item_rows::parent_id.eq(parent.to_string())),
        None => query.filter(item_rows::parent_id.is_null()),
    };
    let rows: Vec<Row> = query.load(conn)?;
    let candidates = rows
        .into_iter()
        .map(|(id, number, title, start, due)| {
            Ok(SortCandidate {
                id: uuid(&id)?,
                number,
                title,
                start,
                due,
            })
        })
        .collect::<StoreResult<_>>()?;
    write_order(conn, &sorted_siblings(candidates, req.by))?;
    let by = match req.by {
        TreeSortKey::Number => "number",
        TreeSortKey::Title => "title",
        TreeSortKey::Start => "start",
        TreeSortKey::Due => "due",
    };
    events::record(
        conn,
        Change::new(
            org_id,
            Some(actor),
            SubjectKind::Space,
            space_id,
            Verb::Sorted,
        )
        .after(&serde_json::json!({ "parent_id": req.parent_id, "by": by })),
    )?;
    Ok(())
}
