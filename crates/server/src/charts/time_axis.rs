//! The time axis of the trend chart: its domain and week ticks with short date labels, sensible
//! from a single point to a couple of years.

use chrono::{DateTime, Datelike, Utc};

const DAY: f64 = 86_400.0;
const WEEK: f64 = 7.0 * DAY;
/// 1970-01-05, the first Monday of the Unix epoch: every tick falls on a Monday, counted from
/// here, so ticks stay put as new weeks arrive.
const FIRST_MONDAY: f64 = 4.0 * DAY;
/// At most this many tick labels fit across the chart at a readable size.
const MAX_TICKS: usize = 6;
/// Tick steps in weeks, tried smallest first.
const STEPS: [u32; 7] = [1, 2, 4, 8, 13, 26, 52];

/// A date for people: `"23 Mar 2026"`.
pub(crate) fn date_label(at: DateTime<Utc>) -> String {
    at.format("%-d %b %Y").to_string()
}

/// The span of time the chart shows, in seconds since the epoch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Domain {
    pub start: f64,
    pub end: f64,
}

impl Domain {
    /// A domain around the given times: at least a week wide (centred on them when they span
    /// less), with a little room on both sides so end markers are not cut. `None` when there
    /// are no times.
    pub(crate) fn around(times: impl IntoIterator<Item = DateTime<Utc>>) -> Option<Domain> {
        let mut bounds: Option<(i64, i64)> = None;
        for t in times {
            let s = t.timestamp();
            bounds = Some(match bounds {
                None => (s, s),
                Some((lo, hi)) => (lo.min(s), hi.max(s)),
            });
        }
        let (lo, hi) = bounds?;
        let (mut start, mut end) = (lo as f64, hi as f64);
        if end - start < WEEK {
            let centre = start + (end - start) / 2.0;
            start = centre - WEEK / 2.0;
            end = centre + WEEK / 2.0;
        }
        let pad = (end - start) * 0.04;
        Some(Domain {
            start: start - pad,
            end: end + pad,
        })
    }

    /// Where `at` falls, from 0 (start) to 1 (end).
    pub(crate) fn fraction(&self, at: DateTime<Utc>) -> f64 {
        (at.timestamp() as f64 - self.start) / (self.end - self.start)
    }

    /// Monday ticks inside the domain, at most [`MAX_TICKS`]; each labelled like `"5 Jan"`, with
    /// the year added to the first tick and wherever the year changes.
    pub(crate) fn ticks(&self) -> Vec<Tick> {
        let step = WEEK * f64::from(step_weeks((self.end - self.start) / WEEK));
        let first = ((self.start - FIRST_MONDAY) / step).ceil();
        let mut ticks: Vec<Tick> = Vec::new();
        let mut previous_year: Option<i32> = None;
        for k in 0..=MAX_TICKS {
            let seconds = FIRST_MONDAY + (first + k as f64) * step;
            if seconds > self.end {
                break;
            }
            // Out of chrono's range only for absurd input; such a tick is left out.
            let Some(at) = DateTime::from_timestamp(seconds as i64, 0) else {
                continue;
            };
            let year = at.year();
            ticks.push(Tick {
                fraction: (seconds - self.start) / (self.end - self.start),
                label: at.format("%-d %b").to_string(),
                year: (previous_year != Some(year)).then(|| year.to_string()),
            });
            previous_year = Some(year);
        }
        ticks
    }
}

/// The smallest step (in weeks) that keeps the tick count within [`MAX_TICKS`].
fn step_weeks(span_weeks: f64) -> u32 {
    let fits = |step: f64| (span_weeks / step).floor() + 1.0 <= MAX_TICKS as f64;
    if let Some(step) = STEPS.iter().copied().find(|s| fits(f64::from(*s))) {
        return step;
    }
    // Beyond two years' worth of ticks: whole years.
    let years = (span_weeks / 52.0 / (MAX_TICKS - 1) as f64).ceil();
    let years = if years.is_finite() {
        years.clamp(1.0, 1.0e6)
    } else {
        1.0
    };
    52 * years as u32
}

/// One tick on the time axis.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tick {
    /// Position from 0 (domain start) to 1 (domain end).
    pub fraction: f64,
    /// Day and month, e.g. `"5 Jan"`.
    pub label: String,
    /// The year, on the first tick and where it changes.
    pub year: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone, Weekday};

    fn monday(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        let at = Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap();
        assert_eq!(at.weekday(), Weekday::Mon);
        at
    }

    fn weekly(from: DateTime<Utc>, weeks: i64) -> Vec<DateTime<Utc>> {
        (0..weeks).map(|w| from + Duration::weeks(w)).collect()
    }

    #[test]
    fn dates_read_naturally() {
        assert_eq!(date_label(monday(2026, 1, 5)), "5 Jan 2026");
    }

    #[test]
    fn no_times_no_domain() {
        assert_eq!(Domain::around(Vec::new()), None);
    }

    #[test]
    fn a_single_point_gets_a_week_around_it() {
        let at = monday(2026, 3, 2);
        let domain = Domain::around([at]).unwrap();
        assert!((domain.fraction(at) - 0.5).abs() < 1e-9);
        assert!(domain.end - domain.start >= WEEK);
        let ticks = domain.ticks();
        assert!(!ticks.is_empty() && ticks.len() <= MAX_TICKS);
        assert_eq!(ticks[0].label, "2 Mar");
        assert_eq!(ticks[0].year.as_deref(), Some("2026"));
    }

    #[test]
    fn twelve_weeks_tick_every_other_monday() {
        let domain = Domain::around(weekly(monday(2026, 1, 5), 12)).unwrap();
        let ticks = domain.ticks();
        assert!(ticks.len() >= 4 && ticks.len() <= MAX_TICKS, "{ticks:?}");
        assert!(ticks.windows(2).all(|w| w[0].fraction < w[1].fraction));
        assert!(ticks.iter().all(|t| (0.0..=1.0).contains(&t.fraction)));
        // The year shows once: all ticks are in 2026.
        assert_eq!(ticks.iter().filter(|t| t.year.is_some()).count(), 1);
    }

    #[test]
    fn two_years_stay_within_the_tick_budget_and_mark_each_new_year() {
        let domain = Domain::around(weekly(monday(2024, 1, 1), 104)).unwrap();
        let ticks = domain.ticks();
        assert!(ticks.len() >= 3 && ticks.len() <= MAX_TICKS, "{ticks:?}");
        let years: Vec<_> = ticks.iter().filter_map(|t| t.year.clone()).collect();
        assert!(years.len() >= 2, "{years:?}");
    }

    #[test]
    fn centuries_still_give_few_ticks() {
        let domain = Domain::around([monday(1900, 1, 1), monday(2100, 1, 4)]).unwrap();
        let ticks = domain.ticks();
        assert!(!ticks.is_empty() && ticks.len() <= MAX_TICKS, "{ticks:?}");
    }

    #[test]
    fn steps_grow_with_the_span() {
        assert_eq!(step_weeks(0.5), 1);
        assert_eq!(step_weeks(12.0), 4);
        assert_eq!(step_weeks(104.0), 26);
        assert!(step_weeks(10_000.0) >= 52);
    }
}
