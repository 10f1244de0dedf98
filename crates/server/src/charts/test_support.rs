//! Helpers for the chart tests: parse the SVG as XML and check what every chart must satisfy.

use roxmltree::{Document, Node};

/// Parses a chart, failing the test with the parser's message if it is not well-formed XML.
pub(crate) fn parse(svg: &str) -> Document<'_> {
    match Document::parse(svg) {
        Ok(doc) => doc,
        Err(e) => panic!("chart is not well-formed XML: {e}\n{svg}"),
    }
}

/// Elements whose `class` attribute has `class` as one of its words.
pub(crate) fn with_class<'a, 'i>(doc: &'a Document<'i>, class: &str) -> Vec<Node<'a, 'i>> {
    doc.descendants()
        .filter(|n| {
            n.attribute("class")
                .is_some_and(|c| c.split_whitespace().any(|w| w == class))
        })
        .collect()
}

/// The `(x, y)` pairs of a `points` attribute.
pub(crate) fn vertices(points: &str) -> Vec<(f64, f64)> {
    points
        .split_whitespace()
        .map(|pair| {
            let (x, y) = pair.split_once(',').expect("x,y pair");
            (x.parse().expect("x number"), y.parse().expect("y number"))
        })
        .collect()
}

/// The rules every chart follows: an accessible, scalable root, no script, no inline style,
/// and every number on a 0.1 grid inside the view box.
pub(crate) fn assert_chart_rules(doc: &Document<'_>) {
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("role"), Some("img"));
    assert_eq!(root.attribute("width"), Some("100%"));
    let view_box: Vec<f64> = root
        .attribute("viewBox")
        .expect("viewBox")
        .split_whitespace()
        .map(|v| v.parse().expect("viewBox number"))
        .collect();
    assert_eq!(view_box.len(), 4);

    let ids: Vec<&str> = root
        .attribute("aria-labelledby")
        .expect("aria-labelledby")
        .split_whitespace()
        .collect();
    assert_eq!(ids.len(), 2, "labelled by a title and a desc");
    let children: Vec<_> = root.children().filter(|n| n.is_element()).collect();
    assert_eq!(children[0].tag_name().name(), "title");
    assert_eq!(children[0].attribute("id"), Some(ids[0]));
    assert!(!children[0].text().unwrap_or("").is_empty());
    assert_eq!(children[1].tag_name().name(), "desc");
    assert_eq!(children[1].attribute("id"), Some(ids[1]));
    assert!(!children[1].text().unwrap_or("").is_empty());

    for node in doc.descendants().filter(|n| n.is_element()) {
        assert_ne!(node.tag_name().name(), "script");
        for attr in node.attributes() {
            assert_ne!(
                attr.name(),
                "style",
                "inline style on <{}>",
                node.tag_name().name()
            );
            assert!(
                !attr.name().starts_with("on"),
                "event handler {}",
                attr.name()
            );
            if ["x", "y", "cx", "cy", "x1", "x2", "y1", "y2"].contains(&attr.name()) {
                let v: f64 = attr.value().parse().expect("coordinate is a number");
                let (limit_x, limit_y) = (view_box[2], view_box[3]);
                assert!(v.is_finite() && v >= 0.0, "{}={v}", attr.name());
                assert!(
                    v <= limit_x.max(limit_y),
                    "{}={v} outside the view box",
                    attr.name()
                );
                assert_eq!(
                    (v * 10.0).round() / 10.0,
                    v,
                    "{}={v} not on the 0.1 grid",
                    attr.name()
                );
            }
        }
    }
}
