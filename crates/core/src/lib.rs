//! Anneal's pure domain. No I/O, no async, no database: everything here is a function of its
//! inputs, so it is tested here with unit and property tests.
//!
//! Data flows one way: answers are validated against an [`instrument::Instrument`], scored by
//! [`scoring`] into a [`model::Score`], kept by a store, and read back as a history that
//! [`trend`], [`warning`] and [`change`] turn into what a person sees; [`recommend`] turns scores
//! into a ranked, explained plan from the [`strategy`] catalogue, and [`safety`] decides when
//! professional help leads.

pub mod calendar;
pub mod change;
pub mod context;
pub mod demo;
pub mod instrument;
pub mod model;
pub mod plan;
pub mod privacy;
pub mod recommend;
pub mod report;
pub mod safety;
pub mod scoring;
pub mod status;
pub mod strategy;
pub mod trend;
pub mod warning;
pub mod words;

pub use model::{Band, Index, Score, Zone};
