//! Small coloured labels: roles, member status, token state, a mail's state.

use annex_client::domain::Role;
use leptos::prelude::*;

/// A member's role, coloured by how much it may do.
#[component]
pub fn RoleBadge(role: Role) -> impl IntoView {
    let class = format!("badge badge-{}", role.as_str());
    view! {
        <span class=class data-testid="role-badge" data-role=role.as_str()>
            {role_label(role)}
        </span>
    }
}

/// A role's name as people read it.
pub fn role_label(role: Role) -> &'static str {
    match role {
        Role::Owner => "Owner",
        Role::Admin => "Admin",
        Role::Editor => "Editor",
        Role::Contributor => "Contributor",
        Role::Viewer => "Viewer",
        Role::Auditor => "Auditor",
    }
}

/// What a role is for, in one sentence.
pub fn role_summary(role: Role) -> &'static str {
    match role {
        Role::Owner => "Runs this organisation's Annex, including who else is an owner.",
        Role::Admin => "Configures the ISMS and manages members, groups and settings.",
        Role::Editor => "Creates and edits any record of the ISMS.",
        Role::Contributor => "Edits the records assigned to them.",
        Role::Viewer => "Reads the ISMS.",
        Role::Auditor => "Reads the ISMS, including the audit trail, and changes nothing.",
    }
}

/// How a status badge is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusTone {
    Success,
    Warning,
    Danger,
    Neutral,
}

/// A state with a dot, e.g. Active, Invited, Revoked.
#[component]
pub fn StatusBadge(tone: StatusTone, #[prop(into)] label: String) -> impl IntoView {
    let class = match tone {
        StatusTone::Success => "badge badge-success",
        StatusTone::Warning => "badge badge-warning",
        StatusTone::Danger => "badge badge-danger",
        StatusTone::Neutral => "badge",
    };
    view! {
        <span class=class data-testid="status-badge">
            <span class="dot" aria-hidden="true"></span>
            {label}
        </span>
    }
}
