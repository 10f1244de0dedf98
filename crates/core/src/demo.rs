//! Synthetic answers for demos and benchmarks: a small seeded random source and answers that
//! express a chosen level of strain on each side, with noise. Deterministic for a seed, so a demo
//! looks the same every time and a benchmark measures the same data.

use crate::Index;
use crate::instrument::Instrument;
use crate::scoring::Answers;

/// SplitMix64: tiny, fast, and good enough for synthetic data (not for anything secret).
#[derive(Debug, Clone)]
pub struct DemoRng(u64);

impl DemoRng {
    pub fn new(seed: u64) -> Self {
        DemoRng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [-1, 1).
    pub fn signed(&mut self) -> f64 {
        self.unit() * 2.0 - 1.0
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// Strain on each side, each 0 (none) … 1 (as much as the scale allows).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Strain {
    pub burnout: f64,
    pub rustout: f64,
    /// For dimensions that feed neither index (sleep and appetite, mood).
    pub shared: f64,
}

/// Answers to every item of `instrument` that express `strain`, each item moved by up to
/// `noise` (0–1) at random. Always on the scale, so they always score.
pub fn answers_for(
    instrument: &Instrument,
    strain: Strain,
    noise: f64,
    rng: &mut DemoRng,
) -> Answers {
    instrument
        .items
        .iter()
        .map(|item| {
            let scale = instrument.scale_of(item);
            let jitter = noise * rng.signed();
            let target = match (&item.bipolar, item.dimension.as_deref()) {
                // Toward "far too much" with burnout strain, toward "far too little" with rust-out.
                (Some(_), _) => 0.5 + (strain.burnout - strain.rustout) / 2.0,
                (None, Some(dim)) => {
                    let s = match instrument.dimension(dim).map(|d| d.index) {
                        Some(Index::Burnout) => strain.burnout,
                        Some(Index::Rustout) => strain.rustout,
                        _ => strain.shared,
                    };
                    if item.reverse { 1.0 - s } else { s }
                }
                (None, None) => 0.5,
            };
            let position = (target + jitter).clamp(0.0, 1.0);
            let index = (position * (scale.values.len() - 1) as f64).round() as usize;
            (item.id.clone(), scale.values[index])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Band;
    use crate::instrument::builtin_by_id;
    use crate::scoring::score;

    #[test]
    fn the_same_seed_gives_the_same_numbers() {
        let (mut a, mut b) = (DemoRng::new(7), DemoRng::new(7));
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        let mut c = DemoRng::new(8);
        assert_ne!(DemoRng::new(7).next_u64(), c.next_u64());
    }

    #[test]
    fn unit_stays_in_range() {
        let mut r = DemoRng::new(1);
        for _ in 0..10_000 {
            let x = r.unit();
            assert!((0.0..1.0).contains(&x));
        }
    }

    #[test]
    fn answers_express_the_strain_asked_for() {
        let mut rng = DemoRng::new(3);
        for id in ["spectrum", "pulse"] {
            let inst = builtin_by_id(id).unwrap();
            let calm = Strain {
                burnout: 0.1,
                rustout: 0.1,
                shared: 0.1,
            };
            let rusty = Strain {
                burnout: 0.1,
                rustout: 0.9,
                shared: 0.1,
            };
            let s = score(inst, &answers_for(inst, calm, 0.0, &mut rng)).unwrap();
            assert_eq!(
                (s.burnout.band, s.rustout.band),
                (Band::Low, Band::Low),
                "{id}"
            );
            let s = score(inst, &answers_for(inst, rusty, 0.0, &mut rng)).unwrap();
            assert_eq!(s.rustout.band, Band::High, "{id}");
            assert_eq!(s.burnout.band, Band::Low, "{id}");
        }
    }

    #[test]
    fn noisy_answers_always_score() {
        let mut rng = DemoRng::new(11);
        let inst = builtin_by_id("spectrum").unwrap();
        for _ in 0..500 {
            let strain = Strain {
                burnout: rng.unit(),
                rustout: rng.unit(),
                shared: rng.unit(),
            };
            assert!(score(inst, &answers_for(inst, strain, 0.5, &mut rng)).is_ok());
        }
    }
}
