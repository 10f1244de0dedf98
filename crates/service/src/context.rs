//! A person's risk context (DESIGN §2.1): what they say about their role — caring, emergency or
//! first-response work, a heavy workload; repetitive or predictable work, little creativity,
//! skills unused. Entirely optional. It never changes a score: it only shapes which strategies
//! come first and what their reasons say.

use crate::{Result, ServiceError};
use anneal_core::context::RiskContext;
use anneal_store::{Store, StoreError, UserId};

/// What every surface says about the risk context, next to the questions.
pub const EXPLANATION: &str = "Some kinds of work are known to raise the risk of burnout \
    (caring, emergency and first-response work, a heavy workload) or of rust-out (repetitive or \
    predictable work, little room for creativity, skills left unused). Telling Anneal about your \
    role is optional and private. It never changes a score: it only shapes which strategies come \
    first and what their reasons say.";

/// The person's risk context; the default (nothing set) when they never gave one.
pub async fn get(store: &dyn Store, user: UserId) -> Result<RiskContext> {
    Ok(store.risk_context(user).await?)
}

/// Replaces the person's risk context (the default clears it) and returns it as stored.
pub async fn set(store: &dyn Store, user: UserId, context: RiskContext) -> Result<RiskContext> {
    match store.set_risk_context(user, context).await {
        Ok(()) => Ok(context),
        Err(StoreError::NotFound { .. }) => Err(ServiceError::NotFound(
            "there is no such account to describe the role of".into(),
        )),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use anneal_core::context::RiskRole;
    use anneal_store::conformance::fixtures::{self, MISSING_USER};
    use anneal_store_sqlite::SqliteStore;

    #[tokio::test]
    async fn set_then_get_then_clear() {
        let store = SqliteStore::open("sqlite::memory:").await.expect("store");
        let ana = fixtures::user(&store, "ana").await;
        assert!(get(&store, ana.id).await.unwrap().is_empty());
        let mut context = RiskContext::default();
        context.set(RiskRole::Caring, true);
        context.set(RiskRole::Repetitive, true);
        assert_eq!(set(&store, ana.id, context).await.unwrap(), context);
        assert_eq!(get(&store, ana.id).await.unwrap(), context);
        set(&store, ana.id, RiskContext::default()).await.unwrap();
        assert!(get(&store, ana.id).await.unwrap().is_empty());
        assert!(matches!(
            set(&store, MISSING_USER, context).await,
            Err(ServiceError::NotFound(_))
        ));
    }
}
