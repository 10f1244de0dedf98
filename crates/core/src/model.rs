//! The vocabulary of the spectrum model (DESIGN §2): indices, bands, zones and a scored result.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What a dimension feeds. In data and JSON: `burnout`, `rustout`, `balance`, `shared`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Index {
    /// Burnout index B, 0–100: strain from overload.
    Burnout,
    /// Rust-out index R, 0–100: strain from underload.
    Rustout,
    /// Challenge balance C, −100 (far too little) … +100 (far too much).
    Balance,
    /// Feeds neither index (e.g. sleep and appetite, mood).
    Shared,
}

impl Index {
    pub fn as_str(self) -> &'static str {
        match self {
            Index::Burnout => "burnout",
            Index::Rustout => "rustout",
            Index::Balance => "balance",
            Index::Shared => "shared",
        }
    }
}

impl fmt::Display for Index {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A band on a 0–100 score. Ordered: `Low < Moderate < High`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    Low,
    Moderate,
    High,
}

impl Band {
    /// Elevated means moderate or high.
    pub fn is_elevated(self) -> bool {
        self >= Band::Moderate
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Band::Low => "low",
            Band::Moderate => "moderate",
            Band::High => "high",
        }
    }
}

impl fmt::Display for Band {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a person sits, from the bands of B and R.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Zone {
    /// Neither index elevated.
    Thriving,
    /// Burnout elevated, rust-out not.
    Burnout,
    /// Rust-out elevated, burnout not.
    Rustout,
    /// Both elevated: dull tasks *and* pressure.
    Both,
}

impl Zone {
    pub fn from_bands(burnout: Band, rustout: Band) -> Zone {
        match (burnout.is_elevated(), rustout.is_elevated()) {
            (false, false) => Zone::Thriving,
            (true, false) => Zone::Burnout,
            (false, true) => Zone::Rustout,
            (true, true) => Zone::Both,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Zone::Thriving => "thriving",
            Zone::Burnout => "burnout",
            Zone::Rustout => "rustout",
            Zone::Both => "both",
        }
    }

    /// The zone in plain words, for people.
    pub fn describe(self) -> &'static str {
        match self {
            Zone::Thriving => {
                "In the healthy middle: neither burnout nor rust-out signs are elevated."
            }
            Zone::Burnout => "Burnout: signs of too much demand are elevated.",
            Zone::Rustout => {
                "Rust-out: signs of too little challenge, meaning or growth are elevated."
            }
            Zone::Both => {
                "Both at once: signs of overload and of under-challenge are elevated together."
            }
        }
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One index's value and band.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct IndexScore {
    /// 0–100.
    pub score: f64,
    pub band: Band,
}

/// One dimension's score (0–100, higher = more strain) and band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DimensionScore {
    pub id: String,
    pub index: Index,
    pub score: f64,
    pub band: Band,
}

/// The scored result of one set of answers to one instrument.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    pub instrument: String,
    pub instrument_version: u32,
    pub zone: Zone,
    pub burnout: IndexScore,
    pub rustout: IndexScore,
    /// Challenge balance, −100…100; `None` when the instrument has no bipolar item.
    pub balance: Option<f64>,
    /// In the instrument's declared dimension order.
    pub dimensions: Vec<DimensionScore>,
}

impl Score {
    pub fn dimension(&self, id: &str) -> Option<&DimensionScore> {
        self.dimensions.iter().find(|d| d.id == id)
    }

    pub fn index(&self, index: Index) -> Option<IndexScore> {
        match index {
            Index::Burnout => Some(self.burnout),
            Index::Rustout => Some(self.rustout),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_follows_elevated_bands() {
        assert_eq!(Zone::from_bands(Band::Low, Band::Low), Zone::Thriving);
        assert_eq!(Zone::from_bands(Band::Moderate, Band::Low), Zone::Burnout);
        assert_eq!(Zone::from_bands(Band::Low, Band::High), Zone::Rustout);
        assert_eq!(Zone::from_bands(Band::High, Band::Moderate), Zone::Both);
    }

    #[test]
    fn names_in_json_are_lowercase() {
        assert_eq!(
            serde_json::to_string(&Index::Rustout).unwrap(),
            "\"rustout\""
        );
        assert_eq!(serde_json::to_string(&Zone::Both).unwrap(), "\"both\"");
        assert_eq!(
            serde_json::to_string(&Band::Moderate).unwrap(),
            "\"moderate\""
        );
    }
}
