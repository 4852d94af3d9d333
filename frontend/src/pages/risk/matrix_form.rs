//! The risk matrix as a form: one signal per input, turned back into a `RiskMatrix` as the person
//! types (so the preview and the validation follow), and the editors of the scales and the bands.

use crate::components::work::new_id;
use annex_client::domain::risk::matrix::{MAX_LEVELS, MIN_LEVELS};
use annex_client::domain::risk::{Band, RiskMatrix, Scoring};
use annex_client::domain::work::Colour;
use leptos::prelude::*;
use uuid::Uuid;

/// A level of a scale being edited.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LevelDraft {
    id: Uuid,
    label: RwSignal<String>,
}

/// A band being edited; numbers stay text until the matrix is built, so a half-typed one is no
/// surprise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BandDraft {
    id: Uuid,
    name: RwSignal<String>,
    colour: RwSignal<String>,
    min_score: RwSignal<String>,
    review_months: RwSignal<String>,
}

/// What is wrong with the matrix in the form, and which part of the form it concerns.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixProblem {
    /// `likelihood`, `impact`, `bands` or `appetite`, as the server names its fields.
    pub field: &'static str,
    pub message: String,
}

/// The matrix being edited.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MatrixDraft {
    pub likelihood: RwSignal<Vec<LevelDraft>>,
    pub impact: RwSignal<Vec<LevelDraft>>,
    pub scoring: RwSignal<Scoring>,
    pub bands: RwSignal<Vec<BandDraft>>,
    pub appetite: RwSignal<String>,
}

/// Colours offered to new bands, in turn.
const PALETTE: [&str; 6] = [
    "#2e7d32", "#f9a825", "#ef6c00", "#c62828", "#6a1b9a", "#1e88e5",
];

fn level_drafts(labels: &[String]) -> Vec<LevelDraft> {
    labels
        .iter()
        .map(|l| LevelDraft {
            id: new_id(),
            label: RwSignal::new(l.clone()),
        })
        .collect()
}

fn band_draft(b: &Band) -> BandDraft {
    BandDraft {
        id: new_id(),
        name: RwSignal::new(b.name.clone()),
        colour: RwSignal::new(b.colour.to_string()),
        min_score: RwSignal::new(b.min_score.to_string()),
        review_months: RwSignal::new(b.review_months.to_string()),
    }
}

/// A whole number typed in a number input.
fn number(text: &str) -> Option<u32> {
    text.trim().parse().ok()
}

fn labels(levels: RwSignal<Vec<LevelDraft>>) -> Vec<String> {
    levels.with(|l| l.iter().map(|d| d.label.get().trim().to_owned()).collect())
}

impl MatrixDraft {
    /// A form holding `matrix`.
    pub fn new(matrix: &RiskMatrix) -> MatrixDraft {
        MatrixDraft {
            likelihood: RwSignal::new(level_drafts(&matrix.likelihood)),
            impact: RwSignal::new(level_drafts(&matrix.impact)),
            scoring: RwSignal::new(matrix.scoring),
            bands: RwSignal::new(matrix.bands.iter().map(band_draft).collect()),
            appetite: RwSignal::new(matrix.appetite.to_string()),
        }
    }

    /// Puts `matrix` in the form (nothing is saved).
    pub fn fill(self, matrix: &RiskMatrix) {
        self.likelihood.set(level_drafts(&matrix.likelihood));
        self.impact.set(level_drafts(&matrix.impact));
        self.scoring.set(matrix.scoring);
        self.bands
            .set(matrix.bands.iter().map(band_draft).collect());
        self.appetite.set(matrix.appetite.to_string());
    }

    /// The scales and scoring as they stand, without bands: enough to know the range of scores.
    pub fn scales(self) -> RiskMatrix {
        RiskMatrix {
            likelihood: labels(self.likelihood),
            impact: labels(self.impact),
            scoring: self.scoring.get(),
            bands: Vec::new(),
            appetite: 0,
        }
    }

    /// The matrix the form describes (tracked), or what keeps it from being one. The first band
    /// always starts at the lowest score, as the rules demand, so it is not typed.
    pub fn matrix(self) -> Result<RiskMatrix, MatrixProblem> {
        let mut matrix = self.scales();
        let lowest = matrix.lowest_score();
        let problem = |field: &'static str, message: String| MatrixProblem { field, message };
        matrix.appetite = number(&self.appetite.get())
            .ok_or_else(|| problem("appetite", "appetite: must be a whole number".to_owned()))?;
        matrix.bands = self.bands.with(|bands| {
            bands
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    let name = d.name.get().trim().to_owned();
                    let colour = Colour::parse(&d.colour.get())
                        .map_err(|e| problem("bands", format!("bands: `{name}`: {e}")))?;
                    let min_score = if i == 0 {
                        lowest
                    } else {
                        number(&d.min_score.get()).ok_or_else(|| {
                            problem(
                                "bands",
                                format!("bands: `{name}` needs a whole number as its lowest score"),
                            )
                        })?
                    };
                    let review_months = number(&d.review_months.get()).ok_or_else(|| {
                        problem(
                            "bands",
                            format!(
                                "bands: `{name}` needs a whole number of months between reviews"
                            ),
                        )
                    })?;
                    Ok(Band {
                        name,
                        colour,
                        min_score,
                        review_months,
                    })
                })
                .collect::<Result<Vec<_>, _>>()
        })?;
        matrix
            .validate()
            .map_err(|e| problem(e.field(), e.to_string()))?;
        Ok(matrix)
    }
}

/// Like `matrix`, but a matrix the rules refuse still comes back (for the preview) beside what
/// is wrong with it. `None` when the form does not even make a matrix (a number not typed yet).
pub fn preview_of(draft: MatrixDraft) -> (Option<RiskMatrix>, Option<MatrixProblem>) {
    match draft.matrix() {
        Ok(m) => (Some(m), None),
        Err(problem) => {
            // Build it again without the rules, from what could be read.
            let mut m = draft.scales();
            let lowest = m.lowest_score();
            m.appetite = number(&draft.appetite.get()).unwrap_or(u32::MAX);
            m.bands = draft.bands.with(|bands| {
                bands
                    .iter()
                    .enumerate()
                    .filter_map(|(i, d)| {
                        Some(Band {
                            name: d.name.get().trim().to_owned(),
                            colour: Colour::parse(&d.colour.get()).ok()?,
                            min_score: if i == 0 {
                                lowest
                            } else {
                                number(&d.min_score.get())?
                            },
                            review_months: number(&d.review_months.get()).unwrap_or(0),
                        })
                    })
                    .collect()
            });
            let drawable = !m.bands.is_empty()
                && [m.likelihood.len(), m.impact.len()]
                    .iter()
                    .all(|n| (1..=MAX_LEVELS).contains(n));
            (drawable.then_some(m), Some(problem))
        }
    }
}

/// The problem under the part of the form it names, if it names this one.
#[component]
pub fn SectionProblem(problem: Memo<Option<MatrixProblem>>, field: &'static str) -> impl IntoView {
    move || {
        problem
            .with(|p| {
                p.as_ref()
                    .filter(|p| p.field == field)
                    .map(|p| p.message.clone())
            })
            .map(|text| {
                view! {
                    <p class="field-error" role="alert" data-testid=format!("error-{field}")>
                        {crate::api::sentence(&text)}
                    </p>
                }
            })
    }
}

/// The labels of one scale, from the lowest level: rename, add a level on top, remove one.
#[component]
pub fn ScaleEditor(
    /// `likelihood` or `impact`.
    field: &'static str,
    #[prop(into)] title: String,
    #[prop(into)] text: String,
    levels: RwSignal<Vec<LevelDraft>>,
    may_edit: bool,
    problem: Memo<Option<MatrixProblem>>,
) -> impl IntoView {
    let count = move || levels.with(Vec::len);
    let add = move |_: leptos::ev::MouseEvent| {
        levels.update(|l| {
            let label = format!("Level {}", l.len() + 1);
            l.push(LevelDraft {
                id: new_id(),
                label: RwSignal::new(label),
            });
        })
    };
    view! {
        <section class="card" data-testid=format!("{field}-editor")>
            <div class="card-head">
                <h2>{title}</h2>
                {may_edit.then(|| view! {
                    <button class="btn btn-sm" type="button" data-testid=format!("{field}-add")
                        disabled=move || { count() >= MAX_LEVELS } on:click=add>
                        "Add level"
                    </button>
                })}
            </div>
            <p class="small muted">{text}{format!(" {MIN_LEVELS} to {MAX_LEVELS} levels, from the lowest.")}</p>
            <ol class="editor-list scale-list">
                <For
                    each=move || { levels.get().into_iter().enumerate().collect::<Vec<_>>() }
                    key=|(i, l)| (*i, l.id)
                    children=move |(i, l)| view! {
                        <li class="editor-row" data-testid=format!("{field}-level")>
                            <span class="scale-number" aria-hidden="true">{i + 1}</span>
                            <input class="input" aria-label=format!("Level {}", i + 1) maxlength="40"
                                data-testid=format!("{field}-label") disabled=!may_edit bind:value=l.label />
                            {may_edit.then(|| view! {
                                <button class="btn btn-sm btn-danger" type="button" data-testid=format!("{field}-remove")
                                    aria-label=format!("Remove level {}", i + 1)
                                    disabled=move || { count() <= MIN_LEVELS }
                                    on:click=move |_| levels.update(|l| { l.remove(i); })>
                                    "Remove"
                                </button>
                            })}
                        </li>
                    }
                />
            </ol>
            <SectionProblem problem=problem field=field />
        </section>
    }
}

/// The bands from the lowest: colour, name, lowest score, review period.
#[component]
pub fn BandsEditor(
    bands: RwSignal<Vec<BandDraft>>,
    /// The lowest and highest score the scales allow.
    range: Memo<(u32, u32)>,
    may_edit: bool,
    problem: Memo<Option<MatrixProblem>>,
) -> impl IntoView {
    let count = move || bands.with(Vec::len);
    let add = move |_: leptos::ev::MouseEvent| {
        let highest = range.get_untracked().1;
        bands.update(|list| {
            let after = list
                .last()
                .and_then(|b| number(&b.min_score.get_untracked()))
                .map_or(highest, |n| (n + 1).min(highest));
            list.push(BandDraft {
                id: new_id(),
                name: RwSignal::new(String::new()),
                colour: RwSignal::new(PALETTE[list.len() % PALETTE.len()].to_owned()),
                min_score: RwSignal::new(after.to_string()),
                review_months: RwSignal::new("12".to_owned()),
            });
        })
    };
    view! {
        <section class="card" data-testid="bands-editor">
            <div class="card-head">
                <h2>"Levels of risk"</h2>
                {may_edit.then(|| view! {
                    <button class="btn btn-sm" type="button" data-testid="band-add" on:click=add>"Add band"</button>
                })}
            </div>
            <p class="small muted">
                "Each band runs from its lowest score up to the next band's. The first starts at the lowest score; the review period says how often a risk at that level is looked at again (1 to 60 months)."
            </p>
            <div class="band-row band-head" aria-hidden="true">
                <span>"Band"</span>
                <span>"From score"</span>
                <span>"Review (months)"</span>
            </div>
            <ul class="editor-list">
                <For
                    each=move || { bands.get().into_iter().enumerate().collect::<Vec<_>>() }
                    key=|(i, b)| (*i, b.id)
                    children=move |(i, b)| {
                        let label = move || b.name.with(|n| if n.trim().is_empty() { format!("band {}", i + 1) } else { n.trim().to_owned() });
                        view! {
                            <li class="band-row" data-testid="band-row">
                                <input class="input colour-input" type="color" aria-label=move || format!("Colour of {}", label())
                                    data-testid="band-colour" disabled=!may_edit bind:value=b.colour />
                                <input class="input" aria-label=move || format!("Name of {}", label()) maxlength="40" placeholder="Band name"
                                    data-testid="band-name" disabled=!may_edit bind:value=b.name />
                                {if i == 0 {
                                    view! {
                                        <input class="input" type="number" disabled=true data-testid="band-min"
                                            aria-label="Lowest score of the first band (always the lowest score)"
                                            title="The first band starts at the lowest score"
                                            prop:value=move || range.get().0.to_string() />
                                    }.into_any()
                                } else {
                                    view! {
                                        <input class="input" type="number" min="1" inputmode="numeric" data-testid="band-min" placeholder="From score"
                                            aria-label=move || format!("Lowest score of {}", label())
                                            disabled=!may_edit bind:value=b.min_score />
                                    }.into_any()
                                }}
                                <input class="input" type="number" min="1" max="60" inputmode="numeric" data-testid="band-review" placeholder="Months"
                                    aria-label=move || format!("Months between reviews of {}", label())
                                    disabled=!may_edit bind:value=b.review_months />
                                {may_edit.then(|| view! {
                                    <button class="btn btn-sm btn-danger" type="button" data-testid="band-remove"
                                        disabled=move || { count() <= 1 }
                                        on:click=move |_| bands.update(|l| { l.remove(i); })>
                                        "Remove"
                                    </button>
                                })}
                            </li>
                        }
                    }
                />
            </ul>
            <SectionProblem problem=problem field="bands" />
        </section>
    }
}
