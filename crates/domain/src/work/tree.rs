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
    /// Its place among its siblings (0 first).
    pub position: i64,
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

/// A whole project: its overall progress and its nodes, parents before children, siblings in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectTree {
    pub space_id: Uuid,
    /// The weighted progress of the whole project (0–100).
    pub progress: f64,
    pub nodes: Vec<TreeNode>,
}

/// Orders nodes depth-first: each parent followed by its children, siblings by position then number.
pub fn depth_first(mut nodes: Vec<TreeNode>) -> Vec<TreeNode> {
    nodes.sort_by_key(|n| (n.position, n.number));
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

/// Moves a node under `parent_id` (`None`: the top of the project) at `position` among its new siblings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MoveItem {
    #[serde(default)]
    pub parent_id: Option<Uuid>,
    /// 0-based place among the new siblings; past the end puts it last.
    pub position: i64,
}

/// What the children of one parent can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum TreeSortKey {
    Number,
    Title,
    Start,
    Due,
}

/// Sorts the children of `parent_id` (`None`: the phases) once; later additions go last.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SortTree {
    #[serde(default)]
    pub parent_id: Option<Uuid>,
    pub by: TreeSortKey,
}

/// The sibling order after `moving` is put at `position` (clamped) among `siblings`.
pub fn place_among(siblings: &[Uuid], moving: Uuid, position: i64) -> Vec<Uuid> {
    let mut order: Vec<Uuid> = siblings
        .iter()
        .copied()
        .filter(|id| *id != moving)
        .collect();
    let at = usize::try_from(position.max(0))
        .unwrap_or(usize::MAX)
        .min(order.len());
    order.insert(at, moving);
    order
}

/// What one sibling is sorted by: the key fields and its number for ties.
#[derive(Debug, Clone, PartialEq)]
pub struct SortCandidate {
    pub id: Uuid,
    pub number: i64,
    pub title: String,
    pub start: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
}

/// The sibling order for `by`: titles case-insensitively, dates earliest first with undated last.
pub fn sorted_siblings(mut siblings: Vec<SortCandidate>, by: TreeSortKey) -> Vec<Uuid> {
    let dated = |d: Option<NaiveDate>| (d.is_none(), d);
    match by {
        TreeSortKey::Number => siblings.sort_by_key(|s| s.number),
        TreeSortKey::Title => siblings.sort_by_key(|s| (s.title.to_lowercase(), s.number)),
        TreeSortKey::Start => siblings.sort_by_key(|s| (dated(s.start), s.number)),
        TreeSortKey::Due => siblings.sort_by_key(|s| (dated(s.due), s.number)),
    }
    siblings.into_iter().map(|s| s.id).collect()
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
            position: 0,
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

    #[test]
    fn positions_order_siblings_before_numbers() {
        let mut first = node(2, None, 9);
        first.position = 0;
        let mut second = node(1, None, 1);
        second.position = 1;
        let order: Vec<i64> = depth_first(vec![second, first])
            .iter()
            .map(|n| n.number)
            .collect();
        assert_eq!(order, vec![9, 1]);
    }

    #[test]
    fn placing_moves_within_and_into_a_sibling_list() {
        let ids: Vec<Uuid> = (1..=4).map(Uuid::from_u128).collect();
        let id = |n| Uuid::from_u128(n);
        assert_eq!(
            place_among(&ids, id(4), 0),
            vec![id(4), id(1), id(2), id(3)]
        );
        assert_eq!(
            place_among(&ids, id(1), 2),
            vec![id(2), id(3), id(1), id(4)]
        );
        assert_eq!(
            place_among(&ids, id(2), 99),
            vec![id(1), id(3), id(4), id(2)]
        );
        assert_eq!(
            place_among(&ids, id(9), -1),
            vec![id(9), id(1), id(2), id(3), id(4)]
        );
    }

    #[test]
    fn siblings_sort_by_title_and_dates_with_undated_last() {
        let date = |d| NaiveDate::from_ymd_opt(2026, 1, d);
        let c = |n: u128, title: &str, due| SortCandidate {
            id: Uuid::from_u128(n),
            number: n as i64,
            title: title.into(),
            start: None,
            due,
        };
        let all = vec![
            c(1, "beta", None),
            c(2, "Alpha", date(5)),
            c(3, "gamma", date(2)),
        ];
        let id = |n| Uuid::from_u128(n);
        assert_eq!(
            sorted_siblings(all.clone(), TreeSortKey::Title),
            vec![id(2), id(1), id(3)]
        );
        assert_eq!(
            sorted_siblings(all.clone(), TreeSortKey::Due),
            vec![id(3), id(2), id(1)]
        );
        assert_eq!(
            sorted_siblings(all, TreeSortKey::Number),
            vec![id(1), id(2), id(3)]
        );
    }
}
