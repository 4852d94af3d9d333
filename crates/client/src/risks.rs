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
use annex_domain::work::exchange::{ExchangeFormat, ExportParams};
use annex_domain::work::items::Item;
use reqwest::Method;
use uuid::Uuid;

/// The path of one risk, followed by `rest`.
fn risk_path(risk: Uuid, rest: &str) -> String {
    format!("/api/v1/risks/{risk}{rest}")
}

impl Client {
    /// The matrix in force, with its version (0 while the default applies).
    pub async fn risk_matrix(&self) -> Result<MatrixSettings, ApiError> {
        self.get("/api/v1/risk-matrix").await
    }

    /// Replaces the matrix at `version`.
    pub async fn replace_risk_matrix(
        &self,
        version: i64,
        matrix: &RiskMatrix,
    ) -> Result<MatrixSettings, ApiError> {
        self.send_json_at(Method::PUT, "/api/v1/risk-matrix", version, matrix)
            .await
    }

    /// The risk bank's generic threats.
    pub async fn risk_bank(&self) -> Result<Vec<Threat>, ApiError> {
        self.get("/api/v1/risk-bank").await
    }

    /// The register, filtered.
    pub async fn risk_register(&self, filter: &RiskFilter) -> Result<RiskRegister, ApiError> {
        self.get_query("/api/v1/risks", filter).await
    }

    /// The risk map of one kind of reading.
    pub async fn risk_map(&self, reading: ReadingKind) -> Result<RiskMap, ApiError> {
        self.get_query("/api/v1/risks/map", &MapQuery { reading })
            .await
    }

    /// Every reading of a risk, newest first.
    pub async fn risk_readings(&self, risk: Uuid) -> Result<Vec<Reading>, ApiError> {
        self.get(&risk_path(risk, "/readings")).await
    }

    /// Records a reading of a risk.
    pub async fn record_reading(
        &self,
        risk: Uuid,
        req: &RecordReading,
    ) -> Result<Reading, ApiError> {
        self.send_json(Method::POST, &risk_path(risk, "/readings"), req)
            .await
    }

    /// Adds a threat of the bank to the register, linked to the confirmed controls.
    pub async fn add_risk_from_bank(&self, req: &AddFromBank) -> Result<Item, ApiError> {
        self.send_json(Method::POST, "/api/v1/risks/from-bank", req)
            .await
    }

    /// The whole register as a file: each risk with its original, current and target likelihood,
    /// impact, score and level.
    pub async fn export_risks(&self, format: ExchangeFormat) -> Result<Vec<u8>, ApiError> {
        self.get_file("/api/v1/risks/export", &ExportParams { format })
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
        self.import_file(
            "/api/v1/risks/import",
            format,
            file,
            dry_run,
            |rejected: RiskImportRejected| rejected.report,
        )
        .await
    }

    /// The BIA records linked to any item (a BC plan's service), summarised like a risk's.
    pub async fn item_bia(&self, item: Uuid) -> Result<Vec<BiaSummary>, ApiError> {
        self.get(&format!("/api/v1/items/{item}/bia")).await
    }

    /// The BIA records linked to a risk, summarised (worst C/I/A, RTO, RPO, suggested impact).
    pub async fn risk_bia(&self, risk: Uuid) -> Result<Vec<BiaSummary>, ApiError> {
        self.get(&risk_path(risk, "/bia")).await
    }
}
