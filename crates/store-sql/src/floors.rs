//! The rules promised to each unit's own members earlier in a week that is not released yet
//! (`week_floors`). Rules changes and unit moves write them, before they take effect, so the
//! release of that week can apply the strictest rules that were ever in force for it. No
//! check-in writes here: the floors depend on the rules' history only, never on who answered.

use crate::db::{Backend, Db, Pool};
use crate::errors::{constraint_kind, failed};
use crate::plan::{day_number, from_day_number};
use crate::units::unit_not_found;
use anneal_store::StoreError;
use anneal_store::org::{Floors, UnitId};
use chrono::NaiveDate;
use sqlx::error::ErrorKind;
use std::collections::BTreeMap;

/// Tightens the floors of `week` for each unit listed, in one write transaction.
pub(crate) async fn tighten(
    pool: &Pool,
    week: NaiveDate,
    floors: Vec<(UnitId, Floors)>,
) -> Result<(), StoreError> {
    crate::cells::check_week(week)?;
    for (unit, floor) in &floors {
        for (what, value) in [
            ("ε", floor.epsilon),
            ("quarterly budget", floor.quarterly_budget),
        ] {
            if let Some(value) = value
                && !value.is_finite()
            {
                return Err(StoreError::Backend(format!(
                    "cannot keep the rules of unit {} for the week of {week}: its {what} is \
                     {value}, and it must be a finite number",
                    unit.0
                )));
            }
        }
    }
    let mut tx = crate::db::begin_write(pool)
        .await
        .map_err(|e| failed("starting to keep the rules of a week", e))?;
    for (unit, floor) in floors {
        sqlx::query(
            "INSERT INTO week_floors (unit_id, week, k, epsilon, quarterly_budget) \
             VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (unit_id, week) DO UPDATE SET \
             k = CASE WHEN excluded.k > week_floors.k THEN excluded.k ELSE week_floors.k END, \
             epsilon = CASE WHEN week_floors.epsilon IS NULL THEN excluded.epsilon \
                 WHEN excluded.epsilon IS NULL THEN week_floors.epsilon \
                 WHEN excluded.epsilon < week_floors.epsilon THEN excluded.epsilon \
                 ELSE week_floors.epsilon END, \
             quarterly_budget = CASE WHEN week_floors.quarterly_budget IS NULL \
                 THEN excluded.quarterly_budget \
                 WHEN excluded.quarterly_budget IS NULL THEN week_floors.quarterly_budget \
                 WHEN excluded.quarterly_budget < week_floors.quarterly_budget \
                 THEN excluded.quarterly_budget ELSE week_floors.quarterly_budget END",
        )
        .bind(unit.0)
        .bind(day_number(week))
        .bind(i64::from(floor.k))
        .bind(floor.epsilon)
        .bind(floor.quarterly_budget)
        .execute(&mut *tx)
        .await
        .map_err(|e| match constraint_kind(&e) {
            Some(ErrorKind::ForeignKeyViolation) => unit_not_found(unit),
            _ => failed("keeping the rules of a week", e),
        })?;
    }
    tx.commit()
        .await
        .map_err(|e| failed("committing the rules of a week", e))
}

/// The floors of `week`, per unit.
pub(crate) async fn of_week(
    backend: &Backend,
    week: NaiveDate,
) -> Result<BTreeMap<UnitId, Floors>, StoreError> {
    let rows = sqlx::query_as::<Db, (i64, i64, i64, Option<f64>, Option<f64>)>(
        "SELECT unit_id, week, k, epsilon, quarterly_budget FROM week_floors WHERE week = $1 \
         ORDER BY unit_id",
    )
    .bind(day_number(week))
    .fetch_all(backend.reader())
    .await
    .map_err(|e| failed("reading the rules kept for a week", e))?;
    let mut floors = BTreeMap::new();
    for (unit, day, k, epsilon, quarterly_budget) in rows {
        from_day_number(day, "the rules kept for a week", "week")?;
        let k = u32::try_from(k).map_err(|_| {
            StoreError::Corrupt(format!("the kept k {k} of unit {unit} is out of range"))
        })?;
        floors.insert(
            UnitId(unit),
            Floors {
                k,
                epsilon,
                quarterly_budget,
            },
        );
    }
    Ok(floors)
}
