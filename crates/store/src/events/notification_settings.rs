//! How each person hears of each kind of notification beyond the app: a row per choice made, the
//! kind's default (`Delivery::default_for`) where none is.

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::events::{self, Change};
use crate::schema::notification_settings;
use annex_domain::events::mail::{Delivery, NotificationChoice, NotificationSettings};
use annex_domain::events::notifications::NotificationKind;
use annex_domain::events::{SubjectKind, Verb};
use annex_domain::{OrgId, UserId};
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

/// `user`'s settings in the organisation, every kind listed.
pub fn get(
    conn: &mut DbConnection,
    org_id: OrgId,
    user: UserId,
) -> StoreResult<NotificationSettings> {
    let rows: Vec<(String, String)> = notification_settings::table
        .filter(notification_settings::org_id.eq(org_id.to_string()))
        .filter(notification_settings::user_id.eq(user.to_string()))
        .select((notification_settings::kind, notification_settings::delivery))
        .load(conn)?;
    let choices: Vec<(NotificationKind, Delivery)> = rows
        .iter()
        .filter_map(|(k, d)| Some((NotificationKind::from_stored(k)?, Delivery::from_stored(d)?)))
        .collect();
    Ok(NotificationSettings::from_choices(&choices))
}

/// Records `user`'s choices (a choice equal to the default is kept too: it says the person chose
/// it) as their change of their own settings, and returns the settings after.
pub fn change(
    conn: &mut DbConnection,
    org_id: OrgId,
    user: UserId,
    choices: &[NotificationChoice],
) -> StoreResult<NotificationSettings> {
    let (org, user_text) = (org_id.to_string(), user.to_string());
    let before = get(conn, org_id, user)?;
    for choice in choices {
        let mine = notification_settings::table
            .filter(notification_settings::org_id.eq(&org))
            .filter(notification_settings::user_id.eq(&user_text))
            .filter(notification_settings::kind.eq(choice.kind.as_str()));
        let changed = diesel::update(mine)
            .set(notification_settings::delivery.eq(choice.delivery.as_str()))
            .execute(conn)?;
        if changed == 0 {
            diesel::insert_into(notification_settings::table)
                .values((
                    notification_settings::org_id.eq(&org),
                    notification_settings::user_id.eq(&user_text),
                    notification_settings::kind.eq(choice.kind.as_str()),
                    notification_settings::delivery.eq(choice.delivery.as_str()),
                ))
                .execute(conn)?;
        }
    }
    let after = get(conn, org_id, user)?;
    events::record(
        conn,
        Change::new(
            org_id,
            Some(user),
            SubjectKind::User,
            Uuid::from(user),
            Verb::SettingsChanged,
        )
        .before(&before)
        .after(&after),
    )?;
    Ok(after)
}

/// How each of `users` hears of `kind`: one query for all of them.
pub fn deliveries(
    conn: &mut DbConnection,
    org_id: OrgId,
    users: &[String],
    kind: NotificationKind,
) -> StoreResult<HashMap<String, Delivery>> {
    let chosen: HashMap<String, Delivery> = notification_settings::table
        .filter(notification_settings::org_id.eq(org_id.to_string()))
        .filter(notification_settings::user_id.eq_any(users))
        .filter(notification_settings::kind.eq(kind.as_str()))
        .select((
            notification_settings::user_id,
            notification_settings::delivery,
        ))
        .load::<(String, String)>(conn)?
        .into_iter()
        .filter_map(|(u, d)| Some((u, Delivery::from_stored(&d)?)))
        .collect();
    Ok(users
        .iter()
        .map(|u| {
            let d = chosen
                .get(u)
                .copied()
                .unwrap_or(Delivery::default_for(kind));
            (u.clone(), d)
        })
        .collect())
}

/// The kinds `user` gets in the daily digest.
pub fn kinds_in_digest(
    conn: &mut DbConnection,
    org_id: OrgId,
    user: UserId,
) -> StoreResult<Vec<NotificationKind>> {
    Ok(get(conn, org_id, user)?
        .settings
        .iter()
        .filter(|s| s.delivery == Delivery::Digest)
        .map(|s| s.kind)
        .collect())
}
