//! A person's current picture from their stored history and plan: the core status, the safety
//! notice and the recommendations. Shared by status and by the result of every response.

use crate::Result;
use anneal_core::Score;
use anneal_core::instrument;
use anneal_core::plan::{PlanItem, PlanStatus};
use anneal_core::recommend::{self, Dismissal, Recommendation, RecommendationInput, recommend};
use anneal_core::report::StatusReport;
use anneal_core::safety::{SafetyNotice, SupportConfig, safety_notice};
use anneal_core::status::{HistoryPoint, Status, current_score, status};
use anneal_core::strategy::{self, Audience};
use anneal_store::{ResponseKind, ResponseQuery, Store, StoredResponse, UserId};
use chrono::{DateTime, Duration, Utc};

/// How long a full assessment's answers count toward the current picture: its own reference period.
const ASSESSMENT_VALID_FOR_DAYS: i64 = 28;

/// How far back the picture looks: trends use 8 weeks, the early warning's baseline is the start
/// of this window, and half a year of weekly pulses is plenty for both.
pub const PICTURE_WEEKS: i64 = 26;

pub struct Picture {
    pub status: Status,
    pub safety: Option<SafetyNotice>,
    pub recommendations: Vec<Recommendation>,
}

impl Picture {
    pub fn report(&self) -> StatusReport {
        StatusReport::new(
            &self.status,
            self.safety.clone(),
            self.recommendations.clone(),
        )
    }
}

/// Everything the picture is built from, as stored.
pub struct PictureInputs {
    pub history: Vec<StoredResponse>,
    pub plan: Vec<PlanItem>,
    pub dismissals: Vec<Dismissal>,
}

pub async fn load_inputs(
    store: &dyn Store,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<PictureInputs> {
    // A bounded window keeps every write's result O(window), however long the history grows. It
    // ends at the latest answer, so someone back after a long pause still sees where they were.
    let latest = store
        .responses(
            user,
            ResponseQuery {
                limit: Some(1),
                ..ResponseQuery::default()
            },
        )
        .await?;
    let mut history = match latest.first() {
        None => vec![],
        Some(last) => {
            store
                .responses(
                    user,
                    ResponseQuery {
                        since: Some(last.taken_at - Duration::weeks(PICTURE_WEEKS)),
                        ..ResponseQuery::default()
                    },
                )
                .await?
        }
    };
    // Reliable change compares the last two full checks, however far back the first one is.
    let assessments = store
        .responses(
            user,
            ResponseQuery {
                kind: Some(ResponseKind::Assessment),
                limit: Some(2),
                ..ResponseQuery::default()
            },
        )
        .await?;
    for a in assessments {
        if !history.iter().any(|r| r.id == a.id) {
            history.push(a);
        }
    }
    history.sort_by_key(|r| (r.taken_at, r.id));
    let plan = store.plan_items(user).await?;
    let since = now - Duration::days(recommend::DISMISSAL_DAYS);
    let mut dismissals: Vec<Dismissal> = store
        .dismissals(user, since)
        .await?
        .into_iter()
        .map(|d| Dismissal {
            id: d.target,
            at: d.at,
        })
        .collect();
    // A plan item the person dismissed counts as a dismissed action.
    dismissals.extend(
        plan.iter()
            .filter_map(|p| match (p.status, &p.action_id, p.closed_at) {
                (PlanStatus::Dismissed, Some(action), Some(at)) => Some(Dismissal {
                    id: action.clone(),
                    at,
                }),
                _ => None,
            }),
    );
    Ok(PictureInputs {
        history,
        plan,
        dismissals,
    })
}

/// Loads what is needed and builds the picture; `None` when there are no answers yet.
pub async fn load_picture(
    store: &dyn Store,
    user: UserId,
    now: DateTime<Utc>,
    support: &SupportConfig,
) -> Result<Option<Picture>> {
    let inputs = load_inputs(store, user, now).await?;
    Ok(picture(&inputs, now, support))
}

/// Builds the picture from loaded inputs; `None` when there are no answers yet.
pub fn picture(
    inputs: &PictureInputs,
    now: DateTime<Utc>,
    support: &SupportConfig,
) -> Option<Picture> {
    let history = &inputs.history;
    let points: Vec<HistoryPoint<'_>> = history
        .iter()
        .map(|r| HistoryPoint {
            at: r.taken_at,
            pulse: r.kind == ResponseKind::Checkin,
            score: &r.score,
            stuck: r.stuck,
        })
        .collect();
    let status = status(&points, now, |id, index| {
        instrument::builtin_by_id(id).and_then(|i| i.reliability_of(index))
    })?;
    let latest = history.iter().max_by_key(|r| r.taken_at)?;
    let current = current_score(&latest.score, recent_assessment(history, latest));
    let safety = safety_notice(&current, support);
    let adopted: Vec<String> = inputs
        .plan
        .iter()
        .filter(|p| p.status == PlanStatus::Active)
        .filter_map(|p| p.action_id.clone())
        .collect();
    let recommendations = recommend(
        &RecommendationInput {
            score: &current,
            burnout_trend: status.burnout.trend,
            rustout_trend: status.rustout.trend,
            warnings: &status.warnings,
            stuck: status.stuck,
            dismissed: &inputs.dismissals,
            adopted: &adopted,
            now,
        },
        strategy::builtin(),
        Audience::Person,
    );
    Some(Picture {
        status,
        safety,
        recommendations,
    })
}

/// The latest full assessment while its reference period lasts (the pulse does not ask about
/// mood, so for those four weeks the full check fills in what the pulse does not measure).
fn recent_assessment<'a>(
    history: &'a [StoredResponse],
    latest: &StoredResponse,
) -> Option<&'a Score> {
    history
        .iter()
        .filter(|r| r.kind == ResponseKind::Assessment)
        .max_by_key(|r| r.taken_at)
        .filter(|a| latest.taken_at - a.taken_at <= Duration::days(ASSESSMENT_VALID_FOR_DAYS))
        .map(|a| &a.score)
}

/// What `status` shows: the picture and the next few plan items.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StatusView {
    #[serde(flatten)]
    pub status: StatusReport,
    pub next_actions: Vec<crate::plan::NextAction>,
}

/// How many plan items status lists.
pub const NEXT_ACTIONS: usize = 3;

/// The status view; `None` when there are no answers yet.
pub async fn status_view(
    store: &dyn Store,
    user: UserId,
    now: DateTime<Utc>,
    support: &SupportConfig,
) -> Result<Option<StatusView>> {
    let Some(picture) = load_picture(store, user, now, support).await? else {
        return Ok(None);
    };
    Ok(Some(StatusView {
        status: picture.report(),
        next_actions: crate::plan::next(store, user, NEXT_ACTIONS, now).await?,
    }))
}
