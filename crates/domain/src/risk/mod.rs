//! Risk assessment (issue 5): the organisation's risk matrix, how a reading scores, and the risk
//! bank of generic threats.

pub mod bank;
pub mod bia;
pub mod matrix;
pub mod register;
pub mod register_sheet;

pub use matrix::{Assessment, Band, MatrixSettings, RiskMatrix, Scoring};
