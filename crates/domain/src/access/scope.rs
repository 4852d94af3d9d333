//! The scope a request acts in: whose organisation, which person, in what role — named fields, so
//! an organisation id can never be read where the person's was meant.

use crate::ids::{OrgId, UserId};
use crate::role::Role;

/// Who is acting, and where: what deciding and recording a change needs to know about the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    /// The organisation every read and write of the request is confined to.
    pub org: OrgId,
    /// The person acting (recorded as the actor of the change).
    pub actor: UserId,
    /// Their role in that organisation.
    pub role: Role,
}
