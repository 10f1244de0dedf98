//! From a file's text to a validated [`Instrument`]: TOML syntax and types first (the parser's
//! errors carry spans), then the rules of the format (see [`super::validate`]).

use super::error::InstrumentError;
use super::raw::RawInstrument;
use super::{Instrument, locate, validate};
use serde::Deserialize;
use toml::de::DeTable;

/// Parses and validates an instrument file. `source_name` names the file in error messages
/// (e.g. `spectrum.toml`); `text` is its content. Pure: no file is read.
///
/// Every problem found is reported with its line and field, e.g.
/// `spectrum.toml:42: items[3].dimension: unknown dimension "exhaustoin"; declared: …`.
/// Syntax and type errors stop at the first one (the rest of the file cannot be trusted);
/// rule violations are all collected.
pub fn parse(source_name: &str, text: &str) -> Result<Instrument, InstrumentError> {
    let raw = read(source_name, text)?;
    validate::validate(raw, text).map_err(|problems| InstrumentError::new(source_name, problems))
}

fn read(source_name: &str, text: &str) -> Result<RawInstrument, InstrumentError> {
    let (tree, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        let problems = errors
            .iter()
            .map(|error| locate::toml_problem(text, tree.get_ref(), error))
            .collect();
        return Err(InstrumentError::new(source_name, problems));
    }
    RawInstrument::deserialize(toml::de::Deserializer::from(tree)).map_err(|error| {
        // Deserialisation consumed the tree; read it again to name the field (error path only).
        let (tree, _) = DeTable::parse_recoverable(text);
        InstrumentError::new(
            source_name,
            vec![locate::toml_problem(text, tree.get_ref(), &error)],
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instrument::InstrumentError;

    // The parser tests mutate a fixed file: version 1 of the pulse, kept in the archive.
    const PULSE: &str = include_str!("../../../../content/instruments/archive/pulse-v1.toml");
    const SPECTRUM: &str = include_str!("../../../../content/instruments/spectrum.toml");

    /// The pulse file with `from` replaced by `to` (which must occur exactly once).
    fn pulse_with(from: &str, to: &str) -> String {
        assert_eq!(PULSE.matches(from).count(), 1, "{from:?} must occur once");
        PULSE.replacen(from, to, 1)
    }

    fn line_of(text: &str, needle: &str) -> usize {
        let at = text
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not in text"));
        text[..at].matches('\n').count() + 1
    }

    fn failure(text: &str) -> InstrumentError {
        match parse("pulse.toml", text) {
            Ok(_) => panic!("expected the file to be rejected"),
            Err(e) => e,
        }
    }

    /// The error has a problem on `line` for `field` whose message contains `fragment`, and its
    /// Display names the file, the line and the field.
    fn assert_problem(error: &InstrumentError, line: usize, field: &str, fragment: &str) {
        let found = error
            .problems
            .iter()
            .any(|p| p.line == Some(line) && p.field == field && p.message.contains(fragment));
        assert!(
            found,
            "no problem at line {line}, {field}, {fragment:?} in:\n{error}"
        );
        let shown = error.to_string();
        assert!(
            shown.contains(&format!("pulse.toml:{line}: {field}: ")),
            "display lacks file:line: field:\n{shown}"
        );
    }

    #[test]
    fn shipped_files_parse() {
        assert!(parse("pulse.toml", PULSE).is_ok());
        assert!(parse("spectrum.toml", SPECTRUM).is_ok());
    }

    #[test]
    fn unknown_dimension_names_the_declared_ones() {
        let text = pulse_with("dimension = \"pressure\"", "dimension = \"presure\"");
        let error = failure(&text);
        assert_eq!(error.problems.len(), 2, "{error}"); // the typo, and pressure now unfed
        assert_problem(
            &error,
            line_of(&text, "\"presure\""),
            "items[2].dimension",
            "unknown dimension \"presure\"; declared: exhaustion, overload, pressure, underload",
        );
        assert_problem(
            &error,
            line_of(&text, "id = \"pressure\""),
            "dimensions[2].id",
            "no item feeds dimension \"pressure\"",
        );
    }

    #[test]
    fn duplicate_item_id_points_at_the_first_use() {
        let text = pulse_with("id = \"meaning\"", "id = \"stress\"");
        let error = failure(&text);
        let first = line_of(&text, "id = \"stress\"");
        let duplicate_line = text
            .lines()
            .enumerate()
            .filter(|(_, l)| *l == "id = \"stress\"")
            .map(|(n, _)| n + 1)
            .nth(1)
            .expect("two lines");
        assert_problem(
            &error,
            duplicate_line,
            "items[3].id",
            &format!("duplicate item id \"stress\"; first used on line {first}"),
        );
    }

    #[test]
    fn duplicate_dimension_id_is_reported_once() {
        let text = pulse_with("id = \"connection\"\ntitle", "id = \"growth\"\ntitle");
        let error = failure(&text);
        let line = text
            .lines()
            .enumerate()
            .filter(|(_, l)| *l == "id = \"growth\"")
            .map(|(n, _)| n + 1)
            .nth(1)
            .expect("two dimension lines");
        assert_problem(
            &error,
            line,
            "dimensions[7].id",
            "duplicate dimension id \"growth\"",
        );
    }

    #[test]
    fn descending_thresholds_name_the_high_cut() {
        let text = pulse_with(
            "burnout = { moderate = 40, high = 50 }",
            "burnout = { moderate = 50, high = 40 }",
        );
        let error = failure(&text);
        assert_eq!(error.problems.len(), 1, "{error}");
        assert_problem(
            &error,
            line_of(&text, "burnout = { moderate = 50"),
            "bands.burnout.high",
            "high (40) must be above moderate (50)",
        );
    }

    #[test]
    fn thresholds_off_the_scale_and_bad_dimension_override() {
        let text = pulse_with(
            "dimensions = { moderate = 40, high = 50, provisional = true }",
            "dimensions = { moderate = -5, high = 120, provisional = true }",
        );
        let error = failure(&text);
        let line = line_of(&text, "moderate = -5");
        assert_problem(
            &error,
            line,
            "bands.dimensions.moderate",
            "-5 is outside 0–100",
        );
        assert_problem(
            &error,
            line,
            "bands.dimensions.high",
            "120 is outside 0–100",
        );

        let text = pulse_with(
            "index = \"burnout\"\n\n[[dimensions]]\nid = \"overload\"",
            "index = \"burnout\"\nbands = { moderate = 60, high = 60 }\n\n[[dimensions]]\nid = \"overload\"",
        );
        let error = failure(&text);
        assert_problem(
            &error,
            line_of(&text, "moderate = 60"),
            "dimensions[0].bands.high",
            "must be above moderate",
        );
    }

    #[test]
    fn bipolar_item_missing_a_half() {
        let text = pulse_with(
            "bipolar = { low = \"underload\", high = \"overload\" }",
            "bipolar = { low = \"underload\" }",
        );
        let error = failure(&text);
        assert_problem(
            &error,
            line_of(&text, "bipolar = {"),
            "items[1].bipolar.high",
            "missing; a bipolar item names both halves",
        );
        // And, because nothing else feeds it, the orphaned half is reported too.
        assert_problem(
            &error,
            line_of(&text, "id = \"overload\""),
            "dimensions[1].id",
            "no item feeds dimension \"overload\"",
        );
    }

    #[test]
    fn bipolar_halves_must_feed_the_right_indices() {
        let text = pulse_with(
            "bipolar = { low = \"underload\", high = \"overload\" }",
            "bipolar = { low = \"overload\", high = \"underload\" }",
        );
        let error = failure(&text);
        let line = line_of(&text, "bipolar = {");
        assert_problem(
            &error,
            line,
            "items[1].bipolar.low",
            "feeds burnout; the low",
        );
        assert_problem(
            &error,
            line,
            "items[1].bipolar.high",
            "feeds rustout; the high",
        );
    }

    #[test]
    fn bipolar_scale_must_be_odd_and_symmetric() {
        let text = pulse_with(
            "values = [1, 2, 3, 4, 5, 6, 7]",
            "values = [1, 2, 3, 4, 5, 6, 7, 8]",
        )
        .replacen(
            "  \"Far too much\",\n",
            "  \"Far too much\",\n  \"Even more\",\n",
            1,
        );
        let error = failure(&text);
        assert_problem(
            &error,
            line_of(&text, "bipolar = {"),
            "items[1].scale",
            "an odd number of values",
        );

        let text = pulse_with(
            "values = [1, 2, 3, 4, 5, 6, 7]",
            "values = [1, 2, 3, 4, 5, 6, 9]",
        );
        let error = failure(&text);
        assert_problem(
            &error,
            line_of(&text, "bipolar = {"),
            "items[1].scale",
            "symmetric around its middle value 4",
        );
    }

    #[test]
    fn bipolar_items_are_never_reversed_and_never_also_plain() {
        let text = pulse_with(
            "bipolar = { low = \"underload\", high = \"overload\" }",
            "bipolar = { low = \"underload\", high = \"overload\" }\nreverse = true\ndimension = \"pressure\"",
        );
        let error = failure(&text);
        assert_problem(
            &error,
            line_of(&text, "bipolar = {"),
            "items[1].bipolar",
            "either `dimension` or `bipolar`, not both",
        );
    }

    #[test]
    fn a_bipolar_item_is_not_reversed() {
        let text = pulse_with(
            "bipolar = { low = \"underload\", high = \"overload\" }",
            "bipolar = { low = \"underload\", high = \"overload\" }\nreverse = true",
        );
        let error = failure(&text);
        assert_eq!(error.problems.len(), 1, "{error}");
        assert_problem(
            &error,
            line_of(&text, "bipolar = {") + 1,
            "items[1].reverse",
            "a bipolar item cannot be reversed",
        );
    }

    #[test]
    fn a_bipolar_item_has_two_different_halves() {
        let text = pulse_with(
            "bipolar = { low = \"underload\", high = \"overload\" }",
            "bipolar = { low = \"underload\", high = \"underload\" }",
        );
        let error = failure(&text);
        assert_problem(
            &error,
            line_of(&text, "bipolar = {"),
            "items[1].bipolar.high",
            "the two halves must be different dimensions",
        );
    }

    #[test]
    fn an_item_needs_somewhere_to_go() {
        let text = pulse_with("dimension = \"pressure\"\n", "");
        let error = failure(&text);
        let header = text
            .lines()
            .enumerate()
            .filter(|(_, l)| *l == "[[items]]")
            .map(|(n, _)| n + 1)
            .nth(2)
            .expect("third item");
        assert_problem(
            &error,
            header,
            "items[2].dimension",
            "missing; name the dimension",
        );
    }

    #[test]
    fn balance_is_not_a_dimension_index() {
        let text = pulse_with(
            "id = \"connection\"\ntitle = \"Disconnection\"\ndescription = \"Feeling cut off from the people you work with.\"\nindex = \"rustout\"",
            "id = \"connection\"\ntitle = \"Disconnection\"\ndescription = \"Feeling cut off from the people you work with.\"\nindex = \"balance\"",
        );
        let error = failure(&text);
        assert_problem(
            &error,
            line_of(&text, "index = \"balance\""),
            "dimensions[7].index",
            "a dimension cannot feed balance",
        );
    }

    #[test]
    fn unknown_index_kind_and_scale_are_named_with_what_is_allowed() {
        let text = pulse_with("kind = \"pulse\"", "kind = \"weekly\"")
            .replacen("index = \"burnout\"", "index = \"burnt\"", 1)
            .replacen("scale = \"degree\"", "scale = \"degre\"", 1);
        let error = failure(&text);
        assert_problem(
            &error,
            line_of(&text, "kind ="),
            "kind",
            "allowed: assessment, pulse",
        );
        assert_problem(
            &error,
            line_of(&text, "\"burnt\""),
            "dimensions[0].index",
            "unknown index \"burnt\"; allowed: burnout, rustout, shared",
        );
        assert_problem(
            &error,
            line_of(&text, "\"degre\""),
            "items[2].scale",
            "unknown scale \"degre\"; declared: amount, degree, energy, load, share",
        );
    }

    #[test]
    fn bad_scales_are_explained() {
        let text = pulse_with(
            "labels = [\"Very low\", \"Low\", \"Middling\", \"Good\", \"Very good\"]\nvalues = [1, 2, 3, 4, 5]",
            "labels = [\"Very low\", \"\", \"Middling\", \"Good\"]\nvalues = [1, 2, 2, 4, 5]",
        );
        let error = failure(&text);
        let labels = line_of(&text, "\"Very low\", \"\"");
        assert_problem(
            &error,
            labels,
            "scales.energy.labels",
            "4 labels for 5 values",
        );
        assert_problem(
            &error,
            labels,
            "scales.energy.labels[1]",
            "must not be empty",
        );
        assert_problem(
            &error,
            labels + 1,
            "scales.energy.values[2]",
            "2 is not above the value before it (2)",
        );
        // The item on the broken scale is not also called unknown.
        assert!(!error.to_string().contains("unknown scale"), "{error}");
    }

    #[test]
    fn reliability_must_be_a_proportion_and_sd_positive() {
        let text = SPECTRUM.replacen(
            "burnout = { sd = 18, reliability = 0.88 }",
            "burnout = { sd = 0, reliability = 1.2 }",
            1,
        );
        let error = parse("pulse.toml", &text).expect_err("rejected");
        let line = line_of(&text, "sd = 0");
        assert_problem(
            &error,
            line,
            "reliability.burnout.sd",
            "must be a positive number",
        );
        assert_problem(
            &error,
            line,
            "reliability.burnout.reliability",
            "strictly between 0 and 1",
        );
    }

    #[test]
    fn bad_toml_syntax_names_the_line_and_field() {
        let text = pulse_with(
            "text = \"How stressed did work make you feel?\"",
            "text = \"How stressed did work make you feel?",
        );
        let error = failure(&text);
        assert_problem(
            &error,
            line_of(&text, "text = \"How stressed"),
            "items[2].text",
            "",
        );

        let text = pulse_with("kind = \"pulse\"", "kind = \"pulse\"\nkind = \"pulse\"");
        let error = failure(&text);
        assert_problem(
            &error,
            line_of(&text, "kind =") + 1,
            "kind",
            "duplicate key",
        );

        let text = pulse_with("version = 1", "version = 1 2");
        let error = failure(&text);
        assert_problem(&error, line_of(&text, "version = 1 2"), "version", "");
    }

    #[test]
    fn wrong_types_and_unknown_keys_name_the_field() {
        let text = pulse_with("version = 1", "version = \"one\"");
        let error = failure(&text);
        assert_problem(
            &error,
            line_of(&text, "version ="),
            "version",
            "expected a whole number",
        );

        let text = pulse_with(
            "scale = \"energy\"\nreverse = true",
            "scale = \"energy\"\nreverce = true",
        );
        let error = failure(&text);
        assert_problem(
            &error,
            line_of(&text, "reverce"),
            "items[0].reverce",
            "unknown field `reverce`",
        );

        let text = pulse_with("dimension = \"pressure\"", "dimension = 3");
        let error = failure(&text);
        assert_problem(
            &error,
            line_of(&text, "dimension = 3"),
            "items[2].dimension",
            "invalid type",
        );
    }

    #[test]
    fn missing_keys_are_named() {
        let text = pulse_with("period = \"the past week\"\n", "");
        let error = failure(&text);
        assert_eq!(error.problems.len(), 1);
        assert_eq!(error.problems[0].field, "period");
        assert_eq!(
            error.problems[0].line, None,
            "a missing top-level key has no line"
        );
        assert_eq!(
            error.to_string(),
            "pulse.toml: period: missing; this key is required"
        );
        assert!(error.problems[0].message.contains("required"), "{error}");

        let text = pulse_with("id = \"skills\"\n", "");
        let error = failure(&text);
        let header = text
            .lines()
            .enumerate()
            .filter(|(_, l)| *l == "[[items]]")
            .map(|(n, _)| n + 1)
            .nth(5)
            .expect("sixth item");
        assert_problem(&error, header, "items[5].id", "required");
    }

    #[test]
    fn every_rule_violation_is_collected() {
        let text = pulse_with("version = 1", "version = 0")
            .replacen("title = \"Weekly pulse\"", "title = \"  \"", 1)
            .replacen("id = \"energy\"", "id = \"energy level\"", 1)
            .replacen("dimension = \"growth\"", "dimension = \"grwoth\"", 1);
        let error = failure(&text);
        let fields: Vec<&str> = error.problems.iter().map(|p| p.field.as_str()).collect();
        for field in [
            "version",
            "title",
            "items[0].id",
            "items[4].dimension",
            "dimensions[5].id",
        ] {
            assert!(fields.contains(&field), "{field} missing from {fields:?}");
        }
        let lines: Vec<usize> = error.problems.iter().filter_map(|p| p.line).collect();
        assert!(
            lines.windows(2).all(|w| w[0] <= w[1]),
            "ordered by line: {lines:?}"
        );
        assert!(
            error.to_string().starts_with("pulse.toml: 5 problems"),
            "{error}"
        );
    }

    #[test]
    fn no_burnout_dimension_is_an_error() {
        let text = PULSE
            .replace("index = \"burnout\"", "index = \"shared\"")
            .replace(
                "bipolar = { low = \"underload\", high = \"overload\" }",
                "dimension = \"underload\"",
            );
        let error = failure(&text);
        assert!(
            error.problems.iter().any(
                |p| p.field == "dimensions" && p.message.contains("no dimension feeds burnout")
            ),
            "{error}"
        );
    }

    #[test]
    fn arbitrary_text_never_panics() {
        for text in [
            "",
            "=",
            "[[items]]\n[[items]]",
            "id = \"x\"\0",
            "\u{feff}é = 1\n[",
            "items = 3",
        ] {
            assert!(parse("x.toml", text).is_err());
        }
    }
}
