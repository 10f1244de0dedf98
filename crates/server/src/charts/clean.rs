//! Turning whatever the caller passes into values a chart can draw: clamped scores, ordered
//! thresholds, NaN left out, points in time order.

use super::{Bands, MapPoint, TrendPoint};
use anneal_core::{Band, Zone};

/// A score clamped to 0–100, or `None` for NaN. Infinities clamp to the nearest end.
pub(crate) fn score(value: f64) -> Option<f64> {
    if value.is_nan() {
        None
    } else {
        Some(value.clamp(0.0, 100.0))
    }
}

/// Rounds to one decimal, the precision every chart and table shows.
pub(crate) fn one_decimal(value: f64) -> f64 {
    let rounded = (value * 10.0).round() / 10.0;
    // Avoid "-0.0" in output.
    if rounded == 0.0 { 0.0 } else { rounded }
}

/// Thresholds that are safe to draw: each within 0–100, NaN replaced by the default, and
/// `moderate <= high`.
pub(crate) fn bands(bands: &Bands) -> Bands {
    let defaults = Bands::default();
    let moderate = score(bands.moderate).unwrap_or(defaults.moderate);
    let high = score(bands.high).unwrap_or(defaults.high);
    Bands {
        moderate: moderate.min(high),
        high: moderate.max(high),
    }
}

/// The band of a clamped score under thresholds already passed through [`bands`].
pub(crate) fn band(value: f64, bands: &Bands) -> Band {
    if value >= bands.high {
        Band::High
    } else if value >= bands.moderate {
        Band::Moderate
    } else {
        Band::Low
    }
}

/// The zone of a (burnout, rust-out) pair under thresholds already passed through [`bands`].
pub(crate) fn zone(burnout: f64, rustout: f64, bands: &Bands) -> Zone {
    Zone::from_bands(band(burnout, bands), band(rustout, bands))
}

/// Map points with both scores present, clamped, oldest first (stable for equal times).
pub(crate) fn map_points(points: &[MapPoint]) -> Vec<MapPoint> {
    let mut kept: Vec<MapPoint> = points
        .iter()
        .filter_map(|p| {
            Some(MapPoint {
                burnout: score(p.burnout)?,
                rustout: score(p.rustout)?,
                ..*p
            })
        })
        .collect();
    kept.sort_by_key(|p| p.at);
    kept
}

/// A trend point whose scores are clamped, each `None` where the input was NaN.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct CleanTrendPoint {
    pub at: chrono::DateTime<chrono::Utc>,
    pub burnout: Option<f64>,
    pub rustout: Option<f64>,
}

/// Trend points with at least one score present, oldest first (stable for equal times).
pub(crate) fn trend_points(points: &[TrendPoint]) -> Vec<CleanTrendPoint> {
    let mut kept: Vec<CleanTrendPoint> = points
        .iter()
        .map(|p| CleanTrendPoint {
            at: p.at,
            burnout: score(p.burnout),
            rustout: score(p.rustout),
        })
        .filter(|p| p.burnout.is_some() || p.rustout.is_some())
        .collect();
    kept.sort_by_key(|p| p.at);
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn scores_are_clamped_and_nan_is_dropped() {
        assert_eq!(score(-5.0), Some(0.0));
        assert_eq!(score(140.0), Some(100.0));
        assert_eq!(score(f64::INFINITY), Some(100.0));
        assert_eq!(score(42.5), Some(42.5));
        assert_eq!(score(f64::NAN), None);
    }

    #[test]
    fn one_decimal_rounds_and_never_gives_negative_zero() {
        assert_eq!(one_decimal(12.34), 12.3);
        assert_eq!(one_decimal(12.35), 12.4);
        assert!(one_decimal(-0.01).is_sign_positive());
    }

    #[test]
    fn bad_thresholds_are_repaired() {
        let fixed = bands(&Bands {
            moderate: 70.0,
            high: 30.0,
        });
        assert_eq!((fixed.moderate, fixed.high), (30.0, 70.0));
        let fixed = bands(&Bands {
            moderate: f64::NAN,
            high: 250.0,
        });
        assert_eq!((fixed.moderate, fixed.high), (40.0, 100.0));
    }

    #[test]
    fn bands_and_zones_follow_the_thresholds() {
        let b = Bands::default();
        assert_eq!(band(39.9, &b), Band::Low);
        assert_eq!(band(40.0, &b), Band::Moderate);
        assert_eq!(band(50.0, &b), Band::High);
        assert_eq!(zone(10.0, 10.0, &b), Zone::Thriving);
        assert_eq!(zone(45.0, 10.0, &b), Zone::Burnout);
        assert_eq!(zone(10.0, 60.0, &b), Zone::Rustout);
        assert_eq!(zone(45.0, 60.0, &b), Zone::Both);
    }

    #[test]
    fn map_points_are_sorted_and_skip_nan() {
        let at = |d| Utc.with_ymd_and_hms(2026, 1, d, 9, 0, 0).unwrap();
        let input = [
            MapPoint {
                at: at(3),
                burnout: 10.0,
                rustout: 20.0,
                pulse: true,
            },
            MapPoint {
                at: at(1),
                burnout: f64::NAN,
                rustout: 20.0,
                pulse: true,
            },
            MapPoint {
                at: at(2),
                burnout: 120.0,
                rustout: -3.0,
                pulse: false,
            },
        ];
        let kept = map_points(&input);
        assert_eq!(kept.len(), 2);
        assert_eq!(kept[0].at, at(2));
        assert_eq!((kept[0].burnout, kept[0].rustout), (100.0, 0.0));
        assert_eq!(kept[1].at, at(3));
    }

    #[test]
    fn trend_points_keep_a_half_missing_point() {
        let at = |d| Utc.with_ymd_and_hms(2026, 1, d, 9, 0, 0).unwrap();
        let input = [
            TrendPoint {
                at: at(2),
                burnout: f64::NAN,
                rustout: f64::NAN,
            },
            TrendPoint {
                at: at(1),
                burnout: f64::NAN,
                rustout: 30.0,
            },
        ];
        let kept = trend_points(&input);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].burnout, None);
        assert_eq!(kept[0].rustout, Some(30.0));
    }
}
