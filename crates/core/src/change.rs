//! Reliable change between two full assessments (DESIGN §2.3), after Jacobson and Truax (1991).
//!
//! Every score carries measurement noise. The reliable change index (RCI) divides the change by
//! the standard error of a difference between two scores, S_diff = √2 · SD · √(1 − r), where SD is
//! the instrument's standard deviation and r its reliability. Only when |RCI| exceeds
//! [`RCI_CRITICAL`] does the product call a change "a real change"; anything smaller could be
//! noise, and saying "no clear change" is an honest answer.

use crate::trend::Direction;
use serde::{Deserialize, Serialize};

/// The two-sided 95 % point of the standard normal distribution: a change this many standard
/// errors of a difference away from zero would happen by measurement noise alone less than one
/// time in twenty.
pub const RCI_CRITICAL: f64 = 1.96;

/// The verdict on the change between two scores of one index.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ReliableChange {
    /// The earlier score.
    pub before: f64,
    /// The later score.
    pub after: f64,
    /// Reliable change index: (after − before) / S_diff.
    pub rci: f64,
    /// Whether |rci| > [`RCI_CRITICAL`].
    pub reliable: bool,
    /// Rising or falling when reliable; None when the change could be noise.
    pub direction: Option<Direction>,
}

/// RCI = (after − before) / S_diff, S_diff = sqrt(2)·SD·sqrt(1 − r). Reliable when |RCI| > 1.96.
/// None when sd ≤ 0 or r not in (0,1) (never divide by zero, never NaN).
///
/// Also None when a score or `sd` is not finite, or when the RCI itself would not be finite.
pub fn reliable_change(
    before: f64,
    after: f64,
    sd: f64,
    reliability: f64,
) -> Option<ReliableChange> {
    if !(before.is_finite() && after.is_finite()) {
        return None;
    }
    let rci = (after - before) / s_diff(sd, reliability)?;
    if !rci.is_finite() {
        return None;
    }
    let reliable = rci.abs() > RCI_CRITICAL;
    let direction = match (reliable, rci > 0.0) {
        (false, _) => None,
        (true, true) => Some(Direction::Rising),
        (true, false) => Some(Direction::Falling),
    };
    Some(ReliableChange {
        before,
        after,
        rci,
        reliable,
        direction,
    })
}

/// The smallest change, in score points, that counts as reliable for this SD and reliability:
/// RCI_CRITICAL · S_diff. A change must be strictly larger than this. Useful to tell a person
/// "changes under 12 points are within the noise of this check". None for the same inputs as
/// [`reliable_change`].
pub fn reliable_change_threshold(sd: f64, reliability: f64) -> Option<f64> {
    s_diff(sd, reliability).map(|s| RCI_CRITICAL * s)
}

/// Standard error of the difference between two scores; None unless 0 < sd < ∞ and 0 < r < 1,
/// so the result is always finite and above zero.
fn s_diff(sd: f64, reliability: f64) -> Option<f64> {
    if !(sd.is_finite() && sd > 0.0 && reliability > 0.0 && reliability < 1.0) {
        return None;
    }
    let s = std::f64::consts::SQRT_2 * sd * (1.0 - reliability).sqrt();
    (s.is_finite() && s > 0.0).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9
    }

    #[test]
    fn hand_computed_reliable_rise() {
        // SD 10, r 0.875: S_diff = √2 · 10 · √0.125 = 10 · √0.25 = 5.
        // 30 → 42: RCI = 12 / 5 = 2.4 > 1.96.
        let c = reliable_change(30.0, 42.0, 10.0, 0.875).expect("valid");
        assert!(close(c.rci, 2.4));
        assert!(c.reliable);
        assert_eq!(c.direction, Some(Direction::Rising));
        assert_eq!((c.before, c.after), (30.0, 42.0));
    }

    #[test]
    fn hand_computed_change_within_the_noise() {
        // Same instrument, 30 → 39: RCI = 9 / 5 = 1.8 ≤ 1.96: could be noise.
        let c = reliable_change(30.0, 39.0, 10.0, 0.875).expect("valid");
        assert!(close(c.rci, 1.8));
        assert!(!c.reliable);
        assert_eq!(c.direction, None);
    }

    #[test]
    fn hand_computed_reliable_fall() {
        // SD 7.5, r 0.80. S_E = 7.5 · √0.2 = 3.3541,
        // S_diff = √2 · 3.3541 = 4.7434; 55 → 40: RCI = −15 / 4.7434 = −3.1623 (= −√10).
        let c = reliable_change(55.0, 40.0, 7.5, 0.8).expect("valid");
        assert!((c.rci + 10f64.sqrt()).abs() < 1e-9, "{}", c.rci);
        assert!(c.reliable);
        assert_eq!(c.direction, Some(Direction::Falling));
    }

    #[test]
    fn threshold_in_points() {
        // SD 10, r 0.5: S_diff = √2 · 10 · √0.5 = 10, so a change must exceed 19.6 points.
        let t = reliable_change_threshold(10.0, 0.5).expect("valid");
        assert!(close(t, 19.6));
        assert!(
            !reliable_change(50.0, 69.0, 10.0, 0.5)
                .expect("valid")
                .reliable
        );
        assert!(
            reliable_change(50.0, 70.0, 10.0, 0.5)
                .expect("valid")
                .reliable
        );
    }

    #[test]
    fn no_change_is_not_reliable() {
        let c = reliable_change(40.0, 40.0, 10.0, 0.9).expect("valid");
        assert_eq!(c.rci, 0.0);
        assert!(!c.reliable);
        assert_eq!(c.direction, None);
    }

    #[test]
    fn invalid_inputs_give_none() {
        assert_eq!(reliable_change(1.0, 2.0, 0.0, 0.8), None);
        assert_eq!(reliable_change(1.0, 2.0, -1.0, 0.8), None);
        assert_eq!(reliable_change(1.0, 2.0, f64::NAN, 0.8), None);
        assert_eq!(reliable_change(1.0, 2.0, f64::INFINITY, 0.8), None);
        assert_eq!(reliable_change(1.0, 2.0, 10.0, 0.0), None);
        assert_eq!(reliable_change(1.0, 2.0, 10.0, 1.0), None);
        assert_eq!(reliable_change(1.0, 2.0, 10.0, 1.5), None);
        assert_eq!(reliable_change(1.0, 2.0, 10.0, f64::NAN), None);
        assert_eq!(reliable_change(f64::NAN, 2.0, 10.0, 0.8), None);
        assert_eq!(reliable_change(1.0, f64::INFINITY, 10.0, 0.8), None);
        // Finite inputs whose RCI overflows.
        assert_eq!(reliable_change(-f64::MAX, f64::MAX, 1e-300, 0.5), None);
        assert_eq!(reliable_change_threshold(0.0, 0.5), None);
    }

    proptest! {
        #[test]
        fn swapping_before_and_after_negates_rci(
            before in -200.0f64..200.0,
            after in -200.0f64..200.0,
            sd in 0.01f64..50.0,
            r in 0.01f64..0.99,
        ) {
            let forward = reliable_change(before, after, sd, r).expect("valid");
            let backward = reliable_change(after, before, sd, r).expect("valid");
            prop_assert_eq!(forward.rci, -backward.rci);
            prop_assert_eq!(forward.reliable, backward.reliable);
        }

        #[test]
        fn reliable_iff_rci_beyond_critical(
            before in -1e6f64..1e6,
            after in -1e6f64..1e6,
            sd in 1e-3f64..1e3,
            r in 1e-6f64..0.999_999,
        ) {
            let c = reliable_change(before, after, sd, r).expect("valid");
            prop_assert!(c.rci.is_finite());
            prop_assert_eq!(c.reliable, c.rci.abs() > RCI_CRITICAL);
            prop_assert_eq!(c.direction.is_some(), c.reliable);
            if let Some(direction) = c.direction {
                let expected = if after > before { Direction::Rising } else { Direction::Falling };
                prop_assert_eq!(direction, expected);
            }
        }

        #[test]
        fn never_nan_for_any_input(
            before in proptest::num::f64::ANY,
            after in proptest::num::f64::ANY,
            sd in proptest::num::f64::ANY,
            r in proptest::num::f64::ANY,
        ) {
            if let Some(c) = reliable_change(before, after, sd, r) {
                prop_assert!(c.rci.is_finite());
            }
        }
    }
}
