//! The storage boundary of Anneal.
//!
//! [`Store`] is the one trait every backend implements (SQLite by default, PostgreSQL for an
//! organisation). Its models live in [`model`], its errors in [`error`], and [`conformance`] holds
//! the story suite that every backend runs in its own tests, so both behave the same.

pub mod conformance;
pub mod error;
pub mod model;
pub mod org;

pub use error::StoreError;
pub use model::*;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A whole backend: the person's store, the organisation's store and the aggregate store, as
/// the binary and the server hold it. Code is handed the narrowest of the three it needs; leader
/// code gets only [`org::AggregateStore`].
pub trait Backend: Store + org::OrgStore + org::AggregateStore {}

impl<T: Store + org::OrgStore + org::AggregateStore> Backend for T {}

/// Everything Anneal keeps. Every method is one transaction: it either happens whole or not at all,
/// and when it returns `Ok` the write is durable.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Which backend this is (`sqlite`, `postgres`), for logs and `/readyz`.
    fn backend(&self) -> &'static str;

    /// A cheap round trip to the database.
    async fn ping(&self) -> Result<()>;

    // --- accounts -------------------------------------------------------------------------------

    /// Creates an account. A taken username is [`StoreError::Conflict`].
    async fn create_user(&self, new: NewUser) -> Result<User>;
    async fn user_by_id(&self, id: UserId) -> Result<Option<User>>;
    async fn user_by_name(&self, username: &str) -> Result<Option<User>>;
    /// Deletes the account and everything that belongs to it. Missing is [`StoreError::NotFound`].
    async fn delete_user(&self, id: UserId) -> Result<()>;
    /// How many accounts exist (the web app offers owner setup only while there are none).
    async fn count_users(&self) -> Result<u64>;
    /// Creates the first account only while no account exists, atomically (two concurrent setups
    /// cannot both succeed): [`StoreError::Conflict`] once any account exists.
    async fn create_first_user(&self, new: NewUser) -> Result<User>;
    /// Replaces the password hash. Missing is [`StoreError::NotFound`].
    async fn set_password_hash(&self, id: UserId, password_hash: String) -> Result<()>;

    // --- web sessions (the cookie holds a random token; the store keeps only its hash) ----------

    async fn create_session(&self, session: NewSession) -> Result<()>;
    /// The session with this token hash, if it exists and has not expired at `now`.
    async fn session(&self, token_hash: &[u8], now: DateTime<Utc>) -> Result<Option<Session>>;
    /// Sets (or clears) the session's sealed journal key: the person's journal data key sealed
    /// under a key only the cookie's token can derive, so the store alone cannot open it.
    async fn set_session_journal_key(
        &self,
        token_hash: &[u8],
        sealed: Option<Vec<u8>>,
    ) -> Result<()>;
    /// Ends one session (logout). Ending a missing session is not an error.
    async fn delete_session(&self, token_hash: &[u8]) -> Result<()>;
    /// Ends every session of a person (password change, account deletion).
    async fn delete_sessions_of(&self, user: UserId) -> Result<()>;
    /// Deletes sessions that have expired at `now` (expires_at <= now, exactly those `session`
    /// no longer returns); returns how many.
    async fn purge_expired_sessions(&self, now: DateTime<Utc>) -> Result<u64>;

    // --- API tokens (the bearer token is shown once; the store keeps only its hash) ------------

    async fn create_api_token(&self, token: NewApiToken) -> Result<ApiToken>;
    /// The live (not revoked) token with this hash.
    async fn api_token_by_hash(&self, token_hash: &[u8]) -> Result<Option<ApiToken>>;
    /// The person's tokens, live and revoked, oldest first.
    async fn api_tokens(&self, user: UserId) -> Result<Vec<ApiToken>>;
    /// Revokes one of the person's tokens (revoking twice keeps the first time); someone
    /// else's or a missing id is
    /// [`StoreError::NotFound`].
    async fn revoke_api_token(&self, user: UserId, id: i64, at: DateTime<Utc>) -> Result<()>;

    // --- responses (full assessments and weekly check-ins) --------------------------------------

    /// Stores one scored response. Must not read or scan the person's history.
    async fn insert_response(&self, new: NewResponse) -> Result<StoredResponse>;
    /// Stores many responses for one person in one transaction (used by import): all or none.
    async fn insert_responses(&self, new: Vec<NewResponse>) -> Result<Vec<StoredResponse>>;
    /// A person's responses, oldest first, filtered by the query.
    async fn responses(&self, user: UserId, query: ResponseQuery) -> Result<Vec<StoredResponse>>;
    /// How many responses a person has (cheap; for tests and the status line).
    async fn count_responses(&self, user: UserId) -> Result<u64>;
    /// Deletes one of the person's responses (a full assessment or a check-in), in one
    /// transaction. An id that does not exist or belongs to someone else is
    /// [`StoreError::NotFound`] (never another person's row). A deleted response's id is never
    /// given to a later one.
    ///
    /// A shared check-in that still feeds its unit's cell of a week not released yet is taken
    /// out of that cell (as if it had not been shared: the cell of an open week is never shown,
    /// so this reveals nothing, and the person's earlier check-in of that week, which it
    /// replaced, is not put back). A check-in in a released week leaves the week as it was
    /// released: cells and releases are frozen. A check-in already replaced by a later one of
    /// the same week no longer feeds the cell, so the cell does not change.
    async fn delete_response(&self, user: UserId, id: i64) -> Result<()>;

    // --- risk context (DESIGN §2.1: the person's own description of their role) ---------------

    /// The person's risk context; the default (nothing set) when they never gave one.
    async fn risk_context(&self, user: UserId) -> Result<RiskContext>;
    /// Replaces the person's risk context; the default clears it. A missing user is
    /// [`StoreError::NotFound`].
    async fn set_risk_context(&self, user: UserId, context: RiskContext) -> Result<()>;

    // --- plan -----------------------------------------------------------------------------------

    /// Adds an item to the person's plan, status `active`, no completions.
    async fn add_plan_item(&self, user: UserId, draft: PlanDraft) -> Result<PlanItem>;
    /// The person's plan items, oldest first (by creation time, then id).
    async fn plan_items(&self, user: UserId) -> Result<Vec<PlanItem>>;
    /// Replaces the changing fields of one of the person's plan items. An id that does not exist
    /// or belongs to someone else is [`StoreError::NotFound`] (never another person's row).
    async fn update_plan_item(
        &self,
        user: UserId,
        id: i64,
        progress: PlanProgress,
    ) -> Result<PlanItem>;

    // --- dismissed recommendations ---------------------------------------------------------------

    /// Records that the person set a recommended strategy or action aside.
    async fn add_dismissal(&self, user: UserId, dismissal: Dismissal) -> Result<()>;
    /// The person's dismissals at or after `since`, oldest first.
    async fn dismissals(&self, user: UserId, since: DateTime<Utc>) -> Result<Vec<Dismissal>>;

    // --- journal (sealed by the caller; the store only ever sees ciphertext) --------------------

    /// The person's wrapped journal key, if they have started a journal.
    async fn journal_key(&self, user: UserId) -> Result<Option<WrappedKey>>;
    /// Stores the wrapped journal key, replacing any previous one (a passphrase change re-wraps).
    async fn put_journal_key(&self, user: UserId, key: WrappedKey) -> Result<()>;
    async fn add_journal_entry(&self, user: UserId, entry: NewJournalEntry)
    -> Result<JournalEntry>;
    /// The person's entries, oldest first.
    async fn journal_entries(&self, user: UserId) -> Result<Vec<JournalEntry>>;
    /// One of the person's entries; `None` when it does not exist or is someone else's.
    async fn journal_entry(&self, user: UserId, id: i64) -> Result<Option<JournalEntry>>;
}

/// Filters for [`Store::responses`]. The default returns everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResponseQuery {
    pub kind: Option<ResponseKind>,
    /// Inclusive lower bound on `taken_at`.
    pub since: Option<DateTime<Utc>>,
    /// Keep only the newest `limit` (still returned oldest first).
    pub limit: Option<u32>,
}
