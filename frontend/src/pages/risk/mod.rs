//! Risk: the register, bank, map and matrix, and an item's risk and business impact panels.

pub mod bank;
pub mod bank_threat;
pub mod item_bia;
pub mod item_risk;
pub mod item_risk_bia;
pub mod item_risk_chart;
pub mod item_risk_form;
pub mod map;
pub mod matrix;
pub mod matrix_form;
pub mod matrix_preview;
pub mod register;
pub mod register_transfer;
