use super::*;
use crate::charts::test_support::{assert_chart_rules, parse, with_class};
use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;

fn week(n: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap() + Duration::weeks(n)
}

/// Twelve weekly pulses drifting from thriving toward rust-out, the first a full assessment.
fn drifting() -> Vec<MapPoint> {
    (0..12)
        .map(|i| MapPoint {
            at: week(i),
            burnout: 30.0 - 0.5 * i as f64,
            rustout: 25.0 + 3.0 * i as f64,
            pulse: i != 0,
        })
        .collect()
}

fn attr_f64(node: &roxmltree::Node<'_, '_>, name: &str) -> f64 {
    node.attribute(name).expect(name).parse().expect("number")
}

#[test]
fn empty_map_shows_the_zones_and_a_note() {
    let svg = spectrum_map(&[], &Bands::default());
    let doc = parse(&svg);
    assert_chart_rules(&doc);
    assert_eq!(with_class(&doc, "zone").len(), 4);
    assert_eq!(with_class(&doc, "zone-label").len(), 4);
    assert_eq!(with_class(&doc, "map-point").len(), 0);
    assert_eq!(with_class(&doc, "now").len(), 0);
    assert_eq!(with_class(&doc, "empty-note").len(), 1);
    assert!(svg.contains("No answers yet"));
}

#[test]
fn each_answer_is_a_marker_on_one_connected_path() {
    let doc_text = spectrum_map(&drifting(), &Bands::default());
    let doc = parse(&doc_text);
    assert_chart_rules(&doc);
    assert_eq!(with_class(&doc, "zone").len(), 4);
    assert_eq!(with_class(&doc, "map-point").len(), 12);
    assert_eq!(with_class(&doc, "path-step").len(), 11);
    assert_eq!(with_class(&doc, "empty-note").len(), 0);
    // One full assessment drawn as a diamond, eleven pulses as circles.
    let points = with_class(&doc, "map-point");
    let diamonds = points.iter().filter(|n| n.has_tag_name("path")).count();
    assert_eq!(diamonds, 1);
}

#[test]
fn the_latest_point_is_marked_exactly_once_even_when_input_is_unordered() {
    let mut points = drifting();
    points.reverse();
    points.swap(3, 7);
    let doc_text = spectrum_map(&points, &Bands::default());
    let doc = parse(&doc_text);
    let latest = with_class(&doc, "latest");
    assert_eq!(latest.len(), 1);
    assert_eq!(with_class(&doc, "now-ring").len(), 1);
    assert_eq!(with_class(&doc, "now-label").len(), 1);
    // Week 11 is the newest: rust-out 58, burnout 24.5.
    assert_eq!(attr_f64(&latest[0], "cx"), one_decimal(x(58.0)));
    assert_eq!(attr_f64(&latest[0], "cy"), one_decimal(y(24.5)));
    let ring = &with_class(&doc, "now-ring")[0];
    assert_eq!(attr_f64(ring, "cx"), one_decimal(x(58.0)));
}

#[test]
fn older_points_are_paler_and_smaller() {
    let doc_text = spectrum_map(&drifting(), &Bands::default());
    let doc = parse(&doc_text);
    let circles: Vec<_> = with_class(&doc, "map-point")
        .into_iter()
        .filter(|n| n.has_tag_name("circle"))
        .collect();
    let first = &circles[0];
    let last = &circles[circles.len() - 1];
    assert!(attr_f64(first, "fill-opacity") < attr_f64(last, "fill-opacity"));
    assert!(attr_f64(first, "r") < attr_f64(last, "r"));
}

#[test]
fn out_of_range_values_are_clamped_and_nan_is_skipped() {
    let points = [
        MapPoint {
            at: week(0),
            burnout: -20.0,
            rustout: 150.0,
            pulse: true,
        },
        MapPoint {
            at: week(1),
            burnout: f64::NAN,
            rustout: 10.0,
            pulse: true,
        },
        MapPoint {
            at: week(2),
            burnout: 10.0,
            rustout: f64::NAN,
            pulse: true,
        },
    ];
    let doc_text = spectrum_map(&points, &Bands::default());
    let doc = parse(&doc_text);
    assert_chart_rules(&doc);
    let markers = with_class(&doc, "map-point");
    assert_eq!(markers.len(), 1);
    assert_eq!(attr_f64(&markers[0], "cx"), RIGHT);
    assert_eq!(attr_f64(&markers[0], "cy"), BOTTOM);
}

#[test]
fn zones_follow_the_moderate_threshold() {
    let doc_text = spectrum_map(
        &[],
        &Bands {
            moderate: 25.0,
            high: 60.0,
        },
    );
    let doc = parse(&doc_text);
    let thriving = &with_class(&doc, "zone-thriving")[0];
    assert_eq!(attr_f64(thriving, "width"), 90.0);
    assert_eq!(attr_f64(thriving, "height"), 90.0);
    let both = &with_class(&doc, "zone-both")[0];
    assert_eq!(attr_f64(both, "x"), one_decimal(x(25.0)));
    assert_eq!(attr_f64(both, "width"), 270.0);
}

#[test]
fn output_is_deterministic_and_ids_differ_between_charts() {
    let a = spectrum_map(&drifting(), &Bands::default());
    assert_eq!(a, spectrum_map(&drifting(), &Bands::default()));
    let b = spectrum_map(&drifting()[..5], &Bands::default());
    let id_a = parse(&a)
        .root_element()
        .attribute("aria-labelledby")
        .map(str::to_string);
    let id_b = parse(&b)
        .root_element()
        .attribute("aria-labelledby")
        .map(str::to_string);
    assert_ne!(id_a, id_b);
}

#[test]
fn the_description_is_the_text_alternative() {
    let svg = spectrum_map(&drifting(), &Bands::default());
    let doc = parse(&svg);
    let desc = doc
        .descendants()
        .find(|n| n.has_tag_name("desc"))
        .and_then(|n| n.text())
        .map(str::to_string);
    assert_eq!(desc, Some(describe_map(&drifting(), &Bands::default())));
}

#[test]
fn describe_map_says_where_the_latest_point_is_and_how_it_moved() {
    let text = describe_map(&drifting(), &Bands::default());
    assert_eq!(
        text,
        "Your latest answers, on 23 Mar 2026, place you in the rust-out zone: burnout 24.5 (low), \
         rust-out 58.0 (high). Since 5 Jan 2026, burnout fell from 30.0 to 24.5 and rust-out rose \
         from 25.0 to 58.0, a move from the low-strain corner into the rust-out zone."
    );
}

#[test]
fn describe_map_handles_one_point_and_none() {
    let one = [MapPoint {
        at: week(0),
        burnout: 45.0,
        rustout: 45.0,
        pulse: false,
    }];
    assert_eq!(
        describe_map(&one, &Bands::default()),
        "Your latest answers, on 5 Jan 2026, place you in the zone where both are elevated: \
         burnout 45.0 (moderate), rust-out 45.0 (moderate)."
    );
    assert_eq!(
        describe_map(&[], &Bands::default()),
        "No answers yet, so there is nothing to place on the map."
    );
}

#[test]
fn describe_map_says_when_nothing_changed() {
    let same = [
        MapPoint {
            at: week(0),
            burnout: 20.0,
            rustout: 20.0,
            pulse: true,
        },
        MapPoint {
            at: week(1),
            burnout: 20.04,
            rustout: 20.0,
            pulse: true,
        },
    ];
    let text = describe_map(&same, &Bands::default());
    assert!(
        text.ends_with("burnout stayed at 20.0 and rust-out stayed at 20.0."),
        "{text}"
    );
}

#[test]
fn the_now_label_stays_inside_the_plot_at_the_top_right_corner() {
    let corner = [MapPoint {
        at: week(0),
        burnout: 100.0,
        rustout: 100.0,
        pulse: true,
    }];
    let doc_text = spectrum_map(&corner, &Bands::default());
    let doc = parse(&doc_text);
    let label = &with_class(&doc, "now-label")[0];
    assert_eq!(label.attribute("text-anchor"), Some("end"));
    assert!(attr_f64(label, "x") < RIGHT);
    assert!(attr_f64(label, "y") > TOP);
}

fn any_score() -> impl Strategy<Value = f64> {
    prop_oneof![
        8 => -50.0..150.0f64,
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
        1 => Just(f64::NEG_INFINITY),
        1 => any::<f64>(),
    ]
}

fn any_point() -> impl Strategy<Value = MapPoint> {
    (
        -100_000_000_000i64..100_000_000_000,
        any_score(),
        any_score(),
        any::<bool>(),
    )
        .prop_map(|(secs, burnout, rustout, pulse)| MapPoint {
            at: DateTime::from_timestamp(secs, 0).unwrap_or_default(),
            burnout,
            rustout,
            pulse,
        })
}

proptest! {
    #[test]
    fn any_input_gives_a_valid_map(
        points in proptest::collection::vec(any_point(), 0..40),
        moderate in any_score(),
        high in any_score(),
    ) {
        let bands = Bands { moderate, high };
        let svg = spectrum_map(&points, &bands);
        let doc = parse(&svg);
        assert_chart_rules(&doc);
        let drawable = points.iter().filter(|p| !p.burnout.is_nan() && !p.rustout.is_nan()).count();
        prop_assert_eq!(with_class(&doc, "zone").len(), 4);
        prop_assert_eq!(with_class(&doc, "map-point").len(), drawable);
        prop_assert_eq!(with_class(&doc, "path-step").len(), drawable.saturating_sub(1));
        prop_assert_eq!(with_class(&doc, "latest").len(), usize::from(drawable > 0));
        prop_assert_eq!(with_class(&doc, "now-ring").len(), usize::from(drawable > 0));
        for marker in with_class(&doc, "map-point").iter().filter(|n| n.has_tag_name("circle")) {
            let cx = attr_f64(marker, "cx");
            let cy = attr_f64(marker, "cy");
            prop_assert!((LEFT..=RIGHT).contains(&cx) && (TOP..=BOTTOM).contains(&cy));
        }
        prop_assert_eq!(&svg, &spectrum_map(&points, &bands));
        prop_assert!(!describe_map(&points, &bands).is_empty());
    }
}
