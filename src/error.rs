//! The one error the binary distinguishes: input the person can fix (exit code 2). Everything
//! else is an `anyhow` error (exit code 1).

use std::fmt;

/// Bad input: a malformed answers file, an unknown instrument, a database URL that cannot be
/// opened. The message says what was wrong, where, and what is allowed.
#[derive(Debug)]
pub struct BadInput(pub String);

impl fmt::Display for BadInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadInput {}

/// Shorthand for returning bad input from a command.
pub fn bad_input<T>(message: impl Into<String>) -> anyhow::Result<T> {
    Err(BadInput(message.into()).into())
}

/// Maps a use-case error onto the CLI's exit codes: input the person can fix is bad input.
pub fn from_service(e: anneal_service::ServiceError) -> anyhow::Error {
    match e {
        anneal_service::ServiceError::Invalid(m) | anneal_service::ServiceError::NotFound(m) => {
            BadInput(m).into()
        }
        other => other.into(),
    }
}
