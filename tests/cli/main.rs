//! End-to-end tests of the `anneal` binary: each runs the real CLI against a fresh SQLite file
//! (and, when `ANNEAL_TEST_POSTGRES_URL` is set, one story against a real PostgreSQL).

mod util;

mod bad_input;
mod instruments;
mod personal;
mod plan_journal;
mod postgres;
mod serve;
mod tidy;
