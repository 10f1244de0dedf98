//! A person's risk context (DESIGN §2.1): six yes-or-no flags about their role, kept as one row
//! per person who gave any. Never shared and never read by leader code.

use crate::codec::{millis, now};
use crate::db::{Db, Pool};
use crate::errors::{failed, failed_for_user};
use anneal_store::{RiskContext, StoreError, UserId};

/// A selected `risk_contexts` row: the six flags in [`anneal_store::RiskRole::ALL`] order.
type ContextRow = (bool, bool, bool, bool, bool, bool);

const SELECT_CONTEXT: &str = "SELECT caring, emergency, heavy_workload, repetitive, \
    little_creativity, skills_unused FROM risk_contexts WHERE user_id = $1";

const UPSERT_CONTEXT: &str = "INSERT INTO risk_contexts (user_id, caring, emergency, \
    heavy_workload, repetitive, little_creativity, skills_unused, updated_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (user_id) DO UPDATE SET \
    caring = excluded.caring, emergency = excluded.emergency, \
    heavy_workload = excluded.heavy_workload, repetitive = excluded.repetitive, \
    little_creativity = excluded.little_creativity, skills_unused = excluded.skills_unused, \
    updated_at = excluded.updated_at";

/// `user`'s risk context; the default when they have none (or do not exist).
pub(crate) async fn get(pool: &Pool, user: UserId) -> Result<RiskContext, StoreError> {
    let row = sqlx::query_as::<Db, ContextRow>(SELECT_CONTEXT)
        .bind(user.0)
        .fetch_optional(pool)
        .await
        .map_err(|e| failed("reading the risk context", e))?;
    Ok(row.map_or_else(RiskContext::default, decode))
}

fn decode(row: ContextRow) -> RiskContext {
    let (caring, emergency, heavy_workload, repetitive, little_creativity, skills_unused) = row;
    RiskContext {
        caring,
        emergency,
        heavy_workload,
        repetitive,
        little_creativity,
        skills_unused,
    }
}

/// Replaces `user`'s risk context in one transaction; the default removes their row. A missing
/// user is `NotFound`.
pub(crate) async fn set(pool: &Pool, user: UserId, context: RiskContext) -> Result<(), StoreError> {
    if !context.is_empty() {
        sqlx::query(UPSERT_CONTEXT)
            .bind(user.0)
            .bind(context.caring)
            .bind(context.emergency)
            .bind(context.heavy_workload)
            .bind(context.repetitive)
            .bind(context.little_creativity)
            .bind(context.skills_unused)
            .bind(millis(now()))
            .execute(pool)
            .await
            .map_err(|e| failed_for_user("storing the risk context", user.0, e))?;
        return Ok(());
    }
    let mut tx = crate::db::begin_write(pool)
        .await
        .map_err(|e| failed("starting to clear the risk context", e))?;
    sqlx::query("DELETE FROM risk_contexts WHERE user_id = $1")
        .bind(user.0)
        .execute(&mut *tx)
        .await
        .map_err(|e| failed("clearing the risk context", e))?;
    let exists = sqlx::query_scalar::<Db, i64>("SELECT id FROM users WHERE id = $1")
        .bind(user.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(|e| failed("looking up the person whose risk context is cleared", e))?;
    if exists.is_none() {
        return Err(StoreError::NotFound {
            what: format!("user {}", user.0),
        });
    }
    tx.commit()
        .await
        .map_err(|e| failed("committing the cleared risk context", e))
}
