//! Admins, the unit tree and each unit's versioned privacy rules.
//!
//! A unit's rules are a new `unit_rules` row per version; the newest version is the one in force.
//! Changes that read before they write run in writing transactions and lock first: a move takes
//! [`Lock::UnitTree`] (two moves at once could otherwise each pass the cycle check and together
//! make a loop), a change of rules [`Lock::UnitRules`].

use crate::codec::{check_text, from_millis, millis, to_millis};
use crate::db::Pool;
use crate::db::lock;
use crate::db::{Conn, Db};
use crate::errors::{constraint_kind, failed};
use crate::lock::Lock;
use anneal_store::org::{Unit, UnitId, UnitRules};
use anneal_store::{StoreError, UserId};
use chrono::{DateTime, Utc};
use sqlx::error::ErrorKind;

/// k of a new unit's rules (DESIGN §4).
pub(crate) const DEFAULT_K: u32 = 5;
/// ε per weekly release for a new unit: noise is always on (see `docs/privacy.md`).
pub(crate) const DEFAULT_EPSILON: f64 = 1.0;
/// The quarterly budget of a new unit: a quarter's weekly releases at the default ε.
pub(crate) const DEFAULT_QUARTERLY_BUDGET: f64 = 14.0;

/// A selected unit with the rules in force: id, name, parent_id, archived_at, created_at,
/// version, k, epsilon, quarterly_budget, changed_at.
pub(crate) type UnitRow = (
    i64,
    String,
    Option<i64>,
    Option<i64>,
    i64,
    i64,
    i64,
    Option<f64>,
    Option<f64>,
    i64,
);

/// The columns of a [`UnitRow`], each unit joined to its newest rules (a macro, so the
/// statements below stay `&'static str`).
macro_rules! select_units {
    () => {
        "SELECT u.id, u.name, u.parent_id, u.archived_at, u.created_at, r.version, r.k, \
         r.epsilon, r.quarterly_budget, r.changed_at \
         FROM units u JOIN unit_rules r ON r.unit_id = u.id \
         AND r.version = (SELECT MAX(version) FROM unit_rules WHERE unit_id = u.id)"
    };
}

const SELECT_UNIT: &str = concat!(select_units!(), " WHERE u.id = $1");
const SELECT_UNITS: &str = concat!(select_units!(), " ORDER BY u.id");

/// Whether `unit` lies on the way up from `start` (itself included) to the top of the tree.
/// `UNION` drops repeats, so even a tree damaged into a loop ends.
const IS_ANCESTOR_OR_SELF: &str = "WITH RECURSIVE up (id) AS ( \
        SELECT CAST($1 AS BIGINT) \
        UNION SELECT units.parent_id FROM units JOIN up ON units.id = up.id \
        WHERE units.parent_id IS NOT NULL) \
    SELECT EXISTS (SELECT 1 FROM up WHERE id = $2)";

/// A stored count or number that must fit a `u32` (k, a version), or `Corrupt`.
fn to_u32(value: i64, row: &str, column: &str) -> Result<u32, StoreError> {
    u32::try_from(value).map_err(|_| {
        StoreError::Corrupt(format!(
            "{row}: {column} = {value} is not a whole number from 0 to 4294967295"
        ))
    })
}

/// Rules read back from their columns; unreadable values are `Corrupt`.
pub(crate) fn decode_rules(
    row: &str,
    version: i64,
    k: i64,
    epsilon: Option<f64>,
    quarterly_budget: Option<f64>,
    changed_at: i64,
) -> Result<UnitRules, StoreError> {
    Ok(UnitRules {
        version: to_u32(version, row, "the rules version")?,
        k: to_u32(k, row, "k")?,
        epsilon,
        quarterly_budget,
        changed_at: from_millis(changed_at, row, "changed_at of its rules")?,
    })
}

/// A stored unit row back into a [`Unit`]; unreadable data is `Corrupt`.
pub(crate) fn decode_unit(row: UnitRow) -> Result<Unit, StoreError> {
    let (id, name, parent, archived_at, created_at, version, k, epsilon, budget, changed_at) = row;
    let row_name = format!("unit {id}");
    Ok(Unit {
        id: UnitId(id),
        name,
        parent: parent.map(UnitId),
        archived_at: archived_at
            .map(|ms| from_millis(ms, &row_name, "archived_at"))
            .transpose()?,
        created_at: from_millis(created_at, &row_name, "created_at")?,
        rules: decode_rules(&row_name, version, k, epsilon, budget, changed_at)?,
    })
}

/// Refuses rules the store could not keep faithfully: a NaN or infinite ε or budget (the
/// SQLite backend would store NaN as NULL, which means "no noise"; both refuse alike).
pub(crate) fn check_rules(rules: &UnitRules) -> Result<(), StoreError> {
    for (what, value) in [
        ("ε", rules.epsilon),
        ("quarterly ε budget", rules.quarterly_budget),
    ] {
        if let Some(value) = value
            && !value.is_finite()
        {
            return Err(StoreError::Backend(format!(
                "cannot store privacy rules whose {what} is {value}: it must be a finite number"
            )));
        }
    }
    Ok(())
}

pub(crate) fn unit_not_found(unit: UnitId) -> StoreError {
    StoreError::NotFound {
        what: format!("unit {}", unit.0),
    }
}

/// `NotFound` unless `unit` exists, read on `conn` (inside the caller's transaction).
pub(crate) async fn require_unit(conn: &mut Conn, unit: UnitId) -> Result<(), StoreError> {
    let found = sqlx::query("SELECT 1 FROM units WHERE id = $1")
        .bind(unit.0)
        .fetch_optional(conn)
        .await
        .map_err(|e| failed("looking up a unit", e))?;
    found.map(drop).ok_or_else(|| unit_not_found(unit))
}

/// `NotFound` unless `user` exists, read on `conn` (inside the caller's transaction).
pub(crate) async fn require_user(conn: &mut Conn, user: UserId) -> Result<(), StoreError> {
    let found = sqlx::query("SELECT 1 FROM users WHERE id = $1")
        .bind(user.0)
        .fetch_optional(conn)
        .await
        .map_err(|e| failed("looking up a user", e))?;
    found.map(drop).ok_or_else(|| StoreError::NotFound {
        what: format!("user {}", user.0),
    })
}

/// Whether `user` is an admin; `false` for a person who does not exist.
pub(crate) async fn is_admin(pool: &Pool, user: UserId) -> Result<bool, StoreError> {
    let admin = sqlx::query_scalar::<Db, bool>("SELECT is_admin FROM users WHERE id = $1")
        .bind(user.0)
        .fetch_optional(pool)
        .await
        .map_err(|e| failed("looking up whether a user is an admin", e))?;
    Ok(admin.unwrap_or(false))
}

/// Makes `user` an admin or not; a missing person is `NotFound`.
pub(crate) async fn set_admin(pool: &Pool, user: UserId, admin: bool) -> Result<(), StoreError> {
    let updated = sqlx::query("UPDATE users SET is_admin = $1 WHERE id = $2")
        .bind(admin)
        .bind(user.0)
        .execute(pool)
        .await
        .map_err(|e| failed("setting whether a user is an admin", e))?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::NotFound {
            what: format!("user {}", user.0),
        });
    }
    Ok(())
}

/// Every account's id and username, in id order.
pub(crate) async fn list_users(pool: &Pool) -> Result<Vec<(UserId, String)>, StoreError> {
    let rows = sqlx::query_as::<Db, (i64, String)>("SELECT id, username FROM users ORDER BY id")
        .fetch_all(pool)
        .await
        .map_err(|e| failed("listing the users", e))?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| (UserId(id), name))
        .collect())
}

/// Creates a unit with the default rules as version 1, both at `at`, in one transaction.
pub(crate) async fn create(
    pool: &Pool,
    name: &str,
    parent: Option<UnitId>,
    at: DateTime<Utc>,
) -> Result<Unit, StoreError> {
    check_text("the name of a unit", name)?;
    let at = to_millis(at);
    let mut tx = crate::db::begin_write(pool)
        .await
        .map_err(|e| failed("starting to create a unit", e))?;
    let id = sqlx::query_scalar::<Db, i64>(
        "INSERT INTO units (name, parent_id, created_at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(name)
    .bind(parent.map(|p| p.0))
    .bind(millis(at))
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| match (constraint_kind(&e), parent) {
        (Some(ErrorKind::ForeignKeyViolation), Some(parent)) => unit_not_found(parent),
        _ => failed("creating a unit", e),
    })?;
    let rules = UnitRules {
        version: 1,
        k: DEFAULT_K,
        epsilon: Some(DEFAULT_EPSILON),
        quarterly_budget: Some(DEFAULT_QUARTERLY_BUDGET),
        changed_at: at,
    };
    insert_rules(&mut tx, UnitId(id), &rules).await?;
    tx.commit()
        .await
        .map_err(|e| failed("committing a new unit", e))?;
    Ok(Unit {
        id: UnitId(id),
        name: name.to_owned(),
        parent,
        archived_at: None,
        created_at: at,
        rules,
    })
}

async fn insert_rules(conn: &mut Conn, unit: UnitId, rules: &UnitRules) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO unit_rules (unit_id, version, k, epsilon, quarterly_budget, changed_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(unit.0)
    .bind(i64::from(rules.version))
    .bind(i64::from(rules.k))
    .bind(rules.epsilon)
    .bind(rules.quarterly_budget)
    .bind(millis(rules.changed_at))
    .execute(conn)
    .await
    .map_err(|e| match constraint_kind(&e) {
        Some(ErrorKind::ForeignKeyViolation) => unit_not_found(unit),
        _ => failed("storing the rules of a unit", e),
    })?;
    Ok(())
}

/// One unit with the rules in force, if it exists.
pub(crate) async fn find(pool: &Pool, id: UnitId) -> Result<Option<Unit>, StoreError> {
    let row = sqlx::query_as::<Db, UnitRow>(SELECT_UNIT)
        .bind(id.0)
        .fetch_optional(pool)
        .await
        .map_err(|e| failed("reading a unit", e))?;
    row.map(decode_unit).transpose()
}

/// Every unit, archived included, in id order.
pub(crate) async fn all(pool: &Pool) -> Result<Vec<Unit>, StoreError> {
    let rows = sqlx::query_as::<Db, UnitRow>(SELECT_UNITS)
        .fetch_all(pool)
        .await
        .map_err(|e| failed("reading the units", e))?;
    rows.into_iter().map(decode_unit).collect()
}

pub(crate) async fn rename(pool: &Pool, id: UnitId, name: &str) -> Result<(), StoreError> {
    check_text("the name of a unit", name)?;
    let updated = sqlx::query("UPDATE units SET name = $1 WHERE id = $2")
        .bind(name)
        .bind(id.0)
        .execute(pool)
        .await
        .map_err(|e| failed("renaming a unit", e))?;
    if updated.rows_affected() == 0 {
        return Err(unit_not_found(id));
    }
    Ok(())
}

/// Moves `id` under `parent` (or to the top), refusing a cycle with `Conflict`.
pub(crate) async fn move_to(
    pool: &Pool,
    id: UnitId,
    parent: Option<UnitId>,
) -> Result<(), StoreError> {
    let mut tx = crate::db::begin_write(pool)
        .await
        .map_err(|e| failed("starting to move a unit", e))?;
    lock(&mut tx, Lock::UnitTree).await?;
    require_unit(&mut tx, id).await?;
    if let Some(parent) = parent {
        require_unit(&mut tx, parent).await?;
        let cycle = sqlx::query_scalar::<Db, bool>(IS_ANCESTOR_OR_SELF)
            .bind(parent.0)
            .bind(id.0)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| failed("looking for a cycle in the unit tree", e))?;
        if cycle {
            return Err(cycle_conflict(id, parent));
        }
    }
    sqlx::query("UPDATE units SET parent_id = $1 WHERE id = $2")
        .bind(parent.map(|p| p.0))
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(|e| failed("moving a unit", e))?;
    tx.commit()
        .await
        .map_err(|e| failed("committing a unit's move", e))
}

/// What `move_unit` says when the new parent is the unit itself or lies below it.
pub(crate) fn cycle_conflict(id: UnitId, parent: UnitId) -> StoreError {
    StoreError::Conflict {
        what: format!(
            "a path from unit {} up to unit {} (moving unit {} under it would make a loop)",
            parent.0, id.0, id.0
        ),
    }
}

/// Archives `id` at `at`; archiving again keeps the first time.
pub(crate) async fn archive(pool: &Pool, id: UnitId, at: DateTime<Utc>) -> Result<(), StoreError> {
    let updated =
        sqlx::query("UPDATE units SET archived_at = COALESCE(archived_at, $1) WHERE id = $2")
            .bind(millis(at))
            .bind(id.0)
            .execute(pool)
            .await
            .map_err(|e| failed("archiving a unit", e))?;
    if updated.rows_affected() == 0 {
        return Err(unit_not_found(id));
    }
    Ok(())
}

/// What `set_unit_rules` says when `rules.version` is not the next version.
pub(crate) fn stale_rules(id: UnitId, current: u32, offered: u32) -> StoreError {
    StoreError::Conflict {
        what: format!(
            "version {current} of the rules of unit {} (new rules must be version {}, not {offered})",
            id.0,
            u64::from(current) + 1
        ),
    }
}

/// Stores `rules` as the next version of `id`'s rules.
pub(crate) async fn set_rules(pool: &Pool, id: UnitId, rules: UnitRules) -> Result<(), StoreError> {
    check_rules(&rules)?;
    let mut tx = crate::db::begin_write(pool)
        .await
        .map_err(|e| failed("starting to change a unit's rules", e))?;
    // Changes of one unit's rules queue here; check-ins (which only reference the unit) do not.
    lock(&mut tx, Lock::UnitRules(id)).await?;
    let current = sqlx::query_scalar::<Db, Option<i64>>(
        "SELECT MAX(version) FROM unit_rules WHERE unit_id = $1",
    )
    .bind(id.0)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| failed("reading a unit's rules version", e))?
    .ok_or_else(|| unit_not_found(id))?;
    let current = to_u32(current, &format!("unit {}", id.0), "the rules version")?;
    if u64::from(rules.version) != u64::from(current) + 1 {
        return Err(stale_rules(id, current, rules.version));
    }
    insert_rules(&mut tx, id, &rules).await?;
    tx.commit()
        .await
        .map_err(|e| failed("committing a unit's new rules", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> UnitRow {
        (
            4,
            "Ward 7".to_owned(),
            Some(2),
            None,
            10,
            3,
            6,
            Some(0.5),
            None,
            20,
        )
    }

    #[test]
    fn a_unit_row_decodes_with_its_rules() {
        let unit = decode_unit(row()).expect("decodes");
        assert_eq!(unit.id, UnitId(4));
        assert_eq!(unit.name, "Ward 7");
        assert_eq!(unit.parent, Some(UnitId(2)));
        assert_eq!(unit.archived_at, None);
        assert_eq!(unit.created_at.timestamp_millis(), 10);
        assert_eq!(unit.rules.version, 3);
        assert_eq!(unit.rules.k, 6);
        assert_eq!(unit.rules.epsilon, Some(0.5));
        assert_eq!(unit.rules.quarterly_budget, None);
        assert_eq!(unit.rules.changed_at.timestamp_millis(), 20);
    }

    #[test]
    fn unreadable_unit_rows_are_corrupt_not_panics() {
        let mut negative_k = row();
        negative_k.6 = -1;
        let mut huge_version = row();
        huge_version.5 = i64::MAX;
        let mut bad_time = row();
        bad_time.3 = Some(i64::MAX);
        for bad in [negative_k, huge_version, bad_time] {
            let result = decode_unit(bad);
            assert!(
                matches!(result, Err(StoreError::Corrupt(ref m)) if m.starts_with("unit 4:")),
                "{result:?}"
            );
        }
    }

    #[test]
    fn rules_with_non_finite_numbers_are_refused() {
        let rules = decode_unit(row()).expect("decodes").rules;
        assert!(check_rules(&rules).is_ok());
        for bad in [
            UnitRules {
                epsilon: Some(f64::NAN),
                ..rules
            },
            UnitRules {
                quarterly_budget: Some(f64::INFINITY),
                ..rules
            },
        ] {
            assert!(
                matches!(check_rules(&bad), Err(StoreError::Backend(ref m)) if m.contains("finite")),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn conflicts_read_as_sentences() {
        assert_eq!(
            cycle_conflict(UnitId(3), UnitId(5)).to_string(),
            "a path from unit 5 up to unit 3 (moving unit 3 under it would make a loop) already \
             exists"
        );
        assert_eq!(
            stale_rules(UnitId(3), 2, 2).to_string(),
            "version 2 of the rules of unit 3 (new rules must be version 3, not 2) already exists"
        );
    }
}
