//! Anneal's PostgreSQL backend, for an organisation: several `anneal serve` processes can share
//! one database (or a PostgreSQL-compatible distributed SQL engine).
//!
//! A small connection pool, embedded migrations (run under PostgreSQL's advisory lock, so
//! processes starting together do not race), and each statement that changes data in its own
//! transaction; a batch is one explicit transaction.

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
use sqlx::error::ErrorKind;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::{Connection, PgConnection, Postgres};
use std::time::Duration;

/// Connections per process. Several processes share one server, so keep this small.
const MAX_CONNECTIONS: u32 = 8;

/// How long a request waits for a free connection before it fails.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);

/// A [`Store`] on a PostgreSQL database. Cheap to clone: clones share the pool.
#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    /// Connects to `url` (`postgres://` or `postgresql://`) and brings the schema up to date.
    /// Anything that stops it is [`StoreError::Open`] with the reason; the URL in the error has
    /// its password replaced by `***`.
    pub async fn open(url: &str) -> Result<PostgresStore, StoreError> {
        let open_error = |reason: String| StoreError::Open {
            url: location::redact(url),
            reason,
        };
        let options = location::parse(url).map_err(open_error)?;

        // One direct connection first: the pool retries a refused connection until its timeout,
        // while this fails at once with the server's own reason.
        PgConnection::connect_with(&options)
            .await
            .map_err(|e| open_error(open_reason(&e)))?
            .close()
            .await
            .map_err(|e| open_error(open_reason(&e)))?;

        let pool = PgPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(options)
            .await
            .map_err(|e| open_error(open_reason(&e)))?;
        migrations::MIGRATOR
            .run(&pool)
            .await
            .map_err(|e| open_error(migrations::migrate_reason(&e)))?;
        Ok(PostgresStore { pool })
    }

    /// Closes every connection, waiting for those in use to be returned. Later calls fail.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

const INSERT_RESPONSE: &str = "INSERT INTO responses (user_id, kind, instrument, \
    instrument_version, taken_at, answers, stuck, note, burnout, rustout, balance, zone, score) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id";

/// The newest matching responses first (`responses()` turns them round), as [`ResponseRow`]s.
/// Filters that are not wanted are bound to values that match everything (`LIMIT NULL` is no
/// limit), so this is one prepared statement on the (user_id, taken_at) index.
const SELECT_RESPONSES: &str = "SELECT id, user_id, kind, taken_at, answers, stuck, note, score \
    FROM responses \
    WHERE user_id = $1 AND ($2::TEXT IS NULL OR kind = $2::TEXT) AND taken_at >= $3 \
    ORDER BY taken_at DESC, id DESC LIMIT $4";

/// The columns of a [`UserRow`].
const SELECT_USER_BY_ID: &str =
    "SELECT id, username, password_hash, created_at FROM users WHERE id = $1";
const SELECT_USER_BY_NAME: &str =
    "SELECT id, username, password_hash, created_at FROM users WHERE username = $1";

/// Inserts one response on `conn`; a missing user is `NotFound`.
async fn insert_one(
    conn: &mut PgConnection,
    columns: &ResponseColumns<'_>,
) -> Result<i64, StoreError> {
    sqlx::query_scalar::<Postgres, i64>(INSERT_RESPONSE)
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
impl Store for PostgresStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    async fn ping(&self) -> anneal_store::Result<()> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map_err(|e| failed("pinging the database", e))?;
        Ok(())
    }

    async fn create_user(&self, new: NewUser) -> anneal_store::Result<User> {
        accounts::check_new_user(&new)?;
        let created_at = codec::now();
        let id = sqlx::query_scalar::<Postgres, i64>(
            "INSERT INTO users (username, password_hash, created_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(new.username.as_str())
        .bind(new.password_hash.as_deref())
        .bind(codec::millis(created_at))
        .fetch_one(&self.pool)
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
        let row = sqlx::query_as::<Postgres, UserRow>(SELECT_USER_BY_ID)
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await
            .map_err(|e| failed("looking up a user by id", e))?;
        row.map(codec::decode_user).transpose()
    }

    async fn user_by_name(&self, username: &str) -> anneal_store::Result<Option<User>> {
        if username.contains('\0') {
            // PostgreSQL text cannot hold NUL, so no stored name has one.
            return Ok(None);
        }
        let row = sqlx::query_as::<Postgres, UserRow>(SELECT_USER_BY_NAME)
            .bind(username)
            .fetch_optional(&self.pool)
            .await
            .map_err(|e| failed("looking up a user by name", e))?;
        row.map(codec::decode_user).transpose()
    }

    async fn delete_user(&self, id: UserId) -> anneal_store::Result<()> {
        let mut tx = self
            .pool
            .begin()
            .await
            .map_err(|e| failed("starting to delete a user", e))?;
        // The person's row first: a check-in of theirs under way finishes before, one that
        // starts now waits, then finds them gone (see the `cells` module).
        let found =
            sqlx::query_scalar::<Postgres, i64>("SELECT id FROM users WHERE id = $1 FOR UPDATE")
                .bind(id.0)
                .fetch_optional(&mut *tx)
                .await
                .map_err(|e| failed("deleting a user", e))?;
        if found.is_none() {
            return Err(StoreError::NotFound {
                what: format!("user {}", id.0),
            });
        }
        // Their shared check-ins leave the cells of weeks not yet released; released weeks stay
        // frozen (their cells and releases hold sums, nothing of one person's).
        cells::forget_on(&mut tx, id).await?;
        // Their responses, plan, dismissals, journal, sessions, API tokens, membership, leader
        // roles, contributions, briefs and the invites they made go with them: ON DELETE
        // CASCADE.
        sqlx::query("DELETE FROM users WHERE id = $1")
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .map_err(|e| failed("deleting a user", e))?;
        tx.commit()
            .await
            .map_err(|e| failed("committing the deletion of a user", e))
    }

    async fn count_users(&self) -> anneal_store::Result<u64> {
        accounts::count(&self.pool).await
    }

    async fn create_first_user(&self, new: NewUser) -> anneal_store::Result<User> {
        accounts::create_first(&self.pool, new).await
    }

    async fn set_password_hash(
        &self,
        id: UserId,
        password_hash: String,
    ) -> anneal_store::Result<()> {
        accounts::set_password_hash(&self.pool, id, &password_hash).await
    }

    async fn create_session(&self, session: NewSession) -> anneal_store::Result<()> {
        sessions::create(&self.pool, session).await
    }

    async fn session(
        &self,
        token_hash: &[u8],
        now: DateTime<Utc>,
    ) -> anneal_store::Result<Option<Session>> {
        sessions::find(&self.pool, token_hash, now).await
    }

    async fn set_session_journal_key(
        &self,
        token_hash: &[u8],
        sealed: Option<Vec<u8>>,
    ) -> anneal_store::Result<()> {
        sessions::set_journal_key(&self.pool, token_hash, sealed).await
    }

    async fn delete_session(&self, token_hash: &[u8]) -> anneal_store::Result<()> {
        sessions::delete(&self.pool, token_hash).await
    }

    async fn delete_sessions_of(&self, user: UserId) -> anneal_store::Result<()> {
        sessions::delete_of(&self.pool, user).await
    }

    async fn purge_expired_sessions(&self, now: DateTime<Utc>) -> anneal_store::Result<u64> {
        sessions::purge_expired(&self.pool, now).await
    }

    async fn create_api_token(&self, token: NewApiToken) -> anneal_store::Result<ApiToken> {
        tokens::create(&self.pool, token).await
    }

    async fn api_token_by_hash(&self, token_hash: &[u8]) -> anneal_store::Result<Option<ApiToken>> {
        tokens::by_hash(&self.pool, token_hash).await
    }

    async fn api_tokens(&self, user: UserId) -> anneal_store::Result<Vec<ApiToken>> {
        tokens::of_user(&self.pool, user).await
    }

    async fn revoke_api_token(
        &self,
        user: UserId,
        id: i64,
        at: DateTime<Utc>,
    ) -> anneal_store::Result<()> {
        tokens::revoke(&self.pool, user, id, at).await
    }

    async fn insert_response(&self, new: NewResponse) -> anneal_store::Result<StoredResponse> {
        let columns = ResponseColumns::encode(&new)?;
        let mut conn = self
            .pool
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
            .pool
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
        let since = query.since.map_or(i64::MIN, codec::millis);
        let rows = sqlx::query_as::<Postgres, ResponseRow>(SELECT_RESPONSES)
            .bind(user.0)
            .bind(query.kind.map(|k| k.as_str()))
            .bind(since)
            .bind(query.limit.map(i64::from))
            .fetch_all(&self.pool)
            .await
            .map_err(|e| failed("reading responses", e))?;
        rows.into_iter().rev().map(codec::decode_response).collect()
    }

    async fn count_responses(&self, user: UserId) -> anneal_store::Result<u64> {
        let count = sqlx::query_scalar::<Postgres, i64>(
            "SELECT COUNT(*) FROM responses WHERE user_id = $1",
        )
        .bind(user.0)
        .fetch_one(&self.pool)
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
        plan::add_item(&self.pool, user, draft).await
    }

    async fn plan_items(&self, user: UserId) -> anneal_store::Result<Vec<PlanItem>> {
        plan::items(&self.pool, user).await
    }

    async fn update_plan_item(
        &self,
        user: UserId,
        id: i64,
        progress: PlanProgress,
    ) -> anneal_store::Result<PlanItem> {
        plan::update_item(&self.pool, user, id, progress).await
    }

    async fn add_dismissal(&self, user: UserId, dismissal: Dismissal) -> anneal_store::Result<()> {
        plan::add_dismissal(&self.pool, user, dismissal).await
    }

    async fn dismissals(
        &self,
        user: UserId,
        since: DateTime<Utc>,
    ) -> anneal_store::Result<Vec<Dismissal>> {
        plan::dismissals(&self.pool, user, since).await
    }

    async fn journal_key(&self, user: UserId) -> anneal_store::Result<Option<WrappedKey>> {
        journal::key(&self.pool, user).await
    }

    async fn put_journal_key(&self, user: UserId, key: WrappedKey) -> anneal_store::Result<()> {
        journal::put_key(&self.pool, user, key).await
    }

    async fn add_journal_entry(
        &self,
        user: UserId,
        entry: NewJournalEntry,
    ) -> anneal_store::Result<JournalEntry> {
        journal::add_entry(&self.pool, user, entry).await
    }

    async fn journal_entries(&self, user: UserId) -> anneal_store::Result<Vec<JournalEntry>> {
        journal::entries(&self.pool, user).await
    }

    async fn journal_entry(
        &self,
        user: UserId,
        id: i64,
    ) -> anneal_store::Result<Option<JournalEntry>> {
        journal::entry(&self.pool, user, id).await
    }
}
