//! Working the plan: adopting a recommended action, adding goals, learning entries and one's own
//! actions, marking them done, setting them (or a recommendation) aside, and seeing what moved.

use crate::{Result, ServiceError};
use anneal_core::plan::{
    self, MovedAfter, PlanDraft, PlanItem, PlanKind, PlanStatus, moved_after, next_due,
    validate_draft,
};
use anneal_core::strategy::{self, Cadence};
use anneal_store::{Dismissal, ResponseQuery, Store, UserId};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

fn plan_error(e: plan::PlanError) -> ServiceError {
    ServiceError::invalid(e.to_string())
}

/// Adopts a catalogue action into the plan. `cadence` overrides the suggested one.
pub async fn adopt(
    store: &dyn Store,
    user: UserId,
    action_id: &str,
    cadence: Option<Cadence>,
    due: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Result<PlanItem> {
    let catalogue = strategy::builtin();
    let Some((strategy, action)) = catalogue.action(action_id) else {
        if let Some(s) = catalogue.get(action_id) {
            let ids: Vec<&str> = s.actions.iter().map(|a| a.id.as_str()).collect();
            return Err(ServiceError::invalid(format!(
                "{action_id:?} is a strategy; adopt one of its actions: {}",
                ids.join(", ")
            )));
        }
        return Err(ServiceError::invalid(format!(
            "unknown action {action_id:?}; the ids are shown with each recommendation (`anneal status`)"
        )));
    };
    let existing = store.plan_items(user).await?;
    if let Some(item) = existing
        .iter()
        .find(|p| p.status == PlanStatus::Active && p.action_id.as_deref() == Some(action_id))
    {
        return Err(ServiceError::invalid(format!(
            "{action_id:?} is already in your plan as item {}",
            item.id
        )));
    }
    let draft = validate_draft(PlanDraft {
        kind: PlanKind::Action,
        action_id: Some(action.id.clone()),
        strategy_id: Some(strategy.id.clone()),
        title: action.text.clone(),
        cadence: Some(cadence.unwrap_or(action.cadence)),
        due,
        created_at: now,
    })
    .map_err(plan_error)?;
    Ok(store.add_plan_item(user, draft).await?)
}

/// Adds a goal, a learning-log entry or the person's own action.
pub async fn add(
    store: &dyn Store,
    user: UserId,
    kind: PlanKind,
    title: &str,
    cadence: Option<Cadence>,
    due: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Result<PlanItem> {
    if kind == PlanKind::Action {
        return Err(ServiceError::invalid(
            "kind: `action` items come from recommendations (adopt them by id); use goal, learning or custom",
        ));
    }
    let draft = validate_draft(PlanDraft {
        kind,
        action_id: None,
        strategy_id: None,
        title: title.to_string(),
        cadence,
        due,
        created_at: now,
    })
    .map_err(plan_error)?;
    Ok(store.add_plan_item(user, draft).await?)
}

async fn item(store: &dyn Store, user: UserId, id: i64) -> Result<PlanItem> {
    store
        .plan_items(user)
        .await?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or_else(|| ServiceError::NotFound(format!("there is no plan item {id} in your plan")))
}

/// Marks an item done: a one-off is finished; a recurring one logs this time and stays.
pub async fn done(
    store: &dyn Store,
    user: UserId,
    id: i64,
    now: DateTime<Utc>,
) -> Result<PlanItem> {
    let current = item(store, user, id).await?;
    let progress = plan::mark_done(&current, now).map_err(plan_error)?;
    Ok(store.update_plan_item(user, id, progress).await?)
}

/// What `dismiss` set aside.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "dismissed", rename_all = "lowercase")]
pub enum Dismissed {
    /// A plan item.
    Item { item: PlanItem },
    /// A recommended strategy or action, by id (left out of recommendations for 30 days).
    Recommendation { id: String },
}

/// Sets aside a plan item (by number) or a recommended strategy or action (by id).
pub async fn dismiss(
    store: &dyn Store,
    user: UserId,
    target: &str,
    reason: Option<String>,
    now: DateTime<Utc>,
) -> Result<Dismissed> {
    if let Ok(id) = target.parse::<i64>() {
        let current = item(store, user, id).await?;
        let progress = plan::dismiss(&current, now, reason).map_err(plan_error)?;
        let item = store.update_plan_item(user, id, progress).await?;
        return Ok(Dismissed::Item { item });
    }
    let catalogue = strategy::builtin();
    if catalogue.get(target).is_none() && catalogue.action(target).is_none() {
        return Err(ServiceError::invalid(format!(
            "{target:?} is neither a plan item number nor a recommended strategy or action id"
        )));
    }
    let reason = reason
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty());
    if let Some(r) = &reason
        && r.chars().count() > plan::MAX_REASON_CHARS
    {
        return Err(ServiceError::invalid(format!(
            "reason: at most {} characters",
            plan::MAX_REASON_CHARS
        )));
    }
    store
        .add_dismissal(
            user,
            Dismissal {
                target: target.to_string(),
                at: now,
                reason,
            },
        )
        .await?;
    Ok(Dismissed::Recommendation {
        id: target.to_string(),
    })
}

/// A plan item as the person sees it.
#[derive(Debug, Clone, Serialize)]
pub struct PlanEntry {
    #[serde(flatten)]
    pub item: PlanItem,
    pub next_due: Option<DateTime<Utc>>,
    pub overdue: bool,
    /// How B and R moved around the time the item started; descriptive, never causal.
    pub moved_after: Option<MovedAfter>,
}

/// The plan, active items first in the order they come due, then the rest newest first.
pub async fn list(
    store: &dyn Store,
    user: UserId,
    include_closed: bool,
    now: DateTime<Utc>,
) -> Result<Vec<PlanEntry>> {
    let items = store.plan_items(user).await?;
    let history: Vec<(DateTime<Utc>, f64, f64)> = store
        .responses(user, ResponseQuery::default())
        .await?
        .iter()
        .map(|r| (r.taken_at, r.score.burnout.score, r.score.rustout.score))
        .collect();
    let entry = |item: &PlanItem| PlanEntry {
        next_due: next_due(item),
        overdue: plan::is_overdue(item, now),
        moved_after: moved_after(item, &history, now),
        item: item.clone(),
    };
    let mut out: Vec<PlanEntry> = plan::next_actions(&items, now, usize::MAX)
        .into_iter()
        .map(entry)
        .collect();
    if include_closed {
        let mut closed: Vec<&PlanItem> = items
            .iter()
            .filter(|p| p.status != PlanStatus::Active)
            .collect();
        closed.sort_by_key(|p| std::cmp::Reverse((p.closed_at, p.id)));
        out.extend(closed.into_iter().map(entry));
    }
    Ok(out)
}

/// The first few active items, for status.
pub async fn next(
    store: &dyn Store,
    user: UserId,
    n: usize,
    now: DateTime<Utc>,
) -> Result<Vec<NextAction>> {
    let items = store.plan_items(user).await?;
    Ok(plan::next_actions(&items, now, n)
        .into_iter()
        .map(|p| NextAction {
            id: p.id,
            title: p.title.clone(),
            kind: p.kind,
            cadence: p.cadence,
            next_due: next_due(p),
            overdue: plan::is_overdue(p, now),
        })
        .collect())
}

/// One line of "what's next" in status.
#[derive(Debug, Clone, Serialize)]
pub struct NextAction {
    pub id: i64,
    pub title: String,
    pub kind: PlanKind,
    pub cadence: Option<Cadence>,
    pub next_due: Option<DateTime<Utc>>,
    pub overdue: bool,
}
