//! The SoA as a table of cells, as the CSV and XLSX exports lay it out: one row per control.

use super::soa::{ControlRelations, RelatedRecord, SoaEntry};
use crate::work::exchange::{Cell, Sheet};
use std::collections::HashMap;

/// The export's columns, in order.
pub const COLUMNS: [&str; 12] = [
    "Control",
    "Title",
    "Theme",
    "Applicable",
    "Reasons",
    "Justification",
    "Implementation status",
    "Owner",
    "Evidence",
    "Related risks",
    "Open actions",
    "Last reviewed",
];

fn titles(records: &[&RelatedRecord]) -> String {
    records
        .iter()
        .map(|r| match &r.url {
            Some(url) => format!("{} <{url}>", r.title),
            None => r.title.clone(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// One row of the export.
pub fn row(entry: &SoaEntry, relations: Option<&ControlRelations>) -> Vec<Cell> {
    let empty = ControlRelations::default();
    let rel = relations.unwrap_or(&empty);
    let evidence: Vec<&RelatedRecord> = rel
        .policies
        .iter()
        .chain(&rel.records)
        .chain(&rel.documents)
        .collect();
    let text = |s: String| Cell::Text(s);
    vec![
        text(entry.reference.clone()),
        text(entry.title.clone()),
        text(format!("{} {}", entry.theme, entry.theme_title)),
        text(if entry.applicable { "Yes" } else { "No" }.into()),
        text(
            entry
                .reasons
                .iter()
                .map(|r| r.label())
                .collect::<Vec<_>>()
                .join("; "),
        ),
        text(entry.justification.clone()),
        text(entry.implementation_status.label().into()),
        text(entry.owner_name.clone().unwrap_or_default()),
        text(titles(&evidence)),
        text(titles(&rel.risks.iter().collect::<Vec<_>>())),
        text(titles(&rel.open_actions.iter().collect::<Vec<_>>())),
        text(
            entry
                .last_reviewed
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
        ),
    ]
}

/// The whole SoA, or one theme of it, as a sheet.
pub fn sheet<'a>(
    entries: impl IntoIterator<Item = &'a SoaEntry>,
    relations: &HashMap<uuid::Uuid, ControlRelations>,
) -> Sheet {
    Sheet {
        header: COLUMNS.iter().map(|c| c.to_string()).collect(),
        rows: entries
            .into_iter()
            .map(|e| row(e, relations.get(&e.item_id)))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frameworks::soa::{ImplementationStatus, Reason};
    use uuid::Uuid;

    #[test]
    fn a_row_names_evidence_risks_and_actions_by_title() {
        let id = Uuid::nil();
        let entry = SoaEntry {
            item_id: id,
            space_id: id,
            number: 9,
            framework_id: "iso27001-2022".into(),
            reference: "A.5.15".into(),
            title: "Access control".into(),
            theme: "A.5".into(),
            theme_title: "Organizational controls".into(),
            applicable: true,
            reasons: vec![Reason::RiskAssessment, Reason::Contractual],
            justification: String::new(),
            implementation_status: ImplementationStatus::Partial,
            owner_id: None,
            owner_name: Some("Ada".into()),
            progress: 50.0,
            last_reviewed: chrono::NaiveDate::from_ymd_opt(2026, 11, 30),
            implementation_text: String::new(),
            policies: 1,
            documents: 1,
            risks: 1,
            open_actions: 0,
            records: 0,
            version: 3,
        };
        let record = |title: &str, url: Option<&str>| RelatedRecord {
            item_id: None,
            title: title.into(),
            url: url.map(str::to_string),
        };
        let rel = ControlRelations {
            policies: vec![record("4 - Access policy", None)],
            documents: vec![record("Matrix", Some("https://docs.example/m"))],
            risks: vec![record("2 - Stolen laptop", None)],
            open_actions: vec![],
            records: vec![],
        };
        let cells: Vec<String> = row(&entry, Some(&rel)).iter().map(Cell::text).collect();
        assert_eq!(
            cells,
            [
                "A.5.15",
                "Access control",
                "A.5 Organizational controls",
                "Yes",
                "Risk assessment; Contractual",
                "",
                "Partially implemented",
                "Ada",
                "4 - Access policy\nMatrix <https://docs.example/m>",
                "2 - Stolen laptop",
                "",
                "2026-11-30"
            ]
        );
        assert_eq!(sheet([&entry], &HashMap::new()).rows[0][8].text(), "");
    }
}
