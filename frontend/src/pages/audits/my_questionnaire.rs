//! Answering an audit questionnaire at `/my/questionnaires/:id`: each question with its answer
//! (yes/no, a choice or free text), saving a draft, and submitting — the required questions left
//! unanswered are marked where they are. Read-only once submitted or closed.

use crate::api::{self, Failure};
use crate::components::feedback::{EmptyState, ErrorAlert, ResourceView};
use crate::components::icon::Glyph;
use crate::components::markdown::Markdown;
use crate::components::toasts::use_toasts;
use crate::format::{date, date_time};
use crate::session::use_session;
use crate::submission::Submission;
use annex_client::domain::audits::questionnaires::{
    AnswerInput, AskedQuestion, MyQuestionnaire, NO, QuestionKind, QuestionnaireState, YES,
};
use leptos::prelude::*;
use leptos_router::components::A;

/// The answering screen.
#[component]
pub fn MyQuestionnairePage() -> impl IntoView {
    crate::format::set_title("Questionnaire");
    let session = use_session();
    let id = crate::pages::route_id();
    let loaded = LocalResource::new(move || {
        api::load_found(session, id.get(), async |c, id| {
            c.my_questionnaire(id).await
        })
    });
    let retry = Callback::new(move |()| loaded.refetch());
    view! {
        <div class="crumbs"><A href="/">"Home"</A>" / My questionnaires"</div>
        <ResourceView resource=loaded label="Loading the questionnaire…" retry=retry children={move |found| match found {
                    Some(q) => view! { <Answering q=q /> }.into_any(),
                    None => view! {
                        <EmptyState glyph=Glyph::Search title="Nothing to answer here" text="This questionnaire is not asked of you, or it has not been sent." />
                    }.into_any(),
                }} />
    }
}

/// The messages the server gave about question `n` (or its answer, `answers[n]…`).
fn errors_at(failure: Option<&Failure>, n: usize) -> Option<String> {
    let failure = failure?;
    let question = format!("questions[{n}]");
    let answer = format!("answers[{n}]");
    let messages: Vec<String> = failure
        .fields
        .iter()
        .filter(|(field, _)| *field == &question || field.starts_with(&answer))
        .flat_map(|(_, m)| m.iter().cloned())
        .collect();
    (!messages.is_empty()).then(|| messages.join("; "))
}

#[component]
fn Answering(q: MyQuestionnaire) -> impl IntoView {
    crate::format::set_title(&q.title);
    let session = use_session();
    let toasts = use_toasts();
    let id = q.audit_id;
    let values: Vec<(AskedQuestion, RwSignal<String>)> = q
        .questions
        .iter()
        .map(|question| {
            let value = q
                .answers
                .iter()
                .find(|a| a.question_id == question.id)
                .map(|a| a.value.clone())
                .unwrap_or_default();
            (question.clone(), RwSignal::new(value))
        })
        .collect();
    let values = StoredValue::new(values);
    let q = RwSignal::new(q);
    let busy = Submission::new();
    let failure = RwSignal::new(None::<Failure>);
    let locked =
        move || q.with(|q| q.submitted_at.is_some() || q.state == QuestionnaireState::Closed);
    let answers = move || {
        values.with_value(|v| {
            v.iter()
                .map(|(question, value)| AnswerInput {
                    question_id: question.id,
                    value: value.get_untracked(),
                })
                .collect::<Vec<_>>()
        })
    };
    // Saves, then (when `submit`) submits; the failure names the questions to mark.
    let send = move |submit: bool| {
        let given = answers();
        failure.set(None);
        busy.run(
            async move {
                let saved = api::call(session, async |c| {
                    c.save_my_answers(id, given.clone()).await
                })
                .await;
                match saved {
                    Ok(_) if submit => {
                        api::call(session, async |c| c.submit_my_answers(id).await).await
                    }
                    other => other,
                }
            },
            move |result| match result {
                Ok(updated) => {
                    toasts.info(if submit {
                        "Submitted. Thank you."
                    } else {
                        "Saved."
                    });
                    q.set(updated);
                }
                Err(err) => {
                    let f = Failure::from(err);
                    if f.fields.is_empty() {
                        toasts.error(f.message.clone());
                    }
                    failure.set(Some(f));
                }
            },
        );
    };
    let intro = Signal::derive(move || q.with(|q| q.intro.clone()));
    let general = Signal::derive(move || {
        failure.with(|f| {
            f.as_ref().filter(|f| !f.fields.is_empty()).map(|_| {
                "Some answers are missing or not valid: see the questions marked below.".to_owned()
            })
        })
    });
    view! {
        <div class="page-head">
            <div class="page-title">
                <h1 data-testid="answer-title">{move || q.with(|q| q.title.clone())}</h1>
                <p data-testid="answer-audit">
                    {move || q.with(|q| {
                        let by = q.closes_on.map(|d| format!(" · answers by {}", d.format("%-d %b %Y"))).unwrap_or_default();
                        let sent = q.sent_at.map(|t| format!(" · sent {}", date(&t))).unwrap_or_default();
                        format!("Audit {}{sent}{by}", q.audit_label)
                    })}
                </p>
            </div>
        </div>
        {move || q.with(|q| match (q.submitted_at, q.state) {
            (Some(at), _) => Some(view! {
                <p class="alert alert-success" data-testid="answer-submitted">{format!("Submitted on {}. Your answers are kept as they are.", date_time(&at))}</p>
            }.into_any()),
            (None, QuestionnaireState::Closed) => Some(view! {
                <p class="alert alert-warning" data-testid="answer-closed">"This questionnaire is closed: it takes no more answers."</p>
            }.into_any()),
            _ => None,
        })}
        <section class="card" data-testid="answering">
            <Markdown text=intro testid="answer-intro" />
            <ErrorAlert message=general />
            <ol class="questionnaire-answers" style="padding-left: 1.2em">
                {values.get_value().into_iter().enumerate().map(|(n, (question, value))| {
                    let error = Signal::derive(move || failure.with(|f| errors_at(f.as_ref(), n)));
                    view! { <AnswerField n=n question=question value=value error=error locked=Signal::derive(locked) /> }
                }).collect_view()}
            </ol>
            <Show when=move || !locked()>
                <div class="btn-row" style="margin-top: var(--s-4)">
                    <button class="btn" type="button" data-testid="answer-save" disabled=move || busy.running() on:click=move |_| send(false)>
                        "Save draft"
                    </button>
                    <button class="btn btn-primary" type="button" data-testid="answer-submit" disabled=move || busy.running() on:click=move |_| send(true)>
                        "Submit"
                    </button>
                </div>
            </Show>
        </section>
    }
}

/// One question and its answer.
#[component]
fn AnswerField(
    n: usize,
    question: AskedQuestion,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
    locked: Signal<bool>,
) -> impl IntoView {
    let name = format!("answer-{}", question.id);
    let choices: Vec<(String, String)> = match question.kind {
        QuestionKind::YesNo => vec![(YES.into(), "Yes".into()), (NO.into(), "No".into())],
        QuestionKind::Choice => question
            .options
            .iter()
            .map(|o| (o.clone(), o.clone()))
            .collect(),
        QuestionKind::Text => Vec::new(),
    };
    let input = if question.kind == QuestionKind::Text {
        view! {
            <textarea class="textarea" rows="3" data-testid="answer-text" maxlength="5000"
                disabled=move || locked.get() bind:value=value></textarea>
        }
        .into_any()
    } else {
        view! {
            <div class="choice-chips" role="radiogroup" data-testid="answer-choices">
                {choices.into_iter().map(|(key, label)| {
                    let checked = key.clone();
                    let chosen = key.clone();
                    view! {
                        <label class="choice-chip">
                            <input type="radio" name=name.clone() data-testid="answer-choice" data-value=key.clone()
                                disabled=move || locked.get()
                                prop:checked=move || value.with(|v| *v == checked)
                                on:change=move |_| value.set(chosen.clone()) />
                            {label}
                        </label>
                    }
                }).collect_view()}
            </div>
        }
        .into_any()
    };
    view! {
        <li class="field" data-testid="answer-question" data-position=n.to_string() data-required=question.required.to_string()
            style="margin-bottom: var(--s-4)">
            <span class="label">
                {question.text.clone()}
                {question.required.then(|| view! { <span class="muted" title="Required">" *"</span> })}
            </span>
            {input}
            {move || error.get().map(|e| view! { <span class="field-error" data-testid="answer-error">{e}</span> })}
        </li>
    }
}
