//! Sealing Anneal's journal (DESIGN §5).
//!
//! Each person's journal entries are encrypted with XChaCha20-Poly1305 under a random 256-bit
//! **data key** that belongs to that person alone. The data key is stored only in *wrapped* form:
//! encrypted, again with XChaCha20-Poly1305, under a key derived from the person's passphrase with
//! argon2id. The database therefore holds nothing that opens an entry, and neither does an
//! administrator. The flip side, to be said plainly to people: **a forgotten passphrase loses the
//! journal** — there is no recovery.
//!
//! Changing the passphrase ([`rewrap`]) wraps the same data key again under the new passphrase;
//! entries are not re-encrypted.
//!
//! # Byte formats
//!
//! Both formats start with a version byte, so that later builds can add formats and still read
//! the old ones. This build writes and reads version 1 of each. Integers are big-endian.
//!
//! ## Wrapped data key, version 1 (101 bytes, what [`create`] and [`rewrap`] return)
//!
//! | offset | length | content                                                          |
//! |-------:|-------:|------------------------------------------------------------------|
//! |      0 |      1 | version, `0x01`                                                  |
//! |      1 |      4 | argon2id memory cost in KiB (`u32`)                              |
//! |      5 |      4 | argon2id iterations (`u32`)                                      |
//! |      9 |      4 | argon2id parallelism (`u32`)                                     |
//! |     13 |     16 | argon2id salt, random for every wrap                             |
//! |     29 |     24 | XChaCha20-Poly1305 nonce, random for every wrap                  |
//! |     53 |     48 | the 32-byte data key encrypted, followed by the 16-byte tag      |
//!
//! The key-encryption key is argon2id (version 0x13) of the passphrase's UTF-8 bytes with the
//! recorded parameters and salt, 32 bytes long. Bytes 0..53 are the associated data of the
//! encryption, so the header cannot be changed without detection. Because the parameters are
//! recorded, they can be raised later without breaking journals locked with older ones. This build
//! accepts stored parameters up to [`MAX_MEMORY_KIB`], [`MAX_ITERATIONS`] and [`MAX_PARALLELISM`],
//! so that corrupted bytes cannot make it allocate without bound.
//!
//! A wrapped key that fails authentication is reported as [`VaultError::WrongPassphrase`]: a
//! wrong passphrase and edited bytes cannot be told apart.
//!
//! ## Sealed entry, version 1 (41 bytes plus the length of the text, what [`seal`] returns)
//!
//! | offset | length | content                                                          |
//! |-------:|-------:|------------------------------------------------------------------|
//! |      0 |      1 | version, `0x01`                                                  |
//! |      1 |     24 | XChaCha20-Poly1305 nonce, random for every seal                  |
//! |     25 |  n + 16| the UTF-8 text encrypted, followed by the 16-byte tag            |
//!
//! The associated data is the version byte followed by the caller's `context` (the user id), so an
//! entry copied into another person's journal, or edited in any byte, fails with
//! [`VaultError::Tampered`].
//!
//! ## Sealed data key, version 1 (73 bytes, what [`seal_key`] returns)
//!
//! For keeping an unlocked journal open across web requests: the data key sealed under a 32-byte
//! wrapping key the caller derives from a secret it holds (the web app uses the session cookie's
//! token, which the store never sees).
//!
//! | offset | length | content                                                          |
//! |-------:|-------:|------------------------------------------------------------------|
//! |      0 |      1 | version, `0x01`                                                  |
//! |      1 |     24 | XChaCha20-Poly1305 nonce, random for every seal                  |
//! |     25 |     48 | the 32-byte data key encrypted, followed by the 16-byte tag      |
//!
//! The associated data is the version byte followed by `anneal-sealed-data-key`. Bytes that fail
//! authentication (another wrapping key, or edited) are [`VaultError::Tampered`].
//!
//! # Example
//!
//! ```
//! use anneal_vault::{KdfParams, VaultError};
//!
//! # fn main() -> Result<(), VaultError> {
//! // Real journals use `anneal_vault::create`; the fast parameters keep this example quick.
//! let (key, wrapped) =
//!     anneal_vault::create_with_params("long enough passphrase", KdfParams::INSECURE_FAST_FOR_TESTS)?;
//! let sealed = anneal_vault::seal(&key, "Slept badly again.", b"user-7")?;
//!
//! // Later, in another process: the store gave back `wrapped` and `sealed`.
//! let key = anneal_vault::unlock("long enough passphrase", &wrapped)?;
//! assert_eq!(anneal_vault::open(&key, &sealed, b"user-7")?, "Slept badly again.");
//! assert!(matches!(
//!     anneal_vault::open(&key, &sealed, b"user-8"),
//!     Err(VaultError::Tampered)
//! ));
//! # Ok(())
//! # }
//! ```

use std::fmt;

use argon2::{Algorithm, Argon2, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305};
use zeroize::{Zeroize, Zeroizing};

/// The fewest characters (Unicode scalar values) a new passphrase may have.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// The largest argon2id memory cost, in KiB (1 GiB), this build accepts in a stored wrapped key.
pub const MAX_MEMORY_KIB: u32 = 1024 * 1024;

/// The largest argon2id iteration count this build accepts in a stored wrapped key.
pub const MAX_ITERATIONS: u32 = 64;

/// The largest argon2id parallelism this build accepts in a stored wrapped key.
pub const MAX_PARALLELISM: u32 = 16;

const KEY_LEN: usize = 32;
const SALT_LEN: usize = 16;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;

const WRAPPED_KEY_VERSION: u8 = 1;
const WRAPPED_HEADER_LEN: usize = 1 + 4 + 4 + 4 + SALT_LEN + NONCE_LEN;
const WRAPPED_KEY_LEN: usize = WRAPPED_HEADER_LEN + KEY_LEN + TAG_LEN;

const SEALED_ENTRY_VERSION: u8 = 1;

const SEALED_KEY_VERSION: u8 = 1;
const SEALED_KEY_LABEL: &[u8] = b"anneal-sealed-data-key";
const SEALED_KEY_LEN: usize = 1 + NONCE_LEN + KEY_LEN + TAG_LEN;
const SEALED_MIN_LEN: usize = 1 + NONCE_LEN + TAG_LEN;

/// What went wrong while creating, unlocking or using a journal's key.
#[derive(thiserror::Error, Debug)]
pub enum VaultError {
    /// The passphrase does not unwrap the stored data key.
    #[error("the passphrase is not the one this journal was locked with")]
    WrongPassphrase,
    /// The passphrase is empty, or (for a new passphrase) shorter than [`MIN_PASSPHRASE_CHARS`].
    #[error(
        "the passphrase is empty or too short: a journal passphrase has at least {} characters",
        MIN_PASSPHRASE_CHARS
    )]
    EmptyPassphrase,
    /// Stored bytes that are not a wrapped key or sealed entry of a version this build reads.
    #[error("malformed journal bytes: {0}")]
    Malformed(String),
    /// A sealed entry failed authentication: its bytes were edited, or it belongs to another
    /// person's journal.
    #[error(
        "the journal entry failed authentication: it was altered, or it belongs to another person's journal"
    )]
    Tampered,
    /// The operating system's random number source failed.
    #[error("the operating system's random number source failed: {0}")]
    Randomness(String),
}

/// A person's 256-bit journal data key, unwrapped.
///
/// The bytes live on the heap (so moves do not leave copies behind), are wiped when the key is
/// dropped, and are never shown by `Debug`.
#[derive(Clone)]
pub struct DataKey(Box<[u8; KEY_LEN]>);

impl DataKey {
    /// A fresh key from the operating system's random number source.
    fn generate() -> Result<Self, VaultError> {
        let mut key = DataKey(Box::new([0u8; KEY_LEN]));
        fill_random(&mut key.0[..])?;
        Ok(key)
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        let key: &Key = (&*self.0).into();
        XChaCha20Poly1305::new(key)
    }
}

impl Drop for DataKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DataKey(<redacted>)")
    }
}

/// argon2id cost parameters for deriving the key that wraps a data key.
///
/// Only the named presets can be built, so parameters handed to [`create_with_params`] are always
/// valid; stored parameters are checked when a wrapped key is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KdfParams {
    memory_kib: u32,
    iterations: u32,
    parallelism: u32,
}

impl KdfParams {
    /// The OWASP baseline for argon2id: 19 MiB of memory, 2 iterations, 1 lane. Used by
    /// [`create`] and [`rewrap`].
    pub const OWASP: KdfParams = KdfParams {
        memory_kib: 19 * 1024,
        iterations: 2,
        parallelism: 1,
    };

    /// The cheapest parameters argon2id allows (8 KiB, 1 iteration, 1 lane). **For tests only**:
    /// it makes unlocking fast, and so makes guessing passphrases fast. Never use it for a real
    /// journal.
    pub const INSECURE_FAST_FOR_TESTS: KdfParams = KdfParams {
        memory_kib: 8,
        iterations: 1,
        parallelism: 1,
    };

    /// Memory cost in KiB.
    pub fn memory_kib(&self) -> u32 {
        self.memory_kib
    }

    /// Number of passes over the memory.
    pub fn iterations(&self) -> u32 {
        self.iterations
    }

    /// Number of lanes.
    pub fn parallelism(&self) -> u32 {
        self.parallelism
    }

    /// Checks parameters read from stored bytes against argon2's rules and this build's limits.
    fn checked(memory_kib: u32, iterations: u32, parallelism: u32) -> Result<Self, VaultError> {
        if !(1..=MAX_PARALLELISM).contains(&parallelism) {
            return Err(malformed_key(format!(
                "argon2id parallelism {parallelism} is outside the allowed 1..={MAX_PARALLELISM}"
            )));
        }
        let min_memory = 8 * parallelism;
        if !(min_memory..=MAX_MEMORY_KIB).contains(&memory_kib) {
            return Err(malformed_key(format!(
                "argon2id memory {memory_kib} KiB is outside the allowed \
                 {min_memory}..={MAX_MEMORY_KIB} KiB"
            )));
        }
        if !(1..=MAX_ITERATIONS).contains(&iterations) {
            return Err(malformed_key(format!(
                "argon2id iterations {iterations} is outside the allowed 1..={MAX_ITERATIONS}"
            )));
        }
        Ok(KdfParams {
            memory_kib,
            iterations,
            parallelism,
        })
    }

    /// Derives the 32-byte key-encryption key from a passphrase and salt.
    fn derive(
        &self,
        passphrase: &str,
        salt: &[u8; SALT_LEN],
    ) -> Result<Zeroizing<[u8; KEY_LEN]>, VaultError> {
        let params = argon2::Params::new(
            self.memory_kib,
            self.iterations,
            self.parallelism,
            Some(KEY_LEN),
        )
        .map_err(|e| malformed_key(format!("argon2id rejected its parameters: {e}")))?;
        let mut kek = Zeroizing::new([0u8; KEY_LEN]);
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(passphrase.as_bytes(), salt, &mut kek[..])
            .map_err(|e| malformed_key(format!("argon2id could not derive the key: {e}")))?;
        Ok(kek)
    }
}

impl Default for KdfParams {
    fn default() -> Self {
        KdfParams::OWASP
    }
}

/// Starts a journal: a fresh data key and its wrapped form (bytes the store keeps as-is).
///
/// Uses [`KdfParams::OWASP`].
pub fn create(passphrase: &str) -> Result<(DataKey, Vec<u8>), VaultError> {
    create_with_params(passphrase, KdfParams::OWASP)
}

/// Like [`create`], with chosen argon2id parameters (tests use
/// [`KdfParams::INSECURE_FAST_FOR_TESTS`]; real journals use [`create`]).
pub fn create_with_params(
    passphrase: &str,
    params: KdfParams,
) -> Result<(DataKey, Vec<u8>), VaultError> {
    check_new_passphrase(passphrase)?;
    let key = DataKey::generate()?;
    let wrapped = wrap(&key, passphrase, params)?;
    Ok((key, wrapped))
}

/// Unwraps the data key; a wrong passphrase is WrongPassphrase, never a panic.
///
/// An empty passphrase is [`VaultError::EmptyPassphrase`]; a non-empty one is tried whatever its
/// length, so that a later rise of [`MIN_PASSPHRASE_CHARS`] cannot lock anyone out.
pub fn unlock(passphrase: &str, wrapped: &[u8]) -> Result<DataKey, VaultError> {
    if passphrase.is_empty() {
        return Err(VaultError::EmptyPassphrase);
    }
    let stored = WrappedKey::parse(wrapped)?;
    let kek = stored.params.derive(passphrase, &stored.salt)?;
    let cipher = XChaCha20Poly1305::new((&*kek).into());
    let plain = cipher
        .decrypt(
            (&stored.nonce).into(),
            Payload {
                msg: &stored.ciphertext,
                aad: &stored.header,
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| VaultError::WrongPassphrase)?;
    let mut key = DataKey(Box::new([0u8; KEY_LEN]));
    if plain.len() != KEY_LEN {
        return Err(malformed_key(format!(
            "the unwrapped data key has {} bytes; it must have {KEY_LEN}",
            plain.len()
        )));
    }
    key.0.copy_from_slice(&plain);
    Ok(key)
}

/// Re-wraps the same data key under a new passphrase (entries are NOT re-encrypted).
///
/// The new wrap uses [`KdfParams::OWASP`] and a fresh salt, whatever the old one used.
pub fn rewrap(old: &str, new: &str, wrapped: &[u8]) -> Result<Vec<u8>, VaultError> {
    rewrap_with_params(old, new, wrapped, KdfParams::OWASP)
}

/// Like [`rewrap`], with chosen argon2id parameters for the new wrap (for tests; see
/// [`create_with_params`]).
pub fn rewrap_with_params(
    old: &str,
    new: &str,
    wrapped: &[u8],
    params: KdfParams,
) -> Result<Vec<u8>, VaultError> {
    check_new_passphrase(new)?;
    let key = unlock(old, wrapped)?;
    wrap(&key, new, params)
}

/// Seals text; `context` is authenticated but not secret (callers pass the user id bytes so an
/// entry cannot be moved to another person's journal).
pub fn seal(key: &DataKey, plaintext: &str, context: &[u8]) -> Result<Vec<u8>, VaultError> {
    let mut nonce = [0u8; NONCE_LEN];
    fill_random(&mut nonce)?;
    let aad = entry_aad(SEALED_ENTRY_VERSION, context);
    let ciphertext = key
        .cipher()
        .encrypt(
            (&nonce).into(),
            Payload {
                msg: plaintext.as_bytes(),
                aad: &aad,
            },
        )
        .map_err(|_| {
            VaultError::Malformed(format!(
                "a journal entry of {} bytes is too long to seal",
                plaintext.len()
            ))
        })?;
    let mut sealed = Vec::with_capacity(1 + NONCE_LEN + ciphertext.len());
    sealed.push(SEALED_ENTRY_VERSION);
    sealed.extend_from_slice(&nonce);
    sealed.extend_from_slice(&ciphertext);
    Ok(sealed)
}

/// Opens a sealed entry with the same `context` it was sealed with.
///
/// Bytes that are empty, too short or of an unknown version are [`VaultError::Malformed`]; bytes
/// that fail authentication (edited, another key, another context) are [`VaultError::Tampered`].
pub fn open(key: &DataKey, sealed: &[u8], context: &[u8]) -> Result<String, VaultError> {
    let (&version, rest) = sealed
        .split_first()
        .ok_or_else(|| malformed_entry("it is empty".to_string()))?;
    if version != SEALED_ENTRY_VERSION {
        return Err(malformed_entry(format!(
            "version {version} is unknown; this build reads version {SEALED_ENTRY_VERSION}"
        )));
    }
    if sealed.len() < SEALED_MIN_LEN {
        return Err(malformed_entry(format!(
            "it has {} bytes; a sealed entry has at least {SEALED_MIN_LEN}",
            sealed.len()
        )));
    }
    let (nonce, ciphertext) = rest
        .split_first_chunk::<NONCE_LEN>()
        .ok_or_else(|| malformed_entry("it ends inside its nonce".to_string()))?;
    let aad = entry_aad(version, context);
    let plain = key
        .cipher()
        .decrypt(
            nonce.into(),
            Payload {
                msg: ciphertext,
                aad: &aad,
            },
        )
        .map_err(|_| VaultError::Tampered)?;
    String::from_utf8(plain).map_err(|e| {
        let mut bytes = e.into_bytes();
        bytes.zeroize();
        malformed_entry("its decrypted content is not UTF-8 text".to_string())
    })
}

/// Seals a data key under a 32-byte wrapping key (not a passphrase: no key derivation is done),
/// so that it can be kept outside memory for a while and opened again with [`open_key`].
///
/// The web app uses this to keep a journal unlocked for one session: the wrapping key is derived
/// from the session cookie's secret token, so the stored bytes alone open nothing.
pub fn seal_key(key: &DataKey, wrapping: &[u8; KEY_LEN]) -> Result<Vec<u8>, VaultError> {
    let mut nonce = [0u8; NONCE_LEN];
    fill_random(&mut nonce)?;
    let aad = entry_aad(SEALED_KEY_VERSION, SEALED_KEY_LABEL);
    let cipher = XChaCha20Poly1305::new(wrapping.into());
    let ciphertext = cipher
        .encrypt(
            (&nonce).into(),
            Payload {
                msg: &key.0[..],
                aad: &aad,
            },
        )
        .map_err(|_| malformed_sealed_key("the data key could not be encrypted".to_string()))?;
    let mut sealed = Vec::with_capacity(SEALED_KEY_LEN);
    sealed.push(SEALED_KEY_VERSION);
    sealed.extend_from_slice(&nonce);
    sealed.extend_from_slice(&ciphertext);
    Ok(sealed)
}

/// Opens a data key sealed by [`seal_key`] with the same wrapping key.
///
/// Bytes of the wrong length or an unknown version are [`VaultError::Malformed`]; bytes that fail
/// authentication (another wrapping key, or edited) are [`VaultError::Tampered`].
pub fn open_key(sealed: &[u8], wrapping: &[u8; KEY_LEN]) -> Result<DataKey, VaultError> {
    let (&version, rest) = sealed
        .split_first()
        .ok_or_else(|| malformed_sealed_key("it is empty".to_string()))?;
    if version != SEALED_KEY_VERSION {
        return Err(malformed_sealed_key(format!(
            "version {version} is unknown; this build reads version {SEALED_KEY_VERSION}"
        )));
    }
    if sealed.len() != SEALED_KEY_LEN {
        return Err(malformed_sealed_key(format!(
            "it has {} bytes; a version {SEALED_KEY_VERSION} sealed key has exactly {SEALED_KEY_LEN}",
            sealed.len()
        )));
    }
    let (nonce, ciphertext) = rest
        .split_first_chunk::<NONCE_LEN>()
        .ok_or_else(|| malformed_sealed_key("it ends inside its nonce".to_string()))?;
    let aad = entry_aad(version, SEALED_KEY_LABEL);
    let cipher = XChaCha20Poly1305::new(wrapping.into());
    let plain = cipher
        .decrypt(
            nonce.into(),
            Payload {
                msg: ciphertext,
                aad: &aad,
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| VaultError::Tampered)?;
    if plain.len() != KEY_LEN {
        return Err(malformed_sealed_key(format!(
            "the opened data key has {} bytes; it must have {KEY_LEN}",
            plain.len()
        )));
    }
    let mut key = DataKey(Box::new([0u8; KEY_LEN]));
    key.0.copy_from_slice(&plain);
    Ok(key)
}

/// A version-1 wrapped data key, split into its fields.
struct WrappedKey {
    header: [u8; WRAPPED_HEADER_LEN],
    params: KdfParams,
    salt: [u8; SALT_LEN],
    nonce: [u8; NONCE_LEN],
    ciphertext: [u8; KEY_LEN + TAG_LEN],
}

impl WrappedKey {
    fn parse(bytes: &[u8]) -> Result<Self, VaultError> {
        let Some(&version) = bytes.first() else {
            return Err(malformed_key("it is empty".to_string()));
        };
        if version != WRAPPED_KEY_VERSION {
            return Err(malformed_key(format!(
                "version {version} is unknown; this build reads version {WRAPPED_KEY_VERSION}"
            )));
        }
        if bytes.len() != WRAPPED_KEY_LEN {
            return Err(malformed_key(format!(
                "it has {} bytes; a version {WRAPPED_KEY_VERSION} wrapped key has exactly \
                 {WRAPPED_KEY_LEN}",
                bytes.len()
            )));
        }
        let mut reader = Reader(bytes);
        let header = *reader.peek::<WRAPPED_HEADER_LEN>()?;
        let _version = reader.take::<1>()?;
        let memory_kib = u32::from_be_bytes(*reader.take::<4>()?);
        let iterations = u32::from_be_bytes(*reader.take::<4>()?);
        let parallelism = u32::from_be_bytes(*reader.take::<4>()?);
        let params = KdfParams::checked(memory_kib, iterations, parallelism)?;
        let salt = *reader.take::<SALT_LEN>()?;
        let nonce = *reader.take::<NONCE_LEN>()?;
        let ciphertext = *reader.take::<{ KEY_LEN + TAG_LEN }>()?;
        Ok(WrappedKey {
            header,
            params,
            salt,
            nonce,
            ciphertext,
        })
    }
}

/// Reads fixed-size fields from the front of a byte slice.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn peek<const N: usize>(&self) -> Result<&'a [u8; N], VaultError> {
        self.0
            .first_chunk::<N>()
            .ok_or_else(|| malformed_key("it ends before its last field".to_string()))
    }

    fn take<const N: usize>(&mut self) -> Result<&'a [u8; N], VaultError> {
        let (field, rest) = self
            .0
            .split_first_chunk::<N>()
            .ok_or_else(|| malformed_key("it ends before its last field".to_string()))?;
        self.0 = rest;
        Ok(field)
    }
}

/// Wraps `key` under `passphrase` in the version-1 format, with a fresh salt and nonce.
fn wrap(key: &DataKey, passphrase: &str, params: KdfParams) -> Result<Vec<u8>, VaultError> {
    let mut salt = [0u8; SALT_LEN];
    fill_random(&mut salt)?;
    let mut nonce = [0u8; NONCE_LEN];
    fill_random(&mut nonce)?;

    let mut wrapped = Vec::with_capacity(WRAPPED_KEY_LEN);
    wrapped.push(WRAPPED_KEY_VERSION);
    wrapped.extend_from_slice(&params.memory_kib.to_be_bytes());
    wrapped.extend_from_slice(&params.iterations.to_be_bytes());
    wrapped.extend_from_slice(&params.parallelism.to_be_bytes());
    wrapped.extend_from_slice(&salt);
    wrapped.extend_from_slice(&nonce);

    let kek = params.derive(passphrase, &salt)?;
    let cipher = XChaCha20Poly1305::new((&*kek).into());
    let ciphertext = cipher
        .encrypt(
            (&nonce).into(),
            Payload {
                msg: &key.0[..],
                aad: &wrapped,
            },
        )
        .map_err(|_| malformed_key("the data key could not be encrypted".to_string()))?;
    wrapped.extend_from_slice(&ciphertext);
    Ok(wrapped)
}

fn check_new_passphrase(passphrase: &str) -> Result<(), VaultError> {
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(VaultError::EmptyPassphrase);
    }
    Ok(())
}

fn entry_aad(version: u8, context: &[u8]) -> Vec<u8> {
    let mut aad = Vec::with_capacity(1 + context.len());
    aad.push(version);
    aad.extend_from_slice(context);
    aad
}

fn fill_random(buf: &mut [u8]) -> Result<(), VaultError> {
    getrandom::fill(buf).map_err(|e| VaultError::Randomness(e.to_string()))
}

fn malformed_key(detail: String) -> VaultError {
    VaultError::Malformed(format!("wrapped journal key: {detail}"))
}

fn malformed_sealed_key(detail: String) -> VaultError {
    VaultError::Malformed(format!("sealed data key: {detail}"))
}

fn malformed_entry(detail: String) -> VaultError {
    VaultError::Malformed(format!("sealed journal entry: {detail}"))
}

#[cfg(test)]
mod tests;
