//! KPIs: the KPI list, and a KPI item's panel with its chart and forms.

pub mod chart;
pub mod definition_form;
pub mod list;
pub mod panel;
pub mod parts;
pub mod reading_form;
