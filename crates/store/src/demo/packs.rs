//! The demo organisation's policy packs (`seeds/demo/policy-packs.json`): published, drafted and
//! retired packs with people at every stage of reading and accepting them.

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::packs::policy_packs::{self, POLICIES};
use crate::schema::{items, spaces, users};
use annex_domain::packs::policy_packs::{Audience, CreatePack, PackDocumentInput};
use annex_domain::{OrgId, UserId};
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

const SOURCE: &str = include_str!("../../../../seeds/demo/policy-packs.json");

#[derive(Deserialize)]
struct Seed {
    packs: Vec<PackSeed>,
}

#[derive(Deserialize)]
struct PackSeed {
    name: String,
    description: String,
    owner: String,
    documents: Vec<DocumentSeed>,
    audience: AudienceSeed,
    publish: i32,
    earlier: Vec<String>,
    answers: Vec<Answer>,
    #[serde(default)]
    retire: bool,
}

#[derive(Deserialize)]
struct DocumentSeed {
    policy: Option<String>,
    title: Option<String>,
    url: Option<String>,
}

#[derive(Deserialize)]
struct AudienceSeed {
    #[serde(default)]
    everyone: bool,
    #[serde(default)]
    roles: Vec<String>,
}

#[derive(Deserialize)]
struct Answer {
    who: String,
    read: usize,
    accept: bool,
}

fn bad(what: impl std::fmt::Display) -> StoreError {
    StoreError::Config(format!("seeds/demo/policy-packs.json: {what}"))
}

fn person(conn: &mut DbConnection, role: &str) -> StoreResult<Uuid> {
    let id: String = users::table
        .filter(users::email.eq(format!("{role}@demo.example")))
        .select(users::id)
        .first(conn)
        .map_err(|_| bad(format!("no demo account `{role}`")))?;
    crate::clock::uuid(&id)
}

/// `who` reads the first `read` documents of the pack's latest version and, if `accept`, accepts.
fn answer(
    conn: &mut DbConnection,
    org_id: OrgId,
    pack: Uuid,
    who: UserId,
    read: usize,
    accept: bool,
) -> StoreResult<()> {
    let mine = policy_packs::my_pack(conn, org_id, who, pack)?;
    for document in mine.documents.iter().take(read) {
        policy_packs::mark_read(conn, org_id, who, pack, document.document.id)?;
    }
    if accept {
        policy_packs::accept(conn, org_id, who, pack)?;
    }
    Ok(())
}

/// Loads the demo packs into the organisation (call inside the demo's write transaction).
pub(crate) fn load(conn: &mut DbConnection, org_id: OrgId) -> StoreResult<()> {
    let seed: Seed = serde_json::from_str(SOURCE).map_err(bad)?;
    let admin = person(conn, "admin")?;
    for pack in seed.packs {
        let mut documents = Vec::new();
        for doc in &pack.documents {
            let item_id = match &doc.policy {
                Some(title) => Some(
                    items::table
                        .inner_join(spaces::table)
                        .filter(items::org_id.eq(org_id))
                        .filter(spaces::template_key.eq(POLICIES))
                        .filter(items::title.eq(title))
                        .select(items::id)
                        .first::<String>(conn)
                        .map_err(|_| bad(format!("no policy `{title}`")))
                        .and_then(|id| crate::clock::uuid(&id))?,
                ),
                None => None,
            };
            documents.push(PackDocumentInput {
                id: None,
                title: doc.title.clone().unwrap_or_default(),
                item_id,
                url: doc.url.clone(),
            });
        }
        let mut users = Vec::new();
        for role in &pack.audience.roles {
            users.push(person(conn, role)?);
        }
        let created = policy_packs::create(
            conn,
            org_id,
            admin.into(),
            &CreatePack {
                name: pack.name.clone(),
                description: pack.description.clone(),
                documents,
                audience: Audience {
                    everyone: pack.audience.everyone,
                    users,
                    groups: Vec::new(),
                },
            },
        )?;
        let owner = person(conn, &pack.owner)?;
        diesel::update(items::table.filter(items::id.eq(created.item_id.to_string())))
            .set(items::assignee_id.eq(Some(owner.to_string())))
            .execute(conn)?;
        let mut row_version = created.row_version;
        for version in 1..=pack.publish {
            let published =
                policy_packs::publish(conn, org_id, admin.into(), created.item_id, row_version)?;
            row_version = published.row_version;
            if version == 1 && pack.publish > 1 {
                for role in &pack.earlier {
                    let who = person(conn, role)?;
                    answer(conn, org_id, created.item_id, who.into(), usize::MAX, true)?;
                }
            }
        }
        for a in &pack.answers {
            let who = person(conn, &a.who)?;
            answer(conn, org_id, created.item_id, who.into(), a.read, a.accept)?;
        }
        if pack.retire {
            policy_packs::retire(conn, org_id, admin.into(), created.item_id, row_version)?;
        }
    }
    Ok(())
}
