//! The privacy rules of a unit (k, noise, budget), how they are checked, and how they combine.
//!
//! Noise is always on: a set of rules without ε is refused. Against a viewer who knows the other
//! answers in a shown group (because they made the accounts, or simply know their colleagues),
//! no rule about group sizes protects the last person; only noise does (`docs/privacy.md`).
//!
//! Rules are frozen with the data: before a change takes effect, every week that has ended is
//! released under the rules it was collected under, and the rules in force so far are kept as
//! the open week's *floors* (per unit, written by the change, never by a check-in, so they say
//! nothing about who answered). The release of a week applies the strictest of its floors and
//! the rules in force at release. So a change always applies in full to data given afterwards,
//! and data given before keeps the strictest of the old and the new rules.

use super::tree::{Tree, UnitId};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use thiserror::Error;

/// The smallest k an admin may set.
pub const MIN_K: u32 = 3;
/// The largest k an admin may set.
pub const MAX_K: u32 = 20;
/// k for a new unit.
pub const DEFAULT_K: u32 = 5;
/// The largest ε per weekly release. Beyond it the noise is too small to protect anyone.
pub const MAX_EPSILON: f64 = 10.0;
/// The smallest ε per weekly release: below it no group of any size can be shown usefully.
pub const MIN_EPSILON: f64 = 0.1;
/// ε per weekly release for a new unit.
pub const DEFAULT_EPSILON: f64 = 1.0;
/// The quarterly budget of a new unit: every weekly release of a quarter (a quarter has at most
/// 14 Mondays) at the default ε.
pub const DEFAULT_QUARTERLY_BUDGET: f64 = 14.0 * DEFAULT_EPSILON;
/// The largest quarterly ε budget. A quarter has at most 14 weekly releases, so with the largest
/// ε no budget above this can ever run out.
pub const MAX_QUARTERLY_BUDGET: f64 = 14.0 * MAX_EPSILON;

/// The privacy rules of one unit. They govern that unit's figure: it is shown only when its noisy
/// respondent count reaches `k`, with noise at `epsilon` or stronger drawn for every member below
/// it (see the module docs of [`crate::privacy`]). `epsilon` and `quarterly_budget` are options
/// only so that old stored rules can be read; [`validate_rules`] refuses rules without them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Rules {
    /// Minimum distinct respondents for a figure to be shown, in `MIN_K..=MAX_K`.
    pub k: u32,
    /// ε per weekly release, in `MIN_EPSILON..=MAX_EPSILON`.
    pub epsilon: Option<f64>,
    /// ε a unit's members may spend per calendar quarter, in `[epsilon, MAX_QUARTERLY_BUDGET]`.
    pub quarterly_budget: Option<f64>,
}

impl Default for Rules {
    /// k = 5, ε = 1 per week, a quarterly budget of 14.
    fn default() -> Self {
        Rules {
            k: DEFAULT_K,
            epsilon: Some(DEFAULT_EPSILON),
            quarterly_budget: Some(DEFAULT_QUARTERLY_BUDGET),
        }
    }
}

/// What is wrong with a set of rules.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum RulesError {
    /// k outside the allowed range.
    #[error("k = {0} is not allowed: k must be between {MIN_K} and {MAX_K} respondents")]
    KOutOfRange(u32),
    /// ε not a number in the allowed range.
    #[error("ε = {0} is not allowed: ε must be between {MIN_EPSILON} and {MAX_EPSILON}")]
    EpsilonOutOfRange(f64),
    /// No ε: noise cannot be switched off.
    #[error(
        "noise cannot be switched off: without it, anyone who knows the other answers in a shown \
         group learns the last one exactly; set ε between {MIN_EPSILON} and {MAX_EPSILON} and a \
         quarterly budget"
    )]
    NoiseRequired,
    /// Noise without a budget.
    #[error("noise (ε = {0}) needs a quarterly budget; set one of at least ε")]
    NoiseWithoutBudget(f64),
    /// A budget without noise.
    #[error("a quarterly budget ({0}) only makes sense with noise; set ε too, or drop the budget")]
    BudgetWithoutNoise(f64),
    /// Budget outside its range.
    #[error(
        "a quarterly budget of {budget} is not allowed with ε = {epsilon}: it must be at least ε \
         and at most {MAX_QUARTERLY_BUDGET}"
    )]
    BudgetOutOfRange {
        /// The budget given.
        budget: f64,
        /// The ε it goes with.
        epsilon: f64,
    },
}

/// Checks one set of rules against the allowed ranges.
pub fn validate_rules(rules: &Rules) -> Result<(), RulesError> {
    if !(MIN_K..=MAX_K).contains(&rules.k) {
        return Err(RulesError::KOutOfRange(rules.k));
    }
    match (rules.epsilon, rules.quarterly_budget) {
        (None, None) => Err(RulesError::NoiseRequired),
        (None, Some(budget)) => Err(RulesError::BudgetWithoutNoise(budget)),
        (Some(epsilon), budget) => {
            if !(epsilon.is_finite() && (MIN_EPSILON..=MAX_EPSILON).contains(&epsilon)) {
                return Err(RulesError::EpsilonOutOfRange(epsilon));
            }
            let budget = budget.ok_or(RulesError::NoiseWithoutBudget(epsilon))?;
            if !(budget.is_finite() && budget >= epsilon && budget <= MAX_QUARTERLY_BUDGET) {
                return Err(RulesError::BudgetOutOfRange { budget, epsilon });
            }
            Ok(())
        }
    }
}

/// The effect of a rules change, for the admin page to state before saving.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RulesChange {
    /// The rules check-ins given from now on are treated under: the new rules.
    pub future_data: Rules,
    /// At least this strict for check-ins given before the change: the strictest of old and new.
    /// (Older data may be stricter still, if it was given under even stricter rules.)
    pub past_data: Rules,
    /// Whether the new rules are looser than the old in any respect, so that the change only
    /// reaches data given from now on.
    pub relaxes: bool,
}

/// Checks a change of a unit's rules. Every valid `new` is allowed: it applies to data given from
/// now on, while data given before keeps the strictest of `old` and `new` (the store enforces this
/// with the floors it keeps per cell). The result says what the change does, so it can be shown.
pub fn validate_rules_change(old: &Rules, new: &Rules) -> Result<RulesChange, RulesError> {
    validate_rules(new)?;
    let past_data = strictest(old, new);
    Ok(RulesChange {
        future_data: *new,
        past_data,
        relaxes: past_data != *new,
    })
}

/// The strictest combination of two sets of rules: the larger k, the smaller ε (noise beats no
/// noise) and the smaller budget.
pub fn strictest(a: &Rules, b: &Rules) -> Rules {
    Rules {
        k: a.k.max(b.k),
        epsilon: min_option(a.epsilon, b.epsilon),
        quarterly_budget: min_option(a.quarterly_budget, b.quarterly_budget),
    }
}

/// The smaller of two optional values, where any value beats `None`.
pub(crate) fn min_option(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

/// The rules a member of `unit` gives a check-in under, to show on the check-in page and record
/// with the check-in: the unit's own k, and the strongest noise and smallest budget set on the
/// unit or any unit above it (a unit's noise covers every figure that contains it, so it must be
/// drawn for every member below). `None` when the unit, or a unit above it, has no rules.
pub fn rules_in_force(tree: &Tree, rules: &BTreeMap<UnitId, Rules>, unit: UnitId) -> Option<Rules> {
    let chain = tree.ancestors_or_self(unit);
    let own = rules.get(chain.first()?)?;
    let mut in_force = *own;
    for above in &chain[1..] {
        let theirs = rules.get(above)?;
        in_force.epsilon = min_option(in_force.epsilon, theirs.epsilon);
        in_force.quarterly_budget = min_option(in_force.quarterly_budget, theirs.quarterly_budget);
    }
    Some(in_force)
}

/// The first day of the calendar quarter a week is charged to: the quarter its Monday is in.
pub fn quarter_start(day: NaiveDate) -> Option<NaiveDate> {
    let first_month = (day.month0() / 3) * 3 + 1;
    NaiveDate::from_ymd_opt(day.year(), first_month, 1)
}

/// The first day of the calendar quarter after the one `day` is in: when a spent budget is
/// available again.
pub fn next_quarter_start(day: NaiveDate) -> Option<NaiveDate> {
    let next_month0 = (day.month0() / 3) * 3 + 3;
    let (year, month) = if next_month0 >= 12 {
        (day.year().checked_add(1)?, 1)
    } else {
        (day.year(), next_month0 + 1)
    };
    NaiveDate::from_ymd_opt(year, month, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(k: u32, epsilon: Option<f64>, budget: Option<f64>) -> Rules {
        Rules {
            k,
            epsilon,
            quarterly_budget: budget,
        }
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn noisy(k: u32) -> Rules {
        rules(k, Some(1.0), Some(14.0))
    }

    #[test]
    fn default_is_k5_with_noise_and_valid() {
        assert_eq!(Rules::default(), rules(5, Some(1.0), Some(14.0)));
        assert_eq!(validate_rules(&Rules::default()), Ok(()));
    }

    #[test]
    fn noise_cannot_be_switched_off() {
        assert_eq!(
            validate_rules(&rules(5, None, None)),
            Err(RulesError::NoiseRequired)
        );
        let message = RulesError::NoiseRequired.to_string();
        assert!(message.contains("cannot be switched off"), "{message}");
    }

    #[test]
    fn k_must_be_within_3_to_20() {
        assert_eq!(validate_rules(&noisy(3)), Ok(()));
        assert_eq!(validate_rules(&noisy(20)), Ok(()));
        assert_eq!(validate_rules(&noisy(2)), Err(RulesError::KOutOfRange(2)));
        assert_eq!(validate_rules(&noisy(21)), Err(RulesError::KOutOfRange(21)));
    }

    #[test]
    fn epsilon_and_budget_come_together_in_range() {
        assert_eq!(validate_rules(&rules(5, Some(1.0), Some(13.0))), Ok(()));
        assert_eq!(validate_rules(&rules(5, Some(1.0), Some(1.0))), Ok(()));
        for bad in [0.0, 0.05, -1.0, f64::NAN, f64::INFINITY, MAX_EPSILON + 0.1] {
            assert!(matches!(
                validate_rules(&rules(5, Some(bad), Some(20.0))),
                Err(RulesError::EpsilonOutOfRange(_))
            ));
        }
        assert_eq!(
            validate_rules(&rules(5, Some(1.0), None)),
            Err(RulesError::NoiseWithoutBudget(1.0))
        );
        assert_eq!(
            validate_rules(&rules(5, None, Some(3.0))),
            Err(RulesError::BudgetWithoutNoise(3.0))
        );
        assert!(matches!(
            validate_rules(&rules(5, Some(1.0), Some(0.5))),
            Err(RulesError::BudgetOutOfRange { .. })
        ));
        assert!(matches!(
            validate_rules(&rules(5, Some(1.0), Some(f64::NAN))),
            Err(RulesError::BudgetOutOfRange { .. })
        ));
    }

    #[test]
    fn errors_say_what_is_allowed() {
        let message = RulesError::KOutOfRange(2).to_string();
        assert!(message.contains("between 3 and 20"), "{message}");
    }

    #[test]
    fn lowering_k_is_allowed_but_past_data_keeps_the_higher_k() {
        let change = validate_rules_change(&noisy(8), &noisy(5)).expect("a valid change");
        assert_eq!(change.future_data.k, 5);
        assert_eq!(change.past_data.k, 8);
        assert!(change.relaxes);
    }

    #[test]
    fn weakening_noise_or_raising_the_budget_keeps_the_old_for_past_data() {
        let change = validate_rules_change(&rules(5, Some(0.5), Some(6.0)), &noisy(5))
            .expect("a valid change");
        assert_eq!(change.past_data.epsilon, Some(0.5));
        assert_eq!(change.past_data.quarterly_budget, Some(6.0));
        assert!(change.relaxes);
    }

    #[test]
    fn tightening_is_not_a_relaxation() {
        let change = validate_rules_change(&noisy(5), &rules(7, Some(0.5), Some(7.0)))
            .expect("a valid change");
        assert_eq!(change.past_data, rules(7, Some(0.5), Some(7.0)));
        assert!(!change.relaxes);
    }

    #[test]
    fn an_invalid_new_rule_is_refused() {
        assert_eq!(
            validate_rules_change(&Rules::default(), &noisy(1)),
            Err(RulesError::KOutOfRange(1))
        );
    }

    #[test]
    fn rules_in_force_take_noise_from_above_and_k_from_the_unit() {
        let tree = Tree::new([
            (UnitId(1), None),
            (UnitId(2), Some(UnitId(1))),
            (UnitId(3), Some(UnitId(2))),
        ])
        .expect("tree");
        let mut all = BTreeMap::new();
        all.insert(UnitId(1), rules(10, Some(0.5), Some(7.0)));
        all.insert(UnitId(2), rules(4, Some(1.0), Some(13.0)));
        all.insert(UnitId(3), rules(3, None, None));
        assert_eq!(
            rules_in_force(&tree, &all, UnitId(3)),
            Some(rules(3, Some(0.5), Some(7.0)))
        );
        all.remove(&UnitId(1));
        assert_eq!(rules_in_force(&tree, &all, UnitId(3)), None);
        assert_eq!(rules_in_force(&tree, &all, UnitId(9)), None);
    }

    #[test]
    fn quarters_start_on_the_first_of_january_april_july_october() {
        assert_eq!(quarter_start(date(2025, 2, 17)), Some(date(2025, 1, 1)));
        assert_eq!(quarter_start(date(2025, 6, 30)), Some(date(2025, 4, 1)));
        assert_eq!(quarter_start(date(2025, 7, 1)), Some(date(2025, 7, 1)));
        assert_eq!(
            next_quarter_start(date(2025, 2, 17)),
            Some(date(2025, 4, 1))
        );
        assert_eq!(
            next_quarter_start(date(2025, 12, 29)),
            Some(date(2026, 1, 1))
        );
        assert_eq!(next_quarter_start(NaiveDate::MAX), None);
    }
}
