//! To-dos: small tasks on an item, set by one person for another (or for themself), with an
//! optional due date, open until someone marks them done.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use super::spaces::double_option;

/// A to-do on an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Todo {
    pub id: Uuid,
    pub item_id: Uuid,
    /// What is to be done, 1 to 2000 characters.
    pub description: String,
    /// Who is to do it; absent when nobody in particular is.
    pub assignee_id: Option<Uuid>,
    pub assignee_name: Option<String>,
    /// Who set the to-do.
    pub set_by: Option<Uuid>,
    pub set_by_name: Option<String>,
    pub due: Option<NaiveDate>,
    /// Whether it has been done.
    pub done: bool,
    pub done_at: Option<DateTime<Utc>>,
    pub done_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// How many people the to-do's latest change notified (its new assignee, or its setter when done).
    pub notified: i64,
    pub version: i64,
}

/// Sets a to-do on an item.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateTodo {
    /// 1 to 2000 characters.
    #[validate(length(min = 1, max = 2000, message = "must be 1 to 2000 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 2000))]
    pub description: String,
    /// A member of the organisation; notified unless it is the caller.
    #[serde(default)]
    pub assignee_id: Option<Uuid>,
    #[serde(default, deserialize_with = "crate::dates::strict_option")]
    pub due: Option<NaiveDate>,
}

/// Changes a to-do; absent fields stay, `null` clears `assignee_id` and `due`.
/// A to-do's assignee who may not otherwise change the item may only send `done`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateTodo {
    #[validate(length(min = 1, max = 2000, message = "must be 1 to 2000 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 2000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
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
    pub due: Option<Option<NaiveDate>>,
    /// `true` marks the to-do done, `false` opens it again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done: Option<bool>,
}

impl UpdateTodo {
    /// Whether the change only marks the to-do done or open again (what its assignee alone may do).
    pub fn only_marks_done(&self) -> bool {
        self.description.is_none() && self.assignee_id.is_none() && self.due.is_none()
    }
}

/// Whether something due on `due` is overdue on `today`: due before today and not finished.
pub fn is_overdue(due: Option<NaiveDate>, finished: bool, today: NaiveDate) -> bool {
    !finished && due.is_some_and(|d| d < today)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap_or_default()
    }

    #[test]
    fn overdue_means_due_before_today_and_not_done() {
        assert!(is_overdue(Some(day(1)), false, day(2)));
        assert!(!is_overdue(Some(day(2)), false, day(2)));
        assert!(!is_overdue(Some(day(1)), true, day(2)));
        assert!(!is_overdue(None, false, day(2)));
    }

    #[test]
    fn descriptions_are_bounded() {
        let todo = |d: &str| CreateTodo {
            description: d.into(),
            ..Default::default()
        };
        assert!(todo("Send the policy to HR").validate().is_ok());
        assert!(todo("").validate().is_err());
        assert!(todo(&"x".repeat(2001)).validate().is_err());
    }

    #[test]
    fn null_clears_and_absent_keeps() -> Result<(), serde_json::Error> {
        let clear: UpdateTodo = serde_json::from_str(r#"{"assignee_id":null}"#)?;
        assert_eq!(clear.assignee_id, Some(None));
        assert!(!clear.only_marks_done());
        let done: UpdateTodo = serde_json::from_str(r#"{"done":true}"#)?;
        assert_eq!(done.assignee_id, None);
        assert!(done.only_marks_done());
        Ok(())
    }
}
