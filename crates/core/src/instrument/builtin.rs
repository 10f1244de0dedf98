//! The instruments that ship with Anneal, embedded at build time from `content/instruments/`.

use super::{Instrument, parse};
use std::sync::OnceLock;

/// The shipped instrument files: (name used in error messages, text).
const FILES: [(&str, &str); 2] = [
    (
        "content/instruments/spectrum.toml",
        include_str!("../../../../content/instruments/spectrum.toml"),
    ),
    (
        "content/instruments/pulse.toml",
        include_str!("../../../../content/instruments/pulse.toml"),
    ),
];

/// Earlier versions of the shipped instruments, kept so that a response given to one reads (and
/// re-scores, on import) exactly as it did when it was given.
const ARCHIVE: [(&str, &str); 2] = [
    (
        "content/instruments/archive/spectrum-v1.toml",
        include_str!("../../../../content/instruments/archive/spectrum-v1.toml"),
    ),
    (
        "content/instruments/archive/pulse-v1.toml",
        include_str!("../../../../content/instruments/archive/pulse-v1.toml"),
    ),
];

/// The shipped instruments, `spectrum` then `pulse`, parsed once on first use.
pub fn builtin() -> &'static [Instrument] {
    static BUILTIN: OnceLock<Vec<Instrument>> = OnceLock::new();
    BUILTIN.get_or_init(|| {
        FILES
            .iter()
            .map(|(name, text)| {
                // The unit tests below parse every shipped file, so this cannot fail in a build
                // whose tests pass.
                parse(name, text).unwrap_or_else(|e| panic!("shipped instrument is invalid:\n{e}"))
            })
            .collect()
    })
}

/// The shipped instrument with this id, in its current version.
pub fn builtin_by_id(id: &str) -> Option<&'static Instrument> {
    builtin().iter().find(|instrument| instrument.id == id)
}

/// The earlier versions of the shipped instruments, parsed once on first use.
fn archive() -> &'static [Instrument] {
    static ARCHIVED: OnceLock<Vec<Instrument>> = OnceLock::new();
    ARCHIVED.get_or_init(|| {
        ARCHIVE
            .iter()
            .map(|(name, text)| {
                // Parsed by the unit tests below, like the current files.
                parse(name, text).unwrap_or_else(|e| panic!("archived instrument is invalid:\n{e}"))
            })
            .collect()
    })
}

/// The shipped version of instrument `id` that a set of answers was given to: `version` when it
/// is given and known, otherwise the newest version whose items are exactly the answers' keys
/// (older export files did not record the version). `None` when no version fits.
pub fn builtin_for_answers(
    id: &str,
    version: Option<u32>,
    answers: &crate::scoring::Answers,
) -> Option<&'static Instrument> {
    if let Some(v) = version {
        return builtin_version(id, v);
    }
    let mut candidates: Vec<&'static Instrument> = builtin()
        .iter()
        .chain(archive())
        .filter(|i| i.id == id)
        .collect();
    candidates.sort_by_key(|i| std::cmp::Reverse(i.version));
    let fits = |inst: &&&Instrument| {
        inst.items.len() == answers.len() && inst.items.iter().all(|i| answers.contains_key(&i.id))
    };
    candidates
        .iter()
        .find(fits)
        .or_else(|| candidates.first())
        .copied()
}

/// The shipped instrument with this id in exactly this version, current or archived.
pub fn builtin_version(id: &str, version: u32) -> Option<&'static Instrument> {
    builtin()
        .iter()
        .chain(archive())
        .find(|instrument| instrument.id == id && instrument.version == version)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instrument::InstrumentKind;
    use crate::model::Index;

    #[test]
    fn every_version_is_found_and_the_current_one_is_the_newest() {
        for current in builtin() {
            assert_eq!(
                builtin_version(&current.id, current.version).map(|i| i.version),
                Some(current.version)
            );
            for v in 1..current.version {
                let old = builtin_version(&current.id, v).expect("every earlier version is kept");
                assert_eq!(old.id, current.id);
                assert_eq!(old.kind, current.kind);
            }
            assert!(builtin_version(&current.id, current.version + 1).is_none());
        }
        assert_eq!(builtin_by_id("pulse").map(|i| i.version), Some(2));
        assert_eq!(builtin_by_id("spectrum").map(|i| i.version), Some(2));
    }

    #[test]
    fn answers_find_the_version_they_were_given_to() {
        let v1 = builtin_version("pulse", 1).expect("archived");
        let answers: crate::scoring::Answers = v1.items.iter().map(|i| (i.id.clone(), 3)).collect();
        assert_eq!(
            builtin_for_answers("pulse", None, &answers).map(|i| i.version),
            Some(1)
        );
        let v2 = builtin_by_id("pulse").expect("ships");
        let answers: crate::scoring::Answers = v2.items.iter().map(|i| (i.id.clone(), 3)).collect();
        assert_eq!(
            builtin_for_answers("pulse", None, &answers).map(|i| i.version),
            Some(2)
        );
        assert_eq!(
            builtin_for_answers("pulse", Some(1), &answers).map(|i| i.version),
            Some(1)
        );
        assert!(builtin_for_answers("nope", None, &answers).is_none());
        // Answers that fit no version get the newest, whose scoring then says what is wrong.
        let odd = crate::scoring::Answers::new();
        assert_eq!(
            builtin_for_answers("pulse", None, &odd).map(|i| i.version),
            Some(2)
        );
    }

    #[test]
    fn every_shipped_file_parses() {
        for (name, text) in FILES.iter().chain(&ARCHIVE) {
            if let Err(e) = parse(name, text) {
                panic!("{e}");
            }
        }
        let ids: Vec<&str> = builtin().iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["spectrum", "pulse"]);
    }

    /// Recommendations trigger on dimension ids, so every shipped dimension must be one the
    /// strategy catalogue knows.
    #[test]
    fn every_shipped_dimension_can_trigger_strategies() {
        for instrument in builtin() {
            for dimension in &instrument.dimensions {
                assert!(
                    crate::strategy::KNOWN_DIMENSIONS.contains(&dimension.id.as_str()),
                    "{}: {} is unknown to the strategy catalogue",
                    instrument.id,
                    dimension.id
                );
            }
        }
    }

    #[test]
    fn lookup_by_id() {
        assert_eq!(
            builtin_by_id("pulse").map(|i| i.kind),
            Some(InstrumentKind::Pulse)
        );
        assert!(builtin_by_id("nope").is_none());
    }

    /// DESIGN §2.1: the full assessment covers every dimension, with the index the spec gives it.
    #[test]
    fn spectrum_covers_every_dimension_of_the_model() {
        let spectrum = builtin_by_id("spectrum").expect("spectrum ships");
        assert_eq!(spectrum.kind, InstrumentKind::Assessment);
        assert!(!spectrum.validated);
        assert!(
            (20..=28).contains(&spectrum.items.len()),
            "{} items",
            spectrum.items.len()
        );
        let expected = [
            ("exhaustion", Index::Burnout),
            ("pressure", Index::Burnout),
            ("cynicism", Index::Burnout),
            ("detachment", Index::Burnout),
            ("physical", Index::Burnout),
            ("irritability", Index::Burnout),
            ("boredom", Index::Rustout),
            ("motivation", Index::Rustout),
            ("procrastination", Index::Rustout),
            ("skill_use", Index::Rustout),
            ("growth", Index::Rustout),
            ("purpose", Index::Rustout),
            ("withdrawal", Index::Rustout),
            ("sleep_appetite", Index::Shared),
            ("mood", Index::Shared),
        ];
        assert_eq!(spectrum.dimensions.len(), expected.len());
        for (id, index) in expected {
            let dimension = spectrum
                .dimension(id)
                .unwrap_or_else(|| panic!("{id} missing"));
            assert_eq!(dimension.index, index, "{id}");
            assert_eq!(dimension.safety, id == "mood", "{id}");
            let items = spectrum
                .items
                .iter()
                .filter(|i| i.dimension.as_deref() == Some(id))
                .count();
            assert!((1..=3).contains(&items), "{id} has {items} items");
        }
        assert!(spectrum.items.iter().any(|i| i.reverse));
        let scale = &spectrum.scales["frequency"];
        assert_eq!(scale.values, [1, 2, 3, 4, 5]);
        assert_eq!(
            scale.labels,
            ["Never", "Rarely", "Sometimes", "Often", "Always"]
        );
    }

    #[test]
    fn spectrum_thresholds_follow_the_design() {
        let spectrum = builtin_by_id("spectrum").expect("spectrum ships");
        let b = spectrum.bands.burnout;
        let r = spectrum.bands.rustout;
        assert_eq!(
            (b.thresholds.moderate, b.thresholds.high, b.provisional),
            (40.0, 50.0, false)
        );
        assert_eq!(
            (r.thresholds.moderate, r.thresholds.high, r.provisional),
            (40.0, 50.0, true)
        );
        let rustout = spectrum.reliability_of(Index::Rustout).expect("declared");
        assert_eq!((rustout.sd, rustout.reliability), (17.0, 0.82));
        assert!(spectrum.reliability.provisional);
    }

    /// DESIGN §2.2 (as revised): the pulse is nine quick items; the amount of work and how hard it
    /// stretched are each bipolar and feed both indices; a wellbeing item can raise the notice.
    #[test]
    fn pulse_has_nine_items_two_bipolar_and_a_wellbeing_item() {
        let pulse = builtin_by_id("pulse").expect("pulse ships");
        assert_eq!(pulse.period, "the past week");
        let ids: Vec<&str> = pulse.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "energy",
                "load",
                "stretch",
                "stress",
                "meaning",
                "growth",
                "skills",
                "connection",
                "mood"
            ]
        );
        assert!(pulse.dimension("mood").is_some_and(|d| d.safety));
        let stretch = pulse.item("stretch").expect("stretch");
        assert!(stretch.bipolar.is_some());
        for item in &pulse.items {
            assert!(
                !item.text.contains(" and difficulty"),
                "{} asks two things",
                item.id
            );
        }
        let load = pulse.item("load").expect("load");
        let bipolar = load.bipolar.as_ref().expect("bipolar");
        assert_eq!(
            pulse.dimension(&bipolar.low).map(|d| d.index),
            Some(Index::Rustout)
        );
        assert_eq!(
            pulse.dimension(&bipolar.high).map(|d| d.index),
            Some(Index::Burnout)
        );
        assert_eq!(pulse.scale_of(load).values.len(), 7);
        assert_eq!(pulse.scale_of(load).label_for(4), Some("About right"));
        assert_eq!(
            pulse.dimension("connection").map(|d| d.index),
            Some(Index::Rustout)
        );
        for reversed in ["energy", "meaning", "growth", "skills", "connection"] {
            assert!(
                pulse.item(reversed).is_some_and(|i| i.reverse),
                "{reversed}"
            );
        }
        // Bands per instrument: the pulse's neutral middle (50 on every five-point question) is
        // not elevated, and a dimension is high only near its worst.
        let middle = 50.0;
        assert_eq!(
            pulse.bands.burnout.thresholds.band(middle),
            crate::model::Band::Low
        );
        assert_eq!(
            pulse.bands.rustout.thresholds.band(middle),
            crate::model::Band::Low
        );
        assert_eq!(
            pulse.bands.dimensions.thresholds.band(middle),
            crate::model::Band::Low
        );
        assert_eq!(
            pulse.bands.dimensions.thresholds.band(75.0),
            crate::model::Band::Moderate
        );
        assert!(pulse.bands.burnout.provisional && pulse.bands.rustout.provisional);
    }

    /// Middle answers on every pulse question ("Middling", "About right", "Somewhat") land in
    /// the low band and the healthy middle, not in "high".
    #[test]
    fn middle_answers_on_the_pulse_are_not_elevated() {
        let pulse = builtin_by_id("pulse").expect("pulse ships");
        let answers: crate::scoring::Answers = pulse
            .items
            .iter()
            .map(|i| {
                let values = &pulse.scale_of(i).values;
                (i.id.clone(), values[values.len() / 2])
            })
            .collect();
        let score = crate::scoring::score(pulse, &answers).expect("on the scale");
        assert_eq!(score.zone, crate::model::Zone::Thriving);
        // The wellbeing question is a how-often scale, not one with a neutral middle: feeling down
        // "on several days" of a week is worth a gentle word (moderate), though never the notice.
        assert!(
            score
                .dimensions
                .iter()
                .filter(|d| d.id != "mood")
                .all(|d| !d.band.is_elevated()),
            "{score:?}"
        );
    }
}
