//! One thing wrong in a content file, located by file, line and field.

use std::fmt;

/// A problem found while reading a content file (strategies, support resources): what was wrong,
/// where (file, line, field) and, in the message, what is allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The name the file was loaded under, e.g. `content/strategies/burnout.toml`.
    pub file: String,
    /// 1-based line, when the problem can be pinned to one.
    pub line: Option<usize>,
    /// Path of the field, e.g. `strategy[3].actions[1].cadence` (1-based positions).
    pub field: String,
    /// What is wrong and what is allowed.
    pub message: String,
}

impl Problem {
    /// A problem at a byte offset of `text` (converted to a line number).
    pub(crate) fn at(
        file: &str,
        text: &str,
        offset: usize,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Problem {
        Problem {
            file: file.to_string(),
            line: Some(line_at(text, offset)),
            field: field.into(),
            message: message.into(),
        }
    }

    /// Turns a TOML syntax or shape error into a problem with its line.
    pub(crate) fn from_toml(file: &str, text: &str, error: &toml::de::Error) -> Problem {
        Problem {
            file: file.to_string(),
            line: error.span().map(|span| line_at(text, span.start)),
            field: String::new(),
            message: format!("not valid here: {}", error.message().trim()),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: ", self.file, line)?,
            None => write!(f, "{}: ", self.file)?,
        }
        if !self.field.is_empty() {
            write!(f, "{}: ", self.field)?;
        }
        f.write_str(&self.message)
    }
}

/// Lists problems one per line, for an error's message.
pub(crate) fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The 1-based line of a byte offset; offsets past the end count as the last line.
pub(crate) fn line_at(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_counted_from_one() {
        let text = "a\nb\nc";
        assert_eq!(line_at(text, 0), 1);
        assert_eq!(line_at(text, 2), 2);
        assert_eq!(line_at(text, 4), 3);
        assert_eq!(line_at(text, 999), 3);
    }

    #[test]
    fn display_names_file_line_and_field() {
        let p = Problem::at("f.toml", "x\ny", 2, "strategy[1].id", "must not be empty");
        assert_eq!(p.to_string(), "f.toml:2: strategy[1].id: must not be empty");
        let p = Problem {
            file: "f.toml".into(),
            line: None,
            field: String::new(),
            message: "m".into(),
        };
        assert_eq!(p.to_string(), "f.toml: m");
    }
}
