//! A tracker's status workflow: ordered statuses, each counting as resolved or not, always with
//! "To-do" for new items.

use super::colour::Colour;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use uuid::Uuid;

/// The status every tracker has and new items start in.
pub const TODO: &str = "To-do";

/// One status of a tracker's workflow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Status {
    /// Stable across renames, so items keep their status when it is renamed.
    pub id: Uuid,
    pub name: String,
    pub colour: Colour,
    /// Items in this status count as resolved/closed (not overdue, not open work).
    pub resolved: bool,
}

/// Why a workflow cannot be saved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    #[error("a workflow needs the status \"{TODO}\"")]
    MissingTodo,
    #[error("\"{TODO}\" is where new items start, so it cannot count as resolved")]
    TodoResolved,
    #[error("two statuses are named \"{0}\"")]
    DuplicateName(String),
    #[error("two statuses share the id {0}")]
    DuplicateId(Uuid),
    #[error("status names must be 1 to 60 characters")]
    BadName,
}

/// Checks an ordered list of statuses as a workflow: names unique (ignoring case), "To-do" present and open.
pub fn validate(statuses: &[Status]) -> Result<(), WorkflowError> {
    let mut names = HashSet::new();
    let mut ids = HashSet::new();
    for status in statuses {
        let name = status.name.trim();
        if name.is_empty() || name.chars().count() > 60 {
            return Err(WorkflowError::BadName);
        }
        if !names.insert(name.to_lowercase()) {
            return Err(WorkflowError::DuplicateName(name.to_owned()));
        }
        if !ids.insert(status.id) {
            return Err(WorkflowError::DuplicateId(status.id));
        }
    }
    let todo = statuses
        .iter()
        .find(|s| s.name.trim().eq_ignore_ascii_case(TODO))
        .ok_or(WorkflowError::MissingTodo)?;
    if todo.resolved {
        return Err(WorkflowError::TodoResolved);
    }
    Ok(())
}

/// A status given for an item that its space's workflow does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the status is not one of this space's workflow")]
pub struct UnknownStatus(pub Uuid);

/// Checks that an item may be put in `status`: any status of its space's workflow, in any order.
pub fn check_status(statuses: &[Status], status: Uuid) -> Result<(), UnknownStatus> {
    if statuses.iter().any(|s| s.id == status) {
        Ok(())
    } else {
        Err(UnknownStatus(status))
    }
}

/// The status a new item starts in when none is given: the workflow's "To-do", if it has one.
pub fn starting_status(statuses: &[Status]) -> Option<Uuid> {
    statuses
        .iter()
        .find(|s| s.name.eq_ignore_ascii_case(TODO))
        .map(|s| s.id)
}

/// The workflow a blank tracker starts with: To-do, In progress, Done.
pub fn default_workflow(new_id: impl Fn() -> Uuid) -> Vec<Status> {
    [
        (TODO, "#607d8b", false),
        ("In progress", "#1e88e5", false),
        ("Done", "#2e7d32", true),
    ]
    .into_iter()
    .filter_map(|(name, colour, resolved)| {
        Colour::parse(colour).ok().map(|colour| Status {
            id: new_id(),
            name: name.into(),
            colour,
            resolved,
        })
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids() -> impl Fn() -> Uuid {
        let counter = std::cell::Cell::new(0u128);
        move || {
            counter.set(counter.get() + 1);
            Uuid::from_u128(counter.get())
        }
    }

    #[test]
    fn the_default_workflow_is_valid_and_ends_resolved() {
        let statuses = default_workflow(ids());
        assert_eq!(validate(&statuses), Ok(()));
        assert_eq!(
            statuses.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
            ["To-do", "In progress", "Done"]
        );
        assert_eq!(
            statuses.iter().map(|s| s.resolved).collect::<Vec<_>>(),
            [false, false, true]
        );
    }

    #[test]
    fn todo_must_exist_and_stay_open() {
        let mut statuses = default_workflow(ids());
        statuses[0].resolved = true;
        assert_eq!(validate(&statuses), Err(WorkflowError::TodoResolved));
        statuses.remove(0);
        assert_eq!(validate(&statuses), Err(WorkflowError::MissingTodo));
    }

    #[test]
    fn names_and_ids_are_unique() {
        let mut statuses = default_workflow(ids());
        statuses[2].name = "in PROGRESS".into();
        assert_eq!(
            validate(&statuses),
            Err(WorkflowError::DuplicateName("in PROGRESS".into()))
        );
        let mut statuses = default_workflow(ids());
        statuses[2].id = statuses[1].id;
        assert!(matches!(
            validate(&statuses),
            Err(WorkflowError::DuplicateId(_))
        ));
        let mut statuses = default_workflow(ids());
        statuses[1].name = "  ".into();
        assert_eq!(validate(&statuses), Err(WorkflowError::BadName));
    }

    #[test]
    fn an_item_may_take_any_status_of_its_workflow_and_no_other() {
        let statuses = default_workflow(ids());
        for status in &statuses {
            assert_eq!(check_status(&statuses, status.id), Ok(()));
        }
        let stranger = Uuid::from_u128(99);
        let e = check_status(&statuses, stranger).unwrap_err();
        assert_eq!(e, UnknownStatus(stranger));
        assert_eq!(
            e.to_string(),
            "the status is not one of this space's workflow"
        );
    }

    #[test]
    fn new_items_start_in_to_do_whatever_its_case() {
        let mut statuses = default_workflow(ids());
        assert_eq!(starting_status(&statuses), Some(statuses[0].id));
        statuses[0].name = "TO-DO".into();
        statuses.rotate_left(1);
        assert_eq!(starting_status(&statuses), Some(statuses[2].id));
        statuses.retain(|s| s.name != "TO-DO");
        assert_eq!(starting_status(&statuses), None);
    }
}
