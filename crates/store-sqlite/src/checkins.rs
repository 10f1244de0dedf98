//! The shared check-in write path on SQLite, and taking a deleted person out of the cells (the
//! cells themselves, and what this shares with the other backend, are in `cells`).

use crate::cells::{
    ContributionRow, INSERT_CONTRIBUTION, LinkedContributionRow, cell_columns, check_week,
    decode_cell, decode_contribution, delete_response_row, forget_linked, is_released, save_cell,
    select_linked_contribution, take_out, take_out_unreleased, week_released,
};
use crate::codec::{ResponseColumns, check_text, stored};
use crate::errors::{constraint_kind, failed};
use crate::plan::day_number;
use anneal_store::org::{Cell, ShareIntoCell, UnitId};
use anneal_store::{NewResponse, StoreError, StoredResponse, UserId};
use chrono::NaiveDate;
use sqlx::error::ErrorKind;
use sqlx::sqlite::SqlitePool;
use sqlx::{Sqlite, SqliteConnection};

const SELECT_CELL: &str = concat!(
    "SELECT unit_id, ",
    cell_columns!(),
    " FROM cells WHERE unit_id = $1 AND week = $2"
);

/// The person's contribution of the week, in whatever unit (at most one: a unique index).
const SELECT_EARLIER_CONTRIBUTION: &str = "SELECT unit_id, burnout, rustout, balance, stuck, \
    zone, dimensions FROM contributions WHERE user_id = $1 AND week = $2";

/// Reads the cell of `unit` for `week`, if there is one.
pub(crate) async fn load_cell(
    conn: &mut SqliteConnection,
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
/// `BEGIN IMMEDIATE` transaction (SQLite's write lock first, so nothing changes in between).
pub(crate) async fn insert_shared_checkin(
    writer: &SqlitePool,
    new: NewResponse,
    share: ShareIntoCell,
) -> Result<StoredResponse, StoreError> {
    let mut stored = insert_shared_checkins(writer, vec![(new, share)]).await?;
    stored
        .pop()
        .ok_or_else(|| StoreError::Backend("a shared check-in was not stored".into()))
}

/// Stores many shared check-ins, in order, in one `BEGIN IMMEDIATE` transaction: all of them,
/// or none when any is refused (bulk loading: one commit instead of one per check-in).
pub(crate) async fn insert_shared_checkins(
    writer: &SqlitePool,
    batch: Vec<(NewResponse, ShareIntoCell)>,
) -> Result<Vec<StoredResponse>, StoreError> {
    let mut checked = Vec::with_capacity(batch.len());
    for (new, share) in &batch {
        checked.push(Checked::of(new, share)?);
    }
    let mut tx = writer
        .begin_with("BEGIN IMMEDIATE")
        .await
        .map_err(|e| failed("starting to store a shared check-in", e))?;
    let mut ids = Vec::with_capacity(batch.len());
    for ((new, share), checked) in batch.iter().zip(&checked) {
        ids.push(share_on(&mut tx, new, share, checked).await?);
    }
    tx.commit()
        .await
        .map_err(|e| failed("committing a shared check-in", e))?;
    batch
        .into_iter()
        .zip(ids)
        .map(|((new, _), id)| stored(id, new))
        .collect()
}

/// What is checked and encoded of a shared check-in before its transaction starts.
struct Checked<'a> {
    columns: ResponseColumns<'a>,
    /// The contribution's dimensions as JSON.
    dimensions: String,
}

impl<'a> Checked<'a> {
    fn of(new: &'a NewResponse, share: &ShareIntoCell) -> Result<Checked<'a>, StoreError> {
        let columns = ResponseColumns::encode(new)?;
        check_week(share.week)?;
        share.contribution.check_storable()?;
        for id in share.contribution.dimensions.keys() {
            check_text("a dimension id", id)?;
        }
        let dimensions = serde_json::to_string(&share.contribution.dimensions).map_err(|e| {
            StoreError::Backend(format!("cannot encode the dimensions as JSON: {e}"))
        })?;
        Ok(Checked {
            columns,
            dimensions,
        })
    }
}

/// Stores one shared check-in on `conn`, inside the caller's transaction; returns its id.
async fn share_on(
    conn: &mut SqliteConnection,
    new: &NewResponse,
    share: &ShareIntoCell,
    checked: &Checked<'_>,
) -> Result<i64, StoreError> {
    let (user, week) = (new.user, share.week);
    if is_released(conn, week).await? {
        return Err(week_released(week));
    }
    let id = crate::store::insert_one(conn, &checked.columns).await?;
    let sharing = sqlx::query_scalar::<Sqlite, i64>(
        "SELECT 1 FROM memberships WHERE user_id = $1 AND unit_id = $2 AND sharing",
    )
    .bind(user.0)
    .bind(share.unit.0)
    .fetch_optional(&mut *conn)
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

    let earlier = sqlx::query_as::<Sqlite, ContributionRow>(SELECT_EARLIER_CONTRIBUTION)
        .bind(user.0)
        .bind(day_number(week))
        .fetch_optional(&mut *conn)
        .await
        .map_err(|e| failed("reading the person's earlier contribution", e))?;
    if let Some(row) = earlier {
        let name = format!("the contribution of user {} for the week of {week}", user.0);
        let (unit, contribution) = decode_contribution(row, &name)?;
        take_out(conn, unit, week, &contribution).await?;
        sqlx::query("DELETE FROM contributions WHERE user_id = $1 AND week = $2")
            .bind(user.0)
            .bind(day_number(week))
            .execute(&mut *conn)
            .await
            .map_err(|e| failed("replacing the person's earlier contribution", e))?;
    }

    let mut cell = load_cell(conn, share.unit, week).await?.unwrap_or_default();
    cell.add(&share.contribution, &share.rules);
    save_cell(conn, share.unit, week, &cell).await?;
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
        .bind(&checked.dimensions)
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(|e| match constraint_kind(&e) {
            Some(ErrorKind::ForeignKeyViolation) => StoreError::NotFound {
                what: format!("unit {}", share.unit.0),
            },
            _ => failed("storing a contribution", e),
        })?;
    Ok(id)
}

/// Takes `user`'s contributions to weeks not yet released out of their cells, on `conn`
/// inside the caller's transaction (deleting the account removes the rows themselves).
/// Released weeks stay as they were released.
pub(crate) async fn forget_on(conn: &mut SqliteConnection, user: UserId) -> Result<(), StoreError> {
    take_out_unreleased(conn, user).await
}

/// Deletes one of `user`'s responses in one `BEGIN IMMEDIATE` transaction, taking a shared
/// check-in out of the cell of a week not released yet (see `cells::forget_linked`); none such,
/// or someone else's, is `NotFound`.
pub(crate) async fn delete_response(
    writer: &SqlitePool,
    user: UserId,
    id: i64,
) -> Result<(), StoreError> {
    let mut tx = crate::db::begin_write(writer)
        .await
        .map_err(|e| failed("starting to delete a response", e))?;
    let linked = sqlx::query_as::<Sqlite, LinkedContributionRow>(select_linked_contribution!())
        .bind(id)
        .bind(user.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(|e| failed("reading what a deleted check-in fed", e))?;
    if let Some(row) = linked {
        forget_linked(&mut tx, user, row).await?;
    }
    delete_response_row(&mut tx, user, id).await?;
    tx.commit()
        .await
        .map_err(|e| failed("committing the deletion of a response", e))
}
