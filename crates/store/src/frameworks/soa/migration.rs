//! Moving an organisation's SoA from ISO/IEC 27001:2013 to 2022 through the mapping: applicability,
//! reasons, justification, status, owner and text carried over, notes, documents and links copied
//! to the new control items, the old project archived, and a report of what needs a decision.

use super::{adopt, list, resolve};
use crate::clock::{new_id, now, uuid};
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::events::{self, Change};
use crate::frameworks;
use crate::schema::{item_documents, item_notes, items, links, soa_entries, spaces};
use annex_domain::events::{SubjectKind, Verb};
use annex_domain::frameworks::mapping::{OldEntry, carry_over};
use annex_domain::frameworks::soa::{
    EntryState, MigrateSoa, MigratedControl, MigrationReport, SoaEntry, SoaFilter,
};
use annex_domain::work::links::ends;
use annex_domain::{OrgId, SpaceId, UserId};
use diesel::dsl::count_star;
use diesel::prelude::*;
use std::collections::{HashMap, HashSet};

fn old_entry(e: &SoaEntry) -> OldEntry {
    OldEntry {
        reference: e.reference.clone(),
        applicable: e.applicable,
        reasons: e.reasons.clone(),
        justification: e.justification.clone(),
        status: e.implementation_status,
        implementation_text: e.implementation_text.clone(),
    }
}

/// Items of `space` that anyone has worked on: changed after creation, or with notes or links.
fn worked_on(conn: &mut DbConnection, org_id: OrgId, space: SpaceId) -> StoreResult<i64> {
    let (org, space) = (org_id.to_string(), space.to_string());
    let changed: i64 = items::table
        .filter(items::org_id.eq(&org))
        .filter(items::space_id.eq(&space))
        .filter(items::version.gt(1))
        .select(count_star())
        .first(conn)?;
    let ids = items::table
        .filter(items::org_id.eq(&org))
        .filter(items::space_id.eq(&space))
        .select(items::id);
    let noted: i64 = item_notes::table
        .filter(item_notes::org_id.eq(&org))
        .filter(item_notes::item_id.eq_any(ids))
        .select(count_star())
        .first(conn)?;
    let linked: i64 = links::table
        .filter(links::org_id.eq(&org))
        .filter(links::a_id.eq_any(ids).or(links::b_id.eq_any(ids)))
        .select(count_star())
        .first(conn)?;
    Ok(changed + noted + linked)
}

/// Copies of one control's notes, documents and links, by old control item.
#[derive(Default)]
struct Attached {
    notes: Vec<(Option<String>, String, chrono::NaiveDateTime)>,
    documents: Vec<(String, String, Option<String>)>,
    links: Vec<String>,
}

/// Notes, documents and links of the old controls, in three queries.
fn attached(
    conn: &mut DbConnection,
    org_id: OrgId,
    old: &[SoaEntry],
) -> StoreResult<HashMap<String, Attached>> {
    let org = org_id.to_string();
    let ids: Vec<String> = old.iter().map(|e| e.item_id.to_string()).collect();
    let mut out: HashMap<String, Attached> = HashMap::new();
    let notes: Vec<(String, Option<String>, String, chrono::NaiveDateTime)> = item_notes::table
        .filter(item_notes::org_id.eq(&org))
        .filter(item_notes::item_id.eq_any(&ids))
        .order(item_notes::created_at)
        .select((
            item_notes::item_id,
            item_notes::author_id,
            item_notes::body,
            item_notes::created_at,
        ))
        .load(conn)?;
    for (item, author, body, at) in notes {
        out.entry(item).or_default().notes.push((author, body, at));
    }
    let docs: Vec<(String, String, String, Option<String>)> = item_documents::table
        .filter(item_documents::org_id.eq(&org))
        .filter(item_documents::item_id.eq_any(&ids))
        .order(item_documents::created_at)
        .select((
            item_documents::item_id,
            item_documents::title,
            item_documents::url,
            item_documents::added_by,
        ))
        .load(conn)?;
    for (item, title, url, by) in docs {
        out.entry(item)
            .or_default()
            .documents
            .push((title, url, by));
    }
    let pairs: Vec<(String, String)> = links::table
        .filter(links::org_id.eq(&org))
        .filter(links::a_id.eq_any(&ids).or(links::b_id.eq_any(&ids)))
        .select((links::a_id, links::b_id))
        .load(conn)?;
    let old_ids: HashSet<&String> = ids.iter().collect();
    for (a, b) in pairs {
        for (mine, other) in [(&a, &b), (&b, &a)] {
            // Links between two old controls have no meaning in the new edition.
            if old_ids.contains(mine) && !old_ids.contains(other) {
                out.entry(mine.clone())
                    .or_default()
                    .links
                    .push(other.clone());
            }
        }
    }
    Ok(out)
}

/// Carries the `from` SoA over to `to`. The new edition's project is generated when the
/// organisation has none, or reused while nobody has worked on it (a new organisation's untouched
/// 2022 project); one with work in it is refused (409). A dry run reports and writes nothing.
pub fn migrate(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    req: &MigrateSoa,
) -> StoreResult<MigrationReport> {
    let mapping = frameworks::mapping(req.from.trim(), req.to.trim())?.ok_or_else(|| {
        StoreError::rule(format!(
            "there is no mapping from `{}` to `{}`",
            req.from, req.to
        ))
    })?;
    let old = list(
        conn,
        org_id,
        &SoaFilter {
            framework: Some(mapping.from.clone()),
            ..SoaFilter::default()
        },
    )
    .map_err(|e| match e {
        StoreError::NotFound => StoreError::rule(format!(
            "the organisation keeps no SoA on `{}` to migrate",
            mapping.from
        )),
        other => other,
    })?;
    let target = frameworks::find(&mapping.to)?;
    let controls = target.controls();
    let refs: Vec<&str> = controls
        .iter()
        .map(|c| c.control.reference.as_str())
        .collect();
    let old_entries: Vec<OldEntry> = old.data.iter().map(old_entry).collect();
    let carried = carry_over(mapping, &old_entries, &refs);
    let attached = attached(conn, org_id, &old.data)?;
    let by_ref: HashMap<&str, &SoaEntry> =
        old.data.iter().map(|e| (e.reference.as_str(), e)).collect();
    let of_sources = |sources: &[String]| -> Vec<&Attached> {
        sources
            .iter()
            .filter_map(|r| by_ref.get(r.as_str()))
            .filter_map(|e| attached.get(&e.item_id.to_string()))
            .collect()
    };
    let mut report = MigrationReport {
        from: mapping.from.clone(),
        to: mapping.to.clone(),
        dry_run: req.dry_run,
        space_id: None,
        controls: carried
            .iter()
            .zip(&controls)
            .map(|(c, ctx)| {
                let sources = of_sources(&c.sources);
                let other_ends: HashSet<&String> =
                    sources.iter().flat_map(|a| a.links.iter()).collect();
                MigratedControl {
                    reference: c.reference.clone(),
                    title: ctx.control.title.clone(),
                    sources: c.sources.clone(),
                    applicable: c.applicable,
                    implementation_status: c.status,
                    decision: c.decision.clone(),
                    item_id: None,
                    notes_copied: sources.iter().map(|a| a.notes.len()).sum(),
                    links_copied: other_ends.len(),
                }
            })
            .collect(),
        decisions_needed: carried.iter().filter(|c| c.decision.is_some()).count(),
    };
    if req.dry_run {
        return Ok(report);
    }

    let space_id = match resolve(conn, org_id, Some(&mapping.to)) {
        Ok((_, space)) => {
            if worked_on(conn, org_id, space.into())? > 0 {
                return Err(StoreError::Conflict(format!(
                    "the {} project already has work in it; archive it before migrating",
                    target.name
                )));
            }
            space
        }
        Err(StoreError::NotFound) => adopt(conn, org_id, Some(actor), &mapping.to)?,
        Err(other) => return Err(other),
    };
    let new_items: HashMap<String, String> = soa_entries::table
        .filter(soa_entries::org_id.eq(org_id))
        .filter(soa_entries::space_id.eq(space_id.to_string()))
        .select((soa_entries::reference, soa_entries::item_id))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let at = now();
    let mut linked: HashSet<(String, String)> = HashSet::new();
    for (line, c) in report.controls.iter_mut().zip(&carried) {
        let Some(item) = new_items.get(&c.reference) else {
            continue;
        };
        line.item_id = Some(uuid(item)?);
        if c.sources.is_empty() {
            continue;
        }
        let state = EntryState {
            applicable: c.applicable,
            justification: c.justification.clone(),
            status: c.status,
        };
        let text = if c.implementation_text.is_empty() {
            None
        } else {
            Some(c.implementation_text.as_str())
        };
        let owner = c
            .sources
            .iter()
            .filter_map(|r| by_ref.get(r.as_str()))
            .find_map(|e| e.owner_id);
        diesel::update(
            soa_entries::table
                .filter(soa_entries::org_id.eq(org_id))
                .filter(soa_entries::item_id.eq(item)),
        )
        .set((
            soa_entries::applicable.eq(state.applicable),
            soa_entries::justification.eq(&state.justification),
            soa_entries::implementation_status.eq(state.status.key()),
            soa_entries::reasons.eq(annex_domain::frameworks::soa::reasons_to_text(&c.reasons)),
        ))
        .execute(conn)?;
        if let Some(text) = text {
            diesel::update(soa_entries::table.find(item))
                .set(soa_entries::implementation_text.eq(text))
                .execute(conn)?;
        }
        diesel::update(items::table.find(item))
            .set((
                items::assignee_id.eq(owner.map(|o| o.to_string())),
                items::version.eq(items::version + 1),
                items::updated_at.eq(at),
            ))
            .execute(conn)?;
        for source in of_sources(&c.sources) {
            for (author, body, created) in &source.notes {
                diesel::insert_into(item_notes::table)
                    .values((
                        item_notes::id.eq(new_id().to_string()),
                        item_notes::org_id.eq(org_id),
                        item_notes::item_id.eq(item),
                        item_notes::author_id.eq(author),
                        item_notes::body.eq(body),
                        item_notes::created_at.eq(created),
                        item_notes::updated_at.eq(at),
                        item_notes::version.eq(1_i64),
                    ))
                    .execute(conn)?;
            }
            for (title, url, by) in &source.documents {
                diesel::insert_into(item_documents::table)
                    .values((
                        item_documents::id.eq(new_id().to_string()),
                        item_documents::org_id.eq(org_id),
                        item_documents::item_id.eq(item),
                        item_documents::title.eq(title),
                        item_documents::url.eq(url),
                        item_documents::added_by.eq(by),
                        item_documents::created_at.eq(at),
                    ))
                    .execute(conn)?;
            }
            for other in &source.links {
                let (a, b) = ends(uuid(item)?, uuid(other)?);
                if linked.insert((a.to_string(), b.to_string())) {
                    diesel::insert_into(links::table)
                        .values((
                            links::id.eq(new_id().to_string()),
                            links::org_id.eq(org_id),
                            links::a_id.eq(a.to_string()),
                            links::b_id.eq(b.to_string()),
                            links::created_by.eq(Some(actor)),
                            links::created_at.eq(at),
                        ))
                        .execute(conn)?;
                }
            }
        }
        events::record(
            conn,
            Change::new(
                org_id,
                Some(actor),
                SubjectKind::Item,
                uuid(item)?,
                Verb::SoaMigrated,
            )
            .after(&serde_json::json!({
                "from": c.sources,
                "applicable": c.applicable,
                "implementation_status": c.status,
                "decision": c.decision,
            })),
        )?;
    }
    diesel::update(spaces::table.find(old.space_id.to_string()))
        .set((
            spaces::archived_at.eq(Some(at)),
            spaces::version.eq(spaces::version + 1),
        ))
        .execute(conn)?;
    report.space_id = Some(space_id);
    events::record(
        conn,
        Change::new(
            org_id,
            Some(actor),
            SubjectKind::Space,
            space_id,
            Verb::SoaMigrated,
        )
        .after(&serde_json::json!({
            "from": mapping.from,
            "to": mapping.to,
            "old_space": old.space_id,
            "decisions_needed": report.decisions_needed,
        })),
    )?;
    Ok(report)
}
