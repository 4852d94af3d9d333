//! Every API route, registered in one place.

use crate::handlers::{
    api_tokens, attachments, audit_trail, auth, groups, health, items, links, me, organisation,
    spaces, users,
};
use crate::handlers::{arrange, stats};
use crate::handlers::{discussions, my_work, notifications, todos};
use crate::handlers::{exchange, templates};
use crate::handlers::{frameworks, risk_matrix, risks, soa};
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
                    .service(auth::login)
                    .service(auth::refresh)
                    .service(auth::logout)
                    .service(auth::accept_invitation)
                    .service(me::me)
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
                    .service(audit_trail::audit_trail)
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
                    .service(notifications::list_notifications)
                    .service(notifications::unread_count)
                    .service(notifications::mark_all_read)
                    .service(notifications::mark_read)
                    .service(my_work::get_my_work)
                    .service(frameworks::list_frameworks)
                    .service(frameworks::framework_mappings)
                    .service(frameworks::framework_requirements)
                    .service(frameworks::framework_oscal)
                    .service(soa::get_soa)
                    .service(soa::soa_coverage)
                    .service(soa::export_soa)
                    .service(soa::soa_oscal)
                    .service(soa::get_soa_entry)
                    .service(soa::update_soa_entry)
                    .service(soa::bulk_update_soa)
                    .service(soa::adopt_framework)
                    .service(soa::migrate_soa)
                    .service(risk_matrix::get_risk_matrix)
                    .service(risk_matrix::replace_risk_matrix)
                    .service(risk_matrix::list_risk_bank)
                    .service(risks::risk_register)
                    .service(risks::risk_map)
                    .service(risks::add_risk_from_bank)
                    .service(risks::risk_readings)
                    .service(risks::record_reading)
                    .service(risks::risk_bia)
                    .default_service(web::to(unknown_route)),
            )
            .default_service(web::to(unknown_route)),
    );
}
