//! The weekly cells shared check-ins feed, and the statements both backends' write paths share.
//!
//! A cell holds the sums of one unit's own members for one week. Each person's latest shared
//! check-in of the week is also kept as their contribution (`contributions`, internal: no store
//! method returns one), only so the cell can be corrected when they check in again, move to
//! another unit, or delete their account: the old contribution is taken out, the new one added.
//! Every step is a lookup by primary key or unique index, so a check-in never scans history.
//! A week that has been released (`released_weeks`) is frozen: it takes no more check-ins, and
//! deleting an account leaves its cells as they were. Each contribution also names the check-in
//! it came from (`response_id`), so deleting that one check-in takes it out of the cell of a
//! week not released yet, and leaves a released week as it was. The write path itself, which locks
//! differently in each backend, is in the backend's `checkins` module.

use crate::checkins::load_cell;
use crate::db::{Conn, Db, DbRow};
use crate::errors::failed;
use crate::plan::day_number;
use anneal_core::Zone;
use anneal_store::org::{Cell, Contribution, Moments, UnitId};
use anneal_store::{StoreError, UserId};
use chrono::{Datelike, NaiveDate, Weekday};
use sqlx::Row;
use std::collections::BTreeMap;

/// The columns of a cell after `unit_id, week` (a macro, so the statements stay `&'static str`).
macro_rules! cell_columns {
    () => {
        "respondents, burnout_n, burnout_sum, burnout_sum_sq, rustout_n, rustout_sum, \
         rustout_sum_sq, balance_n, balance_sum, balance_sum_sq, stuck, zone_thriving, \
         zone_burnout, zone_rustout, zone_both, dimensions, k_floor, epsilon_floor"
    };
}
pub(crate) use cell_columns;

const UPSERT_CELL: &str = concat!(
    "INSERT INTO cells (unit_id, week, ",
    cell_columns!(),
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
     $19, $20) ON CONFLICT (unit_id, week) DO UPDATE SET respondents = excluded.respondents, \
     burnout_n = excluded.burnout_n, burnout_sum = excluded.burnout_sum, \
     burnout_sum_sq = excluded.burnout_sum_sq, rustout_n = excluded.rustout_n, \
     rustout_sum = excluded.rustout_sum, rustout_sum_sq = excluded.rustout_sum_sq, \
     balance_n = excluded.balance_n, balance_sum = excluded.balance_sum, \
     balance_sum_sq = excluded.balance_sum_sq, stuck = excluded.stuck, \
     zone_thriving = excluded.zone_thriving, zone_burnout = excluded.zone_burnout, \
     zone_rustout = excluded.zone_rustout, zone_both = excluded.zone_both, \
     dimensions = excluded.dimensions, k_floor = excluded.k_floor, \
     epsilon_floor = excluded.epsilon_floor"
);

/// A selected contribution: unit_id, burnout, rustout, balance, stuck, zone, dimensions.
pub(crate) type ContributionRow = (i64, f64, f64, Option<f64>, bool, String, String);

/// The person's contributions to weeks not released yet: the ones deleting them takes out.
const SELECT_UNRELEASED_CONTRIBUTIONS: &str = "SELECT c.week, c.unit_id, c.burnout, c.rustout, \
    c.balance, c.stuck, c.zone, c.dimensions FROM contributions c \
    WHERE c.user_id = $1 AND NOT EXISTS (SELECT 1 FROM released_weeks r WHERE r.week = c.week) \
    ORDER BY c.week, c.unit_id";

/// A contribution, with the id of the check-in it came from last (`$13`).
pub(crate) const INSERT_CONTRIBUTION: &str = "INSERT INTO contributions (unit_id, week, user_id, \
    rules_version, k, epsilon, burnout, rustout, balance, stuck, zone, dimensions, response_id) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";

/// The contribution one of the person's check-ins still feeds (`$1` the response, `$2` the
/// person): its week, then a [`ContributionRow`]. The backend adds its row lock, if any.
macro_rules! select_linked_contribution {
    () => {
        "SELECT week, unit_id, burnout, rustout, balance, stuck, zone, dimensions \
         FROM contributions WHERE response_id = $1 AND user_id = $2"
    };
}
pub(crate) use select_linked_contribution;

/// A selected linked contribution: its week's day number, then a [`ContributionRow`].
pub(crate) type LinkedContributionRow = (i64, i64, f64, f64, Option<f64>, bool, String, String);

/// The week of a linked contribution.
pub(crate) fn linked_week(row: &LinkedContributionRow) -> Result<NaiveDate, StoreError> {
    crate::plan::from_day_number(row.0, "a contribution", "week")
}

/// Takes a contribution out of its cell and removes it, when its check-in is being deleted, on
/// `conn` inside the caller's transaction (which holds the week as a check-in would). A week
/// already released is frozen: its cell stays as released, and the contribution stays too (its
/// link to the check-in goes with the check-in: `ON DELETE SET NULL`).
pub(crate) async fn forget_linked(
    conn: &mut Conn,
    user: UserId,
    row: LinkedContributionRow,
) -> Result<(), StoreError> {
    let week = linked_week(&row)?;
    if is_released(conn, week).await? {
        return Ok(());
    }
    let (_, unit_id, burnout, rustout, balance, stuck, zone, dimensions) = row;
    let name = format!("the contribution of user {} for the week of {week}", user.0);
    let (unit, contribution) = decode_contribution(
        (unit_id, burnout, rustout, balance, stuck, zone, dimensions),
        &name,
    )?;
    take_out(conn, unit, week, &contribution).await?;
    sqlx::query("DELETE FROM contributions WHERE user_id = $1 AND week = $2")
        .bind(user.0)
        .bind(day_number(week))
        .execute(&mut *conn)
        .await
        .map_err(|e| failed("removing the contribution of a deleted check-in", e))?;
    Ok(())
}

/// Deletes response `id` of `user` on `conn`, inside the caller's transaction; none such (or
/// someone else's) is `NotFound`.
pub(crate) async fn delete_response_row(
    conn: &mut Conn,
    user: UserId,
    id: i64,
) -> Result<(), StoreError> {
    let deleted = sqlx::query("DELETE FROM responses WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user.0)
        .execute(conn)
        .await
        .map_err(|e| failed("deleting a response", e))?;
    if deleted.rows_affected() == 0 {
        return Err(StoreError::NotFound {
            what: format!("response {id} of user {}", user.0),
        });
    }
    Ok(())
}

/// Refuses a week that is not named by its Monday.
pub(crate) fn check_week(week: NaiveDate) -> Result<(), StoreError> {
    if week.weekday() != Weekday::Mon {
        return Err(StoreError::Backend(format!(
            "a week is named by its Monday, but {week} is a {:?}",
            week.weekday()
        )));
    }
    Ok(())
}

/// What a shared check-in into a released week, or a second release of it, is told.
pub(crate) fn week_released(week: NaiveDate) -> StoreError {
    StoreError::Conflict {
        what: format!(
            "a release of the week of {week} (a released week is frozen: it takes no more \
             shared check-ins and is not released again)"
        ),
    }
}

fn parse_zone(zone: &str, row: &str) -> Result<Zone, StoreError> {
    match zone {
        "thriving" => Ok(Zone::Thriving),
        "burnout" => Ok(Zone::Burnout),
        "rustout" => Ok(Zone::Rustout),
        "both" => Ok(Zone::Both),
        other => Err(StoreError::Corrupt(format!(
            "{row}: zone {other:?} is not one of \"thriving\", \"burnout\", \"rustout\", \"both\""
        ))),
    }
}

/// A stored contribution back into what it added to its cell; unreadable data is `Corrupt`.
pub(crate) fn decode_contribution(
    row: ContributionRow,
    name: &str,
) -> Result<(UnitId, Contribution), StoreError> {
    let (unit_id, burnout, rustout, balance, stuck, zone, dimensions) = row;
    let dimensions: BTreeMap<String, f64> = serde_json::from_str(&dimensions).map_err(|e| {
        StoreError::Corrupt(format!(
            "{name}: the dimensions are not a JSON object of dimension ids to numbers: {e}"
        ))
    })?;
    Ok((
        UnitId(unit_id),
        Contribution {
            burnout,
            rustout,
            balance,
            stuck,
            zone: parse_zone(&zone, name)?,
            dimensions,
        },
    ))
}

fn get<'r, T>(row: &'r DbRow, column: &str, name: &str) -> Result<T, StoreError>
where
    T: sqlx::Decode<'r, Db> + sqlx::Type<Db>,
{
    row.try_get(column)
        .map_err(|e| failed(&format!("reading {column} of {name}"), e))
}

fn count(row: &DbRow, column: &str, name: &str) -> Result<u64, StoreError> {
    let value: i64 = get(row, column, name)?;
    u64::try_from(value)
        .map_err(|_| StoreError::Corrupt(format!("{name}: {column} = {value} is negative")))
}

fn moments(row: &DbRow, prefix: &str, name: &str) -> Result<Moments, StoreError> {
    Ok(Moments {
        n: count(row, &format!("{prefix}_n"), name)?,
        sum: get(row, &format!("{prefix}_sum"), name)?,
        sum_sq: get(row, &format!("{prefix}_sum_sq"), name)?,
    })
}

/// A selected `unit_id, cell_columns!()` row back into its unit and [`Cell`].
pub(crate) fn decode_cell(row: &DbRow, week: NaiveDate) -> Result<(UnitId, Cell), StoreError> {
    let unit: i64 = get(row, "unit_id", "a cell")?;
    let name = format!("the cell of unit {unit} for the week of {week}");
    let dimensions: String = get(row, "dimensions", &name)?;
    let dimensions: BTreeMap<String, Moments> = serde_json::from_str(&dimensions).map_err(|e| {
        StoreError::Corrupt(format!(
            "{name}: the dimensions are not a JSON object of dimension ids to moments: {e}"
        ))
    })?;
    let k_floor: i64 = get(row, "k_floor", &name)?;
    let cell = Cell {
        respondents: count(row, "respondents", &name)?,
        burnout: moments(row, "burnout", &name)?,
        rustout: moments(row, "rustout", &name)?,
        balance: moments(row, "balance", &name)?,
        stuck: count(row, "stuck", &name)?,
        zones: [
            count(row, "zone_thriving", &name)?,
            count(row, "zone_burnout", &name)?,
            count(row, "zone_rustout", &name)?,
            count(row, "zone_both", &name)?,
        ],
        dimensions,
        k_floor: u32::try_from(k_floor).map_err(|_| {
            StoreError::Corrupt(format!(
                "{name}: k_floor = {k_floor} does not fit 0 to 2^32-1"
            ))
        })?,
        epsilon_floor: get(row, "epsilon_floor", &name)?,
    };
    Ok((UnitId(unit), cell))
}

/// A count as the `INTEGER` column it is stored in.
fn stored_count(value: u64, what: &str) -> Result<i64, StoreError> {
    i64::try_from(value)
        .map_err(|_| StoreError::Backend(format!("cannot store {what} = {value}: it is too large")))
}

/// Refuses a cell whose sums overflowed (values so large their squares are not finite).
fn check_finite_cell(cell: &Cell, name: &str) -> Result<(), StoreError> {
    let all = [cell.burnout, cell.rustout, cell.balance]
        .into_iter()
        .chain(cell.dimensions.values().copied());
    for moments in all {
        if !(moments.sum.is_finite() && moments.sum_sq.is_finite()) {
            return Err(StoreError::Backend(format!(
                "cannot store {name}: its sums would no longer be finite numbers (a value far \
                 outside any score's range was shared)"
            )));
        }
    }
    Ok(())
}

/// Writes `cell` as the cell of `unit` for `week`; a cell nobody is left in is removed.
pub(crate) async fn save_cell(
    conn: &mut Conn,
    unit: UnitId,
    week: NaiveDate,
    cell: &Cell,
) -> Result<(), StoreError> {
    if cell.respondents == 0 {
        sqlx::query("DELETE FROM cells WHERE unit_id = $1 AND week = $2")
            .bind(unit.0)
            .bind(day_number(week))
            .execute(conn)
            .await
            .map_err(|e| failed("removing an emptied cell", e))?;
        return Ok(());
    }
    let name = format!("the cell of unit {} for the week of {week}", unit.0);
    check_finite_cell(cell, &name)?;
    let dimensions = serde_json::to_string(&cell.dimensions)
        .map_err(|e| StoreError::Backend(format!("cannot encode {name} as JSON: {e}")))?;
    let mut query = sqlx::query(UPSERT_CELL)
        .bind(unit.0)
        .bind(day_number(week))
        .bind(stored_count(cell.respondents, "respondents")?);
    for moments in [cell.burnout, cell.rustout, cell.balance] {
        query = query
            .bind(stored_count(moments.n, "a count")?)
            .bind(moments.sum)
            .bind(moments.sum_sq);
    }
    query = query.bind(stored_count(cell.stuck, "stuck")?);
    for zone in cell.zones {
        query = query.bind(stored_count(zone, "a zone count")?);
    }
    query
        .bind(dimensions)
        .bind(i64::from(cell.k_floor))
        .bind(cell.epsilon_floor)
        .execute(conn)
        .await
        .map_err(|e| failed("writing a cell", e))?;
    Ok(())
}

/// Takes `contribution` out of the cell of `unit` for `week`, which must hold it.
pub(crate) async fn take_out(
    conn: &mut Conn,
    unit: UnitId,
    week: NaiveDate,
    contribution: &Contribution,
) -> Result<(), StoreError> {
    let mut cell = load_cell(conn, unit, week).await?.ok_or_else(|| {
        StoreError::Corrupt(format!(
            "a contribution to unit {} for the week of {week} has no cell",
            unit.0
        ))
    })?;
    cell.remove(contribution)?;
    save_cell(conn, unit, week, &cell).await
}

pub(crate) async fn is_released(conn: &mut Conn, week: NaiveDate) -> Result<bool, StoreError> {
    let found = sqlx::query("SELECT 1 FROM released_weeks WHERE week = $1")
        .bind(day_number(week))
        .fetch_optional(conn)
        .await
        .map_err(|e| failed("looking up whether a week is released", e))?;
    Ok(found.is_some())
}

/// Takes `user`'s contributions to weeks not yet released out of their cells, on `conn`
/// inside the caller's transaction (deleting the account removes the rows themselves).
/// Released weeks stay as they were released.
pub(crate) async fn take_out_unreleased(conn: &mut Conn, user: UserId) -> Result<(), StoreError> {
    let rows = sqlx::query_as::<Db, (i64, i64, f64, f64, Option<f64>, bool, String, String)>(
        SELECT_UNRELEASED_CONTRIBUTIONS,
    )
    .bind(user.0)
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| failed("reading the contributions of a person being deleted", e))?;
    for (day, unit_id, burnout, rustout, balance, stuck, zone, dimensions) in rows {
        let week = crate::plan::from_day_number(day, "a contribution", "week")?;
        let name = format!("the contribution of user {} for the week of {week}", user.0);
        let row = (unit_id, burnout, rustout, balance, stuck, zone, dimensions);
        let (unit, contribution) = decode_contribution(row, &name)?;
        take_out(conn, unit, week, &contribution).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
    }

    #[test]
    fn weeks_are_named_by_their_monday() {
        assert!(check_week(date(2026, 1, 5)).is_ok());
        let sunday = check_week(date(2026, 1, 11));
        assert!(
            matches!(sunday, Err(StoreError::Backend(ref m)) if m.contains("2026-01-11 is a Sun")),
            "{sunday:?}"
        );
    }

    #[test]
    fn a_contribution_row_decodes() {
        let row = (
            4,
            50.0,
            12.5,
            Some(-3.0),
            true,
            "both".to_owned(),
            r#"{"growth":0.30000000000000004}"#.to_owned(),
        );
        let (unit, contribution) = decode_contribution(row, "c").expect("decodes");
        assert_eq!(unit, UnitId(4));
        assert_eq!(contribution.zone, Zone::Both);
        assert!(contribution.stuck);
        assert_eq!(contribution.balance, Some(-3.0));
        assert_eq!(contribution.dimensions["growth"], 0.1 + 0.2);
    }

    #[test]
    fn unreadable_contributions_are_corrupt_not_panics() {
        let good = (
            4,
            50.0,
            12.5,
            None,
            false,
            "burnout".to_owned(),
            "{}".to_owned(),
        );
        assert!(decode_contribution(good.clone(), "c").is_ok());
        let mut zone = good.clone();
        zone.5 = "fine".to_owned();
        let mut dimensions = good;
        dimensions.6 = r#"{"growth":"high"}"#.to_owned();
        for bad in [zone, dimensions] {
            let result = decode_contribution(bad, "the contribution");
            assert!(
                matches!(result, Err(StoreError::Corrupt(ref m)) if m.starts_with("the contribution:")),
                "{result:?}"
            );
        }
    }

    #[test]
    fn cells_whose_sums_overflow_are_refused() {
        let mut cell = Cell::default();
        cell.burnout.sum_sq = f64::INFINITY;
        assert!(matches!(
            check_finite_cell(&cell, "the cell"),
            Err(StoreError::Backend(ref m)) if m.contains("finite")
        ));
        assert!(check_finite_cell(&Cell::default(), "the cell").is_ok());
    }

    #[test]
    fn a_released_week_reads_as_a_sentence() {
        assert_eq!(
            week_released(date(2026, 1, 5)).to_string(),
            "a release of the week of 2026-01-05 (a released week is frozen: it takes no more \
             shared check-ins and is not released again) already exists"
        );
    }
}
