//! A tracker's numbers at a glance: items by status and by each select field's options.

use super::Colour;
use super::items::ItemKind;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `GET /spaces/{id}/stats`: which items to count.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct StatsQuery {
    /// Count only items of this kind (a project's headline counts its activities); all when absent.
    pub kind: Option<ItemKind>,
}

/// How many live items a space has, in total and by status and select option.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SpaceStats {
    pub space_id: Uuid,
    /// Live (not archived) items.
    pub total: i64,
    /// Live items whose status is not resolved.
    pub open: i64,
    pub resolved: i64,
    /// Open items past their due date.
    pub overdue: i64,
    /// Open items nobody is assigned to.
    pub unassigned: i64,
    /// Every status of the workflow, in order, with its count (0 included).
    pub by_status: Vec<StatusCount>,
    /// Every select and multi-select field, in order.
    pub by_field: Vec<FieldCounts>,
}

/// The items in one status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusCount {
    pub status_id: Uuid,
    pub name: String,
    pub colour: Colour,
    pub resolved: bool,
    pub count: i64,
}

/// The items holding each option of one select field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldCounts {
    pub field_id: Uuid,
    pub name: String,
    /// Every option, in order, with its count (0 included).
    pub counts: Vec<OptionCount>,
    /// Live items with no value in this field.
    pub unset: i64,
}

/// The items holding one option.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OptionCount {
    pub option_id: Uuid,
    pub label: String,
    pub colour: Colour,
    pub count: i64,
}
