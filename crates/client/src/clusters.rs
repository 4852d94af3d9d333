//! Clusters: the cluster templates, clusters and their spaces, and the overview.

use crate::client::Client;
use crate::error::ApiError;
use annex_domain::clusters::templates::ClusterTemplateSummary;
use annex_domain::clusters::{Cluster, ClusterOverview, CreateCluster, UpdateCluster};
use reqwest::Method;
use uuid::Uuid;

fn cluster_path(id: Uuid) -> String {
    format!("/api/v1/clusters/{id}")
}

impl Client {
    /// The built-in cluster templates (ISO 22301, ISO 9001, GDPR).
    pub async fn cluster_templates(&self) -> Result<Vec<ClusterTemplateSummary>, ApiError> {
        self.get("/api/v1/cluster-templates").await
    }

    /// The organisation's clusters by name, each with its spaces.
    pub async fn list_clusters(&self) -> Result<Vec<Cluster>, ApiError> {
        self.get("/api/v1/clusters").await
    }

    /// Creates a cluster from a template, from existing spaces, or both.
    pub async fn create_cluster(&self, req: &CreateCluster) -> Result<Cluster, ApiError> {
        self.send_json(Method::POST, "/api/v1/clusters", req).await
    }

    /// One cluster with its spaces.
    pub async fn get_cluster(&self, id: Uuid) -> Result<Cluster, ApiError> {
        self.get(&cluster_path(id)).await
    }

    /// Renames and redescribes a cluster, provided it is still at `version`.
    pub async fn update_cluster(
        &self,
        id: Uuid,
        version: i64,
        req: &UpdateCluster,
    ) -> Result<Cluster, ApiError> {
        self.send_json_at(Method::PUT, &cluster_path(id), version, req)
            .await
    }

    /// Removes a cluster (never its spaces), provided it is still at `version`.
    pub async fn delete_cluster(&self, id: Uuid, version: i64) -> Result<(), ApiError> {
        self.delete_at(&cluster_path(id), version).await
    }

    /// Adds a space at the end of a cluster.
    pub async fn add_cluster_space(&self, id: Uuid, space_id: Uuid) -> Result<Cluster, ApiError> {
        self.send(
            Method::POST,
            &format!("{}/spaces/{space_id}", cluster_path(id)),
        )
        .await
    }

    /// Takes a space out of a cluster; the space stays.
    pub async fn remove_cluster_space(
        &self,
        id: Uuid,
        space_id: Uuid,
    ) -> Result<Cluster, ApiError> {
        self.send(
            Method::DELETE,
            &format!("{}/spaces/{space_id}", cluster_path(id)),
        )
        .await
    }

    /// The cluster at a glance: each space's progress and open work, links between spaces.
    pub async fn cluster_overview(&self, id: Uuid) -> Result<ClusterOverview, ApiError> {
        self.get(&format!("{}/overview", cluster_path(id))).await
    }
}
