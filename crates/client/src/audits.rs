//! The audit programme: findings on audits and the programme's coverage of the controls.

use crate::client::Client;
use crate::error::ApiError;
use annex_domain::audits::{AuditCoverage, Finding, RaiseFinding};
use annex_domain::work::items::Item;
use reqwest::Method;
use uuid::Uuid;

impl Client {
    /// Raises a finding on an audit: the corrective action it became.
    pub async fn raise_finding(&self, audit: Uuid, req: &RaiseFinding) -> Result<Item, ApiError> {
        self.send_json(
            Method::POST,
            &format!("/api/v1/audits/{audit}/findings"),
            req,
        )
        .await
    }

    /// The findings of an audit.
    pub async fn audit_findings(&self, audit: Uuid) -> Result<Vec<Finding>, ApiError> {
        self.get(&format!("/api/v1/audits/{audit}/findings")).await
    }

    /// Which controls each part of the programme audits, and which none does.
    pub async fn audit_coverage(&self) -> Result<AuditCoverage, ApiError> {
        self.get("/api/v1/audit-programme/coverage").await
    }
}
