//! Record-level authorisation: beyond what a role may do at all (the role table, [`Role::can`]),
//! which records a person may change. "A contributor changes only the work assigned to them" and
//! "only its author rewrites a note or post" live here, once; the server's handlers and the web
//! UI both ask these functions, so what the UI offers is what the server allows.

use crate::access::users::{Member, UpdateMember};
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

/// Why a change to a member (their role, whether they are active, their name) is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MemberRefusal {
    /// Someone else must change a person's role or deactivate them (a 422).
    #[error("you cannot change your own role or deactivate yourself")]
    Themself,
    /// A person's name is theirs, changed under their profile (a 422 on `display_name`).
    #[error("a person's name is their own: they change it under their profile")]
    Name,
    /// Owners are changed, and made, by owners only (a 403).
    #[error("only an owner can change an owner or make someone owner")]
    OwnersOnly,
}

/// Whether `me`, of `role` (one who may manage members at all), may make `change` to `member`;
/// the refusals are checked in the order given by [`MemberRefusal`].
pub fn may_change_member(
    role: Role,
    me: Uuid,
    member: &Member,
    change: &UpdateMember,
) -> Result<(), MemberRefusal> {
    if member.id == me && (change.role.is_some_and(|r| r != role) || change.active == Some(false)) {
        return Err(MemberRefusal::Themself);
    }
    if change
        .display_name
        .as_deref()
        .is_some_and(|name| name.trim() != member.display_name)
    {
        return Err(MemberRefusal::Name);
    }
    // The same test the web UI's member table locks a row by.
    if !role.may_grant(member.role) || change.role.is_some_and(|r| !role.may_grant(r)) {
        return Err(MemberRefusal::OwnersOnly);
    }
    Ok(())
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

    fn member(id: Uuid, role: Role) -> Member {
        Member {
            id,
            email: "pat@example.org".into(),
            display_name: "Pat".into(),
            role,
            active: true,
            invited: false,
            created_at: chrono::DateTime::UNIX_EPOCH,
            version: 1,
        }
    }

    #[test]
    fn members_are_changed_by_others_names_by_themselves_owners_by_owners() {
        let (me, other) = ids();
        let change = |role: Option<Role>, active: Option<bool>, name: Option<&str>| UpdateMember {
            display_name: name.map(str::to_owned),
            role,
            active,
        };
        let admin = Role::Admin;
        let refused = |role, me, target: &Member, c: &UpdateMember| {
            may_change_member(role, me, target, c).err()
        };
        let editor = member(other, Role::Editor);
        assert_eq!(
            refused(admin, me, &editor, &change(Some(Role::Viewer), None, None)),
            None
        );
        assert_eq!(
            refused(
                admin,
                me,
                &editor,
                &change(None, Some(false), Some(" Pat "))
            ),
            None
        );
        assert_eq!(
            refused(admin, me, &editor, &change(None, None, Some("Sam"))),
            Some(MemberRefusal::Name)
        );
        let myself = member(me, admin);
        assert_eq!(
            refused(admin, me, &myself, &change(Some(admin), Some(true), None)),
            None
        );
        assert_eq!(
            refused(
                admin,
                me,
                &myself,
                &change(Some(Role::Owner), None, Some("Sam"))
            ),
            Some(MemberRefusal::Themself)
        );
        assert_eq!(
            refused(admin, me, &myself, &change(None, Some(false), None)),
            Some(MemberRefusal::Themself)
        );
        let owner = member(other, Role::Owner);
        assert_eq!(
            refused(admin, me, &owner, &change(None, Some(false), Some("Sam"))),
            Some(MemberRefusal::Name)
        );
        assert_eq!(
            refused(admin, me, &owner, &change(None, Some(false), None)),
            Some(MemberRefusal::OwnersOnly)
        );
        assert_eq!(
            refused(admin, me, &editor, &change(Some(Role::Owner), None, None)),
            Some(MemberRefusal::OwnersOnly)
        );
        assert_eq!(
            refused(Role::Owner, me, &owner, &change(Some(admin), None, None)),
            None
        );
    }
}
