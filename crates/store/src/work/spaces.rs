//! Spaces and their settings: the status workflow and custom-field definitions of each.

use crate::clock::{archive_change, new_id, now, utc, uuid};
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::events::{self, Change};
use crate::schema::{item_values, items, memberships, space_fields, space_statuses, spaces};
use crate::versioned;
use crate::work::templates;
use annex_domain::events::{SubjectKind, Verb};
use annex_domain::work::Colour;
use annex_domain::work::fields::{self, FieldDefinition, FieldKind};
use annex_domain::work::spaces::{
    CreateSpace, Space, SpaceFilter, SpaceKind, SpaceSettings, UpdateSpace,
};
use annex_domain::work::templates::FieldKeys;
use annex_domain::work::workflow::{self, Status};
use annex_domain::{Cursor, Page};
use annex_domain::{OrgId, SpaceId, UserId};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::Value;
use std::collections::HashMap;
use uuid::Uuid;

type SpaceRow = (
    String,
    String,
    String,
    String,
    Option<String>,
    NaiveDateTime,
    Option<NaiveDateTime>,
    i64,
);

const COLUMNS: (
    spaces::id,
    spaces::kind,
    spaces::name,
    spaces::description,
    spaces::owner_id,
    spaces::created_at,
    spaces::archived_at,
    spaces::version,
) = (
    spaces::id,
    spaces::kind,
    spaces::name,
    spaces::description,
    spaces::owner_id,
    spaces::created_at,
    spaces::archived_at,
    spaces::version,
);

fn name_taken(name: &str) -> impl Fn(diesel::result::Error) -> StoreError + '_ {
    move |e| match StoreError::from(e) {
        StoreError::Conflict(_) => {
            StoreError::Conflict(format!("a space named {name:?} already exists"))
        }
        other => other,
    }
}

/// Rows of some spaces, keyed by space id.
type BySpace<T> = HashMap<String, Vec<T>>;

/// Statuses and fields of the given spaces, in two queries.
fn settings_of(
    conn: &mut DbConnection,
    ids: &[String],
) -> StoreResult<(BySpace<Status>, BySpace<FieldDefinition>)> {
    let status_rows: Vec<(String, String, String, String, bool)> = space_statuses::table
        .filter(space_statuses::space_id.eq_any(ids))
        .order((space_statuses::space_id, space_statuses::position))
        .select((
            space_statuses::space_id,
            space_statuses::id,
            space_statuses::name,
            space_statuses::colour,
            space_statuses::resolved,
        ))
        .load(conn)?;
    let mut statuses: HashMap<String, Vec<Status>> = HashMap::new();
    for (space, id, name, colour, resolved) in status_rows {
        let colour = Colour::parse(&colour).map_err(|e| StoreError::rule(e.to_string()))?;
        statuses.entry(space).or_default().push(Status {
            id: uuid(&id)?,
            name,
            colour,
            resolved,
        });
    }
    let field_rows: Vec<(String, String, String, String, bool, String)> = space_fields::table
        .filter(space_fields::space_id.eq_any(ids))
        .order((space_fields::space_id, space_fields::position))
        .select((
            space_fields::space_id,
            space_fields::id,
            space_fields::name,
            space_fields::kind,
            space_fields::required,
            space_fields::options_json,
        ))
        .load(conn)?;
    let mut fields: HashMap<String, Vec<FieldDefinition>> = HashMap::new();
    for (space, id, name, kind, required, options) in field_rows {
        let kind: FieldKind = serde_json::from_value(serde_json::Value::String(kind))
            .map_err(|e| StoreError::rule(format!("stored field kind: {e}")))?;
        let options = serde_json::from_str(&options)
            .map_err(|e| StoreError::rule(format!("stored options: {e}")))?;
        fields.entry(space).or_default().push(FieldDefinition {
            id: uuid(&id)?,
            name,
            kind,
            options,
            required,
        });
    }
    Ok((statuses, fields))
}

fn to_spaces(conn: &mut DbConnection, rows: Vec<SpaceRow>) -> StoreResult<Vec<Space>> {
    let ids: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    let (mut statuses, mut fields) = settings_of(conn, &ids)?;
    rows.into_iter()
        .map(
            |(id, kind, name, description, owner, created_at, archived_at, version)| {
                Ok(Space {
                    statuses: statuses.remove(&id).unwrap_or_default(),
                    fields: fields.remove(&id).unwrap_or_default(),
                    id: uuid(&id)?,
                    kind: SpaceKind::from_stored(&kind),
                    name,
                    description,
                    owner_id: owner.as_deref().map(uuid).transpose()?,
                    created_at: utc(created_at),
                    archived_at: archived_at.map(utc),
                    version,
                })
            },
        )
        .collect()
}

/// One space of the organisation with its settings; `NotFound` for other organisations' spaces.
pub fn get(conn: &mut DbConnection, org_id: OrgId, id: Uuid) -> StoreResult<Space> {
    let row: SpaceRow = spaces::table
        .filter(spaces::org_id.eq(org_id))
        .filter(spaces::id.eq(id.to_string()))
        .select(COLUMNS)
        .first(conn)?;
    to_spaces(conn, vec![row])?
        .pop()
        .ok_or(StoreError::NotFound)
}

/// One page of the organisation's spaces by name: four queries whatever the page size.
pub fn list(
    conn: &mut DbConnection,
    org_id: OrgId,
    filter: &SpaceFilter,
    limit: i64,
    after: Option<&Cursor>,
) -> StoreResult<Page<Space>> {
    let org = org_id.to_string();
    let filtered = || {
        let mut q = spaces::table
            .filter(spaces::org_id.eq(org.clone()))
            .into_boxed();
        if let Some(kind) = filter.kind {
            q = q.filter(spaces::kind.eq(kind.as_str()));
        }
        if filter.archived != Some(true) {
            q = q.filter(spaces::archived_at.is_null());
        }
        q
    };
    let total: i64 = filtered().count().get_result(conn)?;
    let mut page = filtered();
    if let Some(cursor) = after {
        // Names are unique within an organisation, so the name alone is the key.
        page = page.filter(spaces::name.gt(cursor.key.clone()));
    }
    let rows: Vec<SpaceRow> = page
        .select(COLUMNS)
        .order(spaces::name.asc())
        .limit(limit + 1)
        .load(conn)?;
    let data = to_spaces(conn, rows)?;
    Ok(Page::from_rows(data, limit, total, |s: &Space| Cursor {
        key: s.name.clone(),
        id: s.id,
    }))
}

fn require_member(conn: &mut DbConnection, org_id: OrgId, user: Option<Uuid>) -> StoreResult<()> {
    let Some(user) = user else { return Ok(()) };
    let found: i64 = memberships::table
        .filter(memberships::org_id.eq(org_id))
        .filter(memberships::user_id.eq(user.to_string()))
        .count()
        .get_result(conn)?;
    if found == 0 {
        return Err(StoreError::rule(
            "the owner must be a member of this organisation",
        ));
    }
    Ok(())
}

/// Writes a space's statuses and fields as given, in order, keeping ids: existing rows are updated,
/// new ones inserted, missing ones deleted. A new field is stored with its template key from
/// `keys`, if any; an existing field keeps the key it has, whatever it is renamed to.
fn write_settings(
    conn: &mut DbConnection,
    org_id: OrgId,
    space_id: SpaceId,
    statuses: &[Status],
    fields: &[FieldDefinition],
    keys: &FieldKeys,
) -> StoreResult<()> {
    let (org, space) = (org_id.to_string(), space_id.to_string());
    let kept_statuses: Vec<String> = statuses.iter().map(|s| s.id.to_string()).collect();
    diesel::delete(
        space_statuses::table
            .filter(space_statuses::space_id.eq(&space))
            .filter(space_statuses::id.ne_all(&kept_statuses)),
    )
    .execute(conn)?;
    let kept_fields: Vec<String> = fields.iter().map(|f| f.id.to_string()).collect();
    diesel::delete(
        space_fields::table
            .filter(space_fields::space_id.eq(&space))
            .filter(space_fields::id.ne_all(&kept_fields)),
    )
    .execute(conn)?;
    for (position, status) in (0..).zip(statuses) {
        let values = (
            space_statuses::position.eq(position),
            space_statuses::name.eq(status.name.trim()),
            space_statuses::colour.eq(status.colour.as_str()),
            space_statuses::resolved.eq(status.resolved),
        );
        let updated = diesel::update(
            space_statuses::table
                .filter(space_statuses::space_id.eq(&space))
                .filter(space_statuses::id.eq(status.id.to_string())),
        )
        .set(values)
        .execute(conn)?;
        if updated == 0 {
            diesel::insert_into(space_statuses::table)
                .values((
                    space_statuses::id.eq(status.id.to_string()),
                    space_statuses::org_id.eq(&org),
                    space_statuses::space_id.eq(&space),
                    values,
                ))
                .execute(conn)?;
        }
    }
    for (position, field) in (0..).zip(fields) {
        let kind = serde_json::to_value(field.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let options =
            serde_json::to_string(&field.options).map_err(|e| StoreError::rule(e.to_string()))?;
        let values = (
            space_fields::position.eq(position),
            space_fields::name.eq(field.name.trim()),
            space_fields::kind.eq(kind),
            space_fields::required.eq(field.required),
            space_fields::options_json.eq(options),
        );
        let updated = diesel::update(
            space_fields::table
                .filter(space_fields::space_id.eq(&space))
                .filter(space_fields::id.eq(field.id.to_string())),
        )
        .set(values.clone())
        .execute(conn)?;
        if updated == 0 {
            diesel::insert_into(space_fields::table)
                .values((
                    space_fields::id.eq(field.id.to_string()),
                    space_fields::org_id.eq(&org),
                    space_fields::space_id.eq(&space),
                    space_fields::template_key.eq(keys.get(&field.id)),
                    values,
                ))
                .execute(conn)?;
        }
    }
    Ok(())
}

/// What saving new settings would lose: values of removed fields, of fields whose kind changes,
/// and of removed select options. Refused with a count unless confirmed; deleted when confirmed.
fn settle_values(
    conn: &mut DbConnection,
    before: &Space,
    settings: &SpaceSettings,
) -> StoreResult<Vec<String>> {
    let mut lost = Vec::new();
    for old in &before.fields {
        let new = settings.fields.iter().find(|f| f.id == old.id);
        let rows: Vec<(String, String)> = item_values::table
            .filter(item_values::field_id.eq(old.id.to_string()))
            .select((item_values::item_id, item_values::value_json))
            .load(conn)?;
        if rows.is_empty() {
            continue;
        }
        match new {
            None => lost.push((
                old,
                format!(
                    "{} values of the removed field \"{}\"",
                    rows.len(),
                    old.name
                ),
                rows,
                None,
            )),
            Some(new) if new.kind != old.kind => lost.push((
                old,
                format!(
                    "{} values of \"{}\", whose kind changes",
                    rows.len(),
                    old.name
                ),
                rows,
                None,
            )),
            Some(new) if old.kind.has_options() => {
                let gone: Vec<String> = old
                    .options
                    .iter()
                    .filter(|o| !new.options.iter().any(|n| n.id == o.id))
                    .map(|o| o.id.to_string())
                    .collect();
                let touched: Vec<(String, String)> = rows
                    .into_iter()
                    .filter(|(_, json)| gone.iter().any(|g| json.contains(g.as_str())))
                    .collect();
                if !touched.is_empty() {
                    let what = format!(
                        "{} values of \"{}\" that use removed options",
                        touched.len(),
                        old.name
                    );
                    lost.push((old, what, touched, Some((new.clone(), gone))));
                }
            }
            Some(_) => {}
        }
    }
    if lost.is_empty() {
        return Ok(Vec::new());
    }
    let described: Vec<String> = lost.iter().map(|l| l.1.clone()).collect();
    if !settings.confirm_value_loss {
        return Err(StoreError::rule(format!(
            "saving would delete {}; send confirm_value_loss: true to go ahead",
            described.join(" and ")
        )));
    }
    for (old, _, rows, remaining) in lost {
        for (item, json) in rows {
            let key = item_values::table
                .filter(item_values::item_id.eq(&item))
                .filter(item_values::field_id.eq(old.id.to_string()));
            let kept = remaining.as_ref().and_then(|(new, gone)| {
                match serde_json::from_str::<Value>(&json) {
                    Ok(Value::Array(ids)) => {
                        let left: Vec<Value> = ids
                            .into_iter()
                            .filter(|id| !gone.iter().any(|g| id.as_str() == Some(g)))
                            .collect();
                        (!left.is_empty() && new.kind == FieldKind::MultiSelect)
                            .then_some(Value::Array(left))
                    }
                    _ => None,
                }
            });
            match kept {
                Some(value) => diesel::update(key)
                    .set(item_values::value_json.eq(value.to_string()))
                    .execute(conn)?,
                None => diesel::delete(key).execute(conn)?,
            };
        }
    }
    Ok(described)
}

/// Refuses to remove statuses that items are still in.
fn check_statuses_in_use(
    conn: &mut DbConnection,
    before: &Space,
    settings: &SpaceSettings,
) -> StoreResult<()> {
    for old in before
        .statuses
        .iter()
        .filter(|s| !settings.statuses.iter().any(|n| n.id == s.id))
    {
        let used: i64 = items::table
            .filter(items::status_id.eq(old.id.to_string()))
            .count()
            .get_result(conn)?;
        if used > 0 {
            return Err(StoreError::Conflict(format!(
                "{used} items are in the status \"{}\"; move them to another status before removing it",
                old.name
            )));
        }
    }
    Ok(())
}

/// Creates a space: blank with the default workflow, or from a template (its workflow, fields and tree).
pub fn create(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    req: &CreateSpace,
) -> StoreResult<Space> {
    create_space(conn, org_id, Some(actor), req)
}

/// Creates a space on behalf of `actor`, or of the system (a new organisation's ISMS set).
pub(crate) fn create_space(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: Option<UserId>,
    req: &CreateSpace,
) -> StoreResult<Space> {
    let template = req.template.as_deref().map(templates::find).transpose()?;
    if let Some(t) = template
        && t.kind != req.kind
    {
        return Err(StoreError::rule(format!(
            "the template `{}` makes a {}, not a {}",
            t.key,
            t.kind.as_str(),
            req.kind.as_str()
        )));
    }
    require_member(conn, org_id, req.owner_id)?;
    let id = new_id();
    let name = req.name.trim();
    diesel::insert_into(spaces::table)
        .values((
            spaces::id.eq(id.to_string()),
            spaces::org_id.eq(org_id),
            spaces::kind.eq(req.kind.as_str()),
            spaces::name.eq(name),
            spaces::description.eq(req.description.trim()),
            spaces::owner_id.eq(req.owner_id.map(|o| o.to_string())),
            spaces::created_by.eq(actor.map(|a| a.to_string())),
            spaces::created_at.eq(now()),
            spaces::version.eq(1_i64),
            spaces::template_key.eq(template.map(|t| t.key.as_str())),
        ))
        .execute(conn)
        .map_err(name_taken(name))?;
    let (statuses, fields) = match template {
        Some(t) => (t.workflow(new_id), t.field_definitions(new_id)),
        None => (workflow::default_workflow(new_id), Vec::new()),
    };
    let keys = template.map(|t| t.field_keys(&fields)).unwrap_or_default();
    write_settings(conn, org_id, id.into(), &statuses, &fields, &keys)?;
    let space = get(conn, org_id, id)?;
    let mut change =
        Change::new(org_id, actor, SubjectKind::Space, id, Verb::Created).after(&space);
    if let (Some(recorded), Some(t)) = (change.after.as_mut(), template) {
        recorded["template"] = serde_json::json!(t.key);
    }
    events::record(conn, change)?;
    if let Some(t) = template {
        templates::plant_tree(conn, org_id, actor, id.into(), t, &statuses)?;
    }
    Ok(space)
}

/// Moves a space from `expected` to the next version, or reports it stale.
fn bump(conn: &mut DbConnection, org_id: OrgId, id: Uuid, expected: i64) -> StoreResult<()> {
    versioned::bump!(
        conn,
        update: spaces::table
            .filter(spaces::org_id.eq(org_id))
            .filter(spaces::id.eq(id.to_string())),
        version: spaces::version,
        expected: expected,
        set: (),
        current: || Ok(get(conn, org_id, id)?.version),
    )
}

/// Renames, redescribes, re-owns, archives or restores a space at `expected` version.
pub fn update(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    id: Uuid,
    expected: i64,
    req: &UpdateSpace,
) -> StoreResult<Space> {
    let before = get(conn, org_id, id)?;
    bump(conn, org_id, id, expected)?;
    let owner = req.owner_id.unwrap_or(before.owner_id);
    require_member(conn, org_id, owner)?;
    let name = req.name.as_deref().map(str::trim).unwrap_or(&before.name);
    let description = req
        .description
        .as_deref()
        .map(str::trim)
        .unwrap_or(&before.description);
    let archived_at = archive_change(before.archived_at, req.archived);
    diesel::update(spaces::table.find(id.to_string()))
        .set((
            spaces::name.eq(name),
            spaces::description.eq(description),
            spaces::owner_id.eq(owner.map(|o| o.to_string())),
            spaces::archived_at.eq(archived_at),
        ))
        .execute(conn)
        .map_err(name_taken(name))?;
    let after = get(conn, org_id, id)?;
    let verb = match (before.archived_at.is_some(), after.archived_at.is_some()) {
        (false, true) => Verb::Archived,
        (true, false) => Verb::Restored,
        _ => Verb::Updated,
    };
    events::record(
        conn,
        Change::new(org_id, Some(actor), SubjectKind::Space, id, verb)
            .before(&before)
            .after(&after),
    )?;
    Ok(after)
}

/// The settings with every id that is neither the space's own nor new replaced by a fresh one.
///
/// A client names new statuses, fields and options with ids it makes up (so it can refer to them
/// before they are saved); an id that already belongs to another space, of this organisation or
/// any other, is not taken over, nor refused (a refusal would tell that the id exists): it is
/// quietly given a fresh id, which the answer shows.
fn own_ids(
    conn: &mut DbConnection,
    before: &Space,
    settings: &SpaceSettings,
) -> StoreResult<SpaceSettings> {
    let space = before.id.to_string();
    let mut settings = settings.clone();
    for status in &mut settings.statuses {
        let own = before.statuses.iter().any(|s| s.id == status.id);
        let elsewhere = !own
            && space_statuses::table
                .find(status.id.to_string())
                .count()
                .get_result::<i64>(conn)?
                > 0;
        if elsewhere {
            status.id = new_id();
        }
    }
    for field in &mut settings.fields {
        let existing = before.fields.iter().find(|f| f.id == field.id);
        let elsewhere = existing.is_none()
            && space_fields::table
                .find(field.id.to_string())
                .count()
                .get_result::<i64>(conn)?
                > 0;
        if elsewhere {
            field.id = new_id();
        }
        for option in &mut field.options {
            let own = existing.is_some_and(|f| f.options.iter().any(|o| o.id == option.id));
            let elsewhere = !own
                && space_fields::table
                    .filter(space_fields::space_id.ne(&space))
                    .filter(space_fields::options_json.like(format!("%{}%", option.id)))
                    .count()
                    .get_result::<i64>(conn)?
                    > 0;
            if elsewhere {
                option.id = new_id();
            }
        }
    }
    Ok(settings)
}

/// Replaces a space's workflow and custom fields at `expected` version, after checking both.
pub fn replace_settings(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    id: Uuid,
    expected: i64,
    settings: &SpaceSettings,
) -> StoreResult<Space> {
    workflow::validate(&settings.statuses).map_err(|e| StoreError::rule(e.to_string()))?;
    fields::validate_definitions(&settings.fields).map_err(|e| StoreError::rule(e.to_string()))?;
    let before = get(conn, org_id, id)?;
    let settings = &own_ids(conn, &before, settings)?;
    bump(conn, org_id, id, expected)?;
    check_statuses_in_use(conn, &before, settings)?;
    let lost = settle_values(conn, &before, settings)?;
    // Fields added here are the user's own: no template key.
    write_settings(
        conn,
        org_id,
        id.into(),
        &settings.statuses,
        &settings.fields,
        &FieldKeys::new(),
    )
    .map_err(|e| match e {
        StoreError::Conflict(_) => {
            StoreError::Conflict("a status or field id is already used by another space".into())
        }
        other => other,
    })?;
    let after = get(conn, org_id, id)?;
    crate::work::items::refresh_sort_keys(conn, &before, &after)?;
    let mut change = Change::new(
        org_id,
        Some(actor),
        SubjectKind::Space,
        id,
        Verb::SettingsChanged,
    )
    .before(&before)
    .after(&after);
    if let (Some(recorded), false) = (change.after.as_mut(), lost.is_empty()) {
        // The trail says what the confirmation cost.
        recorded["values_deleted"] = serde_json::json!(lost);
    }
    events::record(conn, change)?;
    Ok(after)
}

/// Deletes a space that holds no items (archived ones included), with its workflow and fields, at
/// `expected` version. A space with items is archived instead, so their history stays.
pub fn delete(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    id: Uuid,
    expected: i64,
) -> StoreResult<()> {
    let before = get(conn, org_id, id)?;
    if before.version != expected {
        return Err(StoreError::Stale {
            expected,
            current: before.version,
        });
    }
    let held: i64 = items::table
        .filter(items::org_id.eq(org_id))
        .filter(items::space_id.eq(id.to_string()))
        .count()
        .get_result(conn)?;
    if held > 0 {
        return Err(StoreError::Conflict(format!(
            "\"{}\" holds {held} items; archive it instead, or delete its items first",
            before.name
        )));
    }
    diesel::delete(space_fields::table.filter(space_fields::space_id.eq(id.to_string())))
        .execute(conn)?;
    diesel::delete(space_statuses::table.filter(space_statuses::space_id.eq(id.to_string())))
        .execute(conn)?;
    versioned::remove!(
        conn,
        delete: spaces::table
            .filter(spaces::org_id.eq(org_id))
            .filter(spaces::id.eq(id.to_string())),
        version: spaces::version,
        expected: expected,
        current: || Ok(get(conn, org_id, id)?.version),
    )?;
    events::record(
        conn,
        Change::new(org_id, Some(actor), SubjectKind::Space, id, Verb::Deleted).before(&before),
    )
}
