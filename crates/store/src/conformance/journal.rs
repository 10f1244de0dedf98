//! Stories about the journal: the wrapped key and the sealed entries. The store sees only bytes,
//! and must give every one of them back exactly, to their owner and nobody else.

use super::fixtures::{self, MISSING_USER, at_millis, day, to_millis};
use crate::{JournalEntry, NewJournalEntry, Store, UserId, WrappedKey};
use chrono::{DateTime, Duration, Utc};

/// What a backend must hand back for `new`, stored for `user` under `id`: the same values, with
/// the time cut to whole milliseconds.
fn expected(id: i64, user: UserId, new: &NewJournalEntry) -> JournalEntry {
    JournalEntry {
        id,
        user,
        created_at: to_millis(new.created_at),
        prompt: new.prompt.clone(),
        sealed: new.sealed.clone(),
    }
}

/// A new entry written at `created_at`, answering `prompt`, sealed as `sealed`.
pub(super) fn entry(
    created_at: DateTime<Utc>,
    prompt: Option<&str>,
    sealed: &[u8],
) -> NewJournalEntry {
    NewJournalEntry {
        created_at,
        prompt: prompt.map(str::to_owned),
        sealed: sealed.to_vec(),
    }
}

async fn add(store: &dyn Store, user: UserId, new: NewJournalEntry) -> JournalEntry {
    store
        .add_journal_entry(user, new)
        .await
        .expect("add a journal entry")
}

async fn entries(store: &dyn Store, user: UserId) -> Vec<JournalEntry> {
    store
        .journal_entries(user)
        .await
        .expect("read journal entries")
}

/// 64 KiB of every byte value in turn, NUL included.
fn big_blob() -> Vec<u8> {
    (0..=u8::MAX).cycle().take(64 * 1024).collect()
}

/// No key until one is put; a second put replaces the first; each person has their own.
pub async fn journal_key_is_absent_then_put_then_replaced(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    let bob = fixtures::user(store, "bob").await;
    assert_eq!(store.journal_key(alice.id).await.expect("read key"), None);

    let first = WrappedKey(vec![0x00, 0x01, 0xFF, 0x00, 0x7F, 0x80, 0x00]);
    store
        .put_journal_key(alice.id, first.clone())
        .await
        .expect("put the first key");
    assert_eq!(
        store.journal_key(alice.id).await.expect("read key"),
        Some(first)
    );
    assert_eq!(
        store.journal_key(bob.id).await.expect("read key"),
        None,
        "bob must not see alice's key"
    );

    let second = WrappedKey(big_blob());
    store
        .put_journal_key(alice.id, second.clone())
        .await
        .expect("replace the key");
    assert_eq!(
        store.journal_key(alice.id).await.expect("read key"),
        Some(second.clone())
    );

    let bobs = WrappedKey(vec![0x00; 72]);
    store
        .put_journal_key(bob.id, bobs.clone())
        .await
        .expect("put bob's key");
    assert_eq!(
        store.journal_key(bob.id).await.expect("read key"),
        Some(bobs)
    );
    assert_eq!(
        store.journal_key(alice.id).await.expect("read key"),
        Some(second),
        "bob's key must not replace alice's"
    );
    assert_eq!(
        store.journal_key(MISSING_USER).await.expect("read key"),
        None
    );
}

/// Sealed bytes round-trip exactly — NUL bytes, every byte value, 64 KiB, nothing at all — with
/// their prompts and times, and entries come back oldest first whatever order they were written
/// in, ties in the order written.
pub async fn journal_entries_round_trip_bytes_exactly(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    let written = [
        entry(day(2), Some("revisit_why_1"), &[0x00, 0x00, 0x00]),
        entry(
            day(0) + Duration::nanoseconds(456_789_123),
            None,
            &[0xFF, 0x00, 0xFE, 0x01, b'\n', b'\\', b'\'', 0x00],
        ),
        entry(day(4), Some("Pourquoi ce travail ? なぜ 🦀"), &big_blob()),
        entry(at_millis(-1), Some(""), &[]),
        entry(day(2), None, &(0..=255).collect::<Vec<u8>>()),
    ];
    let mut added = Vec::new();
    for new in &written {
        let got = add(store, alice.id, new.clone()).await;
        assert_eq!(
            got,
            expected(got.id, alice.id, new),
            "add_journal_entry must return what it stored"
        );
        added.push(got);
    }
    assert_eq!(added[1].created_at.timestamp_subsec_nanos(), 456_000_000);

    let want: Vec<JournalEntry> = [3, 1, 0, 4, 2]
        .into_iter()
        .map(|i| added[i].clone())
        .collect();
    let back = entries(store, alice.id).await;
    assert_eq!(back, want);
    assert_eq!(back[4].sealed.len(), 64 * 1024);
    for one in &added {
        assert_eq!(
            store
                .journal_entry(alice.id, one.id)
                .await
                .expect("read one entry"),
            Some(one.clone())
        );
    }
}

/// Each person reads only their own entries: another person's entry id is `None`, exactly as an
/// id that does not exist.
pub async fn journal_entries_are_per_person(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    let bob = fixtures::user(store, "bob").await;
    let carol = fixtures::user(store, "carol").await;
    let hers = add(store, alice.id, entry(day(0), Some("p"), b"alice's secret")).await;
    let his = add(store, bob.id, entry(day(1), None, b"bob's secret")).await;

    assert_eq!(entries(store, alice.id).await, vec![hers.clone()]);
    assert_eq!(entries(store, bob.id).await, vec![his.clone()]);
    assert!(entries(store, carol.id).await.is_empty());

    for (user, id) in [
        (bob.id, hers.id),
        (alice.id, his.id),
        (carol.id, hers.id),
        (MISSING_USER, his.id),
        (alice.id, hers.id.max(his.id) + 1_000),
        (alice.id, -1),
    ] {
        assert_eq!(
            store.journal_entry(user, id).await.expect("read one entry"),
            None,
            "user {} must not read entry {id}",
            user.0
        );
    }
    assert_eq!(
        store.journal_entry(bob.id, his.id).await.expect("read"),
        Some(his)
    );
}

/// A prompt the store cannot keep faithfully (a NUL character) is refused and nothing is stored.
pub async fn unstorable_journal_prompts_are_refused(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    let result = store
        .add_journal_entry(alice.id, entry(day(0), Some("why\0not"), &[1, 2, 3]))
        .await;
    assert!(
        result.is_err(),
        "a prompt with a NUL character was accepted: {result:?}"
    );
    assert!(entries(store, alice.id).await.is_empty());
    // The store is still usable afterwards.
    add(store, alice.id, entry(day(1), Some("why"), &[0])).await;
    assert_eq!(entries(store, alice.id).await.len(), 1);
}
