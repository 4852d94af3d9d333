//! Discussions of an item and their posts; a reply notifies the thread's other participants.

use crate::clock::{new_id, now, utc, uuid};
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::events::notifications::{self, Notice};
use crate::events::{self, Change};
use crate::schema::{discussion_posts, item_discussions, users};
use crate::versioned;
use annex_domain::events::notifications::NotificationKind;
use annex_domain::events::{SubjectKind, Verb};
use annex_domain::work::discussions::{Discussion, DiscussionThread, Post, StartDiscussion};
use annex_domain::{ItemId, OrgId, UserId};
use chrono::NaiveDateTime;
use diesel::dsl::count_star;
use diesel::prelude::*;
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

type DiscussionRow = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    NaiveDateTime,
    NaiveDateTime,
);

macro_rules! discussion_query {
    () => {
        item_discussions::table
            .left_join(users::table.on(item_discussions::started_by.eq(users::id.nullable())))
            .select((
                item_discussions::id,
                item_discussions::item_id,
                item_discussions::title,
                item_discussions::started_by,
                users::display_name.nullable(),
                item_discussions::created_at,
                item_discussions::last_post_at,
            ))
    };
}

fn to_discussion(row: DiscussionRow, posts: i64) -> StoreResult<Discussion> {
    let (id, item, title, by, name, created, last) = row;
    Ok(Discussion {
        id: uuid(&id)?,
        item_id: uuid(&item)?,
        title,
        started_by: by.as_deref().map(uuid).transpose()?,
        started_by_name: name,
        created_at: utc(created),
        last_post_at: utc(last),
        posts,
    })
}

type PostRow = (
    (String, String, Option<String>, Option<String>, String),
    (NaiveDateTime, Option<NaiveDateTime>, i64, i64),
);

macro_rules! post_query {
    () => {
        discussion_posts::table
            .left_join(users::table.on(discussion_posts::author_id.eq(users::id.nullable())))
            .select((
                (
                    discussion_posts::id,
                    discussion_posts::discussion_id,
                    discussion_posts::author_id,
                    users::display_name.nullable(),
                    discussion_posts::body,
                ),
                (
                    discussion_posts::created_at,
                    discussion_posts::edited_at,
                    discussion_posts::notified,
                    discussion_posts::version,
                ),
            ))
    };
}

fn to_post(row: PostRow) -> StoreResult<Post> {
    let ((id, discussion, author, name, body), (created, edited, notified, version)) = row;
    Ok(Post {
        id: uuid(&id)?,
        discussion_id: uuid(&discussion)?,
        author_id: author.as_deref().map(uuid).transpose()?,
        author_name: name,
        body,
        created_at: utc(created),
        edited_at: edited.map(utc),
        notified,
        version,
    })
}

/// The discussions of an item, most recently active first: two queries.
pub fn list(conn: &mut DbConnection, org_id: OrgId, item: ItemId) -> StoreResult<Vec<Discussion>> {
    let org = org_id.to_string();
    let rows: Vec<DiscussionRow> = discussion_query!()
        .filter(item_discussions::org_id.eq(&org))
        .filter(item_discussions::item_id.eq(item))
        .order((
            item_discussions::last_post_at.desc(),
            item_discussions::id.desc(),
        ))
        .load(conn)?;
    let ids: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    let counts: HashMap<String, i64> = discussion_posts::table
        .filter(discussion_posts::org_id.eq(&org))
        .filter(discussion_posts::discussion_id.eq_any(&ids))
        .group_by(discussion_posts::discussion_id)
        .select((discussion_posts::discussion_id, count_star()))
        .load::<(String, i64)>(conn)?
        .into_iter()
        .collect();
    rows.into_iter()
        .map(|row| {
            let posts = counts.get(&row.0).copied().unwrap_or(0);
            to_discussion(row, posts)
        })
        .collect()
}

/// One discussion of the organisation with its posts, oldest first: two queries.
pub fn thread(conn: &mut DbConnection, org_id: OrgId, id: Uuid) -> StoreResult<DiscussionThread> {
    let org = org_id.to_string();
    let row: DiscussionRow = discussion_query!()
        .filter(item_discussions::org_id.eq(&org))
        .filter(item_discussions::id.eq(id.to_string()))
        .first(conn)?;
    let posts: Vec<Post> = post_query!()
        .filter(discussion_posts::org_id.eq(&org))
        .filter(discussion_posts::discussion_id.eq(id.to_string()))
        .order(discussion_posts::id.asc())
        .load::<PostRow>(conn)?
        .into_iter()
        .map(to_post)
        .collect::<StoreResult<_>>()?;
    let count = i64::try_from(posts.len()).unwrap_or(i64::MAX);
    Ok(DiscussionThread {
        discussion: to_discussion(row, count)?,
        posts,
    })
}

/// One post of the organisation.
pub fn post(conn: &mut DbConnection, org_id: OrgId, id: Uuid) -> StoreResult<Post> {
    post_query!()
        .filter(discussion_posts::org_id.eq(org_id))
        .filter(discussion_posts::id.eq(id.to_string()))
        .first::<PostRow>(conn)
        .map_err(StoreError::from)
        .and_then(to_post)
}

fn insert_post(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    discussion: Uuid,
    body: &str,
    notified: i64,
    at: NaiveDateTime,
) -> StoreResult<Post> {
    let id = new_id();
    diesel::insert_into(discussion_posts::table)
        .values((
            discussion_posts::id.eq(id.to_string()),
            discussion_posts::org_id.eq(org_id),
            discussion_posts::discussion_id.eq(discussion.to_string()),
            discussion_posts::author_id.eq(Some(actor)),
            discussion_posts::body.eq(body),
            discussion_posts::created_at.eq(at),
            discussion_posts::notified.eq(notified),
            discussion_posts::version.eq(1_i64),
        ))
        .execute(conn)?;
    post(conn, org_id, id)
}

/// Starts a discussion on an item (the item is checked by the caller) with its first post.
pub fn start(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    item: ItemId,
    req: &StartDiscussion,
) -> StoreResult<DiscussionThread> {
    let title = req.title.trim();
    if title.is_empty() {
        return Err(StoreError::field("title", "must not be blank"));
    }
    let id = new_id();
    let at = now();
    diesel::insert_into(item_discussions::table)
        .values((
            item_discussions::id.eq(id.to_string()),
            item_discussions::org_id.eq(org_id),
            item_discussions::item_id.eq(item),
            item_discussions::title.eq(title),
            item_discussions::started_by.eq(Some(actor)),
            item_discussions::created_at.eq(at),
            item_discussions::last_post_at.eq(at),
        ))
        .execute(conn)?;
    // A new thread has no other participants yet, so it notifies nobody.
    insert_post(conn, org_id, actor, id, &req.body, 0, at)?;
    let started = thread(conn, org_id, id)?;
    events::record(
        conn,
        Change::new(
            org_id,
            Some(actor),
            SubjectKind::Item,
            item,
            Verb::DiscussionStarted,
        )
        .after(&started)
        .notified(0),
    )?;
    Ok(started)
}

/// Replies in a discussion, notifying its starter and everyone who posted in it before.
pub fn reply(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    discussion: Uuid,
    body: &str,
) -> StoreResult<Post> {
    let org = org_id.to_string();
    let (item, title, starter): (String, String, Option<String>) = item_discussions::table
        .filter(item_discussions::org_id.eq(&org))
        .filter(item_discussions::id.eq(discussion.to_string()))
        .select((
            item_discussions::item_id,
            item_discussions::title,
            item_discussions::started_by,
        ))
        .first(conn)?;
    let posters: Vec<Option<String>> = discussion_posts::table
        .filter(discussion_posts::org_id.eq(&org))
        .filter(discussion_posts::discussion_id.eq(discussion.to_string()))
        .select(discussion_posts::author_id)
        .distinct()
        .load(conn)?;
    let participants: Vec<Uuid> = starter
        .into_iter()
        .chain(posters.into_iter().flatten())
        .map(|p| uuid(&p))
        .collect::<StoreResult<_>>()?;
    let item = uuid(&item)?;
    let notified = notifications::notify(
        conn,
        org_id,
        Some(actor),
        &participants,
        Notice {
            kind: NotificationKind::DiscussionReply,
            item_id: item.into(),
            subject: &title,
        },
    )?;
    let at = now();
    let posted = insert_post(conn, org_id, actor, discussion, body, notified, at)?;
    diesel::update(item_discussions::table.filter(item_discussions::id.eq(discussion.to_string())))
        .set(item_discussions::last_post_at.eq(at))
        .execute(conn)?;
    events::record(
        conn,
        Change::new(
            org_id,
            Some(actor),
            SubjectKind::Item,
            item,
            Verb::DiscussionReplied,
        )
        .after(&json!({ "title": title, "post": posted }))
        .notified(notified),
    )?;
    Ok(posted)
}

/// Rewrites a post at `expected` version (its authorship is checked by the caller).
pub fn edit_post(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    id: Uuid,
    expected: i64,
    body: &str,
) -> StoreResult<Post> {
    let before = post(conn, org_id, id)?;
    versioned::bump!(
        conn,
        update: discussion_posts::table
            .filter(discussion_posts::org_id.eq(org_id))
            .filter(discussion_posts::id.eq(id.to_string())),
        version: discussion_posts::version,
        expected: expected,
        set: (
            discussion_posts::body.eq(body),
            discussion_posts::edited_at.eq(Some(now())),
        ),
        current: || Ok(before.version),
    )?;
    let after = post(conn, org_id, id)?;
    let item: String = item_discussions::table
        .filter(item_discussions::id.eq(before.discussion_id.to_string()))
        .select(item_discussions::item_id)
        .first(conn)?;
    events::record(
        conn,
        Change::new(
            org_id,
            Some(actor),
            SubjectKind::Item,
            uuid(&item)?,
            Verb::PostEdited,
        )
        .before(&before)
        .after(&after),
    )?;
    Ok(after)
}

/// The item a discussion belongs to; `NotFound` for other organisations' discussions.
pub fn item_of(conn: &mut DbConnection, org_id: OrgId, discussion: Uuid) -> StoreResult<Uuid> {
    let item: String = item_discussions::table
        .filter(item_discussions::org_id.eq(org_id))
        .filter(item_discussions::id.eq(discussion.to_string()))
        .select(item_discussions::item_id)
        .first(conn)?;
    uuid(&item)
}

/// Removes every discussion and post of an item that is being deleted.
pub fn clear(conn: &mut DbConnection, item: ItemId) -> StoreResult<()> {
    let threads = item_discussions::table
        .filter(item_discussions::item_id.eq(item))
        .select(item_discussions::id);
    diesel::delete(discussion_posts::table.filter(discussion_posts::discussion_id.eq_any(threads)))
        .execute(conn)?;
    diesel::delete(item_discussions::table.filter(item_discussions::item_id.eq(item)))
        .execute(conn)?;
    Ok(())
}
