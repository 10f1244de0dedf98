//! The locks a writing transaction takes before it reads, where the database's own locking is not
//! enough. Each backend's `db::lock` takes them its own way: PostgreSQL with advisory and row
//! locks (several processes write at once), SQLite not at all (its `BEGIN IMMEDIATE` transaction
//! already holds the one write lock of the whole database).

use anneal_store::org::UnitId;
use chrono::NaiveDate;

/// What a transaction locks until it ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lock {
    /// Setting up the first account: one setup at a time.
    FirstUser,
    /// Moving a unit: one move at a time, so two moves cannot together make a loop.
    UnitTree,
    /// Changing the rules of this unit: one change at a time.
    UnitRules(UnitId),
    /// Writing into, or releasing, the cells of a week.
    Week(NaiveDate, WeekLock),
}

/// How a transaction holds a week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(
    dead_code,
    reason = "only PostgreSQL's check-ins and deletions take a week shared"
)]
pub(crate) enum WeekLock {
    /// Writing into the week's cells (a check-in, a deletion): many at once.
    Shared,
    /// Releasing the week: alone.
    Exclusive,
}
