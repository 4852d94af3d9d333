//! The audit programme: audits are activities of the organisation's ISO 27001 Audit Programme
//! project; findings raised on them become corrective actions linked to the audit and to the
//! controls concerned; coverage says which applicable controls each part of the programme audits.

use annex_domain::{OrgId, SpaceId, UserId};
pub mod management_review;
pub mod questionnaire_responses;
pub mod questionnaires;

use crate::clock::uuid;
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::{items, links as link_rows, soa_entries, spaces};
use crate::{work::links, work::spaces as space_store};
use annex_domain::audits::{AuditCoverage, Finding, FindingKind, PhaseCoverage, RaiseFinding};
use annex_domain::events::{SubjectKind, Verb};
use annex_domain::frameworks::soa::SoaFilter;
use annex_domain::work::items::{CreateItem, Item};
use diesel::prelude::*;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap, HashSet};
use uuid::Uuid;

/// The template key of the audit programme project.
pub const PROGRAMME: &str = "iso27001-audit-programme";
/// The template key of the corrective-actions tracker findings go to.
pub const ACTIONS: &str = "isms-corrective-actions";

fn space_of(conn: &mut DbConnection, org_id: OrgId, template: &str) -> StoreResult<Uuid> {
    let id: String = spaces::table
        .filter(spaces::org_id.eq(org_id))
        .filter(spaces::template_key.eq(template))
        .filter(spaces::archived_at.is_null())
        .order(spaces::created_at)
        .select(spaces::id)
        .first(conn)?;
    uuid(&id)
}

/// The programme's items: id → (parent, kind, title).
type Tree = HashMap<String, (Option<String>, String, String)>;

/// The programme's live items.
fn programme_items(conn: &mut DbConnection, org_id: OrgId, space_id: SpaceId) -> StoreResult<Tree> {
    Ok(items::table
        .filter(items::org_id.eq(org_id))
        .filter(items::space_id.eq(space_id))
        .filter(items::archived_at.is_null())
        .select((items::id, items::parent_id, items::kind, items::title))
        .load::<(String, Option<String>, String, String)>(conn)?
        .into_iter()
        .map(|(id, parent, kind, title)| (id, (parent, kind, title)))
        .collect())
}

/// The top-level phase an item of the programme sits in.
fn phase_of(tree: &Tree, id: &str) -> Option<String> {
    let mut at = id.to_owned();
    for _ in 0..tree.len() {
        match tree.get(&at)?.0.clone() {
            Some(parent) => at = parent,
            None => return Some(at),
        }
    }
    None
}

/// The audit (an activity of the programme) and the title of its phase; not found otherwise.
fn require_audit(conn: &mut DbConnection, org_id: OrgId, id: Uuid) -> StoreResult<(Item, String)> {
    let space_id = space_of(conn, org_id, PROGRAMME)?;
    let tree = programme_items(conn, org_id, space_id.into())?;
    let key = id.to_string();
    match tree.get(&key) {
        Some((_, kind, _)) if kind == "activity" => {}
        _ => return Err(StoreError::NotFound),
    }
    let phase = phase_of(&tree, &key)
        .and_then(|p| tree.get(&p).map(|t| t.2.clone()))
        .unwrap_or_default();
    Ok((crate::work::items::get(conn, org_id, id)?, phase))
}

/// The option of a select field of `space` by its label.
fn option(
    space: &annex_domain::work::spaces::Space,
    field: &str,
    label: &str,
) -> Option<(Uuid, Uuid)> {
    let field = space
        .fields
        .iter()
        .find(|f| f.name.eq_ignore_ascii_case(field))?;
    let option = field
        .options
        .iter()
        .find(|o| o.label.eq_ignore_ascii_case(label))?;
    Some((field.id, option.id))
}

/// Raises a finding on an audit: one corrective action (Source: internal or external audit, by
/// the audit's phase; Severity: the finding's kind) linked to the audit and to each control.
pub fn raise_finding(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    audit_id: Uuid,
    req: &RaiseFinding,
) -> StoreResult<Item> {
    let (audit, phase) = require_audit(conn, org_id, audit_id)?;
    let wanted: Vec<String> = req.controls.iter().map(Uuid::to_string).collect();
    let controls: HashSet<String> = soa_entries::table
        .filter(soa_entries::org_id.eq(org_id))
        .filter(soa_entries::item_id.eq_any(&wanted))
        .select(soa_entries::item_id)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    if let Some(unknown) = wanted.iter().find(|c| !controls.contains(*c)) {
        return Err(StoreError::field(
            "controls",
            format!("{unknown} is not a control of the organisation's SoA"),
        ));
    }
    let space_id = space_of(conn, org_id, ACTIONS).map_err(|e| match e {
        StoreError::NotFound => StoreError::rule(
            "the organisation has no corrective-actions tracker to raise findings in",
        ),
        other => other,
    })?;
    let space = space_store::get(conn, org_id, space_id)?;
    let source = if phase.to_lowercase().starts_with("external") {
        "External audit"
    } else {
        "Internal audit"
    };
    let mut fields = BTreeMap::new();
    for (field, label) in [("Source", source), ("Severity", req.kind.label())] {
        if let Some((field, option)) = option(&space, field, label) {
            fields.insert(field, Value::String(option.to_string()));
        }
    }
    let description = format!(
        "{}\n\nRaised on the audit {} - {}.",
        req.description.trim(),
        audit.number,
        audit.title
    );
    let action = crate::work::items::create(
        conn,
        org_id,
        actor,
        space_id.into(),
        &CreateItem {
            title: req.title.trim().to_owned(),
            description: description.trim().to_owned(),
            fields,
            ..CreateItem::default()
        },
    )?;
    links::create(conn, org_id, actor, action.id, audit_id)?;
    for control in &req.controls {
        links::create(conn, org_id, actor, action.id, *control)?;
    }
    crate::events::record(
        conn,
        crate::events::Change::new(
            org_id,
            Some(actor),
            SubjectKind::Item,
            audit_id,
            Verb::FindingRaised,
        )
        .after(&json!({ "kind": req.kind, "action_id": action.id, "title": action.title })),
    )?;
    crate::work::items::get(conn, org_id, action.id)
}

/// The findings of an audit: the corrective actions linked to it, with their kind, status and
/// the controls they are linked to.
pub fn findings(
    conn: &mut DbConnection,
    org_id: OrgId,
    audit_id: Uuid,
) -> StoreResult<Vec<Finding>> {
    require_audit(conn, org_id, audit_id)?;
    let Ok(space_id) = space_of(conn, org_id, ACTIONS) else {
        return Ok(Vec::new());
    };
    let space = space_store::get(conn, org_id, space_id)?;
    let severity = space
        .fields
        .iter()
        .find(|f| f.name.eq_ignore_ascii_case("Severity"));
    let actions: Vec<_> = links::list(conn, org_id, audit_id.into())?
        .into_iter()
        .filter(|l| l.space_id == space_id)
        .collect();
    let references: HashMap<String, String> = soa_entries::table
        .filter(soa_entries::org_id.eq(org_id))
        .select((soa_entries::item_id, soa_entries::reference))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let mut out = Vec::with_capacity(actions.len());
    for linked in actions {
        let item = crate::work::items::get(conn, org_id, linked.item_id)?;
        let kind = severity.and_then(|field| {
            let chosen = item.fields.get(&field.id)?.as_str()?.to_owned();
            let label = &field
                .options
                .iter()
                .find(|o| o.id.to_string() == chosen)?
                .label;
            FindingKind::from_label(label)
        });
        let mut controls: Vec<String> = links::list(conn, org_id, linked.item_id.into())?
            .iter()
            .filter_map(|l| references.get(&l.item_id.to_string()).cloned())
            .collect();
        controls.sort();
        out.push(Finding {
            item_id: item.id,
            number: item.number,
            title: item.title,
            kind,
            status: linked.status,
            resolved: linked.resolved,
            controls,
        });
    }
    out.sort_by_key(|f| f.number);
    Ok(out)
}

/// Which applicable controls each phase of the programme audits (through links from its audits),
/// and which no audit covers — a handful of queries whatever the programme's size.
pub fn coverage(conn: &mut DbConnection, org_id: OrgId) -> StoreResult<AuditCoverage> {
    let space_id = space_of(conn, org_id, PROGRAMME)?;
    let tree = programme_items(conn, org_id, space_id.into())?;
    let soa = crate::frameworks::soa::list(conn, org_id, &SoaFilter::default())?;
    let applicable: Vec<(String, String)> = soa
        .data
        .iter()
        .filter(|e| e.applicable)
        .map(|e| (e.item_id.to_string(), e.reference.clone()))
        .collect();
    let reference: HashMap<&str, &str> = applicable
        .iter()
        .map(|(id, r)| (id.as_str(), r.as_str()))
        .collect();
    let ids: Vec<&String> = tree.keys().collect();
    let pairs: Vec<(String, String)> = link_rows::table
        .filter(link_rows::org_id.eq(org_id))
        .filter(
            link_rows::a_id
                .eq_any(&ids)
                .or(link_rows::b_id.eq_any(&ids)),
        )
        .select((link_rows::a_id, link_rows::b_id))
        .load(conn)?;
    let mut by_phase: HashMap<String, HashSet<&str>> = HashMap::new();
    for (a, b) in &pairs {
        for (audit, other) in [(a, b), (b, a)] {
            let is_audit = tree.get(audit).is_some_and(|t| t.1 == "activity");
            if let (true, Some(control), Some(phase)) = (
                is_audit,
                reference.get(other.as_str()),
                phase_of(&tree, audit),
            ) {
                by_phase.entry(phase).or_default().insert(control);
            }
        }
    }
    let order: HashMap<&str, usize> = applicable
        .iter()
        .enumerate()
        .map(|(i, (_, r))| (r.as_str(), i))
        .collect();
    let sorted = |set: &HashSet<&str>| {
        let mut v: Vec<&str> = set.iter().copied().collect();
        v.sort_by_key(|r| order.get(r).copied().unwrap_or(usize::MAX));
        v.into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    let phases_in_order: Vec<(String, String, i64)> = items::table
        .filter(items::org_id.eq(org_id))
        .filter(items::space_id.eq(space_id.to_string()))
        .filter(items::parent_id.is_null())
        .filter(items::archived_at.is_null())
        .order((items::position, items::number))
        .select((items::id, items::title, items::number))
        .load(conn)?;
    let covered: HashSet<&str> = by_phase.values().flatten().copied().collect();
    let phases = phases_in_order
        .into_iter()
        .map(|(id, title, _)| {
            Ok(PhaseCoverage {
                phase_id: uuid(&id)?,
                audits: tree
                    .iter()
                    .filter(|(item, t)| {
                        t.1 == "activity" && phase_of(&tree, item).as_deref() == Some(&id)
                    })
                    .count() as i64,
                controls: by_phase.get(&id).map(&sorted).unwrap_or_default(),
                title,
            })
        })
        .collect::<StoreResult<_>>()?;
    Ok(AuditCoverage {
        space_id,
        phases,
        uncovered: applicable
            .iter()
            .filter(|(_, r)| !covered.contains(r.as_str()))
            .map(|(_, r)| r.clone())
            .collect(),
        applicable: applicable.len() as i64,
    })
}
