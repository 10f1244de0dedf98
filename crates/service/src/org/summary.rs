//! The leader's summary of one unit over a window of weeks (DESIGN §4): participation, means and
//! bands, zones, the weekly trend, the dimensions that stand out, stuck flags, honest change
//! against the previous window of the same length, and the leader practices ranked for this
//! picture.
//!
//! Only admins and the leaders of the unit or of a unit above it may ask. The figures are built
//! **only from frozen weekly releases**: [`read_window`] takes nothing but an
//! [`AggregateStore`], which has no method that returns a person's row.

use super::access::{UnitRef, require_viewer, unit_or_not_found};
use super::convert::{last_closed_week, monday_of, pulse};
use super::release::{decode, release_due_weeks_os};
use super::{OrgError, OrgResult};
use anneal_core::instrument::Instrument;
use anneal_core::model::{DimensionScore, IndexScore};
use anneal_core::privacy::{
    Figures, Measure, Shift, Summary, WeekCell, WindowStats, shift, summarize, window_stats,
};
use anneal_core::recommend::{Recommendation, RecommendationInput, recommend};
use anneal_core::strategy::{self, Audience};
use anneal_core::trend::{Trend, trend};
use anneal_core::{Score, Zone};
use anneal_store::Backend;
use anneal_store::UserId;
use anneal_store::org::{AggregateStore, UnitId};
use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};
use serde::Serialize;

/// Weeks in the window when none is asked for.
pub const DEFAULT_WINDOW_WEEKS: u64 = 4;
/// The longest window, in weeks (three years).
pub const MAX_WINDOW_WEEKS: u64 = 156;

/// A window of whole weeks, named by their Mondays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Window {
    /// Monday of the first week.
    pub from: NaiveDate,
    /// Monday of the last week.
    pub to: NaiveDate,
}

impl Window {
    /// How many weeks the window holds.
    pub fn weeks(&self) -> u64 {
        (self.to - self.from).num_weeks().max(0) as u64 + 1
    }

    /// The window of the same length just before this one.
    fn previous(&self) -> Option<Window> {
        let length = Days::new(7 * self.weeks());
        Some(Window {
            from: self.from.checked_sub_days(length)?,
            to: self.to.checked_sub_days(length)?,
        })
    }
}

/// Resolves the window asked for: any date stands for the week it is in; without `to`, the last
/// week that has ended; without `from`, [`DEFAULT_WINDOW_WEEKS`] weeks up to `to`.
pub fn resolve_window(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> OrgResult<Window> {
    let to = match to.or_else(|| last_closed_week(now)) {
        Some(to) => monday_of(to),
        None => return Err(OrgError::invalid("to: give the last week of the period")),
    };
    let from = match from {
        Some(from) => monday_of(from),
        None => to
            .checked_sub_days(Days::new(7 * (DEFAULT_WINDOW_WEEKS - 1)))
            .unwrap_or(to),
    };
    if from > to {
        return Err(OrgError::invalid(format!(
            "from: the period starts in the week of {from}, after it ends (the week of {to}); \
             give from on or before to"
        )));
    }
    let window = Window { from, to };
    if window.weeks() > MAX_WINDOW_WEEKS {
        return Err(OrgError::invalid(format!(
            "from, to: {} weeks is too long a period; at most {MAX_WINDOW_WEEKS}",
            window.weeks()
        )));
    }
    Ok(window)
}

/// Change of one mean between the previous window and this one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The window compared against: the same length, just before.
    pub compared_with: Window,
    /// Burnout index B.
    pub burnout: Shift,
    /// Rust-out index R.
    pub rustout: Shift,
    /// Challenge balance C.
    pub balance: Shift,
}

/// What a leader's dashboard shows for one unit and window. Serializable: the API returns it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitSummary {
    /// The unit (its figures include every unit below it).
    pub unit: UnitRef,
    /// Its direct sub-units, whose summaries can be asked for in turn.
    pub sub_units: Vec<UnitRef>,
    /// The weeks summarised.
    pub window: Window,
    /// The unit's k now (older weeks may have been held to a stricter one).
    pub k: u32,
    /// The figures, from shown weeks only; hidden weeks are listed with their reason.
    pub figures: Summary,
    /// Honest change against the previous window of the same length.
    pub change: Change,
    /// Leader practices ranked for this picture, each with its reason; empty when nothing stands
    /// out or nothing could be shown.
    pub practices: Vec<Recommendation>,
    /// Plain-words notes: hidden weeks and why, the noise added, units left out, and that this
    /// is a screening picture of a group, not a diagnosis of anyone.
    pub notes: Vec<String>,
}

/// The summary of `unit` for `viewer`, over the window asked for (see [`resolve_window`]).
/// Admins and leaders of the unit or a unit above it only; anyone else is `Forbidden`. Weeks that
/// have ended and are not released yet are released first, with operating-system randomness.
pub async fn unit_summary(
    store: &dyn Backend,
    viewer: UserId,
    unit: UnitId,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> OrgResult<UnitSummary> {
    require_viewer(store, viewer, unit).await?;
    let target = unit_or_not_found(store, unit).await?;
    let window = resolve_window(from, to, now)?;
    release_due_weeks_os(store, now).await?;
    let sub_units = store
        .units()
        .await?
        .into_iter()
        .filter(|u| u.parent == Some(unit))
        .map(|u| UnitRef {
            id: u.id,
            name: u.name,
        })
        .collect();
    let pulse = pulse()?;
    let stats = read_window(store, unit, window).await?;
    let figures = summarize(&stats, pulse);
    let change = match window.previous() {
        Some(before) => {
            let earlier = read_window(store, unit, before).await?;
            Change {
                compared_with: before,
                burnout: shift(&earlier, &stats, Measure::Burnout),
                rustout: shift(&earlier, &stats, Measure::Rustout),
                balance: shift(&earlier, &stats, Measure::Balance),
            }
        }
        None => Change {
            compared_with: window,
            burnout: Shift::NotEnoughData,
            rustout: Shift::NotEnoughData,
            balance: Shift::NotEnoughData,
        },
    };
    let practices = practices(&stats, &figures, pulse, window, now);
    let notes = notes(&figures, store, window).await?;
    Ok(UnitSummary {
        unit: UnitRef {
            id: target.id,
            name: target.name,
        },
        sub_units,
        window,
        k: target.rules.k,
        figures,
        change,
        practices,
        notes,
    })
}

/// A unit's released weeks in the window, sorted into shown and hidden, and totalled. Reads
/// frozen releases only, through the aggregate store. Crate-private: outside callers go through
/// [`unit_summary`], which checks who is asking first.
pub(crate) async fn read_window(
    store: &dyn AggregateStore,
    unit: UnitId,
    window: Window,
) -> OrgResult<WindowStats> {
    let mut weeks = Vec::new();
    for release in store.releases(unit, window.from, window.to).await? {
        weeks.push(WeekCell {
            week: release.week,
            released: decode(&release)?,
        });
    }
    window_stats(&weeks).map_err(|e| OrgError::Internal(format!("unit {}: {e}", unit.0)))
}

/// The team's picture as a score of means, for ranking leader practices. `None` without shown
/// weeks.
fn team_score(totals: &Figures, pulse: &Instrument) -> Option<Score> {
    let band = |index, value| pulse.index_thresholds(index).band(value);
    let burnout = totals.burnout_mean()?.value;
    let rustout = totals.rustout_mean()?.value;
    let burnout = IndexScore {
        score: burnout,
        band: band(anneal_core::Index::Burnout, burnout),
    };
    let rustout = IndexScore {
        score: rustout,
        band: band(anneal_core::Index::Rustout, rustout),
    };
    let dimensions = pulse
        .dimensions
        .iter()
        .filter_map(|d| {
            let mean = totals.dimensions.get(&d.id)?.mean(0.0, 100.0)?.value;
            Some(DimensionScore {
                id: d.id.clone(),
                index: d.index,
                score: mean,
                band: pulse.dimension_thresholds(d).band(mean),
            })
        })
        .collect();
    Some(Score {
        instrument: pulse.id.clone(),
        instrument_version: pulse.version,
        zone: Zone::from_bands(burnout.band, rustout.band),
        burnout,
        rustout,
        balance: totals.balance_mean().map(|m| m.value),
        dimensions,
    })
}

/// The trend of a weekly mean over the shown weeks, up to the end of the window.
fn weekly_trend(
    stats: &WindowStats,
    end: DateTime<Utc>,
    mean: impl Fn(&Figures) -> Option<f64>,
) -> Option<Trend> {
    let points: Vec<(DateTime<Utc>, f64)> = stats
        .shown
        .iter()
        .filter_map(|w| Some((w.week.and_time(NaiveTime::MIN).and_utc(), mean(&w.figures)?)))
        .collect();
    trend(&points, end)
}

/// Leader practices ranked for the released picture.
fn practices(
    stats: &WindowStats,
    figures: &Summary,
    pulse: &Instrument,
    window: Window,
    now: DateTime<Utc>,
) -> Vec<Recommendation> {
    let Some(score) = stats.totals.as_ref().and_then(|t| team_score(t, pulse)) else {
        return Vec::new();
    };
    let end = window.to.and_time(NaiveTime::MIN).and_utc();
    // Someone said they feel stuck — clearly, beyond what the noise could make up.
    let stuck = figures.stuck.is_some_and(|s| s.value - s.margin90() >= 0.5);
    recommend(
        &RecommendationInput {
            score: &score,
            burnout_trend: weekly_trend(stats, end, |f| f.burnout_mean().map(|m| m.value)),
            rustout_trend: weekly_trend(stats, end, |f| f.rustout_mean().map(|m| m.value)),
            warnings: &[],
            stuck,
            // A leader never learns whether one person's notice is raised, and a team has no role
            // context of its own.
            safety: false,
            context: anneal_core::context::RiskContext::default(),
            dismissed: &[],
            adopted: &[],
            now,
        },
        strategy::builtin(),
        Audience::Leader,
    )
}

async fn notes(figures: &Summary, store: &dyn Backend, window: Window) -> OrgResult<Vec<String>> {
    let mut notes = Vec::new();
    let weeks = window.weeks();
    if figures.weeks_shown == 0 {
        notes.push(format!(
            "Nothing can be shown for these {weeks} weeks: a group's figures appear only when \
             enough people answered, so that nobody can be pointed at."
        ));
    }
    let protected = figures
        .not_shown
        .iter()
        .filter(|w| matches!(w.reason, anneal_core::privacy::Reason::Protected))
        .count();
    if protected > 0 && figures.weeks_shown > 0 {
        notes.push(format!(
            "{protected} of the {weeks} weeks are not shown: too few people answered to show \
             this group without risk of pointing at someone. They are left out of every figure."
        ));
    }
    if let Some(until) = figures.not_shown.iter().find_map(|w| match w.reason {
        anneal_core::privacy::Reason::BudgetSpent { until } => Some(until),
        anneal_core::privacy::Reason::Protected => None,
    }) {
        notes.push(format!(
            "Some weeks are not shown because this unit's privacy budget for the quarter is \
             spent; figures return on {until}."
        ));
    }
    if let Some(epsilon) = figures.epsilon {
        notes.push(format!(
            "Random noise was added to protect individuals (ε = {epsilon}); each mean comes with \
             the range it is within nine times in ten."
        ));
    }
    if !figures.budget_spent.is_empty() {
        let mut names = Vec::new();
        for unit in &figures.budget_spent {
            names.push(match store_unit_name(store, *unit).await? {
                Some(name) => name,
                None => format!("unit {}", unit.0),
            });
        }
        notes.push(format!(
            "The members of {} are left out of some weeks: their privacy budget for the quarter \
             was spent.",
            names.join(", ")
        ));
    }
    notes.push(
        "These are screening figures for a group, not a diagnosis of anyone. A change is called \
         real only when it is larger than a group this size would show by chance."
            .to_string(),
    );
    Ok(notes)
}

async fn store_unit_name(
    store: &dyn Backend,
    unit: anneal_core::privacy::UnitId,
) -> OrgResult<Option<String>> {
    Ok(store.unit(UnitId(unit.0)).await?.map(|u| u.name))
}
