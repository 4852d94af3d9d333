//! The requirements of the selected register, grouped by section as the SoA table groups its
//! controls by theme: a header row per section with how its rows are evidenced, then one row per
//! requirement.

use crate::pages::frameworks::compliance_row::RequirementRow;
use annex_client::domain::frameworks::compliance::{ComplianceRow, EvidenceCoverage};
use leptos::prelude::*;
use std::collections::HashMap;

/// The columns of the table, for the section rows that span them.
const COLUMNS: usize = 6;

/// The rows of one section, in the framework's order.
#[derive(Debug, PartialEq)]
pub struct Section {
    /// "A.5", "8", "Chapter IV".
    pub theme: String,
    pub rows: Vec<ComplianceRow>,
}

/// Groups rows (already in the framework's order) by section.
pub fn by_section(rows: Vec<ComplianceRow>) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    for row in rows {
        match sections.last_mut() {
            Some(s) if s.theme == row.theme => s.rows.push(row),
            _ => sections.push(Section {
                theme: row.theme.clone(),
                rows: vec![row],
            }),
        }
    }
    sections
}

/// The table.
#[component]
pub fn ComplianceTable(
    rows: Vec<ComplianceRow>,
    /// Section titles by reference, once loaded.
    titles: Signal<HashMap<String, String>>,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table soa-table compliance-table" data-testid="compliance-table">
                <thead>
                    <tr>
                        <th>"Requirement"</th>
                        <th>"Status"</th>
                        <th>"Owner"</th>
                        <th title="Records linked to the requirement and documents attached to it">"Own evidence"</th>
                        <th title="Corresponding requirements of the other registers, through the built-in crosswalks or a link someone made, with their evidence">"Also evidenced through"</th>
                        <th>"Evidence"</th>
                    </tr>
                </thead>
                {by_section(rows)
                    .into_iter()
                    .map(|s| view! { <SectionRows section=s titles=titles /> })
                    .collect_view()}
            </table>
        </div>
    }
}

/// A section's header row (reference, title, how its rows are evidenced) and its requirements.
#[component]
fn SectionRows(section: Section, titles: Signal<HashMap<String, String>>) -> impl IntoView {
    let theme = section.theme.clone();
    let heading = {
        let theme = theme.clone();
        move || {
            titles.with(|t| match t.get(&theme) {
                Some(title) => format!("{theme} {title}"),
                None => theme.clone(),
            })
        }
    };
    let of = |c: EvidenceCoverage| section.rows.iter().filter(|r| r.coverage == c).count();
    let summary = format!(
        "{} own · {} shared · {} none",
        of(EvidenceCoverage::Own),
        of(EvidenceCoverage::Shared),
        of(EvidenceCoverage::None)
    );
    let shown = crate::format::count(section.rows.len() as i64, "requirement", "requirements");
    view! {
        <tbody class="soa-group" data-testid="compliance-theme" data-theme=theme>
            <tr class="soa-theme-row">
                <td colspan=COLUMNS.to_string()>
                    <div class="soa-theme-head">
                        <span class="soa-theme-title">{heading}</span>
                        <span class="muted small">{shown}</span>
                        <span class="muted small compliance-theme-counts">{summary}</span>
                    </div>
                </td>
            </tr>
            {section
                .rows
                .into_iter()
                .map(|row| view! { <RequirementRow row=row /> })
                .collect_view()}
        </tbody>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn row(reference: &str, theme: &str) -> ComplianceRow {
        ComplianceRow {
            item_id: Uuid::nil(),
            reference: reference.into(),
            title: format!("Requirement {reference}"),
            theme: theme.into(),
            applicable: true,
            implementation_status: None,
            owner_name: None,
            evidence: Vec::new(),
            counterparts: Vec::new(),
            shared_evidence: 0,
            coverage: EvidenceCoverage::None,
        }
    }

    #[test]
    fn rows_group_by_section_in_the_order_they_come() {
        let sections = by_section(vec![
            row("9.1", "9"),
            row("9.2", "9"),
            row("A.5.1", "A.5"),
            row("A.5.2", "A.5"),
            row("A.6.1", "A.6"),
        ]);
        let shape: Vec<(&str, usize)> = sections
            .iter()
            .map(|s| (s.theme.as_str(), s.rows.len()))
            .collect();
        assert_eq!(shape, vec![("9", 2), ("A.5", 2), ("A.6", 1)]);
        assert!(by_section(Vec::new()).is_empty());
    }
}
