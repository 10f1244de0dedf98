//! Which subtree figures of one week may be shown: the k rule, then secondary suppression.
//!
//! Every internal unit P gives one equation that anyone can write down:
//!
//! ```text
//! S(P) = own(P) + S(c₁) + … + S(cₙ)
//! ```
//!
//! where S(u) is the figure of u's whole subtree, own(P) the members directly in P (a term only
//! when P has members of its own) and c₁…cₙ P's sub-units with anyone in them. A unit or subtree
//! without members is known to be empty and is no term at all. own(P) is never shown, but it is a
//! term and counts as hidden while it has fewer than its k respondents.
//!
//! The rule: every equation has either no hidden term or at least two. With one hidden term, the
//! shown terms would give it away by subtraction; with two or more, any amount can move between
//! them. Extra terms are hidden deterministically: the shown part (own(P) or a sub-unit) with the
//! fewest respondents, ties by unit id, or S(P) itself when no part is left; repeated until no
//! equation changes. `docs/privacy.md` proves that then no hidden term is determined by the shown
//! ones.

use super::tree::{Tree, UnitId};
use std::collections::{BTreeMap, BTreeSet};

/// A term of the equations: the members directly in a unit, or a unit's whole subtree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Term {
    /// The members directly in the unit (only a term for a unit with non-empty sub-units).
    Own(UnitId),
    /// The unit and everything below it.
    Subtree(UnitId),
}

/// A group's respondent count and the k it must reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Group {
    pub respondents: u64,
    pub k: u32,
}

/// `S(parent) = Σ parts`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Equation {
    pub parent: UnitId,
    pub parts: Vec<Term>,
}

impl Equation {
    /// Every term: the parent's subtree, then the parts.
    pub fn terms(&self) -> impl Iterator<Item = Term> + '_ {
        std::iter::once(Term::Subtree(self.parent)).chain(self.parts.iter().copied())
    }
}

/// The outcome for one week.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Plan {
    /// Respondents of each non-empty subtree.
    subtree_respondents: BTreeMap<UnitId, u64>,
    /// Respondents of each unit with members of its own.
    own_respondents: BTreeMap<UnitId, u64>,
    equations: Vec<Equation>,
    hidden: BTreeSet<Term>,
}

impl Plan {
    /// Whether the unit's subtree has anyone in it.
    pub fn is_nonempty(&self, unit: UnitId) -> bool {
        self.subtree_respondents.contains_key(&unit)
    }

    /// Whether the unit's subtree figure is shown: non-empty and not hidden.
    pub fn is_shown(&self, unit: UnitId) -> bool {
        self.is_nonempty(unit) && !self.hidden.contains(&Term::Subtree(unit))
    }

    /// Whether a term is hidden.
    pub fn is_hidden(&self, term: Term) -> bool {
        self.hidden.contains(&term)
    }

    /// The equations, one per unit with non-empty sub-units, in unit id order.
    #[cfg(test)]
    pub fn equations(&self) -> &[Equation] {
        &self.equations
    }

    fn respondents(&self, term: Term) -> u64 {
        match term {
            Term::Own(unit) => self.own_respondents.get(&unit),
            Term::Subtree(unit) => self.subtree_respondents.get(&unit),
        }
        .copied()
        .unwrap_or(0)
    }
}

/// Decides what is shown. `own` holds the units with members of their own (and only those);
/// `subtree_k` the k each subtree figure must reach (a unit missing from it gets the largest k);
/// `too_few_members` the subtrees with fewer members than their k, hidden outright.
pub(crate) fn plan(
    tree: &Tree,
    own: &BTreeMap<UnitId, Group>,
    subtree_k: &BTreeMap<UnitId, u32>,
    too_few_members: &BTreeSet<UnitId>,
) -> Plan {
    let mut subtree_respondents = BTreeMap::new();
    for unit in tree.bottom_up() {
        let children: Vec<u64> = tree
            .children(unit)
            .iter()
            .filter_map(|child| subtree_respondents.get(child).copied())
            .collect();
        let own_group = own.get(&unit);
        if own_group.is_some() || !children.is_empty() {
            let total = own_group.map_or(0, |g| g.respondents) + children.iter().sum::<u64>();
            subtree_respondents.insert(unit, total);
        }
    }
    let mut equations = Vec::new();
    let mut own_respondents = BTreeMap::new();
    for unit in tree.units() {
        if let Some(group) = own.get(&unit) {
            own_respondents.insert(unit, group.respondents);
        }
        let children: Vec<Term> = tree
            .children(unit)
            .iter()
            .filter(|child| subtree_respondents.contains_key(child))
            .map(|&child| Term::Subtree(child))
            .collect();
        if children.is_empty() {
            continue;
        }
        let parts = own
            .contains_key(&unit)
            .then_some(Term::Own(unit))
            .into_iter()
            .chain(children)
            .collect();
        equations.push(Equation {
            parent: unit,
            parts,
        });
    }
    let mut plan = Plan {
        subtree_respondents,
        own_respondents,
        equations,
        hidden: BTreeSet::new(),
    };
    hide_small_groups(&mut plan, own, subtree_k, too_few_members);
    hide_until_no_equation_has_one_hidden_term(&mut plan);
    plan
}

/// The k rule: a subtree below its k, and an own term below its k, are hidden.
fn hide_small_groups(
    plan: &mut Plan,
    own: &BTreeMap<UnitId, Group>,
    subtree_k: &BTreeMap<UnitId, u32>,
    too_few_members: &BTreeSet<UnitId>,
) {
    for (&unit, &respondents) in &plan.subtree_respondents {
        let k = subtree_k.get(&unit).copied().unwrap_or(super::rules::MAX_K);
        if respondents < u64::from(k) || too_few_members.contains(&unit) {
            plan.hidden.insert(Term::Subtree(unit));
        }
    }
    let own_terms: Vec<UnitId> = plan
        .equations
        .iter()
        .filter(|eq| eq.parts.first() == Some(&Term::Own(eq.parent)))
        .map(|eq| eq.parent)
        .collect();
    for unit in own_terms {
        if let Some(group) = own.get(&unit)
            && group.respondents < u64::from(group.k)
        {
            plan.hidden.insert(Term::Own(unit));
        }
    }
}

/// Secondary suppression, to a fixed point. Terminates: each pass either hides one more of
/// finitely many terms or changes nothing and stops.
fn hide_until_no_equation_has_one_hidden_term(plan: &mut Plan) {
    loop {
        let mut changed = false;
        for index in 0..plan.equations.len() {
            let equation = &plan.equations[index];
            let mut hidden = equation.terms().filter(|&t| plan.is_hidden(t));
            let (Some(_), None) = (hidden.next(), hidden.next()) else {
                continue;
            };
            let fewest = equation
                .parts
                .iter()
                .copied()
                .filter(|&t| !plan.is_hidden(t))
                .min_by_key(|&t| (plan.respondents(t), unit_of(t), t));
            let extra = fewest.unwrap_or(Term::Subtree(equation.parent));
            plan.hidden.insert(extra);
            changed = true;
        }
        if !changed {
            return;
        }
    }
}

fn unit_of(term: Term) -> UnitId {
    match term {
        Term::Own(unit) | Term::Subtree(unit) => unit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(id: i64) -> UnitId {
        UnitId(id)
    }

    fn group(respondents: u64) -> Group {
        Group { respondents, k: 5 }
    }

    fn k5(tree: &Tree) -> BTreeMap<UnitId, u32> {
        tree.units().map(|unit| (unit, 5)).collect()
    }

    /// 1 with children 2, 3, 4 and no own members.
    fn three_teams() -> Tree {
        Tree::new([
            (u(1), None),
            (u(2), Some(u(1))),
            (u(3), Some(u(1))),
            (u(4), Some(u(1))),
        ])
        .expect("tree")
    }

    #[test]
    fn parent_minus_all_but_one_child_hides_a_second_child() {
        let tree = three_teams();
        let own = BTreeMap::from([(u(2), group(3)), (u(3), group(9)), (u(4), group(6))]);
        let plan = plan(&tree, &own, &k5(&tree), &BTreeSet::new());
        assert!(plan.is_shown(u(1)));
        assert!(!plan.is_shown(u(2)), "below k");
        assert!(!plan.is_shown(u(4)), "the smallest shown sibling covers it");
        assert!(plan.is_shown(u(3)));
    }

    #[test]
    fn ties_are_broken_by_unit_id() {
        let tree = three_teams();
        let own = BTreeMap::from([(u(2), group(2)), (u(3), group(6)), (u(4), group(6))]);
        let plan = plan(&tree, &own, &k5(&tree), &BTreeSet::new());
        assert!(!plan.is_shown(u(3)));
        assert!(plan.is_shown(u(4)));
    }

    #[test]
    fn an_only_child_hidden_hides_its_parent() {
        let tree = Tree::new([(u(1), None), (u(2), Some(u(1)))]).expect("tree");
        let own = BTreeMap::from([(u(2), group(4))]);
        let mut k = k5(&tree);
        k.insert(u(1), 3);
        let plan = plan(&tree, &own, &k, &BTreeSet::new());
        assert!(!plan.is_shown(u(2)));
        assert!(!plan.is_shown(u(1)), "S(1) = S(2) would give it away");
    }

    #[test]
    fn a_small_own_group_is_covered_by_hiding_a_sibling_term() {
        // 1 has 2 own respondents and children 2 (8) and 3 (6): S(1) − S(2) − S(3) = own(1).
        let tree = Tree::new([(u(1), None), (u(2), Some(u(1))), (u(3), Some(u(1)))]).expect("tree");
        let own = BTreeMap::from([(u(1), group(2)), (u(2), group(8)), (u(3), group(6))]);
        let plan = plan(&tree, &own, &k5(&tree), &BTreeSet::new());
        assert!(plan.is_hidden(Term::Own(u(1))));
        assert!(plan.is_shown(u(1)));
        assert!(plan.is_shown(u(2)));
        assert!(!plan.is_shown(u(3)));
    }

    #[test]
    fn hiding_cascades_up_the_tree() {
        // 1 ─ 2 ─┬─ 3 (2 respondents)
        //   │    └─ 4 (6)
        //   └ 5 (7)
        // S(3) is hidden, so S(4) is hidden; then S(2) = S(3) + S(4) is shown (8 ≥ 5) with two
        // hidden parts, fine. Level 1: S(1) = S(2) + S(5), all shown: fine.
        let tree = Tree::new([
            (u(1), None),
            (u(2), Some(u(1))),
            (u(3), Some(u(2))),
            (u(4), Some(u(2))),
            (u(5), Some(u(1))),
        ])
        .expect("tree");
        let own = BTreeMap::from([(u(3), group(2)), (u(4), group(6)), (u(5), group(7))]);
        let plan = plan(&tree, &own, &k5(&tree), &BTreeSet::new());
        assert!(!plan.is_shown(u(3)));
        assert!(!plan.is_shown(u(4)));
        assert!(plan.is_shown(u(2)));
        assert!(plan.is_shown(u(1)));
        assert!(plan.is_shown(u(5)));
    }

    #[test]
    fn empty_units_are_no_terms() {
        let tree = three_teams();
        let own = BTreeMap::from([(u(2), group(6)), (u(3), group(7))]);
        let plan = plan(&tree, &own, &k5(&tree), &BTreeSet::new());
        assert!(!plan.is_nonempty(u(4)));
        assert!(!plan.is_shown(u(4)));
        assert_eq!(
            plan.equations()[0].parts,
            vec![Term::Subtree(u(2)), Term::Subtree(u(3))]
        );
        assert!(plan.is_shown(u(1)) && plan.is_shown(u(2)) && plan.is_shown(u(3)));
    }
}
