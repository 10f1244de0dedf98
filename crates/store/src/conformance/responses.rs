//! Stories about responses: storing, reading back, filtering, isolation and atomicity.

use super::fixtures::{self, MISSING_USER, assessment, at_millis, checkin, day, to_millis};
use crate::{NewResponse, ResponseKind, ResponseQuery, Store, StoreError, StoredResponse, UserId};
use chrono::{DateTime, Duration, Utc};

/// What a backend must hand back for `new` once stored under `id`: the same values, with the
/// time cut to whole milliseconds.
fn expected(id: i64, new: &NewResponse) -> StoredResponse {
    StoredResponse {
        id,
        user: new.user,
        kind: new.kind,
        taken_at: to_millis(new.taken_at),
        answers: new.answers.clone(),
        stuck: new.stuck,
        note: new.note.clone(),
        score: new.score.clone(),
    }
}

async fn all(store: &dyn Store, user: UserId) -> Vec<StoredResponse> {
    store
        .responses(user, ResponseQuery::default())
        .await
        .expect("read responses")
}

async fn query(store: &dyn Store, user: UserId, query: ResponseQuery) -> Vec<StoredResponse> {
    store
        .responses(user, query.clone())
        .await
        .unwrap_or_else(|e| panic!("read responses with {query:?}: {e}"))
}

fn times(responses: &[StoredResponse]) -> Vec<DateTime<Utc>> {
    responses.iter().map(|r| r.taken_at).collect()
}

/// A stored response reads back equal: answers, score (to the last bit), flag, note and time
/// to the millisecond, including times before 1970.
pub async fn response_round_trips_exactly(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;

    let mut rich = checkin(alice.id, day(0) + Duration::nanoseconds(123_456_789));
    rich.stuck = true;
    rich.note = Some(
        "Tired of the same tickets. «Ça va», 疲れた, 🦀\nsecond line, 'quotes' \"too\"".to_owned(),
    );
    rich.score.balance = Some(-100.0 / 3.0);
    rich.score.burnout.score = 1.0 / 3.0;

    let mut plain = assessment(alice.id, at_millis(-1));
    plain.score.balance = None;

    let mut extreme = checkin(alice.id, day(2));
    extreme.score.burnout.score = f64::MIN_POSITIVE;
    extreme.score.rustout.score = 100.0 - f64::EPSILON * 64.0;
    extreme.score.balance = Some(-0.0);
    extreme
        .answers
        .insert("empty-and-odd \" key".to_owned(), i32::MIN);
    extreme.answers.insert(String::new(), i32::MAX);

    let mut stored = Vec::new();
    for new in [rich, plain, extreme] {
        let got = store.insert_response(new.clone()).await.expect("insert");
        assert_eq!(
            got,
            expected(got.id, &new),
            "insert_response must return what it stored"
        );
        stored.push(got);
    }
    assert_eq!(stored[0].taken_at.timestamp_subsec_millis(), 123);
    assert_eq!(stored[1].taken_at.timestamp_millis(), -1);

    let mut want = stored.clone();
    want.sort_by_key(|r| r.taken_at);
    let back = all(store, alice.id).await;
    assert_eq!(back, want);
    // Bit-for-bit, not just `==` (which would let -0.0 pass as 0.0).
    for (b, w) in back.iter().zip(&want) {
        assert_eq!(
            b.score.burnout.score.to_bits(),
            w.score.burnout.score.to_bits()
        );
        assert_eq!(
            b.score.rustout.score.to_bits(),
            w.score.rustout.score.to_bits()
        );
        assert_eq!(
            b.score.balance.map(f64::to_bits),
            w.score.balance.map(f64::to_bits)
        );
        for (bd, wd) in b.score.dimensions.iter().zip(&w.score.dimensions) {
            assert_eq!(
                bd.score.to_bits(),
                wd.score.to_bits(),
                "dimension {}",
                wd.id
            );
        }
    }
}

/// Responses come back oldest first whatever order they were stored in; responses with the same
/// time come back in the order they were stored.
pub async fn responses_come_back_oldest_first(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    for d in [3, 1, 4, 0, 2, -5] {
        store
            .insert_response(checkin(alice.id, day(d)))
            .await
            .expect("insert");
    }
    let first_tie = store
        .insert_response(assessment(alice.id, day(10)))
        .await
        .expect("insert");
    let second_tie = store
        .insert_response(checkin(alice.id, day(10)))
        .await
        .expect("insert");

    let back = all(store, alice.id).await;
    assert_eq!(
        times(&back),
        vec![
            day(-5),
            day(0),
            day(1),
            day(2),
            day(3),
            day(4),
            day(10),
            day(10)
        ]
    );
    assert_eq!(back[6].id, first_tie.id, "ties keep insertion order");
    assert_eq!(back[7].id, second_tie.id, "ties keep insertion order");
}

/// The `kind` filter keeps only assessments or only check-ins.
pub async fn kind_filter_keeps_one_kind(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    for d in 0..6 {
        let new = if d % 3 == 0 {
            assessment(alice.id, day(d))
        } else {
            checkin(alice.id, day(d))
        };
        store.insert_response(new).await.expect("insert");
    }
    let assessments = query(
        store,
        alice.id,
        ResponseQuery {
            kind: Some(ResponseKind::Assessment),
            ..ResponseQuery::default()
        },
    )
    .await;
    assert_eq!(times(&assessments), vec![day(0), day(3)]);
    assert!(
        assessments
            .iter()
            .all(|r| r.kind == ResponseKind::Assessment)
    );

    let checkins = query(
        store,
        alice.id,
        ResponseQuery {
            kind: Some(ResponseKind::Checkin),
            ..ResponseQuery::default()
        },
    )
    .await;
    assert_eq!(times(&checkins), vec![day(1), day(2), day(4), day(5)]);
    assert!(checkins.iter().all(|r| r.kind == ResponseKind::Checkin));
}

/// `since` is an inclusive lower bound, to the millisecond.
pub async fn since_filter_is_inclusive(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    for d in 0..5 {
        store
            .insert_response(checkin(alice.id, day(d)))
            .await
            .expect("insert");
    }
    let since = |t| ResponseQuery {
        since: Some(t),
        ..ResponseQuery::default()
    };
    assert_eq!(
        times(&query(store, alice.id, since(day(2))).await),
        vec![day(2), day(3), day(4)]
    );
    assert_eq!(
        times(&query(store, alice.id, since(day(2) + Duration::milliseconds(1))).await),
        vec![day(3), day(4)]
    );
    assert_eq!(
        times(&query(store, alice.id, since(day(-100))).await).len(),
        5
    );
    assert!(query(store, alice.id, since(day(5))).await.is_empty());
}

/// `limit` keeps the newest N, still oldest first, and combines with the other filters.
pub async fn limit_keeps_the_newest(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    for d in [4, 0, 6, 2, 1, 5, 3] {
        let new = if d == 5 {
            assessment(alice.id, day(d))
        } else {
            checkin(alice.id, day(d))
        };
        store.insert_response(new).await.expect("insert");
    }
    let limit = |n| ResponseQuery {
        limit: Some(n),
        ..ResponseQuery::default()
    };
    assert_eq!(
        times(&query(store, alice.id, limit(3)).await),
        vec![day(4), day(5), day(6)]
    );
    assert_eq!(times(&query(store, alice.id, limit(1)).await), vec![day(6)]);
    assert_eq!(query(store, alice.id, limit(100)).await.len(), 7);
    assert!(query(store, alice.id, limit(0)).await.is_empty());

    let combined = ResponseQuery {
        kind: Some(ResponseKind::Checkin),
        since: Some(day(1)),
        limit: Some(3),
    };
    assert_eq!(
        times(&query(store, alice.id, combined).await),
        vec![day(3), day(4), day(6)]
    );
    let few = ResponseQuery {
        kind: Some(ResponseKind::Checkin),
        since: Some(day(3)),
        limit: Some(10),
    };
    assert_eq!(
        times(&query(store, alice.id, few).await),
        vec![day(3), day(4), day(6)]
    );
}

/// Two people never see each other's responses, whatever the filter.
pub async fn users_never_see_each_others_responses(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    let bob = fixtures::user(store, "bob").await;
    let carol = fixtures::user(store, "carol").await;
    for d in 0..4 {
        store
            .insert_response(checkin(alice.id, day(d)))
            .await
            .expect("insert");
    }
    let bobs = store
        .insert_response(assessment(bob.id, day(1)))
        .await
        .expect("insert");

    let queries = [
        ResponseQuery::default(),
        ResponseQuery {
            kind: Some(ResponseKind::Assessment),
            ..ResponseQuery::default()
        },
        ResponseQuery {
            since: Some(day(-1)),
            limit: Some(50),
            ..ResponseQuery::default()
        },
    ];
    for q in queries {
        for r in query(store, alice.id, q.clone()).await {
            assert_eq!(
                r.user, alice.id,
                "alice saw someone else's response with {q:?}"
            );
        }
        for r in query(store, bob.id, q.clone()).await {
            assert_eq!(r, bobs, "bob saw someone else's response with {q:?}");
        }
        assert!(query(store, carol.id, q.clone()).await.is_empty());
    }
    assert_eq!(all(store, alice.id).await.len(), 4);
    assert_eq!(all(store, bob.id).await, vec![bobs]);
    assert_eq!(store.count_responses(alice.id).await.expect("count"), 4);
    assert_eq!(store.count_responses(bob.id).await.expect("count"), 1);
    assert_eq!(store.count_responses(carol.id).await.expect("count"), 0);
}

/// A batch is stored whole and returned in the order given, with fresh, increasing ids.
pub async fn insert_responses_stores_a_batch(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    let batch = vec![
        checkin(alice.id, day(2)),
        assessment(alice.id, day(0)),
        checkin(alice.id, day(1) + Duration::microseconds(1_500)),
    ];
    let stored = store
        .insert_responses(batch.clone())
        .await
        .expect("insert batch");
    assert_eq!(stored.len(), 3);
    for (got, new) in stored.iter().zip(&batch) {
        assert_eq!(got, &expected(got.id, new));
    }
    assert!(
        stored.windows(2).all(|w| w[0].id < w[1].id),
        "ids must increase in the order given: {:?}",
        stored.iter().map(|r| r.id).collect::<Vec<_>>()
    );

    let mut want = stored.clone();
    want.sort_by_key(|r| r.taken_at);
    assert_eq!(all(store, alice.id).await, want);

    let empty = store
        .insert_responses(Vec::new())
        .await
        .expect("empty batch");
    assert!(empty.is_empty());
    assert_eq!(store.count_responses(alice.id).await.expect("count"), 3);
}

/// A batch with one bad response stores nothing at all.
pub async fn insert_responses_is_all_or_nothing(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    let stray = store
        .insert_response(checkin(alice.id, day(-1)))
        .await
        .expect("insert the one response that must survive");

    let unknown_user = vec![
        checkin(alice.id, day(0)),
        assessment(alice.id, day(1)),
        checkin(MISSING_USER, day(2)),
        checkin(alice.id, day(3)),
    ];
    let result = store.insert_responses(unknown_user).await;
    assert!(
        matches!(result, Err(StoreError::NotFound { .. })),
        "a batch naming a missing user must fail with NotFound, got {result:?}"
    );
    assert_eq!(all(store, alice.id).await, vec![stray.clone()]);
    assert_eq!(store.count_responses(MISSING_USER).await.expect("count"), 0);

    let mut bad_score = assessment(alice.id, day(5));
    bad_score.score.rustout.score = f64::NAN;
    let unstorable = vec![checkin(alice.id, day(4)), bad_score];
    let result = store.insert_responses(unstorable).await;
    assert!(result.is_err(), "a batch with a NaN score was accepted");
    assert_eq!(all(store, alice.id).await, vec![stray]);
}

/// A response for a user who does not exist is `NotFound` and stores nothing.
pub async fn response_for_a_missing_user_is_not_found(store: &dyn Store) {
    let result = store.insert_response(checkin(MISSING_USER, day(0))).await;
    assert!(
        matches!(result, Err(StoreError::NotFound { .. })),
        "expected NotFound, got {result:?}"
    );
    assert_eq!(store.count_responses(MISSING_USER).await.expect("count"), 0);
    assert!(all(store, MISSING_USER).await.is_empty());
}

/// Values a backend cannot keep faithfully are refused, and nothing is stored.
pub async fn unstorable_responses_are_refused(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;

    let mut nan = checkin(alice.id, day(0));
    nan.score.burnout.score = f64::NAN;
    let mut infinite_balance = checkin(alice.id, day(1));
    infinite_balance.score.balance = Some(f64::INFINITY);
    let mut infinite_dimension = assessment(alice.id, day(2));
    infinite_dimension.score.dimensions[0].score = f64::NEG_INFINITY;
    let mut nul_note = checkin(alice.id, day(3));
    nul_note.note = Some("before\0after".to_owned());
    let mut nul_instrument = checkin(alice.id, day(4));
    nul_instrument.score.instrument = "pul\0se".to_owned();

    for (what, new) in [
        ("a NaN burnout score", nan),
        ("an infinite balance", infinite_balance),
        ("an infinite dimension score", infinite_dimension),
        ("a note with a NUL character", nul_note),
        ("an instrument id with a NUL character", nul_instrument),
    ] {
        let result = store.insert_response(new).await;
        assert!(result.is_err(), "{what} was accepted: {result:?}");
    }
    assert_eq!(store.count_responses(alice.id).await.expect("count"), 0);
    // The store is still usable afterwards.
    store
        .insert_response(checkin(alice.id, day(5)))
        .await
        .expect("a good response after refused ones");
    assert_eq!(store.count_responses(alice.id).await.expect("count"), 1);
}

/// `count_responses` counts one person's responses of both kinds.
pub async fn count_responses_counts_one_person(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    let bob = fixtures::user(store, "bob").await;
    assert_eq!(store.count_responses(alice.id).await.expect("count"), 0);
    for d in 0..5 {
        store
            .insert_response(checkin(alice.id, day(d)))
            .await
            .expect("insert");
        assert_eq!(
            store.count_responses(alice.id).await.expect("count"),
            u64::try_from(d + 1).expect("small")
        );
    }
    store
        .insert_response(assessment(alice.id, day(9)))
        .await
        .expect("insert");
    store
        .insert_responses(vec![checkin(bob.id, day(0)), checkin(bob.id, day(1))])
        .await
        .expect("insert batch");
    assert_eq!(store.count_responses(alice.id).await.expect("count"), 6);
    assert_eq!(store.count_responses(bob.id).await.expect("count"), 2);
    assert_eq!(store.count_responses(MISSING_USER).await.expect("count"), 0);
}

/// Deleting one response removes exactly that one; a second deletion of it is `NotFound`, and
/// the rest of the person's history is as it was.
pub async fn deleting_a_response_removes_only_that_one(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    let mut stored = Vec::new();
    for d in 0..4 {
        let new = if d == 2 {
            assessment(alice.id, day(d))
        } else {
            checkin(alice.id, day(d))
        };
        stored.push(store.insert_response(new).await.expect("insert"));
    }
    store
        .delete_response(alice.id, stored[2].id)
        .await
        .expect("delete the assessment");
    store
        .delete_response(alice.id, stored[0].id)
        .await
        .expect("delete a check-in");
    assert_eq!(
        all(store, alice.id).await,
        vec![stored[1].clone(), stored[3].clone()]
    );
    assert_eq!(store.count_responses(alice.id).await.expect("count"), 2);
    let again = store.delete_response(alice.id, stored[2].id).await;
    assert!(
        matches!(again, Err(StoreError::NotFound { .. })),
        "deleting a deleted response must be NotFound, got {again:?}"
    );
    let missing = store.delete_response(alice.id, i64::MAX - 3).await;
    assert!(
        matches!(missing, Err(StoreError::NotFound { .. })),
        "{missing:?}"
    );
    let nobody = store.delete_response(MISSING_USER, stored[1].id).await;
    assert!(
        matches!(nobody, Err(StoreError::NotFound { .. })),
        "{nobody:?}"
    );
    assert_eq!(store.count_responses(alice.id).await.expect("count"), 2);
}

/// Another person's response is "not found" and stays exactly as it was.
pub async fn deleting_another_persons_response_is_not_found_and_unchanged(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    let bob = fixtures::user(store, "bob").await;
    let bobs = store
        .insert_response(checkin(bob.id, day(0)))
        .await
        .expect("insert");
    let alices = store
        .insert_response(checkin(alice.id, day(1)))
        .await
        .expect("insert");
    let result = store.delete_response(alice.id, bobs.id).await;
    assert!(
        matches!(result, Err(StoreError::NotFound { .. })),
        "alice deleting bob's response must be NotFound, got {result:?}"
    );
    assert_eq!(all(store, bob.id).await, vec![bobs]);
    assert_eq!(all(store, alice.id).await, vec![alices]);
}

/// A deleted response's id is never given to a later response, even when it was the newest: a
/// repeated deletion can never hit a newer answer.
pub async fn a_deleted_responses_id_is_never_reused(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    let first = store
        .insert_response(checkin(alice.id, day(0)))
        .await
        .expect("insert");
    let newest = store
        .insert_response(checkin(alice.id, day(1)))
        .await
        .expect("insert");
    store
        .delete_response(alice.id, newest.id)
        .await
        .expect("delete the newest");
    let later = store
        .insert_response(checkin(alice.id, day(2)))
        .await
        .expect("insert");
    assert!(
        later.id > newest.id && later.id != first.id,
        "the id {} of a deleted response was given again ({})",
        newest.id,
        later.id
    );
    let result = store.delete_response(alice.id, newest.id).await;
    assert!(
        matches!(result, Err(StoreError::NotFound { .. })),
        "{result:?}"
    );
    assert_eq!(store.count_responses(alice.id).await.expect("count"), 2);
}
