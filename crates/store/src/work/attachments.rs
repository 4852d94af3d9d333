//! Notes and documents of an item, each change recorded on the item; a note tells the people and
//! groups its author picks.

use crate::clock::{new_id, now, utc, uuid};
use crate::connection::DbConnection;
use crate::error::{FieldErrors, StoreError, StoreResult};
use crate::events::notifications::{self, Notice};
use crate::events::{self, Change};
use crate::packs::audiences::{self, people};
use crate::schema::{item_documents, item_notes, users};
use crate::versioned;
use annex_domain::events::notifications::NotificationKind;
use annex_domain::events::{SubjectKind, Verb};
use annex_domain::packs::policy_packs::Audience;
use annex_domain::work::attachments::{AddDocument, AddNote, Document, Note};
use annex_domain::{ItemId, OrgId, UserId};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

type NoteRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    NaiveDateTime,
    NaiveDateTime,
    i64,
    i64,
);

fn to_note(
    (id, item, author, name, body, created, updated, notified, version): NoteRow,
) -> StoreResult<Note> {
    Ok(Note {
        id: uuid(&id)?,
        item_id: uuid(&item)?,
        author_id: author.as_deref().map(uuid).transpose()?,
        author_name: name,
        body,
        created_at: utc(created),
        updated_at: utc(updated),
        notified,
        version,
    })
}

macro_rules! note_columns {
    () => {
        (
            item_notes::id,
            item_notes::item_id,
            item_notes::author_id,
            users::display_name.nullable(),
            item_notes::body,
            item_notes::created_at,
            item_notes::updated_at,
            item_notes::notified,
            item_notes::version,
        )
    };
}

/// The notes of an item, oldest first: one query.
pub fn notes(conn: &mut DbConnection, org_id: OrgId, item: ItemId) -> StoreResult<Vec<Note>> {
    let rows: Vec<NoteRow> = item_notes::table
        .left_join(users::table.on(item_notes::author_id.eq(users::id.nullable())))
        .filter(item_notes::org_id.eq(org_id))
        .filter(item_notes::item_id.eq(item))
        .order(item_notes::id.asc())
        .select(note_columns!())
        .load(conn)?;
    rows.into_iter().map(to_note).collect()
}

/// One note of the organisation.
pub fn note(conn: &mut DbConnection, org_id: OrgId, id: Uuid) -> StoreResult<Note> {
    item_notes::table
        .left_join(users::table.on(item_notes::author_id.eq(users::id.nullable())))
        .filter(item_notes::org_id.eq(org_id))
        .filter(item_notes::id.eq(id.to_string()))
        .select(note_columns!())
        .first::<NoteRow>(conn)
        .map_err(StoreError::from)
        .and_then(to_note)
}

/// Adds a note to an item (the item is checked by the caller), notifying the people it names and
/// the current members of the groups it names, each once and never the author.
pub fn add_note(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    item: ItemId,
    req: &AddNote,
) -> StoreResult<Note> {
    let told = Audience {
        everyone: false,
        users: req.notify_users.clone(),
        groups: req.notify_groups.clone(),
    };
    let recipients = recipients(conn, org_id, &told)?;
    let notified = notifications::notify(
        conn,
        org_id,
        Some(actor),
        &recipients,
        Notice {
            kind: NotificationKind::NoteAdded,
            item_id: item,
            subject: &req.body,
        },
    )?;
    let id = new_id();
    let at = now();
    diesel::insert_into(item_notes::table)
        .values((
            item_notes::id.eq(id.to_string()),
            item_notes::org_id.eq(org_id),
            item_notes::item_id.eq(item),
            item_notes::author_id.eq(Some(actor)),
            item_notes::body.eq(&req.body),
            item_notes::created_at.eq(at),
            item_notes::updated_at.eq(at),
            item_notes::notified.eq(notified),
            item_notes::version.eq(1_i64),
        ))
        .execute(conn)?;
    let created = note(conn, org_id, id)?;
    events::record(
        conn,
        Change::new(
            org_id,
            Some(actor),
            SubjectKind::Item,
            item,
            Verb::NoteAdded,
        )
        .after(&created)
        .notified(notified),
    )?;
    Ok(created)
}

/// Everyone a new note tells: its people and its groups' current members, once they are known
/// to be the organisation's (an error naming `notify_users` or `notify_groups`, or both).
fn recipients(conn: &mut DbConnection, org_id: OrgId, told: &Audience) -> StoreResult<Vec<Uuid>> {
    if told.is_empty() {
        return Ok(Vec::new());
    }
    let strangers = audiences::strangers(conn, org_id, told)?;
    let mut errors = FieldErrors::new();
    if strangers.users {
        errors.insert(
            "notify_users".into(),
            vec!["someone is not a member of the organisation".into()],
        );
    }
    if strangers.groups {
        errors.insert(
            "notify_groups".into(),
            vec!["a group is not the organisation's".into()],
        );
    }
    if !errors.is_empty() {
        return Err(StoreError::fields(errors));
    }
    if told.groups.is_empty() {
        // The people named are the recipients; notify() keeps the active members among them.
        return Ok(told.users.clone());
    }
    Ok(people(conn, org_id)?.asked(told).into_iter().collect())
}

/// Rewrites a note at `expected` version.
pub fn edit_note(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    id: Uuid,
    expected: i64,
    body: &str,
) -> StoreResult<Note> {
    let before = note(conn, org_id, id)?;
    versioned::bump!(
        conn,
        update: item_notes::table
            .filter(item_notes::org_id.eq(org_id))
            .filter(item_notes::id.eq(id.to_string())),
        version: item_notes::version,
        expected: expected,
        set: (item_notes::body.eq(body), item_notes::updated_at.eq(now())),
        current: || Ok(note(conn, org_id, id)?.version),
    )?;
    let after = note(conn, org_id, id)?;
    events::record(
        conn,
        Change::new(
            org_id,
            Some(actor),
            SubjectKind::Item,
            before.item_id,
            Verb::NoteEdited,
        )
        .before(&before)
        .after(&after),
    )?;
    Ok(after)
}

/// Deletes a note at `expected` version.
pub fn delete_note(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    id: Uuid,
    expected: i64,
) -> StoreResult<()> {
    let before = note(conn, org_id, id)?;
    versioned::remove!(
        conn,
        delete: item_notes::table
            .filter(item_notes::org_id.eq(org_id))
            .filter(item_notes::id.eq(id.to_string())),
        version: item_notes::version,
        expected: expected,
        current: || Ok(before.version),
    )?;
    events::record(
        conn,
        Change::new(
            org_id,
            Some(actor),
            SubjectKind::Item,
            before.item_id,
            Verb::NoteDeleted,
        )
        .before(&before),
    )?;
    Ok(())
}

type DocumentRow = (
    String,
    String,
    String,
    String,
    Option<String>,
    NaiveDateTime,
);

fn to_document((id, item, title, url, by, created): DocumentRow) -> StoreResult<Document> {
    Ok(Document {
        id: uuid(&id)?,
        item_id: uuid(&item)?,
        title,
        url,
        added_by: by.as_deref().map(uuid).transpose()?,
        created_at: utc(created),
    })
}

const DOCUMENT_COLUMNS: (
    item_documents::id,
    item_documents::item_id,
    item_documents::title,
    item_documents::url,
    item_documents::added_by,
    item_documents::created_at,
) = (
    item_documents::id,
    item_documents::item_id,
    item_documents::title,
    item_documents::url,
    item_documents::added_by,
    item_documents::created_at,
);

/// The documents of an item, oldest first: one query.
pub fn documents(
    conn: &mut DbConnection,
    org_id: OrgId,
    item: ItemId,
) -> StoreResult<Vec<Document>> {
    let rows: Vec<DocumentRow> = item_documents::table
        .filter(item_documents::org_id.eq(org_id))
        .filter(item_documents::item_id.eq(item))
        .order(item_documents::id.asc())
        .select(DOCUMENT_COLUMNS)
        .load(conn)?;
    rows.into_iter().map(to_document).collect()
}

/// One document of the organisation.
pub fn document(conn: &mut DbConnection, org_id: OrgId, id: Uuid) -> StoreResult<Document> {
    item_documents::table
        .filter(item_documents::org_id.eq(org_id))
        .filter(item_documents::id.eq(id.to_string()))
        .select(DOCUMENT_COLUMNS)
        .first::<DocumentRow>(conn)
        .map_err(StoreError::from)
        .and_then(to_document)
}

/// Links a document to an item (the item is checked by the caller).
pub fn add_document(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    item: ItemId,
    req: &AddDocument,
) -> StoreResult<Document> {
    let id = new_id();
    diesel::insert_into(item_documents::table)
        .values((
            item_documents::id.eq(id.to_string()),
            item_documents::org_id.eq(org_id),
            item_documents::item_id.eq(item),
            item_documents::title.eq(req.title.trim()),
            item_documents::url.eq(req.url.trim()),
            item_documents::added_by.eq(Some(actor)),
            item_documents::created_at.eq(now()),
        ))
        .execute(conn)?;
    let added = document(conn, org_id, id)?;
    events::record(
        conn,
        Change::new(
            org_id,
            Some(actor),
            SubjectKind::Item,
            item,
            Verb::DocumentAdded,
        )
        .after(&added),
    )?;
    Ok(added)
}

/// Removes a document link from its item.
pub fn remove_document(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    id: Uuid,
) -> StoreResult<()> {
    let before = document(conn, org_id, id)?;
    diesel::delete(item_documents::table.filter(item_documents::id.eq(id.to_string())))
        .execute(conn)?;
    events::record(
        conn,
        Change::new(
            org_id,
            Some(actor),
            SubjectKind::Item,
            before.item_id,
            Verb::DocumentRemoved,
        )
        .before(&before),
    )?;
    Ok(())
}

/// Removes every note and document of an item that is being deleted.
pub fn clear(conn: &mut DbConnection, item: ItemId) -> StoreResult<()> {
    diesel::delete(item_notes::table.filter(item_notes::item_id.eq(item))).execute(conn)?;
    diesel::delete(item_documents::table.filter(item_documents::item_id.eq(item))).execute(conn)?;
    Ok(())
}
