//! What a release holds: a unit's figures for a week, or the reason they are not shown.
//!
//! The types make the rule visible: a suppressed cell is a [`Reason`] and nothing else — no
//! count, no sum, not even whether it had too few respondents or was hidden to protect another
//! group (telling those apart would itself narrow a hidden group down; see `docs/privacy.md`).

use super::cell::{BALANCE_MAX, Moments, OwnCell, SCORE_MAX};
use super::tree::UnitId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The 95 % point of the standard normal distribution, one-sided: a noisy figure is within
/// `Z90 · sd` of the true one nine times in ten. For Laplace noise and sums of Laplace noise this
/// normal approximation slightly overstates the 90 % range, so "±x at 90 %" is on the safe side.
pub const Z90: f64 = 1.645;

/// One released number and the variance of the noise added to it (0 when exact).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Value {
    /// The figure as released (noise included).
    pub value: f64,
    /// Variance of the added noise; 0 for an exact figure.
    pub noise_var: f64,
}

impl Value {
    /// An exact figure.
    pub fn exact(value: f64) -> Value {
        Value {
            value,
            noise_var: 0.0,
        }
    }

    /// The sum of two independently noised figures.
    pub fn plus(self, other: Value) -> Value {
        Value {
            value: self.value + other.value,
            noise_var: self.noise_var + other.noise_var,
        }
    }

    /// Half-width of the range the true figure lies in nine times in ten, given the noise
    /// (0 when exact).
    pub fn margin90(&self) -> f64 {
        Z90 * self.noise_var.max(0.0).sqrt()
    }

    fn at_least_zero(self) -> Value {
        Value {
            value: self.value.max(0.0),
            ..self
        }
    }
}

/// Count and sum of one measure as released (no sum of squares: see [`crate::privacy::shift`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Sums {
    /// How many values.
    pub n: Value,
    /// Their sum.
    pub sum: Value,
}

/// A mean with the 90 % range of the noise in it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Mean {
    /// The mean, kept inside the measure's scale.
    pub value: f64,
    /// ± this at 90 % from the added noise (0 when exact). Sampling error is not included: see
    /// [`crate::privacy::shift`] for change judged against both.
    pub margin90: f64,
}

impl Sums {
    fn exact(moments: &Moments) -> Sums {
        Sums {
            n: Value::exact(moments.n as f64),
            sum: Value::exact(moments.sum),
        }
    }

    fn plus(self, other: Sums) -> Sums {
        Sums {
            n: self.n.plus(other.n),
            sum: self.sum.plus(other.sum),
        }
    }

    /// The mean kept within `[low, high]`, and the noise in it (delta method:
    /// var ≈ (var(sum) + mean² · var(n)) / n²). `None` when there is less than one value.
    pub fn mean(&self, low: f64, high: f64) -> Option<Mean> {
        let n = self.n.value;
        if !(n.is_finite() && n >= 1.0 && self.sum.value.is_finite()) {
            return None;
        }
        let value = (self.sum.value / n).clamp(low, high);
        let noise_var = (self.sum.noise_var + value * value * self.n.noise_var) / (n * n);
        let margin90 = Z90 * noise_var.max(0.0).sqrt();
        margin90.is_finite().then_some(Mean { value, margin90 })
    }

    fn at_least_zero(self, sum_too: bool) -> Sums {
        Sums {
            n: self.n.at_least_zero(),
            sum: if sum_too {
                self.sum.at_least_zero()
            } else {
                self.sum
            },
        }
    }
}

/// The figures of one unit's whole subtree for one week (or, summed, for a window of weeks).
/// Counts are numbers rather than integers because noise may have been added.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Figures {
    /// Distinct respondents (in a window: check-ins, one per person and week).
    pub respondents: Value,
    /// People who belong to the units included when the week is released (in a window: summed
    /// over its weeks). Not noised: who belongs to a unit is known to its leader anyway, and it
    /// never depends on who answered (check-ins of people who moved, left or stopped sharing are
    /// taken back before the release).
    pub members: u64,
    /// Burnout index B (0–100).
    pub burnout: Sums,
    /// Rust-out index R (0–100).
    pub rustout: Sums,
    /// Challenge balance C (−100…100).
    pub balance: Sums,
    /// "I feel stuck" flags.
    pub stuck: Value,
    /// Respondents per zone: thriving, burnout, rustout, both.
    pub zones: [Value; 4],
    /// Dimension id → sums of its 0–100 scores.
    pub dimensions: BTreeMap<String, Sums>,
    /// The smallest ε of the noise in these figures (every released figure carries noise; `None`
    /// only in figures built by hand, never in a release).
    pub epsilon: Option<f64>,
    /// Units in this subtree whose own members are left out of these figures because their
    /// noise budget for the quarter is spent.
    pub budget_spent: Vec<UnitId>,
}

impl Figures {
    /// The exact figures of one unit's own cell, with every listed dimension present.
    pub(crate) fn from_cell(cell: &OwnCell, members: u64, dimensions: &[String]) -> Figures {
        let count = |c: u64| Value::exact(c as f64);
        Figures {
            respondents: count(cell.respondents),
            members,
            burnout: Sums::exact(&cell.burnout),
            rustout: Sums::exact(&cell.rustout),
            balance: Sums::exact(&cell.balance),
            stuck: count(cell.stuck),
            zones: cell.zones.map(count),
            dimensions: dimensions
                .iter()
                .map(|id| {
                    let moments = cell.dimensions.get(id).copied().unwrap_or_default();
                    (id.clone(), Sums::exact(&moments))
                })
                .collect(),
            epsilon: None,
            budget_spent: Vec::new(),
        }
    }

    /// Adds another group's figures (a sub-unit, or another week) to these.
    pub fn add(&mut self, other: &Figures) {
        self.respondents = self.respondents.plus(other.respondents);
        self.members += other.members;
        self.burnout = self.burnout.plus(other.burnout);
        self.rustout = self.rustout.plus(other.rustout);
        self.balance = self.balance.plus(other.balance);
        self.stuck = self.stuck.plus(other.stuck);
        for (mine, theirs) in self.zones.iter_mut().zip(other.zones) {
            *mine = mine.plus(theirs);
        }
        for (id, theirs) in &other.dimensions {
            let mine = self.dimensions.entry(id.clone()).or_default();
            *mine = mine.plus(*theirs);
        }
        self.epsilon = super::rules::min_option(self.epsilon, other.epsilon);
        self.budget_spent.extend_from_slice(&other.budget_spent);
        self.budget_spent.sort_unstable();
        self.budget_spent.dedup();
    }

    /// Noise can push a count below zero; a released count never is. (Applied to a released
    /// figure, after summing, so the noise of the parts is not biased.)
    pub(crate) fn clamped(mut self) -> Figures {
        self.respondents = self.respondents.at_least_zero();
        self.burnout = self.burnout.at_least_zero(true);
        self.rustout = self.rustout.at_least_zero(true);
        self.balance = self.balance.at_least_zero(false);
        self.stuck = self.stuck.at_least_zero();
        self.zones = self.zones.map(Value::at_least_zero);
        for sums in self.dimensions.values_mut() {
            *sums = sums.at_least_zero(true);
        }
        self
    }

    /// Mean B.
    pub fn burnout_mean(&self) -> Option<Mean> {
        self.burnout.mean(0.0, SCORE_MAX)
    }

    /// Mean R.
    pub fn rustout_mean(&self) -> Option<Mean> {
        self.rustout.mean(0.0, SCORE_MAX)
    }

    /// Mean C.
    pub fn balance_mean(&self) -> Option<Mean> {
        self.balance.mean(-BALANCE_MAX, BALANCE_MAX)
    }

    /// Respondents as a share of members, 0–1. `None` without members.
    pub fn participation(&self) -> Option<f64> {
        (self.members > 0).then(|| (self.respondents.value / self.members as f64).clamp(0.0, 1.0))
    }
}

/// Why a cell is not shown. Carries no count and does not say whether the group was too small
/// itself or hidden to protect a smaller one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Reason {
    /// Too few respondents, or showing it would let a group with too few be worked out.
    Protected,
    /// The unit's own members' noise budget for the quarter is spent; figures return on `until`.
    BudgetSpent {
        /// The first day of the next quarter.
        until: NaiveDate,
    },
}

impl Reason {
    /// The reason in plain words, for the dashboard.
    pub fn describe(&self) -> String {
        match self {
            Reason::Protected => "Not shown: too few people answered to show this group without \
                                  risk of pointing at someone."
                .to_string(),
            Reason::BudgetSpent { until } => format!(
                "Not shown: this unit's privacy budget for the quarter is spent. Figures return \
                 on {until}."
            ),
        }
    }
}

/// One unit's release for one week: its figures, or why they are not shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Released {
    /// The figures of the unit's subtree (boxed: a suppressed cell is tiny).
    Shown(Box<Figures>),
    /// Not shown, and why.
    Suppressed(Reason),
}

impl Released {
    /// The figures, when shown.
    pub fn figures(&self) -> Option<&Figures> {
        match self {
            Released::Shown(figures) => Some(figures),
            Released::Suppressed(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::privacy::cell::tests::uniform_cell;

    #[test]
    fn a_suppressed_cell_serializes_without_any_number() {
        let json =
            serde_json::to_string(&Released::Suppressed(Reason::Protected)).expect("serializable");
        assert_eq!(json, r#"{"suppressed":{"reason":"protected"}}"#);
        let until = NaiveDate::from_ymd_opt(2025, 4, 1).expect("date");
        let json = serde_json::to_string(&Released::Suppressed(Reason::BudgetSpent { until }))
            .expect("serializable");
        assert_eq!(
            json,
            r#"{"suppressed":{"reason":"budget_spent","until":"2025-04-01"}}"#
        );
    }

    #[test]
    fn shown_figures_round_trip_through_json() {
        let figures = Figures::from_cell(&uniform_cell(6, 40.0), 8, &["growth".to_string()]);
        let released = Released::Shown(Box::new(figures));
        let json = serde_json::to_string(&released).expect("serializable");
        let back: Released = serde_json::from_str(&json).expect("deserializable");
        assert_eq!(back, released);
    }

    #[test]
    fn means_participation_and_margins() {
        let figures = Figures::from_cell(&uniform_cell(6, 40.0), 8, &[]);
        let mean = figures.burnout_mean().expect("a mean");
        assert_eq!(mean.value, 40.0);
        assert_eq!(mean.margin90, 0.0);
        assert_eq!(figures.participation(), Some(0.75));
        assert_eq!(Figures::default().burnout_mean(), None);
        assert_eq!(Figures::default().participation(), None);

        let noisy = Sums {
            n: Value {
                value: 10.0,
                noise_var: 0.0,
            },
            sum: Value {
                value: 400.0,
                noise_var: 100.0,
            },
        };
        let mean = noisy.mean(0.0, 100.0).expect("a mean");
        assert!((mean.margin90 - Z90 * 1.0).abs() < 1e-12);
    }

    #[test]
    fn clamping_keeps_counts_and_score_sums_at_zero_or_above_but_not_balance() {
        let mut figures = Figures::default();
        figures.respondents.value = -2.0;
        figures.zones[3].value = -0.5;
        figures.burnout.sum.value = -30.0;
        figures.balance.sum.value = -30.0;
        let clamped = figures.clamped();
        assert_eq!(clamped.respondents.value, 0.0);
        assert_eq!(clamped.zones[3].value, 0.0);
        assert_eq!(clamped.burnout.sum.value, 0.0);
        assert_eq!(clamped.balance.sum.value, -30.0);
    }
}
