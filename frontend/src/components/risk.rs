//! Pieces the risk screens share: a reading's level chip, a BIA impact chip, the names of the
//! readings, the matrix loader, and the sub-navigation between register, map, bank and matrix.

use crate::api::{self, Failure};
use crate::components::work::Chip;
use crate::session::Session;
use annex_client::domain::risk::MatrixSettings;
use annex_client::domain::risk::matrix::Assessment;
use annex_client::domain::risk::register::{Reading, ReadingKind};
use leptos::prelude::*;
use leptos_router::components::A;

/// The three readings in the order a risk takes them.
pub const KINDS: [ReadingKind; 3] = [
    ReadingKind::Original,
    ReadingKind::Current,
    ReadingKind::Target,
];

/// A reading's name as people read it.
pub fn kind_label(kind: ReadingKind) -> &'static str {
    match kind {
        ReadingKind::Original => "Original",
        ReadingKind::Current => "Current",
        ReadingKind::Target => "Target",
    }
}

/// The matrix in force, which labels the scales and scores a reading before it is sent.
pub async fn load_matrix(session: Session) -> Result<MatrixSettings, Failure> {
    api::call(session, async |c| c.risk_matrix().await)
        .await
        .map_err(Failure::from)
}

/// A level as a chip in its band's colour: "High · 12".
#[component]
pub fn LevelChip(
    assessment: Assessment,
    #[prop(default = "risk-level")] testid: &'static str,
) -> impl IntoView {
    let label = format!("{} · {}", assessment.level, assessment.score);
    view! { <Chip label=label colour=assessment.colour.to_string() testid=testid /> }
}

/// A reading's level chip, or a dash when the risk has no such reading yet.
#[component]
pub fn ReadingChip(reading: Option<Reading>, kind: ReadingKind) -> impl IntoView {
    let key = kind.key();
    match reading.and_then(|r| r.assessment.map(|a| (a, r.likelihood, r.impact))) {
        Some((a, l, i)) => {
            let (score, level) = (a.score.to_string(), a.level.clone());
            view! {
            <span class="risk-reading" data-testid=format!("risk-{key}") data-score=score data-level=level title=format!("{} reading: likelihood {l} × impact {i}", kind_label(kind))>
                <LevelChip assessment=a />
            </span>
            }
            .into_any()
        }
        None => {
            view! { <span class="muted" data-testid=format!("risk-{key}") data-score="">"—"</span> }
                .into_any()
        }
    }
}

/// The colour of a BIA impact (0 None … 5 Severe), as the BIA tracker's scale colours it.
pub fn bia_colour(impact: u8) -> &'static str {
    match impact {
        0 => "#2e7d32",
        1 => "#7cb342",
        2 => "#fdd835",
        3 => "#ef6c00",
        4 => "#c62828",
        _ => "#8e0000",
    }
}

/// One property's worst BIA impact as a chip in the BIA scale's colour: "C 4"; a muted "C —"
/// when the BIA records none.
#[component]
pub fn BiaChip(letter: &'static str, impact: Option<u8>) -> impl IntoView {
    match impact {
        Some(n) => view! {
            <span class="risk-bia-chip" data-testid="risk-bia-chip" data-property=letter data-impact=n.to_string()>
                <Chip label=format!("{letter} {n}") colour=bia_colour(n) />
            </span>
        }
        .into_any(),
        None => view! {
            <span class="muted" data-testid="risk-bia-chip" data-property=letter data-impact="">{format!("{letter} —")}</span>
        }
        .into_any(),
    }
}

/// Which risk screen is open, for the sub-navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RiskScreen {
    Register,
    Map,
    Bank,
    Matrix,
}

/// Links between the risk screens: the register, the map, the bank and the matrix settings.
#[component]
pub fn RiskNav(current: RiskScreen) -> impl IntoView {
    let link = |href: &'static str, label: &'static str, key: &'static str, on: bool| {
        view! {
            <A href=href attr:class=if on { "filter-chip active" } else { "filter-chip" } attr:data-testid=format!("risk-nav-{key}") attr:aria-current=on.then_some("page")>
                {label}
            </A>
        }
    };
    view! {
        <nav class="risk-nav" aria-label="Risk screens">
            {link("/risks", "Register", "register", current == RiskScreen::Register)}
            {link("/risks/map", "Map", "map", current == RiskScreen::Map)}
            {link("/risks/bank", "Bank", "bank", current == RiskScreen::Bank)}
            {link("/settings/risk-matrix", "Matrix", "matrix", current == RiskScreen::Matrix)}
        </nav>
    }
}
