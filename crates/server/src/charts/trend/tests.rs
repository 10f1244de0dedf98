use super::*;
use crate::charts::test_support::{assert_chart_rules, parse, vertices, with_class};
use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;

fn week(n: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap() + Duration::weeks(n)
}

fn drifting(weeks: i64) -> Vec<TrendPoint> {
    (0..weeks)
        .map(|i| TrendPoint {
            at: week(i),
            burnout: 30.0 - 0.5 * i as f64,
            rustout: 25.0 + 3.0 * i as f64,
        })
        .collect()
}

fn warning(at: DateTime<Utc>, index: Index, label: &str) -> WarningMark {
    WarningMark {
        at,
        index,
        label: label.to_string(),
    }
}

fn series_line<'a, 'i>(
    doc: &'a roxmltree::Document<'i>,
    class: &str,
) -> Option<roxmltree::Node<'a, 'i>> {
    with_class(doc, class)
        .into_iter()
        .flat_map(|g| {
            g.descendants()
                .filter(|n| n.has_tag_name("polyline"))
                .collect::<Vec<_>>()
        })
        .next()
}

fn markers(doc: &roxmltree::Document<'_>, class: &str) -> usize {
    with_class(doc, "trend-point")
        .iter()
        .filter(|n| {
            n.attribute("class")
                .is_some_and(|c| c.split_whitespace().any(|w| w == class))
        })
        .count()
}

#[test]
fn empty_input_gives_an_empty_state_chart() {
    let svg = trend_chart(&[], &Bands::default(), &[]);
    let doc = parse(&svg);
    assert_chart_rules(&doc);
    assert_eq!(with_class(&doc, "band").len(), 3);
    assert_eq!(with_class(&doc, "empty-note").len(), 1);
    assert_eq!(with_class(&doc, "trend-point").len(), 0);
    assert!(doc.descendants().all(|n| !n.has_tag_name("polyline")));
    assert!(svg.contains("No check-ins yet"));
}

#[test]
fn one_point_gives_just_its_markers() {
    let svg = trend_chart(&drifting(1), &Bands::default(), &[]);
    let doc = parse(&svg);
    assert_chart_rules(&doc);
    assert_eq!(markers(&doc, "burnout"), 1);
    assert_eq!(markers(&doc, "rustout"), 1);
    assert!(doc.descendants().all(|n| !n.has_tag_name("polyline")));
    assert!(!with_class(&doc, "ticks").is_empty());
}

#[test]
fn two_lines_differ_in_colour_and_dash_and_carry_every_point() {
    let svg = trend_chart(&drifting(12), &Bands::default(), &[]);
    let doc = parse(&svg);
    assert_chart_rules(&doc);
    assert_eq!(with_class(&doc, "band").len(), 3);
    let burnout = series_line(&doc, "series-burnout").expect("burnout line");
    let rustout = series_line(&doc, "series-rustout").expect("rust-out line");
    assert_eq!(
        vertices(burnout.attribute("points").unwrap_or("")).len(),
        12
    );
    assert_eq!(
        vertices(rustout.attribute("points").unwrap_or("")).len(),
        12
    );
    assert_eq!(burnout.attribute("stroke-dasharray"), None);
    assert!(rustout.attribute("stroke-dasharray").is_some());
    assert_eq!(markers(&doc, "burnout"), 12);
    assert_eq!(markers(&doc, "rustout"), 12);
    let burnout_group = &with_class(&doc, "series-burnout")[0];
    let rustout_group = &with_class(&doc, "series-rustout")[0];
    assert_ne!(
        burnout_group.attribute("stroke"),
        rustout_group.attribute("stroke")
    );
    assert_eq!(with_class(&doc, "legend").len(), 1);
    assert!(svg.contains(">Burnout<") && svg.contains(">Rust-out<"));
}

#[test]
fn lines_run_left_to_right_in_time_order_whatever_the_input_order() {
    let mut points = drifting(8);
    points.reverse();
    let svg = trend_chart(&points, &Bands::default(), &[]);
    let doc = parse(&svg);
    let line = series_line(&doc, "series-burnout").expect("burnout line");
    let xs: Vec<f64> = vertices(line.attribute("points").unwrap_or(""))
        .iter()
        .map(|v| v.0)
        .collect();
    assert!(xs.windows(2).all(|w| w[0] < w[1]), "{xs:?}");
    assert!(xs[0] >= LEFT && xs[xs.len() - 1] <= RIGHT);
}

#[test]
fn values_are_clamped_and_nan_is_left_out_of_its_line() {
    let mut points = drifting(4);
    points[1].burnout = f64::NAN;
    points[2].rustout = 170.0;
    points[3].burnout = -4.0;
    let svg = trend_chart(&points, &Bands::default(), &[]);
    let doc = parse(&svg);
    assert_chart_rules(&doc);
    assert_eq!(markers(&doc, "burnout"), 3);
    assert_eq!(markers(&doc, "rustout"), 4);
    let rust = series_line(&doc, "series-rustout").expect("rust-out line");
    let ys: Vec<f64> = vertices(rust.attribute("points").unwrap_or(""))
        .iter()
        .map(|v| v.1)
        .collect();
    assert_eq!(ys[2], TOP);
    let burn = series_line(&doc, "series-burnout").expect("burnout line");
    let ys: Vec<f64> = vertices(burn.attribute("points").unwrap_or(""))
        .iter()
        .map(|v| v.1)
        .collect();
    assert_eq!(ys, vec![one_decimal(y(30.0)), one_decimal(y(29.0)), BOTTOM]);
}

#[test]
fn warnings_are_marked_and_their_text_is_escaped() {
    let label = r#"Rust-out <drifting> & "rising""#;
    let warnings = [
        warning(week(9), Index::Rustout, label),
        warning(week(4), Index::Burnout, "Burnout crossed into moderate"),
    ];
    let svg = trend_chart(&drifting(12), &Bands::default(), &warnings);
    assert!(svg.contains("Rust-out &lt;drifting&gt; &amp; &quot;rising&quot;"));
    assert!(!svg.contains(label));
    let doc = parse(&svg);
    assert_chart_rules(&doc);
    assert_eq!(with_class(&doc, "warning-marker").len(), 2);
    assert_eq!(with_class(&doc, "warning-rustout").len(), 1);
    let title = with_class(&doc, "warning-rustout")[0]
        .children()
        .find(|n| n.has_tag_name("title"))
        .and_then(|n| n.text())
        .map(str::to_string);
    assert_eq!(title, Some(format!("9 Mar 2026: {label}")));
    let desc = doc
        .descendants()
        .find(|n| n.has_tag_name("desc"))
        .and_then(|n| n.text())
        .unwrap_or("")
        .to_string();
    // Listed oldest first.
    assert!(
        desc.ends_with(&format!(
            "Early warnings: 2 Feb 2026, Burnout crossed into moderate; 9 Mar 2026, {label}."
        )),
        "{desc}"
    );
    assert!(svg.contains(">early warning<"));
}

#[test]
fn the_description_summarises_the_series() {
    let svg = trend_chart(&drifting(12), &Bands::default(), &[]);
    let doc = parse(&svg);
    let desc = doc
        .descendants()
        .find(|n| n.has_tag_name("desc"))
        .and_then(|n| n.text())
        .unwrap_or("")
        .to_string();
    assert_eq!(
        desc,
        "12 check-ins from 5 Jan 2026 to 23 Mar 2026. Latest: burnout 24.5 (low), \
         rust-out 58.0 (high)."
    );
}

#[test]
fn band_backgrounds_follow_the_thresholds() {
    let svg = trend_chart(
        &drifting(3),
        &Bands {
            moderate: 40.0,
            high: 50.0,
        },
        &[],
    );
    let doc = parse(&svg);
    let moderate = &with_class(&doc, "band-moderate")[0];
    let top: f64 = moderate
        .attribute("y")
        .unwrap_or("")
        .parse()
        .unwrap_or(-1.0);
    let height: f64 = moderate
        .attribute("height")
        .unwrap_or("")
        .parse()
        .unwrap_or(-1.0);
    assert_eq!(top, one_decimal(y(50.0)));
    assert!((top + height - y(40.0)).abs() < 0.15);
}

#[test]
fn output_is_deterministic() {
    let warnings = [warning(week(3), Index::Burnout, "w")];
    assert_eq!(
        trend_chart(&drifting(20), &Bands::default(), &warnings),
        trend_chart(&drifting(20), &Bands::default(), &warnings)
    );
}

#[test]
fn two_years_of_weeks_keep_ticks_readable() {
    let svg = trend_chart(&drifting(104), &Bands::default(), &[]);
    let doc = parse(&svg);
    assert_chart_rules(&doc);
    let tick_labels = doc
        .descendants()
        .filter(|n| {
            n.has_tag_name("text")
                && n.parent()
                    .is_some_and(|p| p.attribute("text-anchor") == Some("middle"))
        })
        .count();
    assert!((3..=6).contains(&tick_labels), "{tick_labels} tick labels");
    assert_eq!(markers(&doc, "burnout"), 104);
}

#[test]
fn table_rows_are_dated_rounded_clamped_and_complete() {
    let points = [
        TrendPoint {
            at: week(1),
            burnout: 33.333,
            rustout: 120.0,
        },
        TrendPoint {
            at: week(0),
            burnout: 12.06,
            rustout: 40.0,
        },
        TrendPoint {
            at: week(2),
            burnout: f64::NAN,
            rustout: 40.0,
        },
    ];
    assert_eq!(
        trend_table_rows(&points),
        vec![
            ("5 Jan 2026".to_string(), 12.1, 40.0),
            ("12 Jan 2026".to_string(), 33.3, 100.0),
        ]
    );
    assert!(trend_table_rows(&[]).is_empty());
}

fn any_score() -> impl Strategy<Value = f64> {
    prop_oneof![
        8 => -50.0..150.0f64,
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
        1 => any::<f64>(),
    ]
}

fn any_time() -> impl Strategy<Value = DateTime<Utc>> {
    (-100_000_000_000i64..100_000_000_000)
        .prop_map(|secs| DateTime::from_timestamp(secs, 0).unwrap_or_default())
}

fn any_index() -> impl Strategy<Value = Index> {
    prop_oneof![
        Just(Index::Burnout),
        Just(Index::Rustout),
        Just(Index::Balance),
        Just(Index::Shared)
    ]
}

proptest! {
    #[test]
    fn any_input_gives_a_valid_trend_chart(
        raw in proptest::collection::vec((any_time(), any_score(), any_score()), 0..60),
        moderate in any_score(),
        high in any_score(),
        warns in proptest::collection::vec((any_time(), any_index(), ".{0,30}"), 0..4),
    ) {
        let points: Vec<TrendPoint> = raw
            .iter()
            .map(|(at, burnout, rustout)| TrendPoint { at: *at, burnout: *burnout, rustout: *rustout })
            .collect();
        let warnings: Vec<WarningMark> = warns
            .iter()
            .map(|(at, index, label)| WarningMark { at: *at, index: *index, label: label.clone() })
            .collect();
        let bands = Bands { moderate, high };
        let svg = trend_chart(&points, &bands, &warnings);
        let doc = parse(&svg);
        assert_chart_rules(&doc);
        prop_assert_eq!(with_class(&doc, "band").len(), 3);
        let finite_b = points.iter().filter(|p| !p.burnout.is_nan()).count();
        let finite_r = points.iter().filter(|p| !p.rustout.is_nan()).count();
        prop_assert_eq!(markers(&doc, "burnout"), finite_b);
        prop_assert_eq!(markers(&doc, "rustout"), finite_r);
        let drawn = finite_b + finite_r > 0;
        prop_assert_eq!(with_class(&doc, "warning-marker").len(), if drawn { warnings.len() } else { 0 });
        prop_assert_eq!(with_class(&doc, "empty-note").len(), usize::from(!drawn));
        for marker in with_class(&doc, "trend-point").iter().filter(|n| n.has_tag_name("circle")) {
            let cy: f64 = marker.attribute("cy").unwrap_or("").parse().unwrap_or(-1.0);
            prop_assert!((TOP..=BOTTOM).contains(&cy));
        }
        let complete = points.iter().filter(|p| !p.burnout.is_nan() && !p.rustout.is_nan()).count();
        prop_assert_eq!(trend_table_rows(&points).len(), complete);
        prop_assert_eq!(&svg, &trend_chart(&points, &bands, &warnings));
    }
}
