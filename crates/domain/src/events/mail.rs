//! E-mail: how each person wants to hear of each kind of notification, the outbox as admins see
//! it, and the words of every mail Annex sends (a plain-text and an HTML part from one body).
//!
//! A mail is queued as a [`MailBody`] with links as paths; the sender composes the parts with the
//! public address of the day ([`compose`]), so a changed `ANNEX_PUBLIC_URL` mends queued mails too.

use crate::events::notifications::NotificationKind;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// How a person hears of one kind of notification beyond the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// A mail as soon as it happens.
    Immediately,
    /// A line in the one mail a day (at the organisation's digest hour).
    Digest,
    /// In the app only.
    Off,
}

impl Delivery {
    pub const ALL: [Delivery; 3] = [Delivery::Immediately, Delivery::Digest, Delivery::Off];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Immediately => "immediately",
            Delivery::Digest => "digest",
            Delivery::Off => "off",
        }
    }

    /// Reads a stored name.
    pub fn from_stored(s: &str) -> Option<Delivery> {
        Delivery::ALL.into_iter().find(|d| d.as_str() == s)
    }

    /// What a person gets until they choose: asked-of-you work that has a date to it (a pack to
    /// accept, a questionnaire to answer, a reply) at once; assignments and to-dos in the digest.
    pub fn default_for(kind: NotificationKind) -> Delivery {
        match kind {
            NotificationKind::ItemAssigned
            | NotificationKind::TodoAssigned
            | NotificationKind::TodoCompleted => Delivery::Digest,
            NotificationKind::DiscussionReply
            | NotificationKind::NoteAdded
            | NotificationKind::ItemDueSoon
            | NotificationKind::ItemOverdue
            | NotificationKind::PolicyPackPublished
            | NotificationKind::PolicyPackNudge
            | NotificationKind::QuestionnaireSent
            | NotificationKind::QuestionnaireNudge => Delivery::Immediately,
        }
    }
}

/// One kind of notification and how the person hears of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationSetting {
    pub kind: NotificationKind,
    /// The person's choice, or the default while they have made none.
    pub delivery: Delivery,
    /// What applies without a choice.
    pub default_delivery: Delivery,
}

/// How the caller hears of each kind of notification, every kind listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationSettings {
    pub settings: Vec<NotificationSetting>,
}

impl NotificationSettings {
    /// Every kind, with the stored choices applied over the defaults.
    pub fn from_choices(choices: &[(NotificationKind, Delivery)]) -> NotificationSettings {
        let settings = NotificationKind::ALL
            .into_iter()
            .map(|kind| {
                let default_delivery = Delivery::default_for(kind);
                let delivery = choices
                    .iter()
                    .find(|(k, _)| *k == kind)
                    .map_or(default_delivery, |(_, d)| *d);
                NotificationSetting {
                    kind,
                    delivery,
                    default_delivery,
                }
            })
            .collect();
        NotificationSettings { settings }
    }

    /// The delivery of `kind`.
    pub fn delivery(&self, kind: NotificationKind) -> Delivery {
        self.settings
            .iter()
            .find(|s| s.kind == kind)
            .map_or(Delivery::default_for(kind), |s| s.delivery)
    }
}

/// A choice for one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationChoice {
    pub kind: NotificationKind,
    pub delivery: Delivery,
}

/// Changes how the caller hears of the kinds named; kinds not named keep their setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeNotificationSettings {
    pub settings: Vec<NotificationChoice>,
}

/// What made a mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MailKind {
    /// One notification, sent at once.
    Notification,
    /// The day's notifications of one person.
    Digest,
    /// An invitation to join the organisation.
    Invitation,
    /// An admin's test of the mail settings.
    Test,
}

impl MailKind {
    pub const ALL: [MailKind; 4] = [
        MailKind::Notification,
        MailKind::Digest,
        MailKind::Invitation,
        MailKind::Test,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            MailKind::Notification => "notification",
            MailKind::Digest => "digest",
            MailKind::Invitation => "invitation",
            MailKind::Test => "test",
        }
    }

    /// Reads a stored name.
    pub fn from_stored(s: &str) -> Option<MailKind> {
        MailKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Mails whose body holds a one-time secret (the invitation link): once sent, the outbox
    /// keeps only their subject.
    pub fn holds_secret(self) -> bool {
        self == MailKind::Invitation
    }
}

/// Where a mail is on its way out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MailState {
    /// Waiting to be sent, or to be tried again after a failure (see `last_error`).
    Queued,
    /// The SMTP server accepted it.
    Sent,
    /// Given up: the SMTP server refused it for good, or every retry failed.
    Failed,
}

impl MailState {
    pub const ALL: [MailState; 3] = [MailState::Queued, MailState::Sent, MailState::Failed];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            MailState::Queued => "queued",
            MailState::Sent => "sent",
            MailState::Failed => "failed",
        }
    }

    /// Reads a stored name.
    pub fn from_stored(s: &str) -> Option<MailState> {
        MailState::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One mail in the outbox, as an admin sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxMail {
    pub id: Uuid,
    pub kind: MailKind,
    /// The recipient's address.
    pub to: String,
    pub subject: String,
    pub state: MailState,
    /// Attempts made so far.
    pub attempts: i32,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    /// When the next attempt is due, while queued.
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// When the SMTP server accepted it.
    pub sent_at: Option<DateTime<Utc>>,
}

/// Filters of the outbox, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct OutboxFilter {
    /// Only mails in this state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<MailState>,
}

/// The organisation's mail: whether it goes out, as whom, and when digests are sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MailSettings {
    /// An SMTP server is configured (`ANNEX_SMTP_URL`); without one, mails wait in the outbox.
    pub smtp_configured: bool,
    /// The sender address (`ANNEX_MAIL_FROM`).
    pub from: Option<String>,
    /// The address links in mails start with (`ANNEX_PUBLIC_URL`).
    pub public_url: Option<String>,
    /// The hour of the day (UTC, 0–23) at which daily digests are sent.
    pub digest_hour: i32,
    /// How many days before an item's due date its assignee is reminded (0–60).
    pub reminder_days: i32,
    /// Mails waiting to be sent.
    pub queued: i64,
    /// Mails given up on.
    pub failed: i64,
}

/// Changes when the organisation's daily digests are sent and how early due dates are reminded
/// of; what is absent stays as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeMailSettings {
    /// The hour of the day, UTC, 0 to 23.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(range(min = 0, max = 23, message = "must be an hour from 0 to 23"))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 23))]
    pub digest_hour: Option<i32>,
    /// Days before an item's due date that its assignee is reminded, 0 (on the day) to 60.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(range(min = 0, max = 60, message = "must be 0 to 60 days"))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 60))]
    pub reminder_days: Option<i32>,
}

/// Asks for a test mail.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SendTestMail {
    /// Where to send it; the caller's own address when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(email(message = "must be an e-mail address"))]
    pub to: Option<String>,
}

/// A mail as queued: who it greets, its sections of lines, and whose mail it is. Links are paths
/// of the web UI (`/items/…`), made absolute when the mail is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailBody {
    /// The recipient's name, for the greeting.
    pub greeting: String,
    /// The organisation's name: every mail says whose it is.
    pub organisation: String,
    pub sections: Vec<MailSection>,
}

/// A group of lines under an optional heading (a digest groups by kind).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailSection {
    pub heading: Option<String>,
    pub lines: Vec<MailLine>,
}

/// One sentence, and the page it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailLine {
    pub text: String,
    /// A path of the web UI (`/items/…`, `/accept-invitation?code=…`).
    pub link: Option<String>,
}

/// A mail ready for SMTP: subject and both parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composed {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Attempts after which a mail the SMTP server keeps refusing for a passing reason is given up:
/// with [`retry_delay`], about a day of tries.
pub const MAX_ATTEMPTS: i32 = 30;

/// How long after its `attempts`-th failed attempt a mail is tried again: 30 seconds, doubling,
/// at most an hour.
pub fn retry_delay(attempts: i32) -> chrono::Duration {
    let doublings = u32::try_from(attempts.clamp(1, 8) - 1).unwrap_or(0);
    let seconds = 30_i64 * 2_i64.pow(doublings);
    chrono::Duration::seconds(seconds.min(3600))
}

/// Where a person changes which mails they get: every mail links there.
pub const SETTINGS_PATH: &str = "/settings/notifications";

/// The page a notification is about: the pack or questionnaire to act on, or the item.
pub fn notification_link(kind: NotificationKind, item_id: Uuid) -> String {
    match kind {
        NotificationKind::PolicyPackPublished | NotificationKind::PolicyPackNudge => {
            format!("/my/policy-packs/{item_id}")
        }
        NotificationKind::QuestionnaireSent | NotificationKind::QuestionnaireNudge => {
            format!("/my/questionnaires/{item_id}")
        }
        NotificationKind::ItemAssigned
        | NotificationKind::TodoAssigned
        | NotificationKind::TodoCompleted
        | NotificationKind::DiscussionReply
        | NotificationKind::NoteAdded
        | NotificationKind::ItemDueSoon
        | NotificationKind::ItemOverdue => format!("/items/{item_id}"),
    }
}

/// The heading a digest groups a kind under.
fn digest_heading(kind: NotificationKind) -> &'static str {
    match kind {
        NotificationKind::ItemAssigned => "Assigned to you",
        NotificationKind::TodoAssigned | NotificationKind::TodoCompleted => "To-dos",
        NotificationKind::DiscussionReply | NotificationKind::NoteAdded => "Discussions and notes",
        NotificationKind::ItemDueSoon | NotificationKind::ItemOverdue => "Due and overdue",
        NotificationKind::PolicyPackPublished | NotificationKind::PolicyPackNudge => {
            "Policy packs to read and accept"
        }
        NotificationKind::QuestionnaireSent | NotificationKind::QuestionnaireNudge => {
            "Questionnaires to answer"
        }
    }
}

/// The subject of a single notification's mail.
pub fn notification_subject(organisation: &str, text: &str) -> String {
    format!(
        "[{organisation}] {}",
        crate::events::notifications::quote(text)
    )
}

/// The mail of one notification.
pub fn notification_mail(
    organisation: &str,
    recipient: &str,
    kind: NotificationKind,
    item_id: Uuid,
    text: &str,
) -> (String, MailBody) {
    let body = MailBody {
        greeting: recipient.to_owned(),
        organisation: organisation.to_owned(),
        sections: vec![MailSection {
            heading: None,
            lines: vec![MailLine {
                text: text.to_owned(),
                link: Some(notification_link(kind, item_id)),
            }],
        }],
    };
    (notification_subject(organisation, text), body)
}

/// One notification of a digest: its kind, item and sentence, in the order they happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestEntry {
    pub kind: NotificationKind,
    pub item_id: Uuid,
    pub text: String,
}

/// The day's digest of one person: the entries grouped by heading, the groups in the order of
/// their first entry, the entries in time order within a group.
pub fn digest_mail(
    organisation: &str,
    recipient: &str,
    entries: &[DigestEntry],
) -> (String, MailBody) {
    let mut sections: Vec<MailSection> = Vec::new();
    for entry in entries {
        let heading = digest_heading(entry.kind);
        let line = MailLine {
            text: entry.text.clone(),
            link: Some(notification_link(entry.kind, entry.item_id)),
        };
        match sections
            .iter_mut()
            .find(|s| s.heading.as_deref() == Some(heading))
        {
            Some(section) => section.lines.push(line),
            None => sections.push(MailSection {
                heading: Some(heading.to_owned()),
                lines: vec![line],
            }),
        }
    }
    let count = entries.len();
    let things = if count == 1 { "update" } else { "updates" };
    let subject = format!("[{organisation}] Your daily digest: {count} {things}");
    let body = MailBody {
        greeting: recipient.to_owned(),
        organisation: organisation.to_owned(),
        sections,
    };
    (subject, body)
}

/// The invitation of a new account: the link opens the accept page with the code filled in.
pub fn invitation_mail(
    organisation: &str,
    recipient: &str,
    inviter: &str,
    code: &str,
) -> (String, MailBody) {
    let lines = vec![MailLine {
        text: format!(
            "{inviter} invited you to {organisation}'s information security management system in \
             Annex. Open the link to accept: choose a password, or enter yours if you already use \
             Annex. The link works once."
        ),
        link: Some(format!("/accept-invitation?code={code}")),
    }];
    let body = MailBody {
        greeting: recipient.to_owned(),
        organisation: organisation.to_owned(),
        sections: vec![MailSection {
            heading: None,
            lines,
        }],
    };
    (
        format!("{inviter} invited you to {organisation} in Annex"),
        body,
    )
}

/// The test mail an admin sends from Settings → E-mail.
pub fn test_mail(organisation: &str, recipient: &str, sender: &str) -> (String, MailBody) {
    let body = MailBody {
        greeting: recipient.to_owned(),
        organisation: organisation.to_owned(),
        sections: vec![MailSection {
            heading: None,
            lines: vec![MailLine {
                text: format!(
                    "{sender} sent this test from Settings → E-mail: Annex's mail reaches you."
                ),
                link: Some("/settings/email".to_owned()),
            }],
        }],
    };
    (format!("[{organisation}] Test mail from Annex"), body)
}

/// `path` under the public address `base` (no slash doubled).
pub fn absolute(base: &str, path: &str) -> String {
    format!("{}{path}", base.trim_end_matches('/'))
}

/// The plain-text and HTML parts of a queued mail, links made absolute under `base`.
pub fn compose(subject: &str, body: &MailBody, base: &str) -> Composed {
    use html_escape::{encode_double_quoted_attribute as attr, encode_text as esc};
    let settings = absolute(base, SETTINGS_PATH);
    let mut text = format!("Hello {},\n\n", body.greeting);
    let mut html = format!(
        "<!doctype html>\n<html><body style=\"font-family: sans-serif; line-height: 1.5\">\n\
         <p>Hello {},</p>\n",
        esc(&body.greeting)
    );
    for section in &body.sections {
        if let Some(heading) = &section.heading {
            text.push_str(&format!(
                "{heading}\n{}\n",
                "-".repeat(heading.chars().count())
            ));
            html.push_str(&format!("<h3>{}</h3>\n", esc(heading)));
        }
        html.push_str("<ul>\n");
        for line in &section.lines {
            match &line.link {
                Some(link) => {
                    let url = absolute(base, link);
                    text.push_str(&format!("* {}\n  {url}\n", line.text));
                    html.push_str(&format!(
                        "<li><a href=\"{}\">{}</a></li>\n",
                        attr(&url),
                        esc(&line.text)
                    ));
                }
                None => {
                    text.push_str(&format!("* {}\n", line.text));
                    html.push_str(&format!("<li>{}</li>\n", esc(&line.text)));
                }
            }
        }
        html.push_str("</ul>\n");
        text.push('\n');
    }
    text.push_str(&format!(
        "-- \nAnnex, for {}.\nChoose which e-mails you get: {settings}\n",
        body.organisation
    ));
    html.push_str(&format!(
        "<hr>\n<p style=\"color: #555; font-size: small\">Annex, for {}. \
         <a href=\"{}\">Choose which e-mails you get</a>.</p>\n</body></html>\n",
        esc(&body.organisation),
        attr(&settings)
    ));
    Composed {
        subject: subject.to_owned(),
        text,
        html,
    }
}

#[cfg(test)]
mod tests;
