//! Key performance indicators (ISO/IEC 27001 clause 9.1): how a KPI rates a value (red/green,
//! RAG, RAG with an exceptional band, or measured only), which way it improves, how often it is
//! measured and when a reading is overdue, and the shapes of definitions, readings and the list.

pub mod definition;
pub mod period;
pub mod rating;
pub mod reading;

pub use definition::{DefineKpi, KpiDefinition, KpiSource, evaluate, next_due, overdue};
pub use period::Frequency;
pub use rating::{Direction, KpiKind, KpiStatus, ThresholdError, Thresholds};
pub use reading::{KpiFilter, KpiList, KpiReading, KpiSummary, RecordKpiReading};
