//! Who may call each operation, as the OpenAPI document states it in `x-annex-access`: `roles`
//! lists the roles the role table of the domain crate lets through, and `limit` says where a role
//! may act on some records only (contributors on what is assigned to them, authors on what they
//! wrote).
//! Integrators read it there; the role tests are generated from it, so it must say what the
//! handlers do. An operation missing here fails the document's build (and so every test).

use crate::openapi_conventions::operations;
use annex_domain::{Action, Role};
use serde_json::{Value, json};
use utoipa::openapi::OpenApi as Document;
use utoipa::openapi::extensions::ExtensionsBuilder;

/// Contributors act only on the items assigned to them.
const ASSIGNED: &str = "contributors only on items assigned to them";

/// What an operation asks of its caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Needs no sign-in.
    Public,
    /// Anyone signed in, acting on what is theirs (their profile, tokens, inbox).
    Anyone,
    /// The roles that may do `Action`.
    Role(Action),
    /// `Action::ManageMembers`; only owners make someone owner or change an owner.
    Members,
    /// `Action::Write`: editors and up on any item, contributors on those assigned to them.
    Assigned,
    /// `Action::Write`, on a note or post the caller wrote.
    Author,
    /// A note's author, or those who may delete items.
    AuthorOrDeleter,
}

impl Access {
    /// The roles it lets through (on some records, for a limited access).
    pub fn roles(self) -> Vec<Role> {
        let action = match self {
            Access::Public | Access::Anyone => return Role::ALL.to_vec(),
            Access::Role(action) => action,
            Access::Members => Action::ManageMembers,
            Access::Assigned | Access::Author | Access::AuthorOrDeleter => Action::Write,
        };
        Role::ALL.into_iter().filter(|r| r.can(action)).collect()
    }

    /// Which records a permitted role may act on, when not all.
    pub fn limit(self) -> Option<&'static str> {
        match self {
            Access::Assigned => Some(ASSIGNED),
            Access::Author => Some("the author only"),
            Access::AuthorOrDeleter => Some("the author, or owners and admins"),
            Access::Members => Some("only owners make someone owner or change an owner"),
            _ => None,
        }
    }
}

/// The access of an operation, by its operationId.
pub fn of(operation_id: &str) -> Option<Access> {
    use Access::*;
    use Action::*;
    Some(match operation_id {
        "health" | "ready" | "login" | "refresh" | "logout" | "accept_invitation" => Public,
        "me"
        | "update_me"
        | "decline_my_invitation"
        | "accept_my_invitation"
        | "list_api_tokens"
        | "create_api_token"
        | "revoke_api_token" => Anyone,
        "get_organisation" => Role(ReadOrganisation),
        "update_organisation"
        | "replace_risk_matrix"
        | "get_mail_settings"
        | "change_mail_settings"
        | "list_outbox"
        | "retry_mail"
        | "send_test_mail" => Role(ManageOrganisation),
        "list_users" | "get_user" | "list_groups" | "get_group" => Role(ReadMembers),
        "create_user" | "update_user" => Members,
        "create_group"
        | "update_group"
        | "delete_group"
        | "add_group_member"
        | "remove_group_member" => Role(ManageGroups),
        "audit_trail" => Role(ReadAuditTrail),
        "create_cluster"
        | "update_cluster"
        | "delete_cluster"
        | "add_cluster_space"
        | "remove_cluster_space"
        | "adopt_framework"
        | "migrate_soa"
        | "create_space"
        | "update_space"
        | "replace_space_settings" => Role(ManageSpaces),
        "delete_item" | "delete_space" => Role(DeleteItems),
        "raise_finding"
        | "update_questionnaire"
        | "create_questionnaire"
        | "delete_questionnaire"
        | "close_questionnaire"
        | "raise_answer_finding"
        | "nudge_questionnaire"
        | "send_questionnaire"
        | "duplicate_item"
        | "move_item"
        | "define_kpi"
        | "create_pack"
        | "update_pack"
        | "nudge_pack"
        | "pack_people"
        | "export_pack_people"
        | "publish_pack"
        | "retire_pack"
        | "add_risk_from_bank"
        | "import_risks"
        | "bulk_update_soa"
        | "import_space"
        | "create_item"
        | "sort_tree" => Role(EditAnyItem),
        "update_item" | "update_soa_entry" | "record_reading" | "record_kpi_reading"
        | "compute_kpi" | "start_discussion" | "reply" | "add_todo" | "update_todo"
        | "delete_todo" | "add_note" | "add_document" | "remove_document" | "create_link"
        | "delete_link" | "set_recurrence" | "clear_recurrence" => Assigned,
        "edit_note" | "edit_post" => Author,
        "delete_note" => AuthorOrDeleter,
        "audit_coverage"
        | "audit_findings"
        | "get_questionnaire"
        | "questionnaire_responses"
        | "export_questionnaire_responses"
        | "list_cluster_templates"
        | "list_clusters"
        | "get_cluster"
        | "cluster_overview"
        | "compliance_view"
        | "programme_dashboard"
        | "get_discussion"
        | "list_frameworks"
        | "framework_crosswalks"
        | "framework_mappings"
        | "framework_oscal"
        | "framework_oscal_profile"
        | "framework_requirements"
        | "search_items"
        | "get_item"
        | "item_bia"
        | "item_deadline"
        | "list_discussions"
        | "list_documents"
        | "list_links"
        | "list_notes"
        | "list_todos"
        | "item_updates"
        | "list_kpis"
        | "get_kpi_definition"
        | "list_kpi_readings"
        | "management_review_inputs"
        | "my_packs"
        | "accept_pack"
        | "mark_document_read"
        | "my_questionnaires"
        | "my_questionnaire"
        | "save_my_answers"
        | "submit_my_answers"
        | "get_my_work"
        | "list_notifications"
        | "get_notification_settings"
        | "change_notification_settings"
        | "mark_all_read"
        | "unread_count"
        | "mark_read"
        | "list_packs"
        | "get_pack"
        | "pack_history"
        | "privacy_deadlines"
        | "list_risk_bank"
        | "get_risk_matrix"
        | "risk_register"
        | "export_risks"
        | "risk_map"
        | "risk_bia"
        | "risk_readings"
        | "get_soa"
        | "get_soa_entry"
        | "soa_coverage"
        | "export_soa"
        | "soa_oscal"
        | "list_spaces"
        | "get_space"
        | "export_space"
        | "list_items"
        | "get_recurrence"
        | "recurring_items"
        | "space_stats"
        | "project_tree"
        | "list_templates" => Role(ReadWork),
        _ => return None,
    })
}

/// Writes `x-annex-access` on every operation that needs a sign-in.
///
/// # Panics
/// When an operation has no access stated in [`of`]: a new route must say who may call it.
pub fn state(document: &mut Document) {
    for (path, item) in document.paths.paths.iter_mut() {
        for operation in operations(item) {
            let id = operation.operation_id.clone().unwrap_or_default();
            let access = of(&id).unwrap_or_else(|| {
                panic!("{path}: operation `{id}` has no access stated in openapi_access.rs")
            });
            if access == Access::Public {
                continue;
            }
            let roles: Vec<Value> = access.roles().iter().map(|r| json!(r.as_str())).collect();
            // One extension holding both: utoipa keeps extensions in a hash map, whose order
            // would change the document from one build to the next.
            let mut stated = json!({ "roles": roles });
            if let Some(limit) = access.limit() {
                stated["limit"] = json!(limit);
            }
            let extension = ExtensionsBuilder::new().add("x-annex-access", stated);
            operation
                .extensions
                .get_or_insert_with(Default::default)
                .merge(extension.build());
        }
    }
}
