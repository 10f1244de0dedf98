//! Colours shared by the charts. Lines and text pass WCAG AA (4.5:1) against white and against
//! the tints behind them; burnout and rust-out are an orange / blue pair that stays apart for
//! the common kinds of colour blindness, and every chart also separates them by dash and shape.

/// Main text: 14.8:1 on white.
pub(crate) const TEXT: &str = "#1F2933";
/// Secondary text (ticks, notes): 7.6:1 on white.
pub(crate) const MUTED: &str = "#4B5563";
/// Light grid lines (decoration only).
pub(crate) const GRID: &str = "#D5DAE1";
/// Axis and boundary lines: 3:1 or more against the tints.
pub(crate) const AXIS: &str = "#6B7280";
/// Burnout: dark orange, 5.8:1 on white.
pub(crate) const BURNOUT: &str = "#B3400A";
/// Rust-out: blue, 6.4:1 on white.
pub(crate) const RUSTOUT: &str = "#1F5FA8";
/// Other indices and neutral marks (the path on the map, other warnings).
pub(crate) const NEUTRAL: &str = "#374151";

/// Zone tints on the spectrum map.
pub(crate) const ZONE_THRIVING: &str = "#E7F4EA";
pub(crate) const ZONE_BURNOUT: &str = "#FBE7DD";
pub(crate) const ZONE_RUSTOUT: &str = "#E3ECF8";
pub(crate) const ZONE_BOTH: &str = "#F1E6EF";

/// Band tints on the trend chart.
pub(crate) const BAND_LOW: &str = "#F4F9F5";
pub(crate) const BAND_MODERATE: &str = "#FDF3DC";
pub(crate) const BAND_HIGH: &str = "#FBE4E1";
