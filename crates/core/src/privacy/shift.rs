//! Honest change for a group: has the mean of B, R or C really moved between two windows, or is
//! the difference within what a group this size (and the noise added to it) would show anyway?
//!
//! A Welch-style comparison of two means from the released moments only (n, sum, sum of
//! squares). Three choices keep it honest for small teams:
//! - The same people answer week after week, so a window of w weeks with n check-ins holds about
//!   n / w people, not n independent answers; the standard error uses n / w. (This overstates the
//!   error a little when people change; it never understates it.)
//! - With noise, the spread is taken at the upper end of what the noisy sum of squares allows
//!   (its estimate plus 1.645 noise standard deviations), never above the largest spread the
//!   scale allows; and the noise in each mean is added to its variance.
//! - A shift is real only when the difference exceeds 1.96 standard errors; otherwise the answer
//!   is "no clear change", which is a finding in its own right.

use super::cell::{BALANCE_MAX, SCORE_MAX};
use super::figures::{Sums, Z90};
use super::summary::WindowStats;
use crate::trend::Direction;
use serde::{Deserialize, Serialize};

/// The two-sided 95 % point of the standard normal distribution.
pub const SHIFT_CRITICAL: f64 = 1.96;

/// Which mean to compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    /// Burnout index B, 0–100.
    Burnout,
    /// Rust-out index R, 0–100.
    Rustout,
    /// Challenge balance C, −100…100.
    Balance,
}

/// The verdict on a change of a group's mean between two windows.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Shift {
    /// The mean moved by more than the group's size and noise explain.
    Real {
        /// Rising or falling.
        direction: Direction,
        /// After minus before, in points.
        difference: f64,
        /// 1.96 standard errors of the difference, in points: what chance alone could produce.
        margin: f64,
    },
    /// The difference is within `margin` points: it could be chance.
    NoClearChange {
        /// 1.96 standard errors of the difference, in points.
        margin: f64,
    },
    /// A window has no shown week, or too few answers to judge spread.
    NotEnoughData,
}

/// One window's mean and the variance of that mean.
struct Side {
    mean: f64,
    variance_of_mean: f64,
}

/// Compares the mean of `measure` in two released windows of the same unit (they should not
/// overlap).
pub fn shift(before: &WindowStats, after: &WindowStats, measure: Measure) -> Shift {
    let (Some(a), Some(b)) = (side(before, measure), side(after, measure)) else {
        return Shift::NotEnoughData;
    };
    let difference = b.mean - a.mean;
    let margin = SHIFT_CRITICAL * (a.variance_of_mean + b.variance_of_mean).sqrt();
    if !(difference.is_finite() && margin.is_finite()) {
        return Shift::NotEnoughData;
    }
    if difference.abs() > margin {
        let direction = if difference > 0.0 {
            Direction::Rising
        } else {
            Direction::Falling
        };
        Shift::Real {
            direction,
            difference,
            margin,
        }
    } else {
        Shift::NoClearChange { margin }
    }
}

fn side(stats: &WindowStats, measure: Measure) -> Option<Side> {
    let totals = stats.totals.as_ref()?;
    let weeks = stats.shown.len().max(1) as f64;
    let (sums, low, high): (&Sums, f64, f64) = match measure {
        Measure::Burnout => (&totals.burnout, 0.0, SCORE_MAX),
        Measure::Rustout => (&totals.rustout, 0.0, SCORE_MAX),
        Measure::Balance => (&totals.balance, -BALANCE_MAX, BALANCE_MAX),
    };
    let n = sums.n.value;
    let people = n / weeks;
    if !(n.is_finite() && people >= 2.0) {
        return None;
    }
    let mean = sums.mean(low, high)?;
    let spread = spread(sums, n, (high - low) / 2.0);
    let noise_var = (sums.sum.noise_var + mean.value * mean.value * sums.n.noise_var) / (n * n);
    let variance_of_mean = spread / people + noise_var;
    variance_of_mean.is_finite().then_some(Side {
        mean: mean.value,
        variance_of_mean,
    })
}

/// The sample variance from the moments, at its upper 95 % bound when noised, within
/// `[0, largest possible]`.
fn spread(sums: &Sums, n: f64, half_range: f64) -> f64 {
    let largest = half_range * half_range * n / (n - 1.0);
    let estimate = (sums.sum_sq.value - sums.sum.value * sums.sum.value / n) / (n - 1.0);
    let noisy = sums.n.noise_var > 0.0 || sums.sum.noise_var > 0.0 || sums.sum_sq.noise_var > 0.0;
    let estimate = if noisy {
        estimate + Z90 * sums.sum_sq.noise_var.sqrt() / (n - 1.0)
    } else {
        estimate
    };
    if estimate.is_finite() {
        estimate.clamp(0.0, largest)
    } else {
        largest
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::privacy::figures::{Figures, Value};
    use crate::privacy::summary::ShownWeek;
    use chrono::NaiveDate;

    /// A window of `weeks` shown weeks, each with `n` check-ins of B with this mean and SD.
    fn window(weeks: u32, n: u64, mean: f64, sd: f64) -> WindowStats {
        let nf = n as f64;
        let figures = Figures {
            respondents: Value::exact(nf),
            members: n,
            burnout: Sums {
                n: Value::exact(nf),
                sum: Value::exact(nf * mean),
                sum_sq: Value::exact((nf - 1.0) * sd * sd + nf * mean * mean),
            },
            ..Figures::default()
        };
        let mut stats = WindowStats::default();
        for w in 0..weeks {
            let week = NaiveDate::from_ymd_opt(2025, 1, 6).expect("date")
                + chrono::Days::new(7 * u64::from(w));
            stats.shown.push(ShownWeek {
                week,
                figures: figures.clone(),
            });
            match &mut stats.totals {
                Some(totals) => totals.add(&figures),
                None => stats.totals = Some(figures.clone()),
            }
        }
        stats
    }

    #[test]
    fn a_large_move_in_a_decent_group_is_real() {
        let before = window(4, 12, 35.0, 10.0);
        let after = window(4, 12, 55.0, 10.0);
        match shift(&before, &after, Measure::Burnout) {
            Shift::Real {
                direction,
                difference,
                margin,
            } => {
                assert_eq!(direction, Direction::Rising);
                assert!((difference - 20.0).abs() < 1e-9);
                // 48 check-ins from 12 people: spread from the moments (n − 1 = 47), divided by
                // the 12 people, on each side.
                let spread = 4400.0 / 47.0;
                assert!((margin - 1.96 * (2.0 * spread / 12.0f64).sqrt()).abs() < 1e-9);
            }
            other => panic!("expected a real shift, got {other:?}"),
        }
        assert!(matches!(
            shift(&after, &before, Measure::Burnout),
            Shift::Real {
                direction: Direction::Falling,
                ..
            }
        ));
    }

    #[test]
    fn a_small_move_in_a_small_team_is_no_clear_change() {
        let before = window(4, 5, 40.0, 15.0);
        let after = window(4, 5, 47.0, 15.0);
        assert!(matches!(
            shift(&before, &after, Measure::Burnout),
            Shift::NoClearChange { margin } if margin > 7.0
        ));
    }

    #[test]
    fn more_weeks_of_the_same_people_do_not_count_as_more_people() {
        // 5 people over 12 weeks is 60 check-ins, but still 5 people: the 7-point move stays
        // unclear.
        let before = window(12, 5, 40.0, 15.0);
        let after = window(12, 5, 47.0, 15.0);
        assert!(matches!(
            shift(&before, &after, Measure::Burnout),
            Shift::NoClearChange { .. }
        ));
    }

    #[test]
    fn noise_widens_the_margin() {
        let before = window(1, 12, 35.0, 10.0);
        let after = window(1, 12, 55.0, 10.0);
        assert!(matches!(
            shift(&before, &after, Measure::Burnout),
            Shift::Real { .. }
        ));
        let mut noisy = after.clone();
        if let Some(totals) = &mut noisy.totals {
            totals.burnout.sum.noise_var = 2.0 * 800.0f64.powi(2);
            totals.burnout.sum_sq.noise_var = 2.0 * 250_000.0f64.powi(2);
        }
        assert!(matches!(
            shift(&before, &noisy, Measure::Burnout),
            Shift::NoClearChange { .. }
        ));
    }

    #[test]
    fn without_shown_weeks_or_spread_there_is_not_enough_data() {
        let empty = WindowStats::default();
        let some = window(2, 8, 40.0, 10.0);
        assert_eq!(shift(&empty, &some, Measure::Burnout), Shift::NotEnoughData);
        assert_eq!(shift(&some, &empty, Measure::Rustout), Shift::NotEnoughData);
        // No balance answers at all: n = 0.
        assert_eq!(shift(&some, &some, Measure::Balance), Shift::NotEnoughData);
    }

    #[test]
    fn garbage_in_never_gives_nan() {
        let mut bad = window(2, 8, 40.0, 10.0);
        if let Some(totals) = &mut bad.totals {
            totals.burnout.sum_sq.value = f64::NAN;
        }
        let good = window(2, 8, 60.0, 10.0);
        match shift(&bad, &good, Measure::Burnout) {
            Shift::Real {
                margin, difference, ..
            } => {
                assert!(margin.is_finite() && difference.is_finite())
            }
            Shift::NoClearChange { margin } => assert!(margin.is_finite()),
            Shift::NotEnoughData => {}
        }
    }

    #[test]
    fn verdicts_serialize_with_a_tag() {
        let json = serde_json::to_string(&Shift::NoClearChange { margin: 4.5 }).expect("json");
        assert_eq!(json, r#"{"verdict":"no_clear_change","margin":4.5}"#);
    }
}
