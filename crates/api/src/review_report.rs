//! The management review inputs as a self-contained printable page: inline CSS (with print
//! rules), the organisation, the review item and the period, then each clause 9.3.2 section as
//! its headline figures and a table of the records behind them. Every text from records is
//! escaped, so a title holding markup prints as text.

use annex_domain::audits::management_review::{
    ActionLine, LevelAt, ManagementReviewInputs, heading,
};
use annex_domain::programme::LabelCount;
use chrono::NaiveDate;
use std::fmt::Write;
use v_htmlescape::escape_fmt as esc;

const STYLE: &str = "\
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1d2433;margin:2rem auto;max-width:1100px;padding:0 1.5rem}\
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:2rem 0 .5rem;border-bottom:2px solid #dde3ea;padding-bottom:.25rem}\
h3{font-size:1rem;margin:1rem 0 .4rem}.meta{color:#5b6475;margin:0}\
.figures{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;margin:.5rem 0 .75rem;padding:0;list-style:none}\
.figures li{background:#f3f5f8;border-radius:6px;padding:.35rem .7rem}.figures b{font-size:1.1rem;margin-left:.3rem}\
table{border-collapse:collapse;width:100%;margin:.25rem 0 1rem}th,td{border:1px solid #dde3ea;padding:.3rem .5rem;text-align:left;vertical-align:top}\
th{background:#eef1f5;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}\
.chip{display:inline-block;border-radius:10px;padding:0 .5rem;color:#fff;font-size:.85em;white-space:nowrap}\
.late{color:#c62828;font-weight:600}.empty{color:#5b6475;font-style:italic}\
@media print{body{margin:0;max-width:none;font-size:11px}section{break-inside:auto}h2{break-after:avoid}tr{break-inside:avoid}\
.figures li{border:1px solid #ccc}.chip{border:1px solid #999;color:#000!important;background:none!important}}";

/// A cell of a report table.
enum Cell {
    Text(String),
    Number(String),
    /// A coloured label.
    Chip(String, String),
    /// Text shown as late.
    Late(String),
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn opt(s: &Option<String>) -> Cell {
    text(s.clone().unwrap_or_else(|| "—".into()))
}

fn day(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "—".into(), |d| d.to_string())
}

fn number(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{n:.0}")
    } else {
        format!("{n:.1}")
    }
}

fn level(l: &Option<LevelAt>) -> Cell {
    match l {
        Some(l) => Cell::Chip(format!("{} ({})", l.level, l.score), l.colour.clone()),
        None => text("—"),
    }
}

fn figures(out: &mut String, items: &[(&str, String)]) {
    out.push_str("<ul class=\"figures\">");
    for (label, value) in items {
        let _ = write!(out, "<li>{}<b>{}</b></li>", esc(label), esc(value));
    }
    out.push_str("</ul>");
}

fn table(out: &mut String, head: &[&str], rows: Vec<Vec<Cell>>, empty: &str) {
    if rows.is_empty() {
        let _ = write!(out, "<p class=\"empty\">{}</p>", esc(empty));
        return;
    }
    out.push_str("<table><thead><tr>");
    for h in head {
        let _ = write!(out, "<th>{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            let _ = match cell {
                Cell::Text(s) => write!(out, "<td>{}</td>", esc(&s)),
                Cell::Number(s) => write!(out, "<td class=\"num\">{}</td>", esc(&s)),
                Cell::Chip(s, colour) => write!(
                    out,
                    "<td><span class=\"chip\" style=\"background:{}\">{}</span></td>",
                    esc(&colour),
                    esc(&s)
                ),
                Cell::Late(s) => write!(out, "<td class=\"late\">{}</td>", esc(&s)),
            };
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
}

fn counts(out: &mut String, what: &str, counts: &[LabelCount]) {
    let rows = counts
        .iter()
        .map(|c| {
            vec![
                Cell::Chip(c.label.clone(), c.colour.clone()),
                Cell::Number(c.count.to_string()),
            ]
        })
        .collect();
    table(out, &[what, "Count"], rows, "None.");
}

fn action_rows(actions: &[ActionLine], with_source: bool) -> Vec<Vec<Cell>> {
    actions
        .iter()
        .map(|a| {
            let mut row = vec![Cell::Number(a.number.to_string()), text(a.title.clone())];
            if with_source {
                row.push(opt(&a.source));
            }
            row.extend([
                opt(&a.severity),
                opt(&a.status),
                opt(&a.owner_name),
                if a.overdue {
                    Cell::Late(format!("{} (overdue)", day(a.due)))
                } else {
                    text(day(a.due))
                },
                text(a.raised_on.to_string()),
            ]);
            row
        })
        .collect()
}

fn section(out: &mut String, key: &str) {
    let _ = write!(out, "<section id=\"{key}\"><h2>{}</h2>", esc(heading(key)));
}

/// The page.
pub fn render(r: &ManagementReviewInputs) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Management review inputs — {org}</title><style>{STYLE}</style></head><body>\
         <header><h1>Management review inputs</h1>\
         <p class=\"meta\"><strong>{org}</strong> · {item}</p>\
         <p class=\"meta\">Period {since} to {until} · generated {on} · ISO/IEC 27001 clause 9.3.2</p></header>",
        org = esc(&r.organisation),
        item = esc(&r.item_title),
        since = r.since,
        until = r.until,
        on = r.generated_on,
    );

    section(&mut out, "actions");
    let a = &r.actions;
    figures(
        &mut out,
        &[
            ("Open", a.open.to_string()),
            ("Overdue", a.overdue.to_string()),
            ("Done", a.done.to_string()),
            ("Open board items", a.board_items.len().to_string()),
        ],
    );
    out.push_str("<h3>Corrective actions from management reviews</h3>");
    table(
        &mut out,
        &[
            "#", "Action", "Severity", "Status", "Owner", "Due", "Raised",
        ],
        action_rows(&a.actions, false),
        "No corrective action comes from a management review.",
    );
    out.push_str("<h3>Open items of the ISMS Board</h3>");
    let rows = a
        .board_items
        .iter()
        .map(|b| {
            vec![
                Cell::Number(b.number.to_string()),
                text(b.title.clone()),
                opt(&b.status),
                opt(&b.assignee_name),
                if b.overdue {
                    Cell::Late(format!("{} (overdue)", day(b.due)))
                } else {
                    text(day(b.due))
                },
            ]
        })
        .collect();
    table(
        &mut out,
        &["#", "Item", "Status", "Assignee", "Due"],
        rows,
        "Every item of the board is done.",
    );
    out.push_str("</section>");

    section(&mut out, "kpis");
    match &r.kpis {
        None => out.push_str("<p class=\"empty\">The organisation has no KPI tracker.</p>"),
        Some(k) => {
            figures(
                &mut out,
                &[
                    ("KPIs", k.rag.total.to_string()),
                    ("Red", k.rag.red.to_string()),
                    ("Amber", k.rag.amber.to_string()),
                    ("Green", k.rag.green.to_string()),
                    ("Exceptional", k.rag.exceptional.to_string()),
                    ("Not rated", k.rag.not_rated.to_string()),
                    ("Reading overdue", k.rag.overdue.to_string()),
                ],
            );
            let rows = k
                .kpis
                .iter()
                .map(|k| {
                    vec![
                        Cell::Number(k.number.to_string()),
                        text(k.title.clone()),
                        Cell::Number(
                            k.value
                                .map(|v| format!("{} {}", number(v), k.unit).trim().to_owned())
                                .unwrap_or_else(|| "—".into()),
                        ),
                        text(day(k.period)),
                        Cell::Chip(k.status.label().into(), k.status.colour().into()),
                        opt(&k.owner_name),
                        if k.overdue {
                            Cell::Late(format!("{} (overdue)", day(k.next_due)))
                        } else {
                            text(day(k.next_due))
                        },
                    ]
                })
                .collect();
            table(
                &mut out,
                &[
                    "#",
                    "KPI",
                    "Latest",
                    "Period",
                    "Rating",
                    "Owner",
                    "Next reading",
                ],
                rows,
                "No KPI is defined.",
            );
        }
    }
    out.push_str("</section>");

    section(&mut out, "nonconformities");
    let n = &r.nonconformities;
    figures(
        &mut out,
        &[
            ("Raised in the period", n.raised.to_string()),
            ("Still open", n.open.to_string()),
            ("Overdue", n.overdue.to_string()),
        ],
    );
    counts(&mut out, "Severity", &n.by_severity);
    table(
        &mut out,
        &[
            "#",
            "Corrective action",
            "Source",
            "Severity",
            "Status",
            "Owner",
            "Due",
            "Raised",
        ],
        action_rows(&n.actions, true),
        "No corrective action was raised in the period.",
    );
    out.push_str("</section>");

    section(&mut out, "audits");
    match &r.audits {
        None => out.push_str("<p class=\"empty\">The organisation has no audit programme.</p>"),
        Some(au) => {
            let raised: i64 = au.findings.iter().map(|f| f.count).sum();
            figures(
                &mut out,
                &[
                    ("Audits done in the period", au.done.len().to_string()),
                    ("Findings raised", raised.to_string()),
                ],
            );
            let rows = au
                .findings
                .iter()
                .map(|f| {
                    vec![
                        text(f.label.clone()),
                        Cell::Number(f.count.to_string()),
                        Cell::Number(f.open.to_string()),
                    ]
                })
                .collect();
            table(
                &mut out,
                &["Finding", "Raised", "Still open"],
                rows,
                "None.",
            );
            let rows = au
                .done
                .iter()
                .map(|a| {
                    vec![
                        Cell::Number(a.number.to_string()),
                        text(a.title.clone()),
                        text(a.phase.clone()),
                        opt(&a.assignee_name),
                        text(day(a.due)),
                        Cell::Number(a.findings.to_string()),
                    ]
                })
                .collect();
            table(
                &mut out,
                &[
                    "#",
                    "Audit",
                    "Part of the programme",
                    "Auditor",
                    "Due",
                    "Findings",
                ],
                rows,
                "No audit was done in the period.",
            );
        }
    }
    out.push_str("</section>");

    section(&mut out, "risks");
    match &r.risks {
        None => out.push_str("<p class=\"empty\">The organisation has no risk register.</p>"),
        Some(rs) => {
            let mut items = vec![("Risks", rs.figures.total.to_string())];
            items.extend(
                rs.figures
                    .by_level
                    .iter()
                    .map(|l| (l.label.as_str(), l.count.to_string())),
            );
            items.push(("Above appetite", rs.figures.above_appetite.to_string()));
            items.push(("Readings in the period", rs.changes.len().to_string()));
            figures(&mut out, &items);
            out.push_str("<h3>Readings taken in the period</h3>");
            let rows = rs
                .changes
                .iter()
                .map(|c| {
                    vec![
                        Cell::Number(c.number.to_string()),
                        text(c.title.clone()),
                        text(c.recorded_at.date_naive().to_string()),
                        level(&c.from),
                        level(&c.to),
                        opt(&c.recorded_by_name),
                        text(c.note.clone()),
                    ]
                })
                .collect();
            table(
                &mut out,
                &["#", "Risk", "Recorded", "From", "To", "By", "Note"],
                rows,
                "No risk was assessed in the period.",
            );
            out.push_str("<h3>Risks above appetite now</h3>");
            let rows = rs
                .above_appetite
                .iter()
                .map(|r| {
                    vec![
                        Cell::Number(r.number.to_string()),
                        text(r.title.clone()),
                        level(&r.level),
                        opt(&r.owner_name),
                    ]
                })
                .collect();
            table(
                &mut out,
                &["#", "Risk", "Level", "Owner"],
                rows,
                "No open risk is above the appetite.",
            );
        }
    }
    out.push_str("</section>");

    section(&mut out, "packs");
    let rows = r
        .packs
        .iter()
        .map(|p| {
            vec![
                text(p.name.clone()),
                Cell::Number(p.version.to_string()),
                Cell::Number(p.audience.to_string()),
                Cell::Number(format!("{} ({}%)", p.read, number(p.read_percent))),
                Cell::Number(format!("{} ({}%)", p.accepted, number(p.accepted_percent))),
            ]
        })
        .collect();
    table(
        &mut out,
        &["Policy pack", "Version", "Audience", "Read", "Accepted"],
        rows,
        "No policy pack is published.",
    );
    out.push_str("</section>");

    section(&mut out, "soa");
    match &r.soa {
        None => out.push_str(
            "<p class=\"empty\">The organisation keeps no Statement of Applicability.</p>",
        ),
        Some(s) => {
            figures(
                &mut out,
                &[("Implemented", format!("{}%", number(s.implemented_percent)))],
            );
            let rows = vec![vec![
                text(s.framework_id.clone()),
                Cell::Number(s.controls.to_string()),
                Cell::Number(s.applicable.to_string()),
                Cell::Number(s.implemented.to_string()),
                Cell::Number(s.partial.to_string()),
                Cell::Number(s.not_started.to_string()),
            ]];
            table(
                &mut out,
                &[
                    "Framework",
                    "Controls",
                    "Applicable",
                    "Implemented",
                    "Partially implemented",
                    "Not started",
                ],
                rows,
                "",
            );
        }
    }
    out.push_str("</section></body></html>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use annex_domain::audits::management_review::{NonconformitySection, PreviousActions};
    use uuid::Uuid;

    fn report(title: &str) -> ManagementReviewInputs {
        let on: NaiveDate = "2026-06-15".parse().unwrap();
        ManagementReviewInputs {
            item_id: Uuid::nil(),
            item_title: title.into(),
            organisation: "Ann & Co".into(),
            generated_on: on,
            since: "2025-06-15".parse().unwrap(),
            until: on,
            actions: PreviousActions::default(),
            kpis: None,
            nonconformities: NonconformitySection {
                raised: 1,
                open: 1,
                overdue: 1,
                by_severity: vec![],
                actions: vec![ActionLine {
                    item_id: Uuid::nil(),
                    number: 7,
                    title: "<img src=x onerror=alert(1)>".into(),
                    status: Some("To-do".into()),
                    resolved: false,
                    overdue: true,
                    source: None,
                    severity: None,
                    owner_name: None,
                    due: Some("2026-06-01".parse().unwrap()),
                    raised_on: on,
                }],
            },
            audits: None,
            risks: None,
            packs: vec![],
            soa: None,
        }
    }

    #[test]
    fn the_page_has_every_section_and_escapes_record_text() {
        let page = render(&report("<script>alert('x')</script>"));
        assert!(page.starts_with("<!DOCTYPE html>"));
        for (key, _) in annex_domain::audits::management_review::SECTIONS {
            assert!(page.contains(&format!("id=\"{key}\"")), "{key}");
        }
        assert!(!page.contains("<script>"));
        assert!(page.contains("&lt;script&gt;"));
        assert!(!page.contains("<img"));
        assert!(page.contains("Ann &amp; Co"));
        assert!(page.contains("2026-06-01 (overdue)"));
        assert!(page.contains("@media print"));
    }
}
