//! The outbox on Settings → E-mail: every mail Annex sends, newest first, where it is on its way
//! out and why it failed; a failed one can be sent again.

use crate::api::{self, Failure};
use crate::components::badges::{StatusBadge, StatusTone};
use crate::components::feedback::{EmptyState, Field};
use crate::components::icon::Glyph;
use crate::components::paging::{MorePages, PagedList};
use crate::components::toasts::use_toasts;
use crate::format::date_time_short;
use crate::session::use_session;
use crate::submission::Submission;
use annex_client::domain::PageParams;
use annex_client::domain::events::mail::{MailKind, MailState, OutboxFilter, OutboxMail};
use leptos::prelude::*;

/// What made a mail, as the table says it.
pub fn kind_label(kind: MailKind) -> &'static str {
    match kind {
        MailKind::Notification => "Notification",
        MailKind::Digest => "Daily digest",
        MailKind::Invitation => "Invitation",
        MailKind::Test => "Test",
    }
}

/// A mail's state as a badge: its colour and word.
pub fn state_badge(state: MailState) -> (StatusTone, &'static str) {
    match state {
        MailState::Queued => (StatusTone::Warning, "Queued"),
        MailState::Sent => (StatusTone::Success, "Sent"),
        MailState::Failed => (StatusTone::Danger, "Failed"),
    }
}

/// The outbox table with its state filter; it loads again whenever `generation` changes.
#[component]
pub fn Outbox(generation: Signal<u32>, on_changed: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let state = RwSignal::new(None::<MailState>);
    let more = MorePages::<OutboxMail>::new();
    let first_page = LocalResource::new(move || {
        let state = state.get();
        generation.track();
        async move {
            more.first(api::call(session, async |c| {
                c.outbox(&OutboxFilter { state }, &PageParams::default())
                    .await
            }))
            .await
        }
    });
    let reload = Callback::new(move |()| first_page.refetch());
    let load_more = Callback::new(move |()| {
        let state = state.get_untracked();
        more.load(toasts, async move |params| {
            api::call(session, async |c| {
                c.outbox(&OutboxFilter { state }, &params).await
            })
            .await
        });
    });
    view! {
        <section class="card card-flush" data-testid="outbox">
            <div class="toolbar">
                <h2 class="grow" style="margin: 0; align-self: center">"Outbox"</h2>
                <Field label="State" id="outbox-state-filter">
                    <select class="select" id="outbox-state-filter" data-testid="outbox-state-filter"
                        on:change=move |ev| state.set(MailState::from_stored(&event_target_value(&ev)))>
                        <option value="">"All"</option>
                        {MailState::ALL.into_iter().map(|s| view! { <option value=s.as_str()>{state_badge(s).1}</option> }).collect_view()}
                    </select>
                </Field>
            </div>
            <PagedList resource=first_page more=more label="Loading the outbox…" retry=reload testid="outbox" on_more=load_more
                empty={move || {
                    let text = if state.with(Option::is_some) {
                        "No mail is in this state. Choose All to see every mail."
                    } else {
                        "Notifications, daily digests, invitations and test mails appear here as Annex sends them."
                    };
                    view! { <EmptyState glyph=Glyph::Mail title="No mails" text=text /> }.into_any()
                }}
                list={move |rows: Signal<Vec<OutboxMail>>| view! {
                    <div class="table-wrap">
                        <table class="table stack-narrow" data-testid="outbox-table">
                            <thead>
                                <tr>
                                    <th>"Created (UTC)"</th>
                                    <th>"Mail"</th>
                                    <th>"State"</th>
                                    <th class="hide-narrow">"Attempts"</th>
                                    <th class="hide-narrow">"Last error"</th>
                                    <th class="hide-narrow">"Sent / next attempt (UTC)"</th>
                                    <th class="actions"><span class="visually-hidden">"Actions"</span></th>
                                </tr>
                            </thead>
                            <tbody>
                                <For
                                    each=move || rows.get()
                                    key=|m| (m.id, m.state, m.attempts)
                                    children=move |m| view! { <OutboxRow mail=m on_changed=on_changed /> }
                                />
                            </tbody>
                        </table>
                    </div>
                }}
            />
        </section>
    }
}

/// One mail; a failed one has "Send again".
#[component]
fn OutboxRow(mail: OutboxMail, on_changed: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let busy = Submission::new();
    let id = mail.id;
    let retry = move |_| {
        busy.run(
            async move { api::call(session, async |c| c.retry_mail(id).await).await },
            move |result| {
                match result.map_err(Failure::from) {
                    Ok(_) => toasts.info("Queued again: it goes out with the next attempt."),
                    Err(f) => toasts.error(f.in_full()),
                }
                on_changed.run(());
            },
        );
    };
    let (tone, label) = state_badge(mail.state);
    let when = match (mail.sent_at, mail.next_attempt_at, mail.state) {
        (Some(sent), _, _) => format!("Sent {}", date_time_short(&sent)),
        (None, Some(next), MailState::Queued) => format!("Next try {}", date_time_short(&next)),
        _ => "—".to_owned(),
    };
    let failed = mail.state == MailState::Failed;
    view! {
        <tr data-testid="outbox-row" data-state=mail.state.as_str() data-kind=mail.kind.as_str()>
            <td class="muted nowrap">{date_time_short(&mail.created_at)}</td>
            <td>
                <div class="cell-main" data-testid="outbox-subject">{mail.subject.clone()}</div>
                <div class="cell-sub">
                    <span data-testid="outbox-to">{mail.to.clone()}</span>
                    " · "
                    {kind_label(mail.kind)}
                </div>
            </td>
            <td data-testid="outbox-state"><StatusBadge tone=tone label=label /></td>
            <td class="hide-narrow">{mail.attempts}</td>
            <td class="hide-narrow muted small" data-testid="outbox-error">{mail.last_error.clone().unwrap_or_default()}</td>
            <td class="hide-narrow muted nowrap">{when}</td>
            <td class="actions">
                {failed.then(|| view! {
                    <button class="btn btn-sm" type="button" data-testid="outbox-retry"
                        disabled=move || busy.running() on:click=retry>
                        {move || if busy.running() { "Sending…" } else { "Send again" }}
                    </button>
                })}
            </td>
        </tr>
    }
}
