//! The demo's recurring work: in the ISMS Board project, the fortnightly security working-party
//! review (a new activity under "Quarterly board meetings") and the annual management review
//! ("Hold the management review", given a due date), each set to repeat.

use crate::clock::uuid;
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::{items, spaces, users};
use crate::work::{items as item_store, recurrence, templates};
use annex_domain::work::items::{CreateItem, ItemKind, UpdateItem};
use annex_domain::work::recurrence::{Recurrence, RecurrenceUnit};
use annex_domain::{OrgId, UserId};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use diesel::prelude::*;

/// The id of the demo item titled `title` in `space`.
fn item_titled(conn: &mut DbConnection, space: &str, title: &str) -> StoreResult<String> {
    items::table
        .filter(items::space_id.eq(space))
        .filter(items::title.eq(title))
        .select(items::id)
        .order(items::number.asc())
        .first(conn)
        .map_err(|_| StoreError::Config(format!("the demo has no item {title:?}")))
}

pub(crate) fn load(conn: &mut DbConnection, org_id: OrgId, today: NaiveDate) -> StoreResult<()> {
    let board_name = &templates::find("isms-board")?.name;
    let board: String = spaces::table
        .filter(spaces::org_id.eq(org_id.to_string()))
        .filter(spaces::name.eq(board_name))
        .select(spaces::id)
        .first(conn)?;
    let owner: String = users::table
        .filter(users::email.eq("owner@demo.example"))
        .select(users::id)
        .first(conn)?;
    let owner: UserId = uuid(&owner)?.into();
    let editor: String = users::table
        .filter(users::email.eq("editor@demo.example"))
        .select(users::id)
        .first(conn)?;

    // Every other Thursday, from the coming one.
    let ahead = (7 + Weekday::Thu.num_days_from_monday() as i64
        - today.weekday().num_days_from_monday() as i64)
        % 7;
    let thursday = today + Duration::days(if ahead == 0 { 7 } else { ahead });
    let meetings = item_titled(conn, &board, "Quarterly board meetings")?;
    let party = item_store::create(
        conn,
        org_id,
        owner,
        uuid(&board)?.into(),
        &CreateItem {
            kind: Some(ItemKind::Activity),
            parent_id: Some(uuid(&meetings)?),
            title: "Security working party review".into(),
            description: "Fortnightly: new incidents and risks, open corrective actions, changes \
                          due, and what goes to the board."
                .into(),
            assignee_id: Some(uuid(&editor)?),
            due: Some(thursday),
            ..Default::default()
        },
    )?;
    let fortnightly = Recurrence::Every {
        every: 2,
        unit: RecurrenceUnit::Weeks,
    };
    recurrence::set(conn, org_id, owner, party.id.into(), fortnightly)?;

    let review = uuid(&item_titled(conn, &board, "Hold the management review")?)?;
    let current = item_store::get(conn, org_id, review)?;
    let due = current.due.unwrap_or(today + Duration::days(75));
    let dated = item_store::update(
        conn,
        org_id,
        owner,
        review,
        current.version,
        &UpdateItem {
            due: Some(Some(due)),
            ..Default::default()
        },
    )?;
    let yearly = Recurrence::Every {
        every: 1,
        unit: RecurrenceUnit::Years,
    };
    recurrence::set(conn, org_id, owner, dated.id.into(), yearly)?;
    Ok(())
}
