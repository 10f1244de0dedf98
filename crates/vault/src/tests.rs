use proptest::prelude::*;

use super::*;

const PASS: &str = "correct horse battery";
const OTHER_PASS: &str = "a different passphrase";
const USER: &[u8] = b"user-42";

fn fast_create(passphrase: &str) -> (DataKey, Vec<u8>) {
    create_with_params(passphrase, KdfParams::INSECURE_FAST_FOR_TESTS).expect("create journal")
}

fn fast_key() -> DataKey {
    DataKey::generate().expect("random data key")
}

fn is_malformed<T>(result: &Result<T, VaultError>) -> bool {
    matches!(result, Err(VaultError::Malformed(_)))
}

fn is_tampered<T>(result: &Result<T, VaultError>) -> bool {
    matches!(result, Err(VaultError::Tampered))
}

fn is_wrong_passphrase<T>(result: &Result<T, VaultError>) -> bool {
    matches!(result, Err(VaultError::WrongPassphrase))
}

// ---- keys: create, unlock, rewrap ----

#[test]
fn unlock_returns_the_created_key_and_entries_round_trip() {
    let (key, wrapped) = fast_create(PASS);
    let unlocked = unlock(PASS, &wrapped).expect("unlock");
    assert_eq!(key.0, unlocked.0);

    for text in ["", "Felt flat all week.", "Müde — 疲れた — 😮‍💨\nline two"] {
        let sealed = seal(&key, text, USER).expect("seal");
        assert_eq!(open(&unlocked, &sealed, USER).expect("open"), text);
    }
}

#[test]
fn create_uses_the_owasp_baseline_and_rewrap_keeps_it() {
    let (key, wrapped) = create(PASS).expect("create");
    let stored = WrappedKey::parse(&wrapped).expect("parse");
    assert_eq!(stored.params, KdfParams::OWASP);
    assert_eq!(
        (
            stored.params.memory_kib(),
            stored.params.iterations(),
            stored.params.parallelism()
        ),
        (19 * 1024, 2, 1)
    );
    assert_eq!(KdfParams::default(), KdfParams::OWASP);

    let (_, fast_wrapped) = fast_create(PASS);
    let rewrapped = rewrap(PASS, OTHER_PASS, &fast_wrapped).expect("rewrap");
    let stored = WrappedKey::parse(&rewrapped).expect("parse");
    assert_eq!(stored.params, KdfParams::OWASP);

    assert_eq!(unlock(PASS, &wrapped).expect("unlock").0, key.0);
}

#[test]
fn wrapped_key_layout_matches_the_documented_format() {
    let (_, wrapped) = fast_create(PASS);
    assert_eq!(wrapped.len(), 101);
    assert_eq!(wrapped[0], 1);
    assert_eq!(&wrapped[1..5], &8u32.to_be_bytes());
    assert_eq!(&wrapped[5..9], &1u32.to_be_bytes());
    assert_eq!(&wrapped[9..13], &1u32.to_be_bytes());
}

#[test]
fn every_wrap_has_a_fresh_salt_and_nonce() {
    let (_, first) = fast_create(PASS);
    let (_, second) = fast_create(PASS);
    assert_ne!(first[13..29], second[13..29], "salt repeated");
    assert_ne!(first[29..53], second[29..53], "nonce repeated");

    let rewrapped =
        rewrap_with_params(PASS, PASS, &first, KdfParams::INSECURE_FAST_FOR_TESTS).expect("rewrap");
    assert_ne!(first[13..29], rewrapped[13..29], "salt reused by rewrap");
}

#[test]
fn new_passphrases_need_eight_characters_not_bytes() {
    for short in ["", "1234567", "äöüßéèñ"] {
        let result = create_with_params(short, KdfParams::INSECURE_FAST_FOR_TESTS);
        assert!(
            matches!(result, Err(VaultError::EmptyPassphrase)),
            "{short:?}"
        );
    }
    let eight_chars = "äöüßéèñç";
    assert_eq!(eight_chars.chars().count(), MIN_PASSPHRASE_CHARS);
    let (key, wrapped) = fast_create(eight_chars);
    assert_eq!(unlock(eight_chars, &wrapped).expect("unlock").0, key.0);
}

#[test]
fn unlock_with_an_empty_passphrase_is_empty_passphrase() {
    let (_, wrapped) = fast_create(PASS);
    assert!(matches!(
        unlock("", &wrapped),
        Err(VaultError::EmptyPassphrase)
    ));
}

#[test]
fn unlock_tries_short_non_empty_passphrases_and_calls_them_wrong() {
    let (_, wrapped) = fast_create(PASS);
    assert!(is_wrong_passphrase(&unlock("x", &wrapped)));
}

#[test]
fn rewrap_moves_the_same_key_to_the_new_passphrase() {
    let (key, wrapped) = fast_create(PASS);
    let earlier_entry = seal(&key, "written before the change", USER).expect("seal");

    let rewrapped = rewrap_with_params(
        PASS,
        OTHER_PASS,
        &wrapped,
        KdfParams::INSECURE_FAST_FOR_TESTS,
    )
    .expect("rewrap");

    assert!(is_wrong_passphrase(&unlock(PASS, &rewrapped)));
    let unlocked = unlock(OTHER_PASS, &rewrapped).expect("unlock with new passphrase");
    assert_eq!(unlocked.0, key.0);
    assert_eq!(
        open(&unlocked, &earlier_entry, USER).expect("open earlier entry"),
        "written before the change"
    );
}

#[test]
fn rewrap_refuses_a_wrong_old_or_short_new_passphrase() {
    let (_, wrapped) = fast_create(PASS);
    let params = KdfParams::INSECURE_FAST_FOR_TESTS;
    assert!(is_wrong_passphrase(&rewrap_with_params(
        OTHER_PASS,
        "brand new passphrase",
        &wrapped,
        params
    )));
    assert!(matches!(
        rewrap_with_params(PASS, "short", &wrapped, params),
        Err(VaultError::EmptyPassphrase)
    ));
    assert!(matches!(
        rewrap_with_params(PASS, "", &wrapped, params),
        Err(VaultError::EmptyPassphrase)
    ));
}

#[test]
fn unknown_wrapped_key_version_is_malformed() {
    let (_, mut wrapped) = fast_create(PASS);
    for version in [0u8, 2, 255] {
        wrapped[0] = version;
        let result = unlock(PASS, &wrapped);
        assert!(is_malformed(&result), "version {version}: {result:?}");
    }
}

#[test]
fn wrapped_key_of_the_wrong_length_is_malformed() {
    let (_, wrapped) = fast_create(PASS);
    for len in 0..wrapped.len() {
        assert!(is_malformed(&unlock(PASS, &wrapped[..len])), "prefix {len}");
    }
    let mut longer = wrapped.clone();
    longer.push(0);
    assert!(is_malformed(&unlock(PASS, &longer)));
}

#[test]
fn stored_parameters_outside_the_limits_are_malformed() {
    let (_, wrapped) = fast_create(PASS);
    let cases: [(u32, u32, u32); 6] = [
        (MAX_MEMORY_KIB + 1, 1, 1),
        (u32::MAX, 1, 1),
        (8, 0, 1),
        (8, MAX_ITERATIONS + 1, 1),
        (8, 1, 0),
        (15, 1, 2),
    ];
    for (memory, iterations, lanes) in cases {
        let mut edited = wrapped.clone();
        edited[1..5].copy_from_slice(&memory.to_be_bytes());
        edited[5..9].copy_from_slice(&iterations.to_be_bytes());
        edited[9..13].copy_from_slice(&lanes.to_be_bytes());
        let result = unlock(PASS, &edited);
        assert!(
            is_malformed(&result),
            "m={memory} t={iterations} p={lanes}: {result:?}"
        );
    }
}

#[test]
fn edited_wrapped_key_bytes_fail_as_wrong_passphrase() {
    let (_, wrapped) = fast_create(PASS);
    // iterations 1 -> 2 (still cheap), a salt byte, a nonce byte, a ciphertext byte, the tag.
    for position in [8, 13, 28, 29, 52, 53, 84, 100] {
        let mut edited = wrapped.clone();
        edited[position] ^= 0x03;
        let result = unlock(PASS, &edited);
        assert!(is_wrong_passphrase(&result), "byte {position}: {result:?}");
    }
}

// ---- data keys sealed under a wrapping key: seal_key, open_key ----

const WRAPPING: [u8; 32] = [7u8; 32];

#[test]
fn sealed_key_opens_to_the_same_key_and_has_the_documented_layout() {
    let key = fast_key();
    let sealed = seal_key(&key, &WRAPPING).expect("seal key");
    assert_eq!(sealed.len(), 73);
    assert_eq!(sealed[0], 1);
    assert!(!sealed.windows(32).any(|w| w == &key.0[..]));
    let opened = open_key(&sealed, &WRAPPING).expect("open key");
    assert_eq!(opened.0, key.0);
    let entry = seal(&key, "still readable", USER).expect("seal");
    assert_eq!(open(&opened, &entry, USER).expect("open"), "still readable");
}

#[test]
fn two_seals_of_the_same_key_differ() {
    let key = fast_key();
    let a = seal_key(&key, &WRAPPING).expect("seal key");
    let b = seal_key(&key, &WRAPPING).expect("seal key");
    assert_ne!(a, b);
}

#[test]
fn sealed_key_under_another_wrapping_key_is_tampered() {
    let sealed = seal_key(&fast_key(), &WRAPPING).expect("seal key");
    assert!(is_tampered(&open_key(&sealed, &[8u8; 32])));
}

#[test]
fn edited_sealed_key_is_tampered() {
    let sealed = seal_key(&fast_key(), &WRAPPING).expect("seal key");
    for i in 1..sealed.len() {
        let mut edited = sealed.clone();
        edited[i] ^= 0x01;
        assert!(is_tampered(&open_key(&edited, &WRAPPING)), "byte {i}");
    }
}

#[test]
fn empty_short_long_and_unknown_version_sealed_keys_are_malformed() {
    let sealed = seal_key(&fast_key(), &WRAPPING).expect("seal key");
    assert!(is_malformed(&open_key(&[], &WRAPPING)));
    assert!(is_malformed(&open_key(&sealed[..72], &WRAPPING)));
    let mut long = sealed.clone();
    long.push(0);
    assert!(is_malformed(&open_key(&long, &WRAPPING)));
    let mut versioned = sealed;
    versioned[0] = 2;
    assert!(is_malformed(&open_key(&versioned, &WRAPPING)));
}

proptest! {
    #[test]
    fn open_key_never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..100)) {
        let _ = open_key(&bytes, &WRAPPING);
    }
}

// ---- entries: seal, open ----

#[test]
fn sealed_entry_layout_matches_the_documented_format() {
    let key = fast_key();
    let sealed = seal(&key, "twelve bytes", USER).expect("seal");
    assert_eq!(sealed[0], 1);
    assert_eq!(sealed.len(), 41 + "twelve bytes".len());
}

#[test]
fn two_seals_of_the_same_text_differ() {
    let key = fast_key();
    let first = seal(&key, "same words", USER).expect("seal");
    let second = seal(&key, "same words", USER).expect("seal");
    assert_ne!(first, second);
    assert_ne!(first[1..25], second[1..25], "nonce repeated");
}

#[test]
fn sealed_bytes_do_not_contain_the_plaintext() {
    let key = fast_key();
    let text = "I dread Monday mornings and cannot say why.";
    let sealed = seal(&key, text, USER).expect("seal");
    let needle = &text.as_bytes()[..8];
    assert!(!sealed.windows(needle.len()).any(|w| w == needle));
}

#[test]
fn wrong_context_is_tampered() {
    let key = fast_key();
    let sealed = seal(&key, "mine", b"user-1").expect("seal");
    assert!(is_tampered(&open(&key, &sealed, b"user-2")));
    assert!(is_tampered(&open(&key, &sealed, b"")));
    assert!(is_tampered(&open(&key, &sealed, b"user-1\0")));
}

#[test]
fn another_persons_key_is_tampered() {
    let sealed = seal(&fast_key(), "mine", USER).expect("seal");
    assert!(is_tampered(&open(&fast_key(), &sealed, USER)));
}

#[test]
fn empty_truncated_and_unknown_version_entries_are_malformed() {
    let key = fast_key();
    assert!(is_malformed(&open(&key, &[], USER)));
    assert!(is_malformed(&open(&key, &[1], USER)));
    assert!(is_malformed(&open(&key, &[1; 40], USER)));

    let mut sealed = seal(&key, "text", USER).expect("seal");
    for len in 0..SEALED_MIN_LEN {
        assert!(
            is_malformed(&open(&key, &sealed[..len], USER)),
            "prefix {len}"
        );
    }
    sealed[0] = 2;
    assert!(is_malformed(&open(&key, &sealed, USER)));
}

#[test]
fn appended_bytes_are_tampered() {
    let key = fast_key();
    let mut sealed = seal(&key, "text", USER).expect("seal");
    sealed.push(0);
    assert!(is_tampered(&open(&key, &sealed, USER)));
}

#[test]
fn data_key_debug_hides_the_bytes() {
    let key = fast_key();
    let shown = format!("{key:?}");
    assert_eq!(shown, "DataKey(<redacted>)");
}

#[test]
fn error_messages_say_what_is_allowed() {
    assert!(
        VaultError::EmptyPassphrase
            .to_string()
            .contains("at least 8")
    );
    let key = fast_key();
    let message = match open(&key, &[9; 50], USER) {
        Err(error) => error.to_string(),
        Ok(text) => panic!("opened {text:?}"),
    };
    assert!(message.contains("version 9"), "{message}");
    assert!(message.contains("version 1"), "{message}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_other_passphrase_is_wrong(guess in ".{1,40}") {
        prop_assume!(guess != PASS);
        let (_, wrapped) = fast_create(PASS);
        let result = unlock(&guess, &wrapped);
        prop_assert!(is_wrong_passphrase(&result), "{:?}", result);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_wrapped_keys_with_a_valid_header_are_wrong_passphrase(
        body in prop::array::uniform32(any::<u8>()),
        rest in prop::collection::vec(any::<u8>(), WRAPPED_KEY_LEN - 13 - 32),
    ) {
        let mut wrapped = vec![1u8];
        wrapped.extend_from_slice(&8u32.to_be_bytes());
        wrapped.extend_from_slice(&1u32.to_be_bytes());
        wrapped.extend_from_slice(&1u32.to_be_bytes());
        wrapped.extend_from_slice(&body);
        wrapped.extend_from_slice(&rest);
        let result = unlock(PASS, &wrapped);
        prop_assert!(is_wrong_passphrase(&result), "{:?}", result);
    }
}

proptest! {
    #[test]
    fn changing_any_byte_of_a_sealed_entry_is_detected(
        text in ".{0,60}",
        position in any::<prop::sample::Index>(),
        flip in 1u8..=255,
    ) {
        let key = fast_key();
        let mut sealed = seal(&key, &text, USER).expect("seal");
        let at = position.index(sealed.len());
        sealed[at] ^= flip;
        let result = open(&key, &sealed, USER);
        if at == 0 {
            prop_assert!(is_malformed(&result), "{:?}", result);
        } else {
            prop_assert!(is_tampered(&result), "{:?}", result);
        }
    }

    #[test]
    fn truncated_entries_never_open(text in ".{0,60}", cut in any::<prop::sample::Index>()) {
        let key = fast_key();
        let sealed = seal(&key, &text, USER).expect("seal");
        let len = cut.index(sealed.len());
        let result = open(&key, &sealed[..len], USER);
        if len < SEALED_MIN_LEN {
            prop_assert!(is_malformed(&result), "{:?}", result);
        } else {
            prop_assert!(is_tampered(&result), "{:?}", result);
        }
    }

    #[test]
    fn arbitrary_bytes_never_open_and_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let result = open(&fast_key(), &bytes, USER);
        if bytes.first() != Some(&1) || bytes.len() < SEALED_MIN_LEN {
            prop_assert!(is_malformed(&result), "{:?}", result);
        } else {
            prop_assert!(is_tampered(&result), "{:?}", result);
        }
    }

    #[test]
    fn arbitrary_bytes_never_unlock_and_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let result = unlock(PASS, &bytes);
        if bytes.first() != Some(&1) || bytes.len() != WRAPPED_KEY_LEN {
            prop_assert!(is_malformed(&result), "{:?}", result);
        } else {
            prop_assert!(is_malformed(&result) || is_wrong_passphrase(&result), "{:?}", result);
        }
    }
}
