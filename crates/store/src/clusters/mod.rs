//! Clusters: named, ordered groups of an organisation's spaces, made by hand or from a cluster
//! template, and their overview (each space's progress and open work, links between spaces).

use annex_domain::{OrgId, SpaceId, UserId};
pub mod templates;

use crate::clock::{new_id, now, utc, uuid};
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::events::{self, Change};
use crate::schema::{cluster_spaces, clusters, spaces};
use crate::versioned;
use crate::work::stats;
use annex_domain::clusters as rules;
use annex_domain::clusters::{
    Cluster, ClusterOverview, ClusterSpace, CreateCluster, SpaceLinks, SpaceSummary, UpdateCluster,
};
use annex_domain::events::{SubjectKind, Verb};
use annex_domain::work::items::ItemKind;
use annex_domain::work::spaces::SpaceKind;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

type ClusterRow = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    NaiveDateTime,
    i64,
);

const COLUMNS: (
    clusters::id,
    clusters::name,
    clusters::description,
    clusters::template_key,
    clusters::created_by,
    clusters::created_at,
    clusters::version,
) = (
    clusters::id,
    clusters::name,
    clusters::description,
    clusters::template_key,
    clusters::created_by,
    clusters::created_at,
    clusters::version,
);

/// The spaces of the given clusters, in order, in one query.
fn spaces_of(
    conn: &mut DbConnection,
    ids: &[String],
) -> StoreResult<HashMap<String, Vec<ClusterSpace>>> {
    type Row = (
        String,
        String,
        String,
        String,
        Option<String>,
        Option<NaiveDateTime>,
    );
    let rows: Vec<Row> = cluster_spaces::table
        .inner_join(spaces::table)
        .filter(cluster_spaces::cluster_id.eq_any(ids))
        .order((cluster_spaces::cluster_id, cluster_spaces::position))
        .select((
            cluster_spaces::cluster_id,
            spaces::id,
            spaces::name,
            spaces::kind,
            spaces::template_key,
            spaces::archived_at,
        ))
        .load(conn)?;
    let mut by_cluster: HashMap<String, Vec<ClusterSpace>> = HashMap::new();
    for (cluster, id, name, kind, template_key, archived_at) in rows {
        by_cluster.entry(cluster).or_default().push(ClusterSpace {
            space_id: uuid(&id)?,
            name,
            kind: SpaceKind::from_stored(&kind),
            template_key,
            archived: archived_at.is_some(),
        });
    }
    Ok(by_cluster)
}

fn to_clusters(conn: &mut DbConnection, rows: Vec<ClusterRow>) -> StoreResult<Vec<Cluster>> {
    let ids: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    let mut members = spaces_of(conn, &ids)?;
    rows.into_iter()
        .map(
            |(id, name, description, template_key, created_by, created_at, version)| -> StoreResult<Cluster> { Ok(Cluster {
                spaces: members.remove(&id).unwrap_or_default(),
                id: uuid(&id)?,
                framework: templates::framework_of(template_key.as_deref()),
                name,
                description,
                template_key,
                created_by: created_by.as_deref().map(uuid).transpose()?,
                created_at: utc(created_at),
                version,
            }) },
        )
        .collect()
}

/// The organisation's clusters by name, each with its spaces: two queries.
pub fn list(conn: &mut DbConnection, org_id: OrgId) -> StoreResult<Vec<Cluster>> {
    let rows: Vec<ClusterRow> = clusters::table
        .filter(clusters::org_id.eq(org_id))
        .order((clusters::name, clusters::id))
        .select(COLUMNS)
        .load(conn)?;
    to_clusters(conn, rows)
}

/// One cluster of the organisation; `NotFound` for other organisations' clusters.
pub fn get(conn: &mut DbConnection, org_id: OrgId, id: Uuid) -> StoreResult<Cluster> {
    let row: ClusterRow = clusters::table
        .filter(clusters::org_id.eq(org_id))
        .filter(clusters::id.eq(id.to_string()))
        .select(COLUMNS)
        .first(conn)?;
    to_clusters(conn, vec![row])?
        .pop()
        .ok_or(StoreError::NotFound)
}

/// Refuses space ids that are not the organisation's (422 naming `space_ids`: they came in the
/// body).
fn require_spaces(conn: &mut DbConnection, org_id: OrgId, ids: &[Uuid]) -> StoreResult<()> {
    let wanted: Vec<String> = ids.iter().map(Uuid::to_string).collect();
    let found: Vec<String> = spaces::table
        .filter(spaces::org_id.eq(org_id))
        .filter(spaces::id.eq_any(&wanted))
        .select(spaces::id)
        .load(conn)?;
    match wanted.iter().find(|w| !found.contains(w)) {
        Some(missing) => Err(StoreError::field(
            "space_ids",
            format!("there is no space {missing} in this organisation"),
        )),
        None => Ok(()),
    }
}

fn insert_member(
    conn: &mut DbConnection,
    org_id: OrgId,
    cluster_id: Uuid,
    space_id: SpaceId,
    position: i64,
) -> StoreResult<()> {
    diesel::insert_into(cluster_spaces::table)
        .values((
            cluster_spaces::cluster_id.eq(cluster_id.to_string()),
            cluster_spaces::space_id.eq(space_id),
            cluster_spaces::org_id.eq(org_id),
            cluster_spaces::position.eq(position),
        ))
        .execute(conn)?;
    Ok(())
}

/// Creates a cluster: the template's spaces made or reused (with starter records and links when
/// asked), then the listed existing spaces, all in the caller's transaction.
pub fn create(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    req: &CreateCluster,
) -> StoreResult<Cluster> {
    rules::check_create(req).map_err(|e| StoreError::field(e.field(), e.to_string()))?;
    let template = req.template.as_deref().map(templates::find).transpose()?;
    require_spaces(conn, org_id, &req.space_ids)?;
    let mut members = match template {
        Some(t) => templates::instantiate(conn, org_id, actor, t, req.starter_records)?,
        None => Vec::new(),
    };
    for id in &req.space_ids {
        if !members.contains(id) {
            members.push(*id);
        }
    }
    let name = req
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .or(template.map(|t| t.name.as_str()))
        .unwrap_or_default();
    let description = req
        .description
        .as_deref()
        .or(template.map(|t| t.description.as_str()))
        .unwrap_or_default()
        .trim();
    let id = new_id();
    diesel::insert_into(clusters::table)
        .values((
            clusters::id.eq(id.to_string()),
            clusters::org_id.eq(org_id),
            clusters::name.eq(name),
            clusters::description.eq(description),
            clusters::template_key.eq(template.map(|t| t.key.as_str())),
            clusters::created_by.eq(Some(actor)),
            clusters::created_at.eq(now()),
            clusters::version.eq(1_i64),
        ))
        .execute(conn)?;
    for (position, space) in (0..).zip(&members) {
        insert_member(conn, org_id, id, (*space).into(), position)?;
    }
    let cluster = get(conn, org_id, id)?;
    events::record(
        conn,
        Change::new(org_id, Some(actor), SubjectKind::Cluster, id, Verb::Created).after(&cluster),
    )?;
    Ok(cluster)
}

/// Moves a cluster from `expected` to the next version, or reports it stale.
fn bump(conn: &mut DbConnection, org_id: OrgId, id: Uuid, expected: i64) -> StoreResult<()> {
    versioned::bump!(
        conn,
        update: clusters::table
            .filter(clusters::org_id.eq(org_id))
            .filter(clusters::id.eq(id.to_string())),
        version: clusters::version,
        expected: expected,
        set: (),
        current: || Ok(get(conn, org_id, id)?.version),
    )
}

/// Renames and redescribes a cluster at `expected` version.
pub fn update(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    id: Uuid,
    expected: i64,
    req: &UpdateCluster,
) -> StoreResult<Cluster> {
    let before = get(conn, org_id, id)?;
    let name = req.name.trim();
    if name.is_empty() {
        return Err(StoreError::field("name", "must not be blank"));
    }
    bump(conn, org_id, id, expected)?;
    diesel::update(clusters::table.find(id.to_string()))
        .set((
            clusters::name.eq(name),
            clusters::description.eq(req.description.trim()),
        ))
        .execute(conn)?;
    let after = get(conn, org_id, id)?;
    events::record(
        conn,
        Change::new(org_id, Some(actor), SubjectKind::Cluster, id, Verb::Updated)
            .before(&before)
            .after(&after),
    )?;
    Ok(after)
}

/// Removes the grouping at `expected` version; its spaces stay as they are.
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
    diesel::delete(cluster_spaces::table.filter(cluster_spaces::cluster_id.eq(id.to_string())))
        .execute(conn)?;
    versioned::remove!(
        conn,
        delete: clusters::table
            .filter(clusters::org_id.eq(org_id))
            .filter(clusters::id.eq(id.to_string())),
        version: clusters::version,
        expected: expected,
        current: || Ok(get(conn, org_id, id)?.version),
    )?;
    events::record(
        conn,
        Change::new(org_id, Some(actor), SubjectKind::Cluster, id, Verb::Deleted).before(&before),
    )
}

/// Adds a space of the organisation at the end of a cluster; 409 when it is already there.
pub fn add_space(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    id: Uuid,
    space_id: SpaceId,
) -> StoreResult<Cluster> {
    let before = get(conn, org_id, id)?;
    let space = crate::work::spaces::get(conn, org_id, space_id.into())?;
    if before.spaces.iter().any(|s| s.space_id == space_id) {
        return Err(StoreError::Conflict(format!(
            "\"{}\" is already in the cluster",
            space.name
        )));
    }
    let last: Option<i64> = cluster_spaces::table
        .filter(cluster_spaces::cluster_id.eq(id.to_string()))
        .select(diesel::dsl::max(cluster_spaces::position))
        .first(conn)?;
    insert_member(conn, org_id, id, space_id, last.map_or(0, |p| p + 1))?;
    bump(conn, org_id, id, before.version)?;
    let after = get(conn, org_id, id)?;
    events::record(
        conn,
        Change::new(
            org_id,
            Some(actor),
            SubjectKind::Cluster,
            id,
            Verb::SpaceAdded,
        )
        .after(&serde_json::json!({ "space_id": space_id, "name": space.name })),
    )?;
    Ok(after)
}

/// Takes a space out of a cluster (the space itself stays); `NotFound` when it is not in it.
pub fn remove_space(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    id: Uuid,
    space_id: SpaceId,
) -> StoreResult<Cluster> {
    let before = get(conn, org_id, id)?;
    let Some(space) = before.spaces.iter().find(|s| s.space_id == space_id) else {
        return Err(StoreError::NotFound);
    };
    diesel::delete(
        cluster_spaces::table
            .filter(cluster_spaces::cluster_id.eq(id.to_string()))
            .filter(cluster_spaces::space_id.eq(space_id)),
    )
    .execute(conn)?;
    bump(conn, org_id, id, before.version)?;
    let after = get(conn, org_id, id)?;
    events::record(
        conn,
        Change::new(
            org_id,
            Some(actor),
            SubjectKind::Cluster,
            id,
            Verb::SpaceRemoved,
        )
        .before(&serde_json::json!({ "space_id": space_id, "name": space.name })),
    )?;
    Ok(after)
}

/// The cluster at a glance: per space, the tracker counts (a project's activities, with its
/// rolled-up progress), and per pair of spaces the links joining them — counted in SQL.
pub fn overview(conn: &mut DbConnection, org_id: OrgId, id: Uuid) -> StoreResult<ClusterOverview> {
    let cluster = get(conn, org_id, id)?;
    let mut summaries = Vec::with_capacity(cluster.spaces.len());
    for space in &cluster.spaces {
        let (kind, progress) = match space.kind {
            SpaceKind::Project => (
                Some(ItemKind::Activity),
                Some(crate::work::items::tree(conn, org_id, space.space_id.into())?.progress),
            ),
            SpaceKind::Tracker => (None, None),
        };
        let counts = stats::of_space(conn, org_id, space.space_id.into(), kind)?;
        summaries.push(SpaceSummary {
            space_id: space.space_id,
            name: space.name.clone(),
            kind: space.kind,
            archived: space.archived,
            progress,
            total: counts.total,
            open: counts.open,
            resolved: counts.resolved,
            overdue: counts.overdue,
        });
    }
    let order: Vec<Uuid> = cluster.spaces.iter().map(|s| s.space_id).collect();
    let names: HashMap<Uuid, &str> = cluster
        .spaces
        .iter()
        .map(|s| (s.space_id, s.name.as_str()))
        .collect();
    let pairs = rules::link_pairs(&link_counts(conn, org_id, &order)?, &order);
    Ok(ClusterOverview {
        cluster_id: cluster.id,
        name: cluster.name.clone(),
        description: cluster.description.clone(),
        framework: cluster.framework.clone(),
        spaces: summaries,
        links: pairs
            .into_iter()
            .map(|(a, b, n)| SpaceLinks {
                space_a: a,
                space_a_name: names.get(&a).copied().unwrap_or_default().to_owned(),
                space_b: b,
                space_b_name: names.get(&b).copied().unwrap_or_default().to_owned(),
                links: n,
            })
            .collect(),
    })
}

/// Links between live items of the given spaces, counted by the spaces of their two ends.
fn link_counts(
    conn: &mut DbConnection,
    org_id: OrgId,
    space_ids: &[Uuid],
) -> StoreResult<Vec<(Uuid, Uuid, i64)>> {
    if space_ids.is_empty() {
        return Ok(Vec::new());
    }
    #[derive(QueryableByName)]
    struct PairRow {
        #[diesel(sql_type = diesel::sql_types::Text)]
        space_a: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        space_b: String,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    // Every value is a UUID the server formatted, so inlining them is safe.
    let ids = space_ids
        .iter()
        .map(|id| format!("'{id}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT ia.space_id AS space_a, ib.space_id AS space_b, COUNT(*) AS n FROM links l \
         JOIN items ia ON ia.id = l.a_id JOIN items ib ON ib.id = l.b_id \
         WHERE l.org_id = '{org_id}' AND ia.space_id IN ({ids}) AND ib.space_id IN ({ids}) \
         AND ia.archived_at IS NULL AND ib.archived_at IS NULL \
         GROUP BY ia.space_id, ib.space_id"
    );
    let rows: Vec<PairRow> = diesel::sql_query(sql).load(conn)?;
    rows.into_iter()
        .map(|r| Ok((uuid(&r.space_a)?, uuid(&r.space_b)?, r.n)))
        .collect()
}
