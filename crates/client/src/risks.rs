//! Risk assessment: the organisation's risk matrix and the risk bank.

use crate::client::Client;
use crate::error::ApiError;
use annex_domain::risk::bank::Threat;
use annex_domain::risk::{MatrixSettings, RiskMatrix};
use reqwest::Method;

impl Client {
    /// The matrix in force, with its version (0 while the default applies).
    pub async fn risk_matrix(&self) -> Result<MatrixSettings, ApiError> {
        self.call(Method::GET, "/api/v1/risk-matrix").fetch().await
    }

    /// Replaces the matrix at `version`.
    pub async fn replace_risk_matrix(
        &self,
        version: i64,
        matrix: &RiskMatrix,
    ) -> Result<MatrixSettings, ApiError> {
        self.call(Method::PUT, "/api/v1/risk-matrix")
            .if_match(version)
            .json(matrix)
            .fetch()
            .await
    }

    /// The risk bank's generic threats.
    pub async fn risk_bank(&self) -> Result<Vec<Threat>, ApiError> {
        self.call(Method::GET, "/api/v1/risk-bank").fetch().await
    }
}
