//! Settings → E-mail at `/settings/email`, for owners and admins: whether Annex's mail goes out
//! and as whom, the hour daily digests are sent, a test mail, and the outbox of every mail.

use crate::api::{self, Failure};
use crate::components::badges::{StatusBadge, StatusTone};
use crate::components::feedback::{EmptyState, FailureAlert, Field, ResourceView};
use crate::components::icon::Glyph;
use crate::components::page_head::PageHead;
use crate::components::toasts::use_toasts;
use crate::format::count;
use crate::pages::events::mail_outbox::Outbox;
use crate::session::{Auth, use_session};
use crate::submission::Submission;
use annex_client::domain::Action;
use annex_client::domain::events::mail::{ChangeMailSettings, MailSettings, SendTestMail};
use leptos::prelude::*;

/// Shown while no SMTP server is configured.
const NO_SMTP: &str = "No SMTP server is configured (ANNEX_SMTP_URL): mails wait in the outbox below and go out once one is.";

/// An hour of the day as the digest select shows it: `07:00 UTC`.
pub fn hour_label(hour: i32) -> String {
    format!("{hour:02}:00 UTC")
}

/// How early due dates are reminded of: `3 days ahead`, `on the day`.
pub fn lead_label(days: i32) -> String {
    match days {
        0 => "on the day".to_owned(),
        1 => "1 day ahead".to_owned(),
        n => format!("{n} days ahead"),
    }
}

/// The screen; only owners and admins get more than a note.
#[component]
pub fn MailSettingsPage() -> impl IntoView {
    crate::format::set_title("E-mail");
    let may_manage = use_session().can_untracked(Action::ManageOrganisation);
    view! {
        <PageHead title="E-mail" intro="How Annex's mails go out: the SMTP server and sender, when daily digests are sent, and every mail on its way." testid="mail-title" />
        <Show
            when=move || may_manage
            fallback=|| view! {
                <section class="card" data-testid="mail-forbidden">
                    <EmptyState glyph=Glyph::Lock title="Not available to your role"
                        text="Owners and admins look after the organisation's e-mail. Choose which mails you get under Settings → Notification e-mails." />
                </section>
            }
        >
            <MailAdmin />
        </Show>
    }
}

/// The settings, the test mail and the outbox; a mail sent or retried refreshes the counts and the outbox.
#[component]
fn MailAdmin() -> impl IntoView {
    let session = use_session();
    let settings = LocalResource::new(move || async move {
        api::call(session, async |c| c.mail_settings().await)
            .await
            .map_err(Failure::from)
    });
    let reload = Callback::new(move |()| settings.refetch());
    let outbox_generation = RwSignal::new(0_u32);
    let mail_changed = Callback::new(move |()| {
        settings.refetch();
        outbox_generation.update(|n| *n += 1);
    });
    view! {
        <div class="grid-2" style="margin-bottom: var(--s-5); align-items: start">
            <ResourceView resource=settings label="Loading the mail settings…" retry=reload children={move |s: MailSettings| {
                view! { <SendingCard settings=s on_saved=reload /> }
            }} />
            <TestMailCard on_sent=mail_changed />
        </div>
        <Outbox generation=outbox_generation.into() on_changed=mail_changed />
    }
}

/// Whether mail goes out, as whom, how much waits, and the digest hour.
#[component]
fn SendingCard(settings: MailSettings, on_saved: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let stored_hour = settings.digest_hour;
    let hour = RwSignal::new(stored_hour);
    let stored_days = settings.reminder_days;
    let days = RwSignal::new(stored_days);
    let failure = RwSignal::new(None::<Failure>);
    let pending = Submission::new();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let change = ChangeMailSettings {
            digest_hour: Some(hour.get_untracked()),
            reminder_days: Some(days.get_untracked()),
        };
        failure.set(None);
        pending.run(
            async move {
                api::call(session, async |c| {
                    c.change_mail_settings(&change).await
                })
                .await
            },
            move |result| match result {
                Ok(now) => {
                    toasts.info(format!(
                        "Daily digests now go out at {}; due dates are reminded of {}.",
                        hour_label(now.digest_hour),
                        lead_label(now.reminder_days)
                    ));
                    on_saved.run(());
                }
                Err(err) => failure.set(Some(Failure::from(err))),
            },
        );
    };
    let configured = settings.smtp_configured;
    let not_set = |value: Option<String>, variable: &str| {
        value.unwrap_or_else(|| format!("Not set ({variable})"))
    };
    view! {
        <section class="card" data-testid="mail-settings">
            <div class="card-head">
                <h2>"Sending"</h2>
                {if configured {
                    view! { <StatusBadge tone=StatusTone::Success label="SMTP configured" /> }
                } else {
                    view! { <StatusBadge tone=StatusTone::Warning label="Not sending" /> }
                }}
            </div>
            <div data-testid="smtp-status" data-configured=configured.to_string()>
                {if configured {
                    view! { <p class="small muted">"An SMTP server is configured: mails go out as they are queued."</p> }.into_any()
                } else {
                    view! { <div class="alert alert-warning" role="status">{NO_SMTP}</div> }.into_any()
                }}
            </div>
            <dl class="facts" style="margin: var(--s-4) 0">
                <dt>"Sender"</dt>
                <dd data-testid="mail-from">{not_set(settings.from, "ANNEX_MAIL_FROM")}</dd>
                <dt>"Links start with"</dt>
                <dd data-testid="mail-public-url">{not_set(settings.public_url, "ANNEX_PUBLIC_URL")}</dd>
                <dt>"Waiting to go out"</dt>
                <dd data-testid="mail-queued">{count(settings.queued, "mail", "mails")}</dd>
                <dt>"Failed"</dt>
                <dd data-testid="mail-failed">{count(settings.failed, "mail", "mails")}</dd>
            </dl>
            <form class="form" on:submit=save novalidate>
                <Field label="Daily digests go out at" id="digest-hour" failure=failure field="digest_hour">
                    <select class="select" id="digest-hour" data-testid="digest-hour" on:change=move |ev| {
                        if let Ok(h) = event_target_value(&ev).parse() {
                            hour.set(h);
                        }
                    }>
                        {(0..24).map(|h| view! {
                            <option value=h.to_string() prop:selected=move || hour.get() == h>{hour_label(h)}</option>
                        }).collect_view()}
                    </select>
                    <span class="hint">"Each person whose notifications go to the digest gets one mail a day, at this hour."</span>
                </Field>
                <Field label="Remind assignees of a due date" id="reminder-days" failure=failure field="reminder_days">
                    <select class="select" id="reminder-days" data-testid="reminder-days" on:change=move |ev| {
                        if let Ok(d) = event_target_value(&ev).parse() {
                            days.set(d);
                        }
                    }>
                        {[0, 1, 2, 3, 5, 7, 14, 30].into_iter().chain((!matches!(stored_days, 0 | 1 | 2 | 3 | 5 | 7 | 14 | 30)).then_some(stored_days)).map(|d| view! {
                            <option value=d.to_string() prop:selected=move || days.get() == d>{lead_label(d)}</option>
                        }).collect_view()}
                    </select>
                    <span class="hint">"The assignee of an open item is reminded once before its due date, and once when it is overdue."</span>
                </Field>
                <FailureAlert failure=failure />
                <div class="btn-row">
                    <button class="btn btn-primary" type="submit" data-testid="digest-hour-save"
                        disabled=move || pending.running() || (hour.get() == stored_hour && days.get() == stored_days)>
                        {move || if pending.running() { "Saving…" } else { "Save" }}
                    </button>
                </div>
            </form>
        </section>
    }
}

/// Queues a test mail, to the address typed or else the person's own.
#[component]
fn TestMailCard(on_sent: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let mine = session.auth.with_untracked(|a| match a {
        Auth::SignedIn(me) => me.user.email.clone(),
        _ => String::new(),
    });
    let to = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<Failure>);
    let pending = Submission::new();
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = to.get_untracked().trim().to_owned();
        let test = SendTestMail {
            to: (!typed.is_empty()).then_some(typed),
        };
        failure.set(None);
        pending.run(
            async move { api::call(session, async |c| c.send_test_mail(&test).await).await },
            move |result| match result {
                Ok(queued) => {
                    toasts.info(format!("Test mail queued for {}.", queued.to));
                    to.set(String::new());
                    on_sent.run(());
                }
                Err(err) => failure.set(Some(Failure::from(err))),
            },
        );
    };
    let hint = format!("Leave it empty to send it to yourself ({mine}).");
    view! {
        <section class="card" data-testid="test-mail">
            <h2>"Send a test mail"</h2>
            <p class="small muted">"Queues a mail through the outbox below, to check that Annex's mail reaches people."</p>
            <form class="form" on:submit=send novalidate>
                <Field label="To" id="test-mail-to" failure=failure field="to">
                    <input class="input" type="email" id="test-mail-to" data-testid="test-mail-to" maxlength="254"
                        placeholder=mine.clone() bind:value=to />
                    <span class="hint">{hint}</span>
                </Field>
                <FailureAlert failure=failure />
                <div class="btn-row">
                    <button class="btn" type="submit" data-testid="test-mail-send" disabled=move || pending.running()>
                        {move || if pending.running() { "Sending…" } else { "Send a test mail" }}
                    </button>
                </div>
            </form>
        </section>
    }
}
