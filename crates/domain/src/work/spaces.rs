//! Spaces: the containers of items — a project (a tree of phases, deliverables and activities) or
//! a tracker (a flat list with its own status workflow and custom fields).

use super::fields::FieldDefinition;
use super::workflow::Status;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// The two shapes a space takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum SpaceKind {
    /// Phases > deliverables > activities, with progress rolling up.
    Project,
    /// A flat list of items with a status workflow and custom fields.
    Tracker,
}

impl SpaceKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            SpaceKind::Project => "project",
            SpaceKind::Tracker => "tracker",
        }
    }

    /// Reads a stored name; unknown text is a tracker, the plainer shape.
    pub fn from_stored(s: &str) -> SpaceKind {
        if s == "project" {
            SpaceKind::Project
        } else {
            SpaceKind::Tracker
        }
    }
}

/// A space with its workflow and fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Space {
    pub id: Uuid,
    pub kind: SpaceKind,
    pub name: String,
    pub description: String,
    pub owner_id: Option<Uuid>,
    /// The status workflow, in order (projects have one too, for their activities).
    pub statuses: Vec<Status>,
    /// Custom fields, in order.
    pub fields: Vec<FieldDefinition>,
    pub created_at: DateTime<Utc>,
    pub archived_at: Option<DateTime<Utc>>,
    /// For `If-Match`; changing the settings changes it too.
    pub version: i64,
}

/// Creates a space: blank (the default workflow, no custom fields) or from a template.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateSpace {
    pub kind: SpaceKind,
    /// 1 to 120 characters.
    #[validate(length(min = 1, max = 120, message = "must be 1 to 120 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 120))]
    pub name: String,
    #[validate(length(max = 20000, message = "must be at most 20000 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 20000))]
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub owner_id: Option<Uuid>,
    /// A template key (`GET /templates`): the space starts with the template's workflow, custom
    /// fields and, for projects, its tree. Absent: a blank space.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
}

/// Renames, redescribes, re-owns, archives or restores a space; absent fields stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateSpace {
    #[validate(length(min = 1, max = 120, message = "must be 1 to 120 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 120))]
    #[serde(default)]
    pub name: Option<String>,
    #[validate(length(max = 20000, message = "must be at most 20000 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 20000))]
    #[serde(default)]
    pub description: Option<String>,
    /// `null` clears the owner; absent keeps it.
    #[serde(
        default,
        with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Uuid>))]
    pub owner_id: Option<Option<Uuid>>,
    #[serde(default)]
    pub archived: Option<bool>,
}

/// Replaces a space's workflow and custom fields, in order. Statuses and fields keep their ids
/// across renames (new ones bring fresh ids), so items keep their values through a rename.
/// Removing a status still in use is refused; removing a field or option that items hold values
/// for, or changing a field's kind, needs `confirm_value_loss` and is recorded.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SpaceSettings {
    pub statuses: Vec<Status>,
    pub fields: Vec<FieldDefinition>,
    /// Set to delete the values that removed fields or options hold.
    #[serde(default)]
    pub confirm_value_loss: bool,
}

/// Filters of the space list.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct SpaceFilter {
    pub kind: Option<SpaceKind>,
    /// Include archived spaces (default: only live ones).
    pub archived: Option<bool>,
}

/// `Option<Option<T>>` from JSON: absent → `None`, `null` → `Some(None)`, a value → `Some(Some(v))`.
pub mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Reads a present field, `null` included.
    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(d).map(Some)
    }

    /// Writes the inner option (`None` outer values are skipped by the caller's default).
    pub fn serialize<T: Serialize, S: Serializer>(
        value: &Option<Option<T>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(inner) => inner.serialize(s),
            None => s.serialize_none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::UpdateSpace;

    #[test]
    fn an_update_without_owner_leaves_it_out_rather_than_clearing_it() {
        let archive = UpdateSpace {
            archived: Some(true),
            ..Default::default()
        };
        let json = serde_json::to_value(&archive).unwrap();
        assert_eq!(json.get("owner_id"), None, "{json}");
        let clear = UpdateSpace {
            owner_id: Some(None),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&clear).unwrap()["owner_id"],
            serde_json::Value::Null
        );
    }
}
