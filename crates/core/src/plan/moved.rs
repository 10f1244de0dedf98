//! "What moved after" (DESIGN §3.3): how a person's indices looked in the weeks before they
//! started a plan item and in the weeks after — said descriptively, never as cause.

use super::PlanItem;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// How many weeks each window spans, before and after the item was created.
pub const WINDOW_WEEKS: i64 = 4;

/// The fewest points each window needs before anything is said.
pub const MIN_POINTS_EACH_SIDE: usize = 2;

/// The mean indices over one window.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Window {
    /// Mean burnout index B, 0–100.
    pub burnout: f64,
    /// Mean rust-out index R, 0–100.
    pub rustout: f64,
    /// How many points the means are over.
    pub n: usize,
}

/// The indices before and after a plan item was started, with a sentence for the person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MovedAfter {
    /// The plan item this is about.
    pub item_id: i64,
    /// The [`WINDOW_WEEKS`] weeks before the item was created.
    pub before: Window,
    /// The [`WINDOW_WEEKS`] weeks from when it was created (or as much of them as has passed).
    pub after: Window,
    /// A descriptive sentence that says plainly it does not claim cause.
    pub message: String,
}

/// Compares the mean burnout and rust-out indices over the [`WINDOW_WEEKS`] weeks before `item`
/// was created with those over the [`WINDOW_WEEKS`] weeks from then on.
///
/// `history` holds `(when, B, R)` points in any order. The before window is
/// `[created − 4 weeks, created)`; the after window is `[created, created + 4 weeks)`, cut at
/// `now` when those weeks have not all passed. Points outside both windows, in the future, or
/// with a value that is not a finite number are ignored. `None` unless each window has at least
/// [`MIN_POINTS_EACH_SIDE`] points.
pub fn moved_after(
    item: &PlanItem,
    history: &[(DateTime<Utc>, f64, f64)],
    now: DateTime<Utc>,
) -> Option<MovedAfter> {
    let start = item.created_at;
    let span = Duration::weeks(WINDOW_WEEKS);
    let before_from = start.checked_sub_signed(span)?;
    let after_until = start.checked_add_signed(span)?;

    let before = mean_over(history, |t| before_from <= t && t < start)?;
    let after = mean_over(history, |t| start <= t && t < after_until && t <= now)?;
    let whole_window_passed = now >= after_until;
    let message = describe(&before, &after, whole_window_passed, now - start);
    Some(MovedAfter {
        item_id: item.id,
        before,
        after,
        message,
    })
}

fn mean_over(
    history: &[(DateTime<Utc>, f64, f64)],
    in_window: impl Fn(DateTime<Utc>) -> bool,
) -> Option<Window> {
    let (mut burnout, mut rustout, mut n) = (0.0, 0.0, 0usize);
    for &(t, b, r) in history {
        if in_window(t) && b.is_finite() && r.is_finite() {
            burnout += b;
            rustout += r;
            n += 1;
        }
    }
    if n < MIN_POINTS_EACH_SIDE {
        return None;
    }
    let count = n as f64;
    Some(Window {
        burnout: burnout / count,
        rustout: rustout / count,
        n,
    })
}

fn describe(
    before: &Window,
    after: &Window,
    whole_window_passed: bool,
    elapsed: Duration,
) -> String {
    let when = if whole_window_passed {
        format!("In the {WINDOW_WEEKS} weeks after you started this")
    } else {
        let days = elapsed.num_days();
        match days {
            0 => "Since you started this earlier today".to_string(),
            1 => "In the day since you started this".to_string(),
            _ => format!("In the {days} days since you started this"),
        }
    };
    format!(
        "{when}, your burnout index averaged {} and your rust-out index {} ({}), \
         against {} and {} ({}) in the {WINDOW_WEEKS} weeks before. \
         This describes what happened alongside it, not what caused it.",
        whole(after.burnout),
        whole(after.rustout),
        check_ins(after.n),
        whole(before.burnout),
        whole(before.rustout),
        check_ins(before.n),
    )
}

fn whole(value: f64) -> String {
    format!("{:.0}", value.round())
}

fn check_ins(n: usize) -> String {
    if n == 1 {
        "1 check-in".to_string()
    } else {
        format!("{n} check-ins")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::test_support::item;
    use proptest::prelude::*;

    fn days_from_start(days: i64) -> DateTime<Utc> {
        item(1, "x").created_at + Duration::days(days)
    }

    #[test]
    fn compares_the_four_weeks_either_side() {
        let it = item(7, "Take a class");
        let history = vec![
            (days_from_start(-21), 50.0, 60.0),
            (days_from_start(-14), 54.0, 56.0),
            (days_from_start(-7), 52.0, 52.0),
            (days_from_start(-1), 52.0, 52.0),
            (days_from_start(0), 40.0, 44.0),
            (days_from_start(10), 44.0, 40.0),
            (days_from_start(20), 48.0, 39.0),
        ];
        let now = days_from_start(40);
        let moved = moved_after(&it, &history, now).unwrap();
        assert_eq!(moved.item_id, 7);
        assert_eq!(
            moved.before,
            Window {
                burnout: 52.0,
                rustout: 55.0,
                n: 4
            }
        );
        assert_eq!(
            moved.after,
            Window {
                burnout: 44.0,
                rustout: 41.0,
                n: 3
            }
        );
        assert_eq!(
            moved.message,
            "In the 4 weeks after you started this, your burnout index averaged 44 and your \
             rust-out index 41 (3 check-ins), against 52 and 55 (4 check-ins) in the 4 weeks \
             before. This describes what happened alongside it, not what caused it."
        );
    }

    #[test]
    fn the_window_edges_are_start_inclusive_end_exclusive() {
        let it = item(1, "x");
        let history = vec![
            (days_from_start(-28), 10.0, 10.0), // first instant of the before window
            (days_from_start(-28) - Duration::seconds(1), 99.0, 99.0), // just outside
            (days_from_start(0) - Duration::seconds(1), 30.0, 30.0), // last instant before
            (days_from_start(0), 60.0, 60.0),   // belongs to after
            (days_from_start(28) - Duration::seconds(1), 80.0, 80.0),
            (days_from_start(28), 1.0, 1.0), // just outside the after window
        ];
        let moved = moved_after(&it, &history, days_from_start(60)).unwrap();
        assert_eq!(moved.before.n, 2);
        assert_eq!(moved.before.burnout, 20.0);
        assert_eq!(moved.after.n, 2);
        assert_eq!(moved.after.rustout, 70.0);
    }

    #[test]
    fn says_nothing_with_fewer_than_two_points_a_side() {
        let it = item(1, "x");
        let history = vec![
            (days_from_start(-10), 50.0, 50.0),
            (days_from_start(-5), 50.0, 50.0),
            (days_from_start(3), 40.0, 40.0),
        ];
        assert_eq!(moved_after(&it, &history, days_from_start(30)), None);
        assert_eq!(moved_after(&it, &history[1..], days_from_start(30)), None);
        assert_eq!(moved_after(&it, &[], days_from_start(30)), None);
    }

    #[test]
    fn an_unfinished_window_says_how_long_it_has_been_and_ignores_the_future() {
        let it = item(1, "x");
        let history = vec![
            (days_from_start(-10), 50.0, 50.0),
            (days_from_start(-5), 50.0, 50.0),
            (days_from_start(2), 40.0, 40.0),
            (days_from_start(9), 42.0, 42.0),
            (days_from_start(12), 0.0, 0.0), // after `now`
        ];
        let moved = moved_after(&it, &history, days_from_start(10)).unwrap();
        assert_eq!(moved.after.n, 2);
        assert!(
            moved.message.starts_with(
                "In the 10 days since you started this, your burnout index averaged 41"
            )
        );
        assert!(moved.message.ends_with("not what caused it."));
    }

    #[test]
    fn values_that_are_not_numbers_are_ignored() {
        let it = item(1, "x");
        let history = vec![
            (days_from_start(-10), 50.0, 50.0),
            (days_from_start(-5), f64::NAN, 50.0),
            (days_from_start(-4), 40.0, 40.0),
            (days_from_start(2), 40.0, f64::INFINITY),
            (days_from_start(3), 40.0, 40.0),
            (days_from_start(4), 30.0, 30.0),
        ];
        let moved = moved_after(&it, &history, days_from_start(30)).unwrap();
        assert_eq!(moved.before.n, 2);
        assert_eq!(moved.after.n, 2);
        assert!(moved.before.burnout.is_finite() && moved.after.rustout.is_finite());
    }

    #[test]
    fn serializes_with_plain_field_names() {
        let it = item(3, "x");
        let history = vec![
            (days_from_start(-3), 50.0, 50.0),
            (days_from_start(-2), 50.0, 50.0),
            (days_from_start(2), 40.0, 40.0),
            (days_from_start(3), 40.0, 40.0),
        ];
        let moved = moved_after(&it, &history, days_from_start(30)).unwrap();
        let json = serde_json::to_value(&moved).unwrap();
        assert_eq!(json["item_id"], 3);
        assert_eq!(json["before"]["n"], 2);
        assert_eq!(json["after"]["burnout"], 40.0);
        assert!(
            json["message"]
                .as_str()
                .unwrap()
                .contains("not what caused it")
        );
    }

    fn point() -> impl Strategy<Value = (i64, f64, f64)> {
        (
            -60 * 24 * 60i64..60 * 24 * 60,
            0.0..=100.0f64,
            0.0..=100.0f64,
        )
    }

    proptest! {
        #[test]
        fn windows_hold_only_points_within_four_weeks_and_count_them(
            points in prop::collection::vec(point(), 0..40),
            now_minutes in 0i64..(60 * 24 * 60),
        ) {
            let it = item(1, "x");
            let start = it.created_at;
            let now = start + Duration::minutes(now_minutes);
            let history: Vec<_> = points
                .iter()
                .map(|&(m, b, r)| (start + Duration::minutes(m), b, r))
                .collect();
            let span = Duration::weeks(WINDOW_WEEKS);
            let in_before: Vec<_> = history.iter().filter(|p| p.0 >= start - span && p.0 < start).collect();
            let in_after: Vec<_> = history
                .iter()
                .filter(|p| p.0 >= start && p.0 < start + span && p.0 <= now)
                .collect();

            match moved_after(&it, &history, now) {
                None => prop_assert!(
                    in_before.len() < MIN_POINTS_EACH_SIDE || in_after.len() < MIN_POINTS_EACH_SIDE
                ),
                Some(moved) => {
                    prop_assert_eq!(moved.before.n, in_before.len());
                    prop_assert_eq!(moved.after.n, in_after.len());
                    let mean = |ps: &[&(DateTime<Utc>, f64, f64)]| {
                        ps.iter().map(|p| p.1).sum::<f64>() / ps.len() as f64
                    };
                    prop_assert!((moved.before.burnout - mean(&in_before)).abs() < 1e-9);
                    prop_assert!((moved.after.burnout - mean(&in_after)).abs() < 1e-9);
                    prop_assert!(moved.message.contains("not what caused it"));
                }
            }

            // Points outside the windows change nothing.
            let mut padded = history.clone();
            padded.push((start - span - Duration::minutes(1), 0.0, 0.0));
            padded.push((start + span, 100.0, 100.0));
            padded.push((now + Duration::minutes(1), 100.0, 100.0));
            prop_assert_eq!(moved_after(&it, &padded, now), moved_after(&it, &history, now));
        }
    }
}
