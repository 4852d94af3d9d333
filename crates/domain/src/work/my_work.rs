//! "My work": everything assigned to the caller across the organisation's spaces — open items and
//! open to-dos — with what is overdue picked out.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// An open item assigned to the caller.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyItem {
    pub id: Uuid,
    pub space_id: Uuid,
    pub space_name: String,
    /// "number - title".
    pub label: String,
    /// The status's name.
    pub status: Option<String>,
    pub due: Option<NaiveDate>,
    /// Due before today.
    pub overdue: bool,
    pub version: i64,
}

/// An open to-do assigned to the caller, with the item it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyTodo {
    pub id: Uuid,
    pub description: String,
    pub due: Option<NaiveDate>,
    /// Due before today.
    pub overdue: bool,
    pub set_by_name: Option<String>,
    pub item_id: Uuid,
    pub item_label: String,
    pub space_id: Uuid,
    pub space_name: String,
    pub version: i64,
}

/// The caller's open work, soonest due first (undated last).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyWork {
    /// The day "overdue" was judged against (the server's date, UTC).
    pub today: NaiveDate,
    /// Items assigned to the caller that are neither archived nor in a resolved status.
    pub items: Vec<MyItem>,
    /// Open to-dos assigned to the caller, on items that are not archived.
    pub todos: Vec<MyTodo>,
    /// How many of `items` are overdue.
    pub overdue_items: i64,
    /// How many of `todos` are overdue.
    pub overdue_todos: i64,
}

impl MyWork {
    /// Assembles the view, counting what is overdue.
    pub fn new(today: NaiveDate, items: Vec<MyItem>, todos: Vec<MyTodo>) -> MyWork {
        let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        MyWork {
            today,
            overdue_items: count(items.iter().filter(|i| i.overdue).count()),
            overdue_todos: count(todos.iter().filter(|t| t.overdue).count()),
            items,
            todos,
        }
    }
}
