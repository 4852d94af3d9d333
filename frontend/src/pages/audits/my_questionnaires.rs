//! "My questionnaires" on Home: the audit questionnaires asked of me — open ones not yet
//! submitted first — each with where I stand and a link to its answering screen. Hidden when
//! nothing is asked of me.

use crate::api::{self, Failure};
use crate::session::use_session;
use annex_client::domain::audits::questionnaires::{MyQuestionnaire, QuestionnaireState, Standing};
use leptos::prelude::*;
use leptos_router::components::A;

/// Whether something is left for me to do.
pub fn outstanding(q: &MyQuestionnaire) -> bool {
    q.state == QuestionnaireState::Open && q.standing != Standing::Submitted
}

/// "3 of 6 answered · answers by 12 Mar 2026", "Submitted 2 Mar 2026", or "Closed".
pub fn standing_text(q: &MyQuestionnaire) -> String {
    match (q.submitted_at, q.state) {
        (Some(at), _) => format!("Submitted {}", crate::format::date(&at)),
        (None, QuestionnaireState::Closed) => "Closed".to_owned(),
        (None, _) => {
            let by = q
                .closes_on
                .map(|d| format!(" · answers by {}", d.format("%-d %b %Y")))
                .unwrap_or_default();
            format!("{} of {} answered{by}", q.answers.len(), q.questions.len())
        }
    }
}

/// The Home card.
#[component]
pub fn MyQuestionnairesCard() -> impl IntoView {
    let session = use_session();
    let list = LocalResource::new(move || async move {
        api::call(session, async |c| c.my_questionnaires().await)
            .await
            .map_err(Failure::from)
    });
    move || {
        let mut list = list.get().and_then(Result::ok).unwrap_or_default();
        (!list.is_empty()).then(|| {
            list.sort_by_key(|q| !outstanding(q));
            let to_do = list.iter().filter(|q| outstanding(q)).count();
            view! {
                <section class="card card-flush" data-testid="my-questionnaires">
                    <div class="card-head">
                        <h2>"My questionnaires"</h2>
                        <span class="muted small" data-testid="my-questionnaires-summary">
                            {if to_do == 0 { "All answered".to_owned() } else { format!("{to_do} to answer") }}
                        </span>
                    </div>
                    <div class="table-wrap">
                        <table class="table stack-narrow">
                            <tbody>
                                {list.into_iter().map(|q| {
                                    let words = standing_text(&q);
                                    let due = outstanding(&q);
                                    let title = q.title.clone();
                                    view! {
                                        <tr data-testid="my-questionnaire" data-audit=q.audit_id.to_string() data-title=title data-outstanding=due.to_string()>
                                            <td>
                                                <A href=format!("/my/questionnaires/{}", q.audit_id) attr:class="cell-main" attr:data-testid="my-questionnaire-link">{q.title.clone()}</A>
                                                <div class="cell-sub">{format!("Audit {}", q.audit_label)}</div>
                                            </td>
                                            <td data-testid="my-questionnaire-standing">
                                                <span class=if due { "badge badge-warning" } else { "badge badge-success" }>{words}</span>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                </section>
            }
        })
    }
}
