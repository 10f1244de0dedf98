//! [`AggregateStore`] on either SQL backend: the only interface leader code is given. Everything
//! it returns is a count, a sum or a frozen release — the contributions behind the cells never
//! leave here.

use crate::cells::{cell_columns, check_week, decode_cell, week_released};
use crate::codec::{check_text, from_millis, millis};
use crate::db::{Backend, Db, lock};
use crate::errors::{constraint_kind, failed};
use crate::lock::{Lock, WeekLock};
use crate::plan::{day_number, from_day_number};
use anneal_store::StoreError;
use anneal_store::org::{AggregateStore, Cell, Floors, Release, UnitId, quarter_start};
use async_trait::async_trait;
use chrono::NaiveDate;
use sqlx::error::ErrorKind;
use std::collections::{BTreeMap, BTreeSet};

const SELECT_CELLS: &str = concat!(
    "SELECT unit_id, ",
    cell_columns!(),
    " FROM cells WHERE week = $1 ORDER BY unit_id"
);

/// A selected `releases` row: unit_id, week, released_at, payload.
pub(crate) type ReleaseRow = (i64, i64, i64, String);

/// A stored release back into a [`Release`]; unreadable data is `Corrupt`.
pub(crate) fn decode_release(row: ReleaseRow) -> Result<Release, StoreError> {
    let (unit, week, released_at, payload) = row;
    let name = format!("the release of unit {unit}");
    Ok(Release {
        unit: UnitId(unit),
        week: from_day_number(week, &name, "week")?,
        released_at: from_millis(released_at, &name, "released_at")?,
        payload,
    })
}

/// Refuses a batch of releases the store must not keep, before it touches the database.
pub(crate) fn check_batch(
    week: NaiveDate,
    releases: &[Release],
    spend: &[(UnitId, f64)],
) -> Result<(), StoreError> {
    check_week(week)?;
    let mut units = BTreeSet::new();
    for release in releases {
        if release.week != week {
            return Err(StoreError::Backend(format!(
                "the release of unit {} is for the week of {}, but the batch releases the week \
                 of {week}",
                release.unit.0, release.week
            )));
        }
        if !units.insert(release.unit) {
            return Err(StoreError::Backend(format!(
                "unit {} is released twice for the week of {week}; a unit has one release a week",
                release.unit.0
            )));
        }
        check_text("the payload of a release", &release.payload)?;
    }
    for (unit, epsilon) in spend {
        if !(epsilon.is_finite() && *epsilon >= 0.0) {
            return Err(StoreError::Backend(format!(
                "cannot charge unit {} an ε of {epsilon}: a spend must be a finite number, 0 or \
                 more",
                unit.0
            )));
        }
    }
    Ok(())
}

#[async_trait]
impl AggregateStore for Backend {
    async fn cells(&self, week: NaiveDate) -> anneal_store::Result<BTreeMap<UnitId, Cell>> {
        let rows = sqlx::query(SELECT_CELLS)
            .bind(day_number(week))
            .fetch_all(self.reader())
            .await
            .map_err(|e| failed("reading the cells of a week", e))?;
        rows.iter().map(|row| decode_cell(row, week)).collect()
    }

    async fn put_releases(
        &self,
        week: NaiveDate,
        releases: Vec<Release>,
        spend: Vec<(UnitId, f64)>,
    ) -> anneal_store::Result<()> {
        check_batch(week, &releases, &spend)?;
        let quarter = day_number(quarter_start(week));
        let mut tx = crate::db::begin_write(self.writer())
            .await
            .map_err(|e| failed("starting to release a week", e))?;
        // Waits for shared check-ins into this week that are under way, and holds off new ones
        // until the week is marked released.
        lock(&mut tx, Lock::Week(week, WeekLock::Exclusive)).await?;
        sqlx::query("INSERT INTO released_weeks (week) VALUES ($1)")
            .bind(day_number(week))
            .execute(&mut *tx)
            .await
            .map_err(|e| match constraint_kind(&e) {
                Some(ErrorKind::UniqueViolation) => week_released(week),
                _ => failed("marking a week released", e),
            })?;
        let not_found = |unit: UnitId| StoreError::NotFound {
            what: format!("unit {}", unit.0),
        };
        for release in &releases {
            sqlx::query(
                "INSERT INTO releases (unit_id, week, released_at, payload) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(release.unit.0)
            .bind(day_number(week))
            .bind(millis(release.released_at))
            .bind(release.payload.as_str())
            .execute(&mut *tx)
            .await
            .map_err(|e| match constraint_kind(&e) {
                Some(ErrorKind::ForeignKeyViolation) => not_found(release.unit),
                _ => failed("storing a release", e),
            })?;
        }
        for (unit, epsilon) in &spend {
            sqlx::query(
                "INSERT INTO dp_spend (unit_id, quarter_start, spent) VALUES ($1, $2, $3) \
                 ON CONFLICT (unit_id, quarter_start) DO UPDATE \
                 SET spent = dp_spend.spent + excluded.spent",
            )
            .bind(unit.0)
            .bind(quarter)
            .bind(*epsilon)
            .execute(&mut *tx)
            .await
            .map_err(|e| match constraint_kind(&e) {
                Some(ErrorKind::ForeignKeyViolation) => not_found(*unit),
                _ => failed("charging a unit's privacy budget", e),
            })?;
        }
        tx.commit()
            .await
            .map_err(|e| failed("committing a week's releases", e))
    }

    async fn releases(
        &self,
        unit: UnitId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> anneal_store::Result<Vec<Release>> {
        let rows = sqlx::query_as::<Db, ReleaseRow>(
            "SELECT unit_id, week, released_at, payload FROM releases \
             WHERE unit_id = $1 AND week BETWEEN $2 AND $3 ORDER BY week",
        )
        .bind(unit.0)
        .bind(day_number(from))
        .bind(day_number(to))
        .fetch_all(self.reader())
        .await
        .map_err(|e| failed("reading a unit's releases", e))?;
        rows.into_iter().map(decode_release).collect()
    }

    async fn week_released(&self, week: NaiveDate) -> anneal_store::Result<bool> {
        let found = sqlx::query("SELECT 1 FROM released_weeks WHERE week = $1")
            .bind(day_number(week))
            .fetch_optional(self.reader())
            .await
            .map_err(|e| failed("looking up whether a week is released", e))?;
        Ok(found.is_some())
    }

    async fn spent(&self, unit: UnitId, quarter_start: NaiveDate) -> anneal_store::Result<f64> {
        let spent = sqlx::query_scalar::<Db, f64>(
            "SELECT spent FROM dp_spend WHERE unit_id = $1 AND quarter_start = $2",
        )
        .bind(unit.0)
        .bind(day_number(quarter_start))
        .fetch_optional(self.reader())
        .await
        .map_err(|e| failed("reading a unit's privacy spend", e))?;
        Ok(spent.unwrap_or(0.0))
    }

    async fn floors(&self, week: NaiveDate) -> anneal_store::Result<BTreeMap<UnitId, Floors>> {
        crate::floors::of_week(self, week).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    fn monday() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 5).expect("a real date")
    }

    fn release(unit: i64, week: NaiveDate) -> Release {
        Release {
            unit: UnitId(unit),
            week,
            released_at: DateTime::UNIX_EPOCH,
            payload: "{}".to_owned(),
        }
    }

    #[test]
    fn a_release_row_decodes() {
        let release = decode_release((3, 20_458, 10, "{\"n\":5}".to_owned())).expect("decodes");
        assert_eq!(release.unit, UnitId(3));
        assert_eq!(release.week, monday());
        assert_eq!(release.released_at.timestamp_millis(), 10);
        assert_eq!(release.payload, "{\"n\":5}");
        let bad = decode_release((3, i64::MAX, 10, String::new()));
        assert!(matches!(bad, Err(StoreError::Corrupt(ref m)) if m.contains("unit 3")));
    }

    #[test]
    fn bad_batches_are_refused_with_the_reason() {
        let week = monday();
        assert!(
            check_batch(
                week,
                &[release(1, week), release(2, week)],
                &[(UnitId(1), 0.5)]
            )
            .is_ok()
        );
        assert!(
            check_batch(week, &[], &[]).is_ok(),
            "an all-suppressed week"
        );
        let next = week.succ_opt().expect("a next day");
        let mut nul = release(1, week);
        nul.payload = "\0".to_owned();
        let cases = [
            (next, vec![], vec![], "is named by its Monday"),
            (
                week,
                vec![release(1, next)],
                vec![],
                "is for the week of 2026-01-06",
            ),
            (
                week,
                vec![release(1, week), release(1, week)],
                vec![],
                "released twice",
            ),
            (week, vec![nul], vec![], "NUL"),
            (week, vec![], vec![(UnitId(1), -0.1)], "0 or more"),
            (week, vec![], vec![(UnitId(1), f64::NAN)], "finite"),
        ];
        for (week, releases, spend, reason) in cases {
            match check_batch(week, &releases, &spend) {
                Err(StoreError::Backend(message)) => {
                    assert!(message.contains(reason), "{message} does not say {reason}")
                }
                other => panic!("expected a refusal saying {reason}, got {other:?}"),
            }
        }
    }
}
