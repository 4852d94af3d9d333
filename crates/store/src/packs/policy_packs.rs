//! Policy packs: each is an item of the organisation's Policy Packs tracker with a row holding its
//! state, latest published version and the documents and audience being prepared. Publishing
//! snapshots the documents as a version and notifies the audience; reads and acceptances are kept
//! per version. Progress is computed in a fixed number of queries for any number of packs.

use crate::clock::{now, utc, uuid};
use crate::connection::DbConnection;
use crate::error::{FieldErrors, StoreError, StoreResult};
use crate::events::notifications::{self, Notice};
use crate::events::{self, Change};
use crate::packs::audiences::{self, People, people};
use crate::schema::{
    items, policy_pack_acceptances, policy_pack_reads, policy_pack_versions, policy_packs, spaces,
    users,
};
use crate::versioned;
use annex_domain::events::notifications::NotificationKind;
use annex_domain::events::{SubjectKind, Verb};
use annex_domain::packs::policy_packs::{
    ACCEPTANCE, Acceptance, Audience, CreatePack, MyDocument, MyPack, PackDocument,
    PackDocumentInput, PackProgress, PackState, PackVersion, PeopleFilter, PersonProgress,
    PolicyPack, UpdatePack, check_accept, check_publish, person_progress,
};
use annex_domain::work::items::CreateItem;
use annex_domain::{OrgId, UserId};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;
use std::collections::{BTreeSet, HashMap, HashSet};
use uuid::Uuid;

/// The template key of the Policy Packs tracker.
pub const PACKS: &str = "policy-packs";
/// The template key of the Policies & Procedures tracker, whose items a pack's documents may be.
pub const POLICIES: &str = "policies-procedures";

/// The organisation's live Policy Packs tracker; not found when it has none.
pub fn space(conn: &mut DbConnection, org_id: OrgId) -> StoreResult<Uuid> {
    let id: String = spaces::table
        .filter(spaces::org_id.eq(org_id))
        .filter(spaces::template_key.eq(PACKS))
        .filter(spaces::archived_at.is_null())
        .order(spaces::created_at)
        .select(spaces::id)
        .first(conn)?;
    uuid(&id)
}

/// A pack's stored row; a pack item made through its tracker has none until first changed.
#[derive(Debug, Clone, Default)]
struct Row {
    state: PackState,
    version: i32,
    documents: Vec<PackDocument>,
    audience: Audience,
    row_version: i64,
}

fn parse<T: serde::de::DeserializeOwned>(json: &str) -> StoreResult<T> {
    serde_json::from_str(json)
        .map_err(|e| StoreError::Config(format!("a stored policy pack is unreadable: {e}")))
}

fn to_json(value: &impl serde::Serialize) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Config(e.to_string()))
}

type RowTuple = (String, String, i32, String, String, i64);

fn row_of(t: RowTuple) -> StoreResult<(String, Row)> {
    Ok((
        t.0,
        Row {
            state: PackState::parse(&t.1),
            version: t.2,
            documents: parse(&t.3)?,
            audience: parse(&t.4)?,
            row_version: t.5,
        },
    ))
}

macro_rules! row_columns {
    () => {
        (
            policy_packs::item_id,
            policy_packs::state,
            policy_packs::version,
            policy_packs::documents_json,
            policy_packs::audience_json,
            policy_packs::row_version,
        )
    };
}

/// The pack item (number, title, description) if it is an item of a Policy Packs tracker of the
/// organisation, with its row.
fn require_pack(
    conn: &mut DbConnection,
    org_id: OrgId,
    id: Uuid,
) -> StoreResult<(i64, String, String, Row)> {
    let (number, title, description): (i64, String, String) = items::table
        .inner_join(spaces::table)
        .filter(items::org_id.eq(org_id))
        .filter(items::id.eq(id.to_string()))
        .filter(spaces::template_key.eq(PACKS))
        .select((items::number, items::title, items::description))
        .first(conn)?;
    let row: Option<RowTuple> = policy_packs::table
        .filter(policy_packs::org_id.eq(org_id))
        .filter(policy_packs::item_id.eq(id.to_string()))
        .select(row_columns!())
        .first(conn)
        .optional()?;
    let row = match row {
        Some(t) => row_of(t)?.1,
        None => Row::default(),
    };
    Ok((number, title, description, row))
}

/// The documents as given, checked: policy items must be items of the organisation's Policies &
/// Procedures tracker (their title is used when none is given); web addresses need a title.
///
/// A given document id is kept only when it is one of the pack's own (`existing`); any other
/// document gets a fresh id, so a client can neither choose ids nor borrow another record's.
fn documents_of(
    conn: &mut DbConnection,
    org_id: OrgId,
    inputs: &[PackDocumentInput],
    existing: &[Uuid],
) -> StoreResult<Vec<PackDocument>> {
    let mut documents = Vec::with_capacity(inputs.len());
    let mut seen = HashSet::new();
    for (n, input) in inputs.iter().enumerate() {
        let field = format!("documents[{n}]");
        let url = input
            .url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty());
        let mut title = input.title.trim().to_owned();
        if let Some(item) = input.item_id {
            let found: Option<String> = items::table
                .inner_join(spaces::table)
                .filter(items::org_id.eq(org_id))
                .filter(items::id.eq(item.to_string()))
                .filter(spaces::template_key.eq(POLICIES))
                .select(items::title)
                .first(conn)
                .optional()?;
            let Some(found) = found else {
                return Err(StoreError::field(
                    format!("{field}.item_id"),
                    "not a document of the Policies & Procedures tracker",
                ));
            };
            if title.is_empty() {
                title = found;
            }
        } else if url.is_none() {
            return Err(StoreError::field(
                field,
                "give a policy item or a web address",
            ));
        }
        if title.is_empty() {
            return Err(StoreError::field(
                format!("{field}.title"),
                "a web address needs a title",
            ));
        }
        let id = input
            .id
            .filter(|id| existing.contains(id))
            .unwrap_or_else(crate::clock::new_id);
        if !seen.insert(id) {
            return Err(StoreError::field(format!("{field}.id"), "given twice"));
        }
        documents.push(PackDocument {
            id,
            title,
            item_id: input.item_id,
            url: url.map(str::to_owned),
        });
    }
    Ok(documents)
}

/// The audience as given, checked: its people must be members and its groups the organisation's
/// (an error naming `audience.users` or `audience.groups`, or both).
fn check_audience(conn: &mut DbConnection, org_id: OrgId, audience: &Audience) -> StoreResult<()> {
    let mut errors = FieldErrors::new();
    for (field, message) in audiences::problems(conn, org_id, audience)? {
        errors
            .entry(field.to_owned())
            .or_default()
            .push(message.to_owned());
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(StoreError::fields(errors))
    }
}

/// Reads (documents read per person) and acceptances of the latest versions of `packs`.
struct Answers {
    /// (pack, version, user) → (documents read, last read).
    reads: HashMap<(String, i32, String), (i64, NaiveDateTime)>,
    /// (pack, version, user) → accepted at.
    accepted: HashMap<(String, i32, String), NaiveDateTime>,
}

fn answers(conn: &mut DbConnection, org_id: OrgId, packs: &[String]) -> StoreResult<Answers> {
    use diesel::dsl::{count_star, max};
    let org = org_id.to_string();
    let reads = policy_pack_reads::table
        .filter(policy_pack_reads::org_id.eq(&org))
        .filter(policy_pack_reads::pack_id.eq_any(packs))
        .group_by((
            policy_pack_reads::pack_id,
            policy_pack_reads::version,
            policy_pack_reads::user_id,
        ))
        .select((
            policy_pack_reads::pack_id,
            policy_pack_reads::version,
            policy_pack_reads::user_id,
            count_star(),
            max(policy_pack_reads::read_at),
        ))
        .load::<(String, i32, String, i64, Option<NaiveDateTime>)>(conn)?
        .into_iter()
        .filter_map(|(p, v, u, n, at)| Some(((p, v, u), (n, at?))))
        .collect();
    let accepted = policy_pack_acceptances::table
        .filter(policy_pack_acceptances::org_id.eq(&org))
        .filter(policy_pack_acceptances::pack_id.eq_any(packs))
        .select((
            policy_pack_acceptances::pack_id,
            policy_pack_acceptances::version,
            policy_pack_acceptances::user_id,
            policy_pack_acceptances::accepted_at,
        ))
        .load::<(String, i32, String, NaiveDateTime)>(conn)?
        .into_iter()
        .map(|(p, v, u, at)| ((p, v, u), at))
        .collect();
    Ok(Answers { reads, accepted })
}

/// The documents of each published version: (pack, version) → (documents, published at).
type Versions = HashMap<(String, i32), (Vec<PackDocument>, NaiveDateTime)>;

/// The published versions of `packs`.
fn versions(conn: &mut DbConnection, org_id: OrgId, packs: &[String]) -> StoreResult<Versions> {
    let rows: Vec<(String, i32, String, NaiveDateTime)> = policy_pack_versions::table
        .filter(policy_pack_versions::org_id.eq(org_id))
        .filter(policy_pack_versions::pack_id.eq_any(packs))
        .select((
            policy_pack_versions::pack_id,
            policy_pack_versions::version,
            policy_pack_versions::documents_json,
            policy_pack_versions::published_at,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|(p, v, json, at)| Ok(((p, v), (parse(&json)?, at))))
        .collect()
}

fn progress_of(
    pack: &str,
    row: &Row,
    documents: usize,
    asked: &BTreeSet<Uuid>,
    answers: &Answers,
) -> PackProgress {
    if row.version == 0 || row.state == PackState::Draft {
        return PackProgress::new(0, 0, 0);
    }
    let mut read = 0;
    let mut accepted = 0;
    for person in asked {
        let key = (pack.to_owned(), row.version, person.to_string());
        if answers
            .reads
            .get(&key)
            .is_some_and(|(n, _)| *n >= documents as i64)
        {
            read += 1;
        }
        if answers.accepted.contains_key(&key) {
            accepted += 1;
        }
    }
    PackProgress::new(asked.len() as i64, read, accepted)
}

/// Every pack of the organisation (live items of its Policy Packs trackers), by number, with the
/// progress of its latest version — a fixed number of queries.
pub fn list(conn: &mut DbConnection, org_id: OrgId) -> StoreResult<Vec<PolicyPack>> {
    let org = org_id.to_string();
    let found: Vec<(String, i64, String, String)> = items::table
        .inner_join(spaces::table)
        .filter(items::org_id.eq(&org))
        .filter(items::archived_at.is_null())
        .filter(spaces::template_key.eq(PACKS))
        .filter(spaces::archived_at.is_null())
        .order(items::number)
        .select((items::id, items::number, items::title, items::description))
        .load(conn)?;
    let ids: Vec<String> = found.iter().map(|f| f.0.clone()).collect();
    let mut rows: HashMap<String, Row> = HashMap::new();
    for t in policy_packs::table
        .filter(policy_packs::org_id.eq(&org))
        .filter(policy_packs::item_id.eq_any(&ids))
        .select(row_columns!())
        .load::<RowTuple>(conn)?
    {
        let (id, row) = row_of(t)?;
        rows.insert(id, row);
    }
    let people = people(conn, org_id)?;
    let answers = answers(conn, org_id, &ids)?;
    let versions = versions(conn, org_id, &ids)?;
    found
        .into_iter()
        .map(|(id, number, title, description)| {
            let row = rows.remove(&id).unwrap_or_default();
            assemble(
                &id,
                number,
                title,
                description,
                row,
                &people,
                &answers,
                &versions,
            )
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn assemble(
    id: &str,
    number: i64,
    name: String,
    description: String,
    row: Row,
    people: &People,
    answers: &Answers,
    versions: &Versions,
) -> StoreResult<PolicyPack> {
    let published = versions.get(&(id.to_owned(), row.version));
    let published_documents = published.map(|p| p.0.clone()).unwrap_or_default();
    let asked = row.audience.resolve(&people.members, &people.groups);
    let progress = progress_of(id, &row, published_documents.len(), &asked, answers);
    Ok(PolicyPack {
        item_id: uuid(id)?,
        number,
        name,
        description,
        state: row.state,
        version: row.version,
        published_at: published.map(|p| utc(p.1)),
        unpublished_changes: row.documents != published_documents,
        published_documents,
        documents: row.documents,
        audience: row.audience,
        progress,
        row_version: row.row_version,
    })
}

/// One pack with the progress of its latest version.
pub fn get(conn: &mut DbConnection, org_id: OrgId, id: Uuid) -> StoreResult<PolicyPack> {
    let (number, title, description, row) = require_pack(conn, org_id, id)?;
    let key = [id.to_string()];
    let people = people(conn, org_id)?;
    let answers = answers(conn, org_id, &key)?;
    let versions = versions(conn, org_id, &key)?;
    assemble(
        &key[0],
        number,
        title,
        description,
        row,
        &people,
        &answers,
        &versions,
    )
}

fn write_row(
    conn: &mut DbConnection,
    org_id: OrgId,
    id: Uuid,
    expected: i64,
    row: &Row,
) -> StoreResult<()> {
    let (documents, audience) = (to_json(&row.documents)?, to_json(&row.audience)?);
    if expected == 0 {
        diesel::insert_into(policy_packs::table)
            .values((
                policy_packs::item_id.eq(id.to_string()),
                policy_packs::org_id.eq(org_id),
                policy_packs::state.eq(row.state.key()),
                policy_packs::version.eq(row.version),
                policy_packs::documents_json.eq(&documents),
                policy_packs::audience_json.eq(&audience),
                policy_packs::row_version.eq(1_i64),
                policy_packs::updated_at.eq(now()),
            ))
            .execute(conn)
            .map_err(|e| match StoreError::from(e) {
                StoreError::Conflict(_) => StoreError::Stale {
                    expected,
                    current: 1,
                },
                other => other,
            })?;
        return Ok(());
    }
    versioned::bump!(
        conn,
        update: policy_packs::table.filter(policy_packs::item_id.eq(id.to_string())),
        version: policy_packs::row_version,
        expected: expected,
        set: (
            policy_packs::state.eq(row.state.key()),
            policy_packs::version.eq(row.version),
            policy_packs::documents_json.eq(&documents),
            policy_packs::audience_json.eq(&audience),
            policy_packs::updated_at.eq(now()),
        ),
        // The row was read at `expected` in this transaction: another writer moved it on.
        current: || Ok(expected + 1),
    )
}

fn stale_unless(row: &Row, expected: i64) -> StoreResult<()> {
    if row.row_version != expected {
        return Err(StoreError::Stale {
            expected,
            current: row.row_version,
        });
    }
    Ok(())
}

/// Creates a draft pack: its item in the Policy Packs tracker and its documents and audience.
pub fn create(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    req: &CreatePack,
) -> StoreResult<PolicyPack> {
    let documents = documents_of(conn, org_id, &req.documents, &[])?;
    check_audience(conn, org_id, &req.audience)?;
    let space_id = space(conn, org_id)?;
    let item = crate::work::items::create(
        conn,
        org_id,
        actor,
        space_id.into(),
        &CreateItem {
            title: req.name.trim().to_owned(),
            description: req.description.clone(),
            ..CreateItem::default()
        },
    )?;
    let row = Row {
        documents,
        audience: req.audience.clone(),
        ..Row::default()
    };
    write_row(conn, org_id, item.id, 0, &row)?;
    let pack = get(conn, org_id, item.id)?;
    record(conn, org_id, actor, item.id, Verb::PackChanged, &pack)?;
    Ok(pack)
}

fn record(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    id: Uuid,
    action: Verb,
    pack: &PolicyPack,
) -> StoreResult<()> {
    events::record(
        conn,
        Change::new(org_id, Some(actor), SubjectKind::Item, id, action).after(&json!({
            "state": pack.state,
            "version": pack.version,
            "documents": pack.documents.len(),
            "audience": pack.progress.audience,
        })),
    )
}

/// Replaces the documents and/or audience being prepared, at `expected` row version.
pub fn update(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    id: Uuid,
    expected: i64,
    req: &UpdatePack,
) -> StoreResult<PolicyPack> {
    let (_, _, _, mut row) = require_pack(conn, org_id, id)?;
    stale_unless(&row, expected)?;
    if row.state == PackState::Retired {
        return Err(StoreError::Conflict(
            "the pack is retired; its documents and audience stay as they were".into(),
        ));
    }
    if let Some(inputs) = &req.documents {
        let own: Vec<Uuid> = row.documents.iter().map(|d| d.id).collect();
        row.documents = documents_of(conn, org_id, inputs, &own)?;
    }
    if let Some(audience) = &req.audience {
        check_audience(conn, org_id, audience)?;
        row.audience = audience.clone();
    }
    write_row(conn, org_id, id, expected, &row)?;
    let pack = get(conn, org_id, id)?;
    record(conn, org_id, actor, id, Verb::PackChanged, &pack)?;
    Ok(pack)
}

/// Publishes the documents being prepared as the next version and asks the audience (everyone in
/// it but the publisher is notified). A pack needs documents and an audience (422).
pub fn publish(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    id: Uuid,
    expected: i64,
) -> StoreResult<PolicyPack> {
    let (_, _, _, mut row) = require_pack(conn, org_id, id)?;
    stale_unless(&row, expected)?;
    check_publish(&row.documents, &row.audience).map_err(|e| StoreError::rule(e.to_string()))?;
    row.version += 1;
    row.state = PackState::Published;
    diesel::insert_into(policy_pack_versions::table)
        .values((
            policy_pack_versions::pack_id.eq(id.to_string()),
            policy_pack_versions::org_id.eq(org_id),
            policy_pack_versions::version.eq(row.version),
            policy_pack_versions::documents_json.eq(to_json(&row.documents)?),
            policy_pack_versions::published_by.eq(Some(actor)),
            policy_pack_versions::published_at.eq(now()),
        ))
        .execute(conn)?;
    write_row(conn, org_id, id, expected, &row)?;
    let everyone = people(conn, org_id)?;
    let asked: Vec<Uuid> = row
        .audience
        .resolve(&everyone.members, &everyone.groups)
        .into_iter()
        .collect();
    let subject = format!("version {}", row.version);
    notifications::notify(
        conn,
        org_id,
        Some(actor),
        &asked,
        Notice {
            kind: NotificationKind::PolicyPackPublished,
            item_id: id.into(),
            subject: &subject,
        },
    )?;
    let pack = get(conn, org_id, id)?;
    record(conn, org_id, actor, id, Verb::PackPublished, &pack)?;
    Ok(pack)
}

/// Retires a pack: nobody is asked any more; its versions, reads and acceptances stay.
pub fn retire(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    id: Uuid,
    expected: i64,
) -> StoreResult<PolicyPack> {
    let (_, _, _, mut row) = require_pack(conn, org_id, id)?;
    stale_unless(&row, expected)?;
    row.state = PackState::Retired;
    write_row(conn, org_id, id, expected, &row)?;
    let pack = get(conn, org_id, id)?;
    record(conn, org_id, actor, id, Verb::PackRetired, &pack)?;
    Ok(pack)
}

/// The published packs asked of `user`, with their reads and acceptance of the latest versions.
pub fn mine(conn: &mut DbConnection, org_id: OrgId, user: UserId) -> StoreResult<Vec<MyPack>> {
    let all = list(conn, org_id)?;
    let people = people(conn, org_id)?;
    let ids: Vec<String> = all.iter().map(|p| p.item_id.to_string()).collect();
    let org = org_id.to_string();
    let reads: Vec<(String, i32, String, NaiveDateTime)> = policy_pack_reads::table
        .filter(policy_pack_reads::org_id.eq(&org))
        .filter(policy_pack_reads::user_id.eq(user))
        .filter(policy_pack_reads::pack_id.eq_any(&ids))
        .select((
            policy_pack_reads::pack_id,
            policy_pack_reads::version,
            policy_pack_reads::document_id,
            policy_pack_reads::read_at,
        ))
        .load(conn)?;
    let accepted: Vec<(String, i32, NaiveDateTime)> = policy_pack_acceptances::table
        .filter(policy_pack_acceptances::org_id.eq(&org))
        .filter(policy_pack_acceptances::user_id.eq(user))
        .filter(policy_pack_acceptances::pack_id.eq_any(&ids))
        .select((
            policy_pack_acceptances::pack_id,
            policy_pack_acceptances::version,
            policy_pack_acceptances::accepted_at,
        ))
        .load(conn)?;
    Ok(all
        .into_iter()
        .filter(|p| p.state == PackState::Published)
        .filter(|p| {
            p.audience
                .resolve(&people.members, &people.groups)
                .contains(&user.uuid())
        })
        .map(|p| {
            let id = p.item_id.to_string();
            let documents: Vec<MyDocument> = p
                .published_documents
                .iter()
                .map(|d| MyDocument {
                    document: d.clone(),
                    read_at: reads
                        .iter()
                        .find(|r| r.0 == id && r.1 == p.version && r.2 == d.id.to_string())
                        .map(|r| utc(r.3)),
                })
                .collect();
            let accepted_at = accepted
                .iter()
                .find(|a| a.0 == id && a.1 == p.version)
                .map(|a| utc(a.2));
            MyPack {
                item_id: p.item_id,
                statement: format!("{ACCEPTANCE} {} (version {}).", p.name, p.version),
                outstanding: accepted_at.is_none(),
                name: p.name,
                description: p.description,
                version: p.version,
                published_at: p.published_at,
                documents,
                accepted_at,
            }
        })
        .collect())
}

/// One of `user`'s packs; not found unless it is published and asked of them.
pub fn my_pack(
    conn: &mut DbConnection,
    org_id: OrgId,
    user: UserId,
    id: Uuid,
) -> StoreResult<MyPack> {
    mine(conn, org_id, user)?
        .into_iter()
        .find(|p| p.item_id == id)
        .ok_or(StoreError::NotFound)
}

/// Marks a document of the latest version read by `user` (again: the first time stays).
pub fn mark_read(
    conn: &mut DbConnection,
    org_id: OrgId,
    user: UserId,
    id: Uuid,
    document: Uuid,
) -> StoreResult<MyPack> {
    let pack = my_pack(conn, org_id, user, id)?;
    if !pack.documents.iter().any(|d| d.document.id == document) {
        return Err(StoreError::field(
            "document_id",
            format!(
                "version {} of the pack has no document {document}",
                pack.version
            ),
        ));
    }
    let already: i64 = policy_pack_reads::table
        .filter(policy_pack_reads::pack_id.eq(id.to_string()))
        .filter(policy_pack_reads::version.eq(pack.version))
        .filter(policy_pack_reads::user_id.eq(user))
        .filter(policy_pack_reads::document_id.eq(document.to_string()))
        .count()
        .get_result(conn)?;
    if already == 0 {
        diesel::insert_into(policy_pack_reads::table)
            .values((
                policy_pack_reads::pack_id.eq(id.to_string()),
                policy_pack_reads::org_id.eq(org_id),
                policy_pack_reads::version.eq(pack.version),
                policy_pack_reads::user_id.eq(user),
                policy_pack_reads::document_id.eq(document.to_string()),
                policy_pack_reads::read_at.eq(now()),
            ))
            .execute(conn)?;
        events::record(
            conn,
            Change::new(
                org_id,
                Some(user),
                SubjectKind::Item,
                id,
                Verb::PackDocumentRead,
            )
            .after(&json!({ "version": pack.version, "document_id": document })),
        )?;
    }
    my_pack(conn, org_id, user, id)
}

/// Records `user`'s acceptance of the latest version, once every document is read (422 before).
pub fn accept(
    conn: &mut DbConnection,
    org_id: OrgId,
    user: UserId,
    id: Uuid,
) -> StoreResult<MyPack> {
    let pack = my_pack(conn, org_id, user, id)?;
    match check_accept(&pack).map_err(|e| StoreError::rule(e.to_string()))? {
        Acceptance::AlreadyAccepted => return Ok(pack),
        Acceptance::Record => {}
    }
    diesel::insert_into(policy_pack_acceptances::table)
        .values((
            policy_pack_acceptances::pack_id.eq(id.to_string()),
            policy_pack_acceptances::org_id.eq(org_id),
            policy_pack_acceptances::version.eq(pack.version),
            policy_pack_acceptances::user_id.eq(user),
            policy_pack_acceptances::accepted_at.eq(now()),
        ))
        .execute(conn)?;
    events::record(
        conn,
        Change::new(
            org_id,
            Some(user),
            SubjectKind::Item,
            id,
            Verb::PackAccepted,
        )
        .after(&json!({ "version": pack.version })),
    )?;
    my_pack(conn, org_id, user, id)
}

/// The audience of a published version (the latest unless asked) and how far each person is, by
/// name; `outstanding` keeps those who have not accepted it.
pub fn progress_by_person(
    conn: &mut DbConnection,
    org_id: OrgId,
    id: Uuid,
    filter: &PeopleFilter,
) -> StoreResult<Vec<PersonProgress>> {
    let (_, _, _, row) = require_pack(conn, org_id, id)?;
    let version = filter.version.unwrap_or(row.version);
    let key = [id.to_string()];
    let versions = versions(conn, org_id, &key)?;
    let Some((documents, _)) = versions.get(&(key[0].clone(), version)) else {
        return Err(StoreError::field(
            "version",
            format!("the pack has no published version {version}"),
        ));
    };
    let people = people(conn, org_id)?;
    let asked: Vec<String> = row
        .audience
        .resolve(&people.members, &people.groups)
        .iter()
        .map(Uuid::to_string)
        .collect();
    let answers = answers(conn, org_id, &key)?;
    let names: Vec<(String, String, String)> = users::table
        .filter(users::id.eq_any(&asked))
        .order(users::display_name)
        .select((users::id, users::display_name, users::email))
        .load(conn)?;
    let count = documents.len() as i64;
    Ok(names
        .into_iter()
        .map(|(user, name, email)| {
            let at = (key[0].clone(), version, user.clone());
            let read = answers.reads.get(&at);
            let accepted_at = answers.accepted.get(&at).copied();
            Ok(PersonProgress {
                user_id: uuid(&user)?,
                name,
                email,
                documents: count,
                read: read.map(|r| r.0).unwrap_or(0),
                progress: person_progress(
                    count,
                    read.map(|r| r.0).unwrap_or(0),
                    accepted_at.is_some(),
                ),
                last_read_at: read.map(|r| utc(r.1)),
                accepted_at: accepted_at.map(utc),
            })
        })
        .collect::<StoreResult<Vec<_>>>()?
        .into_iter()
        .filter(|p| {
            filter
                .outstanding
                .is_none_or(|o| p.accepted_at.is_none() == o)
        })
        .collect())
}

/// Every published version, newest first, with its documents and how many read and accepted it.
pub fn history(conn: &mut DbConnection, org_id: OrgId, id: Uuid) -> StoreResult<Vec<PackVersion>> {
    require_pack(conn, org_id, id)?;
    let rows: Vec<(i32, String, NaiveDateTime, Option<String>)> = policy_pack_versions::table
        .left_join(users::table.on(users::id.nullable().eq(policy_pack_versions::published_by)))
        .filter(policy_pack_versions::org_id.eq(org_id))
        .filter(policy_pack_versions::pack_id.eq(id.to_string()))
        .order(policy_pack_versions::version.desc())
        .select((
            policy_pack_versions::version,
            policy_pack_versions::documents_json,
            policy_pack_versions::published_at,
            users::display_name.nullable(),
        ))
        .load(conn)?;
    let answers = answers(conn, org_id, &[id.to_string()])?;
    rows.into_iter()
        .map(|(version, json, at, by)| {
            let count = |keys: Vec<&(String, i32, String)>| {
                keys.into_iter().filter(|k| k.1 == version).count() as i64
            };
            Ok(PackVersion {
                version,
                published_at: utc(at),
                published_by_name: by,
                documents: parse(&json)?,
                accepted: count(answers.accepted.keys().collect()),
                readers: count(answers.reads.keys().collect()),
            })
        })
        .collect()
}

/// Notifies everyone of the audience who has not accepted the latest version; answers how many.
pub fn nudge(conn: &mut DbConnection, org_id: OrgId, actor: UserId, id: Uuid) -> StoreResult<i64> {
    let pack = get(conn, org_id, id)?;
    if pack.state != PackState::Published {
        return Err(StoreError::Conflict(
            "only a published pack's audience can be nudged".into(),
        ));
    }
    let outstanding: Vec<Uuid> = progress_by_person(
        conn,
        org_id,
        id,
        &PeopleFilter {
            version: None,
            outstanding: Some(true),
        },
    )?
    .into_iter()
    .map(|p| p.user_id)
    .collect();
    let subject = format!("version {}", pack.version);
    let notified = notifications::notify(
        conn,
        org_id,
        Some(actor),
        &outstanding,
        Notice {
            kind: NotificationKind::PolicyPackNudge,
            item_id: id.into(),
            subject: &subject,
        },
    )?;
    events::record(
        conn,
        Change::new(org_id, Some(actor), SubjectKind::Item, id, Verb::PackNudged)
            .after(&json!({ "version": pack.version }))
            .notified(notified),
    )?;
    Ok(notified)
}

/// Across the organisation's published packs, the share of (person, pack) pairs asked whose latest
/// version is accepted, as a percentage; none while nobody is asked anything. Feeds the KPI.
pub fn acceptance_percent(conn: &mut DbConnection, org_id: OrgId) -> StoreResult<Option<f64>> {
    let (asked, accepted) = list(conn, org_id)?
        .iter()
        .filter(|p| p.state == PackState::Published)
        .fold((0, 0), |(a, b), p| {
            (a + p.progress.audience, b + p.progress.accepted)
        });
    Ok((asked > 0).then(|| annex_domain::packs::policy_packs::percent(accepted, asked)))
}
