//! Test helper: the strongest attacker — every leader and admin pooling every figure ever
//! released, for any windows and any units — written as linear algebra.
//!
//! Unknowns are the own cells (week, unit) of every unit that had anyone in it that week; who
//! belongs where is treated as known. Each shown weekly cell is the sum of the own cells of its
//! subtree; a window request is the sum of the shown weekly cells in it. A hidden group is
//! exposed when its sum of own cells lies in the row space of everything released.

use super::cell::OwnCell;
use super::figures::{Reason, Released};
use super::release::{UnitState, WeekRelease};
use super::rowspace::RowSpace;
use super::tree::{Tree, UnitId};
use std::collections::BTreeMap;

/// One released week as the test set it up.
pub(crate) struct Observed<'a> {
    pub units: &'a BTreeMap<UnitId, UnitState>,
    pub cells: &'a BTreeMap<UnitId, OwnCell>,
    pub release: &'a WeekRelease,
}

pub(crate) struct Attack<'a> {
    tree: &'a Tree,
    weeks: &'a [Observed<'a>],
    columns: BTreeMap<(usize, UnitId), usize>,
    space: RowSpace,
}

/// Whether a unit's own members were left out of the week, as the release shows it.
fn withheld(release: &WeekRelease, unit: UnitId) -> bool {
    match release.cells.get(&unit) {
        Some(Released::Suppressed(Reason::BudgetSpent { .. })) => true,
        Some(Released::Shown(figures)) => figures.budget_spent.contains(&unit),
        _ => false,
    }
}

impl<'a> Attack<'a> {
    pub(crate) fn new(tree: &'a Tree, weeks: &'a [Observed<'a>]) -> Attack<'a> {
        let mut columns = BTreeMap::new();
        for (w, week) in weeks.iter().enumerate() {
            for unit in tree.units() {
                let members = week.units.get(&unit).map_or(0, |s| s.members);
                let respondents = week.cells.get(&unit).map_or(0, |c| c.respondents);
                if members.max(respondents) > 0 && !withheld(week.release, unit) {
                    let next = columns.len();
                    columns.insert((w, unit), next);
                }
            }
        }
        let space = RowSpace::new(columns.len());
        Attack {
            tree,
            weeks,
            columns,
            space,
        }
    }

    fn own_vector(&self, week: usize, unit: UnitId) -> Vec<i64> {
        let mut v = vec![0; self.columns.len()];
        if let Some(&c) = self.columns.get(&(week, unit)) {
            v[c] = 1;
        }
        v
    }

    fn subtree_vector(&self, week: usize, unit: UnitId) -> Vec<i64> {
        let mut v = vec![0; self.columns.len()];
        for below in self.tree.subtree(unit) {
            if let Some(&c) = self.columns.get(&(week, below)) {
                v[c] = 1;
            }
        }
        v
    }

    fn is_shown(&self, week: usize, unit: UnitId) -> bool {
        matches!(
            self.weeks[week].release.cells.get(&unit),
            Some(Released::Shown(_))
        )
    }

    /// Requests one unit over weeks `from..=to`: the sum of its shown weekly cells.
    pub(crate) fn request(&mut self, unit: UnitId, from: usize, to: usize) {
        let mut row = vec![0; self.columns.len()];
        for week in from..=to.min(self.weeks.len().saturating_sub(1)) {
            if self.is_shown(week, unit) {
                for (x, y) in row.iter_mut().zip(self.subtree_vector(week, unit)) {
                    *x += y;
                }
            }
        }
        self.space.add(&row);
    }

    /// Requests every unit for every single week.
    pub(crate) fn request_everything(&mut self) {
        for week in 0..self.weeks.len() {
            for unit in self.tree.units() {
                self.request(unit, week, week);
            }
        }
    }

    /// Whether the attacker can compute this unit's own members' figures for the week.
    pub(crate) fn knows_own(&self, week: usize, unit: UnitId) -> bool {
        self.space.contains(&self.own_vector(week, unit))
    }

    /// Whether the attacker can compute this unit's subtree figures for the week.
    pub(crate) fn knows_subtree(&self, week: usize, unit: UnitId) -> bool {
        self.space.contains(&self.subtree_vector(week, unit))
    }

    /// Every group that should stay hidden but can be computed, described for a failure
    /// message: hidden subtrees with anyone in them, and own groups below their k.
    pub(crate) fn exposed(&self) -> Vec<String> {
        let mut found = Vec::new();
        for (w, week) in self.weeks.iter().enumerate() {
            for unit in self.tree.units() {
                let subtree = self.subtree_vector(w, unit);
                let nonempty = subtree.iter().any(|&x| x != 0);
                if nonempty && !self.is_shown(w, unit) && self.space.contains(&subtree) {
                    found.push(format!("week {w}: hidden subtree of {unit}"));
                }
                let Some(&column) = self.columns.get(&(w, unit)) else {
                    continue;
                };
                let respondents = week.cells.get(&unit).map_or(0, |c| c.respondents);
                let floor = week.cells.get(&unit).map_or(0, |c| c.k_floor);
                let k = week.units.get(&unit).map_or(0, |s| s.rules.k).max(floor);
                if respondents < u64::from(k) {
                    let mut v = vec![0; self.columns.len()];
                    v[column] = 1;
                    if self.space.contains(&v) {
                        found.push(format!(
                            "week {w}: own members of {unit} ({respondents} < k = {k})"
                        ));
                    }
                }
            }
        }
        found
    }
}
