//! What is wrong with an instrument file, and where.

use std::fmt;

/// Everything wrong with one instrument file. Display lists each problem on its own line as
/// `file:line: field: message`, the form editors and terminals can jump to.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct InstrumentError {
    /// The name the file was parsed under, e.g. `spectrum.toml`.
    pub source_name: String,
    /// Every problem found, ordered by line. Never empty.
    pub problems: Vec<Problem>,
}

/// One located problem in an instrument file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line of the offending text, when known.
    pub line: Option<usize>,
    /// Path of the offending field, e.g. `items[3].dimension` (items counted from 0).
    pub field: String,
    /// What is wrong and what is allowed.
    pub message: String,
}

impl InstrumentError {
    pub(super) fn new(source_name: &str, mut problems: Vec<Problem>) -> Self {
        problems.sort_by_key(|p| p.line.unwrap_or(usize::MAX));
        InstrumentError {
            source_name: source_name.to_owned(),
            problems,
        }
    }
}

impl fmt::Display for InstrumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.problems.len() > 1 {
            writeln!(
                f,
                "{}: {} problems in this instrument file",
                self.source_name,
                self.problems.len()
            )?;
        }
        for (n, problem) in self.problems.iter().enumerate() {
            if n > 0 {
                writeln!(f)?;
            }
            write!(f, "{}:", self.source_name)?;
            if let Some(line) = problem.line {
                write!(f, "{line}:")?;
            }
            write!(f, " {problem}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(line: Option<usize>, field: &str, message: &str) -> Problem {
        Problem {
            line,
            field: field.into(),
            message: message.into(),
        }
    }

    #[test]
    fn one_problem_is_one_line() {
        let e = InstrumentError::new(
            "spectrum.toml",
            vec![problem(Some(42), "items[3].dimension", "unknown dimension")],
        );
        assert_eq!(
            e.to_string(),
            "spectrum.toml:42: items[3].dimension: unknown dimension"
        );
    }

    #[test]
    fn several_problems_are_counted_and_ordered_by_line() {
        let e = InstrumentError::new(
            "x.toml",
            vec![
                problem(None, "id", "missing"),
                problem(Some(9), "b", "second"),
                problem(Some(2), "a", "first"),
            ],
        );
        assert_eq!(
            e.to_string(),
            "x.toml: 3 problems in this instrument file\n\
             x.toml:2: a: first\n\
             x.toml:9: b: second\n\
             x.toml: id: missing"
        );
    }
}
