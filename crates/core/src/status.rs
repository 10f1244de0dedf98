//! Where a person stands now: the latest zone and indices, their trends, early warnings, and
//! whether the change between the last two full assessments is real. Built from the person's
//! history, oldest first, by [`status`].

use crate::change::{ReliableChange, reliable_change};
use crate::instrument::Reliability;
use crate::model::{Band, Index, Score, Zone};
use crate::trend::{Trend, trend};
use crate::warning::{Warning, WarningConfig, warnings_for};
use chrono::{DateTime, Utc};
use serde::Serialize;

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
    /// Reliable change between the last two full assessments, when there are two.
    pub change: Option<ReliableChange>,
}

/// The person's current picture.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Status {
    pub as_of: DateTime<Utc>,
    /// The instrument of the latest response.
    pub instrument: String,
    pub zone: Zone,
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
/// instrument declares for an index (for reliable change); `None` when the history is empty.
pub fn status(
    history: &[HistoryPoint<'_>],
    now: DateTime<Utc>,
    reliability: impl Fn(&str, Index) -> Option<Reliability>,
) -> Option<Status> {
    let mut points: Vec<HistoryPoint<'_>> = history.to_vec();
    points.sort_by_key(|p| p.at);
    let latest = *points.last()?;
    let latest_pulse = points.iter().rev().find(|p| p.pulse);

    // Only called with Burnout and Rustout.
    let index_status = |index: Index| -> IndexStatus {
        let series: Vec<(DateTime<Utc>, f64)> = points
            .iter()
            .filter_map(|p| p.score.index(index).map(|s| (p.at, s.score)))
            .collect();
        let latest_index = match index {
            Index::Burnout => latest.score.burnout,
            _ => latest.score.rustout,
        };
        IndexStatus {
            score: latest_index.score,
            band: latest_index.band,
            trend: trend(&series, now),
            change: assessment_change(&points, index, &reliability),
        }
    };

    let cfg = WarningConfig::default();
    let mut warnings = Vec::new();
    for index in [Index::Burnout, Index::Rustout] {
        let series: Vec<f64> = points
            .iter()
            .filter(|p| p.pulse)
            .filter_map(|p| p.score.index(index).map(|s| s.score))
            .collect();
        warnings.extend(warnings_for(index, &series, &cfg));
    }

    Some(Status {
        as_of: latest.at,
        instrument: latest.score.instrument.clone(),
        zone: latest.score.zone,
        burnout: index_status(Index::Burnout),
        rustout: index_status(Index::Rustout),
        balance: latest_pulse.and_then(|p| p.score.balance),
        stuck: latest_pulse.is_some_and(|p| p.stuck),
        warnings,
        responses: points.len(),
    })
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

    #[test]
    fn empty_history_has_no_status() {
        assert!(status(&[], at(0), no_reliability).is_none());
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
        let s = status(&history, at(1), no_reliability).unwrap();
        assert_eq!(s.zone, Zone::Burnout);
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
        let s = status(&history, at(1), no_reliability).unwrap();
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
        let s = status(&history, at(4), rel).unwrap();
        let c = s.burnout.change.unwrap();
        assert_eq!((c.before, c.after), (70.0, 30.0));
        assert!(c.reliable);
        assert!(!s.rustout.change.unwrap().reliable);
        // Without a declared reliability there is no verdict at all.
        assert!(
            status(&history, at(4), no_reliability)
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
