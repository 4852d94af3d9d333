//! The registers at the top of the compliance screen: a card per register with its figures and
//! where the evidence of its applicable rows comes from (own, shared, none) as one stacked bar,
//! selecting the register the table lists; and the count of records that serve several frameworks.

use crate::pages::frameworks::compliance::coverage_label;
use annex_client::domain::frameworks::compliance::{EvidenceCoverage, FrameworkCompliance};
use leptos::prelude::*;
use leptos_router::components::A;

/// The screen where a register is kept: the SoA for ISO 27001, the register screen otherwise.
pub fn register_href(framework_id: &str) -> String {
    if framework_id.starts_with("iso27001") {
        "/soa".to_owned()
    } else {
        format!("/registers/{framework_id}")
    }
}

/// The parts of a register's bar: each coverage of its applicable rows with its count and its
/// width in percent of them (empty parts left out).
pub fn bar_parts(register: &FrameworkCompliance) -> Vec<(EvidenceCoverage, i64, f64)> {
    let whole = register.applicable.max(1) as f64;
    [
        (EvidenceCoverage::Own, register.own),
        (EvidenceCoverage::Shared, register.shared),
        (EvidenceCoverage::None, register.none),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .map(|(c, n)| (c, n, n as f64 / whole * 100.0))
    .collect()
}

/// The cards and the shared-records tile.
#[component]
pub fn RegisterCards(
    frameworks: Vec<FrameworkCompliance>,
    /// The register whose rows the table lists.
    selected: String,
    records_shared: i64,
) -> impl IntoView {
    view! {
        <div class="compliance-head">
            <h2>"Registers"</h2>
            <Legend />
        </div>
        <div class="compliance-registers" data-testid="compliance-registers">
            {frameworks
                .into_iter()
                .map(|f| {
                    let on = f.framework_id == selected;
                    view! { <RegisterCard register=f selected=on /> }
                })
                .collect_view()}
            <div
                class="stat-tile compliance-shared"
                data-testid="compliance-records-shared"
                data-count=records_shared.to_string()
                title="Records (policies, plans, records of processing …) linked as evidence to requirements of two frameworks or more: work done once that counts several times"
            >
                <span class="stat-n">{records_shared}</span>
                <span class="stat-l">"Records that count for 2+ frameworks"</span>
            </div>
        </div>
    }
}

/// What the colours of the bars and chips mean.
#[component]
fn Legend() -> impl IntoView {
    view! {
        <div class="legend" aria-hidden="true">
            {[EvidenceCoverage::Own, EvidenceCoverage::Shared, EvidenceCoverage::None]
                .into_iter()
                .map(|c| view! {
                    <span class="legend-key">
                        <span class=format!("legend-swatch cov-{}", c.key())></span>
                        {coverage_label(c)}
                    </span>
                })
                .collect_view()}
        </div>
    }
}

/// One register: a link selecting it (its figures and bar) and a link to the register itself.
#[component]
fn RegisterCard(register: FrameworkCompliance, selected: bool) -> impl IntoView {
    let id = register.framework_id.clone();
    let parts = bar_parts(&register);
    let summary = format!(
        "{} own, {} through another framework, {} without evidence, of {} applicable",
        register.own, register.shared, register.none, register.applicable
    );
    let figure = |value: i64, label: &'static str, testid: &'static str| {
        view! {
            <div class="compliance-figure">
                <dt>{label}</dt>
                <dd data-testid=testid>{value}</dd>
            </div>
        }
    };
    view! {
        <article
            class="card compliance-card"
            class:selected=selected
            data-testid="compliance-register"
            data-framework=id.clone()
            data-selected=selected.to_string()
        >
            // A plain anchor: the router follows it, and `aria-current` stays ours (A sets its own).
            <a
                class="compliance-card-select"
                href=format!("/compliance?framework={id}")
                aria-current=selected.then_some("true")
                data-testid="compliance-register-select"
            >
                <h2>{register.framework_name.clone()}</h2>
                <dl class="compliance-figures">
                    {figure(register.entries, "Entries", "compliance-entries")}
                    {figure(register.applicable, "Applicable", "compliance-applicable")}
                    {figure(register.implemented, "Implemented", "compliance-implemented")}
                </dl>
                <span class="coverage-track" role="img" aria-label=summary.clone() title=summary>
                    {parts.into_iter().map(|(c, n, width)| view! {
                        <span
                            class=format!("coverage-part cov-{}", c.key())
                            style=format!("width:{width:.2}%")
                            data-testid="compliance-bar-part"
                            data-coverage=c.key()
                            data-count=n.to_string()
                        ></span>
                    }).collect_view()}
                </span>
                <span class="compliance-card-counts muted small">
                    {format!("{} own · {} shared · {} none", register.own, register.shared, register.none)}
                </span>
            </a>
            <div class="compliance-card-foot">
                <A href=register_href(&id) attr:data-testid="compliance-open-register">"Open register"</A>
            </div>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn register(applicable: i64, own: i64, shared: i64, none: i64) -> FrameworkCompliance {
        FrameworkCompliance {
            framework_id: "gdpr".into(),
            framework_name: "GDPR".into(),
            space_id: Uuid::nil(),
            entries: applicable + 1,
            applicable,
            implemented: 0,
            own,
            shared,
            none,
        }
    }

    #[test]
    fn iso_27001_opens_the_soa_and_the_others_their_register_screen() {
        assert_eq!(register_href("iso27001-2022"), "/soa");
        assert_eq!(register_href("iso27001-2013"), "/soa");
        assert_eq!(register_href("iso22301-2019"), "/registers/iso22301-2019");
        assert_eq!(register_href("gdpr"), "/registers/gdpr");
    }

    #[test]
    fn the_bar_splits_the_applicable_rows_and_leaves_out_empty_parts() {
        let parts = bar_parts(&register(40, 10, 0, 30));
        assert_eq!(
            parts,
            vec![
                (EvidenceCoverage::Own, 10, 25.0),
                (EvidenceCoverage::None, 30, 75.0)
            ]
        );
        assert!(
            bar_parts(&register(0, 0, 0, 0)).is_empty(),
            "nothing applicable, no bar"
        );
    }
}
