//! The SoA as a workbook formatted for printing: a summary sheet (coverage by theme), then a
//! sheet per theme with a frozen header row repeated on every printed page, fixed column widths,
//! wrapped text, landscape, fitted to the page width.

use annex_domain::frameworks::soa::{ControlRelations, Soa, SoaCoverage};
use annex_domain::frameworks::soa_sheet::{self, COLUMNS};
use annex_domain::work::exchange::Cell;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use std::collections::HashMap;
use uuid::Uuid;

/// Column widths in characters, in the order of [`COLUMNS`].
const WIDTHS: [f64; 12] = [
    9.0, 30.0, 18.0, 10.0, 20.0, 30.0, 16.0, 16.0, 36.0, 28.0, 28.0, 12.0,
];

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(theme: &str, title: &str) -> String {
    let name: String = format!("{theme} {title}")
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .collect();
    name.chars().take(31).collect()
}

fn print_layout(page: &mut Worksheet, header_rows: u32) -> Result<(), XlsxError> {
    page.set_landscape();
    page.set_paper_size(9); // A4
    page.set_print_fit_to_pages(1, 0);
    page.set_repeat_rows(0, header_rows - 1)?;
    page.set_freeze_panes(header_rows, 0)?;
    Ok(())
}

/// The workbook's bytes.
pub fn write(
    soa: &Soa,
    coverage: &SoaCoverage,
    relations: &HashMap<Uuid, ControlRelations>,
    organisation: &str,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color("#DDE3EA")
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top);
    let cell = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let title = Format::new().set_bold().set_font_size(14);
    let percent = Format::new()
        .set_num_format("0.0\"%\"")
        .set_border(FormatBorder::Thin);
    let number = Format::new().set_border(FormatBorder::Thin);

    let summary = workbook.add_worksheet();
    summary.set_name("Summary")?;
    summary.write_string_with_format(
        0,
        0,
        format!(
            "{organisation} — Statement of Applicability ({})",
            soa.framework_name
        ),
        &title,
    )?;
    let heads = [
        "Theme",
        "Controls",
        "Applicable",
        "Implemented",
        "Partially implemented",
        "Not started",
        "Implemented %",
    ];
    for (col, h) in (0u16..).zip(heads) {
        summary.write_string_with_format(2, col, h, &header)?;
    }
    let lines = coverage
        .themes
        .iter()
        .chain(std::iter::once(&coverage.overall));
    for (row, c) in (3u32..).zip(lines) {
        let name = if c.theme == "all" {
            "All controls".to_string()
        } else {
            format!("{} {}", c.theme, c.title)
        };
        summary.write_string_with_format(row, 0, name, &cell)?;
        for (col, n) in (1u16..).zip([
            c.controls,
            c.applicable,
            c.implemented,
            c.partial,
            c.not_started,
        ]) {
            summary.write_number_with_format(row, col, n as f64, &number)?;
        }
        summary.write_number_with_format(row, 6, c.implemented_percent, &percent)?;
    }
    summary.set_column_width(0, 36)?;
    for col in 1..7u16 {
        summary.set_column_width(col, 14)?;
    }
    summary.set_landscape();
    summary.set_print_fit_to_pages(1, 0);

    for theme in &coverage.themes {
        let page = workbook.add_worksheet();
        page.set_name(sheet_name(&theme.theme, &theme.title))?;
        for (col, (h, w)) in (0u16..).zip(COLUMNS.iter().zip(WIDTHS)) {
            page.write_string_with_format(0, col, *h, &header)?;
            page.set_column_width(col, w)?;
        }
        let entries = soa.data.iter().filter(|e| e.theme == theme.theme);
        let sheet = soa_sheet::sheet(entries, relations);
        for (row, cells) in (1u32..).zip(&sheet.rows) {
            for (col, value) in (0u16..).zip(cells) {
                match value {
                    Cell::Number(n) => page.write_number_with_format(row, col, *n, &cell)?,
                    Cell::Text(s) => page.write_string_with_format(row, col, s, &cell)?,
                };
            }
        }
        page.autofilter(0, 0, sheet.rows.len() as u32, COLUMNS.len() as u16 - 1)?;
        print_layout(page, 1)?;
    }
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_short_and_clean() {
        assert_eq!(
            sheet_name("A.5", "Organizational controls"),
            "A.5 Organizational controls"
        );
        assert_eq!(
            sheet_name("A.18", "Compliance: legal/contractual [x]"),
            "A.18 Compliance legalcontractua"
        );
    }
}
