//! Key performance indicators: the list, definitions, readings and measuring computed KPIs.

use crate::client::Client;
use crate::error::ApiError;
use annex_domain::kpis::{
    DefineKpi, KpiDefinition, KpiFilter, KpiList, KpiReading, RecordKpiReading,
};
use reqwest::Method;
use uuid::Uuid;

impl Client {
    /// Every live KPI with its latest reading, status and due date, filtered.
    pub async fn kpis(&self, filter: &KpiFilter) -> Result<KpiList, ApiError> {
        self.call(Method::GET, "/api/v1/kpis")
            .query(filter)
            .fetch()
            .await
    }

    /// A KPI's definition (version 0 until someone defines it).
    pub async fn kpi_definition(&self, kpi: Uuid) -> Result<KpiDefinition, ApiError> {
        self.call(Method::GET, &format!("/api/v1/kpis/{kpi}/definition"))
            .fetch()
            .await
    }

    /// Defines a KPI at `version` (0 the first time).
    pub async fn define_kpi(
        &self,
        kpi: Uuid,
        version: i64,
        req: &DefineKpi,
    ) -> Result<KpiDefinition, ApiError> {
        self.call(Method::PUT, &format!("/api/v1/kpis/{kpi}/definition"))
            .if_match(version)
            .json(req)
            .fetch()
            .await
    }

    /// Every reading of a KPI, oldest period first.
    pub async fn kpi_readings(&self, kpi: Uuid) -> Result<Vec<KpiReading>, ApiError> {
        self.call(Method::GET, &format!("/api/v1/kpis/{kpi}/readings"))
            .fetch()
            .await
    }

    /// Records a hand-entered KPI's value for a period.
    pub async fn record_kpi_reading(
        &self,
        kpi: Uuid,
        req: &RecordKpiReading,
    ) -> Result<KpiReading, ApiError> {
        self.call(Method::POST, &format!("/api/v1/kpis/{kpi}/readings"))
            .json(req)
            .fetch()
            .await
    }

    /// Measures a computed KPI now, recording the value for the current period.
    pub async fn compute_kpi(&self, kpi: Uuid) -> Result<KpiReading, ApiError> {
        self.call(Method::POST, &format!("/api/v1/kpis/{kpi}/compute"))
            .fetch()
            .await
    }
}
