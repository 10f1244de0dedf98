//! Stories about API tokens: kept under the hash of the bearer token, found only while live,
//! listed per person, and revoked by their owner alone.

use super::fixtures::{self, MISSING_USER, api_token, day, to_millis, token_hash};
use crate::{ApiToken, NewApiToken, Store, StoreError, UserId};
use chrono::{DateTime, Duration, Utc};

/// What a backend must hand back for `new`, stored under `id`: the same values, the time cut to
/// whole milliseconds, not revoked.
fn expected(id: i64, new: &NewApiToken) -> ApiToken {
    ApiToken {
        id,
        user: new.user,
        name: new.name.clone(),
        created_at: to_millis(new.created_at),
        revoked_at: None,
    }
}

async fn create(store: &dyn Store, new: &NewApiToken) -> ApiToken {
    let token = store
        .create_api_token(new.clone())
        .await
        .expect("create an API token");
    assert_eq!(
        token,
        expected(token.id, new),
        "create_api_token must return what it stored"
    );
    token
}

async fn by_hash(store: &dyn Store, hash: &[u8]) -> Option<ApiToken> {
    store
        .api_token_by_hash(hash)
        .await
        .expect("look up an API token")
}

async fn list(store: &dyn Store, user: UserId) -> Vec<ApiToken> {
    store.api_tokens(user).await.expect("list API tokens")
}

/// Tokens round-trip exactly, are found by their hash, and list per person oldest first
/// whatever order they were made in (ties in the order made).
pub async fn api_tokens_round_trip_and_list_oldest_first(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    let bob = fixtures::user(store, "bob").await;
    let made = [
        api_token(alice.id, "laptop script", token_hash(1), day(2)),
        api_token(
            alice.id,
            "Téléphone 📱",
            token_hash(2),
            day(0) + Duration::nanoseconds(456_789_123),
        ),
        api_token(alice.id, "", token_hash(3), day(2)),
        api_token(alice.id, "backup", token_hash(4), day(-400)),
    ];
    let mut tokens = Vec::new();
    for new in &made {
        tokens.push(create(store, new).await);
    }
    assert_eq!(tokens[1].created_at.timestamp_subsec_nanos(), 456_000_000);
    let his = create(store, &api_token(bob.id, "ci", token_hash(5), day(1))).await;

    let want: Vec<ApiToken> = [3, 1, 0, 2]
        .into_iter()
        .map(|i| tokens[i].clone())
        .collect();
    assert_eq!(list(store, alice.id).await, want);
    assert_eq!(list(store, bob.id).await, vec![his.clone()]);
    assert!(list(store, MISSING_USER).await.is_empty());

    for (i, token) in tokens.iter().enumerate() {
        let hash = token_hash(u8::try_from(i + 1).expect("few tokens"));
        assert_eq!(by_hash(store, &hash).await, Some(token.clone()));
    }
    assert_eq!(by_hash(store, &token_hash(5)).await, Some(his));
    for unknown in [token_hash(6), Vec::new(), token_hash(1)[..16].to_vec()] {
        assert_eq!(by_hash(store, &unknown).await, None, "hash {unknown:?}");
    }
}

/// A revoked token no longer authenticates but stays listed with when it was revoked; revoking
/// it again keeps the first time; the person's other tokens stay live.
pub async fn revoked_tokens_no_longer_authenticate(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    let revoked = create(store, &api_token(alice.id, "old", token_hash(1), day(0))).await;
    let live = create(store, &api_token(alice.id, "new", token_hash(2), day(1))).await;

    let at = day(3) + Duration::nanoseconds(999_999);
    store
        .revoke_api_token(alice.id, revoked.id, at)
        .await
        .expect("revoke a token");
    assert_eq!(by_hash(store, &token_hash(1)).await, None);
    assert_eq!(by_hash(store, &token_hash(2)).await, Some(live.clone()));
    let revoked = ApiToken {
        revoked_at: Some(to_millis(at)),
        ..revoked
    };
    assert_eq!(
        list(store, alice.id).await,
        vec![revoked.clone(), live.clone()]
    );

    store
        .revoke_api_token(alice.id, revoked.id, day(5))
        .await
        .expect("revoking twice is not an error");
    assert_eq!(
        list(store, alice.id).await,
        vec![revoked, live],
        "the first revocation time stands"
    );
    assert_eq!(by_hash(store, &token_hash(1)).await, None);
}

/// Revoking someone else's token, or one that does not exist, is `NotFound` and the token stays
/// live: one person can never switch off another's access.
pub async fn revoking_another_persons_token_is_not_found(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    let bob = fixtures::user(store, "bob").await;
    let hers = create(store, &api_token(alice.id, "hers", token_hash(1), day(0))).await;

    for (user, id) in [
        (bob.id, hers.id),
        (MISSING_USER, hers.id),
        (alice.id, hers.id + 1_000),
        (alice.id, -1),
    ] {
        let result = store.revoke_api_token(user, id, day(1)).await;
        assert!(
            matches!(result, Err(StoreError::NotFound { .. })),
            "user {} revoking token {id} must be NotFound, got {result:?}",
            user.0
        );
    }
    assert_eq!(by_hash(store, &token_hash(1)).await, Some(hers.clone()));
    assert_eq!(list(store, alice.id).await, vec![hers]);
    assert!(list(store, bob.id).await.is_empty());
}

/// A token hash already stored — anyone's — is a conflict and leaves the first token as it was.
pub async fn a_duplicate_token_hash_is_a_conflict(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    let bob = fixtures::user(store, "bob").await;
    let hers = create(store, &api_token(alice.id, "hers", token_hash(1), day(0))).await;
    for user in [bob.id, alice.id] {
        let result = store
            .create_api_token(api_token(user, "copy", token_hash(1), day(1)))
            .await;
        assert!(
            matches!(result, Err(StoreError::Conflict { .. })),
            "a hash in use must be a conflict for user {}, got {result:?}",
            user.0
        );
    }
    assert_eq!(by_hash(store, &token_hash(1)).await, Some(hers.clone()));
    assert_eq!(list(store, alice.id).await, vec![hers]);
    assert!(list(store, bob.id).await.is_empty());
    // Revoked hashes stay taken: a revoked token's hash can never be handed out again.
    let revoked = create(store, &api_token(bob.id, "his", token_hash(2), day(0))).await;
    store
        .revoke_api_token(bob.id, revoked.id, day(1))
        .await
        .expect("revoke");
    let reuse = store
        .create_api_token(api_token(bob.id, "again", token_hash(2), day(2)))
        .await;
    assert!(
        matches!(reuse, Err(StoreError::Conflict { .. })),
        "{reuse:?}"
    );
}

/// A name the store cannot keep faithfully (a NUL character) is refused and nothing is stored.
pub async fn unstorable_token_names_are_refused(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    let result = store
        .create_api_token(api_token(alice.id, "my\0token", token_hash(1), day(0)))
        .await;
    assert!(
        result.is_err(),
        "a token name with a NUL character was accepted"
    );
    assert!(list(store, alice.id).await.is_empty());
    assert_eq!(by_hash(store, &token_hash(1)).await, None);
    // The store is still usable, and the hash is free.
    create(
        store,
        &api_token(alice.id, "my token", token_hash(1), day(0)),
    )
    .await;
}

/// Times far from now round-trip too: a token made before 1970 and revoked far in the future.
pub async fn api_token_times_round_trip_at_the_extremes(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    let old: DateTime<Utc> = fixtures::at_millis(-86_400_000 * 365 * 30 - 1);
    let token = create(store, &api_token(alice.id, "ancient", token_hash(1), old)).await;
    assert_eq!(token.created_at, old);
    let far = fixtures::at_millis(253_402_300_799_999); // 9999-12-31T23:59:59.999Z
    store
        .revoke_api_token(alice.id, token.id, far)
        .await
        .expect("revoke");
    assert_eq!(
        list(store, alice.id).await,
        vec![ApiToken {
            revoked_at: Some(far),
            ..token
        }]
    );
}
