//! What the trail records: the kind of record a change is about and what happened to it, as
//! enums so a write cannot misspell them; the stored text is [`SubjectKind::as_str`] and
//! [`Verb::as_str`], which the trail's filters and readers match on and so must never change.

/// The kind of record a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SubjectKind {
    Item,
    Space,
    Member,
    Group,
    Cluster,
    Session,
    ApiToken,
    Organisation,
    RiskMatrix,
    User,
    /// A mail in the outbox (a test mail queued, a failed mail queued again).
    Mail,
}

impl SubjectKind {
    /// Every kind, once.
    pub const ALL: [SubjectKind; 11] = [
        SubjectKind::Item,
        SubjectKind::Space,
        SubjectKind::Member,
        SubjectKind::Group,
        SubjectKind::Cluster,
        SubjectKind::Session,
        SubjectKind::ApiToken,
        SubjectKind::Organisation,
        SubjectKind::RiskMatrix,
        SubjectKind::User,
        SubjectKind::Mail,
    ];

    /// The name stored in the trail and matched by its filters.
    pub fn as_str(self) -> &'static str {
        match self {
            SubjectKind::Item => "item",
            SubjectKind::Space => "space",
            SubjectKind::Member => "member",
            SubjectKind::Group => "group",
            SubjectKind::Cluster => "cluster",
            SubjectKind::Session => "session",
            SubjectKind::ApiToken => "api_token",
            SubjectKind::Organisation => "organisation",
            SubjectKind::RiskMatrix => "risk_matrix",
            SubjectKind::User => "user",
            SubjectKind::Mail => "mail",
        }
    }
}

/// What happened to the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verb {
    Archived,
    Created,
    Deactivated,
    Deleted,
    DiscussionReplied,
    DiscussionStarted,
    DocumentAdded,
    DocumentRemoved,
    FindingRaised,
    FrameworkAdopted,
    InvitationAccepted,
    InvitationDeclined,
    Invited,
    KpiDefined,
    KpiReadingRecorded,
    Linked,
    MemberAdded,
    MemberRemoved,
    Moved,
    NoteAdded,
    NoteDeleted,
    NoteEdited,
    PackAccepted,
    PackChanged,
    PackDocumentRead,
    PackNudged,
    PackPublished,
    PackRetired,
    PostEdited,
    QuestionnaireAnswered,
    QuestionnaireChanged,
    QuestionnaireClosed,
    QuestionnaireCreated,
    QuestionnaireDeleted,
    QuestionnaireNudged,
    QuestionnaireSent,
    QuestionnaireSubmitted,
    Reactivated,
    ReadingRecorded,
    Reassigned,
    /// A recurring item was completed and its next occurrence made.
    Recurred,
    /// An item was set to repeat, or its rule changed.
    RecurrenceSet,
    /// An item stopped repeating.
    RecurrenceCleared,
    RefreshTokenReused,
    Renamed,
    Restored,
    Revoked,
    RoleChanged,
    SettingsChanged,
    SignedIn,
    SignedOut,
    SoaMigrated,
    SoaUpdated,
    Sorted,
    SpaceAdded,
    SpaceRemoved,
    TodoAdded,
    TodoCompleted,
    TodoDeleted,
    TodoEdited,
    TodoReopened,
    Unlinked,
    Updated,
}

impl Verb {
    /// Every verb, once.
    pub const ALL: [Verb; 63] = [
        Verb::Archived,
        Verb::Created,
        Verb::Deactivated,
        Verb::Deleted,
        Verb::DiscussionReplied,
        Verb::DiscussionStarted,
        Verb::DocumentAdded,
        Verb::DocumentRemoved,
        Verb::FindingRaised,
        Verb::FrameworkAdopted,
        Verb::InvitationAccepted,
        Verb::InvitationDeclined,
        Verb::Invited,
        Verb::KpiDefined,
        Verb::KpiReadingRecorded,
        Verb::Linked,
        Verb::MemberAdded,
        Verb::MemberRemoved,
        Verb::Moved,
        Verb::NoteAdded,
        Verb::NoteDeleted,
        Verb::NoteEdited,
        Verb::PackAccepted,
        Verb::PackChanged,
        Verb::PackDocumentRead,
        Verb::PackNudged,
        Verb::PackPublished,
        Verb::PackRetired,
        Verb::PostEdited,
        Verb::QuestionnaireAnswered,
        Verb::QuestionnaireChanged,
        Verb::QuestionnaireClosed,
        Verb::QuestionnaireCreated,
        Verb::QuestionnaireDeleted,
        Verb::QuestionnaireNudged,
        Verb::QuestionnaireSent,
        Verb::QuestionnaireSubmitted,
        Verb::Reactivated,
        Verb::ReadingRecorded,
        Verb::Reassigned,
        Verb::Recurred,
        Verb::RecurrenceSet,
        Verb::RecurrenceCleared,
        Verb::RefreshTokenReused,
        Verb::Renamed,
        Verb::Restored,
        Verb::Revoked,
        Verb::RoleChanged,
        Verb::SettingsChanged,
        Verb::SignedIn,
        Verb::SignedOut,
        Verb::SoaMigrated,
        Verb::SoaUpdated,
        Verb::Sorted,
        Verb::SpaceAdded,
        Verb::SpaceRemoved,
        Verb::TodoAdded,
        Verb::TodoCompleted,
        Verb::TodoDeleted,
        Verb::TodoEdited,
        Verb::TodoReopened,
        Verb::Unlinked,
        Verb::Updated,
    ];

    /// The name stored in the trail and matched by its filters.
    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Archived => "archived",
            Verb::Created => "created",
            Verb::Deactivated => "deactivated",
            Verb::Deleted => "deleted",
            Verb::DiscussionReplied => "discussion_replied",
            Verb::DiscussionStarted => "discussion_started",
            Verb::DocumentAdded => "document_added",
            Verb::DocumentRemoved => "document_removed",
            Verb::FindingRaised => "finding_raised",
            Verb::FrameworkAdopted => "framework_adopted",
            Verb::InvitationAccepted => "invitation_accepted",
            Verb::InvitationDeclined => "invitation_declined",
            Verb::Invited => "invited",
            Verb::KpiDefined => "kpi_defined",
            Verb::KpiReadingRecorded => "kpi_reading_recorded",
            Verb::Linked => "linked",
            Verb::MemberAdded => "member_added",
            Verb::MemberRemoved => "member_removed",
            Verb::Moved => "moved",
            Verb::NoteAdded => "note_added",
            Verb::NoteDeleted => "note_deleted",
            Verb::NoteEdited => "note_edited",
            Verb::PackAccepted => "pack_accepted",
            Verb::PackChanged => "pack_changed",
            Verb::PackDocumentRead => "pack_document_read",
            Verb::PackNudged => "pack_nudged",
            Verb::PackPublished => "pack_published",
            Verb::PackRetired => "pack_retired",
            Verb::PostEdited => "post_edited",
            Verb::QuestionnaireAnswered => "questionnaire_answered",
            Verb::QuestionnaireChanged => "questionnaire_changed",
            Verb::QuestionnaireClosed => "questionnaire_closed",
            Verb::QuestionnaireCreated => "questionnaire_created",
            Verb::QuestionnaireDeleted => "questionnaire_deleted",
            Verb::QuestionnaireNudged => "questionnaire_nudged",
            Verb::QuestionnaireSent => "questionnaire_sent",
            Verb::QuestionnaireSubmitted => "questionnaire_submitted",
            Verb::Reactivated => "reactivated",
            Verb::ReadingRecorded => "reading_recorded",
            Verb::Reassigned => "reassigned",
            Verb::Recurred => "recurred",
            Verb::RecurrenceSet => "recurrence_set",
            Verb::RecurrenceCleared => "recurrence_cleared",
            Verb::RefreshTokenReused => "refresh_token_reused",
            Verb::Renamed => "renamed",
            Verb::Restored => "restored",
            Verb::Revoked => "revoked",
            Verb::RoleChanged => "role_changed",
            Verb::SettingsChanged => "settings_changed",
            Verb::SignedIn => "signed_in",
            Verb::SignedOut => "signed_out",
            Verb::SoaMigrated => "soa_migrated",
            Verb::SoaUpdated => "soa_updated",
            Verb::Sorted => "sorted",
            Verb::SpaceAdded => "space_added",
            Verb::SpaceRemoved => "space_removed",
            Verb::TodoAdded => "todo_added",
            Verb::TodoCompleted => "todo_completed",
            Verb::TodoDeleted => "todo_deleted",
            Verb::TodoEdited => "todo_edited",
            Verb::TodoReopened => "todo_reopened",
            Verb::Unlinked => "unlinked",
            Verb::Updated => "updated",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn stored_names_are_snake_case_and_unique() {
        let kinds: Vec<&str> = SubjectKind::ALL.iter().map(|k| k.as_str()).collect();
        let verbs: Vec<&str> = Verb::ALL.iter().map(|v| v.as_str()).collect();
        for name in kinds.iter().chain(&verbs) {
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{name}"
            );
        }
        assert_eq!(kinds.iter().collect::<HashSet<_>>().len(), kinds.len());
        assert_eq!(verbs.iter().collect::<HashSet<_>>().len(), verbs.len());
    }

    #[test]
    fn stored_names_stay_as_the_trail_already_holds_them() {
        assert_eq!(SubjectKind::Item.as_str(), "item");
        assert_eq!(SubjectKind::ApiToken.as_str(), "api_token");
        assert_eq!(SubjectKind::RiskMatrix.as_str(), "risk_matrix");
        assert_eq!(Verb::Created.as_str(), "created");
        assert_eq!(Verb::SignedIn.as_str(), "signed_in");
        assert_eq!(Verb::RefreshTokenReused.as_str(), "refresh_token_reused");
        assert_eq!(Verb::PackDocumentRead.as_str(), "pack_document_read");
        assert_eq!(Verb::SoaMigrated.as_str(), "soa_migrated");
    }
}
