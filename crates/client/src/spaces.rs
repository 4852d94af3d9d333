//! Spaces (projects and trackers): listing, creating, changing, and their workflow and fields.

use crate::client::Client;
use crate::error::ApiError;
use annex_domain::work::items::ItemKind;
use annex_domain::work::spaces::{CreateSpace, Space, SpaceFilter, SpaceSettings, UpdateSpace};
use annex_domain::work::stats::{SpaceStats, StatsQuery};
use annex_domain::work::tree::ProjectTree;
use annex_domain::{Page, PageParams};
use reqwest::Method;
use uuid::Uuid;

fn space_path(id: Uuid) -> String {
    format!("/api/v1/spaces/{id}")
}

impl Client {
    /// One page of the organisation's projects and trackers.
    pub async fn list_spaces(
        &self,
        filter: &SpaceFilter,
        page: &PageParams,
    ) -> Result<Page<Space>, ApiError> {
        self.get_page("/api/v1/spaces", filter, page).await
    }

    /// One space with its workflow and custom fields.
    pub async fn get_space(&self, id: Uuid) -> Result<Space, ApiError> {
        self.get(&space_path(id)).await
    }

    /// Creates a blank project or tracker.
    pub async fn create_space(&self, req: &CreateSpace) -> Result<Space, ApiError> {
        self.send_json(Method::POST, "/api/v1/spaces", req).await
    }

    /// Renames, re-owns, archives or restores a space, provided it is still at `version`.
    pub async fn update_space(
        &self,
        id: Uuid,
        version: i64,
        req: &UpdateSpace,
    ) -> Result<Space, ApiError> {
        self.send_json_at(Method::PATCH, &space_path(id), version, req)
            .await
    }

    /// Replaces a space's workflow and custom fields, provided it is still at `version`.
    pub async fn replace_space_settings(
        &self,
        id: Uuid,
        version: i64,
        req: &SpaceSettings,
    ) -> Result<Space, ApiError> {
        self.send_json_at(
            Method::PUT,
            &format!("{}/settings", space_path(id)),
            version,
            req,
        )
        .await
    }

    /// A project as a tree with rolled-up progress.
    pub async fn project_tree(&self, id: Uuid) -> Result<ProjectTree, ApiError> {
        self.get(&format!("{}/tree", space_path(id))).await
    }

    /// Deletes a space that holds no items, provided it is still at `version`.
    pub async fn delete_space(&self, id: Uuid, version: i64) -> Result<(), ApiError> {
        self.delete_at(&space_path(id), version).await
    }

    /// A tracker's counts by status and by each select field's options.
    pub async fn space_stats(&self, id: Uuid) -> Result<SpaceStats, ApiError> {
        self.get(&format!("/api/v1/spaces/{id}/stats")).await
    }

    /// The counts of a space's items of one kind: a project's activities make its headline.
    pub async fn space_stats_of(&self, id: Uuid, kind: ItemKind) -> Result<SpaceStats, ApiError> {
        self.get_query(
            &format!("/api/v1/spaces/{id}/stats"),
            &StatsQuery { kind: Some(kind) },
        )
        .await
    }
}
