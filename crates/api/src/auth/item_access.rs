//! Who may work on an item (change it, link it, add notes and documents): editors and up on any
//! item, contributors on the items assigned to them.

use crate::error::{ApiError, ApiResult, OrNotFound};
use annex_domain::Rights;
use annex_domain::access::scope::Scope;
use annex_domain::work::items::Item;
use annex_domain::{ItemId, OrgId};
use annex_store::{DbConnection, work::items};

/// The item of the caller's organisation; 404 for other organisations' items and unknown ids.
pub fn readable_item(conn: &mut DbConnection, org: OrgId, item: ItemId) -> ApiResult<Item> {
    items::get(conn, org, item.into()).or_not_found("item")
}

/// The item, if the caller may work on it; 404 for other organisations' items, 403 otherwise.
pub fn workable_item(conn: &mut DbConnection, scope: Scope, item: ItemId) -> ApiResult<Item> {
    let found = readable_item(conn, scope.org, item)?;
    if Rights::on(scope.role, scope.actor.into(), found.assignee_id) {
        Ok(found)
    } else {
        Err(ApiError::Forbidden(format!(
            "your role ({}) cannot change this item",
            scope.role
        )))
    }
}
