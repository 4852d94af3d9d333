//! Record-level authorisation: beyond what a role may do at all (the role table, [`Role::can`]),
//! which records a person may change. "A contributor changes only the work assigned to them" and
//! "only its author rewrites a note or post" live here, once; the server's handlers and the web
//! UI both ask these functions, so what the UI offers is what the server allows.

use crate::role::{Action, Role};
use uuid::Uuid;

/// How much of the organisation's work (items, SoA controls, risks, KPIs) a role may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rights {
    /// Nothing: reading only.
    None,
    /// The records assigned to (or owned by) the person, and they cannot hand them on.
    OwnWork,
    /// Every record.
    Any,
}

impl Rights {
    /// What `role` may change of the organisation's work.
    pub fn of(role: Role) -> Rights {
        if role.can(Action::EditAnyItem) {
            Rights::Any
        } else if role == Role::Contributor {
            Rights::OwnWork
        } else {
            Rights::None
        }
    }

    /// Whether `me`, of `role`, may change a record assigned to (or owned by) `holder`.
    pub fn on(role: Role, me: Uuid, holder: Option<Uuid>) -> bool {
        match Rights::of(role) {
            Rights::Any => true,
            Rights::OwnWork => holder == Some(me),
            Rights::None => false,
        }
    }

    /// Whether `me`, of `role`, may set a record's assignee (or owner) to `to`: anyone who may
    /// change any record; a contributor keeps their own work, so only to themself.
    pub fn may_hand_to(role: Role, me: Uuid, to: Option<Uuid>) -> bool {
        match Rights::of(role) {
            Rights::Any => true,
            Rights::OwnWork | Rights::None => to == Some(me),
        }
    }
}

/// Whether `me` may rewrite a note or post written by `author`: its author alone.
pub fn may_edit_authored(me: Uuid, author: Option<Uuid>) -> bool {
    author == Some(me)
}

/// Whether `me`, of `role`, may delete a note written by `author`: its author, or those who may
/// delete items.
pub fn may_delete_authored(role: Role, me: Uuid, author: Option<Uuid>) -> bool {
    may_edit_authored(me, author) || role.can(Action::DeleteItems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids() -> (Uuid, Uuid) {
        (Uuid::from_u128(1), Uuid::from_u128(2))
    }

    #[test]
    fn editors_and_up_change_any_work_contributors_their_own_readers_none() {
        let (me, other) = ids();
        for role in Role::ALL {
            let expected = match role {
                Role::Owner | Role::Admin | Role::Editor => Rights::Any,
                Role::Contributor => Rights::OwnWork,
                Role::Viewer | Role::Auditor => Rights::None,
            };
            assert_eq!(Rights::of(role), expected, "{role}");
            assert_eq!(
                Rights::on(role, me, Some(other)),
                expected == Rights::Any,
                "{role} on another's"
            );
            assert_eq!(
                Rights::on(role, me, None),
                expected == Rights::Any,
                "{role} on nobody's"
            );
            assert_eq!(
                Rights::on(role, me, Some(me)),
                expected != Rights::None,
                "{role} on their own"
            );
        }
    }

    #[test]
    fn contributors_cannot_hand_their_work_on() {
        let (me, other) = ids();
        assert!(Rights::may_hand_to(Role::Contributor, me, Some(me)));
        assert!(!Rights::may_hand_to(Role::Contributor, me, Some(other)));
        assert!(!Rights::may_hand_to(Role::Contributor, me, None));
        assert!(Rights::may_hand_to(Role::Editor, me, Some(other)));
        assert!(Rights::may_hand_to(Role::Editor, me, None));
    }

    #[test]
    fn authors_rewrite_their_own_and_owners_and_admins_delete_any() {
        let (me, other) = ids();
        assert!(may_edit_authored(me, Some(me)));
        assert!(!may_edit_authored(me, Some(other)));
        assert!(!may_edit_authored(me, None));
        for role in Role::ALL {
            let managers = matches!(role, Role::Owner | Role::Admin);
            assert_eq!(
                may_delete_authored(role, me, Some(other)),
                managers,
                "{role}"
            );
            assert!(may_delete_authored(role, me, Some(me)), "{role}");
        }
    }
}
