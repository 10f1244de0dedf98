//! The words the person's pages use for dates, zones, bands, trends, the challenge balance and
//! cadences. Pure functions, so every page says the same thing the same way.

use anneal_core::model::{Band, Index, Zone};
use anneal_core::strategy::Cadence;
use anneal_core::trend::Direction;
use chrono::{DateTime, NaiveDate, Utc};

/// A day as people read it: "3 Mar 2026".
pub fn date(at: DateTime<Utc>) -> String {
    day(at.date_naive())
}

/// A calendar day as people read it: "3 Mar 2026".
pub fn day(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// A day in the form date inputs and files use: "2026-03-03".
pub fn iso_day(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d").to_string()
}

/// The CSS class suffix of the zone reading at the top of a page: never the healthy middle's
/// green under a safety notice, and a one-week lean shows as a lean, not as a zone.
pub fn reading_class(reading: &anneal_core::words::ZoneReading, notice: bool) -> &'static str {
    if notice {
        "notice"
    } else if reading.zone == Zone::Thriving && reading.leaning.is_some() {
        "leaning"
    } else {
        zone_class(reading.zone)
    }
}

/// What kind of answers a response is, in a word or two.
pub fn instrument_short(id: &str) -> String {
    match id {
        "pulse" => "Pulse".to_string(),
        "spectrum" => "Full check".to_string(),
        other => instrument_title(other),
    }
}

/// The CSS class suffix of a zone (`zone-burnout`).
pub fn zone_class(zone: Zone) -> &'static str {
    zone.as_str()
}

/// The name of an index or of what a dimension feeds.
pub fn index_name(index: Index) -> &'static str {
    match index {
        Index::Burnout => "Burnout",
        Index::Rustout => "Rust-out",
        Index::Balance => "Challenge balance",
        Index::Shared => "Both",
    }
}

/// A band in words ("moderate").
pub fn band_name(band: Band) -> &'static str {
    band.as_str()
}

/// A score on 0–100 as a whole number, the way the pages show it.
pub fn whole(score: f64) -> String {
    if score.is_finite() {
        format!("{:.0}", score.clamp(0.0, 100.0))
    } else {
        "–".to_string()
    }
}

/// Where the challenge balance (−100 … +100) sits, in words.
pub fn balance_words(c: f64) -> &'static str {
    match c {
        c if c <= -50.0 => "far too little challenge",
        c if c < -15.0 => "too little challenge",
        c if c <= 15.0 => "about the right amount of challenge",
        c if c < 50.0 => "more demand than is comfortable",
        _ => "far too much demand",
    }
}

/// The challenge balance as a signed whole number ("+12", "−30", "0").
pub fn signed(c: f64) -> String {
    let rounded = c.round();
    if rounded > 0.0 {
        format!("+{rounded:.0}")
    } else if rounded < 0.0 {
        format!("−{:.0}", -rounded)
    } else {
        "0".to_string()
    }
}

/// Which way an index moves, in words; `slope` is in points per week.
pub fn trend_words(direction: Option<Direction>, slope: Option<f64>) -> String {
    match (direction, slope) {
        (Some(Direction::Rising), Some(k)) => format!("rising, about {:.1} points a week", k.abs()),
        (Some(Direction::Falling), Some(k)) => {
            format!("falling, about {:.1} points a week", k.abs())
        }
        (Some(Direction::Rising), None) => "rising".to_string(),
        (Some(Direction::Falling), None) => "falling".to_string(),
        (Some(Direction::Steady), _) => "steady".to_string(),
        (None, _) => "not enough answers yet to see a trend".to_string(),
    }
}

/// How often an action repeats, in words.
pub fn cadence_words(cadence: Option<Cadence>) -> &'static str {
    match cadence {
        Some(Cadence::Once) => "once",
        Some(Cadence::Daily) => "every day",
        Some(Cadence::Weekly) => "every week",
        Some(Cadence::Monthly) => "every month",
        None => "no set rhythm",
    }
}

/// "1 answer", "3 answers".
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The title of a built-in instrument by id ("Weekly pulse"), or the id itself.
pub fn instrument_title(id: &str) -> String {
    anneal_core::instrument::builtin_by_id(id)
        .map(|i| i.title.clone())
        .unwrap_or_else(|| id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn dates_read_naturally() {
        let at = Utc.with_ymd_and_hms(2026, 3, 3, 23, 59, 0).unwrap();
        assert_eq!(date(at), "3 Mar 2026");
        assert_eq!(iso_day(at), "2026-03-03");
    }

    #[test]
    fn balance_words_are_symmetric_around_about_right() {
        assert_eq!(balance_words(0.0), "about the right amount of challenge");
        assert_eq!(balance_words(15.0), "about the right amount of challenge");
        assert_eq!(balance_words(-15.0), "about the right amount of challenge");
        assert_eq!(balance_words(-30.0), "too little challenge");
        assert_eq!(balance_words(30.0), "more demand than is comfortable");
        assert_eq!(balance_words(-50.0), "far too little challenge");
        assert_eq!(balance_words(80.0), "far too much demand");
    }

    #[test]
    fn signed_balance_uses_a_real_minus_sign() {
        assert_eq!(signed(12.4), "+12");
        assert_eq!(signed(-30.0), "−30");
        assert_eq!(signed(0.2), "0");
        assert_eq!(signed(-0.4), "0");
    }

    #[test]
    fn trends_in_words() {
        assert_eq!(
            trend_words(Some(Direction::Rising), Some(2.14)),
            "rising, about 2.1 points a week"
        );
        assert_eq!(
            trend_words(Some(Direction::Falling), Some(-3.0)),
            "falling, about 3.0 points a week"
        );
        assert_eq!(trend_words(Some(Direction::Steady), Some(0.1)), "steady");
        assert!(trend_words(None, None).starts_with("not enough"));
    }

    #[test]
    fn whole_scores_are_clamped_and_never_nan() {
        assert_eq!(whole(44.6), "45");
        assert_eq!(whole(140.0), "100");
        assert_eq!(whole(f64::NAN), "–");
    }

    #[test]
    fn counts_and_titles() {
        assert_eq!(count(1, "answer", "answers"), "1 answer");
        assert_eq!(count(3, "answer", "answers"), "3 answers");
        assert_eq!(instrument_title("pulse"), "Weekly pulse");
        assert_eq!(instrument_title("custom"), "custom");
        assert_eq!(cadence_words(Some(Cadence::Weekly)), "every week");
    }
}
