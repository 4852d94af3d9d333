//! The risk register as a spreadsheet: the export's columns and rows, and reading an edited file
//! back as new readings — each changed likelihood and impact pair of a row is a reading to record.

use super::register::{ReadingKind, RecordReading, RiskSummary};
use crate::work::exchange::{Cell, ImportRowError, Sheet};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The export's columns, in order. Import reads `Number`, the likelihood and impact columns and
/// `Note`; the others are computed and ignored on the way back.
pub const COLUMNS: [&str; 20] = [
    "Number",
    "Title",
    "Status",
    "Owner",
    "Review due",
    "Controls",
    "Above appetite",
    "Original likelihood",
    "Original impact",
    "Original score",
    "Original level",
    "Current likelihood",
    "Current impact",
    "Current score",
    "Current level",
    "Target likelihood",
    "Target impact",
    "Target score",
    "Target level",
    "Note",
];

const KINDS: [ReadingKind; 3] = [
    ReadingKind::Original,
    ReadingKind::Current,
    ReadingKind::Target,
];

fn title(kind: ReadingKind) -> &'static str {
    match kind {
        ReadingKind::Original => "Original",
        ReadingKind::Current => "Current",
        ReadingKind::Target => "Target",
    }
}

/// The register as a sheet, one row per risk.
pub fn sheet(risks: &[RiskSummary]) -> Sheet {
    let text = |s: &str| Cell::Text(s.to_owned());
    let rows = risks
        .iter()
        .map(|risk| {
            let mut row = vec![
                Cell::Number(risk.number as f64),
                text(&risk.title),
                text(risk.status.as_deref().unwrap_or_default()),
                text(risk.owner_name.as_deref().unwrap_or_default()),
                text(&risk.review_due.map(|d| d.to_string()).unwrap_or_default()),
                Cell::Number(risk.controls as f64),
                text(if risk.above_appetite { "yes" } else { "no" }),
            ];
            for kind in KINDS {
                let reading = match kind {
                    ReadingKind::Original => risk.original.as_ref(),
                    ReadingKind::Current => risk.current.as_ref(),
                    ReadingKind::Target => risk.target.as_ref(),
                };
                let number = |n: Option<f64>| n.map(Cell::Number).unwrap_or(text(""));
                let assessment = reading.and_then(|r| r.assessment.as_ref());
                row.extend([
                    number(reading.map(|r| f64::from(r.likelihood))),
                    number(reading.map(|r| f64::from(r.impact))),
                    number(assessment.map(|a| f64::from(a.score))),
                    text(assessment.map(|a| a.level.as_str()).unwrap_or_default()),
                ]);
            }
            row.push(text(""));
            row
        })
        .collect();
    Sheet {
        header: COLUMNS.iter().map(|c| (*c).to_owned()).collect(),
        rows,
    }
}

/// A row of an imported file: the risk by number and the readings it gives, each a likelihood and
/// an impact pair (a pair left empty gives none).
#[derive(Debug, Clone)]
pub struct ImportRow {
    /// 1-based row number in the file, the header being row 1.
    pub row: usize,
    pub number: i64,
    pub readings: Vec<RecordReading>,
}

/// What a readings import did (or, on a dry run, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RiskImportReport {
    pub dry_run: bool,
    /// Readings recorded (or that would be).
    pub recorded: usize,
    /// Rows whose readings equal the risk's latest ones.
    pub unchanged: usize,
    pub errors: Vec<ImportRowError>,
}

/// A refused readings import: the problem and the report listing every bad row and cell.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RiskImportRejected {
    #[serde(flatten)]
    pub problem: crate::Problem,
    /// Absent when the request was refused before any row was read (e.g. a bad parameter).
    #[serde(default)]
    pub report: RiskImportReport,
}

fn error(row: usize, column: Option<&str>, message: impl Into<String>) -> ImportRowError {
    ImportRowError {
        row,
        column: column.map(str::to_owned),
        message: message.into(),
    }
}

/// Reads the rows of a file: a header naming export columns (unknown ones are refused, `Number`
/// is required), then rows. Scale checks belong to the matrix and are the caller's; here a value
/// must be a whole number from 1 and a pair must be whole.
pub fn parse(rows: &[Vec<String>]) -> Result<Vec<ImportRow>, Vec<ImportRowError>> {
    let Some((header, body)) = rows.split_first() else {
        return Err(vec![error(1, None, "the file is empty")]);
    };
    let mut at: HashMap<&str, usize> = HashMap::new();
    let mut errors = Vec::new();
    for (i, name) in header.iter().enumerate() {
        let name = name.trim().trim_start_matches('\u{feff}');
        match COLUMNS.iter().find(|c| c.eq_ignore_ascii_case(name)) {
            Some(column) => {
                at.insert(column, i);
            }
            None if name.is_empty() => {}
            None => errors.push(error(1, Some(name), "not a column of the risk register")),
        }
    }
    if !at.contains_key("Number") {
        errors.push(error(1, Some("Number"), "the file needs a Number column"));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut parsed = Vec::new();
    for (index, cells) in body.iter().enumerate() {
        let row = index + 2;
        let cell = |column: &str| {
            at.get(column)
                .and_then(|&i| cells.get(i))
                .map(|s| s.trim())
                .unwrap_or_default()
        };
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let number = match cell("Number").parse::<i64>() {
            Ok(n) if n > 0 => n,
            _ => {
                errors.push(error(row, Some("Number"), "must be a risk's number"));
                continue;
            }
        };
        let mut readings = Vec::new();
        for kind in KINDS {
            let l_col = format!("{} likelihood", title(kind));
            let i_col = format!("{} impact", title(kind));
            let value = |column: &str| -> Result<Option<u8>, ImportRowError> {
                let text = cell(column);
                if text.is_empty() {
                    return Ok(None);
                }
                match text.parse::<u8>() {
                    Ok(v) if v >= 1 => Ok(Some(v)),
                    _ => Err(error(row, Some(column), "must be a whole number from 1")),
                }
            };
            match (value(&l_col), value(&i_col)) {
                (Ok(Some(likelihood)), Ok(Some(impact))) => readings.push(RecordReading {
                    kind,
                    likelihood,
                    impact: Some(impact),
                    note: cell("Note").to_owned(),
                    ..RecordReading::default()
                }),
                (Ok(None), Ok(None)) => {}
                (Ok(Some(_)), Ok(None)) => errors.push(error(
                    row,
                    Some(&i_col),
                    "give the impact with the likelihood",
                )),
                (Ok(None), Ok(Some(_))) => errors.push(error(
                    row,
                    Some(&l_col),
                    "give the likelihood with the impact",
                )),
                (l, i) => errors.extend([l.err(), i.err()].into_iter().flatten()),
            }
        }
        parsed.push(ImportRow {
            row,
            number,
            readings,
        });
    }
    if errors.is_empty() {
        Ok(parsed)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(lines: &[&[&str]]) -> Vec<Vec<String>> {
        lines
            .iter()
            .map(|l| l.iter().map(|c| (*c).to_owned()).collect())
            .collect()
    }

    #[test]
    fn an_exported_row_reads_back_as_its_readings() {
        let file = rows(&[
            &COLUMNS,
            &[
                "7",
                "Ransomware",
                "Open",
                "Ann",
                "",
                "2",
                "yes",
                "4",
                "5",
                "20",
                "Very high",
                "3",
                "4",
                "12",
                "High",
                "",
                "",
                "",
                "",
                "after backups",
            ],
        ]);
        let parsed = parse(&file).expect("parses");
        assert_eq!(parsed.len(), 1);
        assert_eq!((parsed[0].row, parsed[0].number), (2, 7));
        let pairs: Vec<_> = parsed[0]
            .readings
            .iter()
            .map(|r| (r.kind, r.likelihood, r.impact, r.note.as_str()))
            .collect();
        assert_eq!(
            pairs,
            vec![
                (ReadingKind::Original, 4, Some(5), "after backups"),
                (ReadingKind::Current, 3, Some(4), "after backups"),
            ]
        );
    }

    #[test]
    fn bad_cells_and_columns_are_each_reported() {
        let unknown = parse(&rows(&[&["Number", "Risk score"]])).unwrap_err();
        assert_eq!(unknown[0].column.as_deref(), Some("Risk score"));
        let no_number = parse(&rows(&[&["Title"]])).unwrap_err();
        assert_eq!(no_number[0].column.as_deref(), Some("Number"));
        let errors = parse(&rows(&[
            &[
                "Number",
                "Current likelihood",
                "Current impact",
                "Target likelihood",
            ],
            &["x", "1", "1", ""],
            &["3", "0", "2", ""],
            &["4", "", "", "2"],
            &["", "", "", ""],
        ]))
        .unwrap_err();
        let found: Vec<_> = errors
            .iter()
            .map(|e| (e.row, e.column.clone().unwrap_or_default()))
            .collect();
        assert_eq!(
            found,
            vec![
                (2, "Number".to_owned()),
                (3, "Current likelihood".to_owned()),
                (4, "Target impact".to_owned()),
            ]
        );
    }
}
