//! Differential privacy: integer noise on one unit's own weekly figures.
//!
//! Noise is drawn once per unit's *own* cell (the members directly in it) when the week is
//! released, for every unit with members, every week, whoever answered; every subtree figure is
//! then the sum of already-noised own cells. Each person is in exactly one own cell, so one
//! released week costs each person exactly the ε of their own cell, however many levels of the
//! tree show a figure containing them (summing released values is post-processing).
//!
//! **Safe on floating point.** Every figure is first snapped to a whole number (counts already
//! are; sums of scores are rounded to whole points), and the noise is a whole number too: a
//! discrete Laplace draw, P(x) ∝ exp(−|x| / t). A released figure is therefore an integer whose
//! distribution has every integer in its support whatever the data, so its low-order bits carry
//! nothing (the attack of Mironov, 2012, on floating-point Laplace noise needs the gaps between
//! representable doubles that a continuous sampler leaves; there are none here).
//!
//! Within a cell, ε is split across its figures by fixed shares ([`SHARES`]); a figure one person
//! can move by at most Δ gets noise of scale t = Δ / (share · ε). Moving an integer figure by δ
//! changes the probability of any released value by a factor of at most exp(|δ| / t), so by
//! composition the whole cell is ε-differentially private with respect to adding or removing one
//! person's check-in.

use super::figures::{Figures, Value};
use super::tree::UnitId;
use chrono::NaiveDate;
use thiserror::Error;

/// How much one person can move a count (respondents, stuck flags, a zone, a measure's n).
pub const COUNT_SENSITIVITY: f64 = 1.0;
/// How much one person can move a sum of 0–100 scores (or −100…100 balances) once the sum is
/// rounded to whole points: their score, plus one for the rounding.
pub const SUM_SENSITIVITY: f64 = 101.0;

/// The share of a cell's ε each figure gets. Fixed, so the noise never depends on the data.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shares {
    /// Respondents (also the n of B and R, which every respondent has).
    pub respondents: f64,
    /// Sum of B.
    pub burnout_sum: f64,
    /// Sum of R.
    pub rustout_sum: f64,
    /// How many gave a balance C.
    pub balance_n: f64,
    /// Sum of C.
    pub balance_sum: f64,
    /// The zone histogram (one person adds 1 to one of the four counts, so the four share it).
    pub zones: f64,
    /// Stuck flags.
    pub stuck: f64,
    /// All dimensions together, split equally between them, and within one dimension a quarter
    /// for n and three quarters for the sum.
    pub dimensions: f64,
}

/// The split of ε used for every cell. Mean B and mean R lead the dashboard, so their sums get
/// the most; the respondent count decides what is shown and is the n of both means. No sums of
/// squares are released: for a small group their noise would swamp them, and the change test
/// reads the spread from the weekly series instead.
pub const SHARES: Shares = Shares {
    respondents: 0.15,
    burnout_sum: 0.25,
    rustout_sum: 0.20,
    balance_n: 0.03,
    balance_sum: 0.07,
    zones: 0.10,
    stuck: 0.05,
    dimensions: 0.15,
};

/// Which figure of which own cell a draw is for: draws are made per slot, so a test can replay
/// a release with chosen noise (see the adversary harness).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slot {
    /// Monday of the week released.
    pub week: NaiveDate,
    /// The unit whose own cell is noised.
    pub unit: UnitId,
    /// The figure.
    pub figure: Figure,
}

/// One noised figure of an own cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Figure {
    /// Respondents.
    Respondents,
    /// Sum of B.
    BurnoutSum,
    /// Sum of R.
    RustoutSum,
    /// How many gave a balance.
    BalanceN,
    /// Sum of C.
    BalanceSum,
    /// One zone's count (0 thriving, 1 burnout, 2 rust-out, 3 both).
    Zone(u8),
    /// Stuck flags.
    Stuck,
    /// The n of the i-th listed dimension.
    DimensionN(u16),
    /// The sum of the i-th listed dimension.
    DimensionSum(u16),
}

/// Where the noise of a release comes from. Any uniform source `FnMut() -> f64` returning
/// numbers in `[0, 1)` is one: it draws discrete Laplace noise ([`discrete_laplace`]).
pub trait NoiseSource {
    /// A whole-number noise draw of scale `t` for `slot`.
    fn draw(&mut self, slot: Slot, scale: f64) -> Result<i64, BadRandom>;
}

impl<F: FnMut() -> f64> NoiseSource for F {
    fn draw(&mut self, _slot: Slot, scale: f64) -> Result<i64, BadRandom> {
        discrete_laplace(scale, self)
    }
}

/// The uniform random source returned something outside `[0, 1)`.
#[derive(Debug, Clone, Copy, PartialEq, Error)]
#[error("the random source returned {0}; it must return numbers in [0, 1)")]
pub struct BadRandom(pub f64);

/// Noise scale t = Δ / (share · ε).
pub fn noise_scale(sensitivity: f64, share: f64, epsilon: f64) -> f64 {
    sensitivity / (share * epsilon)
}

/// Variance of discrete Laplace noise of scale t: 2p / (1 − p)² with p = e^(−1/t).
pub fn noise_variance(scale: f64) -> f64 {
    let p = (-1.0 / scale).exp();
    2.0 * p / ((1.0 - p) * (1.0 - p))
}

/// log P(X = x) for discrete Laplace noise of scale t: log((1 − p) / (1 + p)) − |x| / t.
pub fn noise_log_probability(scale: f64, x: i64) -> f64 {
    let p = (-1.0 / scale).exp();
    ((1.0 - p) / (1.0 + p)).ln() - (x.unsigned_abs() as f64) / scale
}

/// An Exp(1) draw, −ln(1 − u) with u in [0, 1): always finite and ≥ 0.
fn exponential(uniform: &mut impl FnMut() -> f64) -> Result<f64, BadRandom> {
    let u = uniform();
    if !(0.0..1.0).contains(&u) {
        return Err(BadRandom(u));
    }
    Ok(-(1.0 - u).ln())
}

/// One discrete Laplace draw of scale t: ⌊t·E₁⌋ − ⌊t·E₂⌋ for two Exp(1) draws. ⌊t·E⌋ is
/// geometric with P(g) = (1 − p)·pᵍ, p = e^(−1/t), and the difference of two such draws is
/// discrete Laplace. Always a whole number; never NaN.
pub fn discrete_laplace(scale: f64, uniform: &mut impl FnMut() -> f64) -> Result<i64, BadRandom> {
    let a = (scale * exponential(uniform)?).floor();
    let b = (scale * exponential(uniform)?).floor();
    // Both are below 40·t, far inside i64 for any scale the rules allow.
    Ok(a as i64 - b as i64)
}

/// Snaps a value to a whole number and adds one draw.
fn noise_value(
    value: &mut Value,
    slot: Slot,
    sensitivity: f64,
    share: f64,
    epsilon: f64,
    source: &mut impl NoiseSource,
) -> Result<(), BadRandom> {
    let scale = noise_scale(sensitivity, share, epsilon);
    value.value = value.value.round() + source.draw(slot, scale)? as f64;
    value.noise_var += noise_variance(scale);
    Ok(())
}

/// Adds ε-differentially private noise to one unit's own exact figures. B's and R's n are the
/// respondent count, so they take its noisy value rather than being noised again. Every listed
/// dimension is noised, present in the data or not, so the noise does not depend on who
/// answered what.
pub(crate) fn add_noise(
    figures: &mut Figures,
    week: NaiveDate,
    unit: UnitId,
    epsilon: f64,
    source: &mut impl NoiseSource,
) -> Result<(), BadRandom> {
    let s = SHARES;
    let slot = |figure| Slot { week, unit, figure };
    let (count, sum) = (COUNT_SENSITIVITY, SUM_SENSITIVITY);
    let respondents = slot(Figure::Respondents);
    noise_value(
        &mut figures.respondents,
        respondents,
        count,
        s.respondents,
        epsilon,
        source,
    )?;
    figures.burnout.n = figures.respondents;
    figures.rustout.n = figures.respondents;
    let b = &mut figures.burnout.sum;
    noise_value(
        b,
        slot(Figure::BurnoutSum),
        sum,
        s.burnout_sum,
        epsilon,
        source,
    )?;
    let r = &mut figures.rustout.sum;
    noise_value(
        r,
        slot(Figure::RustoutSum),
        sum,
        s.rustout_sum,
        epsilon,
        source,
    )?;
    let c = &mut figures.balance;
    noise_value(
        &mut c.n,
        slot(Figure::BalanceN),
        count,
        s.balance_n,
        epsilon,
        source,
    )?;
    let c_sum = slot(Figure::BalanceSum);
    noise_value(&mut c.sum, c_sum, sum, s.balance_sum, epsilon, source)?;
    for (i, zone) in figures.zones.iter_mut().enumerate() {
        let z = slot(Figure::Zone(i as u8));
        noise_value(zone, z, count, s.zones, epsilon, source)?;
    }
    let stuck = slot(Figure::Stuck);
    noise_value(&mut figures.stuck, stuck, count, s.stuck, epsilon, source)?;
    let per_dimension = s.dimensions / figures.dimensions.len().max(1) as f64;
    for (i, sums) in figures.dimensions.values_mut().enumerate() {
        let (dim_n, dim_sum) = (
            slot(Figure::DimensionN(i as u16)),
            slot(Figure::DimensionSum(i as u16)),
        );
        let (n_share, sum_share) = (per_dimension * 0.25, per_dimension * 0.75);
        noise_value(&mut sums.n, dim_n, count, n_share, epsilon, source)?;
        noise_value(&mut sums.sum, dim_sum, sum, sum_share, epsilon, source)?;
    }
    figures.epsilon = Some(epsilon);
    Ok(())
}

/// The whole-number value of every noised figure of one unit's own cell, as [`add_noise`] snaps
/// it before adding a draw: what the adversary harness needs to line two releases up.
pub fn exact_values(
    cell: &super::cell::OwnCell,
    week: NaiveDate,
    unit: UnitId,
    dimensions: &[String],
) -> Vec<(Slot, i64)> {
    let figures = Figures::from_cell(cell, 0, dimensions);
    let whole = |v: &Value| v.value.round() as i64;
    let slot = |figure| Slot { week, unit, figure };
    let mut values = vec![
        (slot(Figure::Respondents), whole(&figures.respondents)),
        (slot(Figure::BurnoutSum), whole(&figures.burnout.sum)),
        (slot(Figure::RustoutSum), whole(&figures.rustout.sum)),
        (slot(Figure::BalanceN), whole(&figures.balance.n)),
        (slot(Figure::BalanceSum), whole(&figures.balance.sum)),
    ];
    for (i, zone) in figures.zones.iter().enumerate() {
        values.push((slot(Figure::Zone(i as u8)), whole(zone)));
    }
    values.push((slot(Figure::Stuck), whole(&figures.stuck)));
    for (i, sums) in figures.dimensions.values().enumerate() {
        values.push((slot(Figure::DimensionN(i as u16)), whole(&sums.n)));
        values.push((slot(Figure::DimensionSum(i as u16)), whole(&sums.sum)));
    }
    values
}

/// The chance that the strongest viewer — one who knows every other answer in a shown group —
/// misses one person's burnout score by more than `points` when reading it off the released sum
/// at this ε: P(|X| > points) = 2·p^(points+1) / (1 + p) for the noise of that sum. What the
/// check-in page and `docs/privacy.md` promise.
pub fn chance_burnout_guess_is_off_by_more_than(points: u32, epsilon: f64) -> f64 {
    let t = noise_scale(SUM_SENSITIVITY, SHARES.burnout_sum, epsilon);
    let p = (-1.0 / t).exp();
    2.0 * p.powi(points as i32 + 1) / (1.0 + p)
}

/// The sensitivity and share of ε of one figure, given how many dimensions are listed: what the
/// adversary harness needs to price a change of that figure.
pub fn sensitivity_and_share(figure: Figure, dimensions: usize) -> (f64, f64) {
    let s = SHARES;
    let per_dimension = s.dimensions / dimensions.max(1) as f64;
    match figure {
        Figure::Respondents => (COUNT_SENSITIVITY, s.respondents),
        Figure::BurnoutSum => (SUM_SENSITIVITY, s.burnout_sum),
        Figure::RustoutSum => (SUM_SENSITIVITY, s.rustout_sum),
        Figure::BalanceN => (COUNT_SENSITIVITY, s.balance_n),
        Figure::BalanceSum => (SUM_SENSITIVITY, s.balance_sum),
        Figure::Zone(_) => (COUNT_SENSITIVITY, s.zones),
        Figure::Stuck => (COUNT_SENSITIVITY, s.stuck),
        Figure::DimensionN(_) => (COUNT_SENSITIVITY, per_dimension * 0.25),
        Figure::DimensionSum(_) => (SUM_SENSITIVITY, per_dimension * 0.75),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::privacy::cell::tests::uniform_cell;

    /// A deterministic uniform source (a small linear congruential generator) for tests.
    pub(crate) fn seeded(seed: u64) -> impl FnMut() -> f64 {
        let mut state = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    fn week() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 3, 3).expect("date")
    }

    #[test]
    fn the_shares_spend_exactly_epsilon() {
        let s = SHARES;
        let total = s.respondents
            + s.burnout_sum
            + s.rustout_sum
            + s.balance_n
            + s.balance_sum
            + s.zones
            + s.stuck
            + s.dimensions;
        assert!((total - 1.0).abs() < 1e-12);
    }

    /// The privacy loss of one person, read back from the noise actually added: Σ over the
    /// figures of Δ / t. The zone histogram counts once (a person is in one zone), and B's and
    /// R's n reuse the respondent count's noise.
    #[test]
    fn one_persons_privacy_loss_is_epsilon() {
        let epsilon = 0.7;
        let dimensions = 8;
        let figures = [
            Figure::Respondents,
            Figure::BurnoutSum,
            Figure::RustoutSum,
            Figure::BalanceN,
            Figure::BalanceSum,
            Figure::Zone(0),
            Figure::Stuck,
        ]
        .into_iter()
        .chain(
            (0..dimensions as u16).flat_map(|i| [Figure::DimensionN(i), Figure::DimensionSum(i)]),
        );
        let total: f64 = figures
            .map(|f| {
                let (delta, share) = sensitivity_and_share(f, dimensions);
                delta / noise_scale(delta, share, epsilon)
            })
            .sum();
        assert!((total - epsilon).abs() < 1e-9, "{total}");
    }

    #[test]
    fn draws_are_whole_numbers_and_finite_even_at_the_edges_of_the_source() {
        let mut edge = [0.0, 0.999_999_999_999_999_9].into_iter().cycle();
        let x = discrete_laplace(3.0, &mut || edge.next().unwrap_or(0.0)).expect("valid source");
        assert!(x < 0);
        assert_eq!(discrete_laplace(3.0, &mut || 1.0), Err(BadRandom(1.0)));
        assert!(discrete_laplace(3.0, &mut || f64::NAN).is_err());
        assert_eq!(discrete_laplace(3.0, &mut || -0.1), Err(BadRandom(-0.1)));
    }

    #[test]
    fn draws_follow_the_discrete_laplace_distribution() {
        // 40 000 draws of scale 2 from a deterministic source: the frequency of each value near 0
        // is within 1.5 percentage points of its probability, and the variance within 5 %.
        let mut uniform = seeded(7);
        let scale = 2.0;
        let draws: Vec<i64> = (0..40_000)
            .map(|_| discrete_laplace(scale, &mut uniform).expect("valid source"))
            .collect();
        for x in -3..=3 {
            let seen = draws.iter().filter(|&&d| d == x).count() as f64 / draws.len() as f64;
            let expected = noise_log_probability(scale, x).exp();
            assert!((seen - expected).abs() < 0.015, "{x}: {seen} vs {expected}");
        }
        let variance = draws.iter().map(|&d| (d * d) as f64).sum::<f64>() / draws.len() as f64;
        let expected = noise_variance(scale);
        assert!(
            (variance / expected - 1.0).abs() < 0.05,
            "{variance} vs {expected}"
        );
    }

    #[test]
    fn noised_figures_are_whole_numbers_with_their_variance_recorded() {
        let mut cell = uniform_cell(10, 50.0);
        cell.burnout.sum = 500.4;
        let mut figures = Figures::from_cell(&cell, 12, &["growth".to_string()]);
        add_noise(&mut figures, week(), UnitId(1), 1.0, &mut seeded(3)).expect("valid source");
        assert_eq!(figures.epsilon, Some(1.0));
        let t = noise_scale(1.0, SHARES.respondents, 1.0);
        assert_eq!(figures.respondents.noise_var, noise_variance(t));
        assert_eq!(figures.burnout.n, figures.respondents);
        for value in [
            figures.respondents.value,
            figures.burnout.sum.value,
            figures.rustout.sum.value,
            figures.balance.sum.value,
            figures.stuck.value,
            figures.dimensions["growth"].sum.value,
        ]
        .into_iter()
        .chain(figures.zones.iter().map(|z| z.value))
        {
            assert_eq!(value, value.round(), "{value} is not a whole number");
        }
    }

    #[test]
    fn the_same_source_gives_the_same_noise() {
        let cell = uniform_cell(10, 50.0);
        let draw = |seed| {
            let mut figures = Figures::from_cell(&cell, 12, &[]);
            add_noise(&mut figures, week(), UnitId(1), 0.5, &mut seeded(seed))
                .expect("valid source");
            figures
        };
        assert_eq!(draw(11), draw(11));
        assert_ne!(draw(11), draw(12));
    }

    #[test]
    fn the_promised_miss_chance_matches_the_distribution() {
        let epsilon = 1.0;
        let t = noise_scale(SUM_SENSITIVITY, SHARES.burnout_sum, epsilon);
        let inside: f64 = (-50..=50).map(|x| noise_log_probability(t, x).exp()).sum();
        let promised = chance_burnout_guess_is_off_by_more_than(50, epsilon);
        assert!(
            (promised - (1.0 - inside)).abs() < 1e-9,
            "{promised} vs {}",
            1.0 - inside
        );
        assert!(promised > 0.88 && promised < 0.89, "{promised}");
    }

    #[test]
    fn the_log_probabilities_sum_to_one() {
        let total: f64 = (-400..=400)
            .map(|x| noise_log_probability(3.0, x).exp())
            .sum();
        assert!((total - 1.0).abs() < 1e-9, "{total}");
    }
}
