//! API tokens. The bearer token is shown to the person once; the store keeps only its hash, a
//! label, and when it was created and revoked.

use crate::codec::{check_text, from_millis, millis};
use crate::db::Db;
use crate::db::Pool;
use crate::errors::{constraint_kind, failed};
use anneal_store::{ApiToken, NewApiToken, StoreError, UserId};
use chrono::{DateTime, Utc};
use sqlx::error::ErrorKind;

/// A selected `api_tokens` row: id, user_id, name, created_at, revoked_at.
pub(crate) type TokenRow = (i64, i64, String, i64, Option<i64>);

/// A stored `api_tokens` row back into an [`ApiToken`]; unreadable data is `Corrupt`.
pub(crate) fn decode_token(row: TokenRow) -> Result<ApiToken, StoreError> {
    let (id, user_id, name, created_at, revoked_at) = row;
    let row_name = format!("API token {id}");
    Ok(ApiToken {
        id,
        user: UserId(user_id),
        name,
        created_at: from_millis(created_at, &row_name, "created_at")?,
        revoked_at: revoked_at
            .map(|ms| from_millis(ms, &row_name, "revoked_at"))
            .transpose()?,
    })
}

/// Stores a new token and returns it as it will read back. A missing user is `NotFound`; a
/// token hash already stored (for anyone) is `Conflict`.
pub(crate) async fn create(pool: &Pool, token: NewApiToken) -> Result<ApiToken, StoreError> {
    check_text("the name of an API token", &token.name)?;
    let created_at = millis(token.created_at);
    let id = sqlx::query_scalar::<Db, i64>(
        "INSERT INTO api_tokens (user_id, name, token_hash, created_at) \
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(token.user.0)
    .bind(token.name.as_str())
    .bind(token.token_hash.as_slice())
    .bind(created_at)
    .fetch_one(pool)
    .await
    .map_err(|e| match constraint_kind(&e) {
        Some(ErrorKind::ForeignKeyViolation) => StoreError::NotFound {
            what: format!("user {}", token.user.0),
        },
        Some(ErrorKind::UniqueViolation) => StoreError::Conflict {
            what: "an API token with this hash".to_owned(),
        },
        _ => failed("creating an API token", e),
    })?;
    decode_token((id, token.user.0, token.name, created_at, None))
}

/// The live token with this hash; a revoked or unknown one is `None`.
pub(crate) async fn by_hash(
    pool: &Pool,
    token_hash: &[u8],
) -> Result<Option<ApiToken>, StoreError> {
    let row = sqlx::query_as::<Db, TokenRow>(
        "SELECT id, user_id, name, created_at, revoked_at FROM api_tokens \
         WHERE token_hash = $1 AND revoked_at IS NULL",
    )
    .bind(token_hash)
    .fetch_optional(pool)
    .await
    .map_err(|e| failed("looking up an API token", e))?;
    row.map(decode_token).transpose()
}

/// `user`'s tokens, live and revoked, oldest first (by creation time, then id).
pub(crate) async fn of_user(pool: &Pool, user: UserId) -> Result<Vec<ApiToken>, StoreError> {
    let rows = sqlx::query_as::<Db, TokenRow>(
        "SELECT id, user_id, name, created_at, revoked_at FROM api_tokens \
         WHERE user_id = $1 ORDER BY created_at, id",
    )
    .bind(user.0)
    .fetch_all(pool)
    .await
    .map_err(|e| failed("reading API tokens", e))?;
    rows.into_iter().map(decode_token).collect()
}

/// Revokes `user`'s token `id` at `at`. Revoking it again keeps the first time. Someone else's
/// token, or none, is `NotFound`, and nothing changes.
pub(crate) async fn revoke(
    pool: &Pool,
    user: UserId,
    id: i64,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let updated = sqlx::query(
        "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $1) \
         WHERE id = $2 AND user_id = $3",
    )
    .bind(millis(at))
    .bind(id)
    .bind(user.0)
    .execute(pool)
    .await
    .map_err(|e| failed("revoking an API token", e))?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::NotFound {
            what: format!("API token {id} of user {}", user.0),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_row_decodes() {
        let token = decode_token((2, 9, "laptop".to_owned(), 10, Some(20))).expect("decodes");
        assert_eq!(token.id, 2);
        assert_eq!(token.user, UserId(9));
        assert_eq!(token.name, "laptop");
        assert_eq!(token.created_at.timestamp_millis(), 10);
        assert_eq!(token.revoked_at.map(|t| t.timestamp_millis()), Some(20));
        let live = decode_token((2, 9, "laptop".to_owned(), 10, None)).expect("decodes");
        assert_eq!(live.revoked_at, None);
    }

    #[test]
    fn unreadable_token_times_are_corrupt_not_panics() {
        for row in [
            (2, 9, String::new(), i64::MAX, None),
            (2, 9, String::new(), 0, Some(i64::MIN)),
        ] {
            let result = decode_token(row);
            assert!(
                matches!(result, Err(StoreError::Corrupt(ref m)) if m.starts_with("API token 2:")),
                "{result:?}"
            );
        }
    }
}
