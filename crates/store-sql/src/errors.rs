//! Mapping sqlx's errors onto [`StoreError`], with a message that says what was being done.

use anneal_store::StoreError;
use sqlx::error::ErrorKind;

/// The constraint kind of a database error, if it is one.
pub(crate) fn constraint_kind(err: &sqlx::Error) -> Option<ErrorKind> {
    err.as_database_error().map(|e| e.kind())
}

/// A failure while `action` (e.g. "storing a response"): unreadable stored data is `Corrupt`,
/// everything else `Backend`.
pub(crate) fn failed(action: &str, err: sqlx::Error) -> StoreError {
    match err {
        sqlx::Error::ColumnDecode { .. }
        | sqlx::Error::Decode(_)
        | sqlx::Error::ColumnNotFound(_)
        | sqlx::Error::ColumnIndexOutOfBounds { .. } => {
            StoreError::Corrupt(format!("{action}: {err}"))
        }
        sqlx::Error::Database(db) => StoreError::Backend(format!("{action}: {}", db.message())),
        sqlx::Error::PoolTimedOut => {
            let reason = crate::db::POOL_TIMED_OUT.map_or_else(|| err.to_string(), str::to_owned);
            StoreError::Backend(format!("{action}: {reason}"))
        }
        other => StoreError::Backend(format!("{action}: {other}")),
    }
}

/// A failure while `action` on behalf of `user_id`: a foreign-key violation means the person
/// does not exist, so it is `NotFound`; anything else as [`failed`].
pub(crate) fn failed_for_user(action: &str, user_id: i64, err: sqlx::Error) -> StoreError {
    match constraint_kind(&err) {
        Some(ErrorKind::ForeignKeyViolation) => StoreError::NotFound {
            what: format!("user {user_id}"),
        },
        _ => failed(action, err),
    }
}
