//! The instrument file as written, before validation. Every field that validation checks keeps
//! its byte span (`Spanned`) so a problem can name its line. These types stay private: they are
//! converted into the clean public types once the file is valid.

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// The top level of an instrument file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawInstrument {
    pub id: Spanned<String>,
    pub version: Spanned<u32>,
    pub title: Spanned<String>,
    pub description: Spanned<String>,
    pub period: Spanned<String>,
    pub kind: Spanned<String>,
    pub validated: bool,
    pub citation: Spanned<String>,
    pub scales: Spanned<BTreeMap<String, Spanned<RawScale>>>,
    pub bands: RawBands,
    pub reliability: Option<RawReliabilities>,
    pub dimensions: Spanned<Vec<Spanned<RawDimension>>>,
    pub items: Spanned<Vec<Spanned<RawItem>>>,
}

/// `[scales.NAME]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawScale {
    pub labels: Spanned<Vec<Spanned<String>>>,
    pub values: Spanned<Vec<Spanned<i32>>>,
}

/// `[bands]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBands {
    pub burnout: RawBanding,
    pub rustout: RawBanding,
    pub dimensions: RawBanding,
}

/// `bands.burnout` and friends: thresholds and an optional provisional marker.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBanding {
    pub moderate: Spanned<f64>,
    pub high: Spanned<f64>,
    #[serde(default)]
    pub provisional: bool,
}

/// A dimension's own `bands = { moderate, high }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawThresholds {
    pub moderate: Spanned<f64>,
    pub high: Spanned<f64>,
}

/// `[reliability]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawReliabilities {
    #[serde(default)]
    pub provisional: bool,
    pub burnout: Option<RawReliability>,
    pub rustout: Option<RawReliability>,
    pub balance: Option<RawReliability>,
}

/// `reliability.burnout = { sd, reliability }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawReliability {
    pub sd: Spanned<f64>,
    pub reliability: Spanned<f64>,
}

/// One `[[dimensions]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDimension {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub description: Option<String>,
    pub index: Spanned<String>,
    #[serde(default)]
    pub safety: bool,
    pub bands: Option<RawThresholds>,
}

/// One `[[items]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawItem {
    pub id: Spanned<String>,
    pub text: Spanned<String>,
    pub scale: Spanned<String>,
    pub dimension: Option<Spanned<String>>,
    pub reverse: Option<Spanned<bool>>,
    pub bipolar: Option<Spanned<RawBipolar>>,
}

/// `bipolar = { low, high }`; both optional here so a missing half is reported with the others.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBipolar {
    pub low: Option<Spanned<String>>,
    pub high: Option<Spanned<String>>,
}
