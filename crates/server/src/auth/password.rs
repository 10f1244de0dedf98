//! Account passwords: argon2id hashes in PHC format, computed off the async threads.

use crate::PasswordCost;
use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version};
use std::sync::OnceLock;
use thiserror::Error;
use tokio::sync::Semaphore;

/// At most this many argon2 computations run at once: each takes 19 MiB and a core for tens of
/// milliseconds, so a burst of logins waits its turn instead of exhausting memory.
pub const MAX_CONCURRENT_HASHES: usize = 2;

static HASHING: Semaphore = Semaphore::const_new(MAX_CONCURRENT_HASHES);

/// The fewest characters a new password may have.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// The most characters a password may have (longer ones are refused, not cut).
pub const MAX_PASSWORD_CHARS: usize = 1024;

/// Why a password could not be accepted or hashed.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum PasswordError {
    #[error(
        "the password is too short: it has {chars} characters, it needs at least {MIN_PASSWORD_CHARS}"
    )]
    TooShort { chars: usize },
    #[error(
        "the password is too long: it has {chars} characters, at most {MAX_PASSWORD_CHARS} are allowed"
    )]
    TooLong { chars: usize },
    /// argon2 or the random source failed (not the person's input).
    #[error("the password could not be hashed: {0}")]
    Hashing(String),
}

/// Checks a new password's length, counted in characters (not bytes).
pub fn check_new(password: &str) -> Result<(), PasswordError> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(PasswordError::TooShort { chars });
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(PasswordError::TooLong { chars });
    }
    Ok(())
}

fn hasher(cost: PasswordCost) -> Result<Argon2<'static>, PasswordError> {
    let params = match cost {
        PasswordCost::Standard => Params::default(),
        PasswordCost::InsecureFastForTests => Params::new(8, 1, 1, None)
            .map_err(|e| PasswordError::Hashing(format!("argon2 parameters: {e}")))?,
    };
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

fn hash_now(password: &str, cost: PasswordCost) -> Result<String, PasswordError> {
    check_new(password)?;
    hasher(cost)?
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| PasswordError::Hashing(e.to_string()))
}

fn verify_now(password: &str, hash: Option<&str>, cost: PasswordCost) -> bool {
    if password.chars().count() > MAX_PASSWORD_CHARS {
        return false;
    }
    match hash.and_then(|h| PasswordHash::new(h).ok()) {
        Some(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        None => {
            // No account, or one without a password: spend the same time anyway, so the answer's
            // timing does not tell which usernames exist.
            if let Some(dummy) = dummy_hash(cost) {
                let _ = Argon2::default().verify_password(password.as_bytes(), dummy);
            }
            false
        }
    }
}

fn dummy_hash(cost: PasswordCost) -> Option<&'static PasswordHash> {
    static STANDARD: OnceLock<Option<PasswordHash>> = OnceLock::new();
    static FAST: OnceLock<Option<PasswordHash>> = OnceLock::new();
    let cell = match cost {
        PasswordCost::Standard => &STANDARD,
        PasswordCost::InsecureFastForTests => &FAST,
    };
    cell.get_or_init(|| {
        hash_now("not anyone's password", cost)
            .ok()
            .and_then(|h| PasswordHash::new(&h).ok())
    })
    .as_ref()
}

/// Hashes a new password (after [`check_new`]) on a blocking thread.
pub async fn hash(password: &str, cost: PasswordCost) -> Result<String, PasswordError> {
    let password = password.to_string();
    let _permit = HASHING
        .acquire()
        .await
        .map_err(|e| PasswordError::Hashing(format!("the hashing queue closed: {e}")))?;
    tokio::task::spawn_blocking(move || hash_now(&password, cost))
        .await
        .map_err(|e| PasswordError::Hashing(format!("the hashing task stopped: {e}")))?
}

/// Whether `password` matches the stored hash, on a blocking thread. A missing or unreadable
/// hash never matches, and takes about as long as a real check (with new hashes' `cost`).
pub async fn verify(password: &str, hash: Option<&str>, cost: PasswordCost) -> bool {
    let password = password.to_string();
    let hash = hash.map(str::to_string);
    let Ok(_permit) = HASHING.acquire().await else {
        return false;
    };
    tokio::task::spawn_blocking(move || verify_now(&password, hash.as_deref(), cost))
        .await
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAST: PasswordCost = PasswordCost::InsecureFastForTests;

    #[tokio::test]
    async fn hashes_are_argon2id_and_verify() {
        let h = hash("correct horse battery", FAST).await.expect("hash");
        assert!(h.starts_with("$argon2id$v=19$"), "{h}");
        assert!(verify("correct horse battery", Some(&h), FAST).await);
        assert!(!verify("correct horse batterY", Some(&h), FAST).await);
        let again = hash("correct horse battery", FAST).await.expect("hash");
        assert_ne!(h, again, "every hash has its own salt");
    }

    #[test]
    fn standard_cost_uses_the_owasp_baseline() {
        let h = hash_now("correct horse battery", PasswordCost::Standard).expect("hash");
        assert!(h.contains("m=19456,t=2,p=1"), "{h}");
    }

    #[tokio::test]
    async fn missing_or_broken_hashes_never_match() {
        assert!(!verify("anything at all", None, FAST).await);
        assert!(!verify("anything at all", Some("not a phc string"), FAST).await);
        assert!(!verify("", Some("$argon2id$v=19$m=8,t=1,p=1$"), FAST).await);
    }

    #[test]
    fn length_rules_count_characters() {
        assert_eq!(
            check_new("short"),
            Err(PasswordError::TooShort { chars: 5 })
        );
        assert!(check_new("ééééééééé").is_err(), "9 characters, 18 bytes");
        assert!(check_new("éééééééééé").is_ok());
        assert!(check_new(&"x".repeat(1024)).is_ok());
        assert_eq!(
            check_new(&"x".repeat(1025)),
            Err(PasswordError::TooLong { chars: 1025 })
        );
        let message = check_new("short").expect_err("too short").to_string();
        assert!(message.contains("at least 10"), "{message}");
    }

    #[tokio::test]
    async fn too_long_passwords_are_refused_before_hashing() {
        let long = "x".repeat(2000);
        assert!(matches!(
            hash(&long, FAST).await,
            Err(PasswordError::TooLong { .. })
        ));
        let h = hash("correct horse battery", FAST).await.expect("hash");
        assert!(!verify(&long, Some(&h), FAST).await);
    }
}
