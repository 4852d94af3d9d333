//! CSV and XLSX files to and from plain sheets of cells: the only place that knows the formats.
//!
//! Written CSV starts with a UTF-8 byte-order mark so spreadsheet programs read accents right;
//! written workbooks have a bold, frozen header row and columns sized to their contents. Reading
//! turns every cell into text the way the export wrote it (whole numbers without a decimal point,
//! dates as YYYY-MM-DD), so an exported file reads back exactly.

use crate::error::ApiError;
use annex_domain::work::exchange::{Cell, ExchangeFormat, Sheet, number_text};
use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use std::io::Cursor;

/// The byte-order mark that tells spreadsheet programs a CSV file is UTF-8.
const BOM: &str = "\u{feff}";
/// The widest a workbook column is made, in characters.
const MAX_WIDTH: usize = 60;

/// The sheet as a file of `format`.
pub fn write(format: ExchangeFormat, sheet: &Sheet) -> Result<Vec<u8>, ApiError> {
    match format {
        ExchangeFormat::Csv => write_csv(sheet),
        ExchangeFormat::Xlsx => write_xlsx(sheet).map_err(|e| ApiError::Internal(e.to_string())),
    }
}

/// The rows of an uploaded file, each cell as text; a file that is not of `format` is a 422.
pub fn read(format: ExchangeFormat, bytes: &[u8]) -> Result<Vec<Vec<String>>, ApiError> {
    match format {
        ExchangeFormat::Csv => read_csv(bytes),
        ExchangeFormat::Xlsx => read_xlsx(bytes),
    }
}

fn write_csv(sheet: &Sheet) -> Result<Vec<u8>, ApiError> {
    let mut out = csv::Writer::from_writer(BOM.as_bytes().to_vec());
    let fault = |e: csv::Error| ApiError::Internal(e.to_string());
    out.write_record(&sheet.header).map_err(fault)?;
    for row in &sheet.rows {
        out.write_record(row.iter().map(Cell::text))
            .map_err(fault)?;
    }
    out.into_inner()
        .map_err(|e| ApiError::Internal(e.to_string()))
}

fn write_xlsx(sheet: &Sheet) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let page = workbook.add_worksheet();
    page.set_name("Items")?;
    let bold = Format::new().set_bold();
    let mut widths: Vec<usize> = sheet.header.iter().map(|h| h.chars().count()).collect();
    for (col, name) in (0u16..).zip(&sheet.header) {
        page.write_string_with_format(0, col, name, &bold)?;
    }
    for (row, cells) in (1u32..).zip(&sheet.rows) {
        for (col, cell) in (0u16..).zip(cells) {
            match cell {
                Cell::Number(n) => {
                    page.write_number(row, col, *n)?;
                }
                Cell::Text(s) if s.is_empty() => {}
                Cell::Text(s) => {
                    page.write_string(row, col, s)?;
                }
            }
            let width = cell
                .text()
                .lines()
                .map(|l| l.chars().count())
                .max()
                .unwrap_or(0);
            if let Some(w) = widths.get_mut(usize::from(col)) {
                *w = (*w).max(width);
            }
        }
    }
    for (col, width) in (0u16..).zip(widths) {
        page.set_column_width(col, (width.clamp(8, MAX_WIDTH) + 2) as f64)?;
    }
    page.set_freeze_panes(1, 0)?;
    workbook.save_to_buffer()
}

fn unreadable(format: &str, why: impl std::fmt::Display) -> ApiError {
    ApiError::Rule(format!("the file is not a readable {format} file: {why}"))
}

fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, ApiError> {
    let bytes = bytes.strip_prefix(BOM.as_bytes()).unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| match e.kind() {
            csv::ErrorKind::Utf8 { .. } => {
                unreadable("CSV", "it is not UTF-8 text; save it as \"CSV UTF-8\"")
            }
            _ => unreadable("CSV", e),
        })?;
        rows.push(record.iter().map(str::to_owned).collect());
    }
    Ok(rows)
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, ApiError> {
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable("XLSX", e))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| unreadable("XLSX", "it has no sheet"))?
        .map_err(|e| unreadable("XLSX", e))?;
    let mut rows = Vec::new();
    for (index, row) in range.rows().enumerate() {
        let cells = row
            .iter()
            .enumerate()
            .map(|(col, cell)| {
                cell_text(cell).ok_or_else(|| {
                    ApiError::Rule(format!(
                        "row {}, column {}: the cell holds a spreadsheet error ({cell})",
                        index + 1,
                        col + 1
                    ))
                })
            })
            .collect::<Result<Vec<String>, ApiError>>()?;
        rows.push(cells);
    }
    Ok(rows)
}

/// A workbook cell as the text an export would have written; `None` for error cells (#N/A…).
fn cell_text(cell: &Data) -> Option<String> {
    Some(match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Float(f) => number_text(*f),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(at) if at.time() == chrono::NaiveTime::MIN => at.format("%Y-%m-%d").to_string(),
            Some(at) => at.format("%Y-%m-%d %H:%M").to_string(),
            None => dt.as_f64().to_string(),
        },
        Data::Error(_) => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet() -> Sheet {
        Sheet {
            header: vec!["Number".into(), "Title".into(), "Days estimated".into()],
            rows: vec![
                vec![
                    Cell::Number(1.0),
                    Cell::Text("Policy, \"quoted\"\nsecond line — ünïcode".into()),
                    Cell::Number(2.5),
                ],
                vec![
                    Cell::Number(2.0),
                    Cell::Text("Plain".into()),
                    Cell::Text(String::new()),
                ],
            ],
        }
    }

    fn as_text(sheet: &Sheet) -> Vec<Vec<String>> {
        let mut rows = vec![sheet.header.clone()];
        rows.extend(
            sheet
                .rows
                .iter()
                .map(|r| r.iter().map(Cell::text).collect()),
        );
        rows
    }

    #[test]
    fn csv_and_xlsx_read_back_what_they_wrote() {
        for format in [ExchangeFormat::Csv, ExchangeFormat::Xlsx] {
            let bytes = write(format, &sheet()).unwrap();
            let mut back = read(format, &bytes).unwrap();
            // A workbook drops trailing empty cells; a CSV keeps them.
            if format == ExchangeFormat::Xlsx {
                back[2].resize(3, String::new());
            }
            assert_eq!(back, as_text(&sheet()), "{format:?}");
        }
    }

    #[test]
    fn csv_starts_with_a_byte_order_mark() {
        let bytes = write(ExchangeFormat::Csv, &sheet()).unwrap();
        assert!(bytes.starts_with(BOM.as_bytes()));
    }

    #[test]
    fn files_of_another_format_are_refused_not_panicked_on() {
        assert!(matches!(
            read(ExchangeFormat::Xlsx, b"Number,Title\n1,x\n"),
            Err(ApiError::Rule(_))
        ));
        assert!(matches!(
            read(ExchangeFormat::Csv, &[0xff, 0xfe, 0x00, b'a', b'\n']),
            Err(ApiError::Rule(_))
        ));
    }
}
