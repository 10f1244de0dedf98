//! Releasing one closed week for the whole organisation at once.
//!
//! [`release_week`] is run once per week, after the week has ended; the store freezes its result
//! and every figure a leader ever sees is built from these frozen weekly cells only.

use super::cell::{CellError, Moments, OwnCell};
use super::figures::{Figures, Reason, Released};
use super::noise::{BadRandom, NoiseSource, add_noise};
use super::rules::{
    DEFAULT_EPSILON, DEFAULT_QUARTERLY_BUDGET, Rules, RulesError, min_option, next_quarter_start,
    validate_rules,
};
use super::suppress::{Group, Plan, plan};
use super::tree::{Tree, UnitId};
use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use thiserror::Error;

/// Slack when comparing ε against a remaining budget, for floating-point sums of spends.
const BUDGET_SLACK: f64 = 1e-9;

/// What the release needs to know about one unit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct UnitState {
    /// The unit's current rules.
    pub rules: Rules,
    /// People who belong to the unit directly (not its sub-units), sharing or not.
    pub members: u64,
    /// ε this unit's own members have spent in the quarter of the week being released.
    pub spent: f64,
}

/// Everything a week's release is computed from.
#[derive(Debug, Clone, Copy)]
pub struct WeekInput<'a> {
    /// Monday of the ISO week being released.
    pub week: NaiveDate,
    /// The organisation as it is at release time.
    pub tree: &'a Tree,
    /// Every unit of the tree, and no other.
    pub units: &'a BTreeMap<UnitId, UnitState>,
    /// Each unit's own cell for the week; a unit without one has no respondents.
    pub cells: &'a BTreeMap<UnitId, OwnCell>,
    /// The rules in force for each unit's own members earlier in the week, kept by rules changes
    /// and moves (never by check-ins); the release applies the strictest of these and the
    /// current rules. A unit without floors has only its current rules.
    pub floors: &'a BTreeMap<UnitId, Rules>,
    /// The pulse's dimension ids: every released figure lists exactly these, so the shape (and
    /// the noise) of a release never depends on who answered what.
    pub dimensions: &'a [String],
}

/// A week's release: one entry per unit, and the ε each unit's own members spent on it.
/// Serialize it and freeze it: it is never recomputed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekRelease {
    /// Monday of the released week.
    pub week: NaiveDate,
    /// Every unit of the tree: its subtree figures, or why they are not shown.
    pub cells: BTreeMap<UnitId, Released>,
    /// (unit, ε) to charge to each unit whose own members' noisy figures went into at least one
    /// shown figure.
    pub spend: Vec<(UnitId, f64)>,
}

/// Why a week could not be released. Nothing is released then.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ReleaseError {
    /// Weeks are identified by their Monday.
    #[error("{0} is not a Monday; a week is released under the date of its Monday")]
    NotMonday(NaiveDate),
    /// The week's quarter cannot be computed (a date at the end of the calendar).
    #[error("{0} is too far in the future to release")]
    DateOutOfRange(NaiveDate),
    /// A unit of the tree has no state.
    #[error("{0} is in the organisation tree but has no rules or member count")]
    MissingUnit(UnitId),
    /// State or a cell for a unit that is not in the tree.
    #[error("{0} has a {1} but is not in the organisation tree")]
    UnknownUnit(UnitId, &'static str),
    /// A unit's rules are out of range.
    #[error("the rules of {unit} are not valid: {source}")]
    InvalidRules {
        /// The unit.
        unit: UnitId,
        /// What is wrong.
        source: RulesError,
    },
    /// A unit's spent budget is not a number ≥ 0.
    #[error("{unit} has spent {spent} ε, but spending must be a number ≥ 0")]
    InvalidSpent {
        /// The unit.
        unit: UnitId,
        /// The value given.
        spent: f64,
    },
    /// A unit's floors are out of range.
    #[error("the floors kept for {0} are not valid rules (k at most 20, ε and budget above 0)")]
    InvalidFloors(UnitId),
    /// A cell is inconsistent.
    #[error("the cell of {unit} is not consistent: {source}")]
    InvalidCell {
        /// The unit.
        unit: UnitId,
        /// What is wrong.
        source: CellError,
    },
    /// A cell has a dimension the pulse does not list.
    #[error("the cell of {unit} has dimension {dimension:?}, which is not one of the pulse's")]
    UnknownDimension {
        /// The unit.
        unit: UnitId,
        /// The dimension id.
        dimension: String,
    },
    /// The dimension list is not a list of distinct, non-empty ids.
    #[error("the dimension list must hold distinct, non-empty ids; {0:?} is not")]
    InvalidDimension(String),
    /// The random source misbehaved.
    #[error(transparent)]
    BadRandom(#[from] BadRandom),
}

/// How one unit's own members are treated this week. Depends on the tree, the rules, the
/// floors, the member count and the budget spent, never on what anyone answered.
#[derive(Debug, Clone, Copy)]
struct OwnTreatment {
    /// The people who belong to the unit at release time. Respondents can never be more: the
    /// check-ins of people who moved, left or stopped sharing are taken back before.
    members: u64,
    /// The ε of the noise on their figures.
    epsilon: f64,
    /// The k their own group must reach.
    k: u32,
    /// Left out of every figure: noise is required and the budget cannot pay for it.
    withheld: bool,
}

impl OwnTreatment {
    /// Whether the unit's own members are a term at all: someone is there and not left out.
    fn has_data(&self) -> bool {
        self.members > 0 && !self.withheld
    }
}

/// Releases one closed week for the whole organisation: noises every unit's own cell, then
/// applies the k rule and secondary suppression over the tree to the *noisy* counts, and says
/// what each unit's own members spent. Everything released is computed from the noisy own cells
/// and from facts that do not depend on anyone's answers (tree, rules, floors, member counts,
/// budgets), so the whole release is differentially private, show-or-hide included.
///
/// `noise` draws the noise: any uniform source `FnMut() -> f64` returning independent numbers in
/// `[0, 1)` (operating-system randomness in the product, a seeded source in tests), or a
/// [`NoiseSource`] that chooses draws per slot (the adversary harness).
pub fn release_week(
    input: &WeekInput<'_>,
    noise: &mut impl NoiseSource,
) -> Result<WeekRelease, ReleaseError> {
    validate(input)?;
    let until = next_quarter_start(input.week).ok_or(ReleaseError::DateOutOfRange(input.week))?;
    let treatment = treat_own_members(input);
    let own = own_figures(input, &treatment, noise)?;
    let plan = plan_week(input, &treatment, &own);
    let mut subtree = subtree_figures(input, &treatment, &own);

    let mut cells = BTreeMap::new();
    for unit in input.tree.units() {
        let released = match subtree.remove(&unit) {
            Some(figures) if plan.is_shown(unit) => Released::Shown(Box::new(figures.clamped())),
            _ if treatment.get(&unit).is_some_and(|t| t.withheld) => {
                Released::Suppressed(Reason::BudgetSpent { until })
            }
            _ => Released::Suppressed(Reason::Protected),
        };
        cells.insert(unit, released);
    }

    Ok(WeekRelease {
        week: input.week,
        cells,
        spend: spend(input, &treatment, &plan),
    })
}

/// Each unit's own figures, noised once (in unit order, so a seeded source is reproducible).
/// Every unit with members who are not left out is noised, whether anyone answered or not;
/// units with nobody in them, or left out, have none.
fn own_figures(
    input: &WeekInput<'_>,
    treatment: &BTreeMap<UnitId, OwnTreatment>,
    noise: &mut impl NoiseSource,
) -> Result<BTreeMap<UnitId, Figures>, BadRandom> {
    let mut own = BTreeMap::new();
    for (&unit, treat) in treatment {
        if !treat.has_data() {
            continue;
        }
        let mut figures = Figures::from_cell(cell_of(input, unit), treat.members, input.dimensions);
        add_noise(&mut figures, input.week, unit, treat.epsilon, noise)?;
        own.insert(unit, figures);
    }
    Ok(own)
}

/// Every unit's subtree figures, bottom-up: its own figures plus its sub-units' subtree figures,
/// noting units left out for budget.
fn subtree_figures(
    input: &WeekInput<'_>,
    treatment: &BTreeMap<UnitId, OwnTreatment>,
    own: &BTreeMap<UnitId, Figures>,
) -> BTreeMap<UnitId, Figures> {
    let mut subtree: BTreeMap<UnitId, Figures> = BTreeMap::new();
    for unit in input.tree.bottom_up() {
        let mut figures = Figures {
            dimensions: input
                .dimensions
                .iter()
                .map(|id| (id.clone(), Default::default()))
                .collect(),
            ..Figures::default()
        };
        if let Some(own) = own.get(&unit) {
            figures.add(own);
        }
        if treatment.get(&unit).is_some_and(|t| t.withheld) {
            figures.budget_spent.push(unit);
        }
        for child in input.tree.children(unit) {
            if let Some(theirs) = subtree.get(child) {
                figures.add(theirs);
            }
        }
        subtree.insert(unit, figures);
    }
    subtree
}

/// The ε each unit's own members spend: their noise's ε, when at least one shown figure contains
/// them. Units above are not charged again: their figures only add up noisy own cells.
fn spend(
    input: &WeekInput<'_>,
    treatment: &BTreeMap<UnitId, OwnTreatment>,
    plan: &Plan,
) -> Vec<(UnitId, f64)> {
    treatment
        .iter()
        .filter(|(_, treat)| treat.has_data())
        .map(|(&unit, treat)| (unit, treat.epsilon))
        .filter(|&(unit, _)| {
            input
                .tree
                .ancestors_or_self(unit)
                .into_iter()
                .any(|above| plan.is_shown(above))
        })
        .collect()
}

/// A cell with nobody in it, for units without one.
static EMPTY_CELL: OwnCell = OwnCell {
    respondents: 0,
    burnout: NO_MOMENTS,
    rustout: NO_MOMENTS,
    balance: NO_MOMENTS,
    stuck: 0,
    zones: [0; 4],
    dimensions: BTreeMap::new(),
};

const NO_MOMENTS: Moments = Moments {
    n: 0,
    sum: 0.0,
    sum_sq: 0.0,
};

/// The unit's own cell for the week, or an empty one.
fn cell_of<'a>(input: &WeekInput<'a>, unit: UnitId) -> &'a OwnCell {
    input.cells.get(&unit).unwrap_or(&EMPTY_CELL)
}

fn validate(input: &WeekInput<'_>) -> Result<(), ReleaseError> {
    if input.week.weekday() != Weekday::Mon {
        return Err(ReleaseError::NotMonday(input.week));
    }
    let mut seen = BTreeSet::new();
    for id in input.dimensions {
        if id.is_empty() || !seen.insert(id.as_str()) {
            return Err(ReleaseError::InvalidDimension(id.clone()));
        }
    }
    for unit in input.tree.units() {
        if !input.units.contains_key(&unit) {
            return Err(ReleaseError::MissingUnit(unit));
        }
    }
    for (&unit, state) in input.units {
        if !input.tree.contains(unit) {
            return Err(ReleaseError::UnknownUnit(unit, "rules and member count"));
        }
        validate_rules(&state.rules)
            .map_err(|source| ReleaseError::InvalidRules { unit, source })?;
        if !(state.spent.is_finite() && state.spent >= 0.0) {
            return Err(ReleaseError::InvalidSpent {
                unit,
                spent: state.spent,
            });
        }
    }
    for (&unit, floors) in input.floors {
        if !input.tree.contains(unit) {
            return Err(ReleaseError::UnknownUnit(unit, "floors"));
        }
        if floors.k > super::rules::MAX_K
            || floors.epsilon.is_some_and(|e| !(e.is_finite() && e > 0.0))
            || floors
                .quarterly_budget
                .is_some_and(|b| !(b.is_finite() && b > 0.0))
        {
            return Err(ReleaseError::InvalidFloors(unit));
        }
    }
    for (&unit, cell) in input.cells {
        if !input.tree.contains(unit) {
            return Err(ReleaseError::UnknownUnit(unit, "weekly cell"));
        }
        cell.validate()
            .map_err(|source| ReleaseError::InvalidCell { unit, source })?;
        if let Some(dimension) = cell
            .dimensions
            .keys()
            .find(|id| !seen.contains(id.as_str()))
        {
            return Err(ReleaseError::UnknownDimension {
                unit,
                dimension: dimension.clone(),
            });
        }
    }
    Ok(())
}

/// Noise, k and budget per unit. A unit's own members get the strongest noise and smallest
/// budget set on the unit or any unit above it (each of those figures contains them) or kept in
/// its floors, the larger of its k and its floor's k, and are left out of the week when their
/// noise costs more than their budget has left.
fn treat_own_members(input: &WeekInput<'_>) -> BTreeMap<UnitId, OwnTreatment> {
    let mut treatment = BTreeMap::new();
    for (&unit, state) in input.units {
        let floors = input.floors.get(&unit);
        let mut epsilon = floors.and_then(|f| f.epsilon);
        let mut budget = floors.and_then(|f| f.quarterly_budget);
        for above in input.tree.ancestors_or_self(unit) {
            if let Some(rules) = input.units.get(&above).map(|s| s.rules) {
                epsilon = min_option(epsilon, rules.epsilon);
                budget = min_option(budget, rules.quarterly_budget);
            }
        }
        let epsilon = epsilon.unwrap_or(DEFAULT_EPSILON);
        let budget = budget.unwrap_or(DEFAULT_QUARTERLY_BUDGET);
        let withheld = state.members > 0 && epsilon > budget - state.spent + BUDGET_SLACK;
        treatment.insert(
            unit,
            OwnTreatment {
                members: state.members,
                epsilon,
                k: state.rules.k.max(floors.map_or(0, |f| f.k)),
                withheld,
            },
        );
    }
    treatment
}

/// The k each group must reach, then the suppression plan, on the *noisy* respondent counts
/// (never below zero). A subtree's k is the larger of its unit's k and the floors' k of every
/// unit below it with members; an own group's k is its treatment's. A group with fewer members
/// than its k can never reach it and is hidden outright (membership is public, so this tells
/// nothing about answers).
fn plan_week(
    input: &WeekInput<'_>,
    treatment: &BTreeMap<UnitId, OwnTreatment>,
    own_figures: &BTreeMap<UnitId, Figures>,
) -> Plan {
    let rules_k = |unit: UnitId| {
        input
            .units
            .get(&unit)
            .map_or(super::rules::MAX_K, |s| s.rules.k)
    };
    let noisy_respondents = |unit: UnitId| {
        own_figures
            .get(&unit)
            .map_or(0, |f| f.respondents.value.max(0.0).round() as u64)
    };
    let mut own = BTreeMap::new();
    let mut floor_below: BTreeMap<UnitId, u32> = BTreeMap::new();
    let mut members_below: BTreeMap<UnitId, u64> = BTreeMap::new();
    for unit in input.tree.bottom_up() {
        let treat = treatment.get(&unit).filter(|t| t.has_data());
        let own_floor = match treat {
            Some(_) => input.floors.get(&unit).map_or(0, |f| f.k),
            None => 0,
        };
        let own_members = treat.map_or(0, |t| t.members);
        if let Some(treat) = treat {
            own.insert(
                unit,
                Group {
                    respondents: if treat.members >= u64::from(treat.k) {
                        noisy_respondents(unit)
                    } else {
                        0
                    },
                    k: treat.k,
                },
            );
        }
        let children = input.tree.children(unit);
        let children_floor = children
            .iter()
            .filter_map(|child| floor_below.get(child).copied())
            .max()
            .unwrap_or(0);
        let children_members: u64 = children
            .iter()
            .filter_map(|child| members_below.get(child).copied())
            .sum();
        floor_below.insert(unit, own_floor.max(children_floor));
        members_below.insert(unit, own_members + children_members);
    }
    let subtree_k: BTreeMap<UnitId, u32> = floor_below
        .iter()
        .map(|(&unit, &floor)| (unit, rules_k(unit).max(floor)))
        .collect();
    let too_few_members = members_below
        .iter()
        .filter(|&(unit, &members)| members < u64::from(subtree_k[unit]))
        .map(|(&unit, _)| unit)
        .collect();
    plan(input.tree, &own, &subtree_k, &too_few_members)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::privacy::cell::tests::uniform_cell;
    use crate::privacy::noise::tests::seeded;

    fn u(id: i64) -> UnitId {
        UnitId(id)
    }

    fn monday() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 3, 3).expect("date")
    }

    fn state(members: u64) -> UnitState {
        UnitState {
            rules: Rules::default(),
            members,
            spent: 0.0,
        }
    }

    fn dims() -> Vec<String> {
        vec!["growth".to_string()]
    }

    /// 1 (no own members) with teams 2, 3.
    fn two_teams() -> Tree {
        Tree::new([(u(1), None), (u(2), Some(u(1))), (u(3), Some(u(1)))]).expect("tree")
    }

    fn release(
        tree: &Tree,
        units: &BTreeMap<UnitId, UnitState>,
        cells: &BTreeMap<UnitId, OwnCell>,
    ) -> Result<WeekRelease, ReleaseError> {
        let dimensions = dims();
        let input = WeekInput {
            week: monday(),
            tree,
            units,
            cells,
            floors: &BTreeMap::new(),
            dimensions: &dimensions,
        };
        release_week(&input, &mut seeded(1))
    }

    #[test]
    fn every_unit_with_members_is_noised_and_members_come_from_the_tree() {
        let tree = two_teams();
        let units = BTreeMap::from([(u(1), state(0)), (u(2), state(8)), (u(3), state(10))]);
        // Team 3 reports more respondents than members (a stale cell): the member count
        // released is still the tree's, never the respondents'.
        let cells = BTreeMap::from([
            (u(2), uniform_cell(6, 40.0)),
            (u(3), uniform_cell(11, 60.0)),
        ]);
        let week = release(&tree, &units, &cells).expect("released");
        for unit in [u(1), u(2), u(3)] {
            if let Some(f) = week.cells[&unit].figures() {
                assert_eq!(f.epsilon, Some(1.0));
                assert!(f.respondents.noise_var > 0.0);
                assert_eq!(f.respondents.value, f.respondents.value.round());
            }
        }
        if let Some(top) = week.cells[&u(1)].figures() {
            assert_eq!(top.members, 18);
        }
        if let Some(team) = week.cells[&u(3)].figures() {
            assert_eq!(team.members, 10);
            assert!(team.participation().is_some_and(|p| p <= 1.0));
        }
        // Both teams are noised (and charged when shown), whoever answered.
        let charged: Vec<UnitId> = week.spend.iter().map(|(unit, _)| *unit).collect();
        assert!(charged.iter().all(|unit| [u(2), u(3)].contains(unit)));
    }

    #[test]
    fn a_group_with_fewer_members_than_k_is_never_shown() {
        let tree = Tree::new([(u(1), None)]).expect("tree");
        let units = BTreeMap::from([(u(1), state(4))]);
        let cells = BTreeMap::from([(u(1), uniform_cell(4, 40.0))]);
        let dimensions = dims();
        for seed in 0..200 {
            let input = WeekInput {
                week: monday(),
                tree: &tree,
                units: &units,
                cells: &cells,
                floors: &BTreeMap::new(),
                dimensions: &dimensions,
            };
            let week = release_week(&input, &mut seeded(seed)).expect("released");
            assert_eq!(week.cells[&u(1)], Released::Suppressed(Reason::Protected));
        }
    }

    #[test]
    fn an_unknown_cell_or_bad_input_is_refused() {
        let tree = two_teams();
        let units = BTreeMap::from([(u(1), state(0)), (u(2), state(8)), (u(3), state(10))]);
        let cells = BTreeMap::from([(u(9), uniform_cell(6, 40.0))]);
        assert_eq!(
            release(&tree, &units, &cells),
            Err(ReleaseError::UnknownUnit(u(9), "weekly cell"))
        );

        let mut missing = units.clone();
        missing.remove(&u(3));
        assert_eq!(
            release(&tree, &missing, &BTreeMap::new()),
            Err(ReleaseError::MissingUnit(u(3)))
        );

        let mut bad_rules = units.clone();
        bad_rules.insert(
            u(2),
            UnitState {
                rules: Rules {
                    k: 2,
                    ..Rules::default()
                },
                ..state(8)
            },
        );
        assert!(matches!(
            release(&tree, &bad_rules, &BTreeMap::new()),
            Err(ReleaseError::InvalidRules { .. })
        ));

        let mut cell = uniform_cell(6, 40.0);
        cell.dimensions.insert("mystery".into(), Default::default());
        assert!(matches!(
            release(&tree, &units, &BTreeMap::from([(u(2), cell)])),
            Err(ReleaseError::UnknownDimension { .. })
        ));

        let tuesday = monday().succ_opt().expect("date");
        let dimensions = dims();
        let input = WeekInput {
            week: tuesday,
            tree: &tree,
            units: &units,
            cells: &BTreeMap::new(),
            floors: &BTreeMap::new(),
            dimensions: &dimensions,
        };
        assert_eq!(
            release_week(&input, &mut seeded(1)),
            Err(ReleaseError::NotMonday(tuesday))
        );
        let input = WeekInput {
            week: monday(),
            ..input
        };
        // Noise is always drawn for units with members: a broken source is refused.
        assert_eq!(
            release_week(&input, &mut || 2.0),
            Err(ReleaseError::BadRandom(BadRandom(2.0)))
        );
    }

    fn noisy(members: u64, epsilon: f64, budget: f64, spent: f64) -> UnitState {
        UnitState {
            rules: Rules {
                k: 5,
                epsilon: Some(epsilon),
                quarterly_budget: Some(budget),
            },
            members,
            spent,
        }
    }

    #[test]
    fn noise_set_on_a_parent_covers_every_member_below_and_costs_each_unit_once() {
        let tree = two_teams();
        let units = BTreeMap::from([
            (u(1), noisy(0, 0.5, 7.0, 0.0)),
            (u(2), state(20)),
            (u(3), state(20)),
        ]);
        let cells = BTreeMap::from([
            (u(2), uniform_cell(15, 40.0)),
            (u(3), uniform_cell(18, 60.0)),
        ]);
        let week = release(&tree, &units, &cells).expect("released");
        for unit in [u(1), u(2), u(3)] {
            let figures = week.cells[&unit].figures().expect("shown");
            assert_eq!(figures.epsilon, Some(0.5));
            assert!(figures.respondents.noise_var > 0.0);
        }
        // Parent = sum of its parts, noise included.
        let top = week.cells[&u(1)].figures().expect("shown");
        let a = week.cells[&u(2)].figures().expect("shown");
        let b = week.cells[&u(3)].figures().expect("shown");
        let sum = a.burnout.sum.value + b.burnout.sum.value;
        assert!((top.burnout.sum.value - sum).abs() < 1e-6);
        assert_eq!(week.spend, vec![(u(2), 0.5), (u(3), 0.5)]);
    }

    #[test]
    fn the_random_source_is_checked_when_noise_is_drawn() {
        let tree = two_teams();
        let units = BTreeMap::from([
            (u(1), noisy(0, 0.5, 7.0, 0.0)),
            (u(2), state(20)),
            (u(3), state(20)),
        ]);
        let dimensions = dims();
        let input = WeekInput {
            week: monday(),
            tree: &tree,
            units: &units,
            cells: &BTreeMap::new(),
            floors: &BTreeMap::new(),
            dimensions: &dimensions,
        };
        assert_eq!(
            release_week(&input, &mut || 1.5),
            Err(ReleaseError::BadRandom(BadRandom(1.5)))
        );
    }

    #[test]
    fn a_spent_budget_leaves_the_unit_out_until_next_quarter() {
        let tree = two_teams();
        let units = BTreeMap::from([
            (u(1), state(0)),
            (u(2), noisy(20, 1.0, 4.0, 3.5)),
            (u(3), state(20)),
        ]);
        let cells = BTreeMap::from([
            (u(2), uniform_cell(15, 40.0)),
            (u(3), uniform_cell(18, 60.0)),
        ]);
        let week = release(&tree, &units, &cells).expect("released");
        let until = NaiveDate::from_ymd_opt(2025, 4, 1).expect("date");
        assert_eq!(
            week.cells[&u(2)],
            Released::Suppressed(Reason::BudgetSpent { until })
        );
        // The parent shows team 3 only (when it is shown), and says who is left out; only
        // team 3 is charged.
        if let Some(top) = week.cells[&u(1)].figures() {
            assert_eq!(top.members, 20);
            assert_eq!(top.budget_spent, vec![u(2)]);
        }
        assert!(week.spend.iter().all(|(unit, _)| *unit == u(3)));
    }

    #[test]
    fn floors_kept_from_earlier_rules_hold_after_the_rules_loosen() {
        let tree = two_teams();
        let loose = UnitState {
            rules: Rules {
                k: 5,
                epsilon: Some(4.0),
                quarterly_budget: Some(56.0),
            },
            members: 20,
            spent: 0.0,
        };
        let units = BTreeMap::from([(u(1), state(0)), (u(2), loose), (u(3), state(20))]);
        let cells = BTreeMap::from([
            (u(2), uniform_cell(15, 40.0)),
            (u(3), uniform_cell(18, 60.0)),
        ]);
        let floors = BTreeMap::from([(
            u(2),
            Rules {
                k: 8,
                epsilon: Some(0.8),
                quarterly_budget: Some(10.0),
            },
        )]);
        let dimensions = dims();
        let input = WeekInput {
            week: monday(),
            tree: &tree,
            units: &units,
            cells: &cells,
            floors: &floors,
            dimensions: &dimensions,
        };
        let week = release_week(&input, &mut seeded(1)).expect("released");
        let charged: BTreeMap<UnitId, f64> = week.spend.iter().copied().collect();
        assert!(charged.get(&u(2)).is_none_or(|&e| e == 0.8), "{charged:?}");
        if let Some(f) = week.cells[&u(2)].figures() {
            assert_eq!(f.epsilon, Some(0.8));
        }
    }

    #[test]
    fn nothing_is_charged_when_no_figure_containing_the_unit_is_shown() {
        let tree = Tree::new([(u(1), None)]).expect("tree");
        let units = BTreeMap::from([(u(1), noisy(6, 1.0, 13.0, 0.0))]);
        let cells = BTreeMap::from([(u(1), uniform_cell(3, 40.0))]);
        let week = release(&tree, &units, &cells).expect("released");
        assert_eq!(week.cells[&u(1)], Released::Suppressed(Reason::Protected));
        assert!(week.spend.is_empty());
    }

    #[test]
    fn the_release_round_trips_through_json_for_freezing() {
        let tree = two_teams();
        let units = BTreeMap::from([(u(1), state(0)), (u(2), state(20)), (u(3), state(3))]);
        let cells = BTreeMap::from([
            (u(2), uniform_cell(15, 40.0)),
            (u(3), uniform_cell(2, 60.0)),
        ]);
        let week = release(&tree, &units, &cells).expect("released");
        let json = serde_json::to_string(&week).expect("serializable");
        let back: WeekRelease = serde_json::from_str(&json).expect("deserializable");
        assert_eq!(back.cells.len(), week.cells.len());
        assert_eq!(back.spend, week.spend);

        // With noise the numbers are not integers; they still come back (to the last digit or so).
        let units = BTreeMap::from([
            (u(1), noisy(0, 0.5, 7.0, 0.0)),
            (u(2), state(20)),
            (u(3), state(20)),
        ]);
        let cells = BTreeMap::from([
            (u(2), uniform_cell(15, 40.0)),
            (u(3), uniform_cell(18, 60.0)),
        ]);
        let week = release(&tree, &units, &cells).expect("released");
        let json = serde_json::to_string(&week).expect("serializable");
        let back: WeekRelease = serde_json::from_str(&json).expect("deserializable");
        assert_eq!(back.spend, week.spend);
        let (a, b) = (
            back.cells[&u(1)].figures().expect("shown"),
            week.cells[&u(1)].figures().expect("shown"),
        );
        assert!((a.burnout.sum.value - b.burnout.sum.value).abs() < 1e-9);
        assert_eq!(a.epsilon, b.epsilon);
    }
}
