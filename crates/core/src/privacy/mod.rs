//! The privacy rules for team figures (DESIGN §4), pure: no I/O, randomness passed in.
//!
//! How a leader's figures come about:
//!
//! 1. Each shared check-in is added to its unit's *own cell* for the ISO week it was received in
//!    (the person's latest check-in of the week counts; one unit per person). The store keeps
//!    these sums; nothing here ever sees a person's row.
//! 2. When a week has ended, [`release_week`] releases it once for the whole organisation and the
//!    store freezes the result: for every unit, the figures of its whole subtree, or the reason
//!    they are not shown. A later request, or a later change to the tree, never recomputes a
//!    past week.
//!    - **k rule**: a subtree is shown only with at least k distinct respondents, k being the
//!      larger of the unit's k and the strictest k any contribution in it was given under.
//!    - **Secondary suppression**: for every unit, the equation "subtree = own
//!      members + sub-units' subtrees" has no hidden term or at least two, so nothing hidden can
//!      be recovered by subtraction.
//!    - **Noise** (always): whole-number discrete Laplace noise drawn once per unit's own cell,
//!      so every figure is a sum of noisy own cells; a unit's noise covers every member below
//!      it. The k rule and suppression read the *noisy* counts, so what is shown is as private
//!      as the figures. Each unit's own members spend their ε from a quarterly budget; when it
//!      is spent they are left out until the next quarter.
//! 3. Every figure a leader sees — a week, a window of weeks, a parent or a child — is built from
//!    shown weekly cells only ([`window_stats`], [`summarize`]); hidden weeks never enter a total.
//!    Change between two windows is judged by [`shift`], which says "no clear change" unless the
//!    difference clears the noise of a group that size.
//!
//! The guarantees, their proof and their limits are written out for everyone in
//! `docs/privacy.md`.

pub mod adversary;
mod cell;
mod figures;
mod noise;
mod release;
mod rules;
mod shift;
mod summary;
mod suppress;
mod tree;

#[cfg(test)]
mod properties;
#[cfg(test)]
mod scenarios;
#[cfg(test)]
mod usefulness;

pub use cell::{BALANCE_MAX, CellError, Moments, OwnCell, SCORE_MAX};
pub use figures::{Figures, Mean, Reason, Released, Sums, Value, Z90};
pub use noise::{
    BadRandom, COUNT_SENSITIVITY, Figure, NoiseSource, SHARES, SUM_SENSITIVITY, Shares, Slot,
    chance_burnout_guess_is_off_by_more_than, discrete_laplace, noise_log_probability, noise_scale,
    noise_variance, sensitivity_and_share,
};
pub use release::{ReleaseError, UnitState, WeekInput, WeekRelease, release_week};
pub use rules::{
    DEFAULT_EPSILON, DEFAULT_K, DEFAULT_QUARTERLY_BUDGET, MAX_EPSILON, MAX_K, MAX_QUARTERLY_BUDGET,
    MIN_EPSILON, MIN_K, Rules, RulesChange, RulesError, next_quarter_start, quarter_start,
    rules_in_force, strictest, validate_rules, validate_rules_change,
};
pub use shift::{Measure, SHIFT_CRITICAL, Shift, shift, t_critical};
pub use summary::{
    BandedMean, DimensionMean, NotShown, ShownWeek, Summary, SummaryError, TrendPoint, WeekCell,
    WindowStats, ZoneShares, summarize, window_stats,
};
pub use tree::{Tree, TreeError, UnitId};
