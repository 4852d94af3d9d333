//! Risk: the register and its readings, the threat bank, and the organisation's risk matrix.

pub mod bank;
pub mod matrix;
pub mod risks;
