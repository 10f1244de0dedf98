//! The organisation tree as the privacy rules see it: unit ids and who is whose parent.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use thiserror::Error;

/// An organisation unit's id (the store's primary key).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnitId(pub i64);

impl fmt::Display for UnitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unit {}", self.0)
    }
}

/// Why a list of units and parents is not a tree.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TreeError {
    /// The same unit was listed twice.
    #[error("{0} is listed twice; each unit may appear once")]
    DuplicateUnit(UnitId),
    /// A unit names a parent that is not in the list.
    #[error("{unit} names {parent} as its parent, but {parent} is not in the organisation")]
    UnknownParent {
        /// The unit with the dangling parent.
        unit: UnitId,
        /// The parent that was not found.
        parent: UnitId,
    },
    /// Following parents from this unit comes back to it.
    #[error("{0} is its own ancestor; units must form a tree without cycles")]
    Cycle(UnitId),
}

/// A validated forest of units: every parent exists and there are no cycles. Top-level units
/// (no parent) are roots; an organisation may have several.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tree {
    parents: BTreeMap<UnitId, Option<UnitId>>,
    children: BTreeMap<UnitId, Vec<UnitId>>,
}

impl Tree {
    /// Builds a tree from `(unit, parent)` pairs, refusing duplicates, unknown parents and cycles.
    pub fn new(
        units: impl IntoIterator<Item = (UnitId, Option<UnitId>)>,
    ) -> Result<Tree, TreeError> {
        let mut parents = BTreeMap::new();
        for (unit, parent) in units {
            if parents.insert(unit, parent).is_some() {
                return Err(TreeError::DuplicateUnit(unit));
            }
        }
        let mut children: BTreeMap<UnitId, Vec<UnitId>> =
            parents.keys().map(|&unit| (unit, Vec::new())).collect();
        for (&unit, &parent) in &parents {
            if let Some(parent) = parent {
                match children.get_mut(&parent) {
                    Some(list) => list.push(unit),
                    None => return Err(TreeError::UnknownParent { unit, parent }),
                }
            }
        }
        let tree = Tree { parents, children };
        tree.check_acyclic()?;
        Ok(tree)
    }

    fn check_acyclic(&self) -> Result<(), TreeError> {
        let mut known_good: BTreeSet<UnitId> = BTreeSet::new();
        for &start in self.parents.keys() {
            let mut seen = BTreeSet::new();
            let mut at = Some(start);
            while let Some(unit) = at {
                if known_good.contains(&unit) {
                    break;
                }
                if !seen.insert(unit) {
                    return Err(TreeError::Cycle(unit));
                }
                at = self.parent(unit);
            }
            known_good.extend(seen);
        }
        Ok(())
    }

    /// Every unit, in id order.
    pub fn units(&self) -> impl Iterator<Item = UnitId> + '_ {
        self.parents.keys().copied()
    }

    /// How many units the tree holds.
    pub fn len(&self) -> usize {
        self.parents.len()
    }

    /// Whether the tree has no units.
    pub fn is_empty(&self) -> bool {
        self.parents.is_empty()
    }

    /// Whether the unit is in the tree.
    pub fn contains(&self, unit: UnitId) -> bool {
        self.parents.contains_key(&unit)
    }

    /// The unit's parent; `None` for a top-level unit or a unit not in the tree.
    pub fn parent(&self, unit: UnitId) -> Option<UnitId> {
        self.parents.get(&unit).copied().flatten()
    }

    /// The unit's direct sub-units, in id order (empty for a leaf or an unknown unit).
    pub fn children(&self, unit: UnitId) -> &[UnitId] {
        self.children.get(&unit).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The unit itself, then its parent, and so on up to its top-level unit. Empty for a unit not
    /// in the tree.
    pub fn ancestors_or_self(&self, unit: UnitId) -> Vec<UnitId> {
        if !self.contains(unit) {
            return Vec::new();
        }
        let mut chain = vec![unit];
        let mut at = unit;
        while let Some(parent) = self.parent(at) {
            chain.push(parent);
            at = parent;
        }
        chain
    }

    /// The unit and every unit below it, in id order. Empty for a unit not in the tree.
    pub fn subtree(&self, unit: UnitId) -> Vec<UnitId> {
        if !self.contains(unit) {
            return Vec::new();
        }
        let mut found = Vec::new();
        let mut stack = vec![unit];
        while let Some(at) = stack.pop() {
            found.push(at);
            stack.extend_from_slice(self.children(at));
        }
        found.sort_unstable();
        found
    }

    /// Every unit with all of its sub-units before it (children before parents), so a bottom-up
    /// pass can fold subtrees in one sweep.
    pub fn bottom_up(&self) -> Vec<UnitId> {
        let mut order = Vec::with_capacity(self.len());
        let roots = self.units().filter(|&unit| self.parent(unit).is_none());
        // Iterative post-order: (unit, whether its children were already pushed).
        let mut stack: Vec<(UnitId, bool)> = roots.map(|unit| (unit, false)).collect();
        stack.reverse();
        while let Some((unit, expanded)) = stack.pop() {
            if expanded {
                order.push(unit);
            } else {
                stack.push((unit, true));
                stack.extend(
                    self.children(unit)
                        .iter()
                        .rev()
                        .map(|&child| (child, false)),
                );
            }
        }
        order
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(id: i64) -> UnitId {
        UnitId(id)
    }

    fn sample() -> Tree {
        // 1 ─┬─ 2 ─── 4
        //    └─ 3
        // 5 (a second top-level unit)
        Tree::new([
            (u(1), None),
            (u(2), Some(u(1))),
            (u(3), Some(u(1))),
            (u(4), Some(u(2))),
            (u(5), None),
        ])
        .expect("a valid tree")
    }

    #[test]
    fn answers_questions_about_shape() {
        let tree = sample();
        assert_eq!(tree.len(), 5);
        assert_eq!(tree.children(u(1)), &[u(2), u(3)]);
        assert_eq!(tree.parent(u(4)), Some(u(2)));
        assert_eq!(tree.parent(u(1)), None);
        assert_eq!(tree.ancestors_or_self(u(4)), vec![u(4), u(2), u(1)]);
        assert_eq!(tree.subtree(u(1)), vec![u(1), u(2), u(3), u(4)]);
        assert_eq!(tree.subtree(u(9)), Vec::<UnitId>::new());
        assert!(tree.ancestors_or_self(u(9)).is_empty());
    }

    #[test]
    fn bottom_up_puts_children_before_parents() {
        let tree = sample();
        let order = tree.bottom_up();
        assert_eq!(order.len(), 5);
        let position = |unit: UnitId| order.iter().position(|&x| x == unit);
        for unit in tree.units() {
            if let Some(parent) = tree.parent(unit) {
                assert!(position(unit) < position(parent), "{unit} before {parent}");
            }
        }
    }

    #[test]
    fn refuses_duplicates_unknown_parents_and_cycles() {
        assert_eq!(
            Tree::new([(u(1), None), (u(1), None)]),
            Err(TreeError::DuplicateUnit(u(1)))
        );
        assert_eq!(
            Tree::new([(u(1), Some(u(7)))]),
            Err(TreeError::UnknownParent {
                unit: u(1),
                parent: u(7)
            })
        );
        assert!(matches!(
            Tree::new([(u(1), Some(u(2))), (u(2), Some(u(1)))]),
            Err(TreeError::Cycle(_))
        ));
        assert!(matches!(
            Tree::new([(u(1), Some(u(1)))]),
            Err(TreeError::Cycle(_))
        ));
    }
}
