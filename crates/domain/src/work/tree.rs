//! A project as a tree: every live node with its own fields and its rolled-up progress.

use super::items::ItemKind;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One phase, deliverable or activity of a project tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TreeNode {
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
    pub kind: ItemKind,
    pub number: i64,
    /// "number - title".
    pub label: String,
    pub status: Option<String>,
    pub resolved: bool,
    pub assignee_id: Option<Uuid>,
    pub start: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    pub days_estimated: Option<f64>,
    pub days_taken: Option<f64>,
    /// Activities: their own progress; phases and deliverables: the roll-up of what is under them (0–100).
    pub progress: f64,
}

/// A whole project: its overall progress and its nodes, parents before children, siblings by number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectTree {
    pub space_id: Uuid,
    /// The weighted progress of the whole project (0–100).
    pub progress: f64,
    pub nodes: Vec<TreeNode>,
}

/// Orders nodes depth-first: each parent followed by its children, siblings by number.
pub fn depth_first(mut nodes: Vec<TreeNode>) -> Vec<TreeNode> {
    nodes.sort_by_key(|n| n.number);
    let ids: std::collections::HashSet<Uuid> = nodes.iter().map(|n| n.id).collect();
    let mut ordered = Vec::with_capacity(nodes.len());
    let mut placed = std::collections::HashSet::new();
    fn place(
        parent: Option<Uuid>,
        nodes: &[TreeNode],
        ids: &std::collections::HashSet<Uuid>,
        placed: &mut std::collections::HashSet<Uuid>,
        out: &mut Vec<TreeNode>,
    ) {
        for node in nodes {
            let effective_parent = node.parent_id.filter(|p| ids.contains(p));
            if effective_parent == parent && placed.insert(node.id) {
                out.push(node.clone());
                place(Some(node.id), nodes, ids, placed, out);
            }
        }
    }
    place(None, &nodes, &ids, &mut placed, &mut ordered);
    // Anything in a parent loop (corrupt data) still shows, at the end.
    ordered.extend(nodes.into_iter().filter(|n| !placed.contains(&n.id)));
    ordered
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: u128, parent: Option<u128>, number: i64) -> TreeNode {
        TreeNode {
            id: Uuid::from_u128(id),
            parent_id: parent.map(Uuid::from_u128),
            kind: ItemKind::Activity,
            number,
            label: number.to_string(),
            status: None,
            resolved: false,
            assignee_id: None,
            start: None,
            due: None,
            days_estimated: None,
            days_taken: None,
            progress: 0.0,
        }
    }

    #[test]
    fn parents_come_before_their_children_and_siblings_by_number() {
        let nodes = vec![
            node(4, Some(1), 4),
            node(1, None, 1),
            node(3, None, 3),
            node(2, Some(1), 2),
            node(5, Some(2), 5),
        ];
        let order: Vec<i64> = depth_first(nodes).iter().map(|n| n.number).collect();
        assert_eq!(order, vec![1, 2, 5, 4, 3]);
    }

    #[test]
    fn loops_do_not_hide_nodes() {
        let nodes = vec![node(1, Some(2), 1), node(2, Some(1), 2), node(3, None, 3)];
        assert_eq!(depth_first(nodes).len(), 3);
    }
}
