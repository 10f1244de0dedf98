//! The journal on the web. Its passphrase is separate from the account password (as in the CLI).
//! Unlocking it in the browser keeps it open for that session only: the journal's data key is
//! sealed under a key derived from the session cookie's token (SHA-256 of the token and
//! `anneal-journal`) and the sealed bytes are stored with the session. The store never sees the
//! token, so the sealed key is useless without the browser's cookie. Logging out, or the session
//! expiring, locks the journal again (the session and its sealed key are deleted).

use crate::auth::session::CurrentUser;
use crate::state::AppState;
use anneal_service::ServiceError;
use anneal_vault::{DataKey, VaultError};
use sha2::{Digest, Sha256};

/// The key that seals the journal's data key for one session.
fn wrapping_key(token: &str) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(token.as_bytes());
    hasher.update(b"anneal-journal");
    hasher.finalize().into()
}

/// The session's unlocked journal key, if the journal was unlocked in this session. Sealed bytes
/// that do not open (they belong to another token, or were altered) count as locked.
pub async fn journal_key(_state: &AppState, user: &CurrentUser) -> Option<DataKey> {
    let sealed = user.sealed_journal_key()?;
    match anneal_vault::open_key(sealed, &wrapping_key(user.token())) {
        Ok(key) => Some(key),
        Err(e) => {
            tracing::warn!(error = %e, "a session's sealed journal key did not open");
            None
        }
    }
}

/// Unlocks the person's existing journal with its passphrase and keeps it unlocked for this
/// session. A person without a journal gets [`ServiceError::NotFound`]; a wrong passphrase
/// [`ServiceError::Invalid`] saying so.
pub async fn unlock_journal(
    state: &AppState,
    user: &CurrentUser,
    passphrase: &str,
) -> Result<DataKey, ServiceError> {
    let key = anneal_service::journal::unlock(&*state.store, user.id(), passphrase, false).await?;
    keep_for_session(state, user, &key).await?;
    Ok(key)
}

/// Starts a journal locked by `passphrase` (or unlocks the existing one with it) and keeps it
/// unlocked for this session.
pub async fn start_journal(
    state: &AppState,
    user: &CurrentUser,
    passphrase: &str,
) -> Result<DataKey, ServiceError> {
    let key = anneal_service::journal::unlock(&*state.store, user.id(), passphrase, true).await?;
    keep_for_session(state, user, &key).await?;
    Ok(key)
}

/// Locks the journal for this session (the data key is forgotten; the passphrase opens it again).
pub async fn lock_journal(state: &AppState, user: &CurrentUser) -> Result<(), ServiceError> {
    state
        .store
        .set_session_journal_key(user.token_hash(), None)
        .await?;
    Ok(())
}

async fn keep_for_session(
    state: &AppState,
    user: &CurrentUser,
    key: &DataKey,
) -> Result<(), ServiceError> {
    let sealed = seal_for_token(key, user.token())?;
    state
        .store
        .set_session_journal_key(user.token_hash(), Some(sealed))
        .await?;
    Ok(())
}

/// Seals `key` for the session whose cookie holds `token`.
pub(crate) fn seal_for_token(key: &DataKey, token: &str) -> Result<Vec<u8>, ServiceError> {
    anneal_vault::seal_key(key, &wrapping_key(token)).map_err(|e| match e {
        VaultError::Randomness(m) => ServiceError::Internal(format!("journal: no randomness: {m}")),
        other => ServiceError::Internal(format!("journal: {other}")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open_for_token(sealed: &[u8], token: &str) -> Option<DataKey> {
        anneal_vault::open_key(sealed, &wrapping_key(token)).ok()
    }

    #[test]
    fn the_wrapping_key_depends_on_the_token_and_is_not_the_stored_hash() {
        let a = wrapping_key("token-a");
        assert_eq!(a, wrapping_key("token-a"));
        assert_ne!(a, wrapping_key("token-b"));
        assert_ne!(a.to_vec(), crate::auth::token::hash_token("token-a"));
    }

    #[test]
    fn a_key_sealed_for_one_token_opens_only_with_it() {
        let (key, _) = anneal_vault::create_with_params(
            "long passphrase",
            anneal_vault::KdfParams::INSECURE_FAST_FOR_TESTS,
        )
        .expect("journal");
        let sealed = seal_for_token(&key, "token-a").expect("seal");
        assert!(open_for_token(&sealed, "token-a").is_some());
        assert!(open_for_token(&sealed, "token-b").is_none());
        let entry = anneal_vault::seal(&key, "text", b"ctx").expect("seal entry");
        let reopened = open_for_token(&sealed, "token-a").expect("open");
        assert_eq!(
            anneal_vault::open(&reopened, &entry, b"ctx").expect("open entry"),
            "text"
        );
    }
}
