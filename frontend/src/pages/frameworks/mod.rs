//! Frameworks and compliance: the framework browser, the SoA and the compliance registers.

pub mod compliance;
pub mod compliance_registers;
pub mod compliance_row;
pub mod compliance_table;
pub mod control;
pub mod framework;
pub mod item_soa;
pub mod item_soa_form;
pub mod item_soa_statement;
pub mod list;
pub mod mapping;
pub mod soa;
pub mod soa_bulk;
pub mod soa_coverage;
pub mod soa_export;
pub mod soa_filters;
pub mod soa_row;
pub mod soa_table;
pub mod tree;
