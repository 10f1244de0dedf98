//! Errors of the use cases. `Invalid` is input the person can fix (exit code 2 in the CLI, 422 in
//! the API); its message says what was wrong, where, and what is allowed.

use anneal_store::StoreError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum ServiceError {
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    NotFound(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Something on this machine failed (not the person's input).
    #[error("{0}")]
    Internal(String),
}

impl ServiceError {
    pub fn invalid(message: impl Into<String>) -> Self {
        ServiceError::Invalid(message.into())
    }
}
