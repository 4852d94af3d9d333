//! Policy packs (ISO 27001 clause 7.3, awareness): a versioned group of policy documents that an
//! audience must read and accept. A pack is an item of the organisation's Policy Packs tracker
//! (its title and description are the pack's name and description); publishing version n asks
//! everyone in the audience to read each document of that version and accept the pack; version
//! n + 1 asks again, and the reads and acceptances of every version are kept.

use crate::work::attachments::web_address;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;
use validator::Validate;

/// What a person undertakes by accepting a pack.
pub const ACCEPTANCE: &str = "I have read, understood and undertake to comply with";

/// Where a pack is in its life.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PackState {
    /// Being prepared: nobody is asked yet.
    #[default]
    Draft,
    /// Its latest version is asked of the audience.
    Published,
    /// No longer asked; its history stays.
    Retired,
}

impl PackState {
    pub fn key(self) -> &'static str {
        match self {
            PackState::Draft => "draft",
            PackState::Published => "published",
            PackState::Retired => "retired",
        }
    }

    pub fn parse(key: &str) -> PackState {
        match key {
            "published" => PackState::Published,
            "retired" => PackState::Retired,
            _ => PackState::Draft,
        }
    }
}

/// A document of a pack: an item of the Policies & Procedures tracker, or a titled web address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PackDocument {
    /// Stable across versions while the document stays in the pack.
    pub id: Uuid,
    pub title: String,
    /// The policy item it is (open it in Annex).
    pub item_id: Option<Uuid>,
    /// Where it lives, for documents outside Annex (or the policy's own document).
    pub url: Option<String>,
}

/// A document as an editor gives it: `id` to keep an existing one (its reads carry on only within
/// a version; a new version asks again anyway), `item_id` and/or `url`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PackDocumentInput {
    #[serde(default)]
    pub id: Option<Uuid>,
    /// Optional for a policy item (its title is used); required for a web address.
    #[serde(default)]
    #[validate(length(max = 300, message = "must be at most 300 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 300))]
    pub title: String,
    #[serde(default)]
    pub item_id: Option<Uuid>,
    #[serde(default)]
    #[validate(
        length(max = 2000, message = "must be at most 2000 characters"),
        custom(function = "web_address")
    )]
    pub url: Option<String>,
}

/// Who is asked: everyone in the organisation, or these people and the members of these groups
/// (whoever is in the group when asked: joining a group later adds the person).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Audience {
    #[serde(default)]
    pub everyone: bool,
    #[serde(default)]
    pub users: Vec<Uuid>,
    #[serde(default)]
    pub groups: Vec<Uuid>,
}

impl Audience {
    /// The people asked, among the organisation's active `members`, given who is in which group.
    pub fn resolve(
        &self,
        members: &[Uuid],
        group_members: &HashMap<Uuid, Vec<Uuid>>,
    ) -> BTreeSet<Uuid> {
        if self.everyone {
            return members.iter().copied().collect();
        }
        let mut people: BTreeSet<Uuid> = self.users.iter().copied().collect();
        for group in &self.groups {
            people.extend(group_members.get(group).into_iter().flatten().copied());
        }
        people.retain(|p| members.contains(p));
        people
    }

    pub fn is_empty(&self) -> bool {
        !self.everyone && self.users.is_empty() && self.groups.is_empty()
    }
}

/// Why a pack cannot be published yet; the text starts with the part of the pack to complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PublishError {
    #[error("documents: add the documents to read before publishing")]
    NoDocuments,
    #[error("audience: say who must read and accept the pack before publishing")]
    NoAudience,
}

/// Checks that the documents and audience being prepared can be published as the next version:
/// a version asks someone to read something, so it needs both.
pub fn check_publish(documents: &[PackDocument], audience: &Audience) -> Result<(), PublishError> {
    if documents.is_empty() {
        return Err(PublishError::NoDocuments);
    }
    if audience.is_empty() {
        return Err(PublishError::NoAudience);
    }
    Ok(())
}

/// What accepting a pack's latest version does for a person who is asked it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Acceptance {
    /// Already accepted: nothing more to record.
    AlreadyAccepted,
    /// Every document is read: record the acceptance.
    Record,
}

/// Why a person cannot accept a pack yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AcceptError {
    #[error("documents: {0} of the pack's documents are not marked read yet")]
    Unread(usize),
}

/// Decides a person's acceptance of the latest version: once only, and only once every document
/// of that version is marked read.
pub fn check_accept(pack: &MyPack) -> Result<Acceptance, AcceptError> {
    if pack.accepted_at.is_some() {
        return Ok(Acceptance::AlreadyAccepted);
    }
    match pack
        .documents
        .iter()
        .filter(|d| d.read_at.is_none())
        .count()
    {
        0 => Ok(Acceptance::Record),
        unread => Err(AcceptError::Unread(unread)),
    }
}

/// Creates a pack (a draft): its item in the Policy Packs tracker and its documents and audience.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatePack {
    #[validate(length(min = 1, max = 300, message = "must be 1 to 300 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 300))]
    pub name: String,
    #[serde(default)]
    #[validate(length(max = 20000, message = "must be at most 20000 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 20000))]
    pub description: String,
    #[serde(default)]
    #[validate(nested)]
    pub documents: Vec<PackDocumentInput>,
    #[serde(default)]
    pub audience: Audience,
}

/// Replaces the documents and audience being prepared (the published version's stay as they were
/// until the next publication).
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdatePack {
    #[serde(default)]
    #[validate(nested)]
    pub documents: Option<Vec<PackDocumentInput>>,
    #[serde(default)]
    pub audience: Option<Audience>,
}

/// How the audience stands on the latest version.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PackProgress {
    /// People asked.
    pub audience: i64,
    /// People who have read every document.
    pub read: i64,
    pub accepted: i64,
    /// `read` as a percentage of `audience` (0 with nobody asked).
    pub read_percent: f64,
    pub accepted_percent: f64,
}

impl PackProgress {
    pub fn new(audience: i64, read: i64, accepted: i64) -> PackProgress {
        PackProgress {
            audience,
            read,
            accepted,
            read_percent: percent(read, audience),
            accepted_percent: percent(accepted, audience),
        }
    }
}

/// `part` of `whole` as a percentage with one decimal; 0 of nothing is 0.
pub fn percent(part: i64, whole: i64) -> f64 {
    if whole <= 0 {
        return 0.0;
    }
    ((part as f64) * 1000.0 / (whole as f64)).round() / 10.0
}

/// A pack as its editors see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PolicyPack {
    pub item_id: Uuid,
    pub number: i64,
    pub name: String,
    pub description: String,
    pub state: PackState,
    /// The latest published version (0 before the first publication).
    pub version: i32,
    pub published_at: Option<DateTime<Utc>>,
    /// The documents of the latest published version (what the audience reads).
    pub published_documents: Vec<PackDocument>,
    /// The documents being prepared for the next version.
    pub documents: Vec<PackDocument>,
    pub audience: Audience,
    /// The working copy differs from the published version.
    pub unpublished_changes: bool,
    pub progress: PackProgress,
    /// For `If-Match` on changes to the pack's documents, audience and state.
    pub row_version: i64,
}

/// A document of a pack as a reader sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyDocument {
    #[serde(flatten)]
    pub document: PackDocument,
    pub read_at: Option<DateTime<Utc>>,
}

/// A published pack asked of the caller, with their reads and acceptance of its latest version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyPack {
    pub item_id: Uuid,
    pub name: String,
    pub description: String,
    pub version: i32,
    pub published_at: Option<DateTime<Utc>>,
    pub documents: Vec<MyDocument>,
    pub accepted_at: Option<DateTime<Utc>>,
    /// The sentence the person accepts.
    pub statement: String,
    /// Something is left to read or accept.
    pub outstanding: bool,
}

/// Marks a document of the latest version read.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkRead {
    pub document_id: Uuid,
}

/// One person of the audience and how far they are with a version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonProgress {
    pub user_id: Uuid,
    pub name: String,
    pub email: String,
    pub documents: i64,
    pub read: i64,
    /// Read documents and the acceptance, as one percentage (acceptance counts as one step).
    pub progress: f64,
    pub last_read_at: Option<DateTime<Utc>>,
    pub accepted_at: Option<DateTime<Utc>>,
}

/// A person's progress: documents read plus the acceptance, out of documents plus one.
pub fn person_progress(documents: i64, read: i64, accepted: bool) -> f64 {
    percent(read.min(documents) + i64::from(accepted), documents + 1)
}

/// Filters of the people of a pack.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct PeopleFilter {
    /// A published version; the latest when absent.
    pub version: Option<i32>,
    /// `true`: only those who have not accepted it.
    pub outstanding: Option<bool>,
}

/// One published version of a pack and how many accepted it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PackVersion {
    pub version: i32,
    pub published_at: DateTime<Utc>,
    pub published_by_name: Option<String>,
    pub documents: Vec<PackDocument>,
    /// People who accepted this version.
    pub accepted: i64,
    /// People who read at least one of its documents.
    pub readers: i64,
}

/// How many people a nudge reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Nudged {
    pub notified: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: usize) -> Vec<Uuid> {
        (0..n).map(|_| Uuid::new_v4()).collect()
    }

    #[test]
    fn the_audience_is_everyone_or_its_people_and_groups_among_active_members() {
        let members = ids(4);
        let outsider = Uuid::new_v4();
        let group = Uuid::new_v4();
        let groups = HashMap::from([(group, vec![members[1], members[2], outsider])]);
        let all = Audience {
            everyone: true,
            ..Audience::default()
        };
        assert_eq!(all.resolve(&members, &groups).len(), 4);
        let some = Audience {
            everyone: false,
            users: vec![members[0], members[1]],
            groups: vec![group],
        };
        let asked = some.resolve(&members, &groups);
        assert_eq!(
            asked,
            BTreeSet::from([members[0], members[1], members[2]]),
            "people once, and only active members"
        );
        assert!(Audience::default().is_empty());
        assert!(Audience::default().resolve(&members, &groups).is_empty());
    }

    #[test]
    fn percentages_and_a_persons_progress() {
        assert_eq!(percent(0, 0), 0.0);
        assert_eq!(percent(1, 3), 33.3);
        assert_eq!(percent(2, 3), 66.7);
        assert_eq!(PackProgress::new(4, 3, 1).accepted_percent, 25.0);
        assert_eq!(person_progress(3, 0, false), 0.0);
        assert_eq!(person_progress(3, 3, false), 75.0);
        assert_eq!(person_progress(3, 3, true), 100.0);
        assert_eq!(person_progress(0, 0, true), 100.0);
    }

    #[test]
    fn document_addresses_are_web_addresses() {
        let doc = |url: &str| PackDocumentInput {
            title: "Mobile policy".into(),
            url: Some(url.into()),
            ..PackDocumentInput::default()
        };
        assert!(
            doc("https://intranet.example/mobile.pdf")
                .validate()
                .is_ok()
        );
        assert!(doc("javascript:alert(1)").validate().is_err());
        assert_eq!(
            PackState::parse(PackState::Retired.key()),
            PackState::Retired
        );
    }

    fn document(n: u128) -> PackDocument {
        PackDocument {
            id: Uuid::from_u128(n),
            title: format!("Policy {n}"),
            item_id: None,
            url: Some(format!("https://intranet.example/{n}.pdf")),
        }
    }

    #[test]
    fn publishing_needs_documents_then_an_audience() {
        let everyone = Audience {
            everyone: true,
            ..Audience::default()
        };
        assert_eq!(check_publish(&[document(1)], &everyone), Ok(()));
        let group = Audience {
            groups: vec![Uuid::from_u128(7)],
            ..Audience::default()
        };
        assert_eq!(check_publish(&[document(1)], &group), Ok(()));
        assert_eq!(
            check_publish(&[], &Audience::default()),
            Err(PublishError::NoDocuments),
            "documents are named first"
        );
        assert_eq!(
            check_publish(&[document(1)], &Audience::default()),
            Err(PublishError::NoAudience)
        );
        assert_eq!(
            PublishError::NoDocuments.to_string(),
            "documents: add the documents to read before publishing"
        );
        assert_eq!(
            PublishError::NoAudience.to_string(),
            "audience: say who must read and accept the pack before publishing"
        );
    }

    #[test]
    fn a_pack_is_accepted_once_every_document_is_read_and_only_once() {
        let read = |n: u128, at: Option<DateTime<Utc>>| MyDocument {
            document: document(n),
            read_at: at,
        };
        let now = Utc::now();
        let mut pack = MyPack {
            item_id: Uuid::from_u128(1),
            name: "Starters".into(),
            description: String::new(),
            version: 2,
            published_at: Some(now),
            documents: vec![read(1, Some(now)), read(2, None), read(3, None)],
            accepted_at: None,
            statement: String::new(),
            outstanding: true,
        };
        let e = check_accept(&pack).unwrap_err();
        assert_eq!(e, AcceptError::Unread(2));
        assert_eq!(
            e.to_string(),
            "documents: 2 of the pack's documents are not marked read yet"
        );
        for d in &mut pack.documents {
            d.read_at = Some(now);
        }
        assert_eq!(check_accept(&pack), Ok(Acceptance::Record));
        pack.accepted_at = Some(now);
        assert_eq!(check_accept(&pack), Ok(Acceptance::AlreadyAccepted));
        pack.documents[0].read_at = None;
        assert_eq!(
            check_accept(&pack),
            Ok(Acceptance::AlreadyAccepted),
            "an acceptance stands"
        );
    }
}
