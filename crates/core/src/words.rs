//! The words people read for scores: one place that names a dimension or an index by what it
//! measures, so the CLI, the web pages, the API and the recommendation reasons say the same thing.
//!
//! Every dimension scores strain (higher is worse), so its name is the strain's, not the good
//! thing's: `growth` reads "Stagnation", `mood` reads "Low mood", `skill_use` "Unused skills".

use crate::instrument::builtin;
use crate::model::{Band, Index, Zone};
use crate::status::{MIN_TREND_WEEKS, Movement, Series};
use serde::Serialize;

/// A dimension's title as people read it: the title the shipped instruments give it (the
/// Spectrum check's first, then the pulse's), or for an id no shipped instrument has, the id in
/// words.
pub fn dimension_title(id: &str) -> String {
    builtin()
        .iter()
        .find_map(|inst| inst.dimension(id).map(|d| d.title.clone()))
        .unwrap_or_else(|| {
            let words = id.replace('_', " ");
            let mut chars = words.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
}

/// An index's title: "Burnout index", "Rust-out index", "Challenge balance".
pub fn index_title(index: Index) -> &'static str {
    match index {
        Index::Burnout => "Burnout index",
        Index::Rustout => "Rust-out index",
        Index::Balance => "Challenge balance",
        Index::Shared => "Shared signs",
    }
}

/// A whole number for people, 0–100; non-finite values read as 0.
pub fn whole(value: f64) -> String {
    let v = if value.is_finite() {
        value.clamp(0.0, 100.0).round()
    } else {
        0.0
    };
    format!("{v:.0}")
}

/// One score named for people: "Stagnation 75, high".
pub fn named_score(title: &str, value: f64, band: Band) -> String {
    format!("{title} {}, {band}", whole(value))
}

/// How an index is moving, in words, with the window and the series it is read over: the one
/// sentence every surface shows on a trend card, so it never contradicts the early warning.
pub fn movement_text(
    movement: Option<Movement>,
    slope_per_week: Option<f64>,
    window_weeks: i64,
    series: Option<Series>,
) -> String {
    let over = match series {
        Some(Series::Assessment) => {
            format!("over your full checks of the last {window_weeks} weeks")
        }
        _ => format!("over your pulses of the last {window_weeks} weeks"),
    };
    let per_week = slope_per_week
        .filter(|k| k.is_finite())
        .map(|k| format!(", about {:.1} points a week", k.abs().min(100.0)))
        .unwrap_or_default();
    match movement {
        Some(Movement::Rising) => format!("rising{per_week} {over}"),
        Some(Movement::Falling) => format!("falling{per_week} {over}"),
        Some(Movement::Steady) => format!("steady {over}"),
        Some(Movement::AboveUsual) => {
            format!("above your usual level and holding there {over} (see the early warning)")
        }
        None => format!(
            "no trend yet: it needs at least three answers spread over {MIN_TREND_WEEKS:.0} weeks \
             or more"
        ),
    }
}

/// One response's own zone in a word or two, for tables and lists. Never "thriving": beside a
/// safety notice that would contradict it.
pub fn zone_label(zone: Zone) -> &'static str {
    match zone {
        Zone::Thriving => "Low strain",
        Zone::Burnout => "Burnout",
        Zone::Rustout => "Rust-out",
        Zone::Both => "Both",
    }
}

/// Where a person sits, in words, with what the status decided (zone persistence, leaning) and
/// whether the safety notice is raised. The one reading every surface shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ZoneReading {
    /// The zone that has persisted (a full check, or two of the last three pulses).
    pub zone: Zone,
    /// The latest response's own zone, when it differs.
    pub leaning: Option<Zone>,
    /// A short heading.
    pub title: String,
    /// One or two sentences.
    pub text: String,
}

fn zone_name(zone: Zone) -> &'static str {
    match zone {
        Zone::Thriving => "the healthy middle",
        Zone::Burnout => "burnout",
        Zone::Rustout => "rust-out",
        Zone::Both => "burnout and rust-out at once",
    }
}

/// The reading of a zone. Under a safety notice nothing calls the person thriving or in the
/// healthy middle: their mood comes first.
pub fn zone_reading(zone: Zone, leaning: Option<Zone>, notice: bool) -> ZoneReading {
    let (title, mut text) = match (zone, leaning) {
        (Zone::Thriving, _) if notice => (
            "Your wellbeing comes first".to_string(),
            "Your burnout and rust-out signs are not what matters most right now: your answers \
             about feeling low or hopeless are. Please read the notice above."
                .to_string(),
        ),
        (Zone::Thriving, Some(lean)) => (
            format!("Leaning toward {}", zone_name(lean)),
            format!(
                "Your latest answers lean toward {}. One week is not a pattern yet: if your next \
                 pulses say the same, it becomes a zone.",
                zone_name(lean)
            ),
        ),
        (Zone::Thriving, None) => (
            "In the healthy middle".to_string(),
            "Neither burnout nor rust-out signs are elevated.".to_string(),
        ),
        (zone, _) => (
            match zone {
                Zone::Burnout => "Burnout zone",
                Zone::Rustout => "Rust-out zone",
                _ => "Burnout and rust-out together",
            }
            .to_string(),
            match zone {
                Zone::Burnout => "Signs of too much demand for too long have persisted.",
                Zone::Rustout => "Signs of too little challenge, meaning or growth have persisted.",
                _ => "Signs of overload and of under-challenge have persisted together.",
            }
            .to_string(),
        ),
    };
    match leaning {
        Some(Zone::Thriving) if zone != Zone::Thriving && !notice => {
            text.push_str(" Your latest answers were calmer; one good week is a start.");
        }
        Some(lean) if zone != Zone::Thriving && lean != Zone::Thriving => {
            text.push_str(&format!(
                " Your latest answers also lean toward {}.",
                zone_name(lean)
            ));
        }
        _ => {}
    }
    if notice && zone != Zone::Thriving {
        text.push_str(" Your wellbeing comes first: please read the notice above.");
    }
    ZoneReading {
        zone,
        leaning,
        title,
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ZONES: [Zone; 4] = [Zone::Thriving, Zone::Burnout, Zone::Rustout, Zone::Both];

    #[test]
    fn under_a_notice_no_reading_calls_anyone_thriving_or_in_the_healthy_middle() {
        for zone in ZONES {
            for leaning in ZONES.map(Some).into_iter().chain([None]) {
                let r = zone_reading(zone, leaning, true);
                let all = format!("{} {}", r.title, r.text).to_lowercase();
                assert!(!all.contains("thriv"), "{all}");
                assert!(!all.contains("healthy middle"), "{all}");
                assert!(!all.contains("calmer"), "{all}");
            }
        }
    }

    #[test]
    fn movement_names_its_window_and_never_says_steady_beside_a_warning() {
        let above = movement_text(
            Some(Movement::AboveUsual),
            Some(0.2),
            8,
            Some(Series::Pulse),
        );
        assert!(!above.contains("steady"), "{above}");
        assert!(above.contains("8 weeks"), "{above}");
        let rising = movement_text(Some(Movement::Rising), Some(3.12), 8, Some(Series::Pulse));
        assert_eq!(
            rising,
            "rising, about 3.1 points a week over your pulses of the last 8 weeks"
        );
        assert!(movement_text(None, None, 8, None).starts_with("no trend yet"));
    }

    #[test]
    fn one_elevated_week_leans_and_a_persisting_zone_is_named() {
        let r = zone_reading(Zone::Thriving, Some(Zone::Burnout), false);
        assert_eq!(r.title, "Leaning toward burnout");
        assert!(!r.text.contains("too long"), "{}", r.text);
        let r = zone_reading(Zone::Burnout, None, false);
        assert_eq!(r.title, "Burnout zone");
        assert_eq!(
            zone_reading(Zone::Thriving, None, false).title,
            "In the healthy middle"
        );
    }

    #[test]
    fn dimensions_read_as_the_strain_they_measure() {
        assert_eq!(dimension_title("growth"), "Stagnation");
        assert_eq!(dimension_title("mood"), "Low mood");
        assert_eq!(dimension_title("skill_use"), "Unused skills");
        assert_eq!(dimension_title("motivation"), "Low drive");
        assert_eq!(dimension_title("connection"), "Disconnection");
        assert_eq!(dimension_title("purpose"), "Lost purpose");
        assert_eq!(dimension_title("overload"), "Too much");
        assert_eq!(dimension_title("made_up_thing"), "Made up thing");
        assert_eq!(
            named_score("Stagnation", 74.6, Band::High),
            "Stagnation 75, high"
        );
        assert_eq!(
            named_score("Low mood", f64::NAN, Band::Low),
            "Low mood 0, low"
        );
    }

    #[test]
    fn a_dimension_has_one_title_in_every_shipped_instrument() {
        // Reasons, tables and charts name a dimension the same way whichever instrument scored it.
        for inst in builtin() {
            for d in &inst.dimensions {
                assert_eq!(d.title, dimension_title(&d.id), "{} in {}", d.id, inst.id);
            }
        }
    }

    #[test]
    fn every_shipped_dimension_has_a_title_that_names_a_strain() {
        // The good-sounding words must never be a dimension's title: a high score is strain.
        for inst in builtin() {
            for d in &inst.dimensions {
                let title = dimension_title(&d.id).to_lowercase();
                for good in [
                    "growth",
                    "purpose",
                    "skill use",
                    "motivation",
                    "connection",
                    "mood",
                ] {
                    assert_ne!(title, good, "{} reads as the good thing", d.id);
                }
            }
        }
    }
}
