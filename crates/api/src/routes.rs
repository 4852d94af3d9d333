//! Every API route, registered in one place.

use crate::handlers::access::{api_tokens, auth, groups, me, organisation, users};
use crate::handlers::audits::{self, management_review, questionnaires};
use crate::handlers::events::{audit_trail, notifications};
use crate::handlers::frameworks::{self, compliance, soa};
use crate::handlers::packs::policy_packs;
use crate::handlers::risk::{risk_exchange, risk_matrix, risks};
use crate::handlers::work::{
    arrange, attachments, discussions, exchange, items, links, my_work, spaces, stats, templates,
    todos,
};
use crate::handlers::{clusters, dashboard, health, kpis, privacy};
use crate::rejections::unknown_route;
use actix_web::web;
use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

/// Registers `/api` and `/api/v1`; anything else under `/api` is a 404 problem.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(
        scope("/api")
            .service(health::health)
            .service(health::ready)
            .service(
                scope("/v1")
                    // Access: sign-in, the organisation, its people, groups and API tokens
                    .service(auth::login)
                    .service(auth::refresh)
                    .service(auth::logout)
                    .service(auth::accept_invitation)
                    .service(me::me)
                    .service(me::update_me)
                    .service(me::accept_my_invitation)
                    .service(me::decline_my_invitation)
                    .service(organisation::get_organisation)
                    .service(organisation::update_organisation)
                    .service(users::list_users)
                    .service(users::create_user)
                    .service(users::get_user)
                    .service(users::update_user)
                    .service(groups::list_groups)
                    .service(groups::create_group)
                    .service(groups::get_group)
                    .service(groups::update_group)
                    .service(groups::delete_group)
                    .service(groups::add_group_member)
                    .service(groups::remove_group_member)
                    .service(api_tokens::list_api_tokens)
                    .service(api_tokens::create_api_token)
                    .service(api_tokens::revoke_api_token)
                    // Events: the audit trail and people's notifications
                    .service(audit_trail::audit_trail)
                    .service(notifications::list_notifications)
                    .service(notifications::unread_count)
                    .service(notifications::mark_all_read)
                    .service(notifications::mark_read)
                    // Work: spaces, their items and the work on them
                    .service(spaces::list_spaces)
                    .service(spaces::create_space)
                    .service(spaces::get_space)
                    .service(spaces::update_space)
                    .service(spaces::delete_space)
                    .service(spaces::replace_space_settings)
                    .service(spaces::project_tree)
                    .service(templates::list_templates)
                    .service(exchange::export_space)
                    .service(exchange::import_space)
                    .service(arrange::sort_tree)
                    .service(stats::space_stats)
                    .service(items::list_items)
                    .service(items::create_item)
                    .service(links::search_items)
                    .service(items::get_item)
                    .service(items::update_item)
                    .service(items::delete_item)
                    .service(arrange::move_item)
                    .service(arrange::duplicate_item)
                    .service(links::list_links)
                    .service(links::create_link)
                    .service(links::delete_link)
                    .service(attachments::list_notes)
                    .service(attachments::add_note)
                    .service(attachments::edit_note)
                    .service(attachments::delete_note)
                    .service(attachments::list_documents)
                    .service(attachments::add_document)
                    .service(attachments::remove_document)
                    .service(attachments::item_updates)
                    .service(todos::list_todos)
                    .service(todos::add_todo)
                    .service(todos::update_todo)
                    .service(todos::delete_todo)
                    .service(discussions::list_discussions)
                    .service(discussions::start_discussion)
                    .service(discussions::get_discussion)
                    .service(discussions::reply)
                    .service(discussions::edit_post)
                    .service(my_work::get_my_work)
                    // Clusters: groups of spaces
                    .service(clusters::list_cluster_templates)
                    .service(clusters::list_clusters)
                    .service(clusters::create_cluster)
                    .service(clusters::get_cluster)
                    .service(clusters::update_cluster)
                    .service(clusters::delete_cluster)
                    .service(clusters::add_cluster_space)
                    .service(clusters::remove_cluster_space)
                    .service(clusters::cluster_overview)
                    // Frameworks: the catalogue, the Statement of Applicability and compliance
                    .service(frameworks::list_frameworks)
                    .service(frameworks::framework_mappings)
                    .service(frameworks::framework_crosswalks)
                    .service(frameworks::framework_requirements)
                    .service(frameworks::framework_oscal)
                    .service(frameworks::framework_oscal_profile)
                    .service(soa::get_soa)
                    .service(compliance::compliance_view)
                    .service(soa::soa_coverage)
                    .service(soa::export_soa)
                    .service(soa::soa_oscal)
                    .service(soa::get_soa_entry)
                    .service(soa::update_soa_entry)
                    .service(soa::bulk_update_soa)
                    .service(soa::adopt_framework)
                    .service(soa::migrate_soa)
                    // Risk: the matrix, the threat bank and the register
                    .service(risk_matrix::get_risk_matrix)
                    .service(risk_matrix::replace_risk_matrix)
                    .service(risk_matrix::list_risk_bank)
                    .service(risks::risk_register)
                    .service(risks::risk_map)
                    .service(risk_exchange::export_risks)
                    .service(risk_exchange::import_risks)
                    .service(risks::add_risk_from_bank)
                    .service(risks::risk_readings)
                    .service(risks::record_reading)
                    .service(risks::risk_bia)
                    .service(risks::item_bia)
                    // Audits: the audit programme, questionnaires and management review inputs
                    .service(audits::raise_finding)
                    .service(audits::audit_findings)
                    .service(audits::audit_coverage)
                    .service(questionnaires::get_questionnaire)
                    .service(questionnaires::create_questionnaire)
                    .service(questionnaires::update_questionnaire)
                    .service(questionnaires::delete_questionnaire)
                    .service(questionnaires::send_questionnaire)
                    .service(questionnaires::close_questionnaire)
                    .service(questionnaires::nudge_questionnaire)
                    .service(questionnaires::questionnaire_responses)
                    .service(questionnaires::export_questionnaire_responses)
                    .service(questionnaires::raise_answer_finding)
                    .service(questionnaires::my_questionnaires)
                    .service(questionnaires::my_questionnaire)
                    .service(questionnaires::save_my_answers)
                    .service(questionnaires::submit_my_answers)
                    .service(management_review::management_review_inputs)
                    // Policy packs: what people must read and accept
                    .service(policy_packs::list_packs)
                    .service(policy_packs::create_pack)
                    .service(policy_packs::get_pack)
                    .service(policy_packs::update_pack)
                    .service(policy_packs::publish_pack)
                    .service(policy_packs::retire_pack)
                    .service(policy_packs::pack_people)
                    .service(policy_packs::export_pack_people)
                    .service(policy_packs::pack_history)
                    .service(policy_packs::nudge_pack)
                    .service(policy_packs::my_packs)
                    .service(policy_packs::mark_document_read)
                    .service(policy_packs::accept_pack)
                    // KPIs
                    .service(kpis::list_kpis)
                    .service(kpis::get_kpi_definition)
                    .service(kpis::define_kpi)
                    .service(kpis::list_kpi_readings)
                    .service(kpis::record_kpi_reading)
                    .service(kpis::compute_kpi)
                    // The programme's dashboard
                    .service(dashboard::programme_dashboard)
                    // Privacy
                    .service(privacy::privacy_deadlines)
                    .service(privacy::item_deadline)
                    .default_service(web::to(unknown_route)),
            )
            .default_service(web::to(unknown_route)),
    );
}
