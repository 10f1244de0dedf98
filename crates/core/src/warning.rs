//! Early warning: an EWMA of a pulse index against the person's own baseline (DESIGN §2.3).
//!
//! The baseline is where the person started, not a population norm: rust-out "creeps in" and goes
//! unnoticed, so a slow rise from someone's own starting point matters even while the score is
//! still in the low band. An exponentially weighted moving average (EWMA) smooths week-to-week
//! wobble so one bad week does not raise an alarm, while a sustained change still shows within a
//! few weeks.

use crate::{Band, Index};
use serde::{Deserialize, Serialize};

/// What an early warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// The smoothed index has moved into a higher band than the baseline's.
    BandCrossing,
    /// The smoothed index has stayed well above the baseline for several check-ins.
    Drift,
}

/// One early warning for one index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    /// Band crossing or drift.
    pub kind: WarningKind,
    /// The index warned about: burnout or rust-out.
    pub index: Index,
    /// Plain, kind words for the person; never a diagnosis.
    pub message: String,
    /// The person's baseline: the mean of their first check-ins.
    pub baseline: f64,
    /// The latest smoothed (EWMA) value.
    pub current: f64,
    /// How many consecutive check-ins, up to the latest, the condition has held.
    pub weeks: u32,
}

/// Tuning of the early warning. [`Default`] gives the values the product ships with.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WarningConfig {
    /// EWMA weight of the newest value, in (0, 1]. Higher reacts faster and smooths less.
    pub lambda: f64,
    /// How many of the first values make the baseline; at least 1.
    pub baseline_points: usize,
    /// How far above the baseline, in index points, the EWMA must sit to count as drift; > 0.
    pub drift_margin: f64,
    /// For how many consecutive check-ins the drift must hold before it warns; at least 1.
    pub drift_weeks: usize,
    /// Scores at or above this are in the moderate band.
    pub thresholds_moderate: f64,
    /// Scores at or above this are in the high band; above `thresholds_moderate`.
    pub thresholds_high: f64,
}

impl Default for WarningConfig {
    /// - `lambda` 0.3: the usual choice for EWMA charts meant to catch small, sustained shifts
    ///   (0.2–0.3); the newest week counts for 30 %, and a week's weight halves in about two weeks,
    ///   so one odd week is damped while a real shift shows within three or four check-ins.
    /// - `baseline_points` 4: about a month of weekly pulses, enough to average out a single odd
    ///   week, short enough that a person gets warnings in their second month.
    /// - `drift_margin` 10 points: the width of the moderate band (40–50), and more than the
    ///   smoothed wobble of a steady person, so a drift this large is a real change in how things feel.
    /// - `drift_weeks` 3: three weeks in a row rules out a single hard week or a holiday, while
    ///   still catching the slow creep of rust-out within a month.
    /// - `thresholds_moderate` 40 and `thresholds_high` 50: the shipped instruments' bands, after the
    ///   Burnout Assessment Tool's "at risk" (about 2.6 of 5) and "severe" (about 3.0 of 5) cut-offs.
    fn default() -> Self {
        WarningConfig {
            lambda: 0.3,
            baseline_points: 4,
            drift_margin: 10.0,
            drift_weeks: 3,
            thresholds_moderate: 40.0,
            thresholds_high: 50.0,
        }
    }
}

/// What is wrong with a [`WarningConfig`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WarningConfigError {
    /// `lambda` outside (0, 1].
    #[error("warning config: lambda is {0}, but it must be greater than 0 and at most 1")]
    Lambda(f64),
    /// `baseline_points` is zero.
    #[error("warning config: baseline_points is 0, but the baseline needs at least 1 point")]
    BaselinePoints,
    /// `drift_margin` not a positive finite number.
    #[error("warning config: drift_margin is {0}, but it must be a finite number above 0")]
    DriftMargin(f64),
    /// `drift_weeks` is zero.
    #[error("warning config: drift_weeks is 0, but drift must hold for at least 1 check-in")]
    DriftWeeks,
    /// Thresholds not finite or not increasing.
    #[error(
        "warning config: thresholds are moderate {moderate} and high {high}, but both must be \
         finite and moderate must be below high"
    )]
    Thresholds {
        /// The moderate threshold given.
        moderate: f64,
        /// The high threshold given.
        high: f64,
    },
}

impl WarningConfig {
    /// Checks every field against the range documented on it.
    pub fn validate(&self) -> Result<(), WarningConfigError> {
        if !(self.lambda > 0.0 && self.lambda <= 1.0) {
            return Err(WarningConfigError::Lambda(self.lambda));
        }
        if self.baseline_points == 0 {
            return Err(WarningConfigError::BaselinePoints);
        }
        if !(self.drift_margin.is_finite() && self.drift_margin > 0.0) {
            return Err(WarningConfigError::DriftMargin(self.drift_margin));
        }
        if self.drift_weeks == 0 {
            return Err(WarningConfigError::DriftWeeks);
        }
        let (moderate, high) = (self.thresholds_moderate, self.thresholds_high);
        if !(moderate.is_finite() && high.is_finite() && moderate < high) {
            return Err(WarningConfigError::Thresholds { moderate, high });
        }
        Ok(())
    }

    /// The band of a 0–100 value under these thresholds.
    pub fn band(&self, value: f64) -> Band {
        if value >= self.thresholds_high {
            Band::High
        } else if value >= self.thresholds_moderate {
            Band::Moderate
        } else {
            Band::Low
        }
    }
}

/// `series` = one index's pulse values, oldest first. Returns warnings for that index (at most one
/// of each kind).
///
/// The baseline is the mean of the first `baseline_points` values; the EWMA starts there
/// (z₀ = baseline) and runs over the values after them: zₜ = λ·xₜ + (1−λ)·zₜ₋₁. No warnings when
/// the series is shorter than `baseline_points + 1`, for indices other than burnout and rust-out,
/// or when `cfg` fails [`WarningConfig::validate`] (validate it where it is loaded). Non-finite
/// values are skipped, as if that check-in had not happened.
pub fn warnings_for(index: Index, series: &[f64], cfg: &WarningConfig) -> Vec<Warning> {
    if !matches!(index, Index::Burnout | Index::Rustout) || cfg.validate().is_err() {
        return Vec::new();
    }
    let values: Vec<f64> = series.iter().copied().filter(|v| v.is_finite()).collect();
    if values.len() < cfg.baseline_points + 1 {
        return Vec::new();
    }
    let (start, rest) = values.split_at(cfg.baseline_points);
    let baseline = mean(start);
    let smoothed = ewma(baseline, rest, cfg.lambda);
    let Some(&current) = smoothed.last() else {
        return Vec::new();
    };

    let mut warnings = Vec::new();
    let baseline_band = cfg.band(baseline);
    let current_band = cfg.band(current);
    if current_band > baseline_band {
        let weeks = trailing_run(&smoothed, |z| cfg.band(z) > baseline_band);
        warnings.push(Warning {
            kind: WarningKind::BandCrossing,
            index,
            message: band_crossing_message(index, baseline_band, current_band, baseline, current),
            baseline,
            current,
            weeks,
        });
    }
    let weeks = trailing_run(&smoothed, |z| z >= baseline + cfg.drift_margin);
    if weeks as usize >= cfg.drift_weeks {
        warnings.push(Warning {
            kind: WarningKind::Drift,
            index,
            message: drift_message(index, weeks, baseline, current),
            baseline,
            current,
            weeks,
        });
    }
    warnings
}

/// Mean by running update, so identical values give exactly that value back (no rounding drift
/// from a sum), and large values cannot overflow a sum.
fn mean(values: &[f64]) -> f64 {
    values
        .iter()
        .enumerate()
        .fold(0.0, |m, (i, &x)| m + (x - m) / (i as f64 + 1.0))
}

/// EWMA values after each of `values`, starting from `start`. Written as z + λ(x − z), which
/// equals λx + (1−λ)z and leaves z exactly unchanged when x equals it.
fn ewma(start: f64, values: &[f64], lambda: f64) -> Vec<f64> {
    let mut z = start;
    values
        .iter()
        .map(|&x| {
            z += lambda * (x - z);
            z
        })
        .collect()
}

/// How many values at the end of `values` satisfy `holds`, without a break.
fn trailing_run(values: &[f64], holds: impl Fn(f64) -> bool) -> u32 {
    let run = values.iter().rev().take_while(|&&z| holds(z)).count();
    u32::try_from(run).unwrap_or(u32::MAX)
}

/// The index's name in a sentence.
fn index_name(index: Index) -> &'static str {
    match index {
        Index::Burnout => "burnout",
        Index::Rustout => "rust-out",
        Index::Balance => "challenge balance",
        Index::Shared => "shared",
    }
}

/// "1 week", "4 weeks".
fn weeks_phrase(weeks: u32) -> String {
    if weeks == 1 {
        "1 week".to_owned()
    } else {
        format!("{weeks} weeks")
    }
}

fn band_crossing_message(
    index: Index,
    from: Band,
    to: Band,
    baseline: f64,
    current: f64,
) -> String {
    format!(
        "Your {name} index has moved from the {from} band into the {to} band: {baseline:.0} at \
         your baseline, {current:.0} now. That is worth noticing early; it is a prompt to look at \
         what has changed, not a diagnosis.",
        name = index_name(index),
    )
}

fn drift_message(index: Index, weeks: u32, baseline: f64, current: f64) -> String {
    format!(
        "Your {name} index has been drifting up for {weeks}: {baseline:.0} at your baseline, \
         {current:.0} now. Slow changes like this are easy to miss, so it may be a good moment to \
         look at what has shifted.",
        name = index_name(index),
        weeks = weeks_phrase(weeks),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9
    }

    fn kinds(warnings: &[Warning]) -> Vec<WarningKind> {
        warnings.iter().map(|w| w.kind).collect()
    }

    #[test]
    fn ewma_step_by_step() {
        // λ = 0.3 from z₀ = 20:
        // z₁ = 0.3·30 + 0.7·20   = 23
        // z₂ = 0.3·30 + 0.7·23   = 25.1
        // z₃ = 0.3·40 + 0.7·25.1 = 29.57
        let z = ewma(20.0, &[30.0, 30.0, 40.0], 0.3);
        assert_eq!(z.len(), 3);
        assert!(close(z[0], 23.0));
        assert!(close(z[1], 25.1));
        assert!(close(z[2], 29.57));
    }

    #[test]
    fn rust_out_drift_in_the_low_band_is_caught() {
        // Baseline mean(18, 20, 16, 18) = 18. Then 34 every week, λ = 0.3:
        // z = 22.8, 26.16, 28.512, 30.1584, 31.31088. Threshold 18 + 10 = 28:
        // the last three hold, all still below 40 (low band).
        let series = [18.0, 20.0, 16.0, 18.0, 34.0, 34.0, 34.0, 34.0, 34.0];
        let warnings = warnings_for(Index::Rustout, &series, &WarningConfig::default());
        assert_eq!(kinds(&warnings), vec![WarningKind::Drift]);
        let w = &warnings[0];
        assert_eq!(w.index, Index::Rustout);
        assert!(close(w.baseline, 18.0));
        assert!(close(w.current, 31.31088));
        assert_eq!(w.weeks, 3);
        assert_eq!(
            w.message,
            "Your rust-out index has been drifting up for 3 weeks: 18 at your baseline, 31 now. \
             Slow changes like this are easy to miss, so it may be a good moment to look at what \
             has shifted."
        );
    }

    #[test]
    fn drift_needs_the_full_run() {
        // Same as above with one week less: only z = 28.512, 30.1584 are above 28 → 2 < 3.
        let series = [18.0, 20.0, 16.0, 18.0, 34.0, 34.0, 34.0, 34.0];
        assert!(warnings_for(Index::Rustout, &series, &WarningConfig::default()).is_empty());
    }

    #[test]
    fn band_crossing_from_low_to_moderate() {
        // Baseline 30. Then 55, 55: z = 37.5, 42.75 → moderate (≥ 40), baseline low.
        // Drift threshold 40: only 42.75 holds, 1 < 3, so no drift.
        let series = [30.0, 30.0, 30.0, 30.0, 55.0, 55.0];
        let warnings = warnings_for(Index::Burnout, &series, &WarningConfig::default());
        assert_eq!(kinds(&warnings), vec![WarningKind::BandCrossing]);
        let w = &warnings[0];
        assert!(close(w.current, 42.75));
        assert_eq!(w.weeks, 1);
        assert!(w.message.starts_with(
            "Your burnout index has moved from the low band into the moderate band: 30 at your \
             baseline, 43 now."
        ));
        assert!(w.message.contains("not a diagnosis"));
    }

    #[test]
    fn both_kinds_at_once() {
        // Baseline 35 (low). Then 60 for four weeks: z = 42.5, 47.75, 51.425, 53.9975.
        // Band high now (≥ 50) > low; drift threshold 45: last three hold.
        let series = [35.0, 35.0, 35.0, 35.0, 60.0, 60.0, 60.0, 60.0];
        let warnings = warnings_for(Index::Burnout, &series, &WarningConfig::default());
        assert_eq!(
            kinds(&warnings),
            vec![WarningKind::BandCrossing, WarningKind::Drift]
        );
        assert_eq!(warnings[0].weeks, 4);
        assert!(
            warnings[0]
                .message
                .contains("from the low band into the high band")
        );
        assert_eq!(warnings[1].weeks, 3);
    }

    #[test]
    fn falling_back_ends_the_warning() {
        // Up, then back to baseline: the latest EWMA is below both the band and the drift line.
        let series = [
            30.0, 30.0, 30.0, 30.0, 70.0, 70.0, 30.0, 30.0, 30.0, 30.0, 30.0,
        ];
        assert!(warnings_for(Index::Burnout, &series, &WarningConfig::default()).is_empty());
    }

    #[test]
    fn no_warning_before_there_is_a_baseline_and_one_more_point() {
        let cfg = WarningConfig::default();
        assert!(warnings_for(Index::Burnout, &[10.0, 10.0, 10.0, 90.0], &cfg).is_empty());
        // Baseline 35, then 100: z = 35 + 0.3 · 65 = 54.5, high.
        let five = [35.0, 35.0, 35.0, 35.0, 100.0];
        assert_eq!(
            kinds(&warnings_for(Index::Burnout, &five, &cfg)),
            vec![WarningKind::BandCrossing]
        );
    }

    #[test]
    fn only_burnout_and_rustout_warn() {
        let series = [10.0, 10.0, 10.0, 10.0, 90.0, 90.0, 90.0, 90.0];
        let cfg = WarningConfig::default();
        assert_eq!(warnings_for(Index::Rustout, &series, &cfg).len(), 2);
        assert!(warnings_for(Index::Balance, &series, &cfg).is_empty());
        assert!(warnings_for(Index::Shared, &series, &cfg).is_empty());
    }

    #[test]
    fn non_finite_values_are_skipped() {
        let with_nan = [30.0, f64::NAN, 30.0, 30.0, 30.0, f64::INFINITY, 55.0, 55.0];
        let clean = [30.0, 30.0, 30.0, 30.0, 55.0, 55.0];
        let cfg = WarningConfig::default();
        assert_eq!(
            warnings_for(Index::Burnout, &with_nan, &cfg),
            warnings_for(Index::Burnout, &clean, &cfg)
        );
    }

    #[test]
    fn invalid_config_is_reported_and_never_warns() {
        let series = [10.0, 10.0, 10.0, 10.0, 90.0, 90.0, 90.0, 90.0];
        let bad = [
            WarningConfig {
                lambda: 0.0,
                ..WarningConfig::default()
            },
            WarningConfig {
                lambda: f64::NAN,
                ..WarningConfig::default()
            },
            WarningConfig {
                baseline_points: 0,
                ..WarningConfig::default()
            },
            WarningConfig {
                drift_margin: 0.0,
                ..WarningConfig::default()
            },
            WarningConfig {
                drift_weeks: 0,
                ..WarningConfig::default()
            },
            WarningConfig {
                thresholds_moderate: 50.0,
                thresholds_high: 40.0,
                ..WarningConfig::default()
            },
        ];
        for cfg in bad {
            assert!(cfg.validate().is_err(), "{cfg:?}");
            assert!(warnings_for(Index::Burnout, &series, &cfg).is_empty());
        }
        assert_eq!(WarningConfig::default().validate(), Ok(()));
        let message = WarningConfig {
            lambda: 1.5,
            ..WarningConfig::default()
        }
        .validate()
        .expect_err("invalid")
        .to_string();
        assert!(message.contains("lambda is 1.5"), "{message}");
    }

    #[test]
    fn bands_follow_the_thresholds() {
        let cfg = WarningConfig::default();
        assert_eq!(cfg.band(39.9), Band::Low);
        assert_eq!(cfg.band(40.0), Band::Moderate);
        assert_eq!(cfg.band(50.0), Band::High);
    }

    #[test]
    fn kind_names_in_json() {
        assert_eq!(
            serde_json::to_string(&WarningKind::BandCrossing).expect("serialise"),
            "\"band_crossing\""
        );
    }

    proptest! {
        #[test]
        fn short_series_never_warn(
            baseline_points in 1usize..8,
            values in proptest::collection::vec(0.0f64..100.0, 0..8),
        ) {
            let cfg = WarningConfig { baseline_points, drift_weeks: 1, ..WarningConfig::default() };
            let short = &values[..values.len().min(baseline_points)];
            prop_assert!(warnings_for(Index::Burnout, short, &cfg).is_empty());
            prop_assert!(warnings_for(Index::Rustout, short, &cfg).is_empty());
        }

        #[test]
        fn constant_series_never_warn(
            value in prop_oneof![0.0f64..100.0, Just(40.0), Just(50.0), Just(39.999_999_999_999_99)],
            len in 0usize..60,
            lambda in 0.01f64..=1.0,
            baseline_points in 1usize..8,
            drift_weeks in 1usize..5,
        ) {
            let cfg = WarningConfig { lambda, baseline_points, drift_weeks, ..WarningConfig::default() };
            let series = vec![value; len];
            prop_assert!(warnings_for(Index::Burnout, &series, &cfg).is_empty());
            prop_assert!(warnings_for(Index::Rustout, &series, &cfg).is_empty());
        }

        #[test]
        fn warnings_are_well_formed(
            values in proptest::collection::vec(-1e6f64..1e6, 0..60),
        ) {
            let cfg = WarningConfig::default();
            let warnings = warnings_for(Index::Rustout, &values, &cfg);
            prop_assert!(warnings.len() <= 2);
            for w in &warnings {
                prop_assert!(w.baseline.is_finite() && w.current.is_finite());
                prop_assert!(w.weeks >= 1);
                prop_assert!(!w.message.is_empty());
            }
            if let [first, second] = warnings.as_slice() {
                prop_assert_ne!(first.kind, second.kind);
            }
        }
    }
}
