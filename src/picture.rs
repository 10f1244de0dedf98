//! A person's current picture from their stored history: the core status, the safety notice and
//! the recommendations. Shared by `status` and by the result of `assess` and `checkin`.

use anneal_core::Score;
use anneal_core::instrument;
use anneal_core::recommend::{Recommendation, RecommendationInput, recommend};
use anneal_core::report::StatusReport;
use anneal_core::safety::{SafetyNotice, SupportConfig, safety_notice};
use anneal_core::status::{HistoryPoint, Status, status};
use anneal_core::strategy::{self, Audience};
use anneal_store::{ResponseKind, ResponseQuery, Store, StoredResponse, UserId};
use chrono::{DateTime, Duration, Utc};

/// How long a full assessment's answers count for safety: its own reference period.
const ASSESSMENT_VALID_FOR_DAYS: i64 = 28;

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

pub async fn load_history(store: &dyn Store, user: UserId) -> anyhow::Result<Vec<StoredResponse>> {
    Ok(store.responses(user, ResponseQuery::default()).await?)
}

/// Builds the picture; `None` when there is no history yet.
pub fn picture(
    history: &[StoredResponse],
    now: DateTime<Utc>,
    support: &SupportConfig,
) -> Option<Picture> {
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
    let safety = safety_notice(safety_score(history, latest), support);
    let recommendations = recommend(
        &RecommendationInput {
            score: &latest.score,
            burnout_trend: status.burnout.trend,
            rustout_trend: status.rustout.trend,
            warnings: &status.warnings,
            stuck: status.stuck,
            dismissed: &[],
            adopted: &[],
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

/// The score safety is judged on: the latest full assessment while its four weeks last (the pulse
/// does not ask about mood), otherwise the latest response.
fn safety_score<'a>(history: &'a [StoredResponse], latest: &'a StoredResponse) -> &'a Score {
    history
        .iter()
        .filter(|r| r.kind == ResponseKind::Assessment)
        .max_by_key(|r| r.taken_at)
        .filter(|a| latest.taken_at - a.taken_at <= Duration::days(ASSESSMENT_VALID_FOR_DAYS))
        .map(|a| &a.score)
        .unwrap_or(&latest.score)
}
