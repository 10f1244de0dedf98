//! The JSON shapes people and tools read, shared by the CLI (`--json`) and the HTTP API so both say
//! the same thing. Built from domain values; documented with examples in `docs/cli.md`.

use crate::model::{Band, Index, Score, Zone};
use crate::recommend::Recommendation;
use crate::safety::SafetyNotice;
use crate::status::{IndexStatus, Status};
use crate::trend::Direction;
use crate::warning::{Warning, WarningKind};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// An index's score and band.
#[derive(Debug, Clone, Serialize)]
pub struct IndexReport {
    pub score: f64,
    pub band: Band,
}

#[derive(Debug, Clone, Serialize)]
pub struct DimensionReport {
    pub id: String,
    pub index: Index,
    pub score: f64,
    pub band: Band,
}

/// The result of one assessment or check-in (`assess --json`, `checkin --json`, `POST assessments`).
#[derive(Debug, Clone, Serialize)]
pub struct ResultReport {
    pub id: i64,
    pub instrument: String,
    pub taken_at: DateTime<Utc>,
    pub zone: Zone,
    pub burnout: IndexReport,
    pub rustout: IndexReport,
    pub balance: Option<f64>,
    pub dimensions: Vec<DimensionReport>,
    /// Present only when raised; leads every rendering when present.
    pub safety: Option<SafetyNotice>,
    pub recommendations: Vec<Recommendation>,
    /// The pulse's "I feel stuck" flag (always false for a full assessment).
    pub stuck: bool,
    pub screening_note: &'static str,
}

impl ResultReport {
    pub fn new(
        id: i64,
        taken_at: DateTime<Utc>,
        score: &Score,
        stuck: bool,
        safety: Option<SafetyNotice>,
        recommendations: Vec<Recommendation>,
    ) -> Self {
        ResultReport {
            id,
            instrument: score.instrument.clone(),
            taken_at,
            zone: score.zone,
            burnout: IndexReport {
                score: round1(score.burnout.score),
                band: score.burnout.band,
            },
            rustout: IndexReport {
                score: round1(score.rustout.score),
                band: score.rustout.band,
            },
            balance: score.balance.map(round1),
            dimensions: score
                .dimensions
                .iter()
                .map(|d| DimensionReport {
                    id: d.id.clone(),
                    index: d.index,
                    score: round1(d.score),
                    band: d.band,
                })
                .collect(),
            safety,
            recommendations,
            stuck,
            screening_note: crate::safety::SCREENING_NOTE,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct IndexStatusReport {
    pub score: f64,
    pub band: Band,
    /// `rising`, `falling` or `steady`; null with too few points.
    pub trend: Option<Direction>,
    /// Points per week of the trend, when there is one.
    pub slope_per_week: Option<f64>,
    /// Whether the change between the last two full assessments is a real one (|RCI| > 1.96).
    pub reliable_change: Option<ChangeReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChangeReport {
    pub before: f64,
    pub after: f64,
    pub rci: f64,
    pub reliable: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct WarningReport {
    pub kind: WarningKind,
    pub index: Index,
    pub message: String,
}

/// `status --json`, `GET me/status`.
#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    pub as_of: DateTime<Utc>,
    pub instrument: String,
    pub zone: Zone,
    pub burnout: IndexStatusReport,
    pub rustout: IndexStatusReport,
    pub balance: Option<f64>,
    pub stuck: bool,
    pub warnings: Vec<WarningReport>,
    pub safety: Option<SafetyNotice>,
    pub recommendations: Vec<Recommendation>,
    pub responses: usize,
    pub screening_note: &'static str,
}

impl StatusReport {
    pub fn new(
        status: &Status,
        safety: Option<SafetyNotice>,
        recommendations: Vec<Recommendation>,
    ) -> Self {
        StatusReport {
            as_of: status.as_of,
            instrument: status.instrument.clone(),
            zone: status.zone,
            burnout: index_status_report(&status.burnout),
            rustout: index_status_report(&status.rustout),
            balance: status.balance.map(round1),
            stuck: status.stuck,
            warnings: status.warnings.iter().map(warning_report).collect(),
            safety,
            recommendations,
            responses: status.responses,
            screening_note: crate::safety::SCREENING_NOTE,
        }
    }
}

fn index_status_report(s: &IndexStatus) -> IndexStatusReport {
    IndexStatusReport {
        score: round1(s.score),
        band: s.band,
        trend: s.trend.map(|t| t.direction),
        slope_per_week: s.trend.map(|t| round1(t.slope_per_week)),
        reliable_change: s.change.map(|c| ChangeReport {
            before: round1(c.before),
            after: round1(c.after),
            rci: (c.rci * 100.0).round() / 100.0,
            reliable: c.reliable,
        }),
    }
}

fn warning_report(w: &Warning) -> WarningReport {
    WarningReport {
        kind: w.kind,
        index: w.index,
        message: w.message.clone(),
    }
}

/// One point of `history --json`.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryPointReport {
    pub at: DateTime<Utc>,
    pub instrument: String,
    pub zone: Zone,
    pub burnout: f64,
    pub rustout: f64,
    pub balance: Option<f64>,
    pub stuck: bool,
}

impl HistoryPointReport {
    pub fn new(at: DateTime<Utc>, score: &Score, stuck: bool) -> Self {
        HistoryPointReport {
            at,
            instrument: score.instrument.clone(),
            zone: score.zone,
            burnout: round1(score.burnout.score),
            rustout: round1(score.rustout.score),
            balance: score.balance.map(round1),
            stuck,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct HistoryReport {
    pub points: Vec<HistoryPointReport>,
}

/// Scores are shown to one decimal; more would claim a precision the instruments do not have.
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}
