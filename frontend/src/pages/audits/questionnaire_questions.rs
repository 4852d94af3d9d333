//! The questions of an audit questionnaire being prepared: add, remove and reorder them; each has
//! its text, kind (yes/no, free text, choice with its options), whether it must be answered, the
//! answers that conform and the SoA controls a finding raised from it concerns. Each question
//! keeps its own signals, so typing never redraws the list.

use crate::api::Failure;
use annex_client::domain::audits::questionnaires::{NO, QuestionInput, QuestionKind, YES};
use annex_client::domain::frameworks::soa::SoaEntry;
use leptos::prelude::*;
use uuid::Uuid;

/// A question while it is edited.
#[derive(Debug, Clone, Copy)]
pub struct QuestionDraft {
    /// Stable within the screen, for keyed rendering.
    key: u64,
    id: Option<Uuid>,
    text: RwSignal<String>,
    kind: RwSignal<QuestionKind>,
    /// One option a line.
    options: RwSignal<String>,
    required: RwSignal<bool>,
    conforming: RwSignal<Vec<String>>,
    controls: RwSignal<Vec<Uuid>>,
}

impl QuestionDraft {
    fn new(key: u64, q: &QuestionInput) -> QuestionDraft {
        QuestionDraft {
            key,
            id: q.id,
            text: RwSignal::new(q.text.clone()),
            kind: RwSignal::new(q.kind),
            options: RwSignal::new(q.options.join("\n")),
            required: RwSignal::new(q.required),
            conforming: RwSignal::new(q.conforming.clone()),
            controls: RwSignal::new(q.controls.clone()),
        }
    }

    /// The question as the API takes it.
    fn input(&self) -> QuestionInput {
        let kind = self.kind.get_untracked();
        let options: Vec<String> = if kind == QuestionKind::Choice {
            self.options
                .get_untracked()
                .lines()
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(str::to_owned)
                .collect()
        } else {
            Vec::new()
        };
        let allowed = answers_of(kind, &options);
        QuestionInput {
            id: self.id,
            text: self.text.get_untracked(),
            kind,
            options,
            required: self.required.get_untracked(),
            conforming: self
                .conforming
                .get_untracked()
                .into_iter()
                .filter(|c| allowed.contains(c))
                .collect(),
            controls: self.controls.get_untracked(),
        }
    }
}

/// The answers a question of `kind` takes, for choosing the conforming ones.
fn answers_of(kind: QuestionKind, options: &[String]) -> Vec<String> {
    match kind {
        QuestionKind::YesNo => vec![YES.to_owned(), NO.to_owned()],
        QuestionKind::Choice => options.to_vec(),
        QuestionKind::Text => Vec::new(),
    }
}

/// The words for a kind.
pub fn kind_label(kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::YesNo => "Yes / no",
        QuestionKind::Text => "Free text",
        QuestionKind::Choice => "Choice",
    }
}

const KINDS: [(QuestionKind, &str); 3] = [
    (QuestionKind::YesNo, "yes_no"),
    (QuestionKind::Choice, "choice"),
    (QuestionKind::Text, "text"),
];

/// The questions being edited, with a counter for new keys.
#[derive(Debug, Clone, Copy)]
pub struct Questions {
    list: RwSignal<Vec<QuestionDraft>>,
    next: StoredValue<u64>,
}

impl Questions {
    pub fn new(questions: &[QuestionInput]) -> Questions {
        let list = questions
            .iter()
            .enumerate()
            .map(|(n, q)| QuestionDraft::new(n as u64, q))
            .collect::<Vec<_>>();
        Questions {
            next: StoredValue::new(list.len() as u64),
            list: RwSignal::new(list),
        }
    }

    /// The questions as the API takes them.
    pub fn inputs(&self) -> Vec<QuestionInput> {
        self.list
            .with_untracked(|l| l.iter().map(QuestionDraft::input).collect())
    }

    fn add(&self) {
        let key = self.next.get_value();
        self.next.set_value(key + 1);
        let q = QuestionInput {
            required: true,
            ..QuestionInput::default()
        };
        self.list.update(|l| l.push(QuestionDraft::new(key, &q)));
    }

    fn position(&self, key: u64) -> Option<usize> {
        self.list.with(|l| l.iter().position(|d| d.key == key))
    }

    fn shift(&self, key: u64, up: bool) {
        self.list.update(|l| {
            if let Some(n) = l.iter().position(|d| d.key == key) {
                let to = if up { n.checked_sub(1) } else { Some(n + 1) };
                if let Some(to) = to.filter(|t| *t < l.len()) {
                    l.swap(n, to);
                }
            }
        });
    }

    fn remove(&self, key: u64) {
        self.list.update(|l| l.retain(|d| d.key != key));
    }
}

/// The messages the server gave for `questions[n]` and its fields, as one line.
fn errors_at(failure: Option<&Failure>, n: usize) -> Option<String> {
    let prefix = format!("questions[{n}]");
    let messages: Vec<String> = failure?
        .fields
        .iter()
        .filter(|(field, _)| *field == &prefix || field.starts_with(&format!("{prefix}.")))
        .flat_map(|(field, messages)| {
            let what = field
                .strip_prefix(&prefix)
                .unwrap_or_default()
                .trim_start_matches('.');
            messages.iter().map(move |m| {
                if what.is_empty() {
                    m.clone()
                } else {
                    format!("{what}: {m}")
                }
            })
        })
        .collect();
    (!messages.is_empty()).then(|| messages.join("; "))
}

/// The question list editor; read-only unless `may_edit`.
#[component]
pub fn QuestionsEditor(
    questions: Questions,
    controls: Signal<Vec<SoaEntry>>,
    failure: RwSignal<Option<Failure>>,
    on_change: Callback<()>,
    may_edit: bool,
) -> impl IntoView {
    let changed = move || on_change.run(());
    view! {
        <h3>"Questions"</h3>
        <ol class="questionnaire-questions" data-testid="qn-questions" style="padding-left: 1.2em">
            <For each=move || questions.list.get() key=|d| d.key let:draft>
                <QuestionRow draft=draft questions=questions controls=controls failure=failure on_change=on_change may_edit=may_edit />
            </For>
        </ol>
        {move || questions.list.with(Vec::is_empty).then(|| view! {
            <p class="muted small" data-testid="qn-no-questions">"No questions yet."</p>
        })}
        {may_edit.then(|| view! {
            <button class="btn btn-sm" type="button" data-testid="qn-add-question"
                on:click=move |_| { questions.add(); changed(); }>
                "Add question"
            </button>
        })}
    }
}

#[component]
fn QuestionRow(
    draft: QuestionDraft,
    questions: Questions,
    controls: Signal<Vec<SoaEntry>>,
    failure: RwSignal<Option<Failure>>,
    on_change: Callback<()>,
    may_edit: bool,
) -> impl IntoView {
    let key = draft.key;
    let changed = move || on_change.run(());
    let position = move || questions.position(key).unwrap_or_default();
    let error = move || failure.with(|f| errors_at(f.as_ref(), position()));
    let reference = move |id: Uuid| {
        controls.with(|all| {
            all.iter()
                .find(|e| e.item_id == id)
                .map_or_else(|| "Control".to_owned(), |e| e.reference.clone())
        })
    };
    let choices = move || {
        let options: Vec<String> = draft
            .options
            .get()
            .lines()
            .map(str::trim)
            .filter(|o| !o.is_empty())
            .map(str::to_owned)
            .collect();
        answers_of(draft.kind.get(), &options)
    };
    view! {
        <li class="questionnaire-question" data-testid="qn-question" data-position=move || position().to_string()
            style="margin-bottom: var(--s-4); padding-bottom: var(--s-3); border-bottom: 1px solid var(--line, #e3e8f0)">
            <div class="form-row">
                <div class="field" style="flex: 3">
                    <label>{move || format!("Question {}", position() + 1)}</label>
                    <textarea class="textarea" rows="2" data-testid="qn-question-text" disabled=!may_edit maxlength="1000"
                        bind:value=draft.text on:input=move |_| changed()></textarea>
                </div>
                <div class="field">
                    <label>"Kind"</label>
                    <select class="select" data-testid="qn-question-kind" disabled=!may_edit
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            if let Some((kind, _)) = KINDS.iter().find(|(_, k)| *k == value) {
                                draft.kind.set(*kind);
                                draft.conforming.set(Vec::new());
                                changed();
                            }
                        }>
                        {KINDS.iter().map(|(kind, value)| {
                            let kind = *kind;
                            view! { <option value=*value selected=move || draft.kind.get() == kind>{kind_label(kind)}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <label class="check">
                <input type="checkbox" data-testid="qn-question-required" disabled=!may_edit
                    prop:checked=move || draft.required.get()
                    on:change=move |ev| { draft.required.set(event_target_checked(&ev)); changed(); } />
                <span>"An answer is required"</span>
            </label>
            <Show when=move || draft.kind.get() == QuestionKind::Choice>
                <div class="field">
                    <label>"Options (one a line)"</label>
                    <textarea class="textarea" rows="3" data-testid="qn-question-options" disabled=!may_edit
                        bind:value=draft.options on:input=move |_| changed()></textarea>
                </div>
            </Show>
            <Show when=move || draft.kind.get() != QuestionKind::Text>
                <div class="field">
                    <span class="label">"Conforming answers (none ticked: every answer conforms)"</span>
                    <div class="choice-chips" data-testid="qn-question-conforming">
                        {move || choices().into_iter().map(|answer| {
                            let value = answer.clone();
                            let toggled = answer.clone();
                            view! {
                                <label class="choice-chip">
                                    <input type="checkbox" data-testid="qn-conforming-choice" data-answer=answer.clone() disabled=!may_edit
                                        prop:checked=move || draft.conforming.with(|c| c.contains(&value))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            let answer = toggled.clone();
                                            draft.conforming.update(|c| {
                                                c.retain(|x| *x != answer);
                                                if on { c.push(answer); }
                                            });
                                            changed();
                                        } />
                                    {answer}
                                </label>
                            }
                        }).collect_view()}
                    </div>
                </div>
            </Show>
            <div class="field">
                <span class="label">"Controls a finding concerns"</span>
                <div class="chips" data-testid="qn-question-controls">
                    {move || draft.controls.get().into_iter().map(|id| view! {
                        <span class="badge" data-testid="qn-question-control" data-reference=reference(id)>
                            {reference(id)}
                            {may_edit.then(|| view! {
                                <button class="link-button" type="button" aria-label="Remove"
                                    on:click=move |_| { draft.controls.update(|c| c.retain(|x| *x != id)); changed(); }>" ×"</button>
                            })}
                        </span>
                    }).collect_view()}
                </div>
                {may_edit.then(|| view! {
                    <select class="select select-sm" data-testid="qn-question-add-control" aria-label="Add a control" prop:value=""
                        on:change=move |ev| {
                            if let Ok(id) = event_target_value(&ev).parse::<Uuid>() {
                                draft.controls.update(|c| if !c.contains(&id) { c.push(id) });
                                changed();
                            }
                        }>
                        <option value="">"Add a control…"</option>
                        {move || controls.get().into_iter().filter(|e| !draft.controls.with(|c| c.contains(&e.item_id))).map(|e| view! {
                            <option value=e.item_id.to_string() data-reference=e.reference.clone()>{format!("{} {}", e.reference, e.title)}</option>
                        }).collect_view()}
                    </select>
                })}
            </div>
            {move || error().map(|e| view! { <p class="field-error" data-testid="qn-question-error">{e}</p> })}
            {may_edit.then(|| view! {
                <div class="btn-row">
                    <button class="btn btn-sm btn-ghost" type="button" data-testid="qn-question-up" aria-label="Move up"
                        disabled=move || position() == 0
                        on:click=move |_| { questions.shift(key, true); changed(); }>"↑ Up"</button>
                    <button class="btn btn-sm btn-ghost" type="button" data-testid="qn-question-down" aria-label="Move down"
                        disabled=move || { position() + 1 >= questions.list.with(Vec::len) }
                        on:click=move |_| { questions.shift(key, false); changed(); }>"↓ Down"</button>
                    <button class="btn btn-sm btn-danger" type="button" data-testid="qn-question-remove"
                        on:click=move |_| { questions.remove(key); changed(); }>"Remove"</button>
                </div>
            })}
        </li>
    }
}
