//! The shared check-in write path on PostgreSQL, and taking a deleted person out of the cells (the
//! cells themselves, and what this shares with the other backend, are in `cells`).
//!
//! Several processes write at once, so the write path locks what it reads before it changes it:
//! - a week lock (a transaction-level advisory lock on the week's day number): shared by
//!   check-ins and deletions, exclusive for a release, so a week cannot be released while a
//!   check-in into it is under way, nor take one after;
//! - the cells it changes, `FOR UPDATE`, always in ascending unit order (no deadlocks between
//!   check-ins), after inserting an empty cell where there is none yet, so two first check-ins
//!   of a week queue on one row instead of racing to create it;
//! - the person's membership `FOR NO KEY UPDATE`, before reading their contribution of the
//!   week: two check-ins of one person queue there, so the second sees the first's
//!   contribution (and replaces it) instead of adding a second; turning sharing off waits for
//!   a check-in under way, and one after it is refused.
//!
//! Deleting one response takes the person's row `FOR KEY SHARE` (so an account deletion under
//! way finishes first, or waits), then, when the check-in still feeds a cell, its week shared,
//! its contribution `FOR UPDATE` (read again under the week lock: a check-in of the same week
//! may have replaced it meanwhile) and the cell `FOR UPDATE`: the order a check-in takes them in.
//!
//! Deleting an account locks the person's row first, then their weeks, then the cells: a
//! check-in of the same person waits at its first use of their row (storing the response),
//! before it holds anything the deletion needs.

use crate::cells::{
    ContributionRow, INSERT_CONTRIBUTION, LinkedContributionRow, cell_columns, check_week,
    decode_cell, decode_contribution, delete_response_row, forget_linked, is_released, linked_week,
    save_cell, select_linked_contribution, take_out_unreleased, week_released,
};
use crate::codec::{ResponseColumns, check_text, stored};
use crate::db::lock;
use crate::errors::{constraint_kind, failed};
use crate::lock::{Lock, WeekLock};
use crate::plan::day_number;
use anneal_store::org::{Cell, ShareIntoCell, UnitId};
use anneal_store::{NewResponse, StoreError, StoredResponse, UserId};
use chrono::NaiveDate;
use sqlx::error::ErrorKind;
use sqlx::postgres::PgPool;
use sqlx::{PgConnection, Postgres};
use std::collections::BTreeMap;

/// The cell, locked until the transaction ends.
const SELECT_CELL: &str = concat!(
    "SELECT unit_id, ",
    cell_columns!(),
    " FROM cells WHERE unit_id = $1 AND week = $2 FOR UPDATE"
);

/// An empty cell where there is none yet, so that there is a row to lock.
const INSERT_EMPTY_CELL: &str = concat!(
    "INSERT INTO cells (unit_id, week, ",
    cell_columns!(),
    ") VALUES ($1, $2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '{}', 0, NULL) \
     ON CONFLICT (unit_id, week) DO NOTHING"
);

/// The person's contribution of the week, in whatever unit (at most one: a unique index),
/// locked until the transaction ends.
const SELECT_EARLIER_CONTRIBUTION: &str = "SELECT unit_id, burnout, rustout, balance, stuck, \
    zone, dimensions FROM contributions WHERE user_id = $1 AND week = $2 FOR UPDATE";

/// The weeks not released yet that the person has contributions in: the weeks deleting them
/// must lock.
const SELECT_UNRELEASED_WEEKS: &str = "SELECT DISTINCT c.week FROM contributions c \
    WHERE c.user_id = $1 AND NOT EXISTS (SELECT 1 FROM released_weeks r WHERE r.week = c.week) \
    ORDER BY c.week";

/// Reads and locks the cell of `unit` for `week`, if there is one.
pub(crate) async fn load_cell(
    conn: &mut PgConnection,
    unit: UnitId,
    week: NaiveDate,
) -> Result<Option<Cell>, StoreError> {
    let row = sqlx::query(SELECT_CELL)
        .bind(unit.0)
        .bind(day_number(week))
        .fetch_optional(conn)
        .await
        .map_err(|e| failed("reading a cell", e))?;
    row.map(|row| decode_cell(&row, week).map(|(_, cell)| cell))
        .transpose()
}

/// Stores the check-in and replaces the person's contribution of the week, all in one
/// transaction, taking the locks in the order the module documentation gives.
pub(crate) async fn insert_shared_checkin(
    pool: &PgPool,
    new: NewResponse,
    share: ShareIntoCell,
) -> Result<StoredResponse, StoreError> {
    let columns = ResponseColumns::encode(&new)?;
    check_week(share.week)?;
    share.contribution.check_storable()?;
    for id in share.contribution.dimensions.keys() {
        check_text("a dimension id", id)?;
    }
    let dimensions = serde_json::to_string(&share.contribution.dimensions)
        .map_err(|e| StoreError::Backend(format!("cannot encode the dimensions as JSON: {e}")))?;
    let (user, week) = (new.user, share.week);

    let mut tx = pool
        .begin()
        .await
        .map_err(|e| failed("starting to store a shared check-in", e))?;
    lock(&mut tx, Lock::Week(week, WeekLock::Shared)).await?;
    if is_released(&mut tx, week).await? {
        return Err(week_released(week));
    }
    let id = crate::store::insert_one(&mut tx, &columns).await?;
    let sharing = sqlx::query_scalar::<Postgres, bool>(
        "SELECT TRUE FROM memberships WHERE user_id = $1 AND unit_id = $2 AND sharing \
         FOR NO KEY UPDATE",
    )
    .bind(user.0)
    .bind(share.unit.0)
    .fetch_optional(&mut *tx)
    .await
    .map_err(|e| failed("looking up whether the person shares", e))?;
    if sharing.is_none() {
        return Err(StoreError::NotFound {
            what: format!(
                "a membership of user {} in unit {} with sharing on",
                user.0, share.unit.0
            ),
        });
    }

    let earlier = sqlx::query_as::<Postgres, ContributionRow>(SELECT_EARLIER_CONTRIBUTION)
        .bind(user.0)
        .bind(day_number(week))
        .fetch_optional(&mut *tx)
        .await
        .map_err(|e| failed("reading the person's earlier contribution", e))?;
    let earlier = earlier
        .map(|row| {
            let name = format!("the contribution of user {} for the week of {week}", user.0);
            decode_contribution(row, &name)
        })
        .transpose()?;

    // Lock both cells, the lower unit first, before changing either.
    sqlx::query(INSERT_EMPTY_CELL)
        .bind(share.unit.0)
        .bind(day_number(week))
        .execute(&mut *tx)
        .await
        .map_err(|e| match constraint_kind(&e) {
            Some(ErrorKind::ForeignKeyViolation) => StoreError::NotFound {
                what: format!("unit {}", share.unit.0),
            },
            _ => failed("making room for a new cell", e),
        })?;
    let mut units = vec![share.unit];
    if let Some((old_unit, _)) = &earlier
        && *old_unit != share.unit
    {
        units.push(*old_unit);
    }
    units.sort();
    let mut locked = BTreeMap::new();
    for unit in units {
        let cell = load_cell(&mut tx, unit, week).await?.ok_or_else(|| {
            StoreError::Corrupt(format!(
                "the cell of unit {} for the week of {week} vanished while locked",
                unit.0
            ))
        })?;
        locked.insert(unit, cell);
    }

    if let Some((old_unit, contribution)) = &earlier {
        let cell = locked.get_mut(old_unit).ok_or_else(|| {
            StoreError::Corrupt(format!("the cell of unit {} was not locked", old_unit.0))
        })?;
        cell.remove(contribution)?;
        sqlx::query("DELETE FROM contributions WHERE user_id = $1 AND week = $2")
            .bind(user.0)
            .bind(day_number(week))
            .execute(&mut *tx)
            .await
            .map_err(|e| failed("replacing the person's earlier contribution", e))?;
    }
    let cell = locked.entry(share.unit).or_default();
    cell.add(&share.contribution, &share.rules);
    for (unit, cell) in &locked {
        save_cell(&mut tx, *unit, week, cell).await?;
    }
    let contribution = &share.contribution;
    sqlx::query(INSERT_CONTRIBUTION)
        .bind(share.unit.0)
        .bind(day_number(week))
        .bind(user.0)
        .bind(i64::from(share.rules.version))
        .bind(i64::from(share.rules.k))
        .bind(share.rules.epsilon)
        .bind(contribution.burnout)
        .bind(contribution.rustout)
        .bind(contribution.balance)
        .bind(contribution.stuck)
        .bind(contribution.zone.as_str())
        .bind(dimensions)
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(|e| match constraint_kind(&e) {
            Some(ErrorKind::ForeignKeyViolation) => StoreError::NotFound {
                what: format!("unit {}", share.unit.0),
            },
            _ => failed("storing a contribution", e),
        })?;
    tx.commit()
        .await
        .map_err(|e| failed("committing a shared check-in", e))?;
    stored(id, new)
}

/// Stores many shared check-ins, in order, each in its own transaction as
/// [`insert_shared_checkin`] does; the first refused one stops the batch, and those before it
/// stay stored.
pub(crate) async fn insert_shared_checkins(
    pool: &PgPool,
    batch: Vec<(NewResponse, ShareIntoCell)>,
) -> Result<Vec<StoredResponse>, StoreError> {
    let mut stored = Vec::with_capacity(batch.len());
    for (new, share) in batch {
        stored.push(insert_shared_checkin(pool, new, share).await?);
    }
    Ok(stored)
}

/// Takes `user`'s contributions to weeks not yet released out of their cells, on `conn`
/// inside the caller's transaction (deleting the account removes the rows themselves).
/// Released weeks stay as they were released. The caller has locked the person's row.
pub(crate) async fn forget_on(conn: &mut PgConnection, user: UserId) -> Result<(), StoreError> {
    let weeks = sqlx::query_scalar::<Postgres, i64>(SELECT_UNRELEASED_WEEKS)
        .bind(user.0)
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| failed("reading the weeks a person being deleted shared in", e))?;
    for day in weeks {
        let week = crate::plan::from_day_number(day, "a contribution", "week")?;
        lock(conn, Lock::Week(week, WeekLock::Shared)).await?;
    }
    // Read again under the locks: a week released meanwhile is frozen now.
    take_out_unreleased(conn, user).await
}

/// The contribution a check-in still feeds, locked until the transaction ends.
const SELECT_LINKED_CONTRIBUTION_FOR_UPDATE: &str =
    concat!(select_linked_contribution!(), " FOR UPDATE");

/// Deletes one of `user`'s responses in one transaction, taking a shared check-in out of the
/// cell of a week not released yet (see `cells::forget_linked`), with the locks in the order
/// the module documentation gives; none such, or someone else's, is `NotFound`.
pub(crate) async fn delete_response(
    pool: &PgPool,
    user: UserId,
    id: i64,
) -> Result<(), StoreError> {
    let mut tx = crate::db::begin_write(pool)
        .await
        .map_err(|e| failed("starting to delete a response", e))?;
    let person =
        sqlx::query_scalar::<Postgres, i64>("SELECT id FROM users WHERE id = $1 FOR KEY SHARE")
            .bind(user.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(|e| failed("deleting a response", e))?;
    if person.is_none() {
        return Err(StoreError::NotFound {
            what: format!("response {id} of user {}", user.0),
        });
    }
    let linked = sqlx::query_as::<Postgres, LinkedContributionRow>(select_linked_contribution!())
        .bind(id)
        .bind(user.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(|e| failed("reading what a deleted check-in fed", e))?;
    if let Some(row) = linked {
        lock(&mut tx, Lock::Week(linked_week(&row)?, WeekLock::Shared)).await?;
        let locked = sqlx::query_as::<Postgres, LinkedContributionRow>(
            SELECT_LINKED_CONTRIBUTION_FOR_UPDATE,
        )
        .bind(id)
        .bind(user.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(|e| failed("locking what a deleted check-in fed", e))?;
        if let Some(row) = locked {
            forget_linked(&mut tx, user, row).await?;
        }
    }
    delete_response_row(&mut tx, user, id).await?;
    tx.commit()
        .await
        .map_err(|e| failed("committing the deletion of a response", e))
}
