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

impl Client {
    /// Every pack with the progress of its latest version.
    pub async fn policy_packs(&self) -> Result<Vec<PolicyPack>, ApiError> {
        self.call(Method::GET, "/api/v1/policy-packs").fetch().await
    }

    /// Creates a draft pack.
    pub async fn create_policy_pack(&self, req: &CreatePack) -> Result<PolicyPack, ApiError> {
        self.call(Method::POST, "/api/v1/policy-packs")
            .json(req)
            .fetch()
            .await
    }

    /// One pack.
    pub async fn policy_pack(&self, id: Uuid) -> Result<PolicyPack, ApiError> {
        self.call(Method::GET, &format!("/api/v1/policy-packs/{id}"))
            .fetch()
            .await
    }

    /// Replaces the documents and/or audience being prepared, at `row_version`.
    pub async fn update_policy_pack(
        &self,
        id: Uuid,
        row_version: i64,
        req: &UpdatePack,
    ) -> Result<PolicyPack, ApiError> {
        self.call(Method::PUT, &format!("/api/v1/policy-packs/{id}"))
            .if_match(row_version)
            .json(req)
            .fetch()
            .await
    }

    /// Publishes the next version, asking the audience.
    pub async fn publish_policy_pack(
        &self,
        id: Uuid,
        row_version: i64,
    ) -> Result<PolicyPack, ApiError> {
        self.call(Method::POST, &format!("/api/v1/policy-packs/{id}/publish"))
            .if_match(row_version)
            .fetch()
            .await
    }

    /// Retires a pack.
    pub async fn retire_policy_pack(
        &self,
        id: Uuid,
        row_version: i64,
    ) -> Result<PolicyPack, ApiError> {
        self.call(Method::POST, &format!("/api/v1/policy-packs/{id}/retire"))
            .if_match(row_version)
            .fetch()
            .await
    }

    /// The audience of a version and how far each person is.
    pub async fn policy_pack_people(
        &self,
        id: Uuid,
        filter: &PeopleFilter,
    ) -> Result<Vec<PersonProgress>, ApiError> {
        self.call(Method::GET, &format!("/api/v1/policy-packs/{id}/people"))
            .query(filter)
            .fetch()
            .await
    }

    /// The people of a version as a file.
    pub async fn export_policy_pack_people(
        &self,
        id: Uuid,
        format: ExchangeFormat,
        filter: &PeopleFilter,
    ) -> Result<Vec<u8>, ApiError> {
        self.call(
            Method::GET,
            &format!("/api/v1/policy-packs/{id}/people/export"),
        )
        .query(&PeopleExport { format, filter })
        .fetch_bytes()
        .await
    }

    /// Every published version, newest first.
    pub async fn policy_pack_history(&self, id: Uuid) -> Result<Vec<PackVersion>, ApiError> {
        self.call(Method::GET, &format!("/api/v1/policy-packs/{id}/history"))
            .fetch()
            .await
    }

    /// Notifies everyone who has not accepted the latest version.
    pub async fn nudge_policy_pack(&self, id: Uuid) -> Result<Nudged, ApiError> {
        self.call(Method::POST, &format!("/api/v1/policy-packs/{id}/nudge"))
            .fetch()
            .await
    }

    /// The published packs asked of the caller.
    pub async fn my_policy_packs(&self) -> Result<Vec<MyPack>, ApiError> {
        self.call(Method::GET, "/api/v1/me/policy-packs")
            .fetch()
            .await
    }

    /// Marks a document of a pack's latest version read.
    pub async fn mark_policy_document_read(
        &self,
        id: Uuid,
        document_id: Uuid,
    ) -> Result<MyPack, ApiError> {
        self.call(Method::POST, &format!("/api/v1/me/policy-packs/{id}/read"))
            .json(&MarkRead { document_id })
            .fetch()
            .await
    }

    /// Accepts a pack's latest version.
    pub async fn accept_policy_pack(&self, id: Uuid) -> Result<MyPack, ApiError> {
        self.call(
            Method::POST,
            &format!("/api/v1/me/policy-packs/{id}/accept"),
        )
        .fetch()
        .await
    }
}
