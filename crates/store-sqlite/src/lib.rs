//! Anneal's SQLite backend: one file (or memory), WAL, durable commits, embedded migrations.
//!
//! Writes go through a single connection, so concurrent check-ins queue in this process instead
//! of spinning on SQLite's lock; reads use a small pool of their own that never waits for a
//! write (WAL). Each statement that changes data runs in its own transaction, and
//! synchronous=FULL makes every acknowledged commit survive a crash or power loss.

mod accounts;
mod aggregate;
mod briefs;
mod cells;
mod codec;
mod errors;
mod journal;
mod location;
mod members;
mod migrations;
mod org;
mod plan;
mod sessions;
mod tokens;
mod units;

use anneal_store::{
    ApiToken, Dismissal, JournalEntry, NewApiToken, NewJournalEntry, NewResponse, NewSession,
    NewUser, PlanDraft, PlanItem, PlanProgress, ResponseQuery, Session, Store, StoreError,
    StoredResponse, User, UserId, WrappedKey,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use codec::{ResponseColumns, ResponseRow, UserRow};
use errors::{constraint_kind, failed, open_reason};
use location::{Location, Target};
use sqlx::error::ErrorKind;
use sqlx::sqlite::{SqlitePool, SqlitePoolOptions};
use sqlx::{Sqlite, SqliteConnection};

/// How many connections serve reads from a database file.
const READERS: u32 = 4;

/// A [`Store`] on a SQLite database. Cheap to clone: clones share the connections.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    /// The one connection that writes.
    writer: SqlitePool,
    /// Connections that only read. For an in-memory database this is the writer itself.
    reader: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if missing) the database at `url` — `sqlite://PATH`, `sqlite:PATH` or
    /// `sqlite::memory:` — and brings its schema up to date. The parent directory of a file must
    /// exist. Anything that stops it is [`StoreError::Open`] with the reason.
    pub async fn open(url: &str) -> Result<SqliteStore, StoreError> {
        let open_error = |reason: String| StoreError::Open {
            url: url.to_owned(),
            reason,
        };
        let target = Target::parse(url).map_err(open_error)?;

        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(target.writer_options())
            .await
            .map_err(|e| open_error(open_reason(&e)))?;
        migrations::MIGRATOR
            .run(&writer)
            .await
            .map_err(|e| open_error(migrations::migrate_reason(&e)))?;

        let reader = match target.location {
            // An in-memory database exists only on its own connection.
            Location::Memory => writer.clone(),
            Location::File(_) => SqlitePoolOptions::new()
                .max_connections(READERS)
                .min_connections(1)
                .connect_with(target.options.clone())
                .await
                .map_err(|e| open_error(open_reason(&e)))?,
        };
        Ok(SqliteStore { writer, reader })
    }

    /// Closes every connection, waiting for those in use to be returned. Later calls fail.
    pub async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }
}

const INSERT_RESPONSE: &str = "INSERT INTO responses (user_id, kind, instrument, \
    instrument_version, taken_at, answers, stuck, note, burnout, rustout, balance, zone, score) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id";

/// The newest matching responses first (`responses()` turns them round), as [`ResponseRow`]s.
/// Filters that are not wanted are bound to values that match everything, so this is one
/// prepared statement that walks the (user_id, taken_at) index backwards.
const SELECT_RESPONSES: &str = "SELECT id, user_id, kind, taken_at, answers, stuck, note, score \
    FROM responses \
    WHERE user_id = $1 AND ($2 IS NULL OR kind = $2) AND taken_at >= $3 \
    ORDER BY taken_at DESC, id DESC LIMIT $4";

/// The columns of a [`UserRow`].
const SELECT_USER_BY_ID: &str =
    "SELECT id, username, password_hash, created_at FROM users WHERE id = $1";
const SELECT_USER_BY_NAME: &str =
    "SELECT id, username, password_hash, created_at FROM users WHERE username = $1";

/// Inserts one response on `conn`; a missing user is `NotFound`.
async fn insert_one(
    conn: &mut SqliteConnection,
    columns: &ResponseColumns<'_>,
) -> Result<i64, StoreError> {
    sqlx::query_scalar::<Sqlite, i64>(INSERT_RESPONSE)
        .bind(columns.user_id)
        .bind(columns.kind)
        .bind(columns.instrument)
        .bind(columns.instrument_version)
        .bind(columns.taken_at)
        .bind(columns.answers.as_str())
        .bind(columns.stuck)
        .bind(columns.note)
        .bind(columns.burnout)
        .bind(columns.rustout)
        .bind(columns.balance)
        .bind(columns.zone)
        .bind(columns.score.as_str())
        .fetch_one(conn)
        .await
        .map_err(|e| match constraint_kind(&e) {
            Some(ErrorKind::ForeignKeyViolation) => StoreError::NotFound {
                what: format!("user {}", columns.user_id),
            },
            _ => failed("storing a response", e),
        })
}

#[async_trait]
impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    async fn ping(&self) -> anneal_store::Result<()> {
        sqlx::query("SELECT 1")
            .execute(&self.reader)
            .await
            .map_err(|e| failed("pinging the database", e))?;
        Ok(())
    }

    async fn create_user(&self, new: NewUser) -> anneal_store::Result<User> {
        accounts::check_new_user(&new)?;
        let created_at = codec::now();
        let id = sqlx::query_scalar::<Sqlite, i64>(
            "INSERT INTO users (username, password_hash, created_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(new.username.as_str())
        .bind(new.password_hash.as_deref())
        .bind(codec::millis(created_at))
        .fetch_one(&self.writer)
        .await
        .map_err(|e| match constraint_kind(&e) {
            Some(ErrorKind::UniqueViolation) => StoreError::Conflict {
                what: format!("a user named {:?}", new.username),
            },
            _ => failed("creating a user", e),
        })?;
        Ok(User {
            id: UserId(id),
            username: new.username,
            password_hash: new.password_hash,
            created_at,
        })
    }

    async fn user_by_id(&self, id: UserId) -> anneal_store::Result<Option<User>> {
        let row = sqlx::query_as::<Sqlite, UserRow>(SELECT_USER_BY_ID)
            .bind(id.0)
            .fetch_optional(&self.reader)
            .await
            .map_err(|e| failed("looking up a user by id", e))?;
        row.map(codec::decode_user).transpose()
    }

    async fn user_by_name(&self, username: &str) -> anneal_store::Result<Option<User>> {
        if username.contains('\0') {
            // No stored name can contain NUL (create_user refuses it).
            return Ok(None);
        }
        let row = sqlx::query_as::<Sqlite, UserRow>(SELECT_USER_BY_NAME)
            .bind(username)
            .fetch_optional(&self.reader)
            .await
            .map_err(|e| failed("looking up a user by name", e))?;
        row.map(codec::decode_user).transpose()
    }

    async fn delete_user(&self, id: UserId) -> anneal_store::Result<()> {
        let mut tx = self
            .writer
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(|e| failed("starting to delete a user", e))?;
        // Their shared check-ins leave the cells of weeks not yet released; released weeks stay
        // frozen (their cells and releases hold sums, nothing of one person's).
        cells::forget_on(&mut tx, id).await?;
        // Their responses, plan, dismissals, journal, sessions, API tokens, membership, leader
        // roles, contributions, briefs and the invites they made go with them: ON DELETE
        // CASCADE, with foreign keys on.
        let deleted = sqlx::query("DELETE FROM users WHERE id = $1")
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .map_err(|e| failed("deleting a user", e))?;
        if deleted.rows_affected() == 0 {
            return Err(StoreError::NotFound {
                what: format!("user {}", id.0),
            });
        }
        tx.commit()
            .await
            .map_err(|e| failed("committing the deletion of a user", e))
    }

    async fn count_users(&self) -> anneal_store::Result<u64> {
        accounts::count(&self.reader).await
    }

    async fn create_first_user(&self, new: NewUser) -> anneal_store::Result<User> {
        accounts::create_first(&self.writer, new).await
    }

    async fn set_password_hash(
        &self,
        id: UserId,
        password_hash: String,
    ) -> anneal_store::Result<()> {
        accounts::set_password_hash(&self.writer, id, &password_hash).await
    }

    async fn create_session(&self, session: NewSession) -> anneal_store::Result<()> {
        sessions::create(&self.writer, session).await
    }

    async fn session(
        &self,
        token_hash: &[u8],
        now: DateTime<Utc>,
    ) -> anneal_store::Result<Option<Session>> {
        sessions::find(&self.reader, token_hash, now).await
    }

    async fn set_session_journal_key(
        &self,
        token_hash: &[u8],
        sealed: Option<Vec<u8>>,
    ) -> anneal_store::Result<()> {
        sessions::set_journal_key(&self.writer, token_hash, sealed).await
    }

    async fn delete_session(&self, token_hash: &[u8]) -> anneal_store::Result<()> {
        sessions::delete(&self.writer, token_hash).await
    }

    async fn delete_sessions_of(&self, user: UserId) -> anneal_store::Result<()> {
        sessions::delete_of(&self.writer, user).await
    }

    async fn purge_expired_sessions(&self, now: DateTime<Utc>) -> anneal_store::Result<u64> {
        sessions::purge_expired(&self.writer, now).await
    }

    async fn create_api_token(&self, token: NewApiToken) -> anneal_store::Result<ApiToken> {
        tokens::create(&self.writer, token).await
    }

    async fn api_token_by_hash(&self, token_hash: &[u8]) -> anneal_store::Result<Option<ApiToken>> {
        tokens::by_hash(&self.reader, token_hash).await
    }

    async fn api_tokens(&self, user: UserId) -> anneal_store::Result<Vec<ApiToken>> {
        tokens::of_user(&self.reader, user).await
    }

    async fn revoke_api_token(
        &self,
        user: UserId,
        id: i64,
        at: DateTime<Utc>,
    ) -> anneal_store::Result<()> {
        tokens::revoke(&self.writer, user, id, at).await
    }

    async fn insert_response(&self, new: NewResponse) -> anneal_store::Result<StoredResponse> {
        let columns = ResponseColumns::encode(&new)?;
        let mut conn = self
            .writer
            .acquire()
            .await
            .map_err(|e| failed("storing a response", e))?;
        let id = insert_one(&mut conn, &columns).await?;
        codec::stored(id, new)
    }

    async fn insert_responses(
        &self,
        new: Vec<NewResponse>,
    ) -> anneal_store::Result<Vec<StoredResponse>> {
        if new.is_empty() {
            return Ok(Vec::new());
        }
        let columns = new
            .iter()
            .map(ResponseColumns::encode)
            .collect::<Result<Vec<_>, _>>()?;
        let mut tx = self
            .writer
            .begin()
            .await
            .map_err(|e| failed("starting to store responses", e))?;
        let mut ids = Vec::with_capacity(columns.len());
        for response in &columns {
            // On error `tx` is dropped, which rolls everything back.
            ids.push(insert_one(&mut tx, response).await?);
        }
        tx.commit()
            .await
            .map_err(|e| failed("committing the stored responses", e))?;
        ids.into_iter()
            .zip(new)
            .map(|(id, response)| codec::stored(id, response))
            .collect()
    }

    async fn responses(
        &self,
        user: UserId,
        query: ResponseQuery,
    ) -> anneal_store::Result<Vec<StoredResponse>> {
        // SQLite reads a negative LIMIT as "no limit".
        let limit = query.limit.map_or(-1, i64::from);
        let since = query.since.map_or(i64::MIN, codec::millis);
        let rows = sqlx::query_as::<Sqlite, ResponseRow>(SELECT_RESPONSES)
            .bind(user.0)
            .bind(query.kind.map(|k| k.as_str()))
            .bind(since)
            .bind(limit)
            .fetch_all(&self.reader)
            .await
            .map_err(|e| failed("reading responses", e))?;
        rows.into_iter().rev().map(codec::decode_response).collect()
    }

    async fn count_responses(&self, user: UserId) -> anneal_store::Result<u64> {
        let count =
            sqlx::query_scalar::<Sqlite, i64>("SELECT COUNT(*) FROM responses WHERE user_id = $1")
                .bind(user.0)
                .fetch_one(&self.reader)
                .await
                .map_err(|e| failed("counting responses", e))?;
        u64::try_from(count)
            .map_err(|_| StoreError::Corrupt(format!("the response count {count} is negative")))
    }

    async fn add_plan_item(
        &self,
        user: UserId,
        draft: PlanDraft,
    ) -> anneal_store::Result<PlanItem> {
        plan::add_item(&self.writer, user, draft).await
    }

    async fn plan_items(&self, user: UserId) -> anneal_store::Result<Vec<PlanItem>> {
        plan::items(&self.reader, user).await
    }

    async fn update_plan_item(
        &self,
        user: UserId,
        id: i64,
        progress: PlanProgress,
    ) -> anneal_store::Result<PlanItem> {
        plan::update_item(&self.writer, user, id, progress).await
    }

    async fn add_dismissal(&self, user: UserId, dismissal: Dismissal) -> anneal_store::Result<()> {
        plan::add_dismissal(&self.writer, user, dismissal).await
    }

    async fn dismissals(
        &self,
        user: UserId,
        since: DateTime<Utc>,
    ) -> anneal_store::Result<Vec<Dismissal>> {
        plan::dismissals(&self.reader, user, since).await
    }

    async fn journal_key(&self, user: UserId) -> anneal_store::Result<Option<WrappedKey>> {
        journal::key(&self.reader, user).await
    }

    async fn put_journal_key(&self, user: UserId, key: WrappedKey) -> anneal_store::Result<()> {
        journal::put_key(&self.writer, user, key).await
    }

    async fn add_journal_entry(
        &self,
        user: UserId,
        entry: NewJournalEntry,
    ) -> anneal_store::Result<JournalEntry> {
        journal::add_entry(&self.writer, user, entry).await
    }

    async fn journal_entries(&self, user: UserId) -> anneal_store::Result<Vec<JournalEntry>> {
        journal::entries(&self.reader, user).await
    }

    async fn journal_entry(
        &self,
        user: UserId,
        id: i64,
    ) -> anneal_store::Result<Option<JournalEntry>> {
        journal::entry(&self.reader, user, id).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// journal_mode, synchronous, foreign_keys and busy_timeout as one connection of `pool` has them.
    async fn pragmas(pool: &SqlitePool) -> (String, i64, i64, i64) {
        let mut conn = pool.acquire().await.expect("a connection");
        let journal_mode = sqlx::query_scalar::<Sqlite, String>("PRAGMA journal_mode")
            .fetch_one(&mut *conn)
            .await
            .expect("journal_mode");
        let mut number = async |sql: &'static str| {
            sqlx::query_scalar::<Sqlite, i64>(sql)
                .fetch_one(&mut *conn)
                .await
                .unwrap_or_else(|e| panic!("{sql}: {e}"))
        };
        let synchronous = number("PRAGMA synchronous").await;
        let foreign_keys = number("PRAGMA foreign_keys").await;
        let busy_timeout = number("PRAGMA busy_timeout").await;
        (journal_mode, synchronous, foreign_keys, busy_timeout)
    }

    /// synchronous: 2 is FULL. busy_timeout is in milliseconds.
    const FULL: i64 = 2;

    #[tokio::test]
    async fn a_file_database_is_durable_wal_with_foreign_keys() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("anneal.db");
        let store = SqliteStore::open(&format!("sqlite://{}", path.display()))
            .await
            .expect("open");
        for (role, pool) in [("writer", &store.writer), ("reader", &store.reader)] {
            assert_eq!(
                pragmas(pool).await,
                ("wal".to_owned(), FULL, 1, 5000),
                "the {role} connection"
            );
        }
        assert!(path.is_file(), "the database file was not created");
        assert!(
            dir.path().join("anneal.db-wal").is_file(),
            "no write-ahead log beside the file"
        );
    }

    #[tokio::test]
    async fn an_in_memory_database_keeps_foreign_keys_and_full_sync() {
        let store = SqliteStore::open("sqlite::memory:").await.expect("open");
        let (journal_mode, synchronous, foreign_keys, busy_timeout) = pragmas(&store.writer).await;
        assert_eq!(journal_mode, "memory");
        assert_eq!((synchronous, foreign_keys, busy_timeout), (FULL, 1, 5000));
        assert_eq!(
            store.reader.options().get_max_connections(),
            1,
            "one connection, shared"
        );
    }
}
