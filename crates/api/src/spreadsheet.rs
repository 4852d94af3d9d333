//! CSV and XLSX files to and from plain sheets of cells: the only place that knows the formats.
//!
//! Written CSV starts with a UTF-8 byte-order mark so spreadsheet programs read accents right;
//! written workbooks have a bold, frozen header row and columns sized to their contents. Reading
//! turns every cell into text the way the export wrote it (whole numbers without a decimal point,
//! dates as YYYY-MM-DD), so an exported file reads back exactly.
//!
//! An uploaded file is hostile: before a workbook is parsed its archive is checked against
//! [`Limits`] (entries, uncompressed bytes, shared strings), and cells are read one by one as a
//! stream, so neither a zip bomb nor a sheet that claims a million rows can make the reader
//! allocate more than the limits allow. Nothing in a file is trusted to size an allocation.

use crate::error::ApiError;
use annex_domain::work::exchange::{Cell, ExchangeFormat, Sheet, number_text};
use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use std::io::{Cursor, Read};

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

/// How much of an uploaded file is read: past these it is refused before it is parsed further.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Rows, the header row included.
    pub rows: usize,
    /// Columns of any row.
    pub columns: usize,
    /// Bytes a workbook's archive may hold once decompressed (all its parts together).
    pub unpacked_bytes: u64,
    /// Parts (files) in a workbook's archive.
    pub entries: usize,
    /// Distinct strings a workbook's shared-string table may declare.
    pub shared_strings: usize,
}

impl Limits {
    /// The limits of an import of at most `rows` data rows.
    pub const fn for_rows(rows: usize) -> Limits {
        Limits {
            rows: rows + 1,
            columns: 256,
            unpacked_bytes: 128 * 1024 * 1024,
            entries: 256,
            shared_strings: 1_000_000,
        }
    }
}

/// The rows of an uploaded file, each cell as text; a file that is not of `format` is a 422, one
/// past `limits` a 413 (too big to unpack) or a 422 (too many rows or columns).
pub fn read(
    format: ExchangeFormat,
    bytes: &[u8],
    limits: Limits,
) -> Result<Vec<Vec<String>>, ApiError> {
    let rows = match format {
        ExchangeFormat::Csv => read_csv(bytes, limits)?,
        ExchangeFormat::Xlsx => read_xlsx(bytes, limits)?,
    };
    refuse_nul(&rows)?;
    Ok(rows)
}

/// Text with U+0000 cannot be stored by PostgreSQL, so no database gets it: the cell is named.
fn refuse_nul(rows: &[Vec<String>]) -> Result<(), ApiError> {
    for (r, row) in rows.iter().enumerate() {
        if let Some(c) = row.iter().position(|cell| cell.contains('\0')) {
            return Err(ApiError::Rule(format!(
                "row {}, column {}: the cell contains the NUL character (U+0000), which cannot be stored",
                r + 1,
                c + 1
            )));
        }
    }
    Ok(())
}

fn too_many_rows(limits: Limits) -> ApiError {
    ApiError::Rule(format!(
        "the file has more than {} rows; split it into files of at most {} rows (the header row included)",
        limits.rows - 1,
        limits.rows
    ))
}

fn too_many_columns(limits: Limits) -> ApiError {
    ApiError::Rule(format!("the file has more than {} columns", limits.columns))
}

fn write_csv(sheet: &Sheet) -> Result<Vec<u8>, ApiError> {
    let mut out = csv::Writer::from_writer(BOM.as_bytes().to_vec());
    let fault = |e: csv::Error| ApiError::Internal(e.to_string());
    out.write_record(&sheet.header).map_err(fault)?;
    for row in &sheet.rows {
        out.write_record(row.iter().map(|cell| match cell {
            Cell::Text(text) => neutralise(text),
            number => number.text(),
        }))
        .map_err(fault)?;
    }
    out.into_inner()
        .map_err(|e| ApiError::Internal(e.to_string()))
}

/// The first characters that make a spreadsheet program read a CSV cell as a formula (OWASP's
/// list), and the quote that marks a cell as text.
const FORMULA_STARTS: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\''];

/// Text that would start a formula is written behind a `'`, as OWASP recommends for CSV, so
/// opening an export never runs what someone typed into a title. Reading strips it again (see
/// [`restore`]), so an export reads back exactly. Workbooks need none of this: their cells are
/// typed, and a string cell is never a formula.
fn neutralise(text: &str) -> String {
    match text.starts_with(FORMULA_STARTS) {
        true => format!("'{text}"),
        false => text.to_owned(),
    }
}

/// The text [`neutralise`] wrote.
fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
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

fn read_csv(bytes: &[u8], limits: Limits) -> Result<Vec<Vec<String>>, ApiError> {
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
        if rows.len() == limits.rows {
            return Err(too_many_rows(limits));
        }
        if record.len() > limits.columns {
            return Err(too_many_columns(limits));
        }
        rows.push(record.iter().map(|cell| restore(cell).to_owned()).collect());
    }
    Ok(rows)
}

fn read_xlsx(bytes: &[u8], limits: Limits) -> Result<Vec<Vec<String>>, ApiError> {
    check_archive(bytes, limits)?;
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable("XLSX", e))?;
    let first = workbook
        .sheet_names()
        .into_iter()
        .next()
        .ok_or_else(|| unreadable("XLSX", "it has no sheet"))?;
    let mut cells = workbook
        .worksheet_cells_reader(&first)
        .map_err(|e| unreadable("XLSX", e))?;
    // Cells arrive one at a time with their position; only positions inside the limits are kept,
    // so a sheet whose last cell is XFD1048576 costs nothing before it is refused.
    let mut rows: Vec<Vec<String>> = Vec::new();
    while let Some(cell) = cells.next_cell().map_err(|e| unreadable("XLSX", e))? {
        let (row, col) = cell.get_position();
        let (row, col) = (row as usize, col as usize);
        if row >= limits.rows {
            return Err(too_many_rows(limits));
        }
        if col >= limits.columns {
            return Err(too_many_columns(limits));
        }
        let value = Data::from(cell.get_value().clone());
        let text = cell_text(&value).ok_or_else(|| {
            ApiError::Rule(format!(
                "row {}, column {}: the cell holds a spreadsheet error ({value})",
                row + 1,
                col + 1
            ))
        })?;
        if row >= rows.len() {
            rows.resize_with(row + 1, Vec::new);
        }
        let cells_of_row = &mut rows[row];
        if col >= cells_of_row.len() {
            cells_of_row.resize(col + 1, String::new());
        }
        cells_of_row[col] = text;
    }
    // A row that is empty in the file reads as an empty row, as a dense sheet would show it;
    // trailing empty cells are dropped as a workbook drops them.
    for row in &mut rows {
        while row.last().is_some_and(String::is_empty) {
            row.pop();
        }
    }
    while rows.last().is_some_and(Vec::is_empty) {
        rows.pop();
    }
    Ok(rows)
}

/// Checks a workbook's archive before any part of it is parsed: how many parts, how many bytes
/// they unpack to (by decompressing them, not by trusting the sizes the archive declares), and how
/// many shared strings it declares (the reader reserves room for that many up front).
fn check_archive(bytes: &[u8], limits: Limits) -> Result<(), ApiError> {
    let too_big = || {
        ApiError::PayloadTooLarge(format!(
            "the workbook unpacks to more than {} MB; save a smaller file",
            limits.unpacked_bytes / (1024 * 1024)
        ))
    };
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable("XLSX", e))?;
    if archive.len() > limits.entries {
        return Err(unreadable(
            "XLSX",
            format!("it has more than {} parts", limits.entries),
        ));
    }
    let mut budget = limits.unpacked_bytes;
    for index in 0..archive.len() {
        let mut part = archive.by_index(index).map_err(|e| unreadable("XLSX", e))?;
        let shared_strings = part
            .name()
            .map(|n| n.to_ascii_lowercase().ends_with("sharedstrings.xml"))
            .map_err(|e| unreadable("XLSX", e))?;
        let mut head = Vec::new();
        let mut limited = (&mut part).take(budget + 1);
        if shared_strings {
            (&mut limited)
                .take(4096)
                .read_to_end(&mut head)
                .map_err(|e| unreadable("XLSX", e))?;
        }
        let rest =
            std::io::copy(&mut limited, &mut std::io::sink()).map_err(|e| unreadable("XLSX", e))?;
        let read = head.len() as u64 + rest;
        if read > budget {
            return Err(too_big());
        }
        budget -= read;
        if shared_strings && declared_strings(&head).is_some_and(|n| n > limits.shared_strings) {
            return Err(unreadable(
                "XLSX",
                format!(
                    "it declares more than {} distinct texts",
                    limits.shared_strings
                ),
            ));
        }
    }
    Ok(())
}

/// The `uniqueCount` the shared-string table declares in its opening tag; `Some(usize::MAX)` for
/// a number too large to read.
fn declared_strings(head: &[u8]) -> Option<usize> {
    let text = String::from_utf8_lossy(head);
    let at = text.find("uniqueCount=")? + "uniqueCount=".len();
    let digits: String = text[at..]
        .chars()
        .skip(1)
        .take_while(char::is_ascii_digit)
        .collect();
    Some(digits.parse().unwrap_or(usize::MAX))
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
            let mut back = read(format, &bytes, Limits::for_rows(10)).unwrap();
            // A workbook drops trailing empty cells; a CSV keeps them.
            if format == ExchangeFormat::Xlsx {
                back[2].resize(3, String::new());
            }
            assert_eq!(back, as_text(&sheet()), "{format:?}");
        }
    }

    #[test]
    fn csv_cells_that_would_start_a_formula_are_written_as_text_and_read_back_exactly() {
        let titles = [
            "=HYPERLINK(\"http://x\")",
            "+1",
            "-2",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "'=quoted",
            "'plain",
            "plain",
        ];
        let sheet = Sheet {
            header: vec!["Title".into(), "Days".into()],
            rows: titles
                .iter()
                .map(|t| vec![Cell::Text((*t).into()), Cell::Number(-1.5)])
                .collect(),
        };
        let bytes = write(ExchangeFormat::Csv, &sheet).unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        for line in text.lines().skip(1).filter(|l| !l.is_empty()) {
            let first = line.trim_start_matches('"');
            assert!(
                !first.starts_with(['=', '+', '-', '@', '\t']),
                "a cell starts a formula: {line:?}"
            );
        }
        assert!(text.contains(",-1.5"), "numbers stay numbers: {text}");
        let back = read(ExchangeFormat::Csv, &bytes, Limits::for_rows(20)).unwrap();
        let read_titles: Vec<&str> = back[1..].iter().map(|r| r[0].as_str()).collect();
        assert_eq!(read_titles, titles);
    }

    /// A workbook whose only cells are A1 and XFD1048576: 1.5 KB that a dense reader would
    /// expand to 17 billion cells.
    fn far_corner_workbook() -> Vec<u8> {
        let mut workbook = Workbook::new();
        let page = workbook.add_worksheet();
        page.write_string(0, 0, "Title").unwrap();
        page.write_string(1_048_575, 16_383, "far").unwrap();
        workbook.save_to_buffer().unwrap()
    }

    fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, body) in parts {
            out.start_file(*name, options).unwrap();
            std::io::Write::write_all(&mut out, body).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn a_cell_in_the_far_corner_is_refused_without_reading_the_sheet_densely() {
        let file = far_corner_workbook();
        assert!(file.len() < 8 * 1024, "a small file: {} bytes", file.len());
        match read(ExchangeFormat::Xlsx, &file, Limits::for_rows(5_000)) {
            Err(ApiError::Rule(m)) => assert!(m.contains("more than 5000 rows"), "{m}"),
            other => panic!("expected a 422, got {other:?}"),
        }
    }

    #[test]
    fn a_zip_bomb_is_refused_by_what_it_unpacks_to_not_what_it_claims() {
        let zeros = vec![b' '; 3 * 1024 * 1024];
        let bomb = zip_of(&[("xl/worksheets/sheet1.xml", &zeros)]);
        assert!(
            bomb.len() < 64 * 1024,
            "compresses well: {} bytes",
            bomb.len()
        );
        let limits = Limits {
            unpacked_bytes: 1024 * 1024,
            ..Limits::for_rows(10)
        };
        assert!(matches!(
            read(ExchangeFormat::Xlsx, &bomb, limits),
            Err(ApiError::PayloadTooLarge(_))
        ));
    }

    #[test]
    fn a_shared_string_table_that_claims_too_many_strings_is_refused() {
        for count in ["99999999999999", "99999999999999999999999999"] {
            let sst = format!(
                r#"<?xml version="1.0"?><sst xmlns="x" count="1" uniqueCount="{count}"><si><t>a</t></si></sst>"#
            );
            let file = zip_of(&[("xl/sharedStrings.xml", sst.as_bytes())]);
            match read(ExchangeFormat::Xlsx, &file, Limits::for_rows(10)) {
                Err(ApiError::Rule(m)) => assert!(m.contains("distinct texts"), "{m}"),
                other => panic!("expected a 422, got {other:?}"),
            }
        }
    }

    #[test]
    fn rows_and_columns_past_the_limits_are_refused_in_csv_too() {
        let rows = "Title\n".to_owned() + &"x\n".repeat(11);
        assert!(matches!(
            read(ExchangeFormat::Csv, rows.as_bytes(), Limits::for_rows(10)),
            Err(ApiError::Rule(_))
        ));
        let wide = vec!["c"; 300].join(",");
        assert!(matches!(
            read(ExchangeFormat::Csv, wide.as_bytes(), Limits::for_rows(10)),
            Err(ApiError::Rule(_))
        ));
        assert!(read(ExchangeFormat::Csv, b"Title\nx\n", Limits::for_rows(1)).is_ok());
    }

    #[test]
    fn a_cell_with_nul_is_refused_naming_row_and_column() {
        match read(
            ExchangeFormat::Csv,
            b"Title,Note\nok,a\0b\n",
            Limits::for_rows(10),
        ) {
            Err(ApiError::Rule(m)) => assert!(m.starts_with("row 2, column 2"), "{m}"),
            other => panic!("expected a 422, got {other:?}"),
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
            read(
                ExchangeFormat::Xlsx,
                b"Number,Title\n1,x\n",
                Limits::for_rows(10)
            ),
            Err(ApiError::Rule(_))
        ));
        assert!(matches!(
            read(
                ExchangeFormat::Csv,
                &[0xff, 0xfe, 0x00, b'a', b'\n'],
                Limits::for_rows(10)
            ),
            Err(ApiError::Rule(_))
        ));
    }
}
