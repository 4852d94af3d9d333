//! Roles within an organisation and what each may do: the single authorisation table of Annex.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A member's role in one organisation; a person may hold different roles in different organisations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Runs the organisation's Annex: everything an admin can, plus managing other owners.
    Owner,
    /// Configures the ISMS and manages members, groups and settings.
    Admin,
    /// Creates and edits any record of the ISMS.
    Editor,
    /// Edits the records assigned to them.
    Contributor,
    /// Reads the ISMS.
    Viewer,
    /// Reads the ISMS, including the audit trail, and changes nothing.
    Auditor,
}

impl Role {
    /// Every role, most powerful first: the order screens list them in.
    pub const ALL: [Role; 6] = [
        Role::Owner,
        Role::Admin,
        Role::Editor,
        Role::Contributor,
        Role::Viewer,
        Role::Auditor,
    ];

    /// The stored and serialised name of the role.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Contributor => "contributor",
            Role::Viewer => "viewer",
            Role::Auditor => "auditor",
        }
    }

    /// Whether this role may perform `action`: the one place where roles meet permissions.
    pub fn can(self, action: Action) -> bool {
        use Role::*;
        match action {
            Action::ReadOrganisation
            | Action::ReadMembers
            | Action::ManageOwnTokens
            | Action::ReadWork => true,
            Action::ManageSpaces | Action::EditAnyItem => matches!(self, Owner | Admin | Editor),
            Action::DeleteItems => matches!(self, Owner | Admin),
            Action::ManageOrganisation | Action::ManageMembers | Action::ManageGroups => {
                matches!(self, Owner | Admin)
            }
            Action::ManageOwners => self == Owner,
            Action::ReadAuditTrail => matches!(self, Owner | Admin | Auditor),
            Action::Write => matches!(self, Owner | Admin | Editor | Contributor),
        }
    }

    /// Whether a member with this role may hand `target` to someone (admins cannot create owners).
    pub fn may_grant(self, target: Role) -> bool {
        match target {
            Role::Owner => self.can(Action::ManageOwners),
            _ => self.can(Action::ManageMembers),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A role name that is not one of Annex's six roles.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role `{0}`; expected one of owner, admin, editor, contributor, viewer, auditor")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

/// Something a request wants to do; routes name the action they need and `Role::can` decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// See the organisation's name and settings.
    ReadOrganisation,
    /// Change the organisation's name and settings.
    ManageOrganisation,
    /// See who is a member (needed to assign work).
    ReadMembers,
    /// Add members, change their roles, deactivate them.
    ManageMembers,
    /// Grant or take away the owner role.
    ManageOwners,
    /// Create, rename and delete groups and set their members.
    ManageGroups,
    /// Create and revoke one's own API tokens.
    ManageOwnTokens,
    /// Read the append-only record of every change.
    ReadAuditTrail,
    /// Change records of the ISMS at all (finer rules per record come with each capability).
    Write,
    /// See projects, trackers and their items.
    ReadWork,
    /// Create projects and trackers and change their settings (workflow, custom fields).
    ManageSpaces,
    /// Create items and change any item (contributors change only items assigned to them).
    EditAnyItem,
    /// Delete items for good (everyone else archives).
    DeleteItems,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The roles allowed `action`, in [`Role::ALL`]'s order.
    fn roles_that(action: Action) -> Vec<Role> {
        Role::ALL.into_iter().filter(|r| r.can(action)).collect()
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("superuser".parse::<Role>().is_err());
    }

    #[test]
    fn only_owners_admins_and_auditors_read_the_audit_trail() {
        assert_eq!(
            roles_that(Action::ReadAuditTrail),
            vec![Role::Owner, Role::Admin, Role::Auditor]
        );
    }

    #[test]
    fn viewers_and_auditors_cannot_write() {
        assert!(!Role::Viewer.can(Action::Write));
        assert!(!Role::Auditor.can(Action::Write));
        assert!(Role::Contributor.can(Action::Write));
    }

    #[test]
    fn editors_and_up_manage_spaces_and_everyone_reads_them() {
        assert_eq!(
            roles_that(Action::ManageSpaces),
            vec![Role::Owner, Role::Admin, Role::Editor]
        );
        assert!(Role::ALL.into_iter().all(|r| r.can(Action::ReadWork)));
    }

    #[test]
    fn admins_cannot_make_owners_but_owners_can() {
        assert!(!Role::Admin.may_grant(Role::Owner));
        assert!(Role::Admin.may_grant(Role::Editor));
        assert!(Role::Owner.may_grant(Role::Owner));
        assert!(!Role::Editor.may_grant(Role::Viewer));
    }
}
