//! Frameworks (ISO/IEC 27001:2022 and 2013, ISO 22301, ISO 9001, GDPR) as reference data, the
//! 2013 → 2022 mapping, the crosswalks between frameworks, and the organisation's Statement of
//! Applicability (issue 4).

pub mod catalogue;
pub mod compliance;
pub mod crosswalk;
pub mod mapping;
pub mod oscal;
pub mod soa;
pub mod soa_sheet;

pub use catalogue::{Framework, FrameworkSummary, Requirement, RequirementKind};
pub use soa::{ImplementationStatus, Reason, SoaEntry};
