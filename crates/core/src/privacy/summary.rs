//! A leader's view of one unit over a window of weeks, built only from that unit's released
//! weekly cells. Weeks that were not shown are listed as such, with their reason and no size, and
//! never enter any total: a window and the same window one week shorter differ by exactly the
//! shown cells of the dropped week.

use super::cell::SCORE_MAX;
use super::figures::{Figures, Mean, Reason, Released, Value};
use super::tree::UnitId;
use crate::instrument::Instrument;
use crate::model::{Band, Index};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use thiserror::Error;

/// One unit's frozen release for one week, as the store returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekCell {
    /// Monday of the week.
    pub week: NaiveDate,
    /// The unit's release for that week.
    pub released: Released,
}

/// A week whose figures are not shown, and why. No size, no numbers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct NotShown {
    /// Monday of the week.
    pub week: NaiveDate,
    /// Why.
    pub reason: Reason,
}

/// One shown week's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShownWeek {
    /// Monday of the week.
    pub week: NaiveDate,
    /// The unit's subtree figures that week.
    pub figures: Figures,
}

/// The released weeks of one unit in a window, oldest first, and their totals.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct WindowStats {
    /// The weeks that were shown.
    pub shown: Vec<ShownWeek>,
    /// The weeks that were not.
    pub not_shown: Vec<NotShown>,
    /// The sum of the shown weeks' figures; `None` when no week was shown. Counts in it are
    /// check-ins (one per person and week), not distinct people.
    pub totals: Option<Figures>,
}

/// Why weeks cannot be summarised.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SummaryError {
    /// The same week was given twice, which would count it twice.
    #[error("the week of {0} is given twice; each week may appear once in a window")]
    DuplicateWeek(NaiveDate),
}

/// Sorts one unit's weekly releases into shown and not shown, and totals the shown ones.
pub fn window_stats(weeks: &[WeekCell]) -> Result<WindowStats, SummaryError> {
    let mut seen = BTreeSet::new();
    for cell in weeks {
        if !seen.insert(cell.week) {
            return Err(SummaryError::DuplicateWeek(cell.week));
        }
    }
    let mut ordered: Vec<&WeekCell> = weeks.iter().collect();
    ordered.sort_by_key(|cell| cell.week);
    let mut stats = WindowStats::default();
    for cell in ordered {
        match &cell.released {
            Released::Shown(figures) => {
                match &mut stats.totals {
                    Some(totals) => totals.add(figures),
                    None => stats.totals = Some(figures.as_ref().clone()),
                }
                stats.shown.push(ShownWeek {
                    week: cell.week,
                    figures: figures.as_ref().clone(),
                });
            }
            Released::Suppressed(reason) => stats.not_shown.push(NotShown {
                week: cell.week,
                reason: *reason,
            }),
        }
    }
    Ok(stats)
}

/// A mean and its band.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BandedMean {
    /// The mean and the noise in it.
    pub mean: Mean,
    /// Its band on the instrument's thresholds.
    pub band: Band,
}

/// The share of check-ins in each zone, in percent (adding up to 100).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ZoneShares {
    /// Neither index elevated.
    pub thriving: f64,
    /// Burnout elevated.
    pub burnout: f64,
    /// Rust-out elevated.
    pub rustout: f64,
    /// Both elevated.
    pub both: f64,
}

/// A dimension whose mean is at or above its moderate threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DimensionMean {
    /// Dimension id.
    pub id: String,
    /// Its mean and the noise in it.
    pub mean: Mean,
    /// Moderate or high.
    pub band: Band,
}

/// One shown week on the trend chart.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TrendPoint {
    /// Monday of the week.
    pub week: NaiveDate,
    /// Mean B.
    pub burnout: Option<f64>,
    /// Mean R.
    pub rustout: Option<f64>,
    /// Mean C.
    pub balance: Option<f64>,
    /// Respondents per member, 0–1.
    pub participation: Option<f64>,
}

/// What a leader's dashboard shows for one unit and window. Every field comes from shown weeks
/// only; when no week was shown, every figure is `None` or empty and `not_shown` says why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// How many weeks were shown.
    pub weeks_shown: usize,
    /// The weeks not shown, with their reasons (never their size).
    pub not_shown: Vec<NotShown>,
    /// Check-ins per possible check-in over the shown weeks, 0–1.
    pub participation: Option<f64>,
    /// Mean B with its band.
    pub burnout: Option<BandedMean>,
    /// Mean R with its band.
    pub rustout: Option<BandedMean>,
    /// Mean C (no bands: it says which way the load leans).
    pub balance: Option<Mean>,
    /// Share of check-ins per zone.
    pub zones: Option<ZoneShares>,
    /// "I feel stuck" flags over the shown weeks.
    pub stuck: Option<Value>,
    /// Dimensions at or above their moderate threshold, highest first.
    pub standing_out: Vec<DimensionMean>,
    /// One point per shown week, oldest first.
    pub trend: Vec<TrendPoint>,
    /// The smallest ε of the noise in the figures; `None` when they are exact.
    pub epsilon: Option<f64>,
    /// Units whose own members are left out of some shown week because their budget was spent.
    pub budget_spent: Vec<UnitId>,
}

/// Summarises one unit's window for its leader, banding means on the pulse's thresholds.
pub fn summarize(stats: &WindowStats, pulse: &Instrument) -> Summary {
    let totals = stats.totals.as_ref();
    let banded = |mean: Option<Mean>, index: Index| {
        mean.map(|mean| BandedMean {
            mean,
            band: pulse.index_thresholds(index).band(mean.value),
        })
    };
    Summary {
        weeks_shown: stats.shown.len(),
        not_shown: stats.not_shown.clone(),
        participation: totals.and_then(Figures::participation),
        burnout: banded(totals.and_then(Figures::burnout_mean), Index::Burnout),
        rustout: banded(totals.and_then(Figures::rustout_mean), Index::Rustout),
        balance: totals.and_then(Figures::balance_mean),
        zones: totals.and_then(zone_shares),
        stuck: totals.map(|t| t.stuck),
        standing_out: totals.map(|t| standing_out(t, pulse)).unwrap_or_default(),
        trend: stats.shown.iter().map(trend_point).collect(),
        epsilon: totals.and_then(|t| t.epsilon),
        budget_spent: totals.map(|t| t.budget_spent.clone()).unwrap_or_default(),
    }
}

fn zone_shares(figures: &Figures) -> Option<ZoneShares> {
    let counts = figures.zones.map(|z| z.value.max(0.0));
    let total: f64 = counts.iter().sum();
    if !(total.is_finite() && total > 0.0) {
        return None;
    }
    let percent = |count: f64| 100.0 * count / total;
    Some(ZoneShares {
        thriving: percent(counts[0]),
        burnout: percent(counts[1]),
        rustout: percent(counts[2]),
        both: percent(counts[3]),
    })
}

fn standing_out(figures: &Figures, pulse: &Instrument) -> Vec<DimensionMean> {
    let mut found: Vec<DimensionMean> = figures
        .dimensions
        .iter()
        .filter_map(|(id, sums)| {
            let mean = sums.mean(0.0, SCORE_MAX)?;
            let thresholds = match pulse.dimension(id) {
                Some(dimension) => pulse.dimension_thresholds(dimension),
                None => pulse.bands.dimensions.thresholds,
            };
            let band = thresholds.band(mean.value);
            band.is_elevated().then(|| DimensionMean {
                id: id.clone(),
                mean,
                band,
            })
        })
        .collect();
    found.sort_by(|a, b| {
        b.mean
            .value
            .total_cmp(&a.mean.value)
            .then_with(|| a.id.cmp(&b.id))
    });
    found
}

fn trend_point(shown: &ShownWeek) -> TrendPoint {
    let f = &shown.figures;
    TrendPoint {
        week: shown.week,
        burnout: f.burnout_mean().map(|m| m.value),
        rustout: f.rustout_mean().map(|m| m.value),
        balance: f.balance_mean().map(|m| m.value),
        participation: f.participation(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instrument::builtin_by_id;
    use crate::privacy::cell::tests::uniform_cell;

    fn week(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 3, day).expect("date")
    }

    fn shown(day: u32, n: u64, score: f64) -> WeekCell {
        WeekCell {
            week: week(day),
            released: Released::Shown(Box::new(Figures::from_cell(
                &uniform_cell(n, score),
                10,
                &["growth".to_string()],
            ))),
        }
    }

    fn hidden(day: u32) -> WeekCell {
        WeekCell {
            week: week(day),
            released: Released::Suppressed(Reason::Protected),
        }
    }

    fn pulse() -> &'static Instrument {
        builtin_by_id("pulse").expect("the pulse ships")
    }

    #[test]
    fn a_window_summarises_shown_weeks_only() {
        let weeks = [shown(3, 6, 30.0), hidden(10), shown(17, 8, 78.0)];
        let stats = window_stats(&weeks).expect("distinct weeks");
        let summary = summarize(&stats, pulse());
        assert_eq!(summary.weeks_shown, 2);
        assert_eq!(
            summary.not_shown,
            vec![NotShown {
                week: week(10),
                reason: Reason::Protected
            }]
        );
        let burnout = summary.burnout.expect("a mean");
        assert!((burnout.mean.value - (6.0 * 30.0 + 8.0 * 78.0) / 14.0).abs() < 1e-9);
        // 57.4: over the pulse's moderate cut (55).
        assert_eq!(burnout.band, Band::Moderate);
        assert_eq!(summary.participation, Some(14.0 / 20.0));
        assert_eq!(summary.trend.len(), 2);
        assert_eq!(summary.trend[1].burnout, Some(78.0));
        let zones = summary.zones.expect("zones");
        assert_eq!(zones.thriving, 100.0);
        assert_eq!(summary.standing_out.len(), 1);
        assert_eq!(summary.standing_out[0].id, "growth");
        assert_eq!(summary.epsilon, None);
    }

    #[test]
    fn a_hidden_dropped_week_changes_nothing() {
        // Window of four weeks whose last week was not shown, and the same window one week
        // shorter: identical figures, so subtracting them yields nothing.
        let four = [
            shown(3, 6, 30.0),
            shown(10, 7, 45.0),
            shown(17, 8, 58.0),
            hidden(24),
        ];
        let three = &four[..3];
        let long = window_stats(&four).expect("distinct weeks");
        let short = window_stats(three).expect("distinct weeks");
        assert_eq!(long.totals, short.totals);
        assert_eq!(long.shown, short.shown);
        let (a, b) = (summarize(&long, pulse()), summarize(&short, pulse()));
        assert_eq!(a.burnout, b.burnout);
        assert_eq!(a.stuck, b.stuck);
        assert_eq!(a.participation, b.participation);
        assert_eq!(a.not_shown.len(), 1);
    }

    #[test]
    fn a_shown_dropped_week_differs_by_exactly_its_released_cell() {
        let four = [
            shown(3, 6, 30.0),
            shown(10, 7, 45.0),
            shown(17, 8, 58.0),
            shown(24, 5, 70.0),
        ];
        let long = window_stats(&four).expect("distinct weeks");
        let short = window_stats(&four[..3]).expect("distinct weeks");
        let (long, short) = (long.totals.expect("shown"), short.totals.expect("shown"));
        let dropped = four[3].released.figures().expect("shown");
        assert_eq!(
            long.burnout.sum.value - short.burnout.sum.value,
            dropped.burnout.sum.value
        );
        assert_eq!(
            long.respondents.value - short.respondents.value,
            dropped.respondents.value
        );
    }

    #[test]
    fn nothing_shown_means_no_figures_at_all() {
        let stats = window_stats(&[hidden(3), hidden(10)]).expect("distinct weeks");
        let summary = summarize(&stats, pulse());
        assert_eq!(summary.weeks_shown, 0);
        assert_eq!(summary.burnout, None);
        assert_eq!(summary.participation, None);
        assert_eq!(summary.stuck, None);
        assert!(summary.trend.is_empty() && summary.standing_out.is_empty());
        assert_eq!(summary.not_shown.len(), 2);
        let json = serde_json::to_string(&summary.not_shown).expect("serializable");
        assert!(
            !json.contains("respondents") && !json.contains("members"),
            "{json}"
        );
    }

    #[test]
    fn a_week_given_twice_is_refused() {
        assert_eq!(
            window_stats(&[shown(3, 6, 30.0), hidden(3)]),
            Err(SummaryError::DuplicateWeek(week(3)))
        );
    }

    #[test]
    fn weeks_are_ordered_oldest_first() {
        let stats = window_stats(&[shown(17, 8, 58.0), shown(3, 6, 30.0)]).expect("distinct");
        assert_eq!(stats.shown[0].week, week(3));
        let summary = summarize(&stats, pulse());
        assert_eq!(summary.trend[0].week, week(3));
    }
}
