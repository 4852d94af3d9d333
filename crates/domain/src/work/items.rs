//! Items: the one record everything in a space is made of — tracker items and the phases,
//! deliverables and activities of a project tree.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use uuid::Uuid;
use validator::Validate;

use super::spaces::SpaceKind;
use super::spaces::double_option;

/// Where an item sits: the levels of a project tree, or a tracker's flat item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    Phase,
    Deliverable,
    Activity,
    Item,
}

impl ItemKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Phase => "phase",
            ItemKind::Deliverable => "deliverable",
            ItemKind::Activity => "activity",
            ItemKind::Item => "item",
        }
    }

    /// Reads a stored name; unknown text is a plain item.
    pub fn from_stored(s: &str) -> ItemKind {
        match s {
            "phase" => ItemKind::Phase,
            "deliverable" => ItemKind::Deliverable,
            "activity" => ItemKind::Activity,
            _ => ItemKind::Item,
        }
    }

    /// What a new item of a space is when the request does not say.
    pub fn default_for(space: SpaceKind) -> ItemKind {
        match space {
            SpaceKind::Project => ItemKind::Activity,
            SpaceKind::Tracker => ItemKind::Item,
        }
    }
}

/// Why an item cannot sit where it was put.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlacementError {
    #[error("a tracker holds plain items, not phases, deliverables or activities")]
    NotInTracker,
    #[error("a project holds phases, deliverables and activities")]
    NotInProject,
    #[error("tracker items have no parent")]
    TrackerParent,
    #[error("a phase sits at the top of the project")]
    PhaseParent,
    #[error("a deliverable sits under a phase")]
    DeliverableParent,
    #[error("an activity sits under a phase or a deliverable")]
    ActivityParent,
}

/// Checks that an item of `kind` may sit in a space of `space` under a parent of `parent` kind.
pub fn check_placement(
    space: SpaceKind,
    kind: ItemKind,
    parent: Option<ItemKind>,
) -> Result<(), PlacementError> {
    use ItemKind::*;
    match (space, kind, parent) {
        (SpaceKind::Tracker, Item, None) => Ok(()),
        (SpaceKind::Tracker, Item, Some(_)) => Err(PlacementError::TrackerParent),
        (SpaceKind::Tracker, _, _) => Err(PlacementError::NotInTracker),
        (SpaceKind::Project, Item, _) => Err(PlacementError::NotInProject),
        (SpaceKind::Project, Phase, None) => Ok(()),
        (SpaceKind::Project, Phase, Some(_)) => Err(PlacementError::PhaseParent),
        (SpaceKind::Project, Deliverable, Some(Phase)) => Ok(()),
        (SpaceKind::Project, Deliverable, _) => Err(PlacementError::DeliverableParent),
        (SpaceKind::Project, Activity, Some(Phase | Deliverable)) => Ok(()),
        (SpaceKind::Project, Activity, _) => Err(PlacementError::ActivityParent),
    }
}

/// How an item is named in lists and links: "46 - P2 Cyber Essentials Certificate".
pub fn label(number: i64, title: &str) -> String {
    format!("{number} - {title}")
}

/// An item with its custom-field values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Item {
    pub id: Uuid,
    pub space_id: Uuid,
    /// Its number within the space, never reused.
    pub number: i64,
    /// "number - title", as lists and links show it.
    pub label: String,
    pub kind: ItemKind,
    pub parent_id: Option<Uuid>,
    pub title: String,
    /// Markdown.
    pub description: String,
    pub status_id: Option<Uuid>,
    /// The status's name, for display.
    pub status: Option<String>,
    /// Whether the status counts as resolved.
    pub resolved: bool,
    pub assignee_id: Option<Uuid>,
    pub start: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    pub days_estimated: Option<f64>,
    pub days_taken: Option<f64>,
    /// The item's own progress, 0–100 (project parents show the roll-up separately).
    pub progress: f64,
    /// Custom-field values by field id; select options by option id.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub fields: BTreeMap<Uuid, Value>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub archived_at: Option<DateTime<Utc>>,
    pub version: i64,
}

/// Creates an item in a space.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateItem {
    /// Defaults to `item` in a tracker and `activity` in a project.
    #[serde(default)]
    pub kind: Option<ItemKind>,
    #[serde(default)]
    pub parent_id: Option<Uuid>,
    /// 1 to 300 characters.
    #[validate(length(min = 1, max = 300, message = "must be 1 to 300 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 300))]
    pub title: String,
    #[validate(length(max = 100000, message = "must be at most 100000 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 100000))]
    #[serde(default)]
    pub description: String,
    /// Defaults to the space's "To-do".
    #[serde(default)]
    pub status_id: Option<Uuid>,
    #[serde(default)]
    pub assignee_id: Option<Uuid>,
    #[serde(default, deserialize_with = "crate::dates::strict_option")]
    pub start: Option<NaiveDate>,
    #[serde(default, deserialize_with = "crate::dates::strict_option")]
    pub due: Option<NaiveDate>,
    #[validate(range(min = 0.0, max = 100000.0, message = "must be 0 or more days"))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100000))]
    #[serde(default)]
    pub days_estimated: Option<f64>,
    #[validate(range(min = 0.0, max = 100000.0, message = "must be 0 or more days"))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100000))]
    #[serde(default)]
    pub days_taken: Option<f64>,
    #[validate(range(min = 0.0, max = 100.0, message = "must be 0 to 100"))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    #[serde(default)]
    pub progress: Option<f64>,
    /// Values by field id (select options by id or label).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    #[serde(default)]
    pub fields: BTreeMap<Uuid, Value>,
}

/// Changes an item; absent fields stay, `null` clears the optional ones, `fields` changes only the fields it names.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateItem {
    #[validate(length(min = 1, max = 300, message = "must be 1 to 300 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 300))]
    #[serde(default)]
    pub title: Option<String>,
    #[validate(length(max = 100000, message = "must be at most 100000 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 100000))]
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub status_id: Option<Uuid>,
    #[serde(
        default,
        with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Uuid>))]
    pub assignee_id: Option<Option<Uuid>>,
    #[serde(
        default,
        with = "crate::dates::double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<NaiveDate>))]
    pub start: Option<Option<NaiveDate>>,
    #[serde(
        default,
        with = "crate::dates::double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<NaiveDate>))]
    pub due: Option<Option<NaiveDate>>,
    #[serde(
        default,
        with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<f64>))]
    pub days_estimated: Option<Option<f64>>,
    #[serde(
        default,
        with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<f64>))]
    pub days_taken: Option<Option<f64>>,
    #[validate(range(min = 0.0, max = 100.0, message = "must be 0 to 100"))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    #[serde(default)]
    pub progress: Option<f64>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    #[serde(default)]
    pub fields: BTreeMap<Uuid, Value>,
    /// Archive (true) or restore (false).
    #[serde(default)]
    pub archived: Option<bool>,
}

/// Filters and order of an item list (by number unless `sort` says otherwise).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct ItemFilter {
    pub status_id: Option<Uuid>,
    pub assignee_id: Option<Uuid>,
    /// Words in the title, the description or a note.
    pub q: Option<String>,
    #[serde(default, deserialize_with = "crate::dates::strict_option")]
    pub due_before: Option<NaiveDate>,
    #[serde(default, deserialize_with = "crate::dates::strict_option")]
    pub due_after: Option<NaiveDate>,
    /// Only items past due whose status is not resolved.
    pub overdue: Option<bool>,
    /// Archived items instead of live ones.
    pub archived: Option<bool>,
    /// A custom field to filter by, with `field_value`.
    pub field_id: Option<Uuid>,
    /// The value `field_id` must hold: an option's id or label for selects (multi-selects: one of
    /// their options), a user's id, a number, a date, or words contained in a text.
    pub field_value: Option<String>,
    /// `number` (default), `title`, `status`, `assignee`, `start`, `due`, `created_at`,
    /// `updated_at`, `progress`, or `field:<field id>`. Empty values sort last either way.
    pub sort: Option<String>,
    /// Reverse the order.
    pub descending: Option<bool>,
}

/// What an item list is ordered by; ties go by number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemSort {
    Number,
    Title,
    Status,
    Assignee,
    Start,
    Due,
    CreatedAt,
    UpdatedAt,
    Progress,
    Field(Uuid),
}

impl ItemSort {
    /// Reads the `sort` parameter.
    pub fn parse(text: Option<&str>) -> Result<ItemSort, String> {
        let text = text.map(str::trim).unwrap_or("");
        Ok(match text {
            "" | "number" => ItemSort::Number,
            "title" => ItemSort::Title,
            "status" => ItemSort::Status,
            "assignee" => ItemSort::Assignee,
            "start" => ItemSort::Start,
            "due" => ItemSort::Due,
            "created_at" => ItemSort::CreatedAt,
            "updated_at" => ItemSort::UpdatedAt,
            "progress" => ItemSort::Progress,
            other => match other.strip_prefix("field:").map(Uuid::parse_str) {
                Some(Ok(id)) => ItemSort::Field(id),
                _ => {
                    return Err(format!(
                        "cannot sort by {other:?}: use number, title, status, assignee, start, due, \
                         created_at, updated_at, progress or field:<field id>"
                    ));
                }
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_trees_nest_phases_deliverables_activities() {
        use ItemKind::*;
        let p = SpaceKind::Project;
        assert!(check_placement(p, Phase, None).is_ok());
        assert!(check_placement(p, Deliverable, Some(Phase)).is_ok());
        assert!(check_placement(p, Activity, Some(Deliverable)).is_ok());
        assert!(check_placement(p, Activity, Some(Phase)).is_ok());
        assert_eq!(
            check_placement(p, Activity, None),
            Err(PlacementError::ActivityParent)
        );
        assert_eq!(
            check_placement(p, Deliverable, Some(Deliverable)),
            Err(PlacementError::DeliverableParent)
        );
        assert_eq!(
            check_placement(p, Phase, Some(Phase)),
            Err(PlacementError::PhaseParent)
        );
        assert_eq!(
            check_placement(p, Item, None),
            Err(PlacementError::NotInProject)
        );
    }

    #[test]
    fn trackers_hold_flat_items() {
        let t = SpaceKind::Tracker;
        assert!(check_placement(t, ItemKind::Item, None).is_ok());
        assert_eq!(
            check_placement(t, ItemKind::Item, Some(ItemKind::Item)),
            Err(PlacementError::TrackerParent)
        );
        assert_eq!(
            check_placement(t, ItemKind::Activity, None),
            Err(PlacementError::NotInTracker)
        );
    }

    #[test]
    fn labels_read_like_the_white_paper() {
        assert_eq!(
            label(46, "P2 Cyber Essentials Certificate"),
            "46 - P2 Cyber Essentials Certificate"
        );
    }

    #[test]
    fn sort_names_parse_and_unknown_ones_are_refused() {
        assert_eq!(ItemSort::parse(None), Ok(ItemSort::Number));
        assert_eq!(ItemSort::parse(Some("due")), Ok(ItemSort::Due));
        let id = Uuid::from_u128(7);
        assert_eq!(
            ItemSort::parse(Some(&format!("field:{id}"))),
            Ok(ItemSort::Field(id))
        );
        assert!(ItemSort::parse(Some("field:nope")).is_err());
        assert!(ItemSort::parse(Some("colour")).is_err());
    }

    #[test]
    fn update_tells_absent_from_null() {
        let u: UpdateItem = serde_json::from_str(r#"{"assignee_id": null, "title": "x"}"#).unwrap();
        assert_eq!(u.assignee_id, Some(None));
        assert_eq!(u.due, None);
    }
}
