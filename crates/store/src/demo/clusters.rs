//! The demo organisation's clusters (`seeds/demo/clusters.json`): one of each cluster template,
//! made by the same instantiation as `POST /clusters` (without the template's example rows), then
//! given realistic records, progress on its programme and links — to each other, to the ISMS
//! set's records (by title) and to SoA controls (by reference). Dates are relative to loading.

use crate::clock::uuid;
use crate::clusters::templates::{field_values, relative_day, status_named};
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::{items, users};
use crate::{clusters, work::links};
use annex_domain::clusters::{Cluster, CreateCluster};
use annex_domain::frameworks::soa::SoaFilter;
use annex_domain::work::items::{CreateItem, UpdateItem};
use annex_domain::work::spaces::Space;
use annex_domain::{OrgId, UserId};
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

const CLUSTERS: &str = include_str!("../../../../seeds/demo/clusters.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoClusters {
    #[serde(rename = "about")]
    _about: String,
    clusters: Vec<DemoCluster>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoCluster {
    template: String,
    /// Records of the ISMS set to link to, found by title in the space of a template.
    existing: Vec<Existing>,
    records: Vec<DemoRecord>,
    progress: Vec<DemoProgress>,
    /// Pairs of refs; a ref not defined here is an SoA control's reference (`A.5.30`).
    links: Vec<(String, String)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Existing {
    #[serde(rename = "ref")]
    reference: String,
    space: String,
    title: String,
}

/// A tracker item in the cluster's space of `space` (a template key); people by role.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoRecord {
    space: String,
    #[serde(rename = "ref")]
    reference: String,
    title: String,
    #[serde(default)]
    description: String,
    status: Option<String>,
    assignee: Option<String>,
    due: Option<String>,
    #[serde(default)]
    fields: BTreeMap<String, String>,
}

/// Progress on a node a programme template planted, found by title.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoProgress {
    space: String,
    #[serde(rename = "ref")]
    reference: Option<String>,
    title: String,
    status: Option<String>,
    progress: Option<f64>,
    assignee: Option<String>,
    due: Option<String>,
}

fn bad(what: impl std::fmt::Display) -> StoreError {
    StoreError::Config(format!("demo clusters: {what}"))
}

/// Makes the demo's three clusters; the ISMS set, its records and the SoA already exist.
pub(crate) fn load(conn: &mut DbConnection, org_id: OrgId, today: NaiveDate) -> StoreResult<()> {
    let demo: DemoClusters = serde_json::from_str(CLUSTERS).map_err(bad)?;
    let people = demo_people(conn)?;
    let owner = *people.get("owner").ok_or_else(|| bad("no owner account"))?;
    let soa = crate::frameworks::soa::list(conn, org_id, &SoaFilter::default())?;
    let controls: HashMap<&str, Uuid> = soa
        .data
        .iter()
        .map(|e| (e.reference.as_str(), e.item_id))
        .collect();
    for entry in &demo.clusters {
        let req = CreateCluster {
            template: Some(entry.template.clone()),
            starter_records: false,
            ..CreateCluster::default()
        };
        let cluster = clusters::create(conn, org_id, owner.into(), &req)?;
        let loader = Loader {
            org_id,
            owner: owner.into(),
            today,
            people: &people,
            cluster: &cluster,
        };
        let mut by_ref: HashMap<String, Uuid> = HashMap::new();
        for existing in &entry.existing {
            let space = loader.space(conn, &existing.space)?;
            by_ref.insert(
                existing.reference.clone(),
                loader.titled(conn, &space, &existing.title)?,
            );
        }
        for record in &entry.records {
            let id = loader.create(conn, record)?;
            by_ref.insert(record.reference.clone(), id);
        }
        for node in &entry.progress {
            let id = loader.progress(conn, node)?;
            if let Some(reference) = &node.reference {
                by_ref.insert(reference.clone(), id);
            }
        }
        for (a, b) in &entry.links {
            let end = |r: &String| {
                by_ref
                    .get(r)
                    .or_else(|| controls.get(r.as_str()))
                    .copied()
                    .ok_or_else(|| bad(format!("no record or control `{r}`")))
            };
            links::create(conn, org_id, owner.into(), end(a)?, end(b)?)?;
        }
    }
    Ok(())
}

/// The demo accounts' user ids by role name.
fn demo_people(conn: &mut DbConnection) -> StoreResult<HashMap<String, Uuid>> {
    let mut people = HashMap::new();
    for (email, role) in crate::demo::accounts() {
        let id: String = users::table
            .filter(users::email.eq(&email))
            .select(users::id)
            .first(conn)?;
        people.insert(role.as_str().to_owned(), uuid(&id)?);
    }
    Ok(people)
}

struct Loader<'a> {
    org_id: OrgId,
    owner: UserId,
    today: NaiveDate,
    people: &'a HashMap<String, Uuid>,
    cluster: &'a Cluster,
}

impl Loader<'_> {
    /// The cluster's space made from (or reusing) the space template `template`.
    fn space(&self, conn: &mut DbConnection, template: &str) -> StoreResult<Space> {
        let member = self
            .cluster
            .spaces
            .iter()
            .find(|s| s.template_key.as_deref() == Some(template))
            .ok_or_else(|| bad(format!("{} has no `{template}` space", self.cluster.name)))?;
        crate::work::spaces::get(conn, self.org_id, member.space_id)
    }

    fn titled(&self, conn: &mut DbConnection, space: &Space, title: &str) -> StoreResult<Uuid> {
        let id: String = items::table
            .filter(items::org_id.eq(self.org_id.to_string()))
            .filter(items::space_id.eq(space.id.to_string()))
            .filter(items::title.eq(title))
            .order(items::number)
            .select(items::id)
            .first(conn)
            .map_err(|_| bad(format!("{} has no item `{title}`", space.name)))?;
        uuid(&id)
    }

    fn person(&self, role: Option<&String>) -> StoreResult<Option<Uuid>> {
        role.map(|r| {
            self.people
                .get(r)
                .copied()
                .ok_or_else(|| bad(format!("no demo account `{r}`")))
        })
        .transpose()
    }

    fn day(&self, text: Option<&String>) -> StoreResult<Option<NaiveDate>> {
        text.map(|t| relative_day(self.today, t)).transpose()
    }

    fn create(&self, conn: &mut DbConnection, record: &DemoRecord) -> StoreResult<Uuid> {
        let space = self.space(conn, &record.space)?;
        let req = CreateItem {
            title: record.title.clone(),
            description: record.description.clone(),
            status_id: status_named(&space, record.status.as_deref())?,
            assignee_id: self.person(record.assignee.as_ref())?,
            due: self.day(record.due.as_ref())?,
            fields: field_values(&space, &record.fields, Some(self.today), self.people)?,
            ..CreateItem::default()
        };
        Ok(crate::work::items::create(conn, self.org_id, self.owner, space.id.into(), &req)?.id)
    }

    fn progress(&self, conn: &mut DbConnection, node: &DemoProgress) -> StoreResult<Uuid> {
        let space = self.space(conn, &node.space)?;
        let id = self.titled(conn, &space, &node.title)?;
        let item = crate::work::items::get(conn, self.org_id, id)?;
        let change = UpdateItem {
            status_id: status_named(&space, node.status.as_deref())?,
            progress: node.progress,
            assignee_id: self.person(node.assignee.as_ref())?.map(Some),
            due: self.day(node.due.as_ref())?.map(Some),
            ..UpdateItem::default()
        };
        crate::work::items::update(conn, self.org_id, self.owner, id, item.version, &change)?;
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{access::organisations, connect, migrations, transaction};

    #[test]
    fn the_demo_runs_three_clusters_with_links_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let pool = connect(&dir.path().join("demo.db").to_string_lossy(), 2).unwrap();
        let mut conn = pool.get().unwrap();
        migrations::run_pending(&mut conn).unwrap();
        assert!(transaction::write(&mut conn, crate::demo::load_with_records_if_empty).unwrap());
        let org = organisations::find_by_name(&mut conn, crate::demo::ORGANISATION)
            .unwrap()
            .unwrap();
        let all = clusters::list(&mut conn, org.id.into()).unwrap();
        let mut frameworks: Vec<_> = all.iter().filter_map(|c| c.framework.clone()).collect();
        frameworks.sort();
        assert_eq!(frameworks, ["gdpr", "iso22301-2019", "iso9001-2015"]);
        let bcms = all
            .iter()
            .find(|c| c.framework.as_deref() == Some("iso22301-2019"))
            .unwrap();
        let overview = clusters::overview(&mut conn, org.id.into(), bcms.id).unwrap();
        let plans_to_bia = overview
            .links
            .iter()
            .find(|l| {
                [&l.space_a_name, &l.space_b_name]
                    .iter()
                    .any(|n| *n == "Business Impact Assessment")
                    && [&l.space_a_name, &l.space_b_name]
                        .iter()
                        .any(|n| *n == "Business Continuity Plans")
            })
            .expect("plans are linked to the BIA");
        assert_eq!(
            plans_to_bia.links, 4,
            "each demo plan is linked to its service's BIA"
        );
        let bia = overview
            .spaces
            .iter()
            .find(|s| s.name == "Business Impact Assessment")
            .unwrap();
        assert!(
            bia.total >= 4,
            "the ISMS set's BIA is reused, records and all"
        );
        assert!(overview.spaces.iter().any(|s| s.overdue > 0));
        assert!(
            overview
                .spaces
                .iter()
                .any(|s| s.progress.is_some_and(|p| p > 0.0))
        );
    }
}
