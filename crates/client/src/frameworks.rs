//! Frameworks, the Statement of Applicability and its exports.

use crate::client::Client;
use crate::error::ApiError;
use annex_domain::frameworks::catalogue::{FrameworkSummary, Requirement};
use annex_domain::frameworks::compliance::{ComplianceFilter, ComplianceView};
use annex_domain::frameworks::crosswalk::{Crosswalk, CrosswalkFilter};
use annex_domain::frameworks::mapping::Mapping;
use annex_domain::frameworks::soa::{
    AdoptFramework, BulkUpdateSoa, BulkUpdated, FrameworkQuery, MigrateSoa, MigrationReport, Soa,
    SoaCoverage, SoaEntry, SoaExportParams, SoaFilter, UpdateSoaEntry,
};
use annex_domain::work::exchange::ExchangeFormat;
use reqwest::Method;
use uuid::Uuid;

fn framework_query(framework: Option<&str>) -> FrameworkQuery {
    FrameworkQuery {
        framework: framework.map(str::to_string),
    }
}

/// The path of one framework, followed by `rest`.
fn framework_path(id: &str, rest: &str) -> String {
    format!("/api/v1/frameworks/{id}{rest}")
}

impl Client {
    /// Every framework of the catalogue.
    pub async fn frameworks(&self) -> Result<Vec<FrameworkSummary>, ApiError> {
        self.get("/api/v1/frameworks").await
    }

    /// A framework's requirements as a tree.
    pub async fn framework_requirements(&self, id: &str) -> Result<Vec<Requirement>, ApiError> {
        self.get(&framework_path(id, "/requirements")).await
    }

    /// The correspondences between editions (ISO/IEC 27001:2013 → 2022).
    pub async fn framework_mappings(&self) -> Result<Vec<Mapping>, ApiError> {
        self.get("/api/v1/frameworks/mappings").await
    }

    /// The crosswalks between frameworks, or only those with `framework` on either side.
    pub async fn framework_crosswalks(
        &self,
        framework: Option<&str>,
    ) -> Result<Vec<Crosswalk>, ApiError> {
        self.get_query(
            "/api/v1/frameworks/crosswalks",
            &CrosswalkFilter {
                framework: framework.map(str::to_string),
            },
        )
        .await
    }

    /// A framework as an OSCAL 1.1 catalog (saved as `oscal::catalog_file_name`).
    pub async fn framework_oscal(&self, id: &str) -> Result<serde_json::Value, ApiError> {
        self.get(&framework_path(id, "/oscal")).await
    }

    /// A framework's baseline as an OSCAL 1.1 profile importing its catalog by file name (saved as
    /// `oscal::profile_file_name`).
    pub async fn framework_oscal_profile(&self, id: &str) -> Result<serde_json::Value, ApiError> {
        self.get(&framework_path(id, "/oscal/profile")).await
    }

    /// The organisation's SoA, filtered.
    pub async fn soa(&self, filter: &SoaFilter) -> Result<Soa, ApiError> {
        self.get_query("/api/v1/soa", filter).await
    }

    /// One control's SoA entry, by its item.
    pub async fn soa_entry(&self, item_id: Uuid) -> Result<SoaEntry, ApiError> {
        self.get(&format!("/api/v1/soa/controls/{item_id}")).await
    }

    /// Changes one control's SoA data at `version` (the entry's `version`).
    pub async fn update_soa_entry(
        &self,
        item_id: Uuid,
        version: i64,
        req: &UpdateSoaEntry,
    ) -> Result<SoaEntry, ApiError> {
        self.send_json_at(
            Method::PATCH,
            &format!("/api/v1/soa/controls/{item_id}"),
            version,
            req,
        )
        .await
    }

    /// The same change to several controls, all or nothing.
    pub async fn bulk_update_soa(&self, req: &BulkUpdateSoa) -> Result<BulkUpdated, ApiError> {
        self.send_json(Method::POST, "/api/v1/soa/bulk", req).await
    }

    /// The unified compliance view of a framework's register: own and shared evidence per row.
    pub async fn compliance(&self, filter: &ComplianceFilter) -> Result<ComplianceView, ApiError> {
        self.get_query("/api/v1/compliance", filter).await
    }

    /// Implementation coverage by theme and overall.
    pub async fn soa_coverage(&self, framework: Option<&str>) -> Result<SoaCoverage, ApiError> {
        self.get_query("/api/v1/soa/coverage", &framework_query(framework))
            .await
    }

    /// The SoA as a CSV or XLSX file.
    pub async fn export_soa(
        &self,
        format: ExchangeFormat,
        framework: Option<&str>,
    ) -> Result<Vec<u8>, ApiError> {
        self.get_file(
            "/api/v1/soa/export",
            &SoaExportParams {
                format,
                framework: framework.map(str::to_string),
            },
        )
        .await
    }

    /// The SoA as an OSCAL 1.1 system security plan importing the framework's profile by file
    /// name (saved as `oscal::ssp_file_name`).
    pub async fn soa_oscal(&self, framework: Option<&str>) -> Result<serde_json::Value, ApiError> {
        self.get_query("/api/v1/soa/oscal", &framework_query(framework))
            .await
    }

    /// Starts the SoA on a framework (generates its project).
    pub async fn adopt_framework(&self, framework: &str) -> Result<Soa, ApiError> {
        self.send_json(
            Method::POST,
            "/api/v1/soa/adopt",
            &AdoptFramework {
                framework: framework.to_string(),
            },
        )
        .await
    }

    /// Moves the SoA to a later edition, or reports what that would do (`dry_run`).
    pub async fn migrate_soa(&self, req: &MigrateSoa) -> Result<MigrationReport, ApiError> {
        self.send_json(Method::POST, "/api/v1/soa/migrate", req)
            .await
    }
}
