//! Settings → Notifications by e-mail at `/settings/notifications`: how the person hears of each
//! kind of notification beyond the app — at once, in the daily digest, or not at all. Every mail
//! Annex sends links here as its unsubscribe link, so it opens on its own from a mail.

use crate::api::{self, Failure};
use crate::components::feedback::{ErrorAlert, ResourceView};
use crate::components::page_head::PageHead;
use crate::session::use_session;
use crate::submission::Submission;
use annex_client::domain::events::mail::{
    ChangeNotificationSettings, Delivery, NotificationChoice, NotificationSetting,
};
use annex_client::domain::events::notifications::NotificationKind;
use leptos::prelude::*;
use leptos_router::components::A;

/// A kind of notification as the person reads it in the settings.
pub fn kind_label(kind: NotificationKind) -> &'static str {
    match kind {
        NotificationKind::ItemAssigned => "Assigned an item to you",
        NotificationKind::TodoAssigned => "Assigned a to-do to you",
        NotificationKind::TodoCompleted => "Completed a to-do you set",
        NotificationKind::DiscussionReply => "Replied in a discussion",
        NotificationKind::PolicyPackPublished => "Policy pack to read and accept",
        NotificationKind::PolicyPackNudge => "Reminder of a policy pack",
        NotificationKind::QuestionnaireSent => "Questionnaire to answer",
        NotificationKind::QuestionnaireNudge => "Reminder of a questionnaire",
        NotificationKind::NoteAdded => "Told you of a note",
        NotificationKind::ItemDueSoon => "Your item is due soon",
        NotificationKind::ItemOverdue => "Your item is overdue",
    }
}

/// A delivery as the select offers it.
pub fn delivery_label(delivery: Delivery) -> &'static str {
    match delivery {
        Delivery::Immediately => "Immediately",
        Delivery::Digest => "In the daily digest",
        Delivery::Off => "Off",
    }
}

/// The choices in `chosen` that differ from what is `saved`: all a save needs to send.
pub fn changed_choices(
    saved: &[NotificationSetting],
    chosen: &[NotificationSetting],
) -> Vec<NotificationChoice> {
    chosen
        .iter()
        .filter(|c| {
            saved
                .iter()
                .find(|s| s.kind == c.kind)
                .is_none_or(|s| s.delivery != c.delivery)
        })
        .map(|c| NotificationChoice {
            kind: c.kind,
            delivery: c.delivery,
        })
        .collect()
}

/// The screen.
#[component]
pub fn NotificationSettingsPage() -> impl IntoView {
    crate::format::set_title("Notifications by e-mail");
    let session = use_session();
    let loaded = LocalResource::new(move || async move {
        api::call(session, async |c| c.notification_settings().await)
            .await
            .map_err(Failure::from)
    });
    let reload = Callback::new(move |()| loaded.refetch());
    view! {
        <PageHead title="Notifications by e-mail" intro="Annex shows every notification in the app. Choose which also reach you by e-mail: at once, or gathered in one mail a day." testid="notification-settings-title">
            <div class="page-actions">
                <A href="/notifications" attr:class="btn" attr:data-testid="notification-settings-inbox">"Notifications"</A>
            </div>
        </PageHead>
        <ResourceView resource=loaded label="Loading your settings…" retry=reload children={move |settings: annex_client::domain::events::mail::NotificationSettings| {
            view! { <SettingsForm settings=settings.settings /> }
        }} />
    }
}

/// One row per kind with its delivery, and saving the rows changed.
#[component]
fn SettingsForm(settings: Vec<NotificationSetting>) -> impl IntoView {
    let session = use_session();
    let kinds: Vec<NotificationSetting> = settings.clone();
    let saved = RwSignal::new(settings.clone());
    let chosen = RwSignal::new(settings);
    let changes = Memo::new(move |_| saved.with(|s| chosen.with(|c| changed_choices(s, c))));
    let failure = RwSignal::new(None::<Failure>);
    let confirmed = RwSignal::new(false);
    let pending = Submission::new();

    let choose = move |kind: NotificationKind, delivery: Delivery| {
        confirmed.set(false);
        chosen.update(|all| {
            if let Some(setting) = all.iter_mut().find(|s| s.kind == kind) {
                setting.delivery = delivery;
            }
        });
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let change = ChangeNotificationSettings {
            settings: changes.get_untracked(),
        };
        if change.settings.is_empty() || pending.running_untracked() {
            return;
        }
        failure.set(None);
        pending.run(
            async move {
                api::call(session, async |c| {
                    c.change_notification_settings(&change).await
                })
                .await
            },
            move |result| match result {
                Ok(now) => {
                    saved.set(now.settings.clone());
                    chosen.set(now.settings);
                    confirmed.set(true);
                }
                Err(err) => failure.set(Some(Failure::from(err))),
            },
        );
    };
    let message = Signal::derive(move || failure.with(|f| f.as_ref().map(Failure::in_full)));

    view! {
        <form class="card card-flush" on:submit=save novalidate>
            <div class="table-wrap">
                <table class="table stack-narrow" data-testid="notification-settings">
                    <thead>
                        <tr>
                            <th>"When someone…"</th>
                            <th>"By e-mail"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {kinds.into_iter().map(|setting| {
                            let kind = setting.kind;
                            let default = setting.default_delivery;
                            let id = format!("delivery-{}", kind.as_str());
                            let current = move || chosen.with(|all| all.iter().find(|s| s.kind == kind).map(|s| s.delivery));
                            view! {
                                <tr data-testid=format!("notification-setting-{}", kind.as_str()) data-delivery=move || current().map(Delivery::as_str)>
                                    <td><label for=id.clone()>{kind_label(kind)}</label></td>
                                    <td>
                                        <select class="select" id=id.clone() data-testid=id on:change=move |ev| {
                                            if let Some(d) = Delivery::from_stored(&event_target_value(&ev)) {
                                                choose(kind, d);
                                            }
                                        }>
                                            {Delivery::ALL.into_iter().map(|d| {
                                                let label = if d == default {
                                                    format!("{} (default)", delivery_label(d))
                                                } else {
                                                    delivery_label(d).to_owned()
                                                };
                                                view! { <option value=d.as_str() prop:selected=move || current() == Some(d)>{label}</option> }
                                            }).collect_view()}
                                        </select>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <div class="table-foot">
                <div class="btn-row">
                    <button class="btn btn-primary" type="submit" data-testid="notification-settings-save"
                        disabled=move || pending.running() || changes.with(Vec::is_empty)>
                        {move || if pending.running() { "Saving…" } else { "Save" }}
                    </button>
                    <Show when=move || confirmed.get()>
                        <span class="small" role="status" data-testid="notification-settings-saved">"Saved: mails follow these settings from now on."</span>
                    </Show>
                </div>
                <ErrorAlert message=message />
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setting(kind: NotificationKind, delivery: Delivery) -> NotificationSetting {
        NotificationSetting {
            kind,
            delivery,
            default_delivery: Delivery::default_for(kind),
        }
    }

    #[test]
    fn a_save_sends_only_the_kinds_whose_delivery_changed() {
        let saved = vec![
            setting(NotificationKind::ItemAssigned, Delivery::Digest),
            setting(NotificationKind::DiscussionReply, Delivery::Immediately),
        ];
        let mut chosen = saved.clone();
        assert!(changed_choices(&saved, &chosen).is_empty());
        chosen[0].delivery = Delivery::Off;
        assert_eq!(
            changed_choices(&saved, &chosen),
            vec![NotificationChoice {
                kind: NotificationKind::ItemAssigned,
                delivery: Delivery::Off,
            }]
        );
    }

    #[test]
    fn every_kind_has_its_own_label() {
        let mut labels: Vec<_> = NotificationKind::ALL.into_iter().map(kind_label).collect();
        labels.sort_unstable();
        labels.dedup();
        assert_eq!(labels.len(), NotificationKind::ALL.len());
    }
}
