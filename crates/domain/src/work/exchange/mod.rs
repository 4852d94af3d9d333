//! Spreadsheet export and import of a space: the columns a sheet has, how each item becomes a row,
//! and how each row of an uploaded sheet becomes a new item, a change, or nothing at all.
//!
//! The file formats themselves (CSV, XLSX) are read and written by the server; here a sheet is
//! plain rows of cells, so the rules are pure and the same for both formats. Rows are numbered as a
//! spreadsheet shows them: the header is row 1, the first item row 2.

mod export;
mod import;
#[cfg(test)]
mod tests;

pub use export::export_sheet;
pub use import::{ImportPlan, RowAction, plan_import};

use super::fields::FieldDefinition;
use serde::{Deserialize, Serialize};

/// The file formats a space exports to and imports from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum ExchangeFormat {
    /// Comma-separated values, UTF-8, one header row.
    Csv,
    /// An Excel workbook; the first sheet is read and written.
    Xlsx,
}

impl ExchangeFormat {
    /// The file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExchangeFormat::Csv => "csv",
            ExchangeFormat::Xlsx => "xlsx",
        }
    }

    /// The media type of the file.
    pub fn content_type(self) -> &'static str {
        match self {
            ExchangeFormat::Csv => "text/csv; charset=utf-8",
            ExchangeFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        }
    }
}

/// The most rows (besides the header) one import of items takes: a larger file is refused, and is
/// imported as several files. It bounds how long one import holds the database's write lock.
pub const MAX_IMPORT_ROWS: usize = 5_000;

/// Query of `GET /spaces/{id}/export`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct ExportParams {
    /// `csv` or `xlsx`.
    pub format: ExchangeFormat,
}

/// Query of `POST /spaces/{id}/import`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct ImportParams {
    /// `csv` or `xlsx`: the format of the request body.
    pub format: ExchangeFormat,
    /// Check every row and report, writing nothing.
    #[serde(default)]
    pub dry_run: bool,
}

/// One thing wrong with an uploaded sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRowError {
    /// The spreadsheet row (the header is row 1).
    pub row: usize,
    /// The column's header, when one cell is at fault; absent when the whole row is.
    pub column: Option<String>,
    pub message: String,
}

/// What an import did, or would do on a dry run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    /// Nothing was written: a dry run.
    pub dry_run: bool,
    /// Rows without a number: new items.
    pub created: usize,
    /// Rows whose number names an item that they change.
    pub updated: usize,
    /// Rows that match their item exactly.
    pub unchanged: usize,
    /// Every bad row and cell; when there is any, nothing is written.
    pub errors: Vec<ImportRowError>,
}

/// A 422 answer to an import with bad rows: a problem document that also carries the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRejected {
    #[serde(flatten)]
    pub problem: crate::Problem,
    /// Absent when the request was refused before any row was read (e.g. a bad parameter).
    #[serde(default)]
    pub report: ImportReport,
}

/// One cell of an exported sheet: numbers stay numbers in a workbook.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
}

impl Cell {
    /// The cell as CSV and import read it: whole numbers without a decimal point.
    pub fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => number_text(*n),
        }
    }
}

/// A number as a sheet shows it: `3`, `2.5`.
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// An exported sheet: the header and one row per item.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// The columns every space has, in export order; custom fields follow.
pub const BUILT_IN_COLUMNS: [&str; 11] = [
    "Number",
    "Title",
    "Description",
    "Status",
    "Assignee",
    "Start",
    "Due",
    "Days estimated",
    "Days taken",
    "Progress",
    "Archived",
];

/// A custom field's column header: its name, unless that is a built-in column's name.
pub fn field_header(field: &FieldDefinition) -> String {
    let name = field.name.trim();
    if BUILT_IN_COLUMNS
        .iter()
        .any(|b| b.eq_ignore_ascii_case(name))
    {
        format!("{name} (custom)")
    } else {
        name.to_owned()
    }
}

/// A file name for an export: the space's name with only safe characters.
pub fn file_name(space_name: &str, format: ExchangeFormat) -> String {
    let mut stem: String = space_name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    while stem.contains("--") {
        stem = stem.replace("--", "-");
    }
    let stem = stem.trim_matches('-');
    let stem = if stem.is_empty() { "space" } else { stem };
    format!("{stem}.{}", format.extension())
}
