//! One unit's own weekly sums, as the store keeps them: the input of a release. Never per person.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use thiserror::Error;

/// Highest score of B, R and every dimension (they run 0–100).
pub const SCORE_MAX: f64 = 100.0;
/// Largest magnitude of the challenge balance C (it runs −100…100).
pub const BALANCE_MAX: f64 = 100.0;
/// Slack for floating-point sums when checking that a sum is within its range.
const SLACK: f64 = 1e-6;

/// Count, sum and sum of squares of one measure over a group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Moments {
    /// How many values were added.
    pub n: u64,
    /// Their sum.
    pub sum: f64,
    /// The sum of their squares.
    pub sum_sq: f64,
}

/// The sums of one unit's own members for one week (sub-units not included), built from the
/// latest shared check-in of each person received in that week. Mirrors the store's `Cell`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OwnCell {
    /// Distinct respondents.
    pub respondents: u64,
    /// Burnout index B; `n` equals `respondents`.
    pub burnout: Moments,
    /// Rust-out index R; `n` equals `respondents`.
    pub rustout: Moments,
    /// Challenge balance C, from those whose check-in had one.
    pub balance: Moments,
    /// Respondents who said they feel stuck.
    pub stuck: u64,
    /// Respondents per zone, in the order thriving, burnout, rustout, both.
    pub zones: [u64; 4],
    /// Dimension id → its moments (0–100 scores).
    pub dimensions: BTreeMap<String, Moments>,
}

/// What is inconsistent in a cell.
#[derive(Debug, Clone, PartialEq, Error)]
#[error("{field}: {problem}")]
pub struct CellError {
    /// The field at fault, e.g. `burnout.sum` or `dimensions.growth.n`.
    pub field: String,
    /// What is wrong and what is allowed.
    pub problem: String,
}

fn problem(field: impl Into<String>, problem: impl Into<String>) -> CellError {
    CellError {
        field: field.into(),
        problem: problem.into(),
    }
}

impl OwnCell {
    /// Checks that the cell could have come from real check-ins: counts agree, and every sum lies
    /// in the range its scores allow. The noise is calibrated to those ranges, so a cell outside
    /// them must not be released.
    pub fn validate(&self) -> Result<(), CellError> {
        let n = self.respondents;
        let zone_total: u64 = self.zones.iter().sum();
        if zone_total != n {
            return Err(problem(
                "zones",
                format!("the zone counts add up to {zone_total}, but there are {n} respondents"),
            ));
        }
        if self.stuck > n {
            return Err(problem(
                "stuck",
                format!("{} stuck flags, more than the {n} respondents", self.stuck),
            ));
        }
        for (name, moments) in [("burnout", &self.burnout), ("rustout", &self.rustout)] {
            if moments.n != n {
                return Err(problem(
                    format!("{name}.n"),
                    format!(
                        "{} values, but every one of the {n} respondents has one",
                        moments.n
                    ),
                ));
            }
            check_moments(name, moments, 0.0, SCORE_MAX)?;
        }
        check_count_at_most("balance.n", self.balance.n, n)?;
        check_moments("balance", &self.balance, -BALANCE_MAX, BALANCE_MAX)?;
        for (id, moments) in &self.dimensions {
            let name = format!("dimensions.{id}");
            check_count_at_most(&format!("{name}.n"), moments.n, n)?;
            check_moments(&name, moments, 0.0, SCORE_MAX)?;
        }
        Ok(())
    }
}

fn check_count_at_most(field: &str, count: u64, respondents: u64) -> Result<(), CellError> {
    if count > respondents {
        return Err(problem(
            field,
            format!("{count} values, more than the {respondents} respondents"),
        ));
    }
    Ok(())
}

/// The sum must lie in `[n·low, n·high]` and the sum of squares in `[0, n·max(low², high²)]`.
fn check_moments(name: &str, moments: &Moments, low: f64, high: f64) -> Result<(), CellError> {
    let n = moments.n as f64;
    let slack = SLACK * (1.0 + n);
    let (sum_low, sum_high) = (n * low - slack, n * high + slack);
    if !(moments.sum.is_finite() && moments.sum >= sum_low && moments.sum <= sum_high) {
        return Err(problem(
            format!("{name}.sum"),
            format!(
                "{} is outside what {} values between {low} and {high} can add up to",
                moments.sum, moments.n
            ),
        ));
    }
    let square_high = n * low.powi(2).max(high.powi(2)) + slack;
    if !(moments.sum_sq.is_finite() && moments.sum_sq >= -slack && moments.sum_sq <= square_high) {
        return Err(problem(
            format!("{name}.sum_sq"),
            format!(
                "{} is outside what the squares of {} values between {low} and {high} can add \
                 up to",
                moments.sum_sq, moments.n
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A consistent cell of `n` respondents who all answered `score` (B and R), balance 0, in
    /// the thriving zone, with one dimension.
    pub(crate) fn uniform_cell(n: u64, score: f64) -> OwnCell {
        let moments = Moments {
            n,
            sum: score * n as f64,
            sum_sq: score * score * n as f64,
        };
        OwnCell {
            respondents: n,
            burnout: moments,
            rustout: moments,
            balance: Moments {
                n,
                sum: 0.0,
                sum_sq: 0.0,
            },
            stuck: 0,
            zones: [n, 0, 0, 0],
            dimensions: BTreeMap::from([("growth".to_string(), moments)]),
        }
    }

    #[test]
    fn a_consistent_cell_passes() {
        assert_eq!(uniform_cell(6, 42.0).validate(), Ok(()));
        assert_eq!(OwnCell::default().validate(), Ok(()));
    }

    #[test]
    fn inconsistent_counts_are_refused_with_the_field_named() {
        let mut cell = uniform_cell(6, 42.0);
        cell.zones = [5, 0, 0, 0];
        assert_eq!(cell.validate().map_err(|e| e.field), Err("zones".into()));

        let mut cell = uniform_cell(6, 42.0);
        cell.stuck = 7;
        assert_eq!(cell.validate().map_err(|e| e.field), Err("stuck".into()));

        let mut cell = uniform_cell(6, 42.0);
        cell.burnout.n = 5;
        assert_eq!(
            cell.validate().map_err(|e| e.field),
            Err("burnout.n".into())
        );
    }

    #[test]
    fn sums_outside_the_score_range_are_refused() {
        let mut cell = uniform_cell(2, 50.0);
        cell.rustout.sum = 201.0;
        assert_eq!(
            cell.validate().map_err(|e| e.field),
            Err("rustout.sum".into())
        );

        let mut cell = uniform_cell(2, 50.0);
        cell.balance.sum = -250.0;
        assert_eq!(
            cell.validate().map_err(|e| e.field),
            Err("balance.sum".into())
        );

        let mut cell = uniform_cell(2, 50.0);
        cell.dimensions.insert(
            "growth".into(),
            Moments {
                n: 2,
                sum: 100.0,
                sum_sq: f64::NAN,
            },
        );
        assert_eq!(
            cell.validate().map_err(|e| e.field),
            Err("dimensions.growth.sum_sq".into())
        );
    }
}
