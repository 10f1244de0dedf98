//! Stories about a person's risk context (DESIGN §2.1): absent, set, replaced, cleared, per
//! person, and gone with the account.

use super::fixtures::{self, MISSING_USER};
use crate::{RiskContext, RiskRole, Store, StoreError};

/// A context with exactly `roles` set.
fn with(roles: &[RiskRole]) -> RiskContext {
    let mut context = RiskContext::default();
    for role in roles {
        context.set(*role, true);
    }
    context
}

/// Nobody has a context until they give one; it reads back as given, is replaced whole, and
/// the default clears it. Each flag is kept on its own.
pub async fn risk_context_is_absent_then_set_replaced_and_cleared(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    let read = async || {
        store
            .risk_context(alice.id)
            .await
            .expect("read the context")
    };
    assert_eq!(read().await, RiskContext::default());

    for role in RiskRole::ALL {
        let one = with(&[role]);
        store
            .set_risk_context(alice.id, one)
            .await
            .expect("set one role");
        assert_eq!(read().await, one, "{role:?} alone");
    }
    let both = with(&[
        RiskRole::Caring,
        RiskRole::Repetitive,
        RiskRole::SkillsUnused,
    ]);
    store
        .set_risk_context(alice.id, both)
        .await
        .expect("set three");
    assert_eq!(read().await, both);
    let all = with(&RiskRole::ALL);
    store
        .set_risk_context(alice.id, all)
        .await
        .expect("set all");
    assert_eq!(read().await, all);

    store
        .set_risk_context(alice.id, RiskContext::default())
        .await
        .expect("clear");
    assert_eq!(read().await, RiskContext::default());
    store
        .set_risk_context(alice.id, RiskContext::default())
        .await
        .expect("clearing twice is fine");
}

/// One person's context is theirs alone; a missing user is `NotFound` and gets nothing; an
/// account's deletion takes its context with it.
pub async fn risk_contexts_are_per_person(store: &dyn Store) {
    let alice = fixtures::user(store, "alice").await;
    let bob = fixtures::user(store, "bob").await;
    let alices = with(&[RiskRole::Emergency, RiskRole::HeavyWorkload]);
    store
        .set_risk_context(alice.id, alices)
        .await
        .expect("set alice's");
    assert_eq!(
        store.risk_context(bob.id).await.expect("read"),
        RiskContext::default()
    );
    let bobs = with(&[RiskRole::LittleCreativity]);
    store
        .set_risk_context(bob.id, bobs)
        .await
        .expect("set bob's");
    assert_eq!(store.risk_context(alice.id).await.expect("read"), alices);
    assert_eq!(store.risk_context(bob.id).await.expect("read"), bobs);

    for context in [alices, RiskContext::default()] {
        let result = store.set_risk_context(MISSING_USER, context).await;
        assert!(
            matches!(result, Err(StoreError::NotFound { .. })),
            "setting the context of a missing user must be NotFound, got {result:?}"
        );
    }
    assert_eq!(
        store.risk_context(MISSING_USER).await.expect("read"),
        RiskContext::default()
    );

    store.delete_user(alice.id).await.expect("delete alice");
    assert_eq!(
        store.risk_context(alice.id).await.expect("read"),
        RiskContext::default(),
        "the context went with the account"
    );
    assert_eq!(store.risk_context(bob.id).await.expect("read"), bobs);
}
