//! Stories about web sessions: kept under the hash of the cookie's token, readable until they
//! expire, carrying the sealed journal key while the journal is unlocked, and ended one at a
//! time, per person, or when they are past their time.

use super::fixtures::{self, MISSING_USER, day, session, to_millis, token_hash};
use crate::{NewSession, Session, Store, StoreError};
use chrono::{DateTime, Duration, Utc};

/// What a backend must hand back for `new`: the same values, times cut to whole milliseconds,
/// and no journal key.
fn expected(new: &NewSession) -> Session {
    Session {
        user: new.user,
        csrf: new.csrf.clone(),
        created_at: to_millis(new.created_at),
        expires_at: to_millis(new.expires_at),
        journal_key: None,
    }
}

async fn create(store: &dyn Store, new: &NewSession) {
    store
        .create_session(new.clone())
        .await
        .expect("create a session");
}

async fn read(store: &dyn Store, hash: &[u8], now: DateTime<Utc>) -> Option<Session> {
    store.session(hash, now).await.expect("read a session")
}

/// How many sessions are stored at all, live or expired. Destructive: purges them all, so
/// stories call it last.
async fn purge_all(store: &dyn Store) -> u64 {
    store
        .purge_expired_sessions(DateTime::<Utc>::MAX_UTC)
        .await
        .expect("purge every session")
}

/// A session reads back exactly as created (to the millisecond) until the millisecond it
/// expires: at `expires_at` it is gone from reads, yet still stored — reading does not delete.
pub async fn sessions_are_readable_until_they_expire(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    let created = day(0) + Duration::nanoseconds(123_456_789);
    let expires = day(7) + Duration::nanoseconds(987_654_321);
    let new = session(alice.id, token_hash(1), created, expires);
    create(store, &new).await;
    let want = expected(&new);
    assert_eq!(want.created_at.timestamp_subsec_nanos(), 123_000_000);

    let last_live = to_millis(expires) - Duration::milliseconds(1);
    for now in [created, day(3), last_live] {
        assert_eq!(
            read(store, &token_hash(1), now).await,
            Some(want.clone()),
            "the session must be live at {now}"
        );
    }
    for now in [to_millis(expires), day(8), DateTime::<Utc>::MAX_UTC] {
        assert_eq!(
            read(store, &token_hash(1), now).await,
            None,
            "the session must have expired at {now}"
        );
    }
    assert_eq!(
        read(store, &token_hash(1), day(1)).await,
        Some(want),
        "reading an expired session must not delete it"
    );
    for other in [token_hash(2), Vec::new(), token_hash(1)[..31].to_vec()] {
        assert_eq!(read(store, &other, day(1)).await, None, "hash {other:?}");
    }
}

/// A token hash already in use is a conflict and leaves the first session as it was.
pub async fn a_reused_session_token_hash_is_a_conflict(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    let bob = fixtures::user(store, "bob").await;
    let first = session(alice.id, token_hash(1), day(0), day(7));
    create(store, &first).await;
    let second = store
        .create_session(session(bob.id, token_hash(1), day(1), day(9)))
        .await;
    assert!(
        matches!(second, Err(StoreError::Conflict { .. })),
        "expected a conflict for a token hash in use, got {second:?}"
    );
    assert_eq!(
        read(store, &token_hash(1), day(2)).await,
        Some(expected(&first))
    );
    assert_eq!(purge_all(store).await, 1, "nothing was stored for bob");
}

/// The sealed journal key is set, replaced and cleared on one session only; setting it on a
/// session that does not exist is not an error and creates nothing.
pub async fn session_journal_key_is_set_replaced_and_cleared(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    let mine = session(alice.id, token_hash(1), day(0), day(7));
    let other = session(alice.id, token_hash(2), day(0), day(7));
    create(store, &mine).await;
    create(store, &other).await;
    let key_of = async |hash: &[u8]| {
        read(store, hash, day(1))
            .await
            .expect("the session is live")
            .journal_key
    };
    assert_eq!(key_of(&token_hash(1)).await, None);

    let sealed = vec![0x00, 0xFF, 0x00, 0x10, 0x80];
    store
        .set_session_journal_key(&token_hash(1), Some(sealed.clone()))
        .await
        .expect("set the key");
    assert_eq!(key_of(&token_hash(1)).await, Some(sealed));
    assert_eq!(key_of(&token_hash(2)).await, None, "only that session");

    let replaced: Vec<u8> = (0..=255).cycle().take(4096).collect();
    store
        .set_session_journal_key(&token_hash(1), Some(replaced.clone()))
        .await
        .expect("replace the key");
    let back = read(store, &token_hash(1), day(1)).await;
    assert_eq!(
        back,
        Some(Session {
            journal_key: Some(replaced),
            ..expected(&mine)
        }),
        "only the key changes"
    );

    store
        .set_session_journal_key(&token_hash(1), None)
        .await
        .expect("clear the key");
    assert_eq!(
        read(store, &token_hash(1), day(1)).await,
        Some(expected(&mine))
    );

    store
        .set_session_journal_key(&token_hash(9), Some(vec![1, 2, 3]))
        .await
        .expect("a missing session is not an error");
    assert_eq!(read(store, &token_hash(9), day(1)).await, None);
    assert_eq!(purge_all(store).await, 2, "no session was created");
}

/// Logging out ends that session only; ending it again, or one that never existed, is fine.
pub async fn delete_session_ends_only_that_session(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    let bob = fixtures::user(store, "bob").await;
    let kept_hers = session(alice.id, token_hash(2), day(0), day(7));
    let kept_his = session(bob.id, token_hash(3), day(0), day(7));
    create(store, &session(alice.id, token_hash(1), day(0), day(7))).await;
    create(store, &kept_hers).await;
    create(store, &kept_his).await;

    store
        .delete_session(&token_hash(1))
        .await
        .expect("end a session");
    assert_eq!(read(store, &token_hash(1), day(1)).await, None);
    assert_eq!(
        read(store, &token_hash(2), day(1)).await,
        Some(expected(&kept_hers))
    );
    assert_eq!(
        read(store, &token_hash(3), day(1)).await,
        Some(expected(&kept_his))
    );
    for hash in [token_hash(1), token_hash(9)] {
        store
            .delete_session(&hash)
            .await
            .expect("ending a missing session is not an error");
    }
    assert_eq!(purge_all(store).await, 2);
}

/// Ending every session of one person (a password change) leaves everybody else's; a person
/// without sessions, or who does not exist, is not an error.
pub async fn delete_sessions_of_ends_only_that_persons_sessions(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    let bob = fixtures::user(store, "bob").await;
    let carol = fixtures::user(store, "carol").await;
    for i in 1..=3 {
        // Live and already expired alike.
        create(
            store,
            &session(alice.id, token_hash(i), day(0), day(i64::from(i))),
        )
        .await;
    }
    let his = session(bob.id, token_hash(10), day(0), day(7));
    create(store, &his).await;

    store
        .delete_sessions_of(alice.id)
        .await
        .expect("end alice's sessions");
    for i in 1..=3 {
        assert_eq!(read(store, &token_hash(i), day(0)).await, None);
    }
    assert_eq!(
        read(store, &token_hash(10), day(1)).await,
        Some(expected(&his))
    );
    for user in [carol.id, MISSING_USER, alice.id] {
        store
            .delete_sessions_of(user)
            .await
            .expect("no sessions to end is not an error");
    }
    assert_eq!(purge_all(store).await, 1, "only bob's session is left");
}

/// Purging deletes exactly the sessions that have expired at `now` (the boundary included, as
/// for reads), says how many, and keeps the rest readable.
pub async fn purge_expired_sessions_counts_and_keeps_the_live(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    let bob = fixtures::user(store, "bob").await;
    let now = day(10);
    let just_live = session(
        alice.id,
        token_hash(3),
        day(0),
        now + Duration::milliseconds(1),
    );
    let later = session(bob.id, token_hash(4), day(5), day(40));
    for expired in [
        session(alice.id, token_hash(1), day(0), day(1)),
        session(bob.id, token_hash(2), day(0), now),
    ] {
        create(store, &expired).await;
    }
    create(store, &just_live).await;
    create(store, &later).await;

    assert_eq!(
        store.purge_expired_sessions(day(-1)).await.expect("purge"),
        0,
        "nothing had expired yet"
    );
    assert_eq!(
        store.purge_expired_sessions(now).await.expect("purge"),
        2,
        "the session that expired at day 1 and the one expiring exactly now"
    );
    for hash in [token_hash(1), token_hash(2)] {
        assert_eq!(read(store, &hash, day(0)).await, None, "purged");
    }
    assert_eq!(
        read(store, &token_hash(3), now).await,
        Some(expected(&just_live))
    );
    assert_eq!(
        read(store, &token_hash(4), now).await,
        Some(expected(&later))
    );
    assert_eq!(
        store.purge_expired_sessions(now).await.expect("purge"),
        0,
        "purging again finds nothing"
    );
    assert_eq!(purge_all(store).await, 2);
}

/// A CSRF token the store cannot keep faithfully (a NUL character) is refused, and no session
/// is stored.
pub async fn unstorable_session_csrf_is_refused(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    let mut bad = session(alice.id, token_hash(1), day(0), day(7));
    bad.csrf = "csrf\0token".to_owned();
    let result = store.create_session(bad).await;
    assert!(
        result.is_err(),
        "a CSRF token with a NUL character was accepted"
    );
    assert_eq!(read(store, &token_hash(1), day(1)).await, None);
    // The store is still usable, and the hash is free.
    create(store, &session(alice.id, token_hash(1), day(0), day(7))).await;
    assert_eq!(purge_all(store).await, 1);
}
