//! The one rule for when an answer can have been given: not before 1 January 2000 and not more
//! than a day after now (clocks differ by a few hours; more is a typing mistake, like 2999 for
//! 2029). Every path that stores a response — the CLI's `--at`, the API's `at`, the web forms,
//! import — goes through [`check_taken_at`], so a date outside that range is never stored.

use crate::ServiceError;
use chrono::{DateTime, Duration, TimeZone, Utc};
use thiserror::Error;

/// How far ahead of now an answer's time may be.
pub const MAX_AHEAD: Duration = Duration::days(1);

/// The earliest time an answer can have been given: 2000-01-01T00:00:00Z.
pub fn earliest() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2000, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// A time outside the allowed range: which field, the time given, and the range allowed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(
    "{field}: {} is {}; an answer's time must be from {} to one day after now ({})",
    shown(*given),
    if given < earliest { "before the earliest allowed" } else { "more than one day in the future" },
    shown(*earliest),
    shown(*latest)
)]
pub struct DateOutOfRange {
    /// The field that held the time (`taken_at`, `responses[3].taken_at`).
    pub field: String,
    pub given: DateTime<Utc>,
    pub earliest: DateTime<Utc>,
    pub latest: DateTime<Utc>,
}

fn shown(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

/// Checks that `given`, the time of an answer in `field`, lies from [`earliest`] to
/// [`MAX_AHEAD`] after `now` (both ends allowed).
pub fn check_taken_at(
    field: &str,
    given: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), DateOutOfRange> {
    let earliest = earliest();
    let latest = now + MAX_AHEAD;
    if given < earliest || given > latest {
        return Err(DateOutOfRange {
            field: field.to_string(),
            given,
            earliest,
            latest,
        });
    }
    Ok(())
}

/// A time out of range is input the person can fix.
impl From<DateOutOfRange> for ServiceError {
    fn from(e: DateOutOfRange) -> ServiceError {
        ServiceError::Invalid(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    #[test]
    fn the_range_is_from_2000_to_a_day_after_now_both_ends_allowed() {
        let now = at(2026, 3, 2, 9);
        for ok in [
            earliest(),
            at(2013, 6, 1, 12),
            now,
            now + MAX_AHEAD,
            now - Duration::weeks(52 * 20),
        ] {
            assert_eq!(check_taken_at("taken_at", ok, now), Ok(()), "{ok}");
        }
        for bad in [
            earliest() - Duration::milliseconds(1),
            at(1970, 1, 1, 0),
            now + MAX_AHEAD + Duration::milliseconds(1),
            at(2999, 1, 1, 12),
            DateTime::<Utc>::MIN_UTC,
            DateTime::<Utc>::MAX_UTC,
        ] {
            assert!(check_taken_at("taken_at", bad, now).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_error_names_the_field_the_time_and_what_is_allowed() {
        let now = at(2026, 3, 2, 9);
        let late = check_taken_at("responses[3].taken_at", at(2999, 1, 1, 12), now).unwrap_err();
        assert_eq!(late.field, "responses[3].taken_at");
        assert_eq!(late.latest, at(2026, 3, 3, 9));
        assert_eq!(
            late.to_string(),
            "responses[3].taken_at: 2999-01-01T12:00:00Z is more than one day in the future; an \
             answer's time must be from 2000-01-01T00:00:00Z to one day after now \
             (2026-03-03T09:00:00Z)"
        );
        let early = check_taken_at("taken_at", at(1999, 12, 31, 23), now).unwrap_err();
        assert!(
            early
                .to_string()
                .starts_with("taken_at: 1999-12-31T23:00:00Z is before the earliest allowed;"),
            "{early}"
        );
        assert!(matches!(
            ServiceError::from(early),
            ServiceError::Invalid(m) if m.starts_with("taken_at:")
        ));
    }
}
