//! The demo organisation's records (`seeds/demo/records.json`): policies, corrective actions,
//! incidents, assets, requests for change, impact assessments and risks (with their readings) in
//! the ISMS set's trackers, the ISMS Board's and audit programme's progress, the SoA's state,
//! links between them, and findings raised on the audits (each a corrective action).
//! Written through the ordinary item, note, reading and link functions, so they are recorded like
//! anyone's work. Dates are relative to the day of loading.

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::{spaces, users};
use crate::{work::attachments, work::exchange, work::items, work::links, work::templates};
use annex_domain::audits::{FindingKind, RaiseFinding};
use annex_domain::frameworks::soa::{ImplementationStatus, Reason, Soa, SoaFilter, UpdateSoaEntry};
use annex_domain::risk::register::{ReadingKind, RecordReading};
use annex_domain::work::attachments::{AddDocument, AddNote};
use annex_domain::work::fields::FieldKind;
use annex_domain::work::items::{CreateItem, UpdateItem};
use annex_domain::work::spaces::Space;
use annex_domain::{OrgId, UserId};
use chrono::{Duration, NaiveDate};
use diesel::prelude::*;
use serde::Deserialize;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

const RECORDS: &str = include_str!("../../../../seeds/demo/records.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Records {
    #[serde(rename = "about")]
    _about: String,
    trackers: Vec<TrackerRecords>,
    projects: Vec<ProjectRecords>,
    soa: Vec<SoaRecord>,
    readings: Vec<ReadingRecord>,
    links: Vec<(String, String)>,
    findings: Vec<FindingRecord>,
}

/// A finding raised on a demo audit (by `ref`), which becomes a corrective action; `status`,
/// `assignee` and `due` then move that action along.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FindingRecord {
    audit: String,
    kind: FindingKind,
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    controls: Vec<String>,
    status: Option<String>,
    assignee: Option<String>,
    due: Option<String>,
}

/// A reading of a demo risk, recorded in file order (the original of each risk first).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReadingRecord {
    risk: String,
    kind: ReadingKind,
    likelihood: u8,
    impact: u8,
    note: String,
}

/// The SoA state of one ISO 27001:2022 control; links may name it by its reference ("A.5.15").
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SoaRecord {
    control: String,
    #[serde(default)]
    excluded: Option<String>,
    status: Option<ImplementationStatus>,
    owner: Option<String>,
    #[serde(default)]
    reasons: Vec<Reason>,
    progress: Option<f64>,
    reviewed: Option<String>,
    text: Option<String>,
    #[serde(default)]
    documents: Vec<(String, String)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TrackerRecords {
    template: String,
    items: Vec<Record>,
}

/// One tracker item; `assignee` and user fields name a demo account by role.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
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
    #[serde(default)]
    notes: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectRecords {
    template: String,
    nodes: Vec<NodeRecord>,
}

/// Progress on a node the project template planted, found by title (the `occurrence`-th of that title).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NodeRecord {
    /// A name for `links` to use.
    #[serde(rename = "ref")]
    reference: Option<String>,
    title: String,
    occurrence: Option<usize>,
    status: Option<String>,
    progress: Option<f64>,
    assignee: Option<String>,
    start: Option<String>,
    due: Option<String>,
    days_taken: Option<f64>,
}

fn bad(what: impl std::fmt::Display) -> StoreError {
    StoreError::Config(format!("demo records: {what}"))
}

/// Loads the records into the demo organisation, whose ISMS set and people already exist.
pub(crate) fn load(conn: &mut DbConnection, org_id: OrgId, today: NaiveDate) -> StoreResult<()> {
    let records: Records = serde_json::from_str(RECORDS).map_err(bad)?;
    let people = demo_people(conn)?;
    let owner = *people.get("owner").ok_or_else(|| bad("no owner account"))?;
    let loader = Loader {
        org_id,
        actor: owner.into(),
        today,
        people,
    };
    let mut by_ref = HashMap::new();
    for tracker in &records.trackers {
        let space = loader.space_of(conn, &tracker.template)?;
        for record in &tracker.items {
            let id = loader.create(conn, &space, record)?;
            if by_ref.insert(record.reference.clone(), id).is_some() {
                return Err(bad(format!("two records are `{}`", record.reference)));
            }
        }
    }
    for project in &records.projects {
        let space = loader.space_of(conn, &project.template)?;
        for node in &project.nodes {
            let id = loader.progress(conn, &space, node)?;
            if let Some(reference) = &node.reference {
                by_ref.insert(reference.clone(), id);
            }
        }
    }
    let soa = crate::frameworks::soa::list(conn, org_id, &SoaFilter::default())?;
    for entry in &soa.data {
        by_ref.insert(entry.reference.clone(), entry.item_id);
    }
    for control in &records.soa {
        loader.control(conn, &soa, control)?;
    }
    for reading in &records.readings {
        let risk = *by_ref
            .get(&reading.risk)
            .ok_or_else(|| bad(format!("no risk `{}`", reading.risk)))?;
        let req = RecordReading {
            kind: reading.kind,
            likelihood: reading.likelihood,
            impact: Some(reading.impact),
            note: reading.note.clone(),
            ..RecordReading::default()
        };
        crate::risk::risks::record_reading(conn, org_id, owner.into(), risk.into(), &req)?;
    }
    for (a, b) in &records.links {
        let end = |r: &String| {
            by_ref
                .get(r)
                .copied()
                .ok_or_else(|| bad(format!("no record `{r}`")))
        };
        links::create(conn, org_id, owner.into(), end(a)?, end(b)?)?;
    }
    let actions = loader.space_of(conn, "isms-corrective-actions")?;
    for finding in &records.findings {
        let end = |r: &String| {
            by_ref
                .get(r)
                .copied()
                .ok_or_else(|| bad(format!("no record `{r}`")))
        };
        let req = RaiseFinding {
            kind: finding.kind,
            title: finding.title.clone(),
            description: finding.description.clone(),
            controls: finding.controls.iter().map(end).collect::<Result<_, _>>()?,
        };
        let action =
            crate::audits::raise_finding(conn, org_id, owner.into(), end(&finding.audit)?, &req)?;
        loader.follow_up(conn, &actions, action.id, action.version, finding)?;
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
        people.insert(role.as_str().to_owned(), crate::clock::uuid(&id)?);
    }
    Ok(people)
}

struct Loader {
    org_id: OrgId,
    actor: UserId,
    today: NaiveDate,
    people: HashMap<String, Uuid>,
}

impl Loader {
    /// The space the organisation's ISMS set made from a template.
    fn space_of(&self, conn: &mut DbConnection, template: &str) -> StoreResult<Space> {
        let name = &templates::find(template)?.name;
        let id: String = spaces::table
            .filter(spaces::org_id.eq(self.org_id.to_string()))
            .filter(spaces::name.eq(name))
            .select(spaces::id)
            .first(conn)?;
        crate::work::spaces::get(conn, self.org_id, crate::clock::uuid(&id)?)
    }

    fn person(&self, role: &str) -> StoreResult<Uuid> {
        self.people
            .get(role)
            .copied()
            .ok_or_else(|| bad(format!("no demo account `{role}`")))
    }

    /// `today`, `today+N` or `today-N` days, or an ISO date.
    fn day(&self, text: &str) -> StoreResult<NaiveDate> {
        let offset = match text.strip_prefix("today") {
            Some("") => 0,
            Some(rest) => rest
                .trim_start_matches('+')
                .parse::<i64>()
                .map_err(|_| bad(format!("bad date `{text}`")))?,
            None => {
                return NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .map_err(|_| bad(format!("bad date `{text}`")));
            }
        };
        Ok(self.today + Duration::days(offset))
    }

    fn days(&self, text: Option<&String>) -> StoreResult<Option<NaiveDate>> {
        text.map(|t| self.day(t)).transpose()
    }

    fn status(&self, space: &Space, name: Option<&String>) -> StoreResult<Option<Uuid>> {
        name.map(|name| {
            space
                .statuses
                .iter()
                .find(|s| s.name.eq_ignore_ascii_case(name))
                .map(|s| s.id)
                .ok_or_else(|| bad(format!("{} has no status `{name}`", space.name)))
        })
        .transpose()
    }

    fn create(&self, conn: &mut DbConnection, space: &Space, record: &Record) -> StoreResult<Uuid> {
        let mut fields = BTreeMap::new();
        for (name, text) in &record.fields {
            let field = space
                .fields
                .iter()
                .find(|f| &f.name == name)
                .ok_or_else(|| bad(format!("{} has no field `{name}`", space.name)))?;
            let value = match field.kind {
                FieldKind::User => self.person(text)?.to_string(),
                FieldKind::Date => self.day(text)?.format("%Y-%m-%d").to_string(),
                _ => text.clone(),
            };
            fields.insert(field.id, Value::String(value));
        }
        let req = CreateItem {
            title: record.title.clone(),
            description: record.description.clone(),
            status_id: self.status(space, record.status.as_ref())?,
            assignee_id: record
                .assignee
                .as_deref()
                .map(|r| self.person(r))
                .transpose()?,
            due: self.days(record.due.as_ref())?,
            fields,
            ..CreateItem::default()
        };
        let item = items::create(conn, self.org_id, self.actor, space.id.into(), &req)?;
        for note in &record.notes {
            let note = AddNote::new(note.as_str());
            attachments::add_note(conn, self.org_id, self.actor, item.id.into(), &note)?;
        }
        Ok(item.id)
    }

    /// Sets a control's SoA data and attaches its documents.
    fn control(&self, conn: &mut DbConnection, soa: &Soa, record: &SoaRecord) -> StoreResult<()> {
        let entry = soa
            .data
            .iter()
            .find(|e| e.reference == record.control)
            .ok_or_else(|| bad(format!("no control `{}`", record.control)))?;
        let change = UpdateSoaEntry {
            applicable: record.excluded.as_ref().map(|_| false),
            justification: record.excluded.clone(),
            implementation_status: record.status,
            reasons: Some(record.reasons.clone()),
            owner_id: record
                .owner
                .as_deref()
                .map(|o| self.person(o))
                .transpose()?
                .map(Some),
            progress: record.progress,
            last_reviewed: record
                .reviewed
                .as_ref()
                .map(|d| self.day(d))
                .transpose()?
                .map(Some),
            implementation_text: record.text.clone(),
        };
        crate::frameworks::soa::update(
            conn,
            self.org_id,
            self.actor,
            entry.item_id.into(),
            entry.version,
            &change,
        )?;
        for (title, url) in &record.documents {
            let doc = AddDocument {
                title: title.clone(),
                url: url.clone(),
            };
            attachments::add_document(conn, self.org_id, self.actor, entry.item_id.into(), &doc)?;
        }
        Ok(())
    }

    /// Moves a finding's corrective action along: its status, who has it and when it is due.
    fn follow_up(
        &self,
        conn: &mut DbConnection,
        actions: &Space,
        id: Uuid,
        version: i64,
        finding: &FindingRecord,
    ) -> StoreResult<()> {
        let change = UpdateItem {
            status_id: self.status(actions, finding.status.as_ref())?,
            assignee_id: finding
                .assignee
                .as_deref()
                .map(|r| self.person(r).map(Some))
                .transpose()?,
            due: self.days(finding.due.as_ref())?.map(Some),
            ..UpdateItem::default()
        };
        items::update(conn, self.org_id, self.actor, id, version, &change)?;
        Ok(())
    }

    fn progress(
        &self,
        conn: &mut DbConnection,
        space: &Space,
        node: &NodeRecord,
    ) -> StoreResult<Uuid> {
        let nth = node.occurrence.unwrap_or(1).max(1) - 1;
        let item = exchange::all_items(conn, self.org_id, space.id.into())?
            .into_iter()
            .filter(|i| i.title == node.title)
            .nth(nth)
            .ok_or_else(|| bad(format!("{} has no node `{}`", space.name, node.title)))?;
        let change = UpdateItem {
            status_id: self.status(space, node.status.as_ref())?,
            progress: node.progress,
            assignee_id: node
                .assignee
                .as_deref()
                .map(|r| self.person(r).map(Some))
                .transpose()?,
            start: self.days(node.start.as_ref())?.map(Some),
            due: self.days(node.due.as_ref())?.map(Some),
            days_taken: node.days_taken.map(Some),
            ..UpdateItem::default()
        };
        items::update(
            conn,
            self.org_id,
            self.actor,
            item.id,
            item.version,
            &change,
        )?;
        Ok(item.id)
    }
}
