//! Account methods beyond plain create and find: counting accounts, setting up the first one
//! (atomically), and replacing a password hash.

use crate::codec::{self, check_text, millis, now};
use crate::errors::{constraint_kind, failed};
use anneal_store::{NewUser, StoreError, User, UserId};
use sqlx::Postgres;
use sqlx::error::ErrorKind;
use sqlx::postgres::PgPool;

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
/// when an account already exists. (The casts give the untyped `SELECT` list its column types.)
const INSERT_FIRST_USER: &str = "INSERT INTO users (username, password_hash, created_at) \
    SELECT $1::TEXT, $2::TEXT, $3::BIGINT WHERE NOT EXISTS (SELECT 1 FROM users) RETURNING id";

/// How many accounts exist.
pub(crate) async fn count(pool: &PgPool) -> Result<u64, StoreError> {
    let count = sqlx::query_scalar::<Postgres, i64>("SELECT COUNT(*) FROM users")
        .fetch_one(pool)
        .await
        .map_err(|e| failed("counting accounts", e))?;
    u64::try_from(count)
        .map_err(|_| StoreError::Corrupt(format!("the account count {count} is negative")))
}

/// The key of the transaction-level advisory lock that serialises first-account setups: the
/// ASCII bytes of "anneal" followed by 1, so it cannot be mistaken for another lock of ours.
const FIRST_USER_LOCK: i64 = 0x616e_6e65_616c_0001;

/// Creates the first account, or `Conflict` when any account exists.
///
/// Every setup takes the same transaction-level advisory lock before it looks, so setups queue
/// one behind the other, across every process on this database; under READ COMMITTED the insert
/// that runs after the lock is granted sees the account a setup before it committed. The lock is
/// released when the transaction ends, also when it fails.
pub(crate) async fn create_first(pool: &PgPool, new: NewUser) -> Result<User, StoreError> {
    check_new_user(&new)?;
    let created_at = now();
    let mut tx = pool
        .begin()
        .await
        .map_err(|e| failed("starting to set up the first account", e))?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(FIRST_USER_LOCK)
        .execute(&mut *tx)
        .await
        .map_err(|e| failed("waiting for other first-account setups", e))?;
    let id = sqlx::query_scalar::<Postgres, i64>(INSERT_FIRST_USER)
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
    pool: &PgPool,
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
