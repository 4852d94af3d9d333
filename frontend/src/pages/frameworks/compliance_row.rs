//! One requirement of the compliance table: its status and owner, its own evidence, the
//! corresponding requirements of the other registers that evidence it too, and where its evidence
//! comes from in the end.

use crate::components::soa::status_colour;
use crate::components::work::Chip;
use crate::format::count;
use crate::pages::frameworks::compliance::coverage_label;
use annex_client::domain::frameworks::compliance::{
    ComplianceRow, Correspondence, Counterpart, Evidence, EvidenceCoverage,
};
use leptos::prelude::*;
use leptos_router::components::A;

/// Only web addresses become links, whatever the server holds.
fn web_address(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// Counterparts with evidence (in the server's order), and those without: the first are what
/// counts, the second are folded away so a requirement with many correspondences stays readable.
pub fn split_by_evidence(counterparts: Vec<Counterpart>) -> (Vec<Counterpart>, Vec<Counterpart>) {
    counterparts
        .into_iter()
        .partition(|c| !c.evidence.is_empty())
}

/// One row.
#[component]
pub fn RequirementRow(row: ComplianceRow) -> impl IntoView {
    let status = match row.implementation_status {
        Some(s) => view! { <Chip label=s.label() colour=status_colour(s) testid="compliance-status" /> }
            .into_any(),
        None => view! {
            <span class="badge" data-testid="compliance-status" data-label="Clause" title="A clause of the standard: it has no statement of its own">"Clause"</span>
        }
        .into_any(),
    };
    let owner = match row.owner_name.clone() {
        Some(name) => view! { <span>{name}</span> }.into_any(),
        None => view! { <span class="muted">"—"</span> }.into_any(),
    };
    let own = if row.evidence.is_empty() {
        view! { <span class="muted">"—"</span> }.into_any()
    } else {
        view! {
            <ul class="compliance-list">
                {row.evidence.iter().cloned().map(|e| view! { <EvidenceEntry evidence=e /> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let through = if row.counterparts.is_empty() {
        view! { <span class="muted">"—"</span> }.into_any()
    } else {
        let (evidencing, silent) = split_by_evidence(row.counterparts.clone());
        let folded = (!silent.is_empty()).then(|| {
            let n = silent.len();
            let summary = if evidencing.is_empty() {
                format!("{n} without evidence")
            } else {
                format!("+{n} without evidence")
            };
            view! {
                <details class="compliance-more" data-testid="compliance-more">
                    <summary>{summary}</summary>
                    <ul class="compliance-list">
                        {silent.into_iter().map(|c| view! { <CounterpartEntry counterpart=c /> }).collect_view()}
                    </ul>
                </details>
            }
        });
        view! {
            {(!evidencing.is_empty()).then(|| view! {
                <ul class="compliance-list">
                    {evidencing.into_iter().map(|c| view! { <CounterpartEntry counterpart=c /> }).collect_view()}
                </ul>
            })}
            {folded}
        }
        .into_any()
    };
    let coverage = row.coverage;
    // What the shared records add: all of a row's evidence when it has none of its own.
    let shared_note = (row.shared_evidence > 0).then(|| {
        let records = count(row.shared_evidence, "record", "records");
        let text = if coverage == EvidenceCoverage::Own {
            format!("+{records} through others")
        } else {
            format!("{records} through others")
        };
        view! { <div class="cell-sub" data-testid="compliance-shared-count">{text}</div> }
    });
    view! {
        <tr
            data-testid="compliance-row"
            data-ref=row.reference.clone()
            data-coverage=coverage.key()
            data-own=row.evidence.len().to_string()
            data-shared=row.shared_evidence.to_string()
            class:row-inactive=!row.applicable
        >
            <td class="soa-control">
                <span class="mono soa-ref">{row.reference.clone()}</span>
                <A href=format!("/items/{}", row.item_id) attr:class="row-link" attr:data-testid="compliance-item-link">
                    <span class="cell-main">{row.title.clone()}</span>
                </A>
            </td>
            <td>{status}</td>
            <td>{owner}</td>
            <td class="compliance-evidence-cell" data-testid="compliance-own">{own}</td>
            <td class="compliance-evidence-cell" data-testid="compliance-through">{through}</td>
            <td class="compliance-coverage-cell">
                <span class=format!("badge cov-badge cov-{}", coverage.key()) data-testid="compliance-coverage" data-coverage=coverage.key()>
                    {coverage_label(coverage)}
                </span>
                {shared_note}
            </td>
        </tr>
    }
}

/// A record or document evidencing a requirement, with where it lives.
#[component]
fn EvidenceEntry(evidence: Evidence) -> impl IntoView {
    let label = evidence.label.clone();
    let link = match (evidence.item_id, evidence.url.as_deref()) {
        (Some(id), _) => view! {
            <A href=format!("/items/{id}") attr:data-testid="compliance-evidence-link">{label}</A>
        }
        .into_any(),
        (None, Some(url)) if web_address(url) => view! {
            <a href=url.to_owned() target="_blank" rel="noopener noreferrer" data-testid="compliance-evidence-link">{label}</a>
        }
        .into_any(),
        (None, _) => view! { <span>{label}</span> }.into_any(),
    };
    view! {
        <li data-testid="compliance-evidence">
            {link}
            " "
            <span class="muted small">{evidence.source}</span>
        </li>
    }
}

/// A corresponding requirement of another register: which, how it was found, how much evidence.
#[component]
fn CounterpartEntry(counterpart: Counterpart) -> impl IntoView {
    let n = counterpart.evidence.len();
    let (via, via_label, via_hint) = match counterpart.via {
        Correspondence::Crosswalk => (
            "crosswalk",
            "crosswalk",
            "Paired by the built-in crosswalk between the two frameworks",
        ),
        Correspondence::Link => ("link", "linked", "Linked by someone in this organisation"),
    };
    let records: Vec<String> = counterpart
        .evidence
        .iter()
        .map(|e| e.label.clone())
        .collect();
    let hint = if records.is_empty() {
        "No evidence of its own".to_owned()
    } else {
        records.join("\n")
    };
    view! {
        <li
            data-testid="compliance-counterpart"
            data-framework=counterpart.framework_id.clone()
            data-ref=counterpart.reference.clone()
            data-via=via
            data-evidence=n.to_string()
            class:muted=n == 0
        >
            <A
                href=format!("/items/{}", counterpart.item_id)
                attr:title=counterpart.title.clone()
                attr:data-testid="compliance-counterpart-link"
            >
                {format!("{} {}", counterpart.framework_name, counterpart.reference)}
            </A>
            " "
            <span class="compliance-meta">
                <span class=format!("via-marker via-{via}") title=via_hint data-testid="compliance-via">{via_label}</span>
                " "
                <span class="compliance-evidence-count" class:zero=n == 0 title=hint data-testid="compliance-counterpart-evidence">
                    {count(n as i64, "record", "records")}
                </span>
            </span>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn counterpart(reference: &str, records: usize) -> Counterpart {
        Counterpart {
            framework_id: "iso27001-2022".into(),
            framework_name: "ISO/IEC 27001:2022".into(),
            reference: reference.into(),
            title: reference.into(),
            item_id: Uuid::nil(),
            implementation_status: None,
            via: Correspondence::Crosswalk,
            evidence: (0..records)
                .map(|i| Evidence {
                    item_id: None,
                    label: format!("Record {i}"),
                    source: "Document".into(),
                    url: None,
                })
                .collect(),
        }
    }

    #[test]
    fn counterparts_with_evidence_are_kept_apart_in_the_servers_order() {
        let (evidencing, silent) = split_by_evidence(vec![
            counterpart("6.1.2", 0),
            counterpart("A.5.15", 3),
            counterpart("9.1", 0),
            counterpart("A.5.30", 2),
        ]);
        let refs = |list: &[Counterpart]| -> Vec<String> {
            list.iter().map(|c| c.reference.clone()).collect()
        };
        assert_eq!(refs(&evidencing), vec!["A.5.15", "A.5.30"]);
        assert_eq!(refs(&silent), vec!["6.1.2", "9.1"]);
    }

    #[test]
    fn only_web_addresses_become_links() {
        assert!(web_address("https://intranet.example/bcp.pdf"));
        assert!(web_address(" HTTP://x.example"));
        assert!(!web_address("javascript:alert(1)"));
        assert!(!web_address("file:///etc/passwd"));
    }
}
