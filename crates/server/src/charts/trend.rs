//! The trend chart: burnout and rust-out week by week over the band backgrounds, with early
//! warnings marked, and the rows of the table that stands beside it.

use super::clean::{self, CleanTrendPoint, one_decimal};
use super::palette;
use super::svg::{Doc, IdHash, Tag, inline, num};
use super::time_axis::{Domain, date_label};
use super::{Bands, TrendPoint, WarningMark};
use anneal_core::Index;

const WIDTH: f64 = 440.0;
const HEIGHT: f64 = 318.0;
/// The plot area; band names sit in the margin to its right.
const LEFT: f64 = 40.0;
const RIGHT: f64 = 374.0;
const TOP: f64 = 38.0;
const BOTTOM: f64 = 274.0;
/// The baseline of the legend row.
const LEGEND_Y: f64 = 14.0;
/// Above this many points the markers are not drawn visibly, so the lines stay readable.
const CROWDED: usize = 52;

const TITLE: &str = "Burnout and rust-out over time";

/// B and R over the weeks: x = time (Monday ticks with short date labels, from one point to
/// years), y = 0–100 over the low / moderate / high band backgrounds, two lines that differ in
/// colour and dash (burnout solid with circles, rust-out dashed with squares), a legend, and a
/// marker at the time of each warning. One point gives just its markers; no points give an
/// empty-state chart. A NaN score is left out of its line.
pub fn trend_chart(points: &[TrendPoint], bands: &Bands, warnings: &[WarningMark]) -> String {
    let bands = clean::bands(bands);
    let points = clean::trend_points(points);
    let id = chart_id(&points, &bands, warnings);
    let domain = Domain::around(
        points
            .iter()
            .map(|p| p.at)
            .chain(warnings.iter().map(|w| w.at)),
    );
    let desc = describe(&points, &bands, warnings);
    let mut doc = Doc::new(&id, "trend-chart", WIDTH, HEIGHT, TITLE, &desc);
    band_backgrounds(&mut doc, &bands);
    value_axis(&mut doc);
    match domain {
        Some(domain) if !points.is_empty() => {
            time_axis(&mut doc, &domain);
            frame(&mut doc);
            warning_marks(&mut doc, &domain, warnings);
            series(&mut doc, &domain, &points, Series::Rustout);
            series(&mut doc, &domain, &points, Series::Burnout);
            legend(&mut doc, !warnings.is_empty());
        }
        _ => {
            frame(&mut doc);
            empty_note(&mut doc);
        }
    }
    doc.finish()
}

/// The rows of the table the pages show beside the chart: (date, burnout, rust-out), oldest
/// first, values clamped to 0–100 and rounded to one decimal. Rows missing either score (NaN)
/// are left out.
pub fn trend_table_rows(points: &[TrendPoint]) -> Vec<(String, f64, f64)> {
    clean::trend_points(points)
        .into_iter()
        .filter_map(|p| {
            Some((
                date_label(p.at),
                one_decimal(p.burnout?),
                one_decimal(p.rustout?),
            ))
        })
        .collect()
}

/// The two lines.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Series {
    Burnout,
    Rustout,
}

impl Series {
    fn value(self, p: &CleanTrendPoint) -> Option<f64> {
        match self {
            Series::Burnout => p.burnout,
            Series::Rustout => p.rustout,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Series::Burnout => "burnout",
            Series::Rustout => "rust-out",
        }
    }

    fn class(self) -> &'static str {
        match self {
            Series::Burnout => "burnout",
            Series::Rustout => "rustout",
        }
    }

    fn colour(self) -> &'static str {
        match self {
            Series::Burnout => palette::BURNOUT,
            Series::Rustout => palette::RUSTOUT,
        }
    }

    /// Solid for burnout, dashed for rust-out.
    fn dash(self) -> Option<&'static str> {
        match self {
            Series::Burnout => None,
            Series::Rustout => Some("7 4"),
        }
    }

    /// A circle for burnout, a square for rust-out, of about the same area.
    fn marker(self, cx: f64, cy: f64, radius: f64) -> Tag {
        match self {
            Series::Burnout => Tag::new("circle")
                .num("cx", cx)
                .num("cy", cy)
                .num("r", radius),
            Series::Rustout => {
                let half = radius * 0.9;
                Tag::new("rect")
                    .num("x", cx - half)
                    .num("y", cy - half)
                    .num("width", 2.0 * half)
                    .num("height", 2.0 * half)
            }
        }
    }
}

fn chart_id(points: &[CleanTrendPoint], bands: &Bands, warnings: &[WarningMark]) -> String {
    let mut hash = IdHash::new();
    hash.f64(bands.moderate);
    hash.f64(bands.high);
    for p in points {
        hash.i64(p.at.timestamp());
        hash.f64(p.burnout.unwrap_or(f64::NAN));
        hash.f64(p.rustout.unwrap_or(f64::NAN));
    }
    for w in warnings {
        hash.i64(w.at.timestamp());
        hash.bytes(w.index.as_str().as_bytes());
        hash.bytes(w.label.as_bytes());
    }
    hash.id("trend-chart")
}

fn describe(points: &[CleanTrendPoint], bands: &Bands, warnings: &[WarningMark]) -> String {
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return "No check-ins yet, so there is no trend to show.".to_string();
    };
    let mut text = if points.len() == 1 {
        format!("One check-in, on {}.", date_label(first.at))
    } else {
        format!(
            "{} check-ins from {} to {}.",
            points.len(),
            date_label(first.at),
            date_label(last.at)
        )
    };
    let latest: Vec<String> = [Series::Burnout, Series::Rustout]
        .into_iter()
        .filter_map(|s| {
            let value = points.iter().rev().find_map(|p| s.value(p))?;
            Some(format!(
                "{} {:.1} ({})",
                s.name(),
                one_decimal(value),
                clean::band(value, bands)
            ))
        })
        .collect();
    text.push_str(&format!(" Latest: {}.", latest.join(", ")));
    if !warnings.is_empty() {
        let mut sorted: Vec<&WarningMark> = warnings.iter().collect();
        sorted.sort_by_key(|w| w.at);
        let listed: Vec<String> = sorted
            .iter()
            .map(|w| format!("{}, {}", date_label(w.at), w.label))
            .collect();
        let noun = if warnings.len() == 1 {
            "Early warning"
        } else {
            "Early warnings"
        };
        text.push_str(&format!(" {noun}: {}.", listed.join("; ")));
    }
    text
}

/// Plot y of a 0–100 score.
fn y(value: f64) -> f64 {
    BOTTOM - value / 100.0 * (BOTTOM - TOP)
}

/// Plot x of a time.
fn x(domain: &Domain, at: chrono::DateTime<chrono::Utc>) -> f64 {
    LEFT + domain.fraction(at) * (RIGHT - LEFT)
}

fn band_backgrounds(doc: &mut Doc, bands: &Bands) {
    let rows = [
        ("low", 0.0, bands.moderate, palette::BAND_LOW),
        (
            "moderate",
            bands.moderate,
            bands.high,
            palette::BAND_MODERATE,
        ),
        ("high", bands.high, 100.0, palette::BAND_HIGH),
    ];
    doc.open(
        Tag::new("g")
            .attr("class", "bands")
            .attr("shape-rendering", "crispEdges"),
    );
    for (name, from, to, fill) in rows {
        doc.leaf(
            Tag::new("rect")
                .attr("class", format!("band band-{name}"))
                .num("x", LEFT)
                .num("y", y(to))
                .num("width", RIGHT - LEFT)
                .num("height", y(from) - y(to))
                .attr("fill", fill),
        );
    }
    doc.close();
    doc.open(
        Tag::new("g")
            .attr("class", "band-labels")
            .attr("font-size", "12")
            .attr("fill", palette::MUTED),
    );
    for (name, from, to, _) in rows {
        // A band too thin for its name is still shaded; only the name is left out.
        if y(from) - y(to) >= 12.0 {
            doc.text(
                Tag::new("text")
                    .num("x", RIGHT + 6.0)
                    .num("y", (y(from) + y(to)) / 2.0 + 4.0),
                name,
            );
        }
    }
    doc.close();
}

fn value_axis(doc: &mut Doc) {
    doc.open(
        Tag::new("g")
            .attr("class", "grid")
            .attr("stroke", palette::GRID)
            .attr("stroke-width", "1")
            .attr("shape-rendering", "crispEdges"),
    );
    for step in 1..=5 {
        let v = f64::from(step) * 20.0;
        doc.leaf(line(LEFT, y(v), RIGHT, y(v)));
    }
    doc.close();
    doc.open(
        Tag::new("g")
            .attr("class", "ticks")
            .attr("font-size", "13")
            .attr("fill", palette::MUTED)
            .attr("text-anchor", "end"),
    );
    for step in 0..=5 {
        let v = f64::from(step) * 20.0;
        doc.text(
            Tag::new("text").num("x", LEFT - 6.0).num("y", y(v) + 4.0),
            &format!("{v:.0}"),
        );
    }
    doc.close();
}

fn time_axis(doc: &mut Doc, domain: &Domain) {
    let ticks = domain.ticks();
    doc.open(
        Tag::new("g")
            .attr("class", "time-grid")
            .attr("stroke", palette::GRID)
            .attr("stroke-width", "1")
            .attr("shape-rendering", "crispEdges"),
    );
    for tick in &ticks {
        let tx = LEFT + tick.fraction * (RIGHT - LEFT);
        doc.leaf(line(tx, TOP, tx, BOTTOM + 4.0));
    }
    doc.close();
    doc.open(
        Tag::new("g")
            .attr("class", "ticks")
            .attr("font-size", "13")
            .attr("fill", palette::MUTED)
            .attr("text-anchor", "middle"),
    );
    for tick in &ticks {
        let tx = LEFT + tick.fraction * (RIGHT - LEFT);
        let mut children = inline(Tag::new("tspan").num("x", tx), &tick.label);
        if let Some(year) = &tick.year {
            children.push_str(&inline(
                Tag::new("tspan").num("x", tx).attr("dy", "15"),
                year,
            ));
        }
        doc.raw_children(
            Tag::new("text").num("x", tx).num("y", BOTTOM + 18.0),
            &children,
        );
    }
    doc.close();
}

fn frame(doc: &mut Doc) {
    doc.leaf(
        Tag::new("path")
            .attr("class", "axis")
            .attr(
                "d",
                format!("M{} {}V{}H{}", num(LEFT), num(TOP), num(BOTTOM), num(RIGHT)),
            )
            .attr("fill", "none")
            .attr("stroke", palette::AXIS)
            .attr("stroke-width", "1")
            .attr("shape-rendering", "crispEdges"),
    );
}

fn line(x1: f64, y1: f64, x2: f64, y2: f64) -> Tag {
    Tag::new("line")
        .num("x1", x1)
        .num("y1", y1)
        .num("x2", x2)
        .num("y2", y2)
}

fn warning_colour(index: Index) -> &'static str {
    match index {
        Index::Burnout => palette::BURNOUT,
        Index::Rustout => palette::RUSTOUT,
        Index::Balance | Index::Shared => palette::NEUTRAL,
    }
}

/// A dotted line at the time of each warning, with a downward triangle above the plot.
fn warning_marks(doc: &mut Doc, domain: &Domain, warnings: &[WarningMark]) {
    if warnings.is_empty() {
        return;
    }
    doc.open(Tag::new("g").attr("class", "warnings"));
    for w in warnings {
        let wx = x(domain, w.at);
        let colour = warning_colour(w.index);
        doc.open(Tag::new("g").attr("class", format!("warning warning-{}", w.index.as_str())));
        doc.text(
            Tag::new("title"),
            &format!("{}: {}", date_label(w.at), w.label),
        );
        doc.leaf(
            line(wx, TOP, wx, BOTTOM)
                .attr("stroke", colour)
                .attr("stroke-width", "1.25")
                .attr("stroke-opacity", "0.8")
                .attr("stroke-dasharray", "2 3"),
        );
        doc.leaf(
            Tag::new("path")
                .attr("class", "warning-marker")
                .attr(
                    "d",
                    format!(
                        "M{} {}H{}L{} {}Z",
                        num(wx - 6.0),
                        num(TOP - 12.0),
                        num(wx + 6.0),
                        num(wx),
                        num(TOP - 2.0)
                    ),
                )
                .attr("fill", colour),
        );
        doc.close();
    }
    doc.close();
}

fn series(doc: &mut Doc, domain: &Domain, points: &[CleanTrendPoint], which: Series) {
    let vertices: Vec<(f64, f64, &CleanTrendPoint, f64)> = points
        .iter()
        .filter_map(|p| {
            let v = which.value(p)?;
            Some((x(domain, p.at), y(v), p, v))
        })
        .collect();
    if vertices.is_empty() {
        return;
    }
    doc.open(
        Tag::new("g")
            .attr("class", format!("series series-{}", which.class()))
            .attr("fill", which.colour())
            .attr("stroke", which.colour()),
    );
    if vertices.len() > 1 {
        let coords: Vec<String> = vertices
            .iter()
            .map(|(vx, vy, _, _)| format!("{},{}", num(*vx), num(*vy)))
            .collect();
        let mut polyline = Tag::new("polyline")
            .attr("class", "series-line")
            .attr("points", coords.join(" "))
            .attr("fill", "none")
            .attr("stroke-width", "2.25")
            .attr("stroke-linejoin", "round")
            .attr("stroke-linecap", "round");
        if let Some(dash) = which.dash() {
            polyline = polyline.attr("stroke-dasharray", dash);
        }
        doc.leaf(polyline);
    }
    // Too many markers would hide the lines and their dashes: past CROWDED points each marker
    // stays as an invisible target that still shows its value on hover.
    let crowded = vertices.len() > CROWDED;
    for (vx, vy, p, v) in &vertices {
        let mut tag = which
            .marker(*vx, *vy, 3.8)
            .attr("class", format!("trend-point {}", which.class()));
        tag = if crowded {
            tag.attr("fill-opacity", "0").attr("stroke", "none")
        } else {
            tag.attr("stroke", "#FFFFFF").attr("stroke-width", "1")
        };
        doc.open(tag);
        doc.text(
            Tag::new("title"),
            &format!(
                "{}: {} {:.1}",
                date_label(p.at),
                which.name(),
                one_decimal(*v)
            ),
        );
        doc.close();
    }
    doc.close();
}

/// The key above the plot: each line's colour, dash and marker, and the warning triangle.
fn legend(doc: &mut Doc, with_warning: bool) {
    doc.open(
        Tag::new("g")
            .attr("class", "legend")
            .attr("font-size", "13")
            .attr("fill", palette::TEXT),
    );
    let mut at = LEFT;
    for which in [Series::Burnout, Series::Rustout] {
        let mut sample = line(at, LEGEND_Y - 4.0, at + 26.0, LEGEND_Y - 4.0)
            .attr("stroke", which.colour())
            .attr("stroke-width", "2.25");
        if let Some(dash) = which.dash() {
            sample = sample.attr("stroke-dasharray", dash);
        }
        doc.leaf(sample);
        doc.leaf(
            which
                .marker(at + 13.0, LEGEND_Y - 4.0, 3.8)
                .attr("fill", which.colour())
                .attr("stroke", "#FFFFFF")
                .attr("stroke-width", "1"),
        );
        let label = match which {
            Series::Burnout => "Burnout",
            Series::Rustout => "Rust-out",
        };
        doc.text(
            Tag::new("text").num("x", at + 32.0).num("y", LEGEND_Y),
            label,
        );
        at += 32.0 + label.chars().count() as f64 * 7.4 + 20.0;
    }
    if with_warning {
        doc.leaf(
            Tag::new("path")
                .attr(
                    "d",
                    format!(
                        "M{} {}H{}L{} {}Z",
                        num(at),
                        num(LEGEND_Y - 9.0),
                        num(at + 12.0),
                        num(at + 6.0),
                        num(LEGEND_Y + 1.0)
                    ),
                )
                .attr("fill", palette::NEUTRAL),
        );
        doc.text(
            Tag::new("text").num("x", at + 18.0).num("y", LEGEND_Y),
            "early warning",
        );
    }
    doc.close();
}

fn empty_note(doc: &mut Doc) {
    let (cx, cy) = ((LEFT + RIGHT) / 2.0, (TOP + BOTTOM) / 2.0);
    doc.open(Tag::new("g").attr("class", "empty-note"));
    doc.leaf(
        Tag::new("rect")
            .num("x", cx - 135.0)
            .num("y", cy - 30.0)
            .attr("width", "270")
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
        "No check-ins yet",
    );
    doc.text(
        Tag::new("text")
            .num("x", cx)
            .num("y", cy + 15.0)
            .attr("text-anchor", "middle")
            .attr("font-size", "12")
            .attr("fill", palette::MUTED),
        "Your scores will show here week by week.",
    );
    doc.close();
}

#[cfg(test)]
mod tests;
