//! Stories about accounts: health check, creating, finding and deleting users, setting up the
//! first account, replacing a password hash, and what happens to everything a person keeps when
//! their account goes (or never existed).

use super::fixtures::{
    self, Held, MISSING_USER, api_token, checkin, day, held, join_all, now_millis, plan_draft,
    session, token_hash,
};
use super::journal;
use crate::{
    Dismissal, NewUser, PlanKind, PlanProgress, PlanStatus, ResponseQuery, Store, StoreError, User,
    WrappedKey,
};
use chrono::{DateTime, Utc};

/// The store answers a ping and names a known backend.
pub async fn ping_answers(store: &dyn Store) {
    store.ping().await.expect("ping on a fresh store");
    assert!(
        matches!(store.backend(), "sqlite" | "postgres"),
        "unexpected backend name {:?}",
        store.backend()
    );
}

/// A created user can be found by id and by name, exactly as created.
pub async fn create_and_find_user(store: &dyn Store) {
    let before = now_millis();
    let alice = store
        .create_user(NewUser {
            username: "alice".to_owned(),
            password_hash: Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".to_owned()),
        })
        .await
        .expect("create alice");
    let bob = store
        .create_user(NewUser {
            username: "Bob Ångström 🦀".to_owned(),
            password_hash: None,
        })
        .await
        .expect("create bob");
    let after = now_millis();

    assert_eq!(alice.username, "alice");
    assert_eq!(
        alice.password_hash.as_deref(),
        Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA")
    );
    assert_eq!(bob.username, "Bob Ångström 🦀");
    assert_eq!(bob.password_hash, None);
    assert_ne!(alice.id, bob.id, "two users got the same id");
    for user in [&alice, &bob] {
        assert!(
            before <= user.created_at && user.created_at <= after,
            "created_at {} is outside [{before}, {after}]",
            user.created_at
        );
        assert_eq!(
            user.created_at.timestamp_subsec_nanos() % 1_000_000,
            0,
            "created_at is kept to the millisecond, so what create_user returns must be too"
        );
    }

    assert_eq!(
        store.user_by_id(alice.id).await.expect("by id"),
        Some(alice.clone())
    );
    assert_eq!(
        store.user_by_id(bob.id).await.expect("by id"),
        Some(bob.clone())
    );
    assert_eq!(
        store.user_by_name("alice").await.expect("by name"),
        Some(alice)
    );
    assert_eq!(
        store
            .user_by_name("Bob Ångström 🦀")
            .await
            .expect("by name"),
        Some(bob)
    );
    assert_eq!(store.user_by_name("carol").await.expect("by name"), None);
    assert_eq!(store.user_by_id(MISSING_USER).await.expect("by id"), None);
}

/// A taken username is a conflict and leaves the first account as it was.
pub async fn duplicate_username_is_a_conflict(store: &dyn Store) {
    let first = store
        .create_user(NewUser {
            username: "dana".to_owned(),
            password_hash: Some("first-hash".to_owned()),
        })
        .await
        .expect("create dana");
    let second = store
        .create_user(NewUser {
            username: "dana".to_owned(),
            password_hash: Some("second-hash".to_owned()),
        })
        .await;
    assert!(
        matches!(second, Err(StoreError::Conflict { .. })),
        "expected a conflict for a taken username, got {second:?}"
    );
    assert_eq!(
        store.user_by_name("dana").await.expect("by name"),
        Some(first),
        "the first account must be untouched"
    );
    // The store is still usable after the failed insert.
    fixtures::user(store, "erin").await;
}

/// Deleting a user removes the account and every response of theirs, and nobody else's.
pub async fn delete_user_removes_their_responses(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    let bob = fixtures::user(store, "bob").await;
    for d in 0..3 {
        store
            .insert_response(checkin(alice.id, day(d)))
            .await
            .expect("insert alice's check-in");
    }
    let kept = store
        .insert_response(checkin(bob.id, day(1)))
        .await
        .expect("insert bob's check-in");

    store.delete_user(alice.id).await.expect("delete alice");

    assert_eq!(store.user_by_id(alice.id).await.expect("by id"), None);
    assert_eq!(store.user_by_name("alice").await.expect("by name"), None);
    assert_eq!(store.count_responses(alice.id).await.expect("count"), 0);
    assert!(
        store
            .responses(alice.id, ResponseQuery::default())
            .await
            .expect("responses")
            .is_empty()
    );
    assert_eq!(
        store.user_by_id(bob.id).await.expect("by id"),
        Some(bob.clone())
    );
    assert_eq!(
        store
            .responses(bob.id, ResponseQuery::default())
            .await
            .expect("responses"),
        vec![kept]
    );

    // The name is free again, and a new account never inherits the old id.
    let again = fixtures::user(store, "alice").await;
    assert_ne!(again.id, alice.id, "a deleted user's id was reused");
    assert_eq!(store.count_responses(again.id).await.expect("count"), 0);
}

/// Deleting a user who does not exist (or no longer exists) is `NotFound`.
pub async fn deleting_a_missing_user_is_not_found(store: &dyn Store) {
    let result = store.delete_user(MISSING_USER).await;
    assert!(
        matches!(result, Err(StoreError::NotFound { .. })),
        "expected NotFound for a user that never existed, got {result:?}"
    );

    let frank = fixtures::user(store, "frank").await;
    store.delete_user(frank.id).await.expect("first delete");
    let twice = store.delete_user(frank.id).await;
    assert!(
        matches!(twice, Err(StoreError::NotFound { .. })),
        "expected NotFound when deleting twice, got {twice:?}"
    );
}

/// Text the store cannot keep faithfully (a NUL character) is refused, not mangled.
pub async fn usernames_with_nul_are_refused(store: &dyn Store) {
    let result = store
        .create_user(NewUser {
            username: "nul\0name".to_owned(),
            password_hash: None,
        })
        .await;
    assert!(
        result.is_err(),
        "a username with a NUL character was accepted: {result:?}"
    );
    assert_eq!(store.user_by_name("nul").await.expect("by name"), None);
    assert_eq!(
        store.user_by_name("nul\0name").await.expect("by name"),
        None
    );
}

/// Deleting a user removes their plan items, dismissals, journal key, journal entries, web
/// sessions and API tokens as well as their responses — and nobody else's.
pub async fn delete_user_removes_everything_of_theirs(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    let bob = fixtures::user(store, "bob").await;
    for (n, user) in [(0_u8, alice.id), (10, bob.id)] {
        store
            .insert_response(checkin(user, day(0)))
            .await
            .expect("insert a check-in");
        let item = store
            .add_plan_item(
                user,
                plan_draft(PlanKind::Action, "Learn one thing", day(0)),
            )
            .await
            .expect("add a plan item");
        store
            .add_plan_item(user, plan_draft(PlanKind::Goal, "Grow", day(1)))
            .await
            .expect("add a plan item");
        store
            .update_plan_item(
                user,
                item.id,
                PlanProgress {
                    status: PlanStatus::Done,
                    completions: 1,
                    last_done_at: Some(day(2)),
                    closed_at: Some(day(2)),
                    dismiss_reason: None,
                },
            )
            .await
            .expect("mark it done");
        for target in ["seek_learning", "set_boundaries", "mentor_someone"] {
            store
                .add_dismissal(
                    user,
                    Dismissal {
                        target: target.to_owned(),
                        at: day(3),
                        reason: None,
                    },
                )
                .await
                .expect("record a dismissal");
        }
        store
            .put_journal_key(user, WrappedKey(vec![0, 1, 2, 3]))
            .await
            .expect("put a journal key");
        for d in 0..4 {
            store
                .add_journal_entry(user, journal::entry(day(d), None, &[0, 9, 0]))
                .await
                .expect("add a journal entry");
        }
        for i in 0..2 {
            store
                .create_session(session(user, token_hash(n + i), day(0), day(30)))
                .await
                .expect("create a session");
        }
        for i in 0..3 {
            store
                .create_api_token(api_token(user, "script", token_hash(n + 100 + i), day(0)))
                .await
                .expect("create an API token");
        }
    }
    let everything = Held {
        responses: 1,
        plan_items: 2,
        dismissals: 3,
        journal_keys: 1,
        journal_entries: 4,
        api_tokens: 3,
    };
    assert_eq!(held(store, alice.id).await, everything);
    let bobs_plan = store.plan_items(bob.id).await.expect("bob's plan");
    let bobs_journal = store.journal_entries(bob.id).await.expect("bob's journal");

    let bobs_tokens = store.api_tokens(bob.id).await.expect("bob's tokens");

    store.delete_user(alice.id).await.expect("delete alice");

    assert_eq!(held(store, alice.id).await, Held::default());
    assert_eq!(held(store, bob.id).await, everything);
    for i in 0..2 {
        assert_eq!(
            store.session(&token_hash(i), day(1)).await.expect("read"),
            None,
            "alice's session {i} outlived her account"
        );
        assert!(
            store
                .session(&token_hash(10 + i), day(1))
                .await
                .expect("read")
                .is_some(),
            "bob's session {i} went with alice's account"
        );
    }
    for i in 0..3 {
        assert_eq!(
            store
                .api_token_by_hash(&token_hash(100 + i))
                .await
                .expect("read"),
            None,
            "alice's API token {i} outlived her account"
        );
    }
    assert_eq!(
        store.api_tokens(bob.id).await.expect("bob's tokens"),
        bobs_tokens
    );
    // Only bob's two sessions are left for a purge to find.
    assert_eq!(
        store
            .purge_expired_sessions(DateTime::<Utc>::MAX_UTC)
            .await
            .expect("purge"),
        2
    );
    assert_eq!(
        store.plan_items(bob.id).await.expect("bob's plan"),
        bobs_plan
    );
    assert_eq!(
        store.journal_entries(bob.id).await.expect("bob's journal"),
        bobs_journal
    );

    // A new account under the same name starts empty.
    let again = fixtures::user(store, "alice").await;
    assert_eq!(held(store, again.id).await, Held::default());
}

/// Every personal write for a person who does not exist is `NotFound` and stores nothing.
pub async fn personal_writes_for_a_missing_user_are_not_found(store: &dyn Store) {
    let draft = fixtures::plan_draft(PlanKind::Custom, "Nobody's plan", day(0));
    let results = [
        (
            "add_plan_item",
            store.add_plan_item(MISSING_USER, draft).await.map(drop),
        ),
        (
            "add_dismissal",
            store
                .add_dismissal(
                    MISSING_USER,
                    Dismissal {
                        target: "seek_learning".to_owned(),
                        at: day(0),
                        reason: None,
                    },
                )
                .await,
        ),
        (
            "put_journal_key",
            store
                .put_journal_key(MISSING_USER, WrappedKey(vec![1, 2, 3]))
                .await,
        ),
        (
            "add_journal_entry",
            store
                .add_journal_entry(MISSING_USER, journal::entry(day(0), None, &[4, 5, 6]))
                .await
                .map(drop),
        ),
        (
            "create_session",
            store
                .create_session(session(MISSING_USER, token_hash(1), day(0), day(30)))
                .await,
        ),
        (
            "create_api_token",
            store
                .create_api_token(api_token(MISSING_USER, "x", token_hash(2), day(0)))
                .await
                .map(drop),
        ),
    ];
    for (method, result) in results {
        assert!(
            matches!(result, Err(StoreError::NotFound { .. })),
            "{method} for a missing user must be NotFound, got {result:?}"
        );
    }
    assert_eq!(
        fixtures::held(store, MISSING_USER).await,
        fixtures::Held::default()
    );
    assert_eq!(
        store.session(&token_hash(1), day(1)).await.expect("read"),
        None
    );
    assert_eq!(
        store.api_token_by_hash(&token_hash(2)).await.expect("read"),
        None
    );
}

/// `count_users` counts every account, and follows creations and deletions.
pub async fn count_users_counts_every_account(store: &dyn Store) {
    assert_eq!(
        store.count_users().await.expect("count"),
        0,
        "a fresh store"
    );
    let alice = fixtures::user(store, "alice").await;
    assert_eq!(store.count_users().await.expect("count"), 1);
    fixtures::user(store, "bob").await;
    fixtures::user(store, "carol").await;
    assert_eq!(store.count_users().await.expect("count"), 3);
    let refused = store
        .create_user(NewUser {
            username: "bob".to_owned(),
            password_hash: None,
        })
        .await;
    assert!(matches!(refused, Err(StoreError::Conflict { .. })));
    assert_eq!(
        store.count_users().await.expect("count"),
        3,
        "a refused account is not counted"
    );
    store.delete_user(alice.id).await.expect("delete alice");
    assert_eq!(store.count_users().await.expect("count"), 2);
}

fn owner(username: &str) -> NewUser {
    NewUser {
        username: username.to_owned(),
        password_hash: Some(format!("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA${username}")),
    }
}

/// The first account is created only while there are none: it comes back as stored, and any
/// later setup — whatever the name — is a conflict that changes nothing. Once the store is empty
/// again, setup is open again.
pub async fn first_user_is_created_only_while_there_are_none(store: &dyn Store) {
    let before = now_millis();
    let first = store
        .create_first_user(owner("owner"))
        .await
        .expect("the first account on an empty store");
    let after = now_millis();
    assert_eq!(first.username, "owner");
    assert_eq!(first.password_hash, owner("owner").password_hash);
    assert!(
        before <= first.created_at && first.created_at <= after,
        "created_at {} is outside [{before}, {after}]",
        first.created_at
    );
    assert_eq!(
        store.user_by_id(first.id).await.expect("by id"),
        Some(first.clone())
    );
    assert_eq!(
        store.user_by_name("owner").await.expect("by name"),
        Some(first.clone())
    );

    for name in ["second", "owner"] {
        let again = store.create_first_user(owner(name)).await;
        assert!(
            matches!(again, Err(StoreError::Conflict { .. })),
            "a second first account {name:?} must be a conflict, got {again:?}"
        );
    }
    assert_eq!(store.count_users().await.expect("count"), 1);
    assert_eq!(store.user_by_name("second").await.expect("by name"), None);
    assert_eq!(
        store.user_by_id(first.id).await.expect("by id"),
        Some(first.clone()),
        "the first account must be untouched"
    );

    // Any account closes setup, however it was made.
    store.delete_user(first.id).await.expect("delete the owner");
    let plain = fixtures::user(store, "plain").await;
    let after_plain = store.create_first_user(owner("late")).await;
    assert!(
        matches!(after_plain, Err(StoreError::Conflict { .. })),
        "setup must be closed while any account exists, got {after_plain:?}"
    );
    store.delete_user(plain.id).await.expect("delete plain");
    let reopened = store
        .create_first_user(owner("new-owner"))
        .await
        .expect("setup is open again on an empty store");
    assert_ne!(reopened.id, first.id, "a deleted user's id was reused");
    assert_eq!(store.count_users().await.expect("count"), 1);
}

/// A first account the store cannot keep faithfully (a NUL character) is refused, and setup
/// stays open.
pub async fn unstorable_first_users_are_refused(store: &dyn Store) {
    for new in [
        owner("nul\0owner"),
        NewUser {
            username: "owner".to_owned(),
            password_hash: Some("hash\0".to_owned()),
        },
    ] {
        let result = store.create_first_user(new.clone()).await;
        assert!(result.is_err(), "{new:?} was accepted: {result:?}");
        assert!(
            !matches!(result, Err(StoreError::Conflict { .. })),
            "refusing {new:?} is not a conflict: {result:?}"
        );
    }
    assert_eq!(store.count_users().await.expect("count"), 0);
    store
        .create_first_user(owner("owner"))
        .await
        .expect("setup is still open");
}

/// Eight setups racing on an empty store: exactly one succeeds, every other one is a conflict,
/// and the one account stored is the winner's.
pub async fn concurrent_first_user_setups_let_exactly_one_through(store: &dyn Store) {
    let names: Vec<String> = (0..8).map(|i| format!("owner-{i}")).collect();
    let results = join_all(
        names
            .iter()
            .map(|name| store.create_first_user(owner(name)))
            .collect(),
    )
    .await;
    let winners: Vec<&User> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(winners.len(), 1, "exactly one setup must win: {results:?}");
    for result in &results {
        assert!(
            matches!(result, Ok(_) | Err(StoreError::Conflict { .. })),
            "a losing setup must be a conflict: {result:?}"
        );
    }
    assert_eq!(store.count_users().await.expect("count"), 1);
    let winner = winners[0];
    assert_eq!(
        store.user_by_name(&winner.username).await.expect("by name"),
        Some(winner.clone())
    );
}

/// A new password hash replaces the old one (also where there was none), for that person only;
/// a missing person is `NotFound`; a hash the store cannot keep is refused and changes nothing.
pub async fn set_password_hash_replaces_only_that_hash(store: &dyn Store) {
    let alice = store
        .create_user(owner("alice"))
        .await
        .expect("create alice");
    let bob = store.create_user(owner("bob")).await.expect("create bob");
    let local = fixtures::user(store, "local").await;

    let new_hash = "$argon2id$v=19$m=19456,t=2,p=1$bmV3$bmV3LWhhc2g".to_owned();
    store
        .set_password_hash(alice.id, new_hash.clone())
        .await
        .expect("replace alice's hash");
    let expected_alice = User {
        password_hash: Some(new_hash.clone()),
        ..alice.clone()
    };
    assert_eq!(
        store.user_by_id(alice.id).await.expect("by id"),
        Some(expected_alice.clone())
    );
    assert_eq!(
        store.user_by_name("alice").await.expect("by name"),
        Some(expected_alice.clone())
    );
    assert_eq!(
        store.user_by_id(bob.id).await.expect("by id"),
        Some(bob),
        "bob's hash must be untouched"
    );

    store
        .set_password_hash(local.id, "first-password".to_owned())
        .await
        .expect("give the password-less profile a password");
    assert_eq!(
        store
            .user_by_id(local.id)
            .await
            .expect("by id")
            .and_then(|u| u.password_hash),
        Some("first-password".to_owned())
    );

    let missing = store.set_password_hash(MISSING_USER, "x".to_owned()).await;
    assert!(
        matches!(missing, Err(StoreError::NotFound { .. })),
        "a missing user must be NotFound, got {missing:?}"
    );
    assert_eq!(store.user_by_id(MISSING_USER).await.expect("by id"), None);

    let nul = store
        .set_password_hash(alice.id, "bad\0hash".to_owned())
        .await;
    assert!(nul.is_err(), "a hash with a NUL character was accepted");
    assert_eq!(
        store.user_by_id(alice.id).await.expect("by id"),
        Some(expected_alice),
        "a refused hash must change nothing"
    );
}
