//! Groups of members: listing, creating, renaming, deleting, and setting who is in them.

use crate::client::Client;
use crate::error::ApiError;
use annex_domain::access::groups::{CreateGroup, Group, GroupDetail, UpdateGroup};
use annex_domain::{Page, PageParams};
use reqwest::Method;
use uuid::Uuid;

impl Client {
    /// One page of the organisation's groups.
    pub async fn list_groups(&self, page: &PageParams) -> Result<Page<Group>, ApiError> {
        self.get_query("/api/v1/groups", page).await
    }

    /// One group with its members.
    pub async fn get_group(&self, id: Uuid) -> Result<GroupDetail, ApiError> {
        self.get(&group_path(id)).await
    }

    /// Creates an empty group.
    pub async fn create_group(&self, req: &CreateGroup) -> Result<Group, ApiError> {
        self.send_json(Method::POST, "/api/v1/groups", req).await
    }

    /// Renames or redescribes a group, provided it is still at `version`.
    pub async fn update_group(
        &self,
        id: Uuid,
        version: i64,
        req: &UpdateGroup,
    ) -> Result<Group, ApiError> {
        self.send_json_at(Method::PATCH, &group_path(id), version, req)
            .await
    }

    /// Deletes a group, provided it is still at `version`.
    pub async fn delete_group(&self, id: Uuid, version: i64) -> Result<(), ApiError> {
        self.delete_at(&group_path(id), version).await
    }

    /// Puts `user` in `group` (at `version`), returning the group with its new version.
    pub async fn add_group_member(
        &self,
        group: Uuid,
        user: Uuid,
        version: i64,
    ) -> Result<Group, ApiError> {
        self.send_at(Method::PUT, &group_member_path(group, user), version)
            .await
    }

    /// Takes `user` out of `group` (at `version`), returning the group with its new version.
    pub async fn remove_group_member(
        &self,
        group: Uuid,
        user: Uuid,
        version: i64,
    ) -> Result<Group, ApiError> {
        self.send_at(Method::DELETE, &group_member_path(group, user), version)
            .await
    }
}

/// The path of one group.
fn group_path(id: Uuid) -> String {
    format!("/api/v1/groups/{id}")
}

/// The path of one member's place in a group.
fn group_member_path(group: Uuid, user: Uuid) -> String {
    format!("/api/v1/groups/{group}/members/{user}")
}
