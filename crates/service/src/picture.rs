//! A person's current picture from their stored history and plan: the core status, the safety
//! notice and the recommendations. Shared by status and by the result of every response.

use crate::Result;
use anneal_core::Score;
use anneal_core::context::RiskContext;
use anneal_core::instrument;
use anneal_core::plan::{PlanItem, PlanStatus};
use anneal_core::recommend::{self, Dismissal, Recommendation, RecommendationInput, recommend};
use anneal_core::report::StatusReport;
use anneal_core::safety::{self, Evidence, Finding, SafetyNotice, SupportConfig};
use anneal_core::status::{HistoryPoint, Status, current_score, status};
use anneal_core::strategy::{self, Audience};
use anneal_store::{ResponseKind, ResponseQuery, Store, StoredResponse, UserId};
use chrono::{DateTime, Duration, Utc};

/// How long a full assessment's answers count toward the current picture: its own reference period.
const ASSESSMENT_VALID_FOR_DAYS: i64 = anneal_core::status::ASSESSMENT_DAYS;

/// How far back the picture looks: trends use 8 weeks, the early warning's baseline is the start
/// of this window, and half a year of weekly pulses is plenty for both.
pub const PICTURE_WEEKS: i64 = 26;

/// The most responses of the window the picture reads: four a week for [`PICTURE_WEEKS`]. Someone
/// who answers at most that often gets exactly the picture of the whole window; someone who
/// answers far more often gets the picture of their latest answers. The bound keeps the work for
/// every check-in's result the same however often a person answers: without it, a person with a
/// check-in every four hours made each of their check-ins read, decode and compare over a
/// thousand rows (24 check-ins/s instead of hundreds; docs/benchmarks.md).
pub const PICTURE_MAX_RESPONSES: u32 = 4 * PICTURE_WEEKS as u32;

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
    /// The person's own description of their role; shapes ordering and reasons, never a score.
    pub context: RiskContext,
}

pub async fn load_inputs(
    store: &dyn Store,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<PictureInputs> {
    // A bounded window keeps every write's result O(window), however long the history grows. It
    // ends at the latest answer, so someone back after a long pause still sees where they were,
    // and holds at most PICTURE_MAX_RESPONSES, however often the person answers.
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
                        limit: Some(PICTURE_MAX_RESPONSES),
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
    let context = store.risk_context(user).await?;
    Ok(PictureInputs {
        history,
        plan,
        dismissals,
        context,
    })
}

/// Loads what is needed and builds the picture; `None` when there are no answers yet.
/// `just_given` is the response the person has just given, if any (see [`picture`]).
pub async fn load_picture(
    store: &dyn Store,
    user: UserId,
    now: DateTime<Utc>,
    support: &SupportConfig,
    just_given: Option<&StoredResponse>,
) -> Result<Option<Picture>> {
    let mut inputs = load_inputs(store, user, now).await?;
    // A response backdated before the window is still part of its own result.
    if let Some(given) = just_given
        && !inputs.history.iter().any(|r| r.id == given.id)
    {
        inputs.history.push(given.clone());
        inputs.history.sort_by_key(|r| (r.taken_at, r.id));
    }
    Ok(picture(&inputs, now, support, just_given.map(|r| r.id)))
}

/// What one stored response says about safety: read from its answers against the exact
/// instrument version it was given to, or from its score when that version is not known here.
pub fn safety_finding(response: &StoredResponse) -> Option<Finding> {
    match instrument::builtin_version(
        &response.score.instrument,
        response.score.instrument_version,
    ) {
        Some(inst) => safety::finding(inst, &response.answers),
        None => safety::finding_from_score(&response.score),
    }
}

/// Builds the picture from loaded inputs; `None` when there are no answers yet. The safety
/// notice reads the response `just_given` (by id), whatever its date, together with every
/// response of the recent picture (`anneal_core::safety`).
pub fn picture(
    inputs: &PictureInputs,
    now: DateTime<Utc>,
    support: &SupportConfig,
    just_given: Option<i64>,
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
    let status = status(
        &points,
        now,
        |id, index| instrument::builtin_by_id(id).and_then(|i| i.reliability_of(index)),
        |id, index| {
            instrument::builtin_by_id(id).map(|i| {
                let t = i.index_thresholds(index);
                (t.moderate, t.high)
            })
        },
    )?;
    let latest = history.iter().max_by_key(|r| (r.taken_at, r.id))?;
    let current = current_score(&latest.score, recent_assessment(history, latest));
    let given = just_given
        .and_then(|id| history.iter().find(|r| r.id == id))
        .and_then(safety_finding);
    let evidence: Vec<Evidence> = history
        .iter()
        .filter_map(|r| {
            safety_finding(r).map(|finding| Evidence {
                at: r.taken_at,
                finding,
            })
        })
        .collect();
    let safety = safety::notice(given.as_ref(), &evidence, now, support);
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
            safety: safety.is_some(),
            context: inputs.context,
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
    let Some(picture) = load_picture(store, user, now, support, None).await? else {
        return Ok(None);
    };
    Ok(Some(StatusView {
        status: picture.report(),
        next_actions: crate::plan::next(store, user, NEXT_ACTIONS, now).await?,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::respond::{Submission, record_private};
    use anneal_core::scoring::answers_from_json;
    use anneal_store::NewUser;
    use anneal_store_sqlite::SqliteStore;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 4, 12, 0, 0)
            .single()
            .expect("a real time")
    }

    async fn person() -> (SqliteStore, UserId) {
        let store = SqliteStore::open("sqlite::memory:")
            .await
            .expect("an in-memory store");
        let user = store
            .create_user(NewUser {
                username: "someone".into(),
                password_hash: None,
            })
            .await
            .expect("a new account")
            .id;
        (store, user)
    }

    /// Stores answers to `instrument`, every item at the middle of its scale, taken at `at`.
    async fn answer(store: &SqliteStore, user: UserId, instrument: &str, at: DateTime<Utc>) {
        let inst = instrument::builtin_by_id(instrument).expect("a shipped instrument");
        let middle: serde_json::Map<String, serde_json::Value> = inst
            .items
            .iter()
            .map(|item| {
                let values = &inst.scale_of(item).values;
                (item.id.clone(), serde_json::json!(values[values.len() / 2]))
            })
            .collect();
        let answers = answers_from_json(inst, &serde_json::Value::Object(middle))
            .expect("answers on the scale");
        record_private(
            store,
            user,
            Submission {
                instrument: inst,
                answers,
                taken_at: at,
                stuck: false,
                note: None,
            },
        )
        .await
        .expect("stored");
    }

    #[tokio::test]
    async fn a_weekly_person_gets_the_whole_window() {
        let (store, user) = person().await;
        for week in 0..40 {
            answer(&store, user, "pulse", now() - Duration::weeks(week)).await;
        }
        let inputs = load_inputs(&store, user, now()).await.expect("inputs");
        // Week 0 to week 26 inclusive: the window ends at the latest answer and includes its start.
        assert_eq!(inputs.history.len(), 27);
        assert_eq!(
            inputs.history.first().map(|r| r.taken_at),
            Some(now() - Duration::weeks(PICTURE_WEEKS))
        );
        assert_eq!(inputs.history.last().map(|r| r.taken_at), Some(now()));
    }

    #[tokio::test]
    async fn a_person_who_answers_hourly_gets_their_latest_answers_and_last_two_full_checks() {
        let (store, user) = person().await;
        // Two full checks long before the window, then a pulse every hour for 300 hours.
        answer(&store, user, "spectrum", now() - Duration::weeks(40)).await;
        answer(&store, user, "spectrum", now() - Duration::weeks(30)).await;
        for hour in 0..300 {
            answer(&store, user, "pulse", now() - Duration::hours(hour)).await;
        }
        let inputs = load_inputs(&store, user, now()).await.expect("inputs");
        let pulses: Vec<&StoredResponse> = inputs
            .history
            .iter()
            .filter(|r| r.kind == ResponseKind::Checkin)
            .collect();
        assert_eq!(pulses.len(), PICTURE_MAX_RESPONSES as usize);
        let oldest_kept = now() - Duration::hours(i64::from(PICTURE_MAX_RESPONSES) - 1);
        assert_eq!(pulses.first().map(|r| r.taken_at), Some(oldest_kept));
        assert_eq!(pulses.last().map(|r| r.taken_at), Some(now()));
        let assessments = inputs.history.len() - pulses.len();
        assert_eq!(
            assessments, 2,
            "reliable change still sees both full checks"
        );
        assert!(
            inputs
                .history
                .windows(2)
                .all(|w| (w[0].taken_at, w[0].id) <= (w[1].taken_at, w[1].id)),
            "oldest first"
        );
        let picture = picture(&inputs, now(), anneal_core::safety::default_support(), None)
            .expect("a picture");
        assert_eq!(picture.status.responses, inputs.history.len());
    }
}
