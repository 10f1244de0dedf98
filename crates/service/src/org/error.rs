//! Errors of the organisation use cases. Like [`ServiceError`](crate::ServiceError), plus
//! `Forbidden` (the caller's role does not allow the request) and `Conflict` (someone changed the
//! same thing at the same moment).
//!
//! Mapping: `Forbidden` → HTTP 403 and CLI exit 2; `Invalid` → 422 / exit 2; `NotFound` → 404 /
//! exit 2; `Conflict` → 409 / exit 2; `Store` and `Internal` → 500 / exit 1.

use crate::ServiceError;
use anneal_store::StoreError;
use thiserror::Error;

/// Why an organisation use case did not happen. Nothing was changed.
#[derive(Debug, Error)]
pub enum OrgError {
    /// The caller's role does not allow this (not an admin, not a leader of this unit).
    #[error("{0}")]
    Forbidden(String),
    /// Input the person can fix; the message says what, where, and what is allowed.
    #[error("{0}")]
    Invalid(String),
    /// A unit, person, invite or membership that does not exist (or is not the caller's).
    #[error("{0}")]
    NotFound(String),
    /// Someone else changed the same thing meanwhile; reading again and retrying works.
    #[error("{0}")]
    Conflict(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Something on this machine failed (not the person's input).
    #[error("{0}")]
    Internal(String),
}

impl OrgError {
    /// Input the person can fix.
    pub fn invalid(message: impl Into<String>) -> Self {
        OrgError::Invalid(message.into())
    }

    /// The caller may not do this.
    pub fn forbidden(message: impl Into<String>) -> Self {
        OrgError::Forbidden(message.into())
    }

    /// Something that does not exist.
    pub fn not_found(message: impl Into<String>) -> Self {
        OrgError::NotFound(message.into())
    }
}

impl From<ServiceError> for OrgError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Invalid(m) => OrgError::Invalid(m),
            ServiceError::NotFound(m) => OrgError::NotFound(m),
            ServiceError::Store(e) => OrgError::Store(e),
            ServiceError::Internal(m) => OrgError::Internal(m),
        }
    }
}
