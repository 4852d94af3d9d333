//! The results of an audit questionnaire: how many of the audience submitted, the responses
//! person by person with non-conforming answers highlighted, the CSV file, a nudge for whoever
//! has not submitted, and — for editors — raising a non-conforming answer as a finding of the
//! audit (a corrective action), after which the answer links to it.

use crate::api::{self, Failure};
use crate::components::download::{download, file_name};
use crate::components::feedback::ResourceView;
use crate::components::toasts::use_toasts;
use crate::components::work::ProgressBar;
use crate::format::{count, date_time_short};
use crate::pages::work::item::ItemScope;
use crate::session::use_session;
use crate::submission::Submission;
use annex_client::domain::audits::FindingKind;
use annex_client::domain::audits::questionnaires::{
    Question, Questionnaire, QuestionnaireResponse, QuestionnaireState, RaiseAnswerFinding,
    ResponseAnswer, Standing,
};
use annex_client::domain::work::exchange::ExchangeFormat;
use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

/// The background of a non-conforming answer.
const NON_CONFORMING: &str = "background: #fdecea";

/// The answer being raised: (person, question).
type Raising = Option<(Uuid, Uuid)>;

/// Progress, tools and responses of a sent questionnaire.
#[component]
pub fn QuestionnaireResults(scope: ItemScope, q: Questionnaire, may_edit: bool) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let audit = scope.item_id;
    let busy = Submission::new();
    let refresh = RwSignal::new(0_u64);
    let responses = LocalResource::new(move || {
        refresh.track();
        scope.pulse.track();
        async move {
            api::call(session, async |c| c.questionnaire_responses(audit).await)
                .await
                .map_err(Failure::from)
        }
    });
    let retry = Callback::new(move |()| responses.refetch());
    let title = StoredValue::new(q.title.clone());
    let export = move |_| {
        busy.run(
            async move {
                api::call(session, async |c| {
                    c.export_questionnaire_responses(audit, ExchangeFormat::Csv)
                        .await
                })
                .await
            },
            move |result| {
                let file = file_name(
                    &format!("{} responses", title.get_value()),
                    ExchangeFormat::Csv.extension(),
                );
                match result {
                    Ok(bytes) => {
                        match download(&bytes, &file, ExchangeFormat::Csv.content_type()) {
                            Ok(()) => toasts.info(format!("Exported {file}.")),
                            Err(text) => toasts.error(text),
                        }
                    }
                    Err(err) => toasts.error(api::describe(&err)),
                }
            },
        );
    };
    let nudge = move |_| {
        busy.run(
            async move { api::call(session, async |c| c.nudge_questionnaire(audit).await).await },
            move |result| match result {
                Ok(n) => toasts.info(format!(
                    "Notified {}.",
                    count(n.notified, "person", "people")
                )),
                Err(err) => toasts.error(api::describe(&err)),
            },
        );
    };
    // A raised finding shows in the answer and in the audit's Findings panel.
    let raised = Callback::new(move |()| scope.changed());
    let p = q.progress;
    let warn = p.non_conforming > 0;
    let questions = StoredValue::new(q.questions.clone());
    let open = q.state == QuestionnaireState::Open;
    view! {
        <h3 style="margin-top: var(--s-5)">"Responses"</h3>
        <div class="stat-tiles" data-testid="qn-progress">
            <div class="stat-tile"><span class="stat-n" data-testid="qn-progress-audience">{p.audience}</span><span class="stat-l">"Asked"</span></div>
            <div class="stat-tile"><span class="stat-n" data-testid="qn-progress-submitted">{format!("{}%", p.submitted_percent)}</span><span class="stat-l">{format!("Submitted ({})", p.submitted)}</span></div>
            <div class="stat-tile"><span class="stat-n">{p.in_progress}</span><span class="stat-l">"In progress"</span></div>
            <div class="stat-tile" class:stat-warn=warn><span class="stat-n" data-testid="qn-progress-nc">{p.non_conforming}</span><span class="stat-l">"Non-conforming answers"</span></div>
        </div>
        <ProgressBar value=p.submitted_percent testid="qn-submitted-bar" />
        <div class="btn-row" style="margin: var(--s-3) 0">
            <button class="btn btn-sm" type="button" data-testid="qn-export" disabled=move || busy.running() on:click=export>"Export CSV"</button>
            {(may_edit && open).then(|| view! {
                <button class="btn btn-sm" type="button" data-testid="qn-nudge" disabled=move || busy.running() on:click=nudge>"Nudge who has not submitted"</button>
            })}
        </div>
        <ResourceView resource=responses label="Loading the responses…" retry=retry children={move |list: Vec<QuestionnaireResponse>| view! {
                    <ResponsesTable responses=list questions=questions.get_value() audit=audit may_edit=may_edit
                        raised=raised refresh=refresh />
                }} />
    }
}

#[component]
fn ResponsesTable(
    responses: Vec<QuestionnaireResponse>,
    questions: Vec<Question>,
    audit: Uuid,
    may_edit: bool,
    raised: Callback<()>,
    refresh: RwSignal<u64>,
) -> impl IntoView {
    let raising = RwSignal::new(None::<(Uuid, Uuid)>);
    let heads = questions
        .iter()
        .enumerate()
        .map(|(n, q)| view! { <th title=q.text.clone()>{format!("Q{} {}", n + 1, q.text)}</th> })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="qn-responses">
                <thead>
                    <tr>
                        <th>"Person"</th>
                        <th>"Standing"</th>
                        {heads}
                    </tr>
                </thead>
                <tbody>
                    {responses.into_iter().map(|r| {
                        let standing = r.standing;
                        let submitted = standing == Standing::Submitted;
                        let badge = match standing {
                            Standing::Submitted => "badge badge-success",
                            Standing::InProgress => "badge badge-warning",
                            Standing::NotStarted => "badge",
                        };
                        let when = r.submitted_at.as_ref().map(date_time_short);
                        let user = r.user_id;
                        let cells = questions.iter().map(|q| {
                            let answer = r.answers.iter().find(|a| a.question_id == q.id).cloned();
                            view! { <AnswerCell answer=answer user=user question=q.id audit=audit
                                may_raise=may_edit && submitted raising=raising raised=raised refresh=refresh /> }
                        }).collect_view();
                        view! {
                            <tr data-testid="qn-response" data-email=r.email.clone() data-standing=format!("{standing:?}")>
                                <td>
                                    <span class="cell-main">{r.name.clone()}</span>
                                    <div class="cell-sub">{r.email.clone()}</div>
                                </td>
                                <td>
                                    <span class=badge data-testid="qn-response-standing">{standing.label()}</span>
                                    {when.map(|w| view! { <div class="cell-sub">{w}</div> })}
                                </td>
                                {cells}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// One answer: its value, highlighted when non-conforming, with its finding or a way to raise one.
#[component]
fn AnswerCell(
    answer: Option<ResponseAnswer>,
    user: Uuid,
    question: Uuid,
    audit: Uuid,
    may_raise: bool,
    raising: RwSignal<Raising>,
    raised: Callback<()>,
    refresh: RwSignal<u64>,
) -> impl IntoView {
    let Some(answer) = answer else {
        return view! { <td class="muted" data-testid="qn-answer" data-conforming="none">"—"</td> }
            .into_any();
    };
    let non_conforming = answer.conforming == Some(false);
    let flag = match answer.conforming {
        Some(true) => "yes",
        Some(false) => "no",
        None => "none",
    };
    let finding = answer.finding.clone();
    let can_raise = may_raise && non_conforming && finding.is_none();
    view! {
        <td data-testid="qn-answer" data-conforming=flag style=if non_conforming { NON_CONFORMING } else { "" }>
            <span data-testid="qn-answer-value">{answer.value.clone()}</span>
            {non_conforming.then(|| view! { " " <span class="badge badge-danger" data-testid="qn-answer-nc">"Non-conforming"</span> })}
            {finding.map(|f| view! {
                <div class="cell-sub">
                    <A href=format!("/items/{}", f.item_id) attr:data-testid="qn-answer-finding">{format!("Finding {} - {}", f.number, f.title)}</A>
                </div>
            })}
            {can_raise.then(|| view! {
                <RaiseAnswer user=user question=question audit=audit raising=raising raised=raised refresh=refresh />
            })}
        </td>
    }
    .into_any()
}

/// "Raise as finding": the kind, then the corrective action.
#[component]
fn RaiseAnswer(
    user: Uuid,
    question: Uuid,
    audit: Uuid,
    raising: RwSignal<Raising>,
    raised: Callback<()>,
    refresh: RwSignal<u64>,
) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let kind = RwSignal::new(FindingKind::MinorNc);
    let busy = Submission::new();
    let here = move || raising.get() == Some((user, question));
    let raise = move |_| {
        let request = RaiseAnswerFinding {
            user_id: user,
            question_id: question,
            kind: kind.get_untracked(),
            title: None,
            description: None,
        };
        busy.run(
            async move {
                api::call(session, async |c| {
                    c.raise_answer_finding(audit, &request).await
                })
                .await
            },
            move |result| match result {
                Ok(action) => {
                    toasts.info(format!("Corrective action {} raised", action.number));
                    raising.set(None);
                    refresh.update(|n| *n += 1);
                    raised.run(());
                }
                Err(err) => toasts.error(api::describe(&err)),
            },
        );
    };
    view! {
        <Show
            when=here
            fallback=move || view! {
                <div>
                    <button class="btn btn-sm btn-ghost" type="button" data-testid="qn-raise"
                        on:click=move |_| raising.set(Some((user, question)))>
                        "Raise as finding"
                    </button>
                </div>
            }
        >
            <div class="btn-row" data-testid="qn-raise-form">
                <select class="select select-sm" data-testid="qn-raise-kind" aria-label="Kind of finding"
                    on:change=move |ev| if let Some(k) = FindingKind::from_label(&event_target_value(&ev)) { kind.set(k) }>
                    {FindingKind::ALL.into_iter().map(|k| view! {
                        <option value=k.label() selected=move || kind.get() == k>{k.label()}</option>
                    }).collect_view()}
                </select>
                <button class="btn btn-sm btn-primary" type="button" data-testid="qn-raise-confirm"
                    disabled=move || busy.running() on:click=raise>"Raise"</button>
                <button class="btn btn-sm" type="button" on:click=move |_| raising.set(None)>"Cancel"</button>
            </div>
        </Show>
    }
}
