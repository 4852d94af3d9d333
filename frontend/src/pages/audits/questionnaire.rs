//! The Questionnaire card of an audit's page (questionnaire audits: "home-working questionnaire",
//! "laptop questionnaire"): editors create it, write its questions, choose its audience, send it
//! and close it; everyone sees its progress and responses (see the responses module), and people
//! asked are pointed to their answering screen.

use crate::api::{self, Failure};
use crate::components::feedback::{ErrorAlert, Field};
use crate::components::markdown::Markdown;
use crate::components::toasts::use_toasts;
use crate::format::date;
use crate::pages::audits::questionnaire_questions::{Questions, QuestionsEditor};
use crate::pages::audits::questionnaire_responses::QuestionnaireResults;
use crate::pages::packs::audience::{PackAudience, ask_with_count};
use crate::pages::work::item::ItemScope;
use crate::session::use_session;
use annex_client::ApiError;
use annex_client::domain::Action;
use annex_client::domain::audits::questionnaires::{
    QuestionInput, Questionnaire, QuestionnaireDefinition, QuestionnaireState,
};
use annex_client::domain::frameworks::soa::SoaFilter;
use leptos::prelude::*;
use leptos_router::components::A;

/// Shown when a write lost the race with someone else's change.
const CHANGED_ELSEWHERE: &str =
    "This questionnaire was changed by someone else — reloaded. Check it and try again.";

/// The words and colour of a state.
fn state_badge(state: QuestionnaireState) -> (&'static str, &'static str) {
    match state {
        QuestionnaireState::Draft => ("Draft", "badge-warning"),
        QuestionnaireState::Open => ("Open", "badge-info"),
        QuestionnaireState::Closed => ("Closed", "badge-success"),
    }
}

/// The card: the audit's questionnaire, or (for editors) a way to create one.
#[component]
pub fn QuestionnaireCard(scope: ItemScope) -> impl IntoView {
    let session = use_session();
    let audit = scope.item_id;
    let loaded = LocalResource::new(move || async move {
        match api::call(session, async |c| c.questionnaire(audit).await).await {
            Ok(q) => Ok(Some(q)),
            Err(ApiError::NotFound(_)) => Ok(None),
            Err(err) => Err(Failure::from(err)),
        }
    });
    let reload = Callback::new(move |()| loaded.refetch());
    move || match loaded.get() {
        None => ().into_any(),
        Some(Err(f)) => view! {
            <section class="card" data-testid="questionnaire-error">
                <h2>"Questionnaire"</h2>
                <p class="field-error">{f.message}</p>
            </section>
        }
        .into_any(),
        Some(Ok(None)) => view! { <NoQuestionnaire scope=scope created=reload /> }.into_any(),
        Some(Ok(Some(q))) => {
            view! { <QuestionnaireView scope=scope q=q reload=reload /> }.into_any()
        }
    }
}

/// No questionnaire yet: editors name one to create it.
#[component]
fn NoQuestionnaire(scope: ItemScope, created: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let audit = scope.item_id;
    let may_edit = scope.role.can(Action::EditAnyItem);
    let title = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<Failure>);
    let busy = RwSignal::new(false);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = QuestionnaireDefinition {
            title: title.get_untracked().trim().to_owned(),
            ..QuestionnaireDefinition::default()
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::call(session, async |c| {
                c.create_questionnaire(audit, &request).await
            })
            .await;
            if busy.is_disposed() {
                return;
            }
            busy.set(false);
            match result {
                Ok(_) => {
                    toasts.info("Questionnaire created.");
                    created.run(());
                }
                Err(err) => failure.set(Some(Failure::from(err))),
            }
        });
    };
    let general = Signal::derive(move || failure.with(|f| f.as_ref().map(|f| f.message.clone())));
    view! {
        <section class="card" data-testid="questionnaire-card" data-state="none">
            <h2>"Questionnaire"</h2>
            <p class="muted small" data-testid="qn-none">"No questionnaire on this audit."</p>
            {may_edit.then(|| view! {
                <form class="form" on:submit=create data-testid="qn-new" novalidate>
                    <ErrorAlert message=general />
                    <div class="form-row">
                        <div class="field" style="flex: 3">
                            <label for="qn-new-title">"Title"</label>
                            <input class="input" id="qn-new-title" data-testid="qn-new-title" maxlength="300"
                                placeholder="Laptop questionnaire" bind:value=title />
                        </div>
                    </div>
                    <button class="btn btn-primary btn-sm" type="submit" data-testid="qn-create" disabled=move || busy.get()>
                        "Create questionnaire"
                    </button>
                </form>
            })}
        </section>
    }
}

/// What the person is asked to confirm.
#[derive(Debug, Clone, PartialEq)]
enum Asking {
    Send(String),
    Close,
    Delete,
}

#[component]
fn QuestionnaireView(scope: ItemScope, q: Questionnaire, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let audit = scope.item_id;
    let may_edit = scope.role.can(Action::EditAnyItem);
    let inputs: Vec<QuestionInput> = q.questions.iter().map(Into::into).collect();
    let questions = Questions::new(&inputs);
    let title = RwSignal::new(q.title.clone());
    let intro = RwSignal::new(q.intro.clone());
    let closes_on = RwSignal::new(q.closes_on.map(|d| d.to_string()).unwrap_or_default());
    let audience = RwSignal::new(q.audience.clone());
    let state = q.state;
    let q = RwSignal::new(q);
    let dirty = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<Failure>);
    let asking = RwSignal::new(None::<Asking>);
    let on_change = Callback::new(move |()| dirty.set(true));
    let editable = may_edit && state != QuestionnaireState::Closed;
    let questions_editable = may_edit && state == QuestionnaireState::Draft;

    let soa = LocalResource::new(move || async move {
        api::call(session, async |c| c.soa(&SoaFilter::default()).await)
            .await
            .map(|p| p.data)
            .unwrap_or_default()
    });
    let controls = Signal::derive(move || soa.get().unwrap_or_default());
    // Whether the caller is asked: they get a link to answer.
    let mine = LocalResource::new(move || async move {
        api::call(session, async |c| c.my_questionnaire(audit).await)
            .await
            .ok()
    });

    let settle = move |result: Result<Questionnaire, ApiError>, done: &'static str| {
        busy.set(false);
        match result {
            Ok(_) => {
                dirty.set(false);
                failure.set(None);
                toasts.info(done);
                reload.run(());
            }
            Err(ApiError::PreconditionFailed { .. }) => {
                toasts.warn(CHANGED_ELSEWHERE);
                reload.run(());
            }
            Err(err) => failure.set(Some(Failure::from(err))),
        }
    };
    let definition = move || QuestionnaireDefinition {
        title: title.get_untracked().trim().to_owned(),
        intro: intro.get_untracked(),
        questions: questions.inputs(),
        audience: audience.get_untracked(),
        closes_on: closes_on.get_untracked().parse().ok(),
    };
    let save = move |_| {
        let request = definition();
        let row_version = q.with_untracked(|q| q.row_version);
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::call(session, async |c| {
                c.update_questionnaire(audit, row_version, &request).await
            })
            .await;
            if !busy.is_disposed() {
                settle(result, "Saved.");
            }
        });
    };
    let ask_send = move |_| {
        ask_with_count(session, busy, audience.get_untracked(), move |people| {
            asking.set(Some(Asking::Send(format!(
                "Send the questionnaire to {people}? Its questions cannot change afterwards."
            ))));
        });
    };
    let confirm = move |_| {
        let Some(what) = asking.get_untracked() else {
            return;
        };
        asking.set(None);
        let row_version = q.with_untracked(|q| q.row_version);
        busy.set(true);
        leptos::task::spawn_local(async move {
            match what {
                Asking::Send(_) => {
                    let result = api::call(session, async |c| {
                        c.send_questionnaire(audit, row_version).await
                    })
                    .await;
                    if !busy.is_disposed() {
                        settle(result, "Sent.");
                    }
                }
                Asking::Close => {
                    let result = api::call(session, async |c| {
                        c.close_questionnaire(audit, row_version).await
                    })
                    .await;
                    if !busy.is_disposed() {
                        settle(result, "Closed.");
                    }
                }
                Asking::Delete => {
                    let result = api::call(session, async |c| {
                        c.delete_questionnaire(audit, row_version).await
                    })
                    .await;
                    if busy.is_disposed() {
                        return;
                    }
                    busy.set(false);
                    match result {
                        Ok(()) => {
                            toasts.info("Questionnaire deleted.");
                            reload.run(());
                        }
                        Err(err) => failure.set(Some(Failure::from(err))),
                    }
                }
            }
        });
    };
    // Messages that are not about one question (those show at the question).
    let general = Signal::derive(move || {
        failure.with(|f| {
            f.as_ref().map(|f| {
                let others: Vec<String> = f
                    .fields
                    .iter()
                    .filter(|(field, _)| !field.starts_with("questions["))
                    .flat_map(|(field, m)| m.iter().map(move |m| format!("{field}: {m}")))
                    .collect();
                if others.is_empty() {
                    f.message.clone()
                } else {
                    format!("{} {}", f.message, others.join("; "))
                }
            })
        })
    });
    let (state_label, state_class) = state_badge(state);
    let intro_text = Signal::derive(move || q.with(|q| q.intro.clone()));
    view! {
        <section class="card" data-testid="questionnaire-card" data-state=state.key()>
            <div class="card-head">
                <h2>"Questionnaire"</h2>
                <span class="btn-row">
                    <span class=format!("badge {state_class}") data-testid="qn-state" data-state=state.key()>{state_label}</span>
                    {move || q.with(|q| q.sent_at.map(|t| format!("sent {}", date(&t))))}
                    {move || q.with(|q| q.closes_on.map(|d| format!("· answers by {}", d.format("%-d %b %Y"))))}
                </span>
            </div>
            {move || mine.get().flatten().filter(|m| m.state == QuestionnaireState::Open).map(|m| view! {
                <p class="alert alert-info" data-testid="qn-answer-prompt">
                    {format!("You are asked to answer this questionnaire ({}). ", m.standing.label().to_lowercase())}
                    <A href=format!("/my/questionnaires/{audit}") attr:data-testid="qn-answer-link">"Answer it"</A>
                </p>
            })}
            {move || asking.get().map(|what| {
                let text = match what {
                    Asking::Send(text) => text,
                    Asking::Close => "Close the questionnaire? Nobody can answer any more; the responses stay.".to_owned(),
                    Asking::Delete => "Delete this draft questionnaire?".to_owned(),
                };
                view! {
                    <div class="alert alert-warning" data-testid="qn-confirm">
                        <span data-testid="qn-confirm-text">{text}</span>
                        " "
                        <button class="btn btn-sm btn-primary" type="button" data-testid="qn-confirm-yes" on:click=confirm>"Yes"</button>
                        " "
                        <button class="btn btn-sm" type="button" on:click=move |_| asking.set(None)>"Cancel"</button>
                    </div>
                }
            })}
            <ErrorAlert message=general />
            {if editable {
                view! {
                    <div class="form">
                        <div class="form-row">
                            <div class="field" style="flex: 3">
                                <label for="qn-title">"Title"</label>
                                <input class="input" id="qn-title" data-testid="qn-title" maxlength="300"
                                    bind:value=title on:input=move |_| dirty.set(true) />
                            </div>
                            <Field label="Answers by" id="qn-closes-on">
                                <input class="input" type="date" id="qn-closes-on" data-testid="qn-closes-on"
                                    bind:value=closes_on on:change=move |_| dirty.set(true) />
                            </Field>
                        </div>
                        <Field label="Introduction (Markdown)" id="qn-intro">
                            <textarea class="textarea" id="qn-intro" rows="3" data-testid="qn-intro" maxlength="20000"
                                bind:value=intro on:input=move |_| dirty.set(true)></textarea>
                        </Field>
                    </div>
                }.into_any()
            } else {
                view! {
                    <h3 data-testid="qn-title-text">{move || q.with(|q| q.title.clone())}</h3>
                    <Markdown text=intro_text testid="qn-intro-text" />
                }.into_any()
            }}
            <QuestionsEditor questions=questions controls=controls failure=failure on_change=on_change may_edit=questions_editable />
            {(state == QuestionnaireState::Open && may_edit).then(|| view! {
                <p class="muted small" data-testid="qn-frozen">"The questionnaire was sent: its questions are frozen."</p>
            })}
            <PackAudience audience=audience on_change=on_change may_edit=editable />
            {editable.then(|| view! {
                <div class="btn-row" style="margin-top: var(--s-4)">
                    <button class="btn btn-primary" type="button" data-testid="qn-save" disabled=move || busy.get() || !dirty.get() on:click=save>
                        {move || if dirty.get() { "Save" } else { "Saved" }}
                    </button>
                    {(state == QuestionnaireState::Draft).then(|| view! {
                        <button class="btn" type="button" data-testid="qn-send"
                            title=move || if dirty.get() { "Save your changes first" } else { "" }
                            disabled=move || busy.get() || dirty.get() on:click=ask_send>
                            "Send"
                        </button>
                        <button class="btn btn-danger" type="button" data-testid="qn-delete"
                            disabled=move || busy.get() on:click=move |_| asking.set(Some(Asking::Delete))>
                            "Delete"
                        </button>
                    })}
                    {(state == QuestionnaireState::Open).then(|| view! {
                        <button class="btn btn-danger" type="button" data-testid="qn-close"
                            disabled=move || busy.get() on:click=move |_| asking.set(Some(Asking::Close))>
                            "Close"
                        </button>
                    })}
                </div>
            })}
            {(state != QuestionnaireState::Draft).then(|| view! {
                <QuestionnaireResults scope=scope q=q.get_untracked() may_edit=may_edit />
            })}
        </section>
    }
}
