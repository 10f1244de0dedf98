//! The web app's charts as inline SVG: the spectrum map and the trend over time (DESIGN §2.3).
//!
//! Every chart is a pure function of its input and returns an `<svg>` element as a string, ready
//! to embed in an HTML page:
//!
//! - no scripts and no `style` attributes (the CSP forbids inline styles): only presentation
//!   attributes and classes (`anneal-chart`, `spectrum-map`, `trend-chart`) the app CSS may style;
//! - `role="img"` with `aria-labelledby` naming a `<title>` and a `<desc>` inside the SVG, and a
//!   text alternative the pages can show beside it ([`describe_map`], [`trend_table_rows`]);
//! - sized by `viewBox` with `width="100%"`, so it scales down to a 360 px screen;
//! - colours that pass WCAG AA against white, never alone: the two indices also differ by dash
//!   and marker shape;
//! - deterministic: the same input gives the same string. Values outside 0–100 are clamped,
//!   NaN values are skipped and text is escaped for XML, so no input makes a chart panic.

mod clean;
mod map;
mod palette;
mod svg;
mod time_axis;
mod trend;

#[cfg(test)]
mod test_support;

pub use map::{describe_map, spectrum_map};
pub use trend::{trend_chart, trend_table_rows};

use anneal_core::Index;
use chrono::{DateTime, Utc};

/// One answered check-in or assessment placed on the spectrum map.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapPoint {
    /// When the answers were given.
    pub at: DateTime<Utc>,
    /// Burnout index B, 0–100.
    pub burnout: f64,
    /// Rust-out index R, 0–100.
    pub rustout: f64,
    /// `true` for a weekly pulse, `false` for a full assessment (drawn with another shape).
    pub pulse: bool,
}

/// The band thresholds of the two indices on the 0–100 scale, e.g. 40 and 50 (DESIGN §2.2).
///
/// A score below `moderate` is low, below `high` moderate, otherwise high. The charts accept any
/// values: each is clamped to 0–100, a NaN falls back to the default, and the two are swapped if
/// `moderate` is above `high`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bands {
    /// Where the moderate band starts (the index counts as elevated from here).
    pub moderate: f64,
    /// Where the high band starts.
    pub high: f64,
}

impl Default for Bands {
    /// The shipped instruments' thresholds: moderate from 40, high from 50.
    fn default() -> Self {
        Bands {
            moderate: 40.0,
            high: 50.0,
        }
    }
}

/// Burnout and rust-out at one time, for the trend chart and its table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrendPoint {
    /// When the answers were given.
    pub at: DateTime<Utc>,
    /// Burnout index B, 0–100.
    pub burnout: f64,
    /// Rust-out index R, 0–100.
    pub rustout: f64,
}

/// An early warning to mark on the trend chart.
#[derive(Debug, Clone, PartialEq)]
pub struct WarningMark {
    /// When the warning was raised.
    pub at: DateTime<Utc>,
    /// The index it is about; burnout and rust-out warnings take that index's colour.
    pub index: Index,
    /// What the warning says, in plain words (shown as the marker's tooltip and in the
    /// chart's description).
    pub label: String,
}
