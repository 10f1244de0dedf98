//! [`Store`] on either SQL backend: accounts and responses here, the rest handed to the module
//! that owns its tables. Each backend passes its own connections: SQLite its writer or its
//! readers, PostgreSQL its one pool.

use crate::codec::{self, ResponseColumns, UserRow};
use crate::db::{Backend, Conn, Db};
use crate::errors::{constraint_kind, failed};
use crate::{accounts, context, journal, plan, sessions, tokens};
use anneal_store::{
    ApiToken, Dismissal, JournalEntry, NewApiToken, NewJournalEntry, NewResponse, NewSession,
    NewUser, PlanDraft, PlanItem, PlanProgress, ResponseQuery, RiskContext, Session, Store,
    StoreError, StoredResponse, User, UserId, WrappedKey,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::error::ErrorKind;

const INSERT_RESPONSE: &str = "INSERT INTO responses (user_id, kind, instrument, \
    instrument_version, taken_at, answers, stuck, note, burnout, rustout, balance, zone, score) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id";

/// The columns of a [`UserRow`].
const SELECT_USER_BY_ID: &str =
    "SELECT id, username, password_hash, created_at FROM users WHERE id = $1";
const SELECT_USER_BY_NAME: &str =
    "SELECT id, username, password_hash, created_at FROM users WHERE username = $1";

/// Inserts one response on `conn`; a missing user is `NotFound`.
pub(crate) async fn insert_one(
    conn: &mut Conn,
    columns: &ResponseColumns<'_>,
) -> Result<i64, StoreError> {
    sqlx::query_scalar::<Db, i64>(INSERT_RESPONSE)
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
impl Store for Backend {
    fn backend(&self) -> &'static str {
        crate::db::NAME
    }

    async fn ping(&self) -> anneal_store::Result<()> {
        sqlx::query("SELECT 1")
            .execute(self.reader())
            .await
            .map_err(|e| failed("pinging the database", e))?;
        Ok(())
    }

    async fn create_user(&self, new: NewUser) -> anneal_store::Result<User> {
        accounts::check_new_user(&new)?;
        let created_at = codec::now();
        let id = sqlx::query_scalar::<Db, i64>(
            "INSERT INTO users (username, password_hash, created_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(new.username.as_str())
        .bind(new.password_hash.as_deref())
        .bind(codec::millis(created_at))
        .fetch_one(self.writer())
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
        let row = sqlx::query_as::<Db, UserRow>(SELECT_USER_BY_ID)
            .bind(id.0)
            .fetch_optional(self.reader())
            .await
            .map_err(|e| failed("looking up a user by id", e))?;
        row.map(codec::decode_user).transpose()
    }

    async fn user_by_name(&self, username: &str) -> anneal_store::Result<Option<User>> {
        if username.contains('\0') {
            // No stored name can contain NUL (create_user refuses it, and PostgreSQL text
            // cannot hold one).
            return Ok(None);
        }
        let row = sqlx::query_as::<Db, UserRow>(SELECT_USER_BY_NAME)
            .bind(username)
            .fetch_optional(self.reader())
            .await
            .map_err(|e| failed("looking up a user by name", e))?;
        row.map(codec::decode_user).transpose()
    }

    async fn delete_user(&self, id: UserId) -> anneal_store::Result<()> {
        crate::delete_user(self.writer(), id).await
    }

    async fn count_users(&self) -> anneal_store::Result<u64> {
        accounts::count(self.reader()).await
    }

    async fn create_first_user(&self, new: NewUser) -> anneal_store::Result<User> {
        accounts::create_first(self.writer(), new).await
    }

    async fn set_password_hash(
        &self,
        id: UserId,
        password_hash: String,
    ) -> anneal_store::Result<()> {
        accounts::set_password_hash(self.writer(), id, &password_hash).await
    }

    async fn create_session(&self, session: NewSession) -> anneal_store::Result<()> {
        sessions::create(self.writer(), session).await
    }

    async fn session(
        &self,
        token_hash: &[u8],
        now: DateTime<Utc>,
    ) -> anneal_store::Result<Option<Session>> {
        sessions::find(self.reader(), token_hash, now).await
    }

    async fn set_session_journal_key(
        &self,
        token_hash: &[u8],
        sealed: Option<Vec<u8>>,
    ) -> anneal_store::Result<()> {
        sessions::set_journal_key(self.writer(), token_hash, sealed).await
    }

    async fn delete_session(&self, token_hash: &[u8]) -> anneal_store::Result<()> {
        sessions::delete(self.writer(), token_hash).await
    }

    async fn delete_sessions_of(&self, user: UserId) -> anneal_store::Result<()> {
        sessions::delete_of(self.writer(), user).await
    }

    async fn purge_expired_sessions(&self, now: DateTime<Utc>) -> anneal_store::Result<u64> {
        sessions::purge_expired(self.writer(), now).await
    }

    async fn create_api_token(&self, token: NewApiToken) -> anneal_store::Result<ApiToken> {
        tokens::create(self.writer(), token).await
    }

    async fn api_token_by_hash(&self, token_hash: &[u8]) -> anneal_store::Result<Option<ApiToken>> {
        tokens::by_hash(self.reader(), token_hash).await
    }

    async fn api_tokens(&self, user: UserId) -> anneal_store::Result<Vec<ApiToken>> {
        tokens::of_user(self.reader(), user).await
    }

    async fn revoke_api_token(
        &self,
        user: UserId,
        id: i64,
        at: DateTime<Utc>,
    ) -> anneal_store::Result<()> {
        tokens::revoke(self.writer(), user, id, at).await
    }

    async fn insert_response(&self, new: NewResponse) -> anneal_store::Result<StoredResponse> {
        let columns = ResponseColumns::encode(&new)?;
        let mut conn = self
            .writer()
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
            .writer()
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
        let rows = crate::newest_responses(self.reader(), user, query).await?;
        rows.into_iter().rev().map(codec::decode_response).collect()
    }

    async fn count_responses(&self, user: UserId) -> anneal_store::Result<u64> {
        let count =
            sqlx::query_scalar::<Db, i64>("SELECT COUNT(*) FROM responses WHERE user_id = $1")
                .bind(user.0)
                .fetch_one(self.reader())
                .await
                .map_err(|e| failed("counting responses", e))?;
        u64::try_from(count)
            .map_err(|_| StoreError::Corrupt(format!("the response count {count} is negative")))
    }

    async fn delete_response(&self, user: UserId, id: i64) -> anneal_store::Result<()> {
        crate::checkins::delete_response(self.writer(), user, id).await
    }

    async fn risk_context(&self, user: UserId) -> anneal_store::Result<RiskContext> {
        context::get(self.reader(), user).await
    }

    async fn set_risk_context(
        &self,
        user: UserId,
        context: RiskContext,
    ) -> anneal_store::Result<()> {
        context::set(self.writer(), user, context).await
    }

    async fn add_plan_item(
        &self,
        user: UserId,
        draft: PlanDraft,
    ) -> anneal_store::Result<PlanItem> {
        plan::add_item(self.writer(), user, draft).await
    }

    async fn plan_items(&self, user: UserId) -> anneal_store::Result<Vec<PlanItem>> {
        plan::items(self.reader(), user).await
    }

    async fn update_plan_item(
        &self,
        user: UserId,
        id: i64,
        progress: PlanProgress,
    ) -> anneal_store::Result<PlanItem> {
        plan::update_item(self.writer(), user, id, progress).await
    }

    async fn add_dismissal(&self, user: UserId, dismissal: Dismissal) -> anneal_store::Result<()> {
        plan::add_dismissal(self.writer(), user, dismissal).await
    }

    async fn dismissals(
        &self,
        user: UserId,
        since: DateTime<Utc>,
    ) -> anneal_store::Result<Vec<Dismissal>> {
        plan::dismissals(self.reader(), user, since).await
    }

    async fn journal_key(&self, user: UserId) -> anneal_store::Result<Option<WrappedKey>> {
        journal::key(self.reader(), user).await
    }

    async fn put_journal_key(&self, user: UserId, key: WrappedKey) -> anneal_store::Result<()> {
        journal::put_key(self.writer(), user, key).await
    }

    async fn add_journal_entry(
        &self,
        user: UserId,
        entry: NewJournalEntry,
    ) -> anneal_store::Result<JournalEntry> {
        journal::add_entry(self.writer(), user, entry).await
    }

    async fn journal_entries(&self, user: UserId) -> anneal_store::Result<Vec<JournalEntry>> {
        journal::entries(self.reader(), user).await
    }

    async fn journal_entry(
        &self,
        user: UserId,
        id: i64,
    ) -> anneal_store::Result<Option<JournalEntry>> {
        journal::entry(self.reader(), user, id).await
    }
}
