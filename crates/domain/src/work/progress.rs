//! Progress of a project tree (phases > deliverables > activities): activities carry their own
//! progress; every node above is the mean of its children weighted by days estimated, with equal
//! weights when none are estimated, and the project is the same mean over its phases.

use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// A node of a project tree as the roll-up sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgressNode {
    pub id: Uuid,
    pub parent: Option<Uuid>,
    /// The node's own progress, 0–100; what counts for activities (nodes without children).
    pub progress: f64,
    pub days_estimated: Option<f64>,
}

/// A node's rolled-up progress and the weight it carries in its parent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RolledUp {
    /// 0–100.
    pub progress: f64,
    /// Days estimated: its own, else the sum of its children's; none when nothing below is estimated.
    pub weight: Option<f64>,
}

/// The weighted mean of `(progress, weight)` pairs: unestimated ones weigh the mean estimate of
/// their siblings, or all weigh the same when none is estimated. An empty list is 0.
pub fn combine(children: &[RolledUp]) -> f64 {
    if children.is_empty() {
        return 0.0;
    }
    let known: Vec<f64> = children.iter().filter_map(|c| c.weight).collect();
    let fallback = if known.is_empty() {
        1.0
    } else {
        known.iter().sum::<f64>() / known.len() as f64
    };
    let (sum, total) = children.iter().fold((0.0, 0.0), |(sum, total), c| {
        let w = c.weight.unwrap_or(fallback);
        (sum + w * c.progress, total + w)
    });
    if total > 0.0 {
        sum / total
    } else {
        children.iter().map(|c| c.progress).sum::<f64>() / children.len() as f64
    }
}

fn estimate(days: Option<f64>) -> Option<f64> {
    days.filter(|d| d.is_finite() && *d > 0.0)
}

/// Rolls progress up the whole tree, and returns each node's result and the project's overall progress.
///
/// Nodes whose parent is unknown count as top-level; a parent loop (corrupt data) is cut where it closes.
pub fn roll_up(nodes: &[ProgressNode]) -> (HashMap<Uuid, RolledUp>, f64) {
    let ids: HashSet<Uuid> = nodes.iter().map(|n| n.id).collect();
    let mut children: HashMap<Uuid, Vec<&ProgressNode>> = HashMap::new();
    let mut roots = Vec::new();
    for node in nodes {
        match node.parent.filter(|p| ids.contains(p) && *p != node.id) {
            Some(parent) => children.entry(parent).or_default().push(node),
            None => roots.push(node),
        }
    }
    let mut done = HashMap::new();
    let mut visiting = HashSet::new();
    let top: Vec<RolledUp> = roots
        .iter()
        .map(|n| visit(n, &children, &mut done, &mut visiting))
        .collect();
    // Nodes caught in a loop are never reached from a root; roll them up on their own.
    for node in nodes {
        if !done.contains_key(&node.id) {
            visit(node, &children, &mut done, &mut visiting);
        }
    }
    (done, combine(&top))
}

fn visit(
    node: &ProgressNode,
    children: &HashMap<Uuid, Vec<&ProgressNode>>,
    done: &mut HashMap<Uuid, RolledUp>,
    visiting: &mut HashSet<Uuid>,
) -> RolledUp {
    if let Some(result) = done.get(&node.id) {
        return *result;
    }
    visiting.insert(node.id);
    let mut below = Vec::new();
    for kid in children.get(&node.id).into_iter().flatten() {
        if !visiting.contains(&kid.id) {
            below.push(visit(kid, children, done, visiting));
        }
    }
    visiting.remove(&node.id);
    let result = if below.is_empty() {
        RolledUp {
            progress: node.progress.clamp(0.0, 100.0),
            weight: estimate(node.days_estimated),
        }
    } else {
        let summed: Vec<f64> = below.iter().filter_map(|b| b.weight).collect();
        let weight = estimate(node.days_estimated)
            .or_else(|| (!summed.is_empty()).then(|| summed.iter().sum()));
        RolledUp {
            progress: combine(&below),
            weight,
        }
    };
    done.insert(node.id, result);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: u128, parent: Option<u128>, progress: f64, days: Option<f64>) -> ProgressNode {
        ProgressNode {
            id: Uuid::from_u128(id),
            parent: parent.map(Uuid::from_u128),
            progress,
            days_estimated: days,
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn activities_weigh_by_days_estimated() {
        // Deliverable 2 with a 1-day activity done and a 3-day activity not started: 25 %.
        let nodes = [
            node(1, None, 0.0, None),
            node(2, Some(1), 0.0, None),
            node(3, Some(2), 100.0, Some(1.0)),
            node(4, Some(2), 0.0, Some(3.0)),
        ];
        let (rolled, project) = roll_up(&nodes);
        assert!(close(rolled[&Uuid::from_u128(2)].progress, 25.0));
        assert_eq!(rolled[&Uuid::from_u128(2)].weight, Some(4.0));
        assert!(close(rolled[&Uuid::from_u128(1)].progress, 25.0));
        assert!(close(project, 25.0));
    }

    #[test]
    fn without_estimates_every_child_weighs_the_same() {
        let nodes = [
            node(1, None, 0.0, None),
            node(2, Some(1), 100.0, None),
            node(3, Some(1), 50.0, None),
            node(4, Some(1), 0.0, None),
        ];
        let (rolled, _) = roll_up(&nodes);
        assert!(close(rolled[&Uuid::from_u128(1)].progress, 50.0));
        assert_eq!(rolled[&Uuid::from_u128(1)].weight, None);
    }

    #[test]
    fn an_unestimated_sibling_weighs_the_mean_estimate() {
        // Estimates 2 and 4 → the third counts as 3: (2*100 + 4*0 + 3*100) / 9.
        let nodes = [
            node(1, None, 0.0, None),
            node(2, Some(1), 100.0, Some(2.0)),
            node(3, Some(1), 0.0, Some(4.0)),
            node(4, Some(1), 100.0, None),
        ];
        let (rolled, _) = roll_up(&nodes);
        assert!(close(rolled[&Uuid::from_u128(1)].progress, 500.0 / 9.0));
    }

    #[test]
    fn the_project_is_the_weighted_mean_of_its_phases() {
        // Phase A: 10 days at 100 %; phase B: 30 days at 0 %.
        let nodes = [
            node(1, None, 0.0, None),
            node(2, Some(1), 100.0, Some(10.0)),
            node(3, None, 0.0, None),
            node(4, Some(3), 0.0, Some(30.0)),
        ];
        let (_, project) = roll_up(&nodes);
        assert!(close(project, 25.0));
        assert!(close(roll_up(&[]).1, 0.0));
    }

    #[test]
    fn own_progress_is_clamped_and_parents_ignore_theirs() {
        let nodes = [
            node(1, None, 90.0, None),
            node(2, Some(1), 150.0, None),
            node(3, Some(1), -5.0, None),
        ];
        let (rolled, _) = roll_up(&nodes);
        assert!(close(rolled[&Uuid::from_u128(2)].progress, 100.0));
        assert!(close(rolled[&Uuid::from_u128(1)].progress, 50.0));
    }

    #[test]
    fn a_parent_loop_does_not_hang_or_panic() {
        let nodes = [
            node(1, Some(2), 10.0, None),
            node(2, Some(1), 30.0, None),
            node(3, None, 60.0, None),
        ];
        let (rolled, project) = roll_up(&nodes);
        assert_eq!(rolled.len(), 3);
        assert!(close(project, 60.0));
    }
}
