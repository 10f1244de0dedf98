//! Trend: which way an index has been moving over the last weeks (DESIGN §2.3).
//!
//! The slope is Theil–Sen: the median of the slopes between every pair of points. One odd week
//! (a terrible night before a check-in, a typo in an answer) moves a least-squares line a lot and
//! barely moves the median, which is what a person looking at their own history wants.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

/// How many weeks back from `now` a trend looks. Eight weekly pulses are enough for a robust
/// slope, and two months is short enough that the trend describes "lately", not "ever".
pub const WINDOW_WEEKS: i64 = 8;

/// The fewest points inside the window for a trend to be given at all. Two points always make
/// a line; three is the smallest number where one odd point can be outvoted by the median.
pub const MIN_POINTS: usize = 3;

/// Below this absolute slope, in index points per week, the trend is called steady.
///
/// Why 1.5: across the eight-week window it adds up to 12 points, a little more than the width
/// of the moderate band (40–50), so anything called rising or falling can carry a person across a
/// band within the window. A smaller slope sits inside ordinary week-to-week wobble: one step on a
/// single 5-point pulse item moves that item by 25 points on the 0–100 scale, and even diluted
/// across an index's items it moves the index by several points from one week to the next.
pub const STEADY_SLOPE: f64 = 1.5;

/// Seconds in a week, to measure time in weeks.
const SECONDS_PER_WEEK: f64 = 7.0 * 24.0 * 60.0 * 60.0;

/// Which way an index is moving.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Going up by at least [`STEADY_SLOPE`] points a week.
    Rising,
    /// Going down by at least [`STEADY_SLOPE`] points a week.
    Falling,
    /// Moving less than [`STEADY_SLOPE`] points a week either way.
    Steady,
}

impl Direction {
    /// The direction of a slope in points per week, with [`STEADY_SLOPE`] as the dead band.
    pub fn from_slope(slope_per_week: f64) -> Direction {
        if slope_per_week >= STEADY_SLOPE {
            Direction::Rising
        } else if slope_per_week <= -STEADY_SLOPE {
            Direction::Falling
        } else {
            Direction::Steady
        }
    }

    /// The lowercase name used in data and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Rising => "rising",
            Direction::Falling => "falling",
            Direction::Steady => "steady",
        }
    }
}

impl std::fmt::Display for Direction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The trend of one index over the window.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Trend {
    /// Rising, falling or steady.
    pub direction: Direction,
    /// Theil–Sen slope, in index points per week.
    pub slope_per_week: f64,
    /// How many points inside the window the slope was computed from.
    pub points: usize,
    /// Time from the earliest to the latest of those points, in weeks.
    pub weeks: f64,
}

/// Theil–Sen slope (median of pairwise slopes) of (x, y) points; None with < 2 distinct x.
///
/// Pairs with the same x have no slope and are skipped. Points with a non-finite coordinate and
/// pairs whose slope is not finite are skipped too, so the result is always a finite number.
/// With an even number of slopes the median is the mean of the middle two.
pub fn theil_sen_slope(points: &[(f64, f64)]) -> Option<f64> {
    let finite: Vec<(f64, f64)> = points
        .iter()
        .copied()
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .collect();
    let mut slopes = Vec::with_capacity(finite.len() * finite.len().saturating_sub(1) / 2);
    for (i, &(x1, y1)) in finite.iter().enumerate() {
        for &(x2, y2) in &finite[i + 1..] {
            if x1 == x2 {
                continue;
            }
            let slope = (y2 - y1) / (x2 - x1);
            if slope.is_finite() {
                slopes.push(slope);
            }
        }
    }
    median(&mut slopes)
}

/// The median of `values`, sorting them in place; None when empty.
fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        Some(values[mid])
    } else {
        // Halve before adding so two large finite values cannot overflow.
        Some(values[mid - 1] / 2.0 + values[mid] / 2.0)
    }
}

/// Trend of a 0–100 index over the window of `WINDOW_WEEKS` (8) weeks ending at `now`: points are
/// (time, value) in any order; None with fewer than MIN_POINTS (3) points inside the window.
/// Steady when |slope| < STEADY_SLOPE points per week.
///
/// The window includes both ends: `now − 8 weeks ≤ time ≤ now`. Points after `now` and points
/// whose value is not finite are ignored. Also None when all the points in the window share one
/// timestamp, since then there is no slope to measure.
pub fn trend(points: &[(DateTime<Utc>, f64)], now: DateTime<Utc>) -> Option<Trend> {
    let window = TimeDelta::weeks(WINDOW_WEEKS);
    let in_window: Vec<(f64, f64)> = points
        .iter()
        .filter(|(_, value)| value.is_finite())
        .filter_map(|&(time, value)| {
            let age = now.signed_duration_since(time);
            (age >= TimeDelta::zero() && age <= window).then(|| (-weeks_in(age), value))
        })
        .collect();
    if in_window.len() < MIN_POINTS {
        return None;
    }
    let slope = theil_sen_slope(&in_window)?;
    let (earliest, latest) = in_window
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &(x, _)| {
            (lo.min(x), hi.max(x))
        });
    Some(Trend {
        direction: Direction::from_slope(slope),
        slope_per_week: slope,
        points: in_window.len(),
        weeks: latest - earliest,
    })
}

/// A duration in (fractional) weeks.
fn weeks_in(delta: TimeDelta) -> f64 {
    (delta.num_seconds() as f64 + f64::from(delta.subsec_nanos()) / 1e9) / SECONDS_PER_WEEK
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
    }

    fn at(weeks_before_now: f64, now: DateTime<Utc>) -> DateTime<Utc> {
        now - TimeDelta::seconds((weeks_before_now * SECONDS_PER_WEEK).round() as i64)
    }

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_750_000_000, 0).expect("valid timestamp")
    }

    #[test]
    fn slope_of_a_line_through_the_origin() {
        let points = [(0.0, 0.0), (1.0, 2.0), (2.0, 4.0), (3.0, 6.0)];
        assert_eq!(theil_sen_slope(&points), Some(2.0));
    }

    #[test]
    fn one_outlier_barely_moves_the_median_but_drags_least_squares() {
        // y = x for x = 0..=4, then one wild week: (5, 50).
        let points = [
            (0.0, 0.0),
            (1.0, 1.0),
            (2.0, 2.0),
            (3.0, 3.0),
            (4.0, 4.0),
            (5.0, 50.0),
        ];
        // 15 pairwise slopes: ten pairs among the first five points have slope 1; the five pairs
        // with the outlier have slopes 50/5, 49/4, 48/3, 47/2, 46/1 = 10, 12.25, 16, 23.5, 46.
        // Sorted, the middle two (7th and 8th) are both 1, so the median is 1.
        assert_eq!(theil_sen_slope(&points), Some(1.0));
        // Ordinary least squares: mean x = 2.5, mean y = 60/6 = 10,
        // Sxy = Σ(x−2.5)(y−10) = 157.5, Sxx = 17.5, slope = 9: nine times too steep.
        let ols = 157.5 / 17.5;
        assert!(close(ols, 9.0));
    }

    #[test]
    fn even_number_of_slopes_takes_the_mean_of_the_middle_two() {
        // Two distinct-x pairs only ((0,0)-(1,1): 1 and (0,0)-(1,3): 3); (1,1)-(1,3) share x.
        let points = [(0.0, 0.0), (1.0, 1.0), (1.0, 3.0)];
        assert_eq!(theil_sen_slope(&points), Some(2.0));
    }

    #[test]
    fn hand_computed_median_of_five_slopes() {
        // Points (0,1), (1,3), (2,2), (4,8): slopes 2, 0.5, 1.75, −1, 5/3, 3.
        // Sorted: −1, 0.5, 5/3, 1.75, 2, 3 → median (5/3 + 1.75) / 2 = 41/24.
        let points = [(0.0, 1.0), (1.0, 3.0), (2.0, 2.0), (4.0, 8.0)];
        let slope = theil_sen_slope(&points).expect("slope");
        assert!(close(slope, 41.0 / 24.0), "{slope}");
    }

    #[test]
    fn no_slope_without_two_distinct_x() {
        assert_eq!(theil_sen_slope(&[]), None);
        assert_eq!(theil_sen_slope(&[(1.0, 5.0)]), None);
        assert_eq!(theil_sen_slope(&[(1.0, 5.0), (1.0, 9.0), (1.0, 2.0)]), None);
    }

    #[test]
    fn non_finite_points_are_ignored() {
        let points = [
            (0.0, 0.0),
            (f64::NAN, 3.0),
            (1.0, f64::INFINITY),
            (2.0, 4.0),
        ];
        assert_eq!(theil_sen_slope(&points), Some(2.0));
    }

    #[test]
    fn rising_weekly_series() {
        let now = now();
        // 30, 33, 36, 39, 42 over the last four weeks: +3 a week.
        let points: Vec<_> = (0..5)
            .map(|i| (at(f64::from(4 - i), now), 30.0 + 3.0 * f64::from(i)))
            .collect();
        let t = trend(&points, now).expect("trend");
        assert_eq!(t.direction, Direction::Rising);
        assert!(close(t.slope_per_week, 3.0));
        assert_eq!(t.points, 5);
        assert!(close(t.weeks, 4.0));
    }

    #[test]
    fn falling_and_steady() {
        let now = now();
        let falling: Vec<_> = (0..4)
            .map(|i| (at(f64::from(3 - i), now), 60.0 - 2.0 * f64::from(i)))
            .collect();
        assert_eq!(
            trend(&falling, now).map(|t| t.direction),
            Some(Direction::Falling)
        );
        let steady: Vec<_> = (0..4)
            .map(|i| (at(f64::from(3 - i), now), 40.0 + f64::from(i)))
            .collect();
        assert_eq!(
            trend(&steady, now).map(|t| t.direction),
            Some(Direction::Steady)
        );
    }

    #[test]
    fn order_of_points_does_not_matter() {
        let now = now();
        let mut points: Vec<_> = (0..6)
            .map(|i| (at(f64::from(i), now), 20.0 + 2.0 * f64::from(i)))
            .collect();
        let forward = trend(&points, now);
        points.reverse();
        points.swap(1, 4);
        assert_eq!(trend(&points, now), forward);
        assert!(close(forward.expect("trend").slope_per_week, -2.0));
    }

    #[test]
    fn only_points_inside_the_window_count() {
        let now = now();
        let points = vec![
            (at(20.0, now), 90.0), // too old
            (at(8.5, now), 90.0),  // just outside
            (at(8.0, now), 10.0),  // on the edge: inside
            (at(4.0, now), 10.0),
            (at(0.0, now), 10.0),  // now: inside
            (at(-1.0, now), 90.0), // in the future: ignored
        ];
        let t = trend(&points, now).expect("trend");
        assert_eq!(t.points, 3);
        assert_eq!(t.direction, Direction::Steady);
        assert!(close(t.slope_per_week, 0.0));
        assert!(close(t.weeks, 8.0));
    }

    #[test]
    fn too_few_points_give_no_trend() {
        let now = now();
        assert_eq!(trend(&[], now), None);
        let two = [(at(1.0, now), 10.0), (at(0.0, now), 20.0)];
        assert_eq!(trend(&two, now), None);
        let with_nan = [
            (at(2.0, now), 10.0),
            (at(1.0, now), f64::NAN),
            (at(0.0, now), 20.0),
        ];
        assert_eq!(trend(&with_nan, now), None);
    }

    #[test]
    fn all_points_at_one_instant_give_no_trend() {
        let now = now();
        let points = [(now, 10.0), (now, 20.0), (now, 30.0)];
        assert_eq!(trend(&points, now), None);
    }

    #[test]
    fn extreme_timestamps_do_not_panic() {
        let points = [
            (DateTime::<Utc>::MIN_UTC, 1.0),
            (DateTime::<Utc>::MAX_UTC, 2.0),
            (DateTime::<Utc>::MIN_UTC, 3.0),
        ];
        assert_eq!(trend(&points, DateTime::<Utc>::MIN_UTC), None);
        assert_eq!(trend(&points, DateTime::<Utc>::MAX_UTC), None);
    }

    #[test]
    fn direction_names_in_json() {
        assert_eq!(
            serde_json::to_string(&Direction::Rising).expect("serialise"),
            "\"rising\""
        );
    }

    proptest! {
        #[test]
        fn perfect_line_returns_its_slope(
            slope in -50.0f64..50.0,
            intercept in -100.0f64..100.0,
            xs in proptest::collection::btree_set(-1000i32..1000, 2..40),
        ) {
            let points: Vec<_> = xs
                .iter()
                .map(|&x| (f64::from(x), intercept + slope * f64::from(x)))
                .collect();
            let got = theil_sen_slope(&points).expect("two distinct x");
            prop_assert!((got - slope).abs() <= 1e-6, "{got} vs {slope}");
        }

        #[test]
        fn adding_a_constant_to_y_keeps_the_slope(
            ys in proptest::collection::vec(-100.0f64..100.0, 2..30),
            shift in -1000.0f64..1000.0,
        ) {
            let points: Vec<_> = ys.iter().enumerate().map(|(i, &y)| (i as f64, y)).collect();
            let shifted: Vec<_> = points.iter().map(|&(x, y)| (x, y + shift)).collect();
            let a = theil_sen_slope(&points).expect("slope");
            let b = theil_sen_slope(&shifted).expect("slope");
            prop_assert!((a - b).abs() <= 1e-9 * (1.0 + shift.abs()) * 100.0, "{a} vs {b}");
        }

        #[test]
        fn negating_y_negates_the_slope(
            points in proptest::collection::vec((-50.0f64..50.0, -100.0f64..100.0), 0..30),
        ) {
            let negated: Vec<_> = points.iter().map(|&(x, y)| (x, -y)).collect();
            match (theil_sen_slope(&points), theil_sen_slope(&negated)) {
                (Some(a), Some(b)) => prop_assert_eq!(a, -b),
                (a, b) => prop_assert_eq!(a, b),
            }
        }

        #[test]
        fn trend_is_never_nan_for_finite_input(
            points in proptest::collection::vec(
                // Minutes before now, including after now and duplicates from a small range.
                (prop_oneof![-2_000i64..100_000, 0i64..5], -1e6f64..1e6),
                0..60,
            ),
        ) {
            let now = now();
            let dated: Vec<_> = points
                .iter()
                .map(|&(minutes, v)| (now - TimeDelta::minutes(minutes), v))
                .collect();
            if let Some(t) = trend(&dated, now) {
                prop_assert!(t.slope_per_week.is_finite());
                prop_assert!(t.weeks.is_finite() && t.weeks >= 0.0 && t.weeks <= 8.0);
                prop_assert!(t.points >= MIN_POINTS);
                prop_assert_eq!(t.direction, Direction::from_slope(t.slope_per_week));
            }
        }
    }
}
