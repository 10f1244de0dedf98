//! Parsing `--at` dates: `YYYY-MM-DD` (noon UTC, so the day is the same in every time zone that
//! matters) or a full RFC 3339 time stamp.

use chrono::{DateTime, NaiveDate, Utc};

pub fn parse_at(s: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d")
        && let Some(t) = d.and_hms_opt(12, 0, 0)
    {
        return Ok(t.and_utc());
    }
    Err(format!(
        "{s:?} is not a date; use YYYY-MM-DD (e.g. 2026-03-02) or an RFC 3339 time (e.g. 2026-03-02T09:30:00Z)"
    ))
}

/// A calendar day, `YYYY-MM-DD`.
pub fn parse_day(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("{s:?} is not a date; use YYYY-MM-DD (e.g. 2026-03-02)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_is_noon_utc() {
        assert_eq!(
            parse_at("2026-03-02").unwrap().to_rfc3339(),
            "2026-03-02T12:00:00+00:00"
        );
    }

    #[test]
    fn rfc3339_keeps_its_offset() {
        assert_eq!(
            parse_at("2026-03-02T09:30:00+02:00").unwrap().to_rfc3339(),
            "2026-03-02T07:30:00+00:00"
        );
    }

    #[test]
    fn nonsense_is_refused_with_the_allowed_forms() {
        let e = parse_at("last tuesday").unwrap_err();
        assert!(e.contains("YYYY-MM-DD"), "{e}");
        assert!(parse_at("2026-02-30").is_err());
    }
}
