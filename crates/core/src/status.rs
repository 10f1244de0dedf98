//! Where a person stands now: the zone (with the persistence it needs), the latest indices, how
//! each is moving, early warnings, and whether the change between the last two full assessments
//! is real. Built from the person's history by [`status`].
//!
//! # Decisions made here, once, for every surface
//!
//! - **Zone persistence.** A full check describes four weeks, so its zone stands on its own. A
//!   pulse describes one week: an index counts as elevated when at least [`PERSIST_OF`] of the
//!   last [`PERSIST_WINDOW`] pulses (within [`PERSIST_WEEKS`] weeks) are elevated, a full check
//!   of the last four weeks counting as two. A single elevated week is not a zone: it reads
//!   "leaning toward …" ([`Status::leaning`]).
//! - **One series per instrument.** A trend is computed over one instrument's points only (the
//!   pulse when it has enough points in the window, otherwise the full check), over
//!   [`crate::trend::WINDOW_WEEKS`] weeks, and needs at least [`MIN_TREND_WEEKS`] weeks between
//!   its first and last point; the card states which and how long.
//! - **Movement agrees with warnings.** When an early warning is raised on an index and its
//!   trend is not rising, the movement reads [`Movement::AboveUsual`], never "steady".

use crate::change::{ReliableChange, reliable_change};
use crate::instrument::Reliability;
use crate::model::{Band, Index, Score, Zone};
use crate::trend::{Direction, Trend, WINDOW_WEEKS, trend};
use crate::warning::{Warning, WarningConfig, warnings_for};
use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;

/// How many of the last pulses are looked at for zone persistence.
pub const PERSIST_WINDOW: usize = 3;
/// How many of them must be elevated.
pub const PERSIST_OF: usize = 2;
/// How far back those pulses may go, in weeks before the latest response.
pub const PERSIST_WEEKS: i64 = 6;
/// How long a full check counts toward the zone after it was taken, in days.
pub const ASSESSMENT_DAYS: i64 = 28;
/// The least time between a trend's first and last point, in weeks: two points a few days apart
/// say nothing about weeks.
pub const MIN_TREND_WEEKS: f64 = 3.0;

/// Which instrument's points a trend is computed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Series {
    /// The weekly pulses.
    Pulse,
    /// The full checks.
    Assessment,
}

/// How an index is moving, decided with its warnings so the two never disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Movement {
    Rising,
    Falling,
    Steady,
    /// An early warning is raised and the slope is not rising: higher than the person's usual
    /// level, holding there.
    AboveUsual,
}

/// One scored response in a person's history.
#[derive(Debug, Clone, Copy)]
pub struct HistoryPoint<'a> {
    pub at: DateTime<Utc>,
    /// True for a weekly pulse, false for a full assessment.
    pub pulse: bool,
    pub score: &'a Score,
    /// The pulse's "I feel stuck" flag.
    pub stuck: bool,
}

/// One index as the status shows it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct IndexStatus {
    pub score: f64,
    pub band: Band,
    /// `None` with too few points in the trend window.
    pub trend: Option<Trend>,
    /// Which instrument's points the trend is over; `None` with no trend.
    pub trend_series: Option<Series>,
    /// How far back the trend looks, in weeks.
    pub trend_window_weeks: i64,
    /// The trend and the warnings read together; `None` with neither.
    pub movement: Option<Movement>,
    /// Reliable change between the last two full assessments, when there are two.
    pub change: Option<ReliableChange>,
}

/// The person's current picture.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Status {
    pub as_of: DateTime<Utc>,
    /// The instrument of the latest response.
    pub instrument: String,
    /// The zone with the persistence it needs (see the module docs).
    pub zone: Zone,
    /// The latest response's own zone, when it differs from [`Status::zone`]: one week leaning
    /// toward a zone that has not persisted yet, or one calm week inside a persisting one.
    pub leaning: Option<Zone>,
    pub burnout: IndexStatus,
    pub rustout: IndexStatus,
    /// The latest challenge balance from a pulse, if any pulse was taken.
    pub balance: Option<f64>,
    /// Whether the latest pulse carried the "I feel stuck" flag.
    pub stuck: bool,
    pub warnings: Vec<Warning>,
    /// How many responses the picture is built from.
    pub responses: usize,
}

/// Builds the status from a history in any order. `reliability` gives the SD and reliability an
/// instrument declares for an index (for reliable change), `bands` its (moderate, high)
/// thresholds for an index (for the early warning's band crossing); `None` when the history is
/// empty.
pub fn status(
    history: &[HistoryPoint<'_>],
    now: DateTime<Utc>,
    reliability: impl Fn(&str, Index) -> Option<Reliability>,
    bands: impl Fn(&str, Index) -> Option<(f64, f64)>,
) -> Option<Status> {
    let mut points: Vec<HistoryPoint<'_>> = history.to_vec();
    points.sort_by_key(|p| p.at);
    let latest = *points.last()?;
    let latest_pulse = points.iter().rev().find(|p| p.pulse);

    let cfg = WarningConfig::default();
    let mut warnings = Vec::new();
    for index in [Index::Burnout, Index::Rustout] {
        let series: Vec<f64> = points
            .iter()
            .filter(|p| p.pulse)
            .filter_map(|p| p.score.index(index).map(|s| s.score))
            .collect();
        let cfg = match latest_pulse.and_then(|p| bands(&p.score.instrument, index)) {
            Some((moderate, high)) => WarningConfig {
                thresholds_moderate: moderate,
                thresholds_high: high,
                ..cfg
            },
            None => cfg,
        };
        warnings.extend(warnings_for(index, &series, &cfg));
    }

    // Only called with Burnout and Rustout.
    let index_status = |index: Index| -> IndexStatus {
        let latest_index = match index {
            Index::Burnout => latest.score.burnout,
            _ => latest.score.rustout,
        };
        let (trend, trend_series) = index_trend(&points, index, now);
        let warned = warnings.iter().any(|w| w.index == index);
        let movement = match trend.map(|t| t.direction) {
            Some(Direction::Rising) => Some(Movement::Rising),
            _ if warned => Some(Movement::AboveUsual),
            Some(Direction::Falling) => Some(Movement::Falling),
            Some(Direction::Steady) => Some(Movement::Steady),
            None => None,
        };
        IndexStatus {
            score: latest_index.score,
            band: latest_index.band,
            trend,
            trend_series,
            trend_window_weeks: WINDOW_WEEKS,
            movement,
            change: assessment_change(&points, index, &reliability),
        }
    };

    let zone = persistent_zone(&points);
    Some(Status {
        as_of: latest.at,
        instrument: latest.score.instrument.clone(),
        zone,
        leaning: (latest.score.zone != zone).then_some(latest.score.zone),
        burnout: index_status(Index::Burnout),
        rustout: index_status(Index::Rustout),
        balance: latest_pulse.and_then(|p| p.score.balance),
        stuck: latest_pulse.is_some_and(|p| p.stuck),
        warnings,
        responses: points.len(),
    })
}

/// The trend of one index over one instrument's points: the pulse's when it has enough points in
/// the window, otherwise the full checks'. `None` when neither has [`MIN_TREND_WEEKS`] of span.
fn index_trend(
    points: &[HistoryPoint<'_>],
    index: Index,
    now: DateTime<Utc>,
) -> (Option<Trend>, Option<Series>) {
    for (series, pulse) in [(Series::Pulse, true), (Series::Assessment, false)] {
        let values: Vec<(DateTime<Utc>, f64)> = points
            .iter()
            .filter(|p| p.pulse == pulse)
            .filter_map(|p| p.score.index(index).map(|s| (p.at, s.score)))
            .collect();
        if let Some(t) = trend(&values, now)
            && t.weeks >= MIN_TREND_WEEKS
        {
            return (Some(t), Some(series));
        }
    }
    (None, None)
}

/// The zone with persistence (module docs): a recent full check counts twice, pulses once each.
fn persistent_zone(points: &[HistoryPoint<'_>]) -> Zone {
    let Some(latest) = points.last() else {
        return Zone::Thriving;
    };
    if !latest.pulse {
        return latest.score.zone;
    }
    let since = latest.at - TimeDelta::weeks(PERSIST_WEEKS);
    let pulses: Vec<&HistoryPoint<'_>> = points
        .iter()
        .rev()
        .filter(|p| p.pulse && p.at >= since)
        .take(PERSIST_WINDOW)
        .collect();
    let assessment = points
        .iter()
        .rev()
        .find(|p| !p.pulse)
        .filter(|a| latest.at - a.at <= TimeDelta::days(ASSESSMENT_DAYS));
    let persists = |index: Index| {
        let elevated =
            |p: &HistoryPoint<'_>| p.score.index(index).is_some_and(|s| s.band.is_elevated());
        let votes = pulses.iter().filter(|p| elevated(p)).count()
            + assessment.filter(|a| elevated(a)).map_or(0, |_| 2);
        votes >= PERSIST_OF
    };
    match (persists(Index::Burnout), persists(Index::Rustout)) {
        (false, false) => Zone::Thriving,
        (true, false) => Zone::Burnout,
        (false, true) => Zone::Rustout,
        (true, true) => Zone::Both,
    }
}

/// Reliable change of one index between the last two full assessments of the same instrument.
fn assessment_change(
    points: &[HistoryPoint<'_>],
    index: Index,
    reliability: &impl Fn(&str, Index) -> Option<Reliability>,
) -> Option<ReliableChange> {
    let mut assessments = points.iter().rev().filter(|p| !p.pulse);
    let after = assessments.next()?;
    let before = assessments.find(|p| p.score.instrument == after.score.instrument)?;
    let r = reliability(&after.score.instrument, index)?;
    reliable_change(
        before.score.index(index)?.score,
        after.score.index(index)?.score,
        r.sd,
        r.reliability,
    )
}

/// The fullest current picture of a person's dimensions: the latest score, with the dimensions it
/// does not measure filled in from `recent_assessment` (the last full assessment still within its
/// reference period). The pulse asks no question about mood or cynicism, so without this a pulse
/// taken after a worrying full check would hide what that check found.
pub fn current_score(latest: &Score, recent_assessment: Option<&Score>) -> Score {
    let mut merged = latest.clone();
    if let Some(assessment) = recent_assessment {
        for d in &assessment.dimensions {
            if merged.dimension(&d.id).is_none() {
                merged.dimensions.push(d.clone());
            }
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DimensionScore, IndexScore};
    use chrono::{Duration, TimeZone};

    fn score(instrument: &str, b: f64, r: f64, dims: &[(&str, f64)]) -> Score {
        let band = |s: f64| {
            if s >= 50.0 {
                Band::High
            } else if s >= 40.0 {
                Band::Moderate
            } else {
                Band::Low
            }
        };
        Score {
            instrument: instrument.into(),
            instrument_version: 1,
            zone: Zone::from_bands(band(b), band(r)),
            burnout: IndexScore {
                score: b,
                band: band(b),
            },
            rustout: IndexScore {
                score: r,
                band: band(r),
            },
            balance: (instrument == "pulse").then_some(-20.0),
            dimensions: dims
                .iter()
                .map(|(id, s)| DimensionScore {
                    id: (*id).into(),
                    index: Index::Shared,
                    score: *s,
                    band: band(*s),
                })
                .collect(),
        }
    }

    fn at(week: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 5, 12, 0, 0).unwrap() + Duration::weeks(week)
    }

    fn no_reliability(_: &str, _: Index) -> Option<Reliability> {
        None
    }

    fn no_bands(_: &str, _: Index) -> Option<(f64, f64)> {
        None
    }

    fn pulses(values: &[(f64, f64)]) -> Vec<Score> {
        values
            .iter()
            .map(|&(b, r)| score("pulse", b, r, &[]))
            .collect()
    }

    fn weekly<'a>(scores: &'a [Score], pulse: bool) -> Vec<HistoryPoint<'a>> {
        scores
            .iter()
            .enumerate()
            .map(|(i, score)| HistoryPoint {
                at: at(i as i64),
                pulse,
                score,
                stuck: false,
            })
            .collect()
    }

    #[test]
    fn one_elevated_pulse_leans_and_two_of_three_make_a_zone() {
        let one = pulses(&[(20.0, 20.0), (20.0, 20.0), (60.0, 20.0)]);
        let s = status(&weekly(&one, true), at(2), no_reliability, no_bands).unwrap();
        assert_eq!((s.zone, s.leaning), (Zone::Thriving, Some(Zone::Burnout)));

        let two = pulses(&[(60.0, 20.0), (20.0, 20.0), (60.0, 20.0)]);
        let s = status(&weekly(&two, true), at(2), no_reliability, no_bands).unwrap();
        assert_eq!((s.zone, s.leaning), (Zone::Burnout, None));

        // A calm week inside a persisting zone: still the zone, leaning back.
        let calm = pulses(&[(60.0, 20.0), (60.0, 20.0), (20.0, 20.0)]);
        let s = status(&weekly(&calm, true), at(2), no_reliability, no_bands).unwrap();
        assert_eq!((s.zone, s.leaning), (Zone::Burnout, Some(Zone::Thriving)));

        // A full check stands on its own.
        let full = [score("spectrum", 20.0, 60.0, &[])];
        let s = status(&weekly(&full, false), at(0), no_reliability, no_bands).unwrap();
        assert_eq!((s.zone, s.leaning), (Zone::Rustout, None));

        // A recent full check counts twice toward a pulse's zone.
        let full = score("spectrum", 20.0, 60.0, &[]);
        let pulse = score("pulse", 20.0, 20.0, &[]);
        let history = [
            HistoryPoint {
                at: at(0),
                pulse: false,
                score: &full,
                stuck: false,
            },
            HistoryPoint {
                at: at(1),
                pulse: true,
                score: &pulse,
                stuck: false,
            },
        ];
        let s = status(&history, at(1), no_reliability, no_bands).unwrap();
        assert_eq!((s.zone, s.leaning), (Zone::Rustout, Some(Zone::Thriving)));
    }

    #[test]
    fn a_trend_uses_one_instrument_and_needs_three_weeks() {
        // Three pulses over 14 days: no trend, whatever the slope.
        let scores = pulses(&[(20.0, 20.0), (30.0, 20.0), (45.0, 20.0)]);
        let points: Vec<HistoryPoint<'_>> = scores
            .iter()
            .enumerate()
            .map(|(i, score)| HistoryPoint {
                at: at(0) + Duration::days(7 * i as i64),
                pulse: true,
                score,
                stuck: false,
            })
            .collect();
        let s = status(&points, at(2), no_reliability, no_bands).unwrap();
        assert!(s.burnout.trend.is_none());
        assert_eq!(s.burnout.movement, None);

        // Full checks high and pulses low, interleaved: the pulse series alone is read.
        let low = score("pulse", 20.0, 20.0, &[]);
        let high = score("spectrum", 80.0, 20.0, &[]);
        let mut mixed = Vec::new();
        for week in 0..6 {
            mixed.push(HistoryPoint {
                at: at(week),
                pulse: true,
                score: &low,
                stuck: false,
            });
            mixed.push(HistoryPoint {
                at: at(week) + Duration::hours(1),
                pulse: false,
                score: &high,
                stuck: false,
            });
        }
        let s = status(&mixed, at(6), no_reliability, no_bands).unwrap();
        assert_eq!(s.burnout.trend_series, Some(Series::Pulse));
        assert_eq!(s.burnout.movement, Some(Movement::Steady));
        assert_eq!(s.burnout.trend_window_weeks, WINDOW_WEEKS);
    }

    #[test]
    fn a_drift_warning_is_never_shown_as_steady() {
        // Four calm weeks, then a jump that holds flat for twelve weeks: the last eight weeks
        // are steady, the warning says it is well above the usual level.
        let mut values = vec![(20.0, 20.0); 4];
        values.extend(vec![(48.0, 20.0); 12]);
        let scores = pulses(&values);
        let s = status(&weekly(&scores, true), at(15), no_reliability, no_bands).unwrap();
        assert!(s.warnings.iter().any(|w| w.index == Index::Burnout));
        assert_eq!(
            s.burnout.trend.map(|t| t.direction),
            Some(Direction::Steady)
        );
        assert_eq!(s.burnout.movement, Some(Movement::AboveUsual));
    }

    proptest::proptest! {
        /// Whatever the history, an index with a warning never reads steady or falling.
        #[test]
        fn movement_and_warnings_agree(values in proptest::collection::vec((0.0..=100.0f64, 0.0..=100.0f64), 1..30)) {
            let scores = pulses(&values);
            let points = weekly(&scores, true);
            let now = points.last().map(|p| p.at).unwrap();
            let s = status(&points, now, no_reliability, no_bands).unwrap();
            for (index, st) in [(Index::Burnout, s.burnout), (Index::Rustout, s.rustout)] {
                if s.warnings.iter().any(|w| w.index == index) {
                    proptest::prop_assert!(matches!(st.movement, Some(Movement::Rising | Movement::AboveUsual)), "{:?}", st);
                }
            }
        }
    }

    #[test]
    fn empty_history_has_no_status() {
        assert!(status(&[], at(0), no_reliability, no_bands).is_none());
    }

    #[test]
    fn latest_point_sets_zone_and_scores_whatever_the_input_order() {
        let early = score("pulse", 20.0, 20.0, &[]);
        let late = score("pulse", 60.0, 20.0, &[]);
        let history = [
            HistoryPoint {
                at: at(1),
                pulse: true,
                score: &late,
                stuck: true,
            },
            HistoryPoint {
                at: at(0),
                pulse: true,
                score: &early,
                stuck: false,
            },
        ];
        let s = status(&history, at(1), no_reliability, no_bands).unwrap();
        // One elevated pulse leans toward a zone; it is not one yet.
        assert_eq!((s.zone, s.leaning), (Zone::Thriving, Some(Zone::Burnout)));
        assert_eq!(s.burnout.score, 60.0);
        assert_eq!(s.as_of, at(1));
        assert!(s.stuck);
        assert_eq!(s.balance, Some(-20.0));
        assert_eq!(s.responses, 2);
    }

    #[test]
    fn balance_comes_from_the_latest_pulse_even_after_a_full_check() {
        let pulse = score("pulse", 20.0, 20.0, &[]);
        let full = score("spectrum", 20.0, 20.0, &[]);
        let history = [
            HistoryPoint {
                at: at(0),
                pulse: true,
                score: &pulse,
                stuck: false,
            },
            HistoryPoint {
                at: at(1),
                pulse: false,
                score: &full,
                stuck: false,
            },
        ];
        let s = status(&history, at(1), no_reliability, no_bands).unwrap();
        assert_eq!(s.instrument, "spectrum");
        assert_eq!(s.balance, Some(-20.0));
    }

    #[test]
    fn reliable_change_compares_the_last_two_full_checks_of_one_instrument() {
        let a = score("spectrum", 70.0, 30.0, &[]);
        let p = score("pulse", 10.0, 10.0, &[]);
        let b = score("spectrum", 30.0, 32.0, &[]);
        let history = [
            HistoryPoint {
                at: at(0),
                pulse: false,
                score: &a,
                stuck: false,
            },
            HistoryPoint {
                at: at(2),
                pulse: true,
                score: &p,
                stuck: false,
            },
            HistoryPoint {
                at: at(4),
                pulse: false,
                score: &b,
                stuck: false,
            },
        ];
        let rel = |_: &str, _: Index| {
            Some(Reliability {
                sd: 18.0,
                reliability: 0.88,
            })
        };
        let s = status(&history, at(4), rel, no_bands).unwrap();
        let c = s.burnout.change.unwrap();
        assert_eq!((c.before, c.after), (70.0, 30.0));
        assert!(c.reliable);
        assert!(!s.rustout.change.unwrap().reliable);
        // Without a declared reliability there is no verdict at all.
        assert!(
            status(&history, at(4), no_reliability, no_bands)
                .unwrap()
                .burnout
                .change
                .is_none()
        );
    }

    #[test]
    fn current_score_keeps_the_pulse_and_fills_in_from_the_full_check() {
        let pulse = score("pulse", 20.0, 30.0, &[("growth", 40.0)]);
        let full = score("spectrum", 50.0, 50.0, &[("growth", 90.0), ("mood", 80.0)]);
        let merged = current_score(&pulse, Some(&full));
        assert_eq!(merged.burnout.score, 20.0);
        assert_eq!(merged.dimension("growth").unwrap().score, 40.0);
        assert_eq!(merged.dimension("mood").unwrap().score, 80.0);
        assert_eq!(current_score(&pulse, None), pulse);
    }
}
