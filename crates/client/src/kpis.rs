//! Key performance indicators: the list, definitions, readings and measuring computed KPIs.

use crate::client::Client;
use crate::error::ApiError;
use annex_domain::kpis::{
    DefineKpi, KpiDefinition, KpiFilter, KpiList, KpiReading, RecordKpiReading,
};
use reqwest::Method;
use uuid::Uuid;

/// The path of one KPI, followed by `rest`.
fn kpi_path(kpi: Uuid, rest: &str) -> String {
    format!("/api/v1/kpis/{kpi}{rest}")
}

impl Client {
    /// Every live KPI with its latest reading, status and due date, filtered.
    pub async fn kpis(&self, filter: &KpiFilter) -> Result<KpiList, ApiError> {
        self.get_query("/api/v1/kpis", filter).await
    }

    /// A KPI's definition (version 0 until someone defines it).
    pub async fn kpi_definition(&self, kpi: Uuid) -> Result<KpiDefinition, ApiError> {
        self.get(&kpi_path(kpi, "/definition")).await
    }

    /// Defines a KPI at `version` (0 the first time).
    pub async fn define_kpi(
        &self,
        kpi: Uuid,
        version: i64,
        req: &DefineKpi,
    ) -> Result<KpiDefinition, ApiError> {
        self.send_json_at(Method::PUT, &kpi_path(kpi, "/definition"), version, req)
            .await
    }

    /// Every reading of a KPI, oldest period first.
    pub async fn kpi_readings(&self, kpi: Uuid) -> Result<Vec<KpiReading>, ApiError> {
        self.get(&kpi_path(kpi, "/readings")).await
    }

    /// Records a hand-entered KPI's value for a period.
    pub async fn record_kpi_reading(
        &self,
        kpi: Uuid,
        req: &RecordKpiReading,
    ) -> Result<KpiReading, ApiError> {
        self.send_json(Method::POST, &kpi_path(kpi, "/readings"), req)
            .await
    }

    /// Measures a computed KPI now, recording the value for the current period.
    pub async fn compute_kpi(&self, kpi: Uuid) -> Result<KpiReading, ApiError> {
        self.send(Method::POST, &kpi_path(kpi, "/compute")).await
    }
}
