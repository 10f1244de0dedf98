//! One file per command.

pub mod assess;
pub mod checkin;
pub mod context;
pub mod demo;
pub mod export;
pub mod forget;
pub mod history;
pub mod import;
pub mod instruments;
pub mod journal;
pub mod org;
pub mod password;
pub mod plan;
pub mod respond;
pub mod serve;
pub mod status;
