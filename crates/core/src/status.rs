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
