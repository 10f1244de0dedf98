//! Account methods beyond plain create and find: counting accounts, setting up the first one
//! (atomically), and replacing a password hash.

use crate::codec::{self, check_text, millis, now};
use crate::db::Db;
use crate::db::Pool;
use crate::db::lock;
use crate::errors::{constraint_kind, failed};
use crate::lock::Lock;
use anneal_store::{NewUser, StoreError, User, UserId};
use sqlx::error::ErrorKind;

/// Refuses a new account whose text the database could not keep faithfully.
pub(crate) fn check_new_user(new: &NewUser) -> Result<(), StoreError> {
    check_text("the username", &new.username)?;
    if let Some(hash) = &new.password_hash {
        check_text("the password hash", hash)?;
    }
    Ok(())
}

/// What `create_first_user` says once any account exists: "an account already exists", so the
/// first-account setup is over.
pub(crate) fn first_user_taken() -> StoreError {
    StoreError::Conflict {
        what: "an account".to_owned(),
    }
}

/// Inserts the account only if the table is empty, in one statement; returns its id, or `None`
/// when an account already exists. (The casts give the untyped `SELECT` list its column types,
/// which PostgreSQL needs.)
const INSERT_FIRST_USER: &str = "INSERT INTO users (username, password_hash, created_at) \
    SELECT CAST($1 AS TEXT), CAST($2 AS TEXT), CAST($3 AS BIGINT) \
    WHERE NOT EXISTS (SELECT 1 FROM users) RETURNING id";

/// How many accounts exist.
pub(crate) async fn count(pool: &Pool) -> Result<u64, StoreError> {
    let count = sqlx::query_scalar::<Db, i64>("SELECT COUNT(*) FROM users")
        .fetch_one(pool)
        .await
        .map_err(|e| failed("counting accounts", e))?;
    u64::try_from(count)
        .map_err(|_| StoreError::Corrupt(format!("the account count {count} is negative")))
}

/// Creates the first account, or `Conflict` when any account exists.
///
/// The check and the insert run in one writing transaction that first takes
/// [`Lock::FirstUser`], so setups queue one behind the other, across every process on this
/// database, and each sees the account a setup before it committed. The lock is released when
/// the transaction ends, also when it fails.
pub(crate) async fn create_first(pool: &Pool, new: NewUser) -> Result<User, StoreError> {
    check_new_user(&new)?;
    let created_at = now();
    let mut tx = crate::db::begin_write(pool)
        .await
        .map_err(|e| failed("starting to set up the first account", e))?;
    lock(&mut tx, Lock::FirstUser).await?;
    let id = sqlx::query_scalar::<Db, i64>(INSERT_FIRST_USER)
        .bind(new.username.as_str())
        .bind(new.password_hash.as_deref())
        .bind(millis(created_at))
        .fetch_optional(&mut *tx)
        .await
        .map_err(|e| match constraint_kind(&e) {
            Some(ErrorKind::UniqueViolation) => first_user_taken(),
            _ => failed("setting up the first account", e),
        })?;
    // With no row inserted, dropping `tx` rolls back and releases the lock.
    let id = id.ok_or_else(first_user_taken)?;
    tx.commit()
        .await
        .map_err(|e| failed("committing the first account", e))?;
    Ok(User {
        id: UserId(id),
        username: new.username,
        password_hash: new.password_hash,
        created_at: codec::from_millis(millis(created_at), "the new account", "created_at")?,
    })
}

/// Replaces the password hash of account `id`; a missing account is `NotFound`.
pub(crate) async fn set_password_hash(
    pool: &Pool,
    id: UserId,
    password_hash: &str,
) -> Result<(), StoreError> {
    check_text("the password hash", password_hash)?;
    let updated = sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(id.0)
        .execute(pool)
        .await
        .map_err(|e| failed("replacing a password hash", e))?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::NotFound {
            what: format!("user {}", id.0),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_users_with_nul_are_refused_before_the_database() {
        let good = NewUser {
            username: "alice".to_owned(),
            password_hash: Some("$argon2id$x".to_owned()),
        };
        assert!(check_new_user(&good).is_ok());
        let name = NewUser {
            username: "a\0".to_owned(),
            ..good.clone()
        };
        let hash = NewUser {
            password_hash: Some("\0".to_owned()),
            ..good
        };
        for new in [name, hash] {
            assert!(
                matches!(check_new_user(&new), Err(StoreError::Backend(ref m)) if m.contains("NUL")),
                "{new:?}"
            );
        }
    }

    #[test]
    fn the_first_user_conflict_says_an_account_exists() {
        assert_eq!(first_user_taken().to_string(), "an account already exists");
    }
}
