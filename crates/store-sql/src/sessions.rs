//! Web sessions. The cookie holds a random token; the store keeps only its hash, the session's
//! CSRF token, its lifetime and, while the journal is unlocked, the sealed journal key.

use crate::codec::{check_text, from_millis, millis};
use crate::db::Db;
use crate::db::Pool;
use crate::errors::{constraint_kind, failed};
use anneal_store::{NewSession, Session, StoreError, UserId};
use chrono::{DateTime, Utc};
use sqlx::error::ErrorKind;

/// A selected `sessions` row: user_id, csrf, created_at, expires_at, journal_key.
pub(crate) type SessionRow = (i64, String, i64, i64, Option<Vec<u8>>);

/// A stored `sessions` row back into a [`Session`]; unreadable data is `Corrupt`.
pub(crate) fn decode_session(row: SessionRow) -> Result<Session, StoreError> {
    let (user_id, csrf, created_at, expires_at, journal_key) = row;
    let name = format!("a session of user {user_id}");
    Ok(Session {
        user: UserId(user_id),
        csrf,
        created_at: from_millis(created_at, &name, "created_at")?,
        expires_at: from_millis(expires_at, &name, "expires_at")?,
        journal_key,
    })
}

/// Stores a new session. A missing user is `NotFound`; a token hash already in use is `Conflict`.
pub(crate) async fn create(pool: &Pool, session: NewSession) -> Result<(), StoreError> {
    check_text("the CSRF token of a session", &session.csrf)?;
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(session.token_hash.as_slice())
    .bind(session.user.0)
    .bind(session.csrf.as_str())
    .bind(millis(session.created_at))
    .bind(millis(session.expires_at))
    .execute(pool)
    .await
    .map_err(|e| match constraint_kind(&e) {
        Some(ErrorKind::ForeignKeyViolation) => StoreError::NotFound {
            what: format!("user {}", session.user.0),
        },
        Some(ErrorKind::UniqueViolation) => StoreError::Conflict {
            what: "a session with this token hash".to_owned(),
        },
        _ => failed("creating a session", e),
    })?;
    Ok(())
}

/// The session with this token hash, unless it has expired at `now` (`expires_at <= now`).
/// An expired session is left in place for [`purge_expired`].
pub(crate) async fn find(
    pool: &Pool,
    token_hash: &[u8],
    now: DateTime<Utc>,
) -> Result<Option<Session>, StoreError> {
    let row = sqlx::query_as::<Db, SessionRow>(
        "SELECT user_id, csrf, created_at, expires_at, journal_key FROM sessions \
         WHERE token_hash = $1 AND expires_at > $2",
    )
    .bind(token_hash)
    .bind(millis(now))
    .fetch_optional(pool)
    .await
    .map_err(|e| failed("looking up a session", e))?;
    row.map(decode_session).transpose()
}

/// Sets or clears the sealed journal key of a session. A missing session is not an error, and
/// no row is created for it.
pub(crate) async fn set_journal_key(
    pool: &Pool,
    token_hash: &[u8],
    sealed: Option<Vec<u8>>,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE sessions SET journal_key = $1 WHERE token_hash = $2")
        .bind(sealed.as_deref())
        .bind(token_hash)
        .execute(pool)
        .await
        .map_err(|e| failed("setting the journal key of a session", e))?;
    Ok(())
}

/// Ends one session; a missing one is not an error.
pub(crate) async fn delete(pool: &Pool, token_hash: &[u8]) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(pool)
        .await
        .map_err(|e| failed("ending a session", e))?;
    Ok(())
}

/// Ends every session of `user` (none is not an error).
pub(crate) async fn delete_of(pool: &Pool, user: UserId) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user.0)
        .execute(pool)
        .await
        .map_err(|e| failed("ending a person's sessions", e))?;
    Ok(())
}

/// Deletes every session that has expired at `now` — exactly those [`find`] no longer returns
/// (`expires_at <= now`) — and says how many.
pub(crate) async fn purge_expired(pool: &Pool, now: DateTime<Utc>) -> Result<u64, StoreError> {
    let deleted = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(millis(now))
        .execute(pool)
        .await
        .map_err(|e| failed("purging expired sessions", e))?;
    Ok(deleted.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_row_decodes_with_its_key_untouched() {
        let key = vec![0, 255, 0];
        let session =
            decode_session((4, "csrf".to_owned(), -1, 5, Some(key.clone()))).expect("decodes");
        assert_eq!(session.user, UserId(4));
        assert_eq!(session.csrf, "csrf");
        assert_eq!(session.created_at.timestamp_millis(), -1);
        assert_eq!(session.expires_at.timestamp_millis(), 5);
        assert_eq!(session.journal_key, Some(key));
    }

    #[test]
    fn unreadable_session_times_are_corrupt_not_panics() {
        for row in [
            (4, String::new(), i64::MAX, 0, None),
            (4, String::new(), 0, i64::MIN, None),
        ] {
            let result = decode_session(row);
            assert!(
                matches!(result, Err(StoreError::Corrupt(ref m)) if m.starts_with("a session of user 4:")),
                "{result:?}"
            );
        }
    }
}
