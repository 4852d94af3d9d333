//! Risk assessment: the organisation's risk matrix, the register, readings, the risk map and the
//! risk bank.

use crate::client::Client;
use crate::error::ApiError;
use annex_domain::risk::bank::Threat;
use annex_domain::risk::bia::BiaSummary;
use annex_domain::risk::register::{
    AddFromBank, MapQuery, Reading, ReadingKind, RecordReading, RiskFilter, RiskMap, RiskRegister,
};
use annex_domain::risk::register_sheet::{RiskImportRejected, RiskImportReport};
use annex_domain::risk::{MatrixSettings, RiskMatrix};
use annex_domain::work::exchange::{ExchangeFormat, ExportParams, ImportParams};
use annex_domain::work::items::Item;
use reqwest::Method;
use uuid::Uuid;

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

    /// The register, filtered.
    pub async fn risk_register(&self, filter: &RiskFilter) -> Result<RiskRegister, ApiError> {
        self.call(Method::GET, "/api/v1/risks")
            .query(filter)
            .fetch()
            .await
    }

    /// The risk map of one kind of reading.
    pub async fn risk_map(&self, reading: ReadingKind) -> Result<RiskMap, ApiError> {
        self.call(Method::GET, "/api/v1/risks/map")
            .query(&MapQuery { reading })
            .fetch()
            .await
    }

    /// Every reading of a risk, newest first.
    pub async fn risk_readings(&self, risk: Uuid) -> Result<Vec<Reading>, ApiError> {
        self.call(Method::GET, &format!("/api/v1/risks/{risk}/readings"))
            .fetch()
            .await
    }

    /// Records a reading of a risk.
    pub async fn record_reading(
        &self,
        risk: Uuid,
        req: &RecordReading,
    ) -> Result<Reading, ApiError> {
        self.call(Method::POST, &format!("/api/v1/risks/{risk}/readings"))
            .json(req)
            .fetch()
            .await
    }

    /// Adds a threat of the bank to the register, linked to the confirmed controls.
    pub async fn add_risk_from_bank(&self, req: &AddFromBank) -> Result<Item, ApiError> {
        self.call(Method::POST, "/api/v1/risks/from-bank")
            .json(req)
            .fetch()
            .await
    }

    /// The whole register as a file: each risk with its original, current and target likelihood,
    /// impact, score and level.
    pub async fn export_risks(&self, format: ExchangeFormat) -> Result<Vec<u8>, ApiError> {
        self.call(Method::GET, "/api/v1/risks/export")
            .query(&ExportParams { format })
            .fetch_bytes()
            .await
    }

    /// Imports readings from an edited export: each changed likelihood and impact pair is recorded
    /// as a new reading. All or nothing: a report with `errors` means nothing was recorded (the
    /// server answers 422 then, which this returns as the report). `dry_run` checks without writing.
    pub async fn import_risks(
        &self,
        format: ExchangeFormat,
        file: Vec<u8>,
        dry_run: bool,
    ) -> Result<RiskImportReport, ApiError> {
        let answer = self
            .call(Method::POST, "/api/v1/risks/import")
            .query(&ImportParams { format, dry_run })
            .header("content-type", format.content_type())
            .bytes(file)
            .fetch_raw()
            .await?;
        match answer.status {
            200..=299 => answer.json(),
            422 => match serde_json::from_str::<RiskImportRejected>(&answer.body) {
                Ok(rejected) => Ok(rejected.report),
                Err(_) => Err(ApiError::from_response(answer.status, &answer.body, None)),
            },
            status => Err(ApiError::from_response(status, &answer.body, None)),
        }
    }

    /// The BIA records linked to any item (a BC plan's service), summarised like a risk's.
    pub async fn item_bia(&self, item: Uuid) -> Result<Vec<BiaSummary>, ApiError> {
        self.call(Method::GET, &format!("/api/v1/items/{item}/bia"))
            .fetch()
            .await
    }

    /// The BIA records linked to a risk, summarised (worst C/I/A, RTO, RPO, suggested impact).
    pub async fn risk_bia(&self, risk: Uuid) -> Result<Vec<BiaSummary>, ApiError> {
        self.call(Method::GET, &format!("/api/v1/risks/{risk}/bia"))
            .fetch()
            .await
    }
}
