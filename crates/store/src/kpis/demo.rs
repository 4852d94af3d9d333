//! The demo organisation's KPIs (`seeds/demo/kpis.json`): items of its KPI tracker with their
//! definitions, a year of readings each and links to the controls they measure; the computed
//! ones are then measured for the current period. Written through the ordinary item, definition,
//! reading and link functions, so they are recorded like anyone's work.

use super::readings::{Entry, write};
use super::{define, stored_definition, tracker_space};
use crate::clock::uuid;
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::{kpi_definitions, users};
use annex_domain::OrgId;
use annex_domain::frameworks::soa::SoaFilter;
use annex_domain::kpis::{DefineKpi, Frequency};
use annex_domain::work::fields::FieldKind;
use annex_domain::work::items::CreateItem;
use chrono::{Days, NaiveDate, NaiveTime};
use diesel::prelude::*;
use serde::Deserialize;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

const KPIS: &str = include_str!("../../../../seeds/demo/kpis.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoKpis {
    #[serde(rename = "about")]
    _about: String,
    kpis: Vec<DemoKpi>,
}

/// One KPI; `owner` and user fields name a demo account by role.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoKpi {
    title: String,
    description: String,
    owner: String,
    status: String,
    #[serde(default)]
    fields: BTreeMap<String, String>,
    definition: DefineKpi,
    readings: DemoReadings,
    #[serde(default)]
    controls: Vec<String>,
}

/// Values oldest first; the last is for the period `ends` periods before the current one.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoReadings {
    values: Vec<f64>,
    ends: u32,
    /// Notes by the value's index.
    #[serde(default)]
    notes: BTreeMap<usize, String>,
}

fn bad(what: impl std::fmt::Display) -> StoreError {
    StoreError::Config(format!("demo KPIs: {what}"))
}

/// `n` periods before the one `today` falls in.
fn periods_back(frequency: Frequency, today: NaiveDate, n: u32) -> NaiveDate {
    let mut period = frequency.period_of(today);
    for _ in 0..n {
        period = frequency.period_of(period.pred_opt().unwrap_or(period));
    }
    period
}

/// Loads the KPIs into the demo organisation, whose KPI tracker, people and SoA already exist.
pub(crate) fn load(conn: &mut DbConnection, org_id: OrgId, today: NaiveDate) -> StoreResult<()> {
    let demo: DemoKpis = serde_json::from_str(KPIS).map_err(bad)?;
    let mut people = HashMap::new();
    for (email, role) in crate::demo::accounts() {
        let id: String = users::table
            .filter(users::email.eq(&email))
            .select(users::id)
            .first(conn)?;
        people.insert(role.as_str().to_owned(), uuid(&id)?);
    }
    let person = |role: &str| {
        people
            .get(role)
            .copied()
            .ok_or_else(|| bad(format!("no demo account `{role}`")))
    };
    let owner = person("owner")?;
    let space_id = tracker_space(conn, org_id)?;
    let space = crate::work::spaces::get(conn, org_id, space_id)?;
    let controls: HashMap<String, Uuid> =
        crate::frameworks::soa::list(conn, org_id, &SoaFilter::default())?
            .data
            .into_iter()
            .map(|e| (e.reference, e.item_id))
            .collect();
    for kpi in &demo.kpis {
        let mut fields = BTreeMap::new();
        for (name, text) in &kpi.fields {
            let field = space
                .fields
                .iter()
                .find(|f| &f.name == name)
                .ok_or_else(|| bad(format!("the KPI tracker has no field `{name}`")))?;
            let value = match field.kind {
                FieldKind::User => person(text)?.to_string(),
                _ => text.clone(),
            };
            fields.insert(field.id, Value::String(value));
        }
        let status_id = space
            .statuses
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(&kpi.status))
            .map(|s| s.id)
            .ok_or_else(|| bad(format!("no status `{}`", kpi.status)))?;
        let item = crate::work::items::create(
            conn,
            org_id,
            owner.into(),
            space_id.into(),
            &CreateItem {
                title: kpi.title.clone(),
                description: kpi.description.clone(),
                status_id: Some(status_id),
                assignee_id: Some(person(&kpi.owner)?),
                fields,
                ..CreateItem::default()
            },
        )?;
        define(
            conn,
            org_id,
            owner.into(),
            item.id.into(),
            0,
            &kpi.definition,
            today,
        )?;
        let frequency = kpi.definition.frequency;
        let values = &kpi.readings.values;
        let first = periods_back(
            frequency,
            today,
            kpi.readings.ends + values.len() as u32 - 1,
        );
        // Defined as the first reading was taken.
        diesel::update(kpi_definitions::table.find(item.id.to_string()))
            .set(kpi_definitions::defined_at.eq(first.and_time(NaiveTime::MIN)))
            .execute(conn)?;
        let def = stored_definition(conn, org_id, item.id.into(), today)?;
        let recorder = person(&kpi.owner)?;
        let mut period = first;
        for (n, value) in values.iter().enumerate() {
            // Recorded a few days after the period ended, at nine in the morning.
            let taken = frequency
                .next_period(period)
                .checked_add_days(Days::new(3))
                .unwrap_or(today)
                .min(today);
            let note = kpi.readings.notes.get(&n).map_or("", String::as_str);
            let entry = Entry {
                period,
                value: *value,
                note,
                at: taken.and_hms_opt(9, 0, 0).unwrap_or_default(),
            };
            write(conn, org_id, Some(recorder.into()), &def, &entry, false)?;
            period = frequency.next_period(period);
        }
        if def.source.is_some() {
            super::compute(conn, org_id, None, item.id.into(), today)?;
        }
        for reference in &kpi.controls {
            let control = controls
                .get(reference)
                .ok_or_else(|| bad(format!("no control `{reference}`")))?;
            crate::work::links::create(conn, org_id, owner.into(), item.id, *control)?;
        }
    }
    Ok(())
}
