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
        self.call(Method::GET, "/api/v1/groups")
            .query(page)
            .fetch()
            .await
    }

    /// One group with its members.
    pub async fn get_group(&self, id: Uuid) -> Result<GroupDetail, ApiError> {
        self.call(Method::GET, &group_path(id)).fetch().await
    }

    /// Creates an empty group.
    pub async fn create_group(&self, req: &CreateGroup) -> Result<Group, ApiError> {
        self.call(Method::POST, "/api/v1/groups")
            .json(req)
            .fetch()
            .await
    }

    /// Renames or redescribes a group, provided it is still at `version`.
    pub async fn update_group(
        &self,
        id: Uuid,
        version: i64,
        req: &UpdateGroup,
    ) -> Result<Group, ApiError> {
        self.call(Method::PATCH, &group_path(id))
            .if_match(version)
            .json(req)
            .fetch()
            .await
    }

    /// Deletes a group, provided it is still at `version`.
    pub async fn delete_group(&self, id: Uuid, version: i64) -> Result<(), ApiError> {
        self.call(Method::DELETE, &group_path(id))
            .if_match(version)
            .fetch_nothing()
            .await
    }

    /// Puts `user` in `group` (at `version`), returning the group with its new version.
    pub async fn add_group_member(
        &self,
        group: Uuid,
        user: Uuid,
        version: i64,
    ) -> Result<Group, ApiError> {
        self.call(Method::PUT, &group_member_path(group, user))
            .if_match(version)
            .fetch()
            .await
    }

    /// Takes `user` out of `group` (at `version`), returning the group with its new version.
    pub async fn remove_group_member(
        &self,
        group: Uuid,
        user: Uuid,
        version: i64,
    ) -> Result<Group, ApiError> {
        self.call(Method::DELETE, &group_member_path(group, user))
            .if_match(version)
            .fetch()
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
