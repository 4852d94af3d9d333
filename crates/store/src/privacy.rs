//! The organisation's GDPR deadlines, read from its live data subject request and breach register
//! trackers (found by template key), and the statutory due date written onto each request so the
//! tracker's overdue counts and My work follow the law rather than a date typed by hand.
//!
//! The deadline rules live in `annex_domain::privacy`; here they are fed the values the trackers
//! hold, by the keys the templates gave their fields (so renaming a field changes nothing), in a
//! fixed number of statements whatever the number of records.

use crate::clock::uuid;
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::{item_values, items, space_fields, space_statuses, spaces};
use annex_domain::privacy::{
    self as rules, BreachDeadline, BreachFacts, DeadlineState, DeadlineSummary, ItemDeadline,
    PrivacyDeadlines, Register, RegisterSpace, RequestDeadline, RequestFacts, ResponseDueFields,
    keys,
};
use annex_domain::work::fields::SelectOption;
use annex_domain::work::items::label;
use annex_domain::work::spaces::Space;
use annex_domain::work::templates::FieldKeys;
use annex_domain::{ItemId, OrgId};
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// The template keys of the fields the deadline rules read.
const READ_KEYS: [&str; 8] = [
    keys::REQUEST_TYPE,
    keys::RECEIVED_ON,
    keys::EXTENDED,
    keys::RESPONDED_ON,
    keys::AWARE_ON,
    keys::AWARE_AT,
    keys::NOTIFIED_ON,
    keys::REASON_NOT_NOTIFIED,
];

/// A field the rules read: its template key, and its options to turn a stored option id into a
/// label.
struct ReadField {
    key: String,
    options: Vec<SelectOption>,
}

/// An item of a register: id, space, number, title and status name.
type RecordRow = (String, String, i64, String, Option<String>);

/// A register's item with the values the rules read, as text by field key (option labels for
/// selects).
struct Record {
    row: RecordRow,
    values: HashMap<String, String>,
}

impl Record {
    fn text(&self, key: &str) -> Option<String> {
        self.values
            .get(key)
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
    }

    fn date(&self, key: &str) -> Option<NaiveDate> {
        self.text(key)
            .and_then(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok())
    }

    fn request(&self, space_name: &str, today: NaiveDate) -> StoreResult<RequestDeadline> {
        let facts = RequestFacts {
            received_on: self.date(keys::RECEIVED_ON),
            extended: self.text(keys::EXTENDED).is_some_and(|l| rules::is_yes(&l)),
            responded_on: self.date(keys::RESPONDED_ON),
        };
        let timing = rules::request_timing(&facts, today);
        let (id, space, number, title, status) = self.row.clone();
        Ok(RequestDeadline {
            item_id: uuid(&id)?,
            space_id: uuid(&space)?,
            space_name: space_name.to_owned(),
            number,
            label: label(number, &title),
            status,
            request_type: self.text(keys::REQUEST_TYPE),
            received_on: facts.received_on,
            extended: facts.extended,
            due_on: timing.due_on,
            responded_on: facts.responded_on,
            state: timing.state,
            days_left: timing.days_left,
        })
    }

    fn breach(&self, space_name: &str, now: DateTime<Utc>) -> StoreResult<BreachDeadline> {
        let facts = BreachFacts {
            aware_on: self.date(keys::AWARE_ON),
            aware_at: self.text(keys::AWARE_AT),
            notified_on: self.date(keys::NOTIFIED_ON),
            reason_not_notified: self.text(keys::REASON_NOT_NOTIFIED),
        };
        let timing = rules::breach_timing(&facts, now);
        let (id, space, number, title, status) = self.row.clone();
        Ok(BreachDeadline {
            item_id: uuid(&id)?,
            space_id: uuid(&space)?,
            space_name: space_name.to_owned(),
            number,
            label: label(number, &title),
            status,
            aware_at: timing.aware_at,
            aware_time_note: timing.aware_time_note,
            notify_by: timing.notify_by,
            notified_on: facts.notified_on,
            reason_not_notified: facts.reason_not_notified,
            state: timing.state,
            hours_left: timing.hours_left,
        })
    }
}

/// The read fields of the given spaces, by field id: one statement.
fn read_fields(
    conn: &mut DbConnection,
    space_ids: &[String],
) -> StoreResult<HashMap<String, ReadField>> {
    let rows: Vec<(String, String, String)> = space_fields::table
        .filter(space_fields::space_id.eq_any(space_ids))
        .filter(space_fields::template_key.eq_any(READ_KEYS))
        .select((
            space_fields::id,
            space_fields::template_key.assume_not_null(),
            space_fields::options_json,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, key, options)| {
            let options = serde_json::from_str(&options).unwrap_or_default();
            (id, ReadField { key, options })
        })
        .collect())
}

/// The stored value as the rules read it: text as it is, an option id as its label.
fn as_text(field: &ReadField, json: &str) -> Option<String> {
    let value: Value = serde_json::from_str(json).ok()?;
    let text = value.as_str()?;
    if field.options.is_empty() {
        return Some(text.to_owned());
    }
    field
        .options
        .iter()
        .find(|o| o.id.to_string() == text)
        .map(|o| o.label.clone())
}

/// The read values of the organisation's items for these fields, by item id then field key:
/// one statement, served by the `(org_id, field_id, …)` index.
fn read_values(
    conn: &mut DbConnection,
    org_id: OrgId,
    fields: &HashMap<String, ReadField>,
    only_item: Option<Uuid>,
) -> StoreResult<HashMap<String, HashMap<String, String>>> {
    let field_ids: Vec<&String> = fields.keys().collect();
    let mut query = item_values::table
        .filter(item_values::org_id.eq(org_id))
        .filter(item_values::field_id.eq_any(field_ids))
        .select((
            item_values::item_id,
            item_values::field_id,
            item_values::value_json,
        ))
        .into_boxed();
    if let Some(item) = only_item {
        query = query.filter(item_values::item_id.eq(item.to_string()));
    }
    let rows: Vec<(String, String, String)> = query.load(conn)?;
    let mut values: HashMap<String, HashMap<String, String>> = HashMap::new();
    for (item, field, json) in rows {
        let Some(field) = fields.get(&field) else {
            continue;
        };
        if let Some(text) = as_text(field, &json) {
            values
                .entry(item)
                .or_default()
                .insert(field.key.clone(), text);
        }
    }
    Ok(values)
}

/// Every request and breach of the organisation's live registers with its deadline as of `now`,
/// most urgent first, filtered to `state` when given (the summary counts them all): four
/// statements whatever the number of records.
pub fn deadlines(
    conn: &mut DbConnection,
    org_id: OrgId,
    now: DateTime<Utc>,
    state: Option<DeadlineState>,
) -> StoreResult<PrivacyDeadlines> {
    let space_rows: Vec<(String, String, Option<String>)> = spaces::table
        .filter(spaces::org_id.eq(org_id))
        .filter(spaces::template_key.eq_any([rules::REQUESTS_TEMPLATE, rules::BREACHES_TEMPLATE]))
        .filter(spaces::archived_at.is_null())
        .order(spaces::name)
        .select((spaces::id, spaces::name, spaces::template_key))
        .load(conn)?;
    let registers: HashMap<String, (String, Register)> = space_rows
        .iter()
        .filter_map(|(id, name, key)| {
            let register = Register::of_template(key.as_deref()?)?;
            Some((id.clone(), (name.clone(), register)))
        })
        .collect();
    let space_ids: Vec<String> = registers.keys().cloned().collect();
    let (mut requests, mut breaches) = (Vec::new(), Vec::new());
    if !space_ids.is_empty() {
        let fields = read_fields(conn, &space_ids)?;
        let rows: Vec<RecordRow> = items::table
            .left_join(space_statuses::table)
            .filter(items::org_id.eq(org_id))
            .filter(items::space_id.eq_any(&space_ids))
            .filter(items::archived_at.is_null())
            .select((
                items::id,
                items::space_id,
                items::number,
                items::title,
                space_statuses::name.nullable(),
            ))
            .load(conn)?;
        let mut values = read_values(conn, org_id, &fields, None)?;
        let today = now.date_naive();
        for row in rows {
            let Some((space_name, register)) = registers.get(&row.1) else {
                continue;
            };
            let record = Record {
                values: values.remove(&row.0).unwrap_or_default(),
                row,
            };
            match register {
                Register::Requests => requests.push(record.request(space_name, today)?),
                Register::Breaches => breaches.push(record.breach(space_name, now)?),
            }
        }
    }
    // Most urgent first, then by deadline (none last), space and number.
    requests.sort_by_cached_key(|r| {
        let when = (r.due_on.is_none(), r.due_on);
        (r.state.urgency(), when, r.space_name.clone(), r.number)
    });
    breaches.sort_by_cached_key(|b| {
        let when = (b.notify_by.is_none(), b.notify_by);
        (b.state.urgency(), when, b.space_name.clone(), b.number)
    });
    let summary = DeadlineSummary::of(&requests, &breaches);
    if let Some(state) = state {
        requests.retain(|r| r.state == state);
        breaches.retain(|b| b.state == state);
    }
    Ok(PrivacyDeadlines {
        as_of: now,
        spaces: space_rows
            .into_iter()
            .filter_map(|(id, name, _)| {
                let register = registers.get(&id)?.1;
                Some(uuid(&id).map(|space_id| RegisterSpace {
                    space_id,
                    name,
                    register,
                }))
            })
            .collect::<StoreResult<_>>()?,
        requests,
        breaches,
        summary,
    })
}

/// The deadline of one item of a register as of `now`; `NotFound` when the item is not in a
/// data subject request or breach register of the organisation. Three statements.
pub fn item_deadline(
    conn: &mut DbConnection,
    org_id: OrgId,
    item_id: ItemId,
    now: DateTime<Utc>,
) -> StoreResult<ItemDeadline> {
    let (row, space_name, template): (RecordRow, String, Option<String>) = items::table
        .inner_join(spaces::table)
        .left_join(space_statuses::table)
        .filter(items::org_id.eq(org_id))
        .filter(items::id.eq(item_id))
        .select((
            (
                items::id,
                items::space_id,
                items::number,
                items::title,
                space_statuses::name.nullable(),
            ),
            spaces::name,
            spaces::template_key,
        ))
        .first(conn)?;
    let register = template
        .as_deref()
        .and_then(Register::of_template)
        .ok_or(StoreError::NotFound)?;
    let fields = read_fields(conn, std::slice::from_ref(&row.1))?;
    let values = read_values(conn, org_id, &fields, Some(item_id.into()))?
        .remove(&row.0)
        .unwrap_or_default();
    let record = Record { row, values };
    Ok(match register {
        Register::Requests => ItemDeadline {
            register,
            request: Some(record.request(&space_name, now.date_naive())?),
            breach: None,
        },
        Register::Breaches => ItemDeadline {
            register,
            request: None,
            breach: Some(record.breach(&space_name, now)?),
        },
    })
}

/// Sets a data subject request's due date to its statutory deadline when "Received on" or
/// "Extended" was set or changed by the write just made (`before`: the item's values before an
/// update; `None` for a new item). Leaves the due date alone when no deadline can be computed
/// (no receipt date), and does nothing for items of other trackers. The rule is
/// [`ResponseDueFields::settled_due`]; here it is fed the fields' template keys and the stored
/// values by field id.
pub(crate) fn settle_response_due(
    conn: &mut DbConnection,
    space: &Space,
    item_id: ItemId,
    before: Option<&BTreeMap<Uuid, Value>>,
) -> StoreResult<()> {
    // One statement, which finds no keyed field in any tracker but a requests register.
    let field_keys: FieldKeys = space_fields::table
        .inner_join(spaces::table)
        .filter(space_fields::space_id.eq(space.id.to_string()))
        .filter(spaces::template_key.eq(rules::REQUESTS_TEMPLATE))
        .filter(space_fields::template_key.eq_any([keys::RECEIVED_ON, keys::EXTENDED]))
        .select((
            space_fields::id,
            space_fields::template_key.assume_not_null(),
        ))
        .load::<(String, String)>(conn)?
        .into_iter()
        .map(|(id, key)| Ok((uuid(&id)?, key)))
        .collect::<StoreResult<_>>()?;
    let Some(clock) = ResponseDueFields::of(&space.fields, &field_keys) else {
        return Ok(());
    };
    let rows: Vec<(String, String)> = item_values::table
        .filter(item_values::item_id.eq(item_id))
        .filter(item_values::field_id.eq_any(clock.ids().iter().map(Uuid::to_string)))
        .select((item_values::field_id, item_values::value_json))
        .load(conn)?;
    let now: BTreeMap<Uuid, Value> = rows
        .into_iter()
        .filter_map(|(field, json)| {
            let value = serde_json::from_str(&json).ok()?;
            Some(uuid(&field).map(|field| (field, value)))
        })
        .collect::<StoreResult<_>>()?;
    let Some(due) = clock.settled_due(before, &now) else {
        return Ok(());
    };
    diesel::update(items::table.find(item_id))
        .set(items::due_date.eq(Some(due)))
        .execute(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{access::organisations, connect, migrations, transaction};

    #[test]
    fn the_templates_key_every_field_the_rules_read() {
        use annex_domain::work::fields::FieldKind;
        let (requests, breaches) = (rules::REQUESTS_TEMPLATE, rules::BREACHES_TEMPLATE);
        let read = [
            (requests, keys::REQUEST_TYPE, FieldKind::Select),
            (requests, keys::RECEIVED_ON, FieldKind::Date),
            (requests, keys::EXTENDED, FieldKind::Select),
            (requests, keys::RESPONDED_ON, FieldKind::Date),
            (breaches, keys::AWARE_ON, FieldKind::Date),
            (breaches, keys::AWARE_AT, FieldKind::Text),
            (breaches, keys::NOTIFIED_ON, FieldKind::Date),
            (breaches, keys::REASON_NOT_NOTIFIED, FieldKind::LongText),
        ];
        for (template, key, kind) in read {
            let field = crate::work::templates::find(template)
                .unwrap()
                .fields
                .iter()
                .find(|f| f.key.as_deref() == Some(key))
                .unwrap_or_else(|| panic!("{template} has no field keyed {key}"));
            assert_eq!(field.kind, kind, "{template}: {key}");
        }
        let listed: Vec<&str> = read.iter().map(|(_, key, _)| *key).collect();
        assert_eq!(listed, READ_KEYS);
    }

    #[test]
    fn the_demo_shows_every_state_worth_showing() {
        let dir = tempfile::tempdir().unwrap();
        let pool = connect(&dir.path().join("demo.db").to_string_lossy(), 2).unwrap();
        let mut conn = pool.get().unwrap();
        migrations::run_pending(&mut conn).unwrap();
        assert!(transaction::write(&mut conn, crate::demo::load_with_records_if_empty).unwrap());
        let org = organisations::find_by_name(&mut conn, crate::demo::ORGANISATION)
            .unwrap()
            .unwrap();
        let now = Utc::now();
        let all = deadlines(&mut conn, org.id.into(), now, None).unwrap();
        let request = |title: &str| {
            all.requests
                .iter()
                .find(|r| r.label.ends_with(title))
                .unwrap_or_else(|| panic!("no request {title}"))
        };
        let overdue = request("Portability request from a former client");
        assert_eq!(overdue.state, DeadlineState::Overdue);
        let extended = request("Access request covering ten years of correspondence");
        assert!(extended.extended);
        assert_eq!(
            extended.due_on,
            rules::response_due(extended.received_on.unwrap(), true)
        );
        assert_eq!(extended.state, DeadlineState::Open);
        assert_eq!(
            request("Erasure request from a website enquirer").state,
            DeadlineState::AnsweredOnTime
        );
        // The store set each request's due date to its statutory deadline.
        let stored = crate::work::items::get(&mut conn, org.id.into(), extended.item_id).unwrap();
        assert_eq!(stored.due, extended.due_on);

        let breach = |title: &str| {
            all.breaches
                .iter()
                .find(|b| b.label.ends_with(title))
                .unwrap_or_else(|| panic!("no breach {title}"))
        };
        let open = breach("Client report e-mailed to the wrong recipient");
        assert_eq!(open.state, DeadlineState::Overdue);
        assert_eq!(
            open.notify_by,
            open.aware_at.map(|a| a + chrono::Duration::hours(72))
        );
        assert_eq!(
            open.aware_at.map(|a| a.format("%H:%M").to_string()),
            Some("09:40".into())
        );
        assert_eq!(
            breach("Client portal showed another client's invoice").state,
            DeadlineState::NotifiedOnTime
        );
        assert_eq!(
            breach("Laptop stolen from a car").state,
            DeadlineState::NotNotifiable
        );
        let overdue_only =
            deadlines(&mut conn, org.id.into(), now, Some(DeadlineState::Overdue)).unwrap();
        assert_eq!(overdue_only.requests.len(), 1);
        assert_eq!(overdue_only.breaches.len(), 1);
        assert_eq!(overdue_only.summary, all.summary);
    }
}
