//! Policy packs: preparing, publishing and following them, and reading and accepting one's own.

use crate::client::Client;
use crate::error::ApiError;
use annex_domain::packs::policy_packs::{
    CreatePack, MarkRead, MyPack, Nudged, PackVersion, PeopleFilter, PersonProgress, PolicyPack,
    UpdatePack,
};
use annex_domain::work::exchange::ExchangeFormat;
use reqwest::Method;
use serde::Serialize;
use uuid::Uuid;

#[derive(Serialize)]
struct PeopleExport<'a> {
    format: ExchangeFormat,
    #[serde(flatten)]
    filter: &'a PeopleFilter,
}

/// The path of one pack, followed by `rest`.
fn pack_path(id: Uuid, rest: &str) -> String {
    format!("/api/v1/policy-packs/{id}{rest}")
}

/// The path of one pack asked of the caller, followed by `rest`.
fn my_pack_path(id: Uuid, rest: &str) -> String {
    format!("/api/v1/me/policy-packs/{id}{rest}")
}

impl Client {
    /// Every pack with the progress of its latest version.
    pub async fn policy_packs(&self) -> Result<Vec<PolicyPack>, ApiError> {
        self.get("/api/v1/policy-packs").await
    }

    /// Creates a draft pack.
    pub async fn create_policy_pack(&self, req: &CreatePack) -> Result<PolicyPack, ApiError> {
        self.send_json(Method::POST, "/api/v1/policy-packs", req)
            .await
    }

    /// One pack.
    pub async fn policy_pack(&self, id: Uuid) -> Result<PolicyPack, ApiError> {
        self.get(&pack_path(id, "")).await
    }

    /// Replaces the documents and/or audience being prepared, at `row_version`.
    pub async fn update_policy_pack(
        &self,
        id: Uuid,
        row_version: i64,
        req: &UpdatePack,
    ) -> Result<PolicyPack, ApiError> {
        self.send_json_at(Method::PUT, &pack_path(id, ""), row_version, req)
            .await
    }

    /// Publishes the next version, asking the audience.
    pub async fn publish_policy_pack(
        &self,
        id: Uuid,
        row_version: i64,
    ) -> Result<PolicyPack, ApiError> {
        self.send_at(Method::POST, &pack_path(id, "/publish"), row_version)
            .await
    }

    /// Retires a pack.
    pub async fn retire_policy_pack(
        &self,
        id: Uuid,
        row_version: i64,
    ) -> Result<PolicyPack, ApiError> {
        self.send_at(Method::POST, &pack_path(id, "/retire"), row_version)
            .await
    }

    /// The audience of a version and how far each person is.
    pub async fn policy_pack_people(
        &self,
        id: Uuid,
        filter: &PeopleFilter,
    ) -> Result<Vec<PersonProgress>, ApiError> {
        self.get_query(&pack_path(id, "/people"), filter).await
    }

    /// The people of a version as a file.
    pub async fn export_policy_pack_people(
        &self,
        id: Uuid,
        format: ExchangeFormat,
        filter: &PeopleFilter,
    ) -> Result<Vec<u8>, ApiError> {
        self.get_file(
            &pack_path(id, "/people/export"),
            &PeopleExport { format, filter },
        )
        .await
    }

    /// Every published version, newest first.
    pub async fn policy_pack_history(&self, id: Uuid) -> Result<Vec<PackVersion>, ApiError> {
        self.get(&pack_path(id, "/history")).await
    }

    /// Notifies everyone who has not accepted the latest version.
    pub async fn nudge_policy_pack(&self, id: Uuid) -> Result<Nudged, ApiError> {
        self.send(Method::POST, &pack_path(id, "/nudge")).await
    }

    /// The published packs asked of the caller.
    pub async fn my_policy_packs(&self) -> Result<Vec<MyPack>, ApiError> {
        self.get("/api/v1/me/policy-packs").await
    }

    /// Marks a document of a pack's latest version read.
    pub async fn mark_policy_document_read(
        &self,
        id: Uuid,
        document_id: Uuid,
    ) -> Result<MyPack, ApiError> {
        self.send_json(
            Method::POST,
            &my_pack_path(id, "/read"),
            &MarkRead { document_id },
        )
        .await
    }

    /// Accepts a pack's latest version.
    pub async fn accept_policy_pack(&self, id: Uuid) -> Result<MyPack, ApiError> {
        self.send(Method::POST, &my_pack_path(id, "/accept")).await
    }
}
