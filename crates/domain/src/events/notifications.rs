//! In-app notifications: what tells a person that someone else gave them work or answered them.
//!
//! A notification is produced in the same transaction as the change that caused it, never for
//! the person who made the change, and only its recipient ever sees it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Why someone was notified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// Made assignee of an item.
    ItemAssigned,
    /// Made assignee of a to-do.
    TodoAssigned,
    /// A to-do they set was marked done by someone else.
    TodoCompleted,
    /// Someone replied in a discussion they started or posted in.
    DiscussionReply,
    /// A policy pack they are in the audience of was published: read and accept it.
    PolicyPackPublished,
    /// Someone reminded them of a policy pack they have not accepted.
    PolicyPackNudge,
    /// An audit questionnaire they are in the audience of was sent: answer it.
    QuestionnaireSent,
    /// Someone reminded them of a questionnaire they have not submitted.
    QuestionnaireNudge,
    /// Someone added a note to an item and chose to tell them.
    NoteAdded,
    /// An item assigned to them is due within the organisation's reminder lead (a reminder).
    ItemDueSoon,
    /// An item assigned to them is past its due date and not closed (a reminder).
    ItemOverdue,
}

impl NotificationKind {
    /// Every kind, in the order settings screens list them.
    pub const ALL: [NotificationKind; 11] = [
        NotificationKind::ItemAssigned,
        NotificationKind::TodoAssigned,
        NotificationKind::TodoCompleted,
        NotificationKind::DiscussionReply,
        NotificationKind::PolicyPackPublished,
        NotificationKind::PolicyPackNudge,
        NotificationKind::QuestionnaireSent,
        NotificationKind::QuestionnaireNudge,
        NotificationKind::NoteAdded,
        NotificationKind::ItemDueSoon,
        NotificationKind::ItemOverdue,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            NotificationKind::ItemAssigned => "item_assigned",
            NotificationKind::TodoAssigned => "todo_assigned",
            NotificationKind::TodoCompleted => "todo_completed",
            NotificationKind::DiscussionReply => "discussion_reply",
            NotificationKind::PolicyPackPublished => "policy_pack_published",
            NotificationKind::PolicyPackNudge => "policy_pack_nudge",
            NotificationKind::QuestionnaireSent => "questionnaire_sent",
            NotificationKind::QuestionnaireNudge => "questionnaire_nudge",
            NotificationKind::NoteAdded => "note_added",
            NotificationKind::ItemDueSoon => "item_due_soon",
            NotificationKind::ItemOverdue => "item_overdue",
        }
    }

    /// Reads a stored name; `None` for names this version does not know.
    pub fn from_stored(s: &str) -> Option<NotificationKind> {
        NotificationKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One notification, as its recipient sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    pub id: Uuid,
    pub kind: NotificationKind,
    /// The item the notification is about.
    pub item_id: Uuid,
    /// The item's "number - title", for display.
    pub item_label: String,
    pub space_id: Uuid,
    /// Who caused it.
    pub actor_id: Option<Uuid>,
    pub actor_name: Option<String>,
    /// The sentence shown: "Ann Smith assigned you the to-do: Send the policy to HR".
    pub text: String,
    pub created_at: DateTime<Utc>,
    /// When the recipient marked it read; absent while unread.
    pub read_at: Option<DateTime<Utc>>,
}

/// Filters of one's notifications, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct NotificationFilter {
    /// `true`: only unread ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unread: Option<bool>,
}

/// How many notifications the caller has not read yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnreadCount {
    pub count: i64,
}

/// How many notifications a "mark all read" marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkedRead {
    pub marked: i64,
}

/// Longest quote of a to-do or thread title kept in a notification's text.
const MAX_QUOTE: usize = 120;

/// `text` cut to at most [`MAX_QUOTE`] characters (on a character boundary), with an ellipsis if cut.
pub fn quote(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= MAX_QUOTE {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(MAX_QUOTE - 1).collect();
    cut.push('…');
    cut
}

/// The sentence of a notification: `actor` did `kind` about `subject` (to-do text, thread title,
/// note or, for reminders, the due date) on `item`.
pub fn text(kind: NotificationKind, actor: &str, item_label: &str, subject: &str) -> String {
    let subject = quote(subject);
    match kind {
        NotificationKind::ItemAssigned => format!("{actor} assigned you {item_label}"),
        NotificationKind::TodoAssigned => {
            format!("{actor} assigned you the to-do: {subject} (on {item_label})")
        }
        NotificationKind::TodoCompleted => {
            format!("{actor} completed the to-do you set: {subject} (on {item_label})")
        }
        NotificationKind::PolicyPackPublished => {
            format!("{actor} asks you to read and accept the policy pack {item_label} ({subject})")
        }
        NotificationKind::PolicyPackNudge => {
            format!(
                "{actor} reminds you to read and accept the policy pack {item_label} ({subject})"
            )
        }
        NotificationKind::QuestionnaireSent => {
            format!("{actor} asks you to answer the questionnaire {subject} (audit {item_label})")
        }
        NotificationKind::QuestionnaireNudge => {
            format!(
                "{actor} reminds you to answer the questionnaire {subject} (audit {item_label})"
            )
        }
        NotificationKind::DiscussionReply => {
            format!("{actor} replied in the discussion: {subject} (on {item_label})")
        }
        NotificationKind::NoteAdded => format!("{actor} added a note on {item_label}: {subject}"),
        NotificationKind::ItemDueSoon => format!("{item_label} is due on {subject}"),
        NotificationKind::ItemOverdue => {
            format!("{item_label} was due on {subject} and is overdue")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_names() {
        for kind in NotificationKind::ALL {
            assert_eq!(NotificationKind::from_stored(kind.as_str()), Some(kind));
            assert_eq!(
                serde_json::to_value(kind).ok(),
                Some(serde_json::Value::String(kind.as_str().into()))
            );
        }
        assert_eq!(NotificationKind::from_stored("mentioned"), None);
    }

    #[test]
    fn texts_name_the_actor_the_subject_and_the_item() {
        assert_eq!(
            text(
                NotificationKind::TodoCompleted,
                "Ann",
                "4 - Access policy",
                "Send to HR"
            ),
            "Ann completed the to-do you set: Send to HR (on 4 - Access policy)"
        );
        assert_eq!(
            text(
                NotificationKind::ItemAssigned,
                "Ann",
                "4 - Access policy",
                ""
            ),
            "Ann assigned you 4 - Access policy"
        );
    }

    #[test]
    fn long_subjects_are_cut_on_a_character_boundary() {
        let long = "é".repeat(500);
        let quoted = quote(&long);
        assert_eq!(quoted.chars().count(), MAX_QUOTE);
        assert!(quoted.ends_with('…'));
        assert_eq!(quote("  short  "), "short");
    }
}
