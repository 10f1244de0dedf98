//! Rows the store keeps, as Rust types. Times are UTC; ids are opaque to callers.

use anneal_core::Score;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(pub i64);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub username: String,
    /// argon2id PHC string; `None` for the local CLI profile, which has no password.
    pub password_hash: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub username: String,
    pub password_hash: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A full self-assessment or a weekly pulse check-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ResponseKind {
    Assessment,
    Checkin,
}

impl ResponseKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ResponseKind::Assessment => "assessment",
            ResponseKind::Checkin => "checkin",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "assessment" => Some(ResponseKind::Assessment),
            "checkin" => Some(ResponseKind::Checkin),
            _ => None,
        }
    }
}

pub use anneal_core::context::{RiskContext, RiskRole};
pub use anneal_core::plan::{PlanDraft, PlanItem, PlanKind, PlanProgress, PlanStatus};
pub use anneal_core::scoring::Answers;

#[derive(Debug, Clone, PartialEq)]
pub struct NewResponse {
    pub user: UserId,
    pub kind: ResponseKind,
    pub taken_at: DateTime<Utc>,
    pub answers: Answers,
    /// The "I feel stuck" flag of the pulse; always false for assessments.
    pub stuck: bool,
    /// A private note (pulse only). Never shared.
    pub note: Option<String>,
    /// The score computed by `anneal_core::scoring` when the answers were given.
    pub score: Score,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StoredResponse {
    pub id: i64,
    pub user: UserId,
    pub kind: ResponseKind,
    pub taken_at: DateTime<Utc>,
    pub answers: Answers,
    pub stuck: bool,
    pub note: Option<String>,
    pub score: Score,
}

/// A recommended strategy or action the person set aside (recommendations leave it out for a
/// while; see `anneal_core::recommend`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dismissal {
    /// A strategy id or an action id from the catalogue.
    pub target: String,
    pub at: DateTime<Utc>,
    pub reason: Option<String>,
}

/// The person's journal data key, wrapped under a key derived from their passphrase. Opaque to
/// the store: `anneal-vault` writes and reads the bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrappedKey(pub Vec<u8>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewJournalEntry {
    pub created_at: DateTime<Utc>,
    /// The reflection prompt it answers (a catalogue prompt id), if any. Not secret.
    pub prompt: Option<String>,
    /// Nonce and ciphertext of the entry's text, sealed by `anneal-vault`.
    pub sealed: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalEntry {
    pub id: i64,
    pub user: UserId,
    pub created_at: DateTime<Utc>,
    pub prompt: Option<String>,
    pub sealed: Vec<u8>,
}

/// A web session as created at login. `token_hash` is SHA-256 of the cookie's random token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    pub token_hash: Vec<u8>,
    pub user: UserId,
    /// The session's CSRF token, echoed in every form.
    pub csrf: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user: UserId,
    pub csrf: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// The journal data key sealed under a key derived from the cookie token, while unlocked.
    pub journal_key: Option<Vec<u8>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApiToken {
    pub user: UserId,
    /// A label the person chose ("laptop script").
    pub name: String,
    /// SHA-256 of the bearer token.
    pub token_hash: Vec<u8>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub id: i64,
    pub user: UserId,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}
