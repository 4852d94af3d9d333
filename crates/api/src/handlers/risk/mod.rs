//! The risk register, its exchange as a workbook, the risk matrix and the threat bank.

pub mod risk_exchange;
pub mod risk_matrix;
pub mod risks;
