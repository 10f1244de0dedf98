//! Instruments as data (DESIGN §2.2): a questionnaire is a TOML file that declares its scales,
//! dimensions, items, band thresholds and reliability. Adding an instrument is adding a file.
//!
//! [`parse`] turns a file's text into a validated [`Instrument`] (or an [`InstrumentError`] that
//! lists every problem with its file, line and field); [`builtin`] holds the two instruments that
//! ship with Anneal. The file format is documented in `content/instruments/README.md`.

mod builtin;
mod error;
mod locate;
mod parse;
mod raw;
mod validate;

pub use builtin::{builtin, builtin_by_id, builtin_for_answers, builtin_version};
pub use error::{InstrumentError, Problem};
pub use parse::parse;

use crate::model::{Band, Index};
use crate::scoring::Plan;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// A validated questionnaire. Build it with [`parse`] (or take one from [`builtin`]) and treat it
/// as read-only: scoring uses a plan computed from these fields when the file was parsed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Instrument {
    /// Stable identifier, e.g. `spectrum`; answers and scores refer to it.
    pub id: String,
    /// Raised whenever items, scales or thresholds change, so old scores stay interpretable.
    pub version: u32,
    /// Name shown to people, e.g. "Spectrum check".
    pub title: String,
    /// What the instrument is for and how to answer it.
    pub description: String,
    /// The time the answers are about, e.g. "the past four weeks".
    pub period: String,
    /// A full assessment or a weekly pulse.
    pub kind: InstrumentKind,
    /// `true` only for a published scale validated in research; Anneal's own are `false`.
    pub validated: bool,
    /// Where the instrument comes from and how to cite it.
    pub citation: String,
    /// Named response scales, e.g. `frequency`.
    pub scales: BTreeMap<String, Scale>,
    /// Dimensions in declared order (the order scores list them in).
    pub dimensions: Vec<Dimension>,
    /// Items in the order they are asked.
    pub items: Vec<Item>,
    /// Band thresholds for the indices and the default for dimensions.
    pub bands: Bands,
    /// The SD and reliability used for reliable change, per index.
    pub reliability: Reliabilities,
    #[serde(skip)]
    pub(crate) plan: Plan,
}

/// Whether an instrument is the full assessment or the weekly check-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InstrumentKind {
    /// A full self-assessment, e.g. the Spectrum check.
    Assessment,
    /// A short weekly check-in.
    Pulse,
}

impl InstrumentKind {
    /// The name used in instrument files and JSON: `assessment` or `pulse`.
    pub fn as_str(self) -> &'static str {
        match self {
            InstrumentKind::Assessment => "assessment",
            InstrumentKind::Pulse => "pulse",
        }
    }
}

impl fmt::Display for InstrumentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A response scale: integer values in strictly ascending order, one label per value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scale {
    /// What each value means to the person answering, e.g. "Never".
    pub labels: Vec<String>,
    /// The values an answer may take, strictly ascending.
    pub values: Vec<i32>,
}

impl Scale {
    /// The lowest value (0 for an empty scale, which [`parse`] never produces).
    pub fn min(&self) -> i32 {
        self.values.first().copied().unwrap_or(0)
    }

    /// The highest value (0 for an empty scale, which [`parse`] never produces).
    pub fn max(&self) -> i32 {
        self.values.last().copied().unwrap_or(0)
    }

    /// The label of `value`, or `None` when the value is not on the scale.
    pub fn label_for(&self, value: i32) -> Option<&str> {
        let at = self.values.iter().position(|&v| v == value)?;
        self.labels.get(at).map(String::as_str)
    }

    /// Whether `value` is one of the scale's values.
    pub fn contains(&self, value: i32) -> bool {
        self.values.contains(&value)
    }

    /// The middle value of a scale with an odd number of values (the "about right" point of a
    /// bipolar scale); `None` for an even number of values.
    pub fn middle(&self) -> Option<i32> {
        if self.values.len() % 2 == 1 {
            self.values.get(self.values.len() / 2).copied()
        } else {
            None
        }
    }
}

/// What an instrument measures: a group of items feeding one index (or none, for `shared`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dimension {
    /// Stable identifier, e.g. `exhaustion`.
    pub id: String,
    /// Name shown to people, e.g. "Exhaustion".
    pub title: String,
    /// One line on what the dimension captures.
    pub description: Option<String>,
    /// The index it feeds: burnout, rustout or shared (never balance, which comes from bipolar
    /// items).
    pub index: Index,
    /// A safety dimension (e.g. low mood): when it is high, help is shown first and never hidden.
    pub safety: bool,
    /// This dimension's own thresholds; `None` uses the instrument's default for dimensions.
    pub thresholds: Option<Thresholds>,
}

/// One question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// Stable identifier, the key of the answer, e.g. `exhaustion_drained`.
    pub id: String,
    /// The statement or question shown to the person.
    pub text: String,
    /// The dimension the item feeds; `None` for a bipolar item.
    pub dimension: Option<String>,
    /// Name of the scale in [`Instrument::scales`].
    pub scale: String,
    /// High answers mean low strain (e.g. "My work makes good use of my strengths").
    pub reverse: bool,
    /// For a bipolar item (too little … about right … too much): the dimensions its two halves feed.
    pub bipolar: Option<Bipolar>,
}

/// The two halves of a bipolar item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bipolar {
    /// The dimension fed by answers below the middle ("too little"); it feeds rust-out.
    pub low: String,
    /// The dimension fed by answers above the middle ("too much"); it feeds burnout.
    pub high: String,
}

/// Band thresholds on the 0–100 scale: `0 ≤ moderate < high ≤ 100`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Thresholds {
    /// Scores at or above this are moderate.
    pub moderate: f64,
    /// Scores at or above this are high.
    pub high: f64,
}

impl Thresholds {
    /// The band of a 0–100 score: at or above `high` → High, at or above `moderate` → Moderate,
    /// otherwise Low.
    pub fn band(&self, score: f64) -> Band {
        if score >= self.high {
            Band::High
        } else if score >= self.moderate {
            Band::Moderate
        } else {
            Band::Low
        }
    }
}

/// Thresholds together with whether they are provisional (no validated cut-off behind them).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Banding {
    /// Where the bands start.
    pub thresholds: Thresholds,
    /// `true` when no validated cut-off supports these thresholds.
    pub provisional: bool,
}

/// The band thresholds of an instrument.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bands {
    /// For the burnout index B.
    pub burnout: Banding,
    /// For the rust-out index R.
    pub rustout: Banding,
    /// The default for every dimension without its own thresholds.
    pub dimensions: Banding,
}

/// The figures used for the reliable change index of one index score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Reliability {
    /// Standard deviation of the index score in a reference group, in score points (> 0).
    pub sd: f64,
    /// Reliability of the index score (e.g. Cronbach's alpha), strictly between 0 and 1.
    pub reliability: f64,
}

/// The reliability figures of an instrument, per index.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reliabilities {
    /// `true` when the figures are estimates rather than measured on this instrument.
    pub provisional: bool,
    /// Figures per index; an index without figures gets no reliable-change verdict.
    pub by_index: BTreeMap<Index, Reliability>,
}

impl Instrument {
    /// The item with this id.
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|item| item.id == id)
    }

    /// The dimension with this id.
    pub fn dimension(&self, id: &str) -> Option<&Dimension> {
        self.dimensions.iter().find(|dimension| dimension.id == id)
    }

    /// The scale an item is answered on. Every item of a parsed instrument has one; if the
    /// public fields were edited so that it does not, an empty scale is returned.
    pub fn scale_of(&self, item: &Item) -> &Scale {
        static EMPTY: Scale = Scale {
            labels: Vec::new(),
            values: Vec::new(),
        };
        self.scales.get(&item.scale).unwrap_or(&EMPTY)
    }

    /// The thresholds of an index. Balance and shared have no index bands of their own and get
    /// the default for dimensions.
    pub fn index_thresholds(&self, index: Index) -> Thresholds {
        match index {
            Index::Burnout => self.bands.burnout.thresholds,
            Index::Rustout => self.bands.rustout.thresholds,
            Index::Balance | Index::Shared => self.bands.dimensions.thresholds,
        }
    }

    /// The thresholds of a dimension: its own, or the instrument's default for dimensions.
    pub fn dimension_thresholds(&self, dimension: &Dimension) -> Thresholds {
        dimension
            .thresholds
            .unwrap_or(self.bands.dimensions.thresholds)
    }

    /// The SD and reliability of an index score, when the instrument declares them.
    pub fn reliability_of(&self, index: Index) -> Option<Reliability> {
        self.reliability.by_index.get(&index).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn five_point() -> Scale {
        Scale {
            labels: ["Never", "Rarely", "Sometimes", "Often", "Always"]
                .map(String::from)
                .to_vec(),
            values: vec![1, 2, 3, 4, 5],
        }
    }

    #[test]
    fn scale_answers_questions_about_its_values() {
        let scale = five_point();
        assert_eq!(scale.min(), 1);
        assert_eq!(scale.max(), 5);
        assert_eq!(scale.label_for(4), Some("Often"));
        assert_eq!(scale.label_for(6), None);
        assert!(scale.contains(1));
        assert!(!scale.contains(0));
        assert_eq!(scale.middle(), Some(3));
    }

    #[test]
    fn even_and_empty_scales_have_no_middle_and_do_not_panic() {
        let even = Scale {
            labels: vec!["No".into(), "Yes".into()],
            values: vec![0, 1],
        };
        assert_eq!(even.middle(), None);
        let empty = Scale {
            labels: Vec::new(),
            values: Vec::new(),
        };
        assert_eq!((empty.min(), empty.max(), empty.middle()), (0, 0, None));
        assert!(!empty.contains(0));
    }

    #[test]
    fn thresholds_band_at_and_above_each_cut() {
        let t = Thresholds {
            moderate: 40.0,
            high: 50.0,
        };
        assert_eq!(t.band(0.0), Band::Low);
        assert_eq!(t.band(39.999), Band::Low);
        assert_eq!(t.band(40.0), Band::Moderate);
        assert_eq!(t.band(49.9), Band::Moderate);
        assert_eq!(t.band(50.0), Band::High);
        assert_eq!(t.band(100.0), Band::High);
    }

    #[test]
    fn lookups_on_the_spectrum() {
        let spectrum = builtin_by_id("spectrum").expect("spectrum ships");
        let item = spectrum.item("skill_use_strengths").expect("item exists");
        assert!(item.reverse);
        assert_eq!(spectrum.scale_of(item).max(), 5);
        assert!(spectrum.item("nope").is_none());

        let mood = spectrum.dimension("mood").expect("mood exists");
        assert!(mood.safety);
        assert_eq!(mood.index, Index::Shared);
        assert_eq!(spectrum.dimension_thresholds(mood).high, 62.5);
        let growth = spectrum.dimension("growth").expect("growth exists");
        assert_eq!(spectrum.dimension_thresholds(growth).high, 50.0);

        assert_eq!(spectrum.index_thresholds(Index::Burnout).moderate, 40.0);
        assert!(spectrum.bands.rustout.provisional);
        let r = spectrum
            .reliability_of(Index::Burnout)
            .expect("burnout reliability");
        assert_eq!((r.sd, r.reliability), (18.0, 0.88));
        assert!(spectrum.reliability_of(Index::Balance).is_none());
    }

    #[test]
    fn serialises_for_the_api_without_the_scoring_plan() {
        let spectrum = builtin_by_id("spectrum").expect("spectrum ships");
        let json = serde_json::to_value(spectrum).expect("serialises");
        assert_eq!(json["kind"], "assessment");
        assert_eq!(json["reliability"]["by_index"]["burnout"]["sd"], 18.0);
        assert_eq!(json["dimensions"][0]["index"], "burnout");
        assert_eq!(json["bands"]["rustout"]["provisional"], true);
        assert!(json.get("plan").is_none());
    }

    #[test]
    fn scale_of_an_edited_item_is_empty_not_a_panic() {
        let spectrum = builtin_by_id("spectrum").expect("spectrum ships");
        let mut item = spectrum.items[0].clone();
        item.scale = "missing".into();
        assert!(spectrum.scale_of(&item).values.is_empty());
    }
}
