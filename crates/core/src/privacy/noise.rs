//! Differential privacy: Laplace noise on one unit's own weekly figures.
//!
//! Noise is drawn once per unit's *own* cell (the members directly in it) when the week is
//! released; every subtree figure is then the sum of already-noised own cells. Each person is in
//! exactly one own cell, so one released week costs each person exactly the ε of their own cell,
//! however many levels of the tree show a figure containing them (summing released noisy values
//! is post-processing and costs nothing), and the figures stay additive, so the suppression
//! guarantees hold for the noisy figures too.
//!
//! Within a cell, ε is split across its figures by fixed shares ([`SHARES`]); a figure whose
//! value one person can move by at most Δ (its sensitivity) gets Laplace noise of scale
//! Δ / (share · ε). By sequential composition the whole cell is then ε-differentially private
//! with respect to adding or removing one person's check-in.

use super::figures::{Figures, Sums, Value};
use thiserror::Error;

/// How much one person can move a count (respondents, stuck flags, a zone, a measure's n).
pub const COUNT_SENSITIVITY: f64 = 1.0;
/// How much one person can move a sum of 0–100 scores, or of −100…100 balances.
pub const SUM_SENSITIVITY: f64 = 100.0;
/// How much one person can move a sum of squares of such scores.
pub const SUM_SQ_SENSITIVITY: f64 = 10_000.0;

/// The share of a cell's ε each figure gets. Fixed, so the noise never depends on the data.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shares {
    /// Respondents (also the n of B and R, which every respondent has).
    pub respondents: f64,
    /// Sum of B.
    pub burnout_sum: f64,
    /// Sum of squares of B.
    pub burnout_sum_sq: f64,
    /// Sum of R.
    pub rustout_sum: f64,
    /// Sum of squares of R.
    pub rustout_sum_sq: f64,
    /// How many gave a balance C.
    pub balance_n: f64,
    /// Sum of C.
    pub balance_sum: f64,
    /// Sum of squares of C.
    pub balance_sum_sq: f64,
    /// The zone histogram (one person adds 1 to one of the four counts, so the four share it).
    pub zones: f64,
    /// Stuck flags.
    pub stuck: f64,
    /// All dimensions together, split equally between them, and within one dimension a quarter
    /// for n, a half for the sum and a quarter for the sum of squares.
    pub dimensions: f64,
}

/// The split of ε used for every cell. Mean B and mean R lead the dashboard, and each mean is a
/// noisy sum over a noisy count, so their sums and the respondent count get the most; sums of
/// squares only serve the change test, which falls back to a safe upper bound on the spread when
/// their noise is large.
pub const SHARES: Shares = Shares {
    respondents: 0.20,
    burnout_sum: 0.22,
    burnout_sum_sq: 0.02,
    rustout_sum: 0.22,
    rustout_sum_sq: 0.02,
    balance_n: 0.02,
    balance_sum: 0.04,
    balance_sum_sq: 0.01,
    zones: 0.08,
    stuck: 0.04,
    dimensions: 0.13,
};

/// The uniform random source returned something outside `[0, 1)`.
#[derive(Debug, Clone, Copy, PartialEq, Error)]
#[error("the random source returned {0}; it must return numbers in [0, 1)")]
pub struct BadRandom(pub f64);

/// Laplace scale b = Δ / (share · ε).
pub fn laplace_scale(sensitivity: f64, share: f64, epsilon: f64) -> f64 {
    sensitivity / (share * epsilon)
}

/// Variance of Laplace noise of scale b: 2b².
pub fn laplace_variance(scale: f64) -> f64 {
    2.0 * scale * scale
}

/// An Exp(1) draw, −ln(1 − u) with u in [0, 1): always finite and ≥ 0.
fn exponential(uniform: &mut impl FnMut() -> f64) -> Result<f64, BadRandom> {
    let u = uniform();
    if !(0.0..1.0).contains(&u) {
        return Err(BadRandom(u));
    }
    Ok(-(1.0 - u).ln())
}

/// One Laplace(0, b) draw as the difference of two Exp(1) draws, times b. Never NaN or infinite
/// for a finite b.
pub fn laplace(scale: f64, uniform: &mut impl FnMut() -> f64) -> Result<f64, BadRandom> {
    let a = exponential(uniform)?;
    let b = exponential(uniform)?;
    Ok(scale * (a - b))
}

fn noise_value(
    value: &mut Value,
    sensitivity: f64,
    share: f64,
    epsilon: f64,
    uniform: &mut impl FnMut() -> f64,
) -> Result<(), BadRandom> {
    let scale = laplace_scale(sensitivity, share, epsilon);
    value.value += laplace(scale, uniform)?;
    value.noise_var += laplace_variance(scale);
    Ok(())
}

fn noise_sums(
    sums: &mut Sums,
    shares: [f64; 3],
    epsilon: f64,
    uniform: &mut impl FnMut() -> f64,
) -> Result<(), BadRandom> {
    noise_value(&mut sums.n, COUNT_SENSITIVITY, shares[0], epsilon, uniform)?;
    noise_value(&mut sums.sum, SUM_SENSITIVITY, shares[1], epsilon, uniform)?;
    noise_value(
        &mut sums.sum_sq,
        SUM_SQ_SENSITIVITY,
        shares[2],
        epsilon,
        uniform,
    )
}

/// Adds ε-differentially private Laplace noise to one unit's own exact figures, drawing in a
/// fixed order. B's and R's n are the respondent count, so they take its noisy value rather than
/// being noised again. Every dimension in the figures is noised, present in the data or not, so
/// the noise does not depend on who answered.
pub(crate) fn add_noise(
    figures: &mut Figures,
    epsilon: f64,
    uniform: &mut impl FnMut() -> f64,
) -> Result<(), BadRandom> {
    let s = SHARES;
    noise_value(
        &mut figures.respondents,
        COUNT_SENSITIVITY,
        s.respondents,
        epsilon,
        uniform,
    )?;
    figures.burnout.n = figures.respondents;
    figures.rustout.n = figures.respondents;
    let b = &mut figures.burnout;
    noise_value(&mut b.sum, SUM_SENSITIVITY, s.burnout_sum, epsilon, uniform)?;
    noise_value(
        &mut b.sum_sq,
        SUM_SQ_SENSITIVITY,
        s.burnout_sum_sq,
        epsilon,
        uniform,
    )?;
    let r = &mut figures.rustout;
    noise_value(&mut r.sum, SUM_SENSITIVITY, s.rustout_sum, epsilon, uniform)?;
    noise_value(
        &mut r.sum_sq,
        SUM_SQ_SENSITIVITY,
        s.rustout_sum_sq,
        epsilon,
        uniform,
    )?;
    let balance_shares = [s.balance_n, s.balance_sum, s.balance_sum_sq];
    noise_sums(&mut figures.balance, balance_shares, epsilon, uniform)?;
    for zone in &mut figures.zones {
        noise_value(zone, COUNT_SENSITIVITY, s.zones, epsilon, uniform)?;
    }
    noise_value(
        &mut figures.stuck,
        COUNT_SENSITIVITY,
        s.stuck,
        epsilon,
        uniform,
    )?;
    let count = figures.dimensions.len().max(1) as f64;
    let per_dimension = s.dimensions / count;
    let dimension_shares = [
        per_dimension * 0.25,
        per_dimension * 0.5,
        per_dimension * 0.25,
    ];
    for sums in figures.dimensions.values_mut() {
        noise_sums(sums, dimension_shares, epsilon, uniform)?;
    }
    figures.epsilon = Some(epsilon);
    Ok(())
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

    fn total_share() -> f64 {
        let s = SHARES;
        s.respondents
            + s.burnout_sum
            + s.burnout_sum_sq
            + s.rustout_sum
            + s.rustout_sum_sq
            + s.balance_n
            + s.balance_sum
            + s.balance_sum_sq
            + s.zones
            + s.stuck
            + s.dimensions
    }

    #[test]
    fn the_shares_spend_exactly_epsilon() {
        assert!((total_share() - 1.0).abs() < 1e-12);
    }

    /// The privacy loss of one person, read back from the noise actually added: Σ over the
    /// figures of Δ / b, with b = √(variance / 2). The zone histogram counts once (a person is in
    /// one zone), and B's and R's n reuse the respondent count's noise.
    #[test]
    fn one_persons_privacy_loss_is_epsilon() {
        let epsilon = 0.7;
        let dimensions: Vec<String> = (0..8).map(|i| format!("d{i}")).collect();
        let mut figures = Figures::from_cell(&uniform_cell(9, 30.0), 9, &dimensions);
        add_noise(&mut figures, epsilon, &mut seeded(1)).expect("valid source");
        let loss = |sensitivity: f64, value: &Value| sensitivity / (value.noise_var / 2.0).sqrt();
        let sums_loss = |sums: &Sums| {
            loss(COUNT_SENSITIVITY, &sums.n)
                + loss(SUM_SENSITIVITY, &sums.sum)
                + loss(SUM_SQ_SENSITIVITY, &sums.sum_sq)
        };
        let f = &figures;
        let total = loss(COUNT_SENSITIVITY, &f.respondents)
            + loss(SUM_SENSITIVITY, &f.burnout.sum)
            + loss(SUM_SQ_SENSITIVITY, &f.burnout.sum_sq)
            + loss(SUM_SENSITIVITY, &f.rustout.sum)
            + loss(SUM_SQ_SENSITIVITY, &f.rustout.sum_sq)
            + sums_loss(&f.balance)
            + loss(COUNT_SENSITIVITY, &f.zones[0])
            + loss(COUNT_SENSITIVITY, &f.stuck)
            + f.dimensions.values().map(sums_loss).sum::<f64>();
        assert!((total - epsilon).abs() < 1e-9, "{total}");
        assert!(f.zones.iter().all(|z| z.noise_var == f.zones[0].noise_var));
    }

    #[test]
    fn laplace_draws_are_finite_even_at_the_edges_of_the_source() {
        let mut edge = [0.0, 0.999_999_999_999_999_9].into_iter().cycle();
        let x = laplace(3.0, &mut || edge.next().unwrap_or(0.0)).expect("valid source");
        assert!(x.is_finite());
        assert!(x < 0.0);
        assert_eq!(laplace(3.0, &mut || 1.0), Err(BadRandom(1.0)));
        assert!(laplace(3.0, &mut || f64::NAN).is_err());
        assert_eq!(laplace(3.0, &mut || -0.1), Err(BadRandom(-0.1)));
    }

    #[test]
    fn laplace_draws_have_the_right_spread() {
        // Mean absolute value of Laplace(b) is b; with 20 000 draws the average is within a few
        // percent of it. Deterministic source, so this cannot flake.
        let mut uniform = seeded(7);
        let draws: Vec<f64> = (0..20_000)
            .map(|_| laplace(2.0, &mut uniform).expect("valid source"))
            .collect();
        let mean_abs = draws.iter().map(|x| x.abs()).sum::<f64>() / draws.len() as f64;
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        assert!((mean_abs - 2.0).abs() < 0.1, "{mean_abs}");
        assert!(mean.abs() < 0.1, "{mean}");
    }

    #[test]
    fn noise_is_recorded_with_the_figures() {
        let cell = uniform_cell(10, 50.0);
        let mut figures = Figures::from_cell(&cell, 12, &["growth".to_string()]);
        add_noise(&mut figures, 1.0, &mut seeded(3)).expect("valid source");
        assert_eq!(figures.epsilon, Some(1.0));
        let b = laplace_scale(1.0, SHARES.respondents, 1.0);
        assert_eq!(figures.respondents.noise_var, laplace_variance(b));
        assert_eq!(figures.burnout.n, figures.respondents);
        assert!(figures.respondents.value != 10.0);
        assert!(figures.dimensions["growth"].sum.noise_var > 0.0);
        assert!(
            figures
                .zones
                .iter()
                .all(|z| z.noise_var > 0.0 && z.value.is_finite())
        );
    }

    #[test]
    fn the_same_source_gives_the_same_noise() {
        let cell = uniform_cell(10, 50.0);
        let draw = |seed| {
            let mut figures = Figures::from_cell(&cell, 12, &[]);
            add_noise(&mut figures, 0.5, &mut seeded(seed)).expect("valid source");
            figures
        };
        assert_eq!(draw(11), draw(11));
        assert_ne!(draw(11), draw(12));
    }
}
