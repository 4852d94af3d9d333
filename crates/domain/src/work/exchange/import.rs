//! An uploaded sheet read against a space: each row a new item, a change, or nothing, and every
//! bad row and cell reported with where it is.

use super::{BUILT_IN_COLUMNS, ImportReport, ImportRowError, field_header};
use crate::work::fields::{self, FieldDefinition, FieldKind};
use crate::work::items::{CreateItem, Item, ItemKind, UpdateItem, check_placement};
use crate::work::spaces::Space;
use chrono::NaiveDate;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use uuid::Uuid;

/// A column of the sheet, as the import reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Column {
    Number,
    Title,
    Description,
    Status,
    Assignee,
    Start,
    Due,
    DaysEstimated,
    DaysTaken,
    Progress,
    Archived,
    /// The custom field at this index of the space's fields.
    Field(usize),
}

const BUILT_IN: [Column; 11] = [
    Column::Number,
    Column::Title,
    Column::Description,
    Column::Status,
    Column::Assignee,
    Column::Start,
    Column::Due,
    Column::DaysEstimated,
    Column::DaysTaken,
    Column::Progress,
    Column::Archived,
];

/// What one row of an import does.
#[derive(Debug, Clone)]
pub enum RowAction {
    /// A row without a number: a new item (archived straight away when the row says so).
    Create {
        row: usize,
        item: CreateItem,
        archived: bool,
    },
    /// A row whose values differ from its item's: the change, at the version read.
    Update {
        row: usize,
        id: Uuid,
        version: i64,
        change: UpdateItem,
    },
    /// A row that matches its item.
    Unchanged { row: usize },
}

impl RowAction {
    /// The spreadsheet row it came from.
    pub fn row(&self) -> usize {
        match self {
            RowAction::Create { row, .. }
            | RowAction::Update { row, .. }
            | RowAction::Unchanged { row } => *row,
        }
    }
}

/// What an uploaded sheet would do: an action per row, or the reasons it cannot.
#[derive(Debug, Clone, Default)]
pub struct ImportPlan {
    pub actions: Vec<RowAction>,
    pub errors: Vec<ImportRowError>,
}

impl ImportPlan {
    /// The report of this plan.
    pub fn report(&self, dry_run: bool) -> ImportReport {
        let count = |f: fn(&RowAction) -> bool| self.actions.iter().filter(|a| f(a)).count();
        ImportReport {
            dry_run,
            created: count(|a| matches!(a, RowAction::Create { .. })),
            updated: count(|a| matches!(a, RowAction::Update { .. })),
            unchanged: count(|a| matches!(a, RowAction::Unchanged { .. })),
            errors: self.errors.clone(),
        }
    }
}

/// Reads an uploaded sheet (`rows[0]` is the header) against the space, its items and the
/// organisation's members (id → email), checking every row and cell without writing anything.
pub fn plan_import(
    space: &Space,
    items: &[Item],
    emails: &HashMap<Uuid, String>,
    rows: &[Vec<String>],
) -> ImportPlan {
    let mut plan = ImportPlan::default();
    let Some(header) = rows.first() else {
        plan.errors.push(row_error(
            1,
            None,
            "the file is empty: it needs a header row",
        ));
        return plan;
    };
    let columns = match read_header(space, header, &rows[1..]) {
        Ok(columns) => columns,
        Err(errors) => {
            plan.errors = errors;
            return plan;
        }
    };
    let reader = RowReader {
        space,
        by_number: items.iter().map(|i| (i.number, i)).collect(),
        by_email: emails
            .iter()
            .map(|(id, email)| (email.trim().to_lowercase(), *id))
            .collect(),
        columns: &columns,
    };
    let mut numbers = HashSet::new();
    for (index, cells) in rows.iter().enumerate().skip(1) {
        let row = index + 1;
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        match reader.read(row, cells, &mut numbers) {
            Ok(action) => plan.actions.push(action),
            Err(errors) => plan.errors.extend(errors),
        }
    }
    plan
}

fn row_error(row: usize, column: Option<&str>, message: impl Into<String>) -> ImportRowError {
    ImportRowError {
        row,
        column: column.map(str::to_owned),
        message: message.into(),
    }
}

/// Maps each header cell to a column; `None` for blank headers over blank columns.
fn read_header(
    space: &Space,
    header: &[String],
    body: &[Vec<String>],
) -> Result<Vec<Option<(Column, String)>>, Vec<ImportRowError>> {
    let mut known: Vec<(String, Column)> = BUILT_IN_COLUMNS
        .iter()
        .zip(BUILT_IN)
        .map(|(name, column)| ((*name).to_owned(), column))
        .collect();
    known.extend(
        space
            .fields
            .iter()
            .enumerate()
            .map(|(n, f)| (field_header(f), Column::Field(n))),
    );
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    let mut columns = Vec::new();
    for (index, name) in header.iter().enumerate() {
        let name = name.trim().trim_start_matches('\u{feff}').trim();
        if name.is_empty() {
            let blank = body
                .iter()
                .all(|r| r.get(index).is_none_or(|c| c.trim().is_empty()));
            if !blank {
                errors.push(row_error(
                    1,
                    None,
                    format!("column {} has values but no header", index + 1),
                ));
            }
            columns.push(None);
            continue;
        }
        match known.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)) {
            Some((k, column)) => {
                if !seen.insert(*column) {
                    errors.push(row_error(1, Some(k), "this column appears twice"));
                }
                columns.push(Some((*column, k.clone())));
            }
            None => {
                let expected: Vec<&str> = known.iter().map(|(k, _)| k.as_str()).collect();
                errors.push(row_error(
                    1,
                    Some(name),
                    format!(
                        "not a column of this space; the columns are: {}",
                        expected.join(", ")
                    ),
                ));
                columns.push(None);
            }
        }
    }
    if errors.is_empty() {
        Ok(columns)
    } else {
        Err(errors)
    }
}

/// Reads item rows against one space.
struct RowReader<'a> {
    space: &'a Space,
    by_number: HashMap<i64, &'a Item>,
    by_email: HashMap<String, Uuid>,
    columns: &'a [Option<(Column, String)>],
}

/// The values one row gives, each `None` when its column is absent.
#[derive(Default)]
struct RowValues {
    number: Option<i64>,
    title: Option<String>,
    description: Option<String>,
    status: Option<Option<Uuid>>,
    assignee: Option<Option<Uuid>>,
    start: Option<Option<NaiveDate>>,
    due: Option<Option<NaiveDate>>,
    days_estimated: Option<Option<f64>>,
    days_taken: Option<Option<f64>>,
    progress: Option<f64>,
    archived: Option<bool>,
    fields: BTreeMap<Uuid, Option<Value>>,
}

impl RowReader<'_> {
    fn read(
        &self,
        row: usize,
        cells: &[String],
        numbers: &mut HashSet<i64>,
    ) -> Result<RowAction, Vec<ImportRowError>> {
        let mut errors = Vec::new();
        let mut values = RowValues::default();
        for (index, column) in self.columns.iter().enumerate() {
            let Some((column, name)) = column else {
                continue;
            };
            let raw = cells.get(index).map(String::as_str).unwrap_or_default();
            if let Err(message) = self.read_cell(*column, raw, &mut values) {
                errors.push(row_error(row, Some(name), message));
            }
        }
        if let Some(number) = values.number
            && !numbers.insert(number)
        {
            errors.push(row_error(
                row,
                Some("Number"),
                format!("item {number} appears in more than one row"),
            ));
        }
        // Without a good number the row cannot be told apart as a new item or a change.
        if errors.iter().any(|e| e.column.as_deref() == Some("Number")) {
            return Err(errors);
        }
        let action = match values.number {
            Some(number) => match self.by_number.get(&number) {
                Some(item) => self.change(row, item, values),
                None => Err(vec![row_error(
                    row,
                    Some("Number"),
                    format!(
                        "this space has no item {number}; leave Number empty to add a new item"
                    ),
                )]),
            },
            None => self.create(row, values),
        };
        match action {
            Ok(action) if errors.is_empty() => Ok(action),
            Ok(_) => Err(errors),
            Err(more) => {
                errors.extend(more);
                Err(errors)
            }
        }
    }

    fn read_cell(&self, column: Column, raw: &str, v: &mut RowValues) -> Result<(), String> {
        let cell = raw.trim();
        match column {
            Column::Number => {
                v.number = if cell.is_empty() {
                    None
                } else {
                    Some(whole_number(cell).ok_or("must be an item number, e.g. 12")?)
                };
            }
            Column::Title => {
                if cell.chars().count() > 300 {
                    return Err("must be at most 300 characters".into());
                }
                v.title = Some(cell.to_owned());
            }
            Column::Description => {
                if raw.chars().count() > 100_000 {
                    return Err("must be at most 100000 characters".into());
                }
                v.description = Some(raw.to_owned());
            }
            Column::Status => {
                v.status = Some(if cell.is_empty() {
                    None
                } else {
                    let found = self
                        .space
                        .statuses
                        .iter()
                        .find(|s| s.name.trim().eq_ignore_ascii_case(cell));
                    Some(found.map(|s| s.id).ok_or_else(|| {
                        let names: Vec<&str> = self
                            .space
                            .statuses
                            .iter()
                            .map(|s| s.name.as_str())
                            .collect();
                        format!(
                            "`{cell}` is not a status of this space; use one of: {}",
                            names.join(", ")
                        )
                    })?)
                });
            }
            Column::Assignee => v.assignee = Some(self.member(cell)?),
            Column::Start => v.start = Some(date(cell)?),
            Column::Due => v.due = Some(date(cell)?),
            Column::DaysEstimated => v.days_estimated = Some(days(cell)?),
            Column::DaysTaken => v.days_taken = Some(days(cell)?),
            Column::Progress => {
                v.progress = Some(if cell.is_empty() {
                    0.0
                } else {
                    number(cell)
                        .filter(|p| (0.0..=100.0).contains(p))
                        .ok_or("must be a number from 0 to 100")?
                });
            }
            Column::Archived => {
                v.archived = Some(match cell.to_lowercase().as_str() {
                    "" | "no" | "n" | "false" | "0" => false,
                    "yes" | "y" | "true" | "1" => true,
                    _ => return Err("must be yes or no".into()),
                });
            }
            Column::Field(index) => {
                let field = &self.space.fields[index];
                let given = if field.kind == FieldKind::User && !cell.is_empty() {
                    self.member(cell)?
                        .map(|id| Value::String(id.to_string()))
                        .unwrap_or(Value::Null)
                } else {
                    Value::String(cell.to_owned())
                };
                let value = fields::normalise(field, &given).map_err(|e| e.to_string())?;
                v.fields.insert(field.id, value);
            }
        }
        Ok(())
    }

    /// A member by email (or, as exported for former members, by id).
    fn member(&self, cell: &str) -> Result<Option<Uuid>, String> {
        if cell.is_empty() {
            return Ok(None);
        }
        if let Some(id) = self.by_email.get(&cell.to_lowercase()) {
            return Ok(Some(*id));
        }
        Uuid::parse_str(cell)
            .ok()
            .filter(|id| self.by_email.values().any(|m| m == id))
            .map(Some)
            .ok_or_else(|| format!("`{cell}` is not the email of a member of this organisation"))
    }

    fn create(&self, row: usize, v: RowValues) -> Result<RowAction, Vec<ImportRowError>> {
        let mut errors = Vec::new();
        let kind = ItemKind::default_for(self.space.kind);
        if let Err(e) = check_placement(self.space.kind, kind, None) {
            errors.push(row_error(
                row,
                Some("Number"),
                format!("{e}: add new project items in the project tree, not by import"),
            ));
        }
        let title = v.title.clone().unwrap_or_default();
        if title.is_empty() {
            errors.push(row_error(row, Some("Title"), "a new item needs a title"));
        }
        for field in self.space.fields.iter().filter(|f| f.required) {
            if !v.fields.contains_key(&field.id) {
                errors.push(row_error(
                    row,
                    None,
                    format!(
                        "the column {} is required for new items",
                        field_header(field)
                    ),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let item = CreateItem {
            kind: None,
            parent_id: None,
            title,
            description: v.description.unwrap_or_default(),
            status_id: v.status.flatten(),
            assignee_id: v.assignee.flatten(),
            start: v.start.flatten(),
            due: v.due.flatten(),
            days_estimated: v.days_estimated.flatten(),
            days_taken: v.days_taken.flatten(),
            progress: v.progress,
            fields: v
                .fields
                .into_iter()
                .filter_map(|(id, value)| value.map(|value| (id, value)))
                .collect(),
        };
        Ok(RowAction::Create {
            row,
            item,
            archived: v.archived == Some(true),
        })
    }

    fn change(
        &self,
        row: usize,
        item: &Item,
        v: RowValues,
    ) -> Result<RowAction, Vec<ImportRowError>> {
        let mut errors = Vec::new();
        let mut change = UpdateItem::default();
        if let Some(title) = v.title {
            if title.is_empty() {
                errors.push(row_error(row, Some("Title"), "an item needs a title"));
            } else if title != item.title {
                change.title = Some(title);
            }
        }
        if let Some(description) = v.description
            && description != item.description
        {
            change.description = Some(description);
        }
        match v.status {
            Some(None) if item.status_id.is_some() => {
                errors.push(row_error(row, Some("Status"), "an item needs a status"));
            }
            Some(Some(status)) if item.status_id != Some(status) => {
                change.status_id = Some(status);
            }
            _ => {}
        }
        change.assignee_id = differs(v.assignee, item.assignee_id);
        change.start = differs(v.start, item.start);
        change.due = differs(v.due, item.due);
        change.days_estimated = differs(v.days_estimated, item.days_estimated);
        change.days_taken = differs(v.days_taken, item.days_taken);
        change.progress = v.progress.filter(|p| *p != item.progress);
        change.archived = v.archived.filter(|a| *a != item.archived_at.is_some());
        for (id, value) in v.fields {
            let field = self.space.fields.iter().find(|f| f.id == id);
            let old = item.fields.get(&id);
            if field.is_some_and(|f| !same_value(f, old, value.as_ref())) {
                change.fields.insert(id, value.unwrap_or(Value::Null));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        if change_is_empty(&change) {
            Ok(RowAction::Unchanged { row })
        } else {
            Ok(RowAction::Update {
                row,
                id: item.id,
                version: item.version,
                change,
            })
        }
    }
}

/// `Some(new)` when a present column's value differs from the item's.
fn differs<T: PartialEq>(given: Option<Option<T>>, current: Option<T>) -> Option<Option<T>> {
    given.filter(|g| *g != current)
}

fn change_is_empty(c: &UpdateItem) -> bool {
    c.title.is_none()
        && c.description.is_none()
        && c.status_id.is_none()
        && c.assignee_id.is_none()
        && c.start.is_none()
        && c.due.is_none()
        && c.days_estimated.is_none()
        && c.days_taken.is_none()
        && c.progress.is_none()
        && c.archived.is_none()
        && c.fields.is_empty()
}

/// Whether two stored values of a field say the same (numbers compare as numbers: 4 and 4.0 agree).
fn same_value(field: &FieldDefinition, old: Option<&Value>, new: Option<&Value>) -> bool {
    match (old, new) {
        (None, None) => true,
        (Some(a), Some(b)) if field.kind == FieldKind::Number => {
            a.as_f64().is_some() && a.as_f64() == b.as_f64()
        }
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

fn number(cell: &str) -> Option<f64> {
    cell.parse::<f64>().ok().filter(|n| n.is_finite())
}

fn whole_number(cell: &str) -> Option<i64> {
    number(cell)
        .filter(|n| n.fract() == 0.0 && *n >= 1.0 && *n < 1e15)
        .map(|n| n as i64)
}

fn date(cell: &str) -> Result<Option<NaiveDate>, String> {
    if cell.is_empty() {
        return Ok(None);
    }
    crate::dates::parse_day(cell).map(Some).ok_or_else(|| {
        format!("`{cell}` is not a date; use YYYY-MM-DD with a year from 1900 to 2999")
    })
}

fn days(cell: &str) -> Result<Option<f64>, String> {
    if cell.is_empty() {
        return Ok(None);
    }
    number(cell)
        .filter(|d| (0.0..=100_000.0).contains(d))
        .map(Some)
        .ok_or_else(|| "must be a number of days, 0 or more".into())
}
