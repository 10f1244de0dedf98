//! A person's journal: the wrapped key and the sealed entries. The store only ever sees
//! ciphertext; the bytes go in and come out exactly as given.

use crate::codec::{check_text, from_millis, millis, now};
use crate::db::Db;
use crate::db::Pool;
use crate::errors::{failed, failed_for_user};
use anneal_store::{JournalEntry, NewJournalEntry, StoreError, UserId, WrappedKey};

/// A selected `journal_entries` row: id, user_id, created_at, prompt, sealed.
pub(crate) type EntryRow = (i64, i64, i64, Option<String>, Vec<u8>);

/// A stored `journal_entries` row back into a [`JournalEntry`]; unreadable data is `Corrupt`.
pub(crate) fn decode_entry(row: EntryRow) -> Result<JournalEntry, StoreError> {
    let (id, user_id, created_at, prompt, sealed) = row;
    Ok(JournalEntry {
        id,
        user: UserId(user_id),
        created_at: from_millis(created_at, &format!("journal entry {id}"), "created_at")?,
        prompt,
        sealed,
    })
}

/// `user`'s wrapped journal key, if they have one.
pub(crate) async fn key(pool: &Pool, user: UserId) -> Result<Option<WrappedKey>, StoreError> {
    let wrapped =
        sqlx::query_scalar::<Db, Vec<u8>>("SELECT wrapped FROM journal_keys WHERE user_id = $1")
            .bind(user.0)
            .fetch_optional(pool)
            .await
            .map_err(|e| failed("reading the journal key", e))?;
    Ok(wrapped.map(WrappedKey))
}

/// Stores `user`'s wrapped journal key, replacing any earlier one, in one statement.
pub(crate) async fn put_key(pool: &Pool, user: UserId, key: WrappedKey) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO journal_keys (user_id, wrapped, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id) DO UPDATE SET wrapped = excluded.wrapped, \
         updated_at = excluded.updated_at",
    )
    .bind(user.0)
    .bind(key.0.as_slice())
    .bind(millis(now()))
    .execute(pool)
    .await
    .map_err(|e| failed_for_user("storing the journal key", user.0, e))?;
    Ok(())
}

/// Stores one sealed entry of `user`'s and returns it as it will read back.
pub(crate) async fn add_entry(
    pool: &Pool,
    user: UserId,
    entry: NewJournalEntry,
) -> Result<JournalEntry, StoreError> {
    if let Some(prompt) = &entry.prompt {
        check_text("the prompt of a journal entry", prompt)?;
    }
    let created_at = millis(entry.created_at);
    let id = sqlx::query_scalar::<Db, i64>(
        "INSERT INTO journal_entries (user_id, created_at, prompt, sealed) \
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(user.0)
    .bind(created_at)
    .bind(entry.prompt.as_deref())
    .bind(entry.sealed.as_slice())
    .fetch_one(pool)
    .await
    .map_err(|e| failed_for_user("storing a journal entry", user.0, e))?;
    decode_entry((id, user.0, created_at, entry.prompt, entry.sealed))
}

/// `user`'s entries, oldest first (by creation time, then id).
pub(crate) async fn entries(pool: &Pool, user: UserId) -> Result<Vec<JournalEntry>, StoreError> {
    let rows = sqlx::query_as::<Db, EntryRow>(
        "SELECT id, user_id, created_at, prompt, sealed FROM journal_entries \
         WHERE user_id = $1 ORDER BY created_at, id",
    )
    .bind(user.0)
    .fetch_all(pool)
    .await
    .map_err(|e| failed("reading journal entries", e))?;
    rows.into_iter().map(decode_entry).collect()
}

/// Entry `id` if it is `user`'s; someone else's entry is `None`, as a missing one is.
pub(crate) async fn entry(
    pool: &Pool,
    user: UserId,
    id: i64,
) -> Result<Option<JournalEntry>, StoreError> {
    let row = sqlx::query_as::<Db, EntryRow>(
        "SELECT id, user_id, created_at, prompt, sealed FROM journal_entries \
         WHERE id = $1 AND user_id = $2",
    )
    .bind(id)
    .bind(user.0)
    .fetch_optional(pool)
    .await
    .map_err(|e| failed("reading a journal entry", e))?;
    row.map(decode_entry).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_row_decodes_with_its_bytes_untouched() {
        let sealed = vec![0, 255, 0, 1];
        let entry =
            decode_entry((3, 9, -1, Some("why".to_owned()), sealed.clone())).expect("decodes");
        assert_eq!(entry.id, 3);
        assert_eq!(entry.user, UserId(9));
        assert_eq!(entry.created_at.timestamp_millis(), -1);
        assert_eq!(entry.prompt.as_deref(), Some("why"));
        assert_eq!(entry.sealed, sealed);
    }

    #[test]
    fn an_unreadable_time_is_corrupt_not_a_panic() {
        let result = decode_entry((3, 9, i64::MAX, None, Vec::new()));
        assert!(
            matches!(result, Err(StoreError::Corrupt(ref m)) if m.starts_with("journal entry 3:")),
            "{result:?}"
        );
    }
}
