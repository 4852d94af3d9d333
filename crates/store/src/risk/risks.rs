//! The risk register: risks are items of the organisation's Risk Register tracker; their readings
//! (original, current with history, target) are kept raw and scored by the matrix in force; the
//! register, a risk's readings and the risk map read them back; the risk bank adds risks.

use crate::clock::{new_id, now, utc, uuid};
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::events::{self, Change};
use crate::schema::{item_values, items, risk_readings, space_statuses, spaces, users};
use crate::{risk::bank, risk::matrix, work::links, work::spaces as space_store};
use annex_domain::events::{SubjectKind, Verb};
use annex_domain::page::{Cursor, Page};
use annex_domain::risk::RiskMatrix;
use annex_domain::risk::bia::{self, BiaSummary};
use annex_domain::risk::register::{
    AddFromBank, MapCell, Reading, ReadingKind, RecordReading, RiskFilter, RiskMap, RiskRegister,
    RiskSummary, review_due,
};
use annex_domain::risk::register_sheet::{ImportRow, RiskImportReport};
use annex_domain::work::exchange::ImportRowError;
use annex_domain::work::items::{CreateItem, Item};
use annex_domain::{ItemId, OrgId, UserId};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text};
use serde_json::{Value, json};
use std::collections::HashMap;
use uuid::Uuid;

/// The template key of the register's space.
pub const REGISTER: &str = "risk-register";

/// The organisation's live risk register; not found when it has none.
pub fn register_space(conn: &mut DbConnection, org_id: OrgId) -> StoreResult<Uuid> {
    let id: String = spaces::table
        .filter(spaces::org_id.eq(org_id))
        .filter(spaces::template_key.eq(REGISTER))
        .filter(spaces::archived_at.is_null())
        .order(spaces::created_at)
        .select(spaces::id)
        .first(conn)?;
    uuid(&id)
}

/// The item if it is a risk of a register of the organisation; not found otherwise.
fn require_risk(conn: &mut DbConnection, org_id: OrgId, item_id: ItemId) -> StoreResult<Item> {
    let in_register: i64 = items::table
        .inner_join(spaces::table)
        .filter(items::org_id.eq(org_id))
        .filter(items::id.eq(item_id))
        .filter(spaces::template_key.eq(REGISTER))
        .count()
        .get_result(conn)?;
    if in_register == 0 {
        return Err(StoreError::NotFound);
    }
    crate::work::items::get(conn, org_id, item_id.into())
}

type ReadingRow = (
    String,
    String,
    String,
    i32,
    i32,
    Option<i32>,
    Option<i32>,
    Option<i32>,
    String,
    Option<String>,
    Option<String>,
    NaiveDateTime,
);

macro_rules! reading_columns {
    () => {
        (
            risk_readings::id,
            risk_readings::item_id,
            risk_readings::kind,
            risk_readings::likelihood,
            risk_readings::impact,
            risk_readings::confidentiality,
            risk_readings::integrity,
            risk_readings::availability,
            risk_readings::note,
            risk_readings::recorded_by,
            users::display_name.nullable(),
            risk_readings::recorded_at,
        )
    };
}

fn small(n: i32) -> u8 {
    u8::try_from(n).unwrap_or(0)
}

fn to_reading(matrix: &RiskMatrix, row: ReadingRow) -> StoreResult<Reading> {
    let (likelihood, impact) = (small(row.3), small(row.4));
    Ok(Reading {
        id: uuid(&row.0)?,
        item_id: uuid(&row.1)?,
        kind: ReadingKind::parse(&row.2).unwrap_or_default(),
        likelihood,
        impact,
        confidentiality: row.5.map(small),
        integrity: row.6.map(small),
        availability: row.7.map(small),
        note: row.8,
        recorded_by: row.9.as_deref().map(uuid).transpose()?,
        recorded_by_name: row.10,
        recorded_at: utc(row.11),
        assessment: matrix.assess(likelihood, impact).ok(),
    })
}

/// Records a reading of a risk. The original comes first and is permanent (a second one: 409);
/// a new current or target becomes the latest of its kind, the earlier ones staying as history.
/// Values outside the matrix's scales, an impact given both ways (or neither), or a current or
/// target before the original are errors naming the field (422).
pub fn record_reading(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    item_id: ItemId,
    req: &RecordReading,
) -> StoreResult<Reading> {
    require_risk(conn, org_id, item_id)?;
    let matrix = matrix::get(conn, org_id)?.matrix;
    let impact = req
        .impact()
        .map_err(|e| StoreError::field(e.field(), e.message()))?;
    let max_impact = matrix.impact.len() as u8;
    for (field, value) in [
        ("confidentiality", req.confidentiality),
        ("integrity", req.integrity),
        ("availability", req.availability),
    ] {
        if value.is_some_and(|v| v < 1 || v > max_impact) {
            return Err(StoreError::field(
                field,
                format!("must be 1 to {max_impact}"),
            ));
        }
    }
    matrix
        .score(req.likelihood, impact)
        .map_err(|e| StoreError::field(e.field, e.message()))?;
    let (org, item) = (org_id.to_string(), item_id.to_string());
    let originals: i64 = risk_readings::table
        .filter(risk_readings::org_id.eq(&org))
        .filter(risk_readings::item_id.eq(&item))
        .filter(risk_readings::kind.eq(ReadingKind::Original.key()))
        .count()
        .get_result(conn)?;
    match (req.kind, originals) {
        (ReadingKind::Original, n) if n > 0 => {
            return Err(StoreError::Conflict(
                "the original reading is permanent; record a current reading instead".into(),
            ));
        }
        (ReadingKind::Current | ReadingKind::Target, 0) => {
            return Err(StoreError::field(
                "kind",
                "record the original reading first",
            ));
        }
        _ => {}
    }
    diesel::update(
        risk_readings::table
            .filter(risk_readings::org_id.eq(&org))
            .filter(risk_readings::item_id.eq(&item))
            .filter(risk_readings::kind.eq(req.kind.key()))
            .filter(risk_readings::latest.eq(true)),
    )
    .set(risk_readings::latest.eq(false))
    .execute(conn)?;
    let id = new_id();
    diesel::insert_into(risk_readings::table)
        .values((
            risk_readings::id.eq(id.to_string()),
            risk_readings::org_id.eq(&org),
            risk_readings::item_id.eq(&item),
            risk_readings::kind.eq(req.kind.key()),
            risk_readings::likelihood.eq(i32::from(req.likelihood)),
            risk_readings::impact.eq(i32::from(impact)),
            risk_readings::confidentiality.eq(req.confidentiality.map(i32::from)),
            risk_readings::integrity.eq(req.integrity.map(i32::from)),
            risk_readings::availability.eq(req.availability.map(i32::from)),
            risk_readings::note.eq(req.note.trim()),
            risk_readings::latest.eq(true),
            risk_readings::recorded_by.eq(Some(actor)),
            risk_readings::recorded_at.eq(now()),
        ))
        .execute(conn)?;
    let row: ReadingRow = risk_readings::table
        .left_join(users::table.on(users::id.nullable().eq(risk_readings::recorded_by)))
        .filter(risk_readings::id.eq(id.to_string()))
        .select(reading_columns!())
        .first(conn)?;
    let reading = to_reading(&matrix, row)?;
    events::record(
        conn,
        Change::new(
            org_id,
            Some(actor),
            SubjectKind::Item,
            item_id,
            Verb::ReadingRecorded,
        )
        .after(&json!({
            "kind": reading.kind,
            "likelihood": reading.likelihood,
            "impact": reading.impact,
            "score": reading.assessment.as_ref().map(|a| a.score),
            "level": reading.assessment.as_ref().map(|a| a.level.clone()),
        })),
    )?;
    Ok(reading)
}

/// Every reading of a risk, newest first, scored by the matrix in force.
pub fn readings(
    conn: &mut DbConnection,
    org_id: OrgId,
    item_id: ItemId,
) -> StoreResult<Vec<Reading>> {
    require_risk(conn, org_id, item_id)?;
    let matrix = matrix::get(conn, org_id)?.matrix;
    let rows: Vec<ReadingRow> = risk_readings::table
        .left_join(users::table.on(users::id.nullable().eq(risk_readings::recorded_by)))
        .filter(risk_readings::org_id.eq(org_id))
        .filter(risk_readings::item_id.eq(item_id))
        .order((risk_readings::recorded_at.desc(), risk_readings::id.desc()))
        .select(reading_columns!())
        .load(conn)?;
    rows.into_iter().map(|r| to_reading(&matrix, r)).collect()
}

#[derive(QueryableByName)]
struct ControlCount {
    #[diesel(sql_type = Text)]
    risk_id: String,
    #[diesel(sql_type = BigInt)]
    controls: i64,
}

type RiskRow = (
    String,
    i64,
    String,
    Option<String>,
    Option<bool>,
    Option<String>,
    Option<String>,
);

/// A page of the register, by number. Unfiltered, the page is cut in SQL (a page costs the same
/// whatever the register's size); the appetite and overdue views are computed from the matrix, so
/// they read the whole register and cut the page in memory. A bad `limit` or `cursor` is an error
/// naming it.
pub fn register(
    conn: &mut DbConnection,
    org_id: OrgId,
    filter: &RiskFilter,
) -> StoreResult<RiskRegister> {
    let limit = filter.limit().map_err(|e| StoreError::field("limit", e))?;
    let after = filter
        .cursor
        .as_deref()
        .map(Cursor::decode)
        .transpose()
        .map_err(|e| StoreError::field("cursor", e.to_string()))?
        .map(|c| c.key.parse::<i64>().unwrap_or(i64::MAX));
    let (space_id, rows, total) =
        if filter.above_appetite.is_none() && filter.overdue_review.is_none() {
            let (space_id, rows) = summaries(conn, org_id, filter, Some((after, limit + 1)))?;
            let total: i64 = items::table
                .filter(items::org_id.eq(org_id))
                .filter(items::space_id.eq(space_id.to_string()))
                .filter(items::archived_at.is_null())
                .count()
                .get_result(conn)?;
            (space_id, rows, total)
        } else {
            let (space_id, risks) = summaries(conn, org_id, filter, None)?;
            let total = risks.len() as i64;
            let rows = risks
                .into_iter()
                .filter(|r| after.is_none_or(|n| r.number > n))
                .take(usize::try_from(limit).unwrap_or(usize::MAX) + 1)
                .collect();
            (space_id, rows, total)
        };
    let page = Page::from_rows(rows, limit, total, |r| Cursor {
        key: r.number.to_string(),
        id: r.item_id,
    });
    Ok(RiskRegister {
        space_id,
        data: page.data,
        next_cursor: page.next_cursor,
        total,
    })
}

/// The whole register: every live risk with its latest readings, review due date and linked
/// controls, in a fixed number of queries whatever its size; filtered by appetite and overdue
/// review. Pages are cut from it in memory (the filters are computed from the matrix, not stored).
pub fn all_risks(
    conn: &mut DbConnection,
    org_id: OrgId,
    filter: &RiskFilter,
) -> StoreResult<(Uuid, Vec<RiskSummary>)> {
    summaries(conn, org_id, filter, None)
}

/// The register's risks after number `window.0`, at most `window.1` of them (all without a
/// window), with their readings, review dates and control counts.
fn summaries(
    conn: &mut DbConnection,
    org_id: OrgId,
    filter: &RiskFilter,
    window: Option<(Option<i64>, i64)>,
) -> StoreResult<(Uuid, Vec<RiskSummary>)> {
    let (after, take) = window.unwrap_or((None, i64::MAX));
    let space_id = register_space(conn, org_id)?;
    let space = space_store::get(conn, org_id, space_id)?;
    let matrix = matrix::get(conn, org_id)?.matrix;
    let (org, space_key) = (org_id.to_string(), space_id.to_string());
    let risks: Vec<RiskRow> = items::table
        .left_join(space_statuses::table)
        .left_join(users::table.on(users::id.nullable().eq(items::assignee_id)))
        .filter(items::org_id.eq(&org))
        .filter(items::space_id.eq(&space_key))
        .filter(items::archived_at.is_null())
        .filter(items::number.gt(after.unwrap_or(0)))
        .order(items::number)
        .limit(take)
        .select((
            items::id,
            items::number,
            items::title,
            space_statuses::name.nullable(),
            space_statuses::resolved.nullable(),
            items::assignee_id,
            users::display_name.nullable(),
        ))
        .load(conn)?;
    let page_ids: Vec<&String> = risks.iter().map(|r| &r.0).collect();
    let latest: Vec<ReadingRow> = if window.is_some() {
        risk_readings::table
            .left_join(users::table.on(users::id.nullable().eq(risk_readings::recorded_by)))
            .filter(risk_readings::org_id.eq(&org))
            .filter(risk_readings::latest.eq(true))
            .filter(risk_readings::item_id.eq_any(&page_ids))
            .select(reading_columns!())
            .load(conn)?
    } else {
        let live = items::table
            .filter(items::org_id.eq(&org))
            .filter(items::space_id.eq(&space_key))
            .select(items::id);
        risk_readings::table
            .left_join(users::table.on(users::id.nullable().eq(risk_readings::recorded_by)))
            .filter(risk_readings::org_id.eq(&org))
            .filter(risk_readings::latest.eq(true))
            .filter(risk_readings::item_id.eq_any(live))
            .select(reading_columns!())
            .load(conn)?
    };
    let mut readings: HashMap<(String, ReadingKind), Reading> = HashMap::new();
    for row in latest {
        let reading = to_reading(&matrix, row)?;
        readings.insert((reading.item_id.to_string(), reading.kind), reading);
    }
    let review_field = space
        .fields
        .iter()
        .find(|f| f.name.eq_ignore_ascii_case("review date"))
        .map(|f| f.id.to_string());
    let set_dates: HashMap<String, chrono::NaiveDate> = match &review_field {
        Some(field) => item_values::table
            .filter(item_values::org_id.eq(&org))
            .filter(item_values::field_id.eq(field))
            .select((item_values::item_id, item_values::value_json))
            .load::<(String, String)>(conn)?
            .into_iter()
            .filter_map(|(item, json)| {
                let value: Value = serde_json::from_str(&json).ok()?;
                Some((item, value.as_str()?.parse().ok()?))
            })
            .collect(),
        None => HashMap::new(),
    };
    let side = |mine: &str, other: &str| {
        format!(
            "SELECT l.{mine} AS risk_id, COUNT(*) AS controls FROM links l \
             JOIN soa_entries e ON e.item_id = l.{other} \
             JOIN items r ON r.id = l.{mine} \
             WHERE l.org_id = '{org}' AND r.space_id = '{space_key}' GROUP BY l.{mine}"
        )
    };
    let counts: Vec<ControlCount> = diesel::sql_query(format!(
        "{} UNION ALL {}",
        side("a_id", "b_id"),
        side("b_id", "a_id")
    ))
    .load(conn)?;
    let mut controls: HashMap<String, i64> = HashMap::new();
    for c in counts {
        *controls.entry(c.risk_id).or_default() += c.controls;
    }
    let today = chrono::Utc::now().date_naive();
    let data: Vec<RiskSummary> = risks
        .into_iter()
        .map(|(id, number, title, status, resolved, owner, owner_name)| {
            let mut take = |kind| readings.remove(&(id.clone(), kind));
            let (original, current, target) = (
                take(ReadingKind::Original),
                take(ReadingKind::Current),
                take(ReadingKind::Target),
            );
            let standing = current.as_ref().or(original.as_ref());
            let due = review_due(
                set_dates.get(&id).copied(),
                standing.map(|r| r.recorded_at.date_naive()),
                standing.and_then(|r| r.assessment.as_ref().map(|a| a.review_months)),
            );
            let resolved = resolved.unwrap_or(false);
            Ok(RiskSummary {
                item_id: uuid(&id)?,
                number,
                title,
                status,
                resolved,
                owner_id: owner.as_deref().map(uuid).transpose()?,
                owner_name,
                review_overdue: !resolved && due.is_some_and(|d| d < today),
                review_due: due,
                above_appetite: standing
                    .and_then(|r| r.assessment.as_ref())
                    .is_some_and(|a| a.above_appetite),
                controls: controls.get(&id).copied().unwrap_or(0),
                original,
                current,
                target,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?
        .into_iter()
        .filter(|r| filter.above_appetite.is_none_or(|a| r.above_appetite == a))
        .filter(|r| filter.overdue_review.is_none_or(|o| r.review_overdue == o))
        .collect();
    Ok((space_id, data))
}

#[derive(QueryableByName)]
struct CellRow {
    #[diesel(sql_type = Integer)]
    likelihood: i32,
    #[diesel(sql_type = Integer)]
    impact: i32,
    #[diesel(sql_type = BigInt)]
    n: i64,
    #[diesel(sql_type = Text)]
    ids: String,
}

/// The risk map: every cell of the matrix with the live risks whose latest reading of `kind`
/// falls in it — one aggregate query, whatever the number of risks.
pub fn map(conn: &mut DbConnection, org_id: OrgId, kind: ReadingKind) -> StoreResult<RiskMap> {
    let matrix = matrix::get(conn, org_id)?.matrix;
    let ids = match conn {
        DbConnection::Sqlite(_) => "GROUP_CONCAT(r.item_id, ',')",
        DbConnection::Postgres(_) => "STRING_AGG(r.item_id, ',')",
    };
    let sql = format!(
        "SELECT r.likelihood, r.impact, COUNT(*) AS n, {ids} AS ids FROM risk_readings r \
         WHERE r.org_id = '{org_id}' AND r.kind = '{kind}' AND r.latest = TRUE \
         AND r.item_id NOT IN \
           (SELECT id FROM items WHERE org_id = '{org_id}' AND archived_at IS NOT NULL) \
         GROUP BY r.likelihood, r.impact",
        kind = kind.key()
    );
    let rows: Vec<CellRow> = diesel::sql_query(sql).load(conn)?;
    let by_cell: HashMap<(u8, u8), &CellRow> = rows
        .iter()
        .map(|r| ((small(r.likelihood), small(r.impact)), r))
        .collect();
    let mut cells = Vec::new();
    for likelihood in 1..=matrix.likelihood.len() as u8 {
        for impact in 1..=matrix.impact.len() as u8 {
            let row = by_cell.get(&(likelihood, impact));
            let assessment = matrix
                .assess(likelihood, impact)
                .map_err(|e| StoreError::Config(e.to_string()))?;
            cells.push(MapCell {
                likelihood,
                impact,
                assessment,
                count: row.map(|r| r.n).unwrap_or(0),
                risk_ids: row
                    .map(|r| r.ids.split(',').map(uuid).collect::<StoreResult<_>>())
                    .transpose()?
                    .unwrap_or_default(),
            });
        }
    }
    Ok(RiskMap {
        reading: kind,
        likelihood: matrix.likelihood,
        impact: matrix.impact,
        cells,
    })
}

/// Adds a threat of the bank to the register as a new risk (its text in the Threat, Vulnerability,
/// Consequence and C/I/A fields), linked to the suggested controls the user confirmed. A threat
/// already in the register (a live risk with that threat) is a conflict.
pub fn add_from_bank(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    req: &AddFromBank,
) -> StoreResult<Item> {
    let threat = bank::threats()?
        .iter()
        .find(|t| t.key == req.key.trim())
        .ok_or_else(|| {
            StoreError::field("key", format!("the risk bank has no threat `{}`", req.key))
        })?;
    if let Some(unknown) = req.controls.iter().find(|c| !threat.controls.contains(c)) {
        return Err(StoreError::field(
            "controls",
            format!("{unknown} is not suggested for this threat"),
        ));
    }
    let space_id = register_space(conn, org_id)?;
    let space = space_store::get(conn, org_id, space_id)?;
    let existing: Option<String> = items::table
        .filter(items::org_id.eq(org_id))
        .filter(items::space_id.eq(space_id.to_string()))
        .filter(items::archived_at.is_null())
        .filter(items::title.eq(&threat.threat))
        .select(items::id)
        .first(conn)
        .optional()?;
    if let Some(id) = existing {
        return Err(StoreError::Conflict(format!(
            "the register already holds this threat as risk {id}"
        )));
    }
    let field = |name: &str| {
        space
            .fields
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name))
            .map(|f| f.id)
    };
    let mut fields = std::collections::BTreeMap::new();
    let lines = |v: &[String]| v.join("\n");
    let properties: Vec<Value> = threat
        .affects
        .iter()
        .map(|p| {
            let label = serde_json::to_value(p).unwrap_or_default();
            let text = label.as_str().unwrap_or_default();
            let mut chars = text.chars();
            Value::String(
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default(),
            )
        })
        .collect();
    for (name, value) in [
        ("Threat", Value::String(threat.threat.clone())),
        (
            "Vulnerability",
            Value::String(lines(&threat.vulnerabilities)),
        ),
        ("Consequence", Value::String(lines(&threat.consequences))),
        ("C/I/A affected", Value::Array(properties)),
    ] {
        if let Some(id) = field(name) {
            fields.insert(id, value);
        }
    }
    let bullets = |v: &[String]| {
        v.iter()
            .map(|s| format!("- {s}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let item = crate::work::items::create(
        conn,
        org_id,
        actor,
        space_id.into(),
        &CreateItem {
            title: threat.threat.clone(),
            description: format!(
                "{}\n\n**Typical vulnerabilities**\n\n{}\n\n**Consequences**\n\n{}",
                threat.description,
                bullets(&threat.vulnerabilities),
                bullets(&threat.consequences)
            ),
            fields,
            ..CreateItem::default()
        },
    )?;
    for reference in &req.controls {
        let control: String = crate::schema::soa_entries::table
            .inner_join(spaces::table)
            .filter(crate::schema::soa_entries::org_id.eq(org_id))
            .filter(crate::schema::soa_entries::reference.eq(reference))
            .filter(
                crate::schema::soa_entries::framework_id.eq(crate::frameworks::CURRENT_ISO27001),
            )
            .filter(spaces::archived_at.is_null())
            .select(crate::schema::soa_entries::item_id)
            .first(conn)
            .optional()?
            .ok_or_else(|| {
                StoreError::field("controls", format!("the SoA has no control {reference}"))
            })?;
        links::create(conn, org_id, actor, item.id, uuid(&control)?)?;
    }
    crate::work::items::get(conn, org_id, item.id)
}

/// The template key of business impact assessments.
pub const BIA: &str = "business-impact-assessment";

/// The BIA records linked to a risk, each summarised: worst C/I/A impact, RTO, RPO and the impact
/// it suggests on the organisation's matrix. A handful of queries whatever the number linked.
pub fn bia_of(
    conn: &mut DbConnection,
    org_id: OrgId,
    risk_id: Uuid,
) -> StoreResult<Vec<BiaSummary>> {
    require_risk(conn, org_id, risk_id.into())?;
    linked_bia(conn, org_id, risk_id.into())
}

/// The BIA records linked to any item (a business continuity plan takes its service's RTO and
/// RPO from them), summarised as for a risk; not found when the item is not the organisation's.
pub fn linked_bia(
    conn: &mut DbConnection,
    org_id: OrgId,
    item_id: ItemId,
) -> StoreResult<Vec<BiaSummary>> {
    crate::work::items::get(conn, org_id, item_id.into())?;
    let linked = links::list(conn, org_id, item_id)?;
    let space_ids: Vec<String> = linked.iter().map(|l| l.space_id.to_string()).collect();
    let bia_spaces: Vec<String> = spaces::table
        .filter(spaces::org_id.eq(org_id))
        .filter(spaces::id.eq_any(&space_ids))
        .filter(spaces::template_key.eq(BIA))
        .select(spaces::id)
        .load(conn)?;
    let records: Vec<_> = linked
        .iter()
        .filter(|l| bia_spaces.contains(&l.space_id.to_string()))
        .collect();
    if records.is_empty() {
        return Ok(Vec::new());
    }
    // Option labels by option id, with their field's name, across the BIA spaces.
    let mut options: HashMap<String, (String, String)> = HashMap::new();
    for space in &bia_spaces {
        for field in space_store::get(conn, org_id, uuid(space)?)?.fields {
            for option in field.options {
                options.insert(option.id.to_string(), (field.name.clone(), option.label));
            }
        }
    }
    let ids: Vec<String> = records.iter().map(|r| r.item_id.to_string()).collect();
    let values: Vec<(String, String)> = item_values::table
        .filter(item_values::org_id.eq(org_id))
        .filter(item_values::item_id.eq_any(&ids))
        .select((item_values::item_id, item_values::value_json))
        .load(conn)?;
    let levels = matrix::get(conn, org_id)?.matrix.impact.len();
    Ok(records
        .iter()
        .map(|record| {
            let chosen: Vec<(&str, &str)> = values
                .iter()
                .filter(|(item, _)| *item == record.item_id.to_string())
                .filter_map(|(_, json)| {
                    let id: String = serde_json::from_str(json).ok()?;
                    options.get(&id).map(|(f, l)| (f.as_str(), l.as_str()))
                })
                .collect();
            bia::summarise(record.item_id, record.label.clone(), chosen, levels)
        })
        .collect())
}

/// Records the readings an imported register gives (see `register_sheet::parse`): per row, each
/// likelihood and impact pair that differs from the risk's latest reading of its kind becomes a
/// new reading; an original that differs from the recorded one is refused (it is permanent). Every
/// row is checked; the caller commits only when the report has no errors and it is not a dry run.
pub fn import_readings(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    rows: &[ImportRow],
    dry_run: bool,
) -> StoreResult<RiskImportReport> {
    let space_id = register_space(conn, org_id)?;
    let org = org_id.to_string();
    let numbers: HashMap<i64, String> = items::table
        .filter(items::org_id.eq(&org))
        .filter(items::space_id.eq(space_id.to_string()))
        .filter(items::archived_at.is_null())
        .select((items::number, items::id))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    let live = items::table
        .filter(items::org_id.eq(&org))
        .filter(items::space_id.eq(space_id.to_string()))
        .select(items::id);
    let mut latest: HashMap<(String, String), (i32, i32)> = risk_readings::table
        .filter(risk_readings::org_id.eq(&org))
        .filter(risk_readings::latest.eq(true))
        .filter(risk_readings::item_id.eq_any(live))
        .select((
            risk_readings::item_id,
            risk_readings::kind,
            risk_readings::likelihood,
            risk_readings::impact,
        ))
        .load::<(String, String, i32, i32)>(conn)?
        .into_iter()
        .map(|(item, kind, l, i)| ((item, kind), (l, i)))
        .collect();
    let mut report = RiskImportReport {
        dry_run,
        ..RiskImportReport::default()
    };
    let error = |row: usize, column: Option<String>, message: String| ImportRowError {
        row,
        column,
        message,
    };
    for row in rows {
        let Some(item) = numbers.get(&row.number) else {
            report.errors.push(error(
                row.row,
                Some("Number".into()),
                format!("the register has no live risk {}", row.number),
            ));
            continue;
        };
        let mut recorded = 0;
        for reading in &row.readings {
            let key = (item.clone(), reading.kind.key().to_owned());
            let pair = (
                i32::from(reading.likelihood),
                i32::from(reading.impact.unwrap_or_default()),
            );
            let label = match reading.kind {
                ReadingKind::Original => "Original",
                ReadingKind::Current => "Current",
                ReadingKind::Target => "Target",
            };
            match latest.get(&key) {
                Some(existing) if *existing == pair => continue,
                Some(_) if reading.kind == ReadingKind::Original => {
                    report.errors.push(error(
                        row.row,
                        Some(format!("{label} likelihood")),
                        "the original reading is permanent; change the current reading instead"
                            .into(),
                    ));
                    continue;
                }
                _ => {}
            }
            match record_reading(conn, org_id, actor, uuid(item)?.into(), reading) {
                Ok(_) => {
                    latest.insert(key, pair);
                    recorded += 1;
                }
                // A refused field is the impact or, for anything else about the reading, its
                // likelihood: the two columns the sheet has for it.
                Err(StoreError::Invalid(fields)) => {
                    for (field, messages) in fields {
                        let column = if field == "impact" {
                            "impact"
                        } else {
                            "likelihood"
                        };
                        for message in messages {
                            report.errors.push(error(
                                row.row,
                                Some(format!("{label} {column}")),
                                message,
                            ));
                        }
                    }
                }
                Err(refused @ (StoreError::Rule(_) | StoreError::Conflict(_))) => {
                    report.errors.push(error(
                        row.row,
                        Some(format!("{label} likelihood")),
                        refused.to_string(),
                    ));
                }
                Err(other) => return Err(other),
            }
        }
        if recorded == 0 {
            report.unchanged += 1;
        }
        report.recorded += recorded;
    }
    Ok(report)
}
