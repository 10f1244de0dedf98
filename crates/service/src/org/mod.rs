//! Teams and leaders (DESIGN §4): organisation units, invites, sharing, weekly releases, the
//! leader's summary, conversation briefs and a demo organisation — as functions over a
//! [`Backend`](anneal_store::Backend), shared by the CLI (`anneal org …`) and the web app.
//!
//! Who may do what is checked here, in one place per use case:
//! - **admins** run the organisation: units, rules, leaders, the list of accounts
//!   ([`admin`]);
//! - **leaders** see the summary of the units they lead and every unit below them, built only
//!   from frozen weekly releases ([`summary`], [`release`]); admins may see every summary;
//! - **everyone** decides for themselves: joining by invite ([`invites`]), sharing their pulse
//!   check-ins with their unit ([`sharing`]), sending a brief to a leader ([`briefs`]).
//!
//! Refusals are [`OrgError::Forbidden`]. Leader figures are computed by the pure privacy rules in
//! `anneal_core::privacy`; the only store interface the figures are read through is
//! [`AggregateStore`](anneal_store::org::AggregateStore), which has no way to return a person's
//! row.

pub mod access;
pub mod admin;
pub mod briefs;
pub mod convert;
pub mod demo;
pub mod error;
pub mod invites;
pub mod release;
pub mod sharing;
pub mod summary;

#[cfg(test)]
mod attacks;
#[cfg(test)]
mod testing;
#[cfg(test)]
mod tests;

pub use error::OrgError;

/// The result of an organisation use case.
pub type OrgResult<T, E = OrgError> = std::result::Result<T, E>;
