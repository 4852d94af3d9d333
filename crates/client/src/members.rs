//! Members of the caller's organisation: listing, adding or inviting, and changing them.

use crate::client::Client;
use crate::error::ApiError;
use annex_domain::access::users::{
    CreateMember, CreatedMember, Member, MemberFilter, UpdateMember,
};
use annex_domain::{Page, PageParams};
use reqwest::Method;
use uuid::Uuid;

impl Client {
    /// One page of the organisation's members matching `filter`.
    pub async fn list_members(
        &self,
        filter: &MemberFilter,
        page: &PageParams,
    ) -> Result<Page<Member>, ApiError> {
        self.get_page("/api/v1/users", filter, page).await
    }

    /// One member, by user id.
    pub async fn get_member(&self, id: Uuid) -> Result<Member, ApiError> {
        self.get(&format!("/api/v1/users/{id}")).await
    }

    /// Adds a person with a password, or invites them when the request has none.
    pub async fn create_member(&self, req: &CreateMember) -> Result<CreatedMember, ApiError> {
        self.send_json(Method::POST, "/api/v1/users", req).await
    }

    /// Changes a member's name, role or activity, provided the membership is still at `version`.
    pub async fn update_member(
        &self,
        id: Uuid,
        version: i64,
        req: &UpdateMember,
    ) -> Result<Member, ApiError> {
        self.send_json_at(Method::PATCH, &format!("/api/v1/users/{id}"), version, req)
            .await
    }
}
