//! Audits: an audit's findings and questionnaire, my questionnaires, review inputs, coverage.

pub mod coverage;
pub mod item_audit;
pub mod item_audit_form;
pub mod my_questionnaire;
pub mod my_questionnaires;
pub mod questionnaire;
pub mod questionnaire_questions;
pub mod questionnaire_responses;
pub mod review_inputs;
