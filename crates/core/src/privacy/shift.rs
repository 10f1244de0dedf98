//! Honest change for a group: has the mean of B, R or C really moved between two windows, or is
//! the difference within what a group this size (and the noise added to it) would show anyway?
//!
//! The test reads the weekly series itself. Each shown week gives one released mean; the same
//! people answer week after week, so what varies from week to week is their week-to-week change
//! plus the noise of that week's release, and both show up in how much the weekly means scatter
//! around their window's mean. So:
//! - each window's level is the average of its shown weekly means;
//! - the variance of one weekly mean is the pooled scatter of the weekly means around their own
//!   window's level (the degrees of freedom are the shown weeks minus two), and never less than
//!   the noise variance the release recorded for those weeks (known exactly);
//! - the difference is **real** only when it exceeds the two-sided 95 % point of Student's t for
//!   those degrees of freedom times its standard error; otherwise it is "no clear change".
//!
//! A per-week series needs no sum of squares (whose noise would swamp a small group's) and makes
//! no assumption about how much people differ from each other: a stable difference between two
//! people cancels out of a comparison of the same group over time.

use super::cell::{BALANCE_MAX, SCORE_MAX};
use super::figures::Sums;
use super::summary::WindowStats;
use crate::trend::Direction;
use serde::{Deserialize, Serialize};

/// The two-sided 95 % point of the standard normal distribution: Student's t for many degrees
/// of freedom.
pub const SHIFT_CRITICAL: f64 = 1.96;

/// The two-sided 95 % point of Student's t with 1 to 30 degrees of freedom.
const T_975: [f64; 30] = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
    2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
    2.052, 2.048, 2.045, 2.042,
];

/// Student's t two-sided 95 % point for `df` ≥ 1 degrees of freedom (beyond 30, 1.96 + 2.37/df,
/// within 0.002 of the true value).
pub fn t_critical(df: usize) -> f64 {
    match df {
        0 => f64::INFINITY,
        1..=30 => T_975[df - 1],
        _ => SHIFT_CRITICAL + 2.37 / df as f64,
    }
}

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
    /// The mean moved by more than the group's week-to-week scatter and noise explain.
    Real {
        /// Rising or falling.
        direction: Direction,
        /// After minus before, in points.
        difference: f64,
        /// What chance alone could produce, in points (t₉₇.₅ standard errors).
        margin: f64,
    },
    /// The difference is within `margin` points: it could be chance.
    NoClearChange {
        /// What chance alone could produce, in points.
        margin: f64,
    },
    /// A window has no shown week, or there are fewer than three shown weeks in all.
    NotEnoughData,
}

/// One window's shown weekly means and the noise variance of each.
struct Series {
    means: Vec<f64>,
    noise_vars: Vec<f64>,
}

impl Series {
    fn level(&self) -> f64 {
        self.means.iter().sum::<f64>() / self.means.len() as f64
    }

    fn scatter(&self) -> f64 {
        let level = self.level();
        self.means.iter().map(|m| (m - level) * (m - level)).sum()
    }
}

/// Compares the mean of `measure` in two released windows of the same unit (they should not
/// overlap).
pub fn shift(before: &WindowStats, after: &WindowStats, measure: Measure) -> Shift {
    let (a, b) = (series(before, measure), series(after, measure));
    if a.means.is_empty() || b.means.is_empty() {
        return Shift::NotEnoughData;
    }
    let df = a.means.len() + b.means.len() - 2;
    if df == 0 {
        return Shift::NotEnoughData;
    }
    let pooled = (a.scatter() + b.scatter()) / df as f64;
    let noise_vars: Vec<f64> = a.noise_vars.iter().chain(&b.noise_vars).copied().collect();
    let noise = noise_vars.iter().sum::<f64>() / noise_vars.len() as f64;
    let weekly = pooled.max(noise);
    let variance = weekly * (1.0 / a.means.len() as f64 + 1.0 / b.means.len() as f64);
    let difference = b.level() - a.level();
    let margin = t_critical(df) * variance.sqrt();
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

fn series(stats: &WindowStats, measure: Measure) -> Series {
    let mut series = Series {
        means: Vec::new(),
        noise_vars: Vec::new(),
    };
    for week in &stats.shown {
        let f = &week.figures;
        let (sums, low, high): (&Sums, f64, f64) = match measure {
            Measure::Burnout => (&f.burnout, 0.0, SCORE_MAX),
            Measure::Rustout => (&f.rustout, 0.0, SCORE_MAX),
            Measure::Balance => (&f.balance, -BALANCE_MAX, BALANCE_MAX),
        };
        let Some(mean) = sums.mean(low, high) else {
            continue;
        };
        let n = sums.n.value;
        let noise_var = (sums.sum.noise_var + mean.value * mean.value * sums.n.noise_var) / (n * n);
        if mean.value.is_finite() && noise_var.is_finite() {
            series.means.push(mean.value);
            series.noise_vars.push(noise_var.max(0.0));
        }
    }
    series
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::privacy::figures::{Figures, Value};
    use crate::privacy::summary::ShownWeek;
    use chrono::NaiveDate;

    /// A window of shown weeks with these mean B values, `n` check-ins each, and this noise
    /// variance on each week's B sum.
    fn window(means: &[f64], n: u64, sum_noise_var: f64) -> WindowStats {
        let nf = n as f64;
        let mut stats = WindowStats::default();
        for (w, &mean) in means.iter().enumerate() {
            let figures = Figures {
                respondents: Value::exact(nf),
                members: n,
                burnout: Sums {
                    n: Value::exact(nf),
                    sum: Value {
                        value: nf * mean,
                        noise_var: sum_noise_var,
                    },
                },
                ..Figures::default()
            };
            let week = NaiveDate::from_ymd_opt(2025, 1, 6).expect("date")
                + chrono::Days::new(7 * w as u64);
            stats.shown.push(ShownWeek {
                week,
                figures: figures.clone(),
            });
            match &mut stats.totals {
                Some(totals) => totals.add(&figures),
                None => stats.totals = Some(figures),
            }
        }
        stats
    }

    #[test]
    fn a_clear_move_against_a_steady_series_is_real() {
        let before = window(&[35.0, 36.0, 34.0, 35.0], 12, 0.0);
        let after = window(&[55.0, 54.0, 56.0, 55.0], 12, 0.0);
        match shift(&before, &after, Measure::Burnout) {
            Shift::Real {
                direction,
                difference,
                margin,
            } => {
                assert_eq!(direction, Direction::Rising);
                assert!((difference - 20.0).abs() < 1e-9);
                // Pooled scatter (2 + 2) / 6, times 1/4 + 1/4, times t₆ = 2.447.
                let expected = 2.447 * ((4.0 / 6.0) * 0.5f64).sqrt();
                assert!((margin - expected).abs() < 1e-9, "{margin} vs {expected}");
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
    fn a_move_within_the_weekly_scatter_is_no_clear_change() {
        let before = window(&[30.0, 50.0, 35.0, 45.0], 8, 0.0);
        let after = window(&[48.0, 38.0, 55.0, 42.0], 8, 0.0);
        assert!(matches!(
            shift(&before, &after, Measure::Burnout),
            Shift::NoClearChange { margin } if margin > 10.0
        ));
    }

    #[test]
    fn noise_recorded_in_the_release_widens_the_margin() {
        let before = window(&[35.0, 35.0, 35.0], 8, 0.0);
        let after = window(&[55.0, 55.0, 55.0], 8, 0.0);
        assert!(matches!(
            shift(&before, &after, Measure::Burnout),
            Shift::Real { .. }
        ));
        // Sum noise of sd 400 is a weekly mean noise of sd 50 for 8 people: a 20-point move is
        // within what noise alone makes, even though these weeks happen to agree.
        let before = window(&[35.0, 35.0, 35.0], 8, 400.0 * 400.0);
        let after = window(&[55.0, 55.0, 55.0], 8, 400.0 * 400.0);
        assert!(matches!(
            shift(&before, &after, Measure::Burnout),
            Shift::NoClearChange { margin } if margin > 20.0
        ));
    }

    #[test]
    fn too_few_shown_weeks_is_not_enough_data() {
        let empty = WindowStats::default();
        let one = window(&[40.0], 8, 0.0);
        let two = window(&[40.0, 41.0], 8, 0.0);
        assert_eq!(shift(&empty, &two, Measure::Burnout), Shift::NotEnoughData);
        assert_eq!(shift(&two, &empty, Measure::Rustout), Shift::NotEnoughData);
        assert_eq!(shift(&one, &one, Measure::Burnout), Shift::NotEnoughData);
        assert!(matches!(
            shift(&one, &two, Measure::Burnout),
            Shift::NoClearChange { .. } | Shift::Real { .. }
        ));
        // No balance answers at all: n = 0 every week.
        assert_eq!(shift(&two, &two, Measure::Balance), Shift::NotEnoughData);
    }

    #[test]
    fn garbage_in_never_gives_nan() {
        let mut bad = window(&[40.0, 41.0], 8, 0.0);
        bad.shown[0].figures.burnout.sum.value = f64::NAN;
        bad.shown[1].figures.burnout.sum.noise_var = f64::INFINITY;
        let good = window(&[60.0, 61.0], 8, 0.0);
        match shift(&bad, &good, Measure::Burnout) {
            Shift::Real {
                margin, difference, ..
            } => assert!(margin.is_finite() && difference.is_finite()),
            Shift::NoClearChange { margin } => assert!(margin.is_finite()),
            Shift::NotEnoughData => {}
        }
    }

    #[test]
    fn t_points_fall_towards_the_normal_one() {
        assert_eq!(t_critical(6), 2.447);
        assert!(t_critical(0).is_infinite());
        let mut last = t_critical(1);
        for df in 2..200 {
            let t = t_critical(df);
            assert!(t <= last && t > SHIFT_CRITICAL, "{df}: {t}");
            last = t;
        }
        assert!((t_critical(60) - 2.000).abs() < 0.002);
        assert!((t_critical(120) - 1.980).abs() < 0.002);
    }

    #[test]
    fn verdicts_serialize_with_a_tag() {
        let json = serde_json::to_string(&Shift::NoClearChange { margin: 4.5 }).expect("json");
        assert_eq!(json, r#"{"verdict":"no_clear_change","margin":4.5}"#);
    }
}
