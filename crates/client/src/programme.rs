//! The whole programme: the dashboard's figures and the management review inputs.

use crate::client::Client;
use crate::error::ApiError;
use annex_domain::audits::management_review::{ManagementReviewInputs, ReportFormat, ReviewQuery};
use annex_domain::programme::ProgrammeDashboard;
use uuid::Uuid;

/// The query of the inputs endpoint; `since` is `YYYY-MM-DD`.
fn review_query(since: Option<&str>, format: ReportFormat) -> ReviewQuery {
    ReviewQuery {
        since: since.map(str::to_owned),
        format: Some(format.key().to_owned()),
    }
}

impl Client {
    /// SoA progress, risks by level, corrective actions, policy-pack compliance, KPI ratings and
    /// the audit programme.
    pub async fn dashboard(&self) -> Result<ProgrammeDashboard, ApiError> {
        self.get("/api/v1/dashboard").await
    }

    /// The management review inputs of an ISMS Board item since `since` (`YYYY-MM-DD`; 12 months
    /// back when `None`).
    pub async fn management_review_inputs(
        &self,
        item: Uuid,
        since: Option<&str>,
    ) -> Result<ManagementReviewInputs, ApiError> {
        self.get_query(
            &format!("/api/v1/management-reviews/{item}/inputs"),
            &review_query(since, ReportFormat::Json),
        )
        .await
    }

    /// The same inputs as a file: the printable HTML page or the XLSX workbook.
    pub async fn management_review_report(
        &self,
        item: Uuid,
        since: Option<&str>,
        format: ReportFormat,
    ) -> Result<Vec<u8>, ApiError> {
        self.get_file(
            &format!("/api/v1/management-reviews/{item}/inputs"),
            &review_query(since, format),
        )
        .await
    }
}
