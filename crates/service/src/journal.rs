//! The private journal. Text is sealed by `anneal-vault` under the person's data key, which is
//! wrapped by their passphrase; the store only ever holds ciphertext. A forgotten passphrase
//! loses the journal — there is no way around that, by design.

use crate::{Result, ServiceError};
use anneal_core::strategy;
use anneal_store::{NewJournalEntry, Store, UserId, WrappedKey};
use anneal_vault::{DataKey, VaultError};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// The longest entry, in bytes of text.
pub const MAX_ENTRY_BYTES: usize = 64 * 1024;

fn vault_error(e: VaultError) -> ServiceError {
    match e {
        VaultError::Randomness(m) => ServiceError::Internal(format!("journal: no randomness: {m}")),
        other => ServiceError::Invalid(format!("journal: {other}")),
    }
}

/// Authenticated context of every entry: it belongs to this person and no one else.
fn context(user: UserId) -> [u8; 8] {
    user.0.to_le_bytes()
}

/// Whether the person has started a journal.
pub async fn exists(store: &dyn Store, user: UserId) -> Result<bool> {
    Ok(store.journal_key(user).await?.is_some())
}

/// Unlocks the journal with the passphrase. With `create`, a person without a journal starts one
/// locked by this passphrase; without it, that is an error saying so.
pub async fn unlock(
    store: &dyn Store,
    user: UserId,
    passphrase: &str,
    create: bool,
) -> Result<DataKey> {
    match store.journal_key(user).await? {
        Some(wrapped) => {
            let wrapped = wrapped.0;
            let passphrase = passphrase.to_string();
            // argon2 is deliberately slow: keep it off the async threads.
            blocking(move || anneal_vault::unlock(&passphrase, &wrapped))
                .await?
                .map_err(vault_error)
        }
        None if create => {
            let passphrase = passphrase.to_string();
            let (key, wrapped) = blocking(move || anneal_vault::create(&passphrase))
                .await?
                .map_err(vault_error)?;
            store.put_journal_key(user, WrappedKey(wrapped)).await?;
            Ok(key)
        }
        None => Err(ServiceError::NotFound(
            "you have no journal yet; write a first entry to start one".into(),
        )),
    }
}

/// Runs argon2 (tens of milliseconds by design) off the async threads.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ServiceError::Invalid(format!("journal: the key work stopped: {e}")))
}

/// Re-wraps the data key under a new passphrase. Entries are not re-encrypted.
pub async fn change_passphrase(
    store: &dyn Store,
    user: UserId,
    old: &str,
    new: &str,
) -> Result<()> {
    let Some(wrapped) = store.journal_key(user).await? else {
        return Err(ServiceError::NotFound(
            "you have no journal yet, so there is no passphrase to change".into(),
        ));
    };
    let (old, new) = (old.to_string(), new.to_string());
    let rewrapped = blocking(move || anneal_vault::rewrap(&old, &new, &wrapped.0))
        .await?
        .map_err(vault_error)?;
    store.put_journal_key(user, WrappedKey(rewrapped)).await?;
    Ok(())
}

/// A reflection prompt from the strategy catalogue, by id `strategy_id:N` (N from 1).
#[derive(Debug, Clone, Serialize)]
pub struct Prompt {
    pub id: String,
    pub strategy: String,
    pub text: String,
}

/// Every reflection prompt of the catalogue, in catalogue order.
pub fn prompts() -> Vec<Prompt> {
    strategy::builtin()
        .strategies()
        .iter()
        .flat_map(|s| {
            s.prompts.iter().enumerate().map(|(i, text)| Prompt {
                id: format!("{}:{}", s.id, i + 1),
                strategy: s.title.clone(),
                text: text.clone(),
            })
        })
        .collect()
}

pub fn prompt(id: &str) -> Option<Prompt> {
    prompts().into_iter().find(|p| p.id == id)
}

/// An entry as the person reads it.
#[derive(Debug, Clone, Serialize)]
pub struct OpenEntry {
    pub id: i64,
    pub created_at: DateTime<Utc>,
    pub prompt: Option<Prompt>,
    pub text: String,
}

/// Seals and stores an entry.
pub async fn add(
    store: &dyn Store,
    user: UserId,
    key: &DataKey,
    text: &str,
    prompt_id: Option<&str>,
    now: DateTime<Utc>,
) -> Result<OpenEntry> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ServiceError::invalid(
            "the entry is empty; write something first",
        ));
    }
    if text.len() > MAX_ENTRY_BYTES {
        return Err(ServiceError::invalid(format!(
            "the entry is {} bytes; at most {MAX_ENTRY_BYTES}",
            text.len()
        )));
    }
    let prompt = match prompt_id {
        Some(id) => Some(prompt(id).ok_or_else(|| {
            ServiceError::invalid(format!(
                "unknown prompt {id:?}; `anneal journal prompts` lists them"
            ))
        })?),
        None => None,
    };
    let sealed = anneal_vault::seal(key, text, &context(user)).map_err(vault_error)?;
    let entry = store
        .add_journal_entry(
            user,
            NewJournalEntry {
                created_at: now,
                prompt: prompt.as_ref().map(|p| p.id.clone()),
                sealed,
            },
        )
        .await?;
    Ok(OpenEntry {
        id: entry.id,
        created_at: entry.created_at,
        prompt,
        text: text.to_string(),
    })
}

fn open_entry(key: &DataKey, user: UserId, e: anneal_store::JournalEntry) -> Result<OpenEntry> {
    let text = anneal_vault::open(key, &e.sealed, &context(user)).map_err(vault_error)?;
    Ok(OpenEntry {
        id: e.id,
        created_at: e.created_at,
        prompt: e.prompt.as_deref().and_then(prompt),
        text,
    })
}

/// Every entry, oldest first, opened.
pub async fn list(store: &dyn Store, user: UserId, key: &DataKey) -> Result<Vec<OpenEntry>> {
    store
        .journal_entries(user)
        .await?
        .into_iter()
        .map(|e| open_entry(key, user, e))
        .collect()
}

pub async fn show(store: &dyn Store, user: UserId, key: &DataKey, id: i64) -> Result<OpenEntry> {
    let entry = store
        .journal_entry(user, id)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("there is no journal entry {id}")))?;
    open_entry(key, user, entry)
}
