//! End-to-end tests of the `anneal` binary: each runs the real CLI against a fresh SQLite file
//! (and, when `ANNEAL_TEST_POSTGRES_URL` is set, one story against a real PostgreSQL).

mod util;

mod attacks;
mod bad_input;
mod browser;
mod care;
mod instruments;
mod org;
mod personal;
mod plan_journal;
mod postgres;
mod responses_context;
mod serve;
mod tidy;
mod traps;
