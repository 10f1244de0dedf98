//! Releasing one closed week for the whole organisation at once.
//!
//! [`release_week`] is run once per week, after the week has ended; the store freezes its result
//! and every figure a leader ever sees is built from these frozen weekly cells only.

use super::cell::{CellError, Moments, OwnCell};
use super::figures::{Figures, Reason, Released};
use super::noise::{BadRandom, add_noise};
use super::rules::{Rules, RulesError, min_option, next_quarter_start, validate_rules};
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

/// How one unit's own members are treated this week.
#[derive(Debug, Clone, Copy)]
struct OwnTreatment {
    /// Members counted: at least the respondents (someone may have left after checking in).
    members: u64,
    /// The ε of the noise on their figures, if any.
    epsilon: Option<f64>,
    /// Left out of every figure: noise is required and the budget cannot pay for it.
    withheld: bool,
}

impl OwnTreatment {
    /// Whether the unit's own members are a term at all: someone is there and not left out.
    fn has_data(&self) -> bool {
        self.members > 0 && !self.withheld
    }
}

/// Releases one closed week for the whole organisation: applies the k rule and secondary
/// suppression over the tree, adds noise where the rules ask for it, and says what each unit's
/// own members spent. `uniform` must return independent uniform numbers in `[0, 1)` (the caller
/// passes operating-system randomness; tests pass a seeded source).
pub fn release_week(
    input: &WeekInput<'_>,
    uniform: &mut impl FnMut() -> f64,
) -> Result<WeekRelease, ReleaseError> {
    validate(input)?;
    let until = next_quarter_start(input.week).ok_or(ReleaseError::DateOutOfRange(input.week))?;
    let treatment = treat_own_members(input);
    let plan = plan_week(input, &treatment);

    let own = own_figures(input, &treatment, uniform)?;
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

/// Each unit's own figures, noised once where its members' rules ask for it (in unit order, so a
/// seeded source is reproducible). Units with nobody in them, or left out, have none.
fn own_figures(
    input: &WeekInput<'_>,
    treatment: &BTreeMap<UnitId, OwnTreatment>,
    uniform: &mut impl FnMut() -> f64,
) -> Result<BTreeMap<UnitId, Figures>, BadRandom> {
    let mut own = BTreeMap::new();
    for (&unit, treat) in treatment {
        if !treat.has_data() {
            continue;
        }
        let mut figures = Figures::from_cell(cell_of(input, unit), treat.members, input.dimensions);
        if let Some(epsilon) = treat.epsilon {
            add_noise(&mut figures, epsilon, uniform)?;
        }
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
        .filter_map(|(&unit, treat)| Some((unit, treat.epsilon?)))
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
    k_floor: 0,
    epsilon_floor: None,
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

/// Noise and budget per unit. A unit's own members get the strongest noise set on the unit or
/// any unit above it (each of those figures contains them) or promised when they checked in, and
/// are left out of the week when that noise costs more than the smallest budget above them has
/// left.
fn treat_own_members(input: &WeekInput<'_>) -> BTreeMap<UnitId, OwnTreatment> {
    let mut treatment = BTreeMap::new();
    for (&unit, state) in input.units {
        let cell = cell_of(input, unit);
        let mut epsilon = cell.epsilon_floor;
        let mut budget = None;
        for above in input.tree.ancestors_or_self(unit) {
            if let Some(rules) = input.units.get(&above).map(|s| s.rules) {
                epsilon = min_option(epsilon, rules.epsilon);
                budget = min_option(budget, rules.quarterly_budget);
            }
        }
        let members = state.members.max(cell.respondents);
        let withheld = members > 0
            && match (epsilon, budget) {
                (Some(epsilon), Some(budget)) => epsilon > budget - state.spent + BUDGET_SLACK,
                _ => false,
            };
        treatment.insert(
            unit,
            OwnTreatment {
                members,
                epsilon,
                withheld,
            },
        );
    }
    treatment
}

/// The k each group must reach, then the suppression plan. A subtree's k is the larger of its
/// unit's k and the strictest k any contribution in it was given under; an own group's k is the
/// larger of its unit's k and its own contributions' strictest k.
fn plan_week(input: &WeekInput<'_>, treatment: &BTreeMap<UnitId, OwnTreatment>) -> Plan {
    let rules_k = |unit: UnitId| {
        input
            .units
            .get(&unit)
            .map_or(super::rules::MAX_K, |s| s.rules.k)
    };
    let mut own = BTreeMap::new();
    let mut floor_below: BTreeMap<UnitId, u32> = BTreeMap::new();
    for unit in input.tree.bottom_up() {
        let cell = cell_of(input, unit);
        let has_data = treatment.get(&unit).is_some_and(OwnTreatment::has_data);
        let own_floor = if has_data && cell.respondents > 0 {
            cell.k_floor
        } else {
            0
        };
        if has_data {
            own.insert(
                unit,
                Group {
                    respondents: cell.respondents,
                    k: rules_k(unit).max(own_floor),
                },
            );
        }
        let children_floor = input
            .tree
            .children(unit)
            .iter()
            .filter_map(|child| floor_below.get(child).copied())
            .max()
            .unwrap_or(0);
        floor_below.insert(unit, own_floor.max(children_floor));
    }
    let subtree_k = floor_below
        .iter()
        .map(|(&unit, &floor)| (unit, rules_k(unit).max(floor)))
        .collect();
    plan(input.tree, &own, &subtree_k)
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
            dimensions: &dimensions,
        };
        release_week(&input, &mut seeded(1))
    }

    #[test]
    fn exact_release_sums_subtrees_and_reports_participation() {
        let tree = two_teams();
        let units = BTreeMap::from([(u(1), state(0)), (u(2), state(8)), (u(3), state(10))]);
        let cells = BTreeMap::from([(u(2), uniform_cell(6, 40.0)), (u(3), uniform_cell(5, 60.0))]);
        let week = release(&tree, &units, &cells).expect("released");
        let top = week.cells[&u(1)].figures().expect("shown");
        assert_eq!(top.respondents.value, 11.0);
        assert_eq!(top.members, 18);
        assert_eq!(top.burnout.sum.value, 6.0 * 40.0 + 5.0 * 60.0);
        assert_eq!(top.epsilon, None);
        assert_eq!(
            week.cells[&u(3)].figures().map(|f| f.participation()),
            Some(Some(0.5))
        );
        assert!(week.spend.is_empty());
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
        // No noise asked for: the source is never used.
        assert!(release_week(&input, &mut || 2.0).is_ok());
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
        // The parent shows team 3 only, and says who is left out.
        let top = week.cells[&u(1)].figures().expect("shown");
        assert_eq!(top.respondents.value, 18.0);
        assert_eq!(top.budget_spent, vec![u(2)]);
        assert_eq!(top.epsilon, None);
        assert!(week.spend.is_empty());
    }

    #[test]
    fn noise_promised_at_check_in_stays_after_noise_is_switched_off() {
        let tree = two_teams();
        let units = BTreeMap::from([(u(1), state(0)), (u(2), state(20)), (u(3), state(20))]);
        let mut promised = uniform_cell(15, 40.0);
        promised.epsilon_floor = Some(0.8);
        let cells = BTreeMap::from([(u(2), promised), (u(3), uniform_cell(18, 60.0))]);
        let week = release(&tree, &units, &cells).expect("released");
        assert_eq!(
            week.cells[&u(2)].figures().and_then(|f| f.epsilon),
            Some(0.8)
        );
        assert_eq!(
            week.cells[&u(1)].figures().and_then(|f| f.epsilon),
            Some(0.8)
        );
        assert_eq!(week.cells[&u(3)].figures().and_then(|f| f.epsilon), None);
        assert_eq!(week.spend, vec![(u(2), 0.8)]);
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
        assert_eq!(back, week);

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
