//! What a person does with Anneal, as functions over a [`Store`](anneal_store::Store): record an
//! answer, see their picture, work their plan, keep a journal, take their data out and bring it
//! back. The CLI and the web app both call these, so the two never drift apart. Domain rules live
//! in `anneal-core`; this crate orders the steps and does the I/O through the store.

pub mod context;
pub mod dates;
pub mod demo;
pub mod error;
pub mod export;
pub mod forget;
pub mod journal;
pub mod org;
pub mod picture;
pub mod plan;
pub mod respond;
pub mod responses;

pub use error::ServiceError;

pub type Result<T, E = ServiceError> = std::result::Result<T, E>;
