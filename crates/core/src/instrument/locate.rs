//! Turning byte offsets into what a person can act on: a line number and a field path such as
//! `items[3].dimension`.

use super::error::Problem;
use std::collections::HashMap;
use std::ops::Range;
use toml::de::{DeTable, DeValue};

/// The 1-based line that byte `offset` of `text` is on.
pub(super) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// A problem for an error reported by the TOML parser or by deserialisation (syntax, wrong type,
/// unknown or missing key). `tree` is the document as far as it could be read.
pub(super) fn toml_problem(text: &str, tree: &DeTable<'_>, error: &toml::de::Error) -> Problem {
    let message = error.message();
    let missing = missing_field(message);
    let Some(span) = error.span() else {
        return Problem {
            line: None,
            field: missing.unwrap_or_default().to_owned(),
            message: humanize(message),
        };
    };
    let path = if missing.is_some() {
        // The span is the table the key is missing from; the root table has an empty span.
        find_path(tree, &span, Match::Exact).unwrap_or_default()
    } else {
        find_path(tree, &span, Match::Exact)
            .or_else(|| find_path(tree, &span, Match::Contains))
            .unwrap_or_else(|| path_from_lines(text, span.start))
    };
    let (line, field) = match missing {
        // Missing from the top level: no line to point at.
        Some(key) if path.is_empty() => (None, key.to_owned()),
        Some(key) => (Some(line_of(text, span.start)), format!("{path}.{key}")),
        None => (Some(line_of(text, span.start)), path),
    };
    Problem {
        line,
        field,
        message: humanize(message),
    }
}

/// The key named by serde's "missing field `x`" message.
fn missing_field(message: &str) -> Option<&str> {
    message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.strip_suffix('`'))
}

/// Serde's wording, made plainer for people writing instrument files.
fn humanize(message: &str) -> String {
    if missing_field(message).is_some() {
        return "missing; this key is required".to_owned();
    }
    if message == "duplicate key" {
        return "duplicate key: it is already set above in the same table".to_owned();
    }
    message
        .replace("expected u32", "expected a whole number, 0 or more")
        .replace("expected i32", "expected a whole number")
        .replace("expected f64", "expected a number")
        .replace("expected a boolean", "expected true or false")
}

#[derive(Clone, Copy, PartialEq)]
enum Match {
    /// A key or value span equal to the error span.
    Exact,
    /// A key or value span around the error offset (its end included, for errors at the end).
    Contains,
}

fn matches(candidate: &Range<usize>, span: &Range<usize>, how: Match) -> bool {
    match how {
        Match::Exact => candidate == span,
        Match::Contains => candidate.start <= span.start && span.start <= candidate.end,
    }
}

/// The path of the deepest key or value in `tree` that matches `span`.
fn find_path(tree: &DeTable<'_>, span: &Range<usize>, how: Match) -> Option<String> {
    let mut segments = Vec::new();
    if in_table(tree, span, how, &mut segments) {
        Some(render(&segments))
    } else {
        None
    }
}

enum Segment {
    Key(String),
    Index(usize),
}

fn in_table(table: &DeTable<'_>, span: &Range<usize>, how: Match, path: &mut Vec<Segment>) -> bool {
    for (key, value) in table.iter() {
        path.push(Segment::Key(key.get_ref().to_string()));
        if in_value(value.get_ref(), span, how, path)
            || matches(&key.span(), span, how)
            || matches(&value.span(), span, how)
        {
            return true;
        }
        path.pop();
    }
    false
}

fn in_value(value: &DeValue<'_>, span: &Range<usize>, how: Match, path: &mut Vec<Segment>) -> bool {
    match value {
        DeValue::Table(table) => in_table(table, span, how, path),
        DeValue::Array(array) => {
            for (n, element) in array.iter().enumerate() {
                path.push(Segment::Index(n));
                if in_value(element.get_ref(), span, how, path)
                    || matches(&element.span(), span, how)
                {
                    return true;
                }
                path.pop();
            }
            false
        }
        _ => false,
    }
}

fn render(segments: &[Segment]) -> String {
    let mut out = String::new();
    for segment in segments {
        match segment {
            Segment::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Index(n) => out.push_str(&format!("[{n}]")),
        }
    }
    out
}

/// A best guess at the field at `offset` from the text alone, for syntax errors the parser could
/// not attach to a key: the last table header above it and the key on its line.
fn path_from_lines(text: &str, offset: usize) -> String {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let line_start = text[..end].rfind('\n').map_or(0, |at| at + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |at| end + at);

    let mut table = String::new();
    let mut arrays: HashMap<&str, usize> = HashMap::new();
    for line in text[..line_start].lines().map(str::trim) {
        if let Some(name) = line.strip_prefix("[[").and_then(|l| l.split("]]").next()) {
            let name = name.trim();
            let count = arrays.entry(name).or_insert(0);
            table = format!("{name}[{count}]");
            *count += 1;
        } else if let Some(name) = line.strip_prefix('[').and_then(|l| l.split(']').next()) {
            table = name.trim().to_owned();
        }
    }
    let current = text[line_start..line_end].trim();
    let key = match current.split_once('=') {
        Some((key, _)) if !current.starts_with('[') => key.trim(),
        _ => "",
    };
    match (table.is_empty(), key.is_empty()) {
        (true, _) => key.to_owned(),
        (false, true) => table,
        (false, false) => format!("{table}.{key}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_count_from_one() {
        let text = "a = 1\nb = 2\n";
        assert_eq!(line_of(text, 0), 1);
        assert_eq!(line_of(text, 6), 2);
        assert_eq!(line_of(text, 1000), 3);
    }

    #[test]
    fn paths_come_from_headers_and_keys() {
        let text = "id = 1\n[[items]]\nid = 2\n[[items]]\nid = 3 3\n[bands]\nhigh = x\n";
        let bad_item = text.find("3 3").expect("present");
        assert_eq!(path_from_lines(text, bad_item), "items[1].id");
        let bad_band = text.find("x\n").expect("present");
        assert_eq!(path_from_lines(text, bad_band), "bands.high");
        assert_eq!(path_from_lines(text, 0), "id");
    }

    #[test]
    fn the_tree_names_the_deepest_match() {
        let text = "[[items]]\nid = \"a\"\nbipolar = { low = \"x\" }\n";
        let (tree, errors) = DeTable::parse_recoverable(text);
        assert!(errors.is_empty());
        let at = text.find("\"x\"").expect("present");
        let span = at..at + 3;
        assert_eq!(
            find_path(tree.get_ref(), &span, Match::Exact).as_deref(),
            Some("items[0].bipolar.low")
        );
    }
}
