//! The spectrum map: rust-out (x) against burnout (y), the four zones shaded, and the person's
//! path through them over time.

use super::clean::{self, one_decimal};
use super::palette;
use super::svg::{Doc, IdHash, Tag, inline, num};
use super::time_axis::date_label;
use super::{Bands, MapPoint};
use anneal_core::Zone;

const WIDTH: f64 = 440.0;
const HEIGHT: f64 = 452.0;
/// The square plot area.
const LEFT: f64 = 64.0;
const TOP: f64 = 14.0;
const SIZE: f64 = 360.0;
const RIGHT: f64 = LEFT + SIZE;
const BOTTOM: f64 = TOP + SIZE;
/// Where the legend's row sits.
const LEGEND_Y: f64 = 436.0;

/// Marker sizes: the oldest point is smallest and palest, the newest largest and solid.
const OLDEST_RADIUS: f64 = 2.6;
const NEWEST_RADIUS: f64 = 4.6;
const OLDEST_OPACITY: f64 = 0.3;
const LATEST_RADIUS: f64 = 6.0;
const RING_RADIUS: f64 = 11.0;

const TITLE: &str = "Spectrum map: where you sit between rust-out and burnout";

/// The spectrum map: rust-out index (x, 0–100) against burnout index (y, 0–100, up = more), the
/// four zones shaded (thriving = both below `moderate`; burnout = B elevated only; rust-out = R
/// elevated only; both), zone labels in plain words, the person's path over time as connected
/// points (older points fainter and smaller; pulses as circles, full assessments as diamonds),
/// the latest point marked clearly and labelled "now". Empty input gives a map with the zones
/// and a "no answers yet" note.
pub fn spectrum_map(points: &[MapPoint], bands: &Bands) -> String {
    let bands = clean::bands(bands);
    let points = clean::map_points(points);
    let id = chart_id(&points, &bands);
    let mut doc = Doc::new(
        &id,
        "spectrum-map",
        WIDTH,
        HEIGHT,
        TITLE,
        &describe_clean(&points, &bands),
    );
    zones(&mut doc, &id, &bands);
    grid_and_axes(&mut doc, &bands);
    zone_labels(&mut doc);
    if points.is_empty() {
        empty_note(&mut doc);
    } else {
        path(&mut doc, &points);
        legend(&mut doc, &points);
    }
    doc.finish()
}

/// A text alternative for the map in one or two sentences: where the latest point is, and how
/// burnout and rust-out moved since the first point.
pub fn describe_map(points: &[MapPoint], bands: &Bands) -> String {
    describe_clean(&clean::map_points(points), &clean::bands(bands))
}

fn describe_clean(points: &[MapPoint], bands: &Bands) -> String {
    let (Some(first), Some(latest)) = (points.first(), points.last()) else {
        return "No answers yet, so there is nothing to place on the map.".to_string();
    };
    let zone = clean::zone(latest.burnout, latest.rustout, bands);
    let mut text = format!(
        "Your latest answers, on {}, place you in {}: burnout {:.1} ({}), rust-out {:.1} ({}).",
        date_label(latest.at),
        zone_name(zone),
        one_decimal(latest.burnout),
        clean::band(latest.burnout, bands),
        one_decimal(latest.rustout),
        clean::band(latest.rustout, bands),
    );
    if points.len() > 1 {
        text.push_str(&format!(
            " Since {}, burnout {} and rust-out {}",
            date_label(first.at),
            movement(first.burnout, latest.burnout),
            movement(first.rustout, latest.rustout),
        ));
        let first_zone = clean::zone(first.burnout, first.rustout, bands);
        if first_zone != zone {
            text.push_str(&format!(
                ", a move from {} into {}",
                zone_name(first_zone),
                zone_name(zone)
            ));
        }
        text.push('.');
    }
    text
}

fn zone_name(zone: Zone) -> &'static str {
    match zone {
        // Not "thriving": the map's words must hold under a safety notice too.
        Zone::Thriving => "the low-strain corner",
        Zone::Burnout => "the burnout zone",
        Zone::Rustout => "the rust-out zone",
        Zone::Both => "the zone where both are elevated",
    }
}

fn movement(from: f64, to: f64) -> String {
    let (from, to) = (one_decimal(from), one_decimal(to));
    if to > from {
        format!("rose from {from:.1} to {to:.1}")
    } else if to < from {
        format!("fell from {from:.1} to {to:.1}")
    } else {
        format!("stayed at {to:.1}")
    }
}

fn chart_id(points: &[MapPoint], bands: &Bands) -> String {
    let mut hash = IdHash::new();
    hash.f64(bands.moderate);
    hash.f64(bands.high);
    for p in points {
        hash.i64(p.at.timestamp());
        hash.f64(p.burnout);
        hash.f64(p.rustout);
        hash.bytes(&[u8::from(p.pulse)]);
    }
    hash.id("spectrum-map")
}

/// Plot x of a rust-out score.
fn x(rustout: f64) -> f64 {
    LEFT + rustout / 100.0 * SIZE
}

/// Plot y of a burnout score (up = more).
fn y(burnout: f64) -> f64 {
    BOTTOM - burnout / 100.0 * SIZE
}

fn zones(doc: &mut Doc, id: &str, bands: &Bands) {
    let stripes = format!("{id}-both");
    doc.open(Tag::new("defs"));
    doc.open(
        Tag::new("pattern")
            .attr("id", &stripes)
            .attr("width", "8")
            .attr("height", "8")
            .attr("patternUnits", "userSpaceOnUse")
            .attr("patternTransform", "rotate(45)"),
    );
    doc.leaf(
        Tag::new("rect")
            .attr("width", "8")
            .attr("height", "8")
            .attr("fill", palette::ZONE_BOTH),
    );
    doc.leaf(
        Tag::new("line")
            .attr("x1", "0")
            .attr("y1", "0")
            .attr("x2", "0")
            .attr("y2", "8")
            .attr("stroke", "#E2CCDD")
            .attr("stroke-width", "3"),
    );
    doc.close();
    doc.close();

    let mid_x = x(bands.moderate);
    let mid_y = y(bands.moderate);
    let both_fill = format!("url(#{stripes})");
    let rects = [
        (
            "thriving",
            LEFT,
            mid_y,
            mid_x - LEFT,
            BOTTOM - mid_y,
            palette::ZONE_THRIVING,
        ),
        (
            "burnout",
            LEFT,
            TOP,
            mid_x - LEFT,
            mid_y - TOP,
            palette::ZONE_BURNOUT,
        ),
        (
            "rustout",
            mid_x,
            mid_y,
            RIGHT - mid_x,
            BOTTOM - mid_y,
            palette::ZONE_RUSTOUT,
        ),
        (
            "both",
            mid_x,
            TOP,
            RIGHT - mid_x,
            mid_y - TOP,
            both_fill.as_str(),
        ),
    ];
    doc.open(
        Tag::new("g")
            .attr("class", "zones")
            .attr("shape-rendering", "crispEdges"),
    );
    for (name, rx, ry, w, h, fill) in rects {
        doc.leaf(
            Tag::new("rect")
                .attr("class", format!("zone zone-{name}"))
                .num("x", rx)
                .num("y", ry)
                .num("width", w)
                .num("height", h)
                .attr("fill", fill),
        );
    }
    doc.close();
}

fn grid_and_axes(doc: &mut Doc, bands: &Bands) {
    doc.open(
        Tag::new("g")
            .attr("class", "grid")
            .attr("stroke", palette::GRID)
            .attr("stroke-width", "1")
            .attr("stroke-opacity", "0.7")
            .attr("shape-rendering", "crispEdges"),
    );
    for step in 1..5 {
        let value = f64::from(step) * 20.0;
        doc.leaf(line(x(value), TOP, x(value), BOTTOM));
        doc.leaf(line(LEFT, y(value), RIGHT, y(value)));
    }
    doc.close();

    // The moderate threshold is the zone boundary.
    doc.open(
        Tag::new("g")
            .attr("class", "thresholds")
            .attr("stroke", palette::AXIS)
            .attr("fill", "none"),
    );
    let moderate = bands.moderate;
    doc.leaf(line(x(moderate), TOP, x(moderate), BOTTOM).attr("stroke-width", "1.5"));
    doc.leaf(line(LEFT, y(moderate), RIGHT, y(moderate)).attr("stroke-width", "1.5"));
    doc.leaf(
        Tag::new("rect")
            .num("x", LEFT)
            .num("y", TOP)
            .num("width", SIZE)
            .num("height", SIZE)
            .attr("stroke-width", "1")
            .attr("shape-rendering", "crispEdges"),
    );
    doc.close();

    doc.open(
        Tag::new("g")
            .attr("class", "ticks")
            .attr("font-size", "13")
            .attr("fill", palette::MUTED),
    );
    for step in 0..=5 {
        let value = f64::from(step) * 20.0;
        let label = format!("{value:.0}");
        doc.text(
            Tag::new("text")
                .num("x", x(value))
                .num("y", BOTTOM + 18.0)
                .attr("text-anchor", "middle"),
            &label,
        );
        doc.text(
            Tag::new("text")
                .num("x", LEFT - 7.0)
                .num("y", y(value) + 4.0)
                .attr("text-anchor", "end"),
            &label,
        );
    }
    doc.close();

    doc.open(
        Tag::new("g")
            .attr("class", "axis-titles")
            .attr("font-size", "14")
            .attr("fill", palette::TEXT),
    );
    doc.text(
        Tag::new("text")
            .num("x", LEFT + SIZE / 2.0)
            .num("y", BOTTOM + 40.0)
            .attr("text-anchor", "middle"),
        "Rust-out: too little challenge \u{2192}",
    );
    let (ax, ay) = (LEFT - 40.0, TOP + SIZE / 2.0);
    doc.text(
        Tag::new("text")
            .num("x", ax)
            .num("y", ay)
            .attr("text-anchor", "middle")
            .attr("transform", format!("rotate(-90 {} {})", num(ax), num(ay))),
        "Burnout: too much demand \u{2192}",
    );
    doc.close();
}

fn line(x1: f64, y1: f64, x2: f64, y2: f64) -> Tag {
    Tag::new("line")
        .num("x1", x1)
        .num("y1", y1)
        .num("x2", x2)
        .num("y2", y2)
}

/// The zone names, each in its outer corner where the path rarely goes.
fn zone_labels(doc: &mut Doc) {
    let labels = [
        (
            "Burnout",
            "too much, too long",
            LEFT + 8.0,
            TOP + 20.0,
            "start",
        ),
        (
            "Both at once",
            "strain and stagnation",
            RIGHT - 8.0,
            TOP + 20.0,
            "end",
        ),
        (
            "Low strain",
            "neither elevated",
            LEFT + 8.0,
            BOTTOM - 26.0,
            "start",
        ),
        (
            "Rust-out",
            "too little challenge",
            RIGHT - 8.0,
            BOTTOM - 26.0,
            "end",
        ),
    ];
    doc.open(Tag::new("g").attr("class", "zone-labels"));
    for (name, hint, lx, ly, anchor) in labels {
        let children = format!(
            "{}{}",
            inline(
                Tag::new("tspan")
                    .num("x", lx)
                    .attr("font-size", "15")
                    .attr("font-weight", "600"),
                name
            ),
            inline(
                Tag::new("tspan")
                    .num("x", lx)
                    .attr("dy", "16")
                    .attr("font-size", "12.5")
                    .attr("fill", palette::MUTED),
                hint
            ),
        );
        doc.raw_children(
            Tag::new("text")
                .attr("class", "zone-label")
                .num("x", lx)
                .num("y", ly)
                .attr("text-anchor", anchor),
            &children,
        );
    }
    doc.close();
}

fn empty_note(doc: &mut Doc) {
    let (cx, cy) = (LEFT + SIZE / 2.0, TOP + SIZE / 2.0);
    doc.open(Tag::new("g").attr("class", "empty-note"));
    doc.leaf(
        Tag::new("rect")
            .num("x", cx - 130.0)
            .num("y", cy - 30.0)
            .attr("width", "260")
            .attr("height", "60")
            .attr("rx", "6")
            .attr("fill", "#FFFFFF")
            .attr("stroke", palette::AXIS)
            .attr("stroke-width", "1"),
    );
    doc.text(
        Tag::new("text")
            .num("x", cx)
            .num("y", cy - 5.0)
            .attr("text-anchor", "middle")
            .attr("font-size", "15")
            .attr("font-weight", "600"),
        "No answers yet",
    );
    doc.text(
        Tag::new("text")
            .num("x", cx)
            .num("y", cy + 15.0)
            .attr("text-anchor", "middle")
            .attr("font-size", "12")
            .attr("fill", palette::MUTED),
        "Your check-ins will show here as a path.",
    );
    doc.close();
}

/// How far along the path point `i` of `n` is: 0 for the oldest, 1 for the newest.
fn age_fraction(i: usize, n: usize) -> f64 {
    if n <= 1 {
        1.0
    } else {
        i as f64 / (n - 1) as f64
    }
}

fn path(doc: &mut Doc, points: &[MapPoint]) {
    let n = points.len();
    doc.open(
        Tag::new("g")
            .attr("class", "path")
            .attr("stroke", palette::NEUTRAL)
            .attr("stroke-linecap", "round")
            .attr("fill", "none"),
    );
    for (i, pair) in points.windows(2).enumerate() {
        let t = age_fraction(i + 1, n);
        doc.leaf(
            line(
                x(pair[0].rustout),
                y(pair[0].burnout),
                x(pair[1].rustout),
                y(pair[1].burnout),
            )
            .attr("class", "path-step")
            .num("stroke-width", 1.2 + 0.8 * t)
            .attr(
                "stroke-opacity",
                format!("{:.2}", OLDEST_OPACITY + (0.75 - OLDEST_OPACITY) * t),
            ),
        );
    }
    doc.close();

    doc.open(
        Tag::new("g")
            .attr("class", "points")
            .attr("fill", palette::NEUTRAL)
            .attr("stroke", "#FFFFFF")
            .attr("stroke-width", "1"),
    );
    let last = n.saturating_sub(1);
    for (i, p) in points.iter().enumerate() {
        let is_latest = i == last;
        let t = age_fraction(i, n);
        let radius = if is_latest {
            LATEST_RADIUS
        } else {
            OLDEST_RADIUS + (NEWEST_RADIUS - OLDEST_RADIUS) * t
        };
        let opacity = if is_latest {
            1.0
        } else {
            OLDEST_OPACITY + (0.85 - OLDEST_OPACITY) * t
        };
        let class = if is_latest {
            "map-point latest"
        } else {
            "map-point"
        };
        let tag = marker(x(p.rustout), y(p.burnout), radius, p.pulse)
            .attr("class", class)
            .attr("fill-opacity", format!("{opacity:.2}"));
        doc.open(tag);
        doc.text(Tag::new("title"), &point_title(p));
        doc.close();
    }
    doc.close();

    if let Some(latest) = points.last() {
        now_marker(doc, x(latest.rustout), y(latest.burnout));
    }
}

/// A circle for a pulse, a diamond (of about the same area) for a full assessment.
fn marker(cx: f64, cy: f64, radius: f64, pulse: bool) -> Tag {
    if pulse {
        Tag::new("circle")
            .num("cx", cx)
            .num("cy", cy)
            .num("r", radius)
    } else {
        let d = radius * 1.35;
        Tag::new("path").attr(
            "d",
            format!(
                "M{} {}L{} {}L{} {}L{} {}Z",
                num(cx),
                num(cy - d),
                num(cx + d),
                num(cy),
                num(cx),
                num(cy + d),
                num(cx - d),
                num(cy)
            ),
        )
    }
}

fn point_title(p: &MapPoint) -> String {
    format!(
        "{}, {}: burnout {:.1}, rust-out {:.1}",
        date_label(p.at),
        if p.pulse { "pulse" } else { "full assessment" },
        one_decimal(p.burnout),
        one_decimal(p.rustout)
    )
}

/// The latest point: a ring around it and the word "now", placed away from the plot's edges.
fn now_marker(doc: &mut Doc, cx: f64, cy: f64) {
    doc.open(Tag::new("g").attr("class", "now"));
    doc.leaf(
        Tag::new("circle")
            .attr("class", "now-ring")
            .num("cx", cx)
            .num("cy", cy)
            .num("r", RING_RADIUS)
            .attr("fill", "none")
            .attr("stroke", palette::TEXT)
            .attr("stroke-width", "2"),
    );
    let right_side = cx < RIGHT - 48.0;
    let (lx, anchor) = if right_side {
        (cx + RING_RADIUS + 4.0, "start")
    } else {
        (cx - RING_RADIUS - 4.0, "end")
    };
    let ly = if cy < TOP + 20.0 { cy + 20.0 } else { cy - 8.0 };
    doc.text(
        Tag::new("text")
            .attr("class", "now-label")
            .num("x", lx)
            .num("y", ly)
            .attr("text-anchor", anchor)
            .attr("font-size", "14")
            .attr("font-weight", "700")
            .attr("fill", palette::TEXT)
            .attr("stroke", "#FFFFFF")
            .attr("stroke-width", "3")
            .attr("stroke-linejoin", "round")
            .attr("paint-order", "stroke"),
        "now",
    );
    doc.close();
}

/// A key below the plot, centred: the marker shapes present, the "now" ring, and how age shows.
fn legend(doc: &mut Doc, points: &[MapPoint]) {
    let mut entries: Vec<(LegendSymbol, &str)> = Vec::new();
    if points.iter().any(|p| p.pulse) {
        entries.push((LegendSymbol::Pulse, "pulse"));
    }
    if points.iter().any(|p| !p.pulse) {
        entries.push((LegendSymbol::Assessment, "assessment"));
    }
    entries.push((LegendSymbol::Now, "now"));
    if points.len() > 1 {
        entries.push((LegendSymbol::Age, "older \u{2192} newer"));
    }
    let widths: Vec<f64> = entries
        .iter()
        .map(|(symbol, label)| symbol.width() + 5.0 + label.chars().count() as f64 * LEGEND_CHAR)
        .collect();
    let total = widths.iter().sum::<f64>() + LEGEND_GAP * (entries.len() as f64 - 1.0);

    doc.open(
        Tag::new("g")
            .attr("class", "legend")
            .attr("font-size", "13")
            .attr("fill", palette::MUTED),
    );
    let mut at = (WIDTH - total) / 2.0;
    for ((symbol, label), width) in entries.into_iter().zip(widths) {
        symbol.draw(doc, at, LEGEND_Y);
        doc.text(
            Tag::new("text")
                .num("x", at + symbol.width() + 5.0)
                .num("y", LEGEND_Y + 4.0),
            label,
        );
        at += width + LEGEND_GAP;
    }
    doc.close();
}

/// Average width of a 13-unit legend character, for laying out the row.
const LEGEND_CHAR: f64 = 7.4;
/// Space between legend entries.
const LEGEND_GAP: f64 = 16.0;

#[derive(Debug, Clone, Copy)]
enum LegendSymbol {
    Pulse,
    Assessment,
    Now,
    Age,
}

impl LegendSymbol {
    fn width(self) -> f64 {
        match self {
            LegendSymbol::Pulse | LegendSymbol::Assessment => 10.0,
            LegendSymbol::Now => 14.0,
            LegendSymbol::Age => 26.0,
        }
    }

    /// Draws the symbol with its left edge at `left`, centred on `cy`.
    fn draw(self, doc: &mut Doc, left: f64, cy: f64) {
        match self {
            LegendSymbol::Pulse => {
                doc.leaf(marker(left + 5.0, cy, 4.0, true).attr("fill", palette::NEUTRAL))
            }
            LegendSymbol::Assessment => {
                doc.leaf(marker(left + 5.0, cy, 3.7, false).attr("fill", palette::NEUTRAL))
            }
            LegendSymbol::Now => doc.leaf(
                Tag::new("circle")
                    .num("cx", left + 7.0)
                    .num("cy", cy)
                    .attr("r", "6")
                    .attr("fill", "none")
                    .attr("stroke", palette::TEXT)
                    .attr("stroke-width", "2"),
            ),
            LegendSymbol::Age => {
                for (dx, r, opacity) in [(3.0, 2.4, 0.3), (12.0, 3.3, 0.6), (22.0, 4.2, 0.9)] {
                    doc.leaf(
                        Tag::new("circle")
                            .num("cx", left + dx)
                            .num("cy", cy)
                            .num("r", r)
                            .attr("fill", palette::NEUTRAL)
                            .attr("fill-opacity", format!("{opacity:.2}")),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
