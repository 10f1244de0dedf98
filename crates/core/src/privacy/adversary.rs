//! The adversary harness: what can a viewer who knows *everything but one person's check-in*
//! work out from what is released?
//!
//! The strongest viewer there is knows the tree, every membership, every rule and floor, every
//! budget, their own answers and every other person's answers (because they made those accounts,
//! or simply know their colleagues), and keeps every release. The only things they do not know
//! are the target's contribution and the noise. The harness decides what such a viewer can learn
//! by exact reasoning on whole numbers, in the way a proof of differential privacy does:
//!
//! - Take the world as it is (the *actual* week inputs) and an *alternative* the viewer's
//!   knowledge cannot rule out by itself: the target absent, or answering differently, with
//!   everything else the same.
//! - Release the actual world with recorded noise ([`Recorder`]). Release the alternative with
//!   the same draws shifted, slot by slot, by the difference between the two worlds' exact
//!   whole-number figures ([`Replay`]), so that every noisy own cell comes out the same.
//! - If the two releases are **identical** — every figure, every shown or hidden cell, every
//!   reason, member count, budget note and spend — then the alternative explains exactly what the
//!   viewer saw, so the viewer cannot tell the two worlds apart by any arithmetic on the
//!   releases. If anything released depends on the data other than through the noisy cells (an
//!   exact count deciding show or hide, a member count taken from the respondents, a rule that
//!   loosened), the releases differ and the harness says where.
//! - The **cost** of the shift is Σ |shift| / t over the slots: discrete Laplace noise makes a
//!   draw d and a draw d + δ differ in probability by exactly e^(|δ|/t), so the viewer's odds
//!   between the two worlds move by at most e^cost. Bounding the cost by the ε promised to the
//!   target is the guarantee `docs/privacy.md` states.
//!
//! The set of values a target's check-in could take, given everything seen, is then the set of
//! alternatives whose releases are identical ([`consistent`]); the tests assert it is never a
//! single point, and that the cost of every alternative stays within the promise.
//!
//! The harness is used by this crate's property and scenario tests and by the service's tests on
//! both store backends (which build the two worlds in two real databases).

use super::cell::OwnCell;
use super::noise::{BadRandom, NoiseSource, Slot, discrete_laplace, exact_values};
use super::release::{ReleaseError, WeekInput, WeekRelease, release_week};
use super::tree::UnitId;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// Draws noise from a uniform source and records each draw and its scale by slot.
#[derive(Debug)]
pub struct Recorder<F> {
    uniform: F,
    draws: BTreeMap<Slot, (i64, f64)>,
}

impl<F: FnMut() -> f64> Recorder<F> {
    /// A recorder drawing from `uniform`.
    pub fn new(uniform: F) -> Recorder<F> {
        Recorder {
            uniform,
            draws: BTreeMap::new(),
        }
    }

    /// The draws made, to replay.
    pub fn draws(&self) -> &BTreeMap<Slot, (i64, f64)> {
        &self.draws
    }

    /// The draws made, given up to a [`Replay`].
    pub fn into_draws(self) -> BTreeMap<Slot, (i64, f64)> {
        self.draws
    }
}

impl<F: FnMut() -> f64> NoiseSource for Recorder<F> {
    fn draw(&mut self, slot: Slot, scale: f64) -> Result<i64, BadRandom> {
        let draw = discrete_laplace(scale, &mut self.uniform)?;
        self.draws.insert(slot, (draw, scale));
        Ok(draw)
    }
}

/// Replays recorded draws shifted by `offsets`, adding up what the shift costs and noting every
/// slot whose scale differs or that only one world draws.
#[derive(Debug)]
pub struct Replay {
    draws: BTreeMap<Slot, (i64, f64)>,
    offsets: BTreeMap<Slot, i64>,
    used: BTreeSet<Slot>,
    cost: f64,
    problems: Vec<String>,
}

impl Replay {
    /// Replays `draws`, each shifted by its offset (0 when none is given).
    pub fn new(draws: BTreeMap<Slot, (i64, f64)>, offsets: BTreeMap<Slot, i64>) -> Replay {
        Replay {
            draws,
            offsets,
            used: BTreeSet::new(),
            cost: 0.0,
            problems: Vec::new(),
        }
    }

    /// The cost of the shifts made, and what did not line up (a slot only one world drew, or
    /// drew at another scale: the noise itself depended on the data).
    pub fn finish(mut self) -> (f64, Vec<String>) {
        for slot in self.draws.keys() {
            if !self.used.contains(slot) {
                self.problems.push(format!(
                    "{slot:?} is noised in the actual world only: whether a cell is noised \
                     depends on the data"
                ));
            }
        }
        (self.cost, self.problems)
    }
}

impl NoiseSource for Replay {
    fn draw(&mut self, slot: Slot, scale: f64) -> Result<i64, BadRandom> {
        self.used.insert(slot);
        let Some(&(draw, recorded)) = self.draws.get(&slot) else {
            self.problems.push(format!(
                "{slot:?} is noised in the alternative world only: whether a cell is noised \
                 depends on the data"
            ));
            return Ok(0);
        };
        if recorded != scale {
            self.problems.push(format!(
                "{slot:?} is noised at scale {recorded} in one world and {scale} in the other: \
                 the noise depends on the data"
            ));
        }
        let offset = self.offsets.get(&slot).copied().unwrap_or(0);
        self.cost += offset.unsigned_abs() as f64 / scale;
        Ok(draw + offset)
    }
}

/// For every slot of every unit in either world, the actual world's exact whole-number figure
/// minus the alternative's: the shift that makes the alternative's noisy cells equal the
/// actual's.
pub fn offsets(
    week: NaiveDate,
    actual: &BTreeMap<UnitId, OwnCell>,
    alternative: &BTreeMap<UnitId, OwnCell>,
    dimensions: &[String],
) -> BTreeMap<Slot, i64> {
    let empty = OwnCell::default();
    let units: BTreeSet<UnitId> = actual.keys().chain(alternative.keys()).copied().collect();
    let mut shifts = BTreeMap::new();
    for unit in units {
        let a = exact_values(actual.get(&unit).unwrap_or(&empty), week, unit, dimensions);
        let b = exact_values(
            alternative.get(&unit).unwrap_or(&empty),
            week,
            unit,
            dimensions,
        );
        for ((slot, x), (_, y)) in a.into_iter().zip(b) {
            if x != y {
                shifts.insert(slot, x - y);
            }
        }
    }
    shifts
}

/// What the harness found for one alternative.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// Whether every release of the alternative equals the actual one: the viewer cannot rule
    /// the alternative out.
    pub identical: bool,
    /// e^cost bounds how much the viewer's odds between the two worlds can move.
    pub cost: f64,
    /// Where the worlds could be told apart, in words; empty when `identical`.
    pub differences: Vec<String>,
    /// The actual world's releases, as the viewer saw them.
    pub releases: Vec<WeekRelease>,
}

/// Releases the actual weeks with noise drawn from `uniform`, and the alternative weeks with the
/// same noise shifted so that their noisy cells match, and compares everything released. The
/// two lists pair up week by week (one week's input each, same weeks).
pub fn compare(
    actual: &[WeekInput<'_>],
    alternative: &[WeekInput<'_>],
    uniform: &mut impl FnMut() -> f64,
) -> Result<Verdict, ReleaseError> {
    let mut verdict = Verdict {
        identical: actual.len() == alternative.len(),
        cost: 0.0,
        differences: Vec::new(),
        releases: Vec::new(),
    };
    if !verdict.identical {
        verdict
            .differences
            .push("the two worlds have a different number of weeks".to_string());
    }
    for (a, b) in actual.iter().zip(alternative) {
        let mut recorder = Recorder::new(&mut *uniform);
        let seen = release_week(a, &mut recorder)?;
        let shift = offsets(a.week, a.cells, b.cells, a.dimensions);
        let mut replay = Replay::new(recorder.draws, shift);
        let other = release_week(b, &mut replay)?;
        let (cost, problems) = replay.finish();
        verdict.cost += cost;
        verdict.differences.extend(problems);
        for (unit, released) in &seen.cells {
            if other.cells.get(unit) != Some(released) {
                verdict.differences.push(format!(
                    "the week of {}: {unit}'s release differs ({released:?} against {:?})",
                    a.week,
                    other.cells.get(unit)
                ));
            }
        }
        if seen.spend != other.spend {
            verdict.differences.push(format!(
                "the week of {}: the budget spent differs ({:?} against {:?})",
                a.week, seen.spend, other.spend
            ));
        }
        verdict.releases.push(seen);
    }
    verdict.identical = verdict.identical && verdict.differences.is_empty();
    Ok(verdict)
}

/// For each alternative, whether it explains exactly what was released in the actual world (so
/// the viewer cannot rule it out) and at what cost: the set of values the target's check-ins
/// could take, given everything the viewer knows and sees.
pub fn consistent(
    actual: &[WeekInput<'_>],
    alternatives: &[Vec<WeekInput<'_>>],
    uniform: &mut impl FnMut() -> f64,
) -> Result<Vec<Verdict>, ReleaseError> {
    alternatives
        .iter()
        .map(|alternative| compare(actual, alternative, uniform))
        .collect()
}
