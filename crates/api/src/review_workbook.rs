//! The management review inputs as a workbook: a summary sheet (organisation, review item,
//! period, each section's headline figures), then one sheet per clause 9.3.2 section with the
//! records behind the figures, a bold frozen header and printable layout.

use annex_domain::audits::management_review::{
    ActionLine, LevelAt, ManagementReviewInputs, heading,
};
use chrono::NaiveDate;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

/// The sheet names, in section order.
pub const SHEETS: [&str; 7] = [
    "Previous actions",
    "KPIs",
    "Corrective actions",
    "Audits",
    "Risks",
    "Policy packs",
    "SoA",
];

enum Cell {
    Text(String),
    Number(f64),
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn opt(s: &Option<String>) -> Cell {
    text(s.clone().unwrap_or_default())
}

fn day(d: Option<NaiveDate>) -> Cell {
    text(d.map(|d| d.to_string()).unwrap_or_default())
}

fn int(n: i64) -> Cell {
    Cell::Number(n as f64)
}

fn level(l: &Option<LevelAt>) -> Cell {
    text(
        l.as_ref()
            .map(|l| format!("{} ({})", l.level, l.score))
            .unwrap_or_default(),
    )
}

fn yes(b: bool) -> Cell {
    text(if b { "yes" } else { "no" })
}

/// A table of a sheet: its caption (none when empty), header and rows.
type Block<'a> = (&'a str, Vec<&'a str>, Vec<Vec<Cell>>);

struct Formats {
    title: Format,
    header: Format,
    cell: Format,
}

/// Writes a titled table on a new sheet.
fn sheet(
    book: &mut Workbook,
    f: &Formats,
    name: &str,
    key: &str,
    blocks: Vec<Block>,
) -> Result<(), XlsxError> {
    let page: &mut Worksheet = book.add_worksheet();
    page.set_name(name)?;
    page.write_string_with_format(0, 0, heading(key), &f.title)?;
    let mut row = 2u32;
    let mut widths: Vec<usize> = Vec::new();
    for (caption, head, rows) in blocks {
        if !caption.is_empty() {
            page.write_string_with_format(row, 0, caption, &f.title)?;
            row += 1;
        }
        for (col, h) in (0u16..).zip(&head) {
            page.write_string_with_format(row, col, *h, &f.header)?;
            track(&mut widths, col, h.chars().count());
        }
        row += 1;
        if rows.is_empty() {
            page.write_string(row, 0, "None.")?;
            row += 1;
        }
        for cells in rows {
            for (col, c) in (0u16..).zip(cells) {
                match c {
                    Cell::Text(s) => {
                        track(&mut widths, col, s.chars().count());
                        page.write_string_with_format(row, col, s, &f.cell)?;
                    }
                    Cell::Number(n) => {
                        page.write_number_with_format(row, col, n, &f.cell)?;
                    }
                }
            }
            row += 1;
        }
        row += 1;
    }
    for (col, w) in (0u16..).zip(widths) {
        page.set_column_width(col, (w.clamp(6, 60) + 2) as f64)?;
    }
    page.set_landscape();
    page.set_paper_size(9);
    page.set_print_fit_to_pages(1, 0);
    Ok(())
}

fn track(widths: &mut Vec<usize>, col: u16, w: usize) {
    let col = usize::from(col);
    if widths.len() <= col {
        widths.resize(col + 1, 0);
    }
    widths[col] = widths[col].max(w);
}

fn actions(list: &[ActionLine]) -> Vec<Vec<Cell>> {
    list.iter()
        .map(|a| {
            vec![
                int(a.number),
                text(a.title.clone()),
                opt(&a.source),
                opt(&a.severity),
                opt(&a.status),
                opt(&a.owner_name),
                day(a.due),
                yes(a.overdue),
                text(a.raised_on.to_string()),
            ]
        })
        .collect()
}

const ACTION_HEAD: [&str; 9] = [
    "#", "Action", "Source", "Severity", "Status", "Owner", "Due", "Overdue", "Raised",
];

/// The workbook's bytes.
pub fn write(r: &ManagementReviewInputs) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let f = Formats {
        title: Format::new().set_bold().set_font_size(13),
        header: Format::new()
            .set_bold()
            .set_background_color("#DDE3EA")
            .set_border(FormatBorder::Thin),
        cell: Format::new()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin),
    };

    let summary = book.add_worksheet();
    summary.set_name("Summary")?;
    summary.write_string_with_format(0, 0, "Management review inputs", &f.title)?;
    let facts = [
        ("Organisation", r.organisation.clone()),
        ("Review item", r.item_title.clone()),
        ("Period from", r.since.to_string()),
        ("Period to", r.until.to_string()),
        ("Generated on", r.generated_on.to_string()),
    ];
    for (row, (k, v)) in (2u32..).zip(facts) {
        summary.write_string_with_format(row, 0, k, &f.header)?;
        summary.write_string_with_format(row, 1, v, &f.cell)?;
    }
    let a = &r.actions;
    let n = &r.nonconformities;
    let mut figures: Vec<(&str, f64)> = vec![
        ("Actions from reviews: open", a.open as f64),
        ("Actions from reviews: overdue", a.overdue as f64),
        ("Actions from reviews: done", a.done as f64),
        ("Open ISMS Board items", a.board_items.len() as f64),
        ("Corrective actions raised in the period", n.raised as f64),
        ("… still open", n.open as f64),
        ("… overdue", n.overdue as f64),
    ];
    if let Some(k) = &r.kpis {
        figures.extend([
            ("KPIs red", k.rag.red as f64),
            ("KPIs amber", k.rag.amber as f64),
            ("KPIs green", k.rag.green as f64),
            ("KPIs with an overdue reading", k.rag.overdue as f64),
        ]);
    }
    if let Some(rs) = &r.risks {
        figures.push(("Risks above appetite", rs.figures.above_appetite as f64));
        figures.push(("Risk readings in the period", rs.changes.len() as f64));
    }
    if let Some(s) = &r.soa {
        figures.push(("SoA implemented %", s.implemented_percent));
    }
    for (row, (k, v)) in (8u32..).zip(figures) {
        summary.write_string_with_format(row, 0, k, &f.header)?;
        summary.write_number_with_format(row, 1, v, &f.cell)?;
    }
    summary.set_column_width(0, 42)?;
    summary.set_column_width(1, 40)?;

    let board = a
        .board_items
        .iter()
        .map(|b| {
            vec![
                int(b.number),
                text(b.title.clone()),
                opt(&b.status),
                opt(&b.assignee_name),
                day(b.due),
                yes(b.overdue),
            ]
        })
        .collect();
    sheet(
        &mut book,
        &f,
        SHEETS[0],
        "actions",
        vec![
            (
                "Corrective actions from management reviews",
                ACTION_HEAD.to_vec(),
                actions(&a.actions),
            ),
            (
                "Open items of the ISMS Board",
                vec!["#", "Item", "Status", "Assignee", "Due", "Overdue"],
                board,
            ),
        ],
    )?;

    let kpis = r
        .kpis
        .as_ref()
        .map(|k| {
            k.kpis
                .iter()
                .map(|k| {
                    vec![
                        int(k.number),
                        text(k.title.clone()),
                        k.value.map_or_else(|| text(""), Cell::Number),
                        text(k.unit.clone()),
                        day(k.period),
                        text(k.status.label()),
                        opt(&k.owner_name),
                        day(k.next_due),
                        yes(k.overdue),
                    ]
                })
                .collect()
        })
        .unwrap_or_default();
    sheet(
        &mut book,
        &f,
        SHEETS[1],
        "kpis",
        vec![(
            "",
            vec![
                "#",
                "KPI",
                "Latest value",
                "Unit",
                "Period",
                "Rating",
                "Owner",
                "Next reading",
                "Overdue",
            ],
            kpis,
        )],
    )?;

    let severities = n
        .by_severity
        .iter()
        .map(|c| vec![text(c.label.clone()), int(c.count)])
        .collect();
    sheet(
        &mut book,
        &f,
        SHEETS[2],
        "nonconformities",
        vec![
            (
                "Raised in the period by severity",
                vec!["Severity", "Count"],
                severities,
            ),
            (
                "Raised in the period",
                ACTION_HEAD.to_vec(),
                actions(&n.actions),
            ),
        ],
    )?;

    let (findings, done) = r
        .audits
        .as_ref()
        .map(|au| {
            (
                au.findings
                    .iter()
                    .map(|c| vec![text(c.label.clone()), int(c.count), int(c.open)])
                    .collect(),
                au.done
                    .iter()
                    .map(|d| {
                        vec![
                            int(d.number),
                            text(d.title.clone()),
                            text(d.phase.clone()),
                            opt(&d.assignee_name),
                            day(d.due),
                            int(d.findings),
                        ]
                    })
                    .collect(),
            )
        })
        .unwrap_or_default();
    sheet(
        &mut book,
        &f,
        SHEETS[3],
        "audits",
        vec![
            (
                "Findings raised in the period",
                vec!["Finding", "Raised", "Still open"],
                findings,
            ),
            (
                "Audits done in the period",
                vec![
                    "#",
                    "Audit",
                    "Part of the programme",
                    "Auditor",
                    "Due",
                    "Findings",
                ],
                done,
            ),
        ],
    )?;

    let (changes, above) = r
        .risks
        .as_ref()
        .map(|rs| {
            (
                rs.changes
                    .iter()
                    .map(|c| {
                        vec![
                            int(c.number),
                            text(c.title.clone()),
                            text(c.recorded_at.date_naive().to_string()),
                            level(&c.from),
                            level(&c.to),
                            opt(&c.recorded_by_name),
                            text(c.note.clone()),
                        ]
                    })
                    .collect(),
                rs.above_appetite
                    .iter()
                    .map(|x| {
                        vec![
                            int(x.number),
                            text(x.title.clone()),
                            level(&x.level),
                            opt(&x.owner_name),
                        ]
                    })
                    .collect(),
            )
        })
        .unwrap_or_default();
    sheet(
        &mut book,
        &f,
        SHEETS[4],
        "risks",
        vec![
            (
                "Readings taken in the period",
                vec!["#", "Risk", "Recorded", "From", "To", "By", "Note"],
                changes,
            ),
            (
                "Risks above appetite now",
                vec!["#", "Risk", "Level", "Owner"],
                above,
            ),
        ],
    )?;

    let packs = r
        .packs
        .iter()
        .map(|p| {
            vec![
                text(p.name.clone()),
                int(i64::from(p.version)),
                int(p.audience),
                int(p.read),
                Cell::Number(p.read_percent),
                int(p.accepted),
                Cell::Number(p.accepted_percent),
            ]
        })
        .collect();
    sheet(
        &mut book,
        &f,
        SHEETS[5],
        "packs",
        vec![(
            "",
            vec![
                "Policy pack",
                "Version",
                "Audience",
                "Read",
                "Read %",
                "Accepted",
                "Accepted %",
            ],
            packs,
        )],
    )?;

    let soa = r
        .soa
        .iter()
        .map(|s| {
            vec![
                text(s.framework_id.clone()),
                int(s.controls),
                int(s.applicable),
                int(s.implemented),
                int(s.partial),
                int(s.not_started),
                Cell::Number(s.implemented_percent),
            ]
        })
        .collect();
    sheet(
        &mut book,
        &f,
        SHEETS[6],
        "soa",
        vec![(
            "",
            vec![
                "Framework",
                "Controls",
                "Applicable",
                "Implemented",
                "Partially implemented",
                "Not started",
                "Implemented %",
            ],
            soa,
        )],
    )?;
    book.save_to_buffer()
}
