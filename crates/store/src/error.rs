//! Errors every backend maps its own failures onto.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    /// The database URL was not one we can open, or the database could not be reached.
    #[error("cannot open the database {url}: {reason}")]
    Open { url: String, reason: String },
    /// A unique value is already taken (e.g. a username).
    #[error("{what} already exists")]
    Conflict { what: String },
    #[error("{what} was not found")]
    NotFound { what: String },
    /// Stored data could not be read back (corruption or a newer schema).
    #[error("stored data is not readable: {0}")]
    Corrupt(String),
    /// Anything else the backend reported.
    #[error("database error: {0}")]
    Backend(String),
}
