//! The JSON shapes people and tools read, shared by the CLI (`--json`) and the HTTP API so both say
//! the same thing. Built from domain values; documented with examples in `docs/cli.md`.

use crate::instrument::{Instrument, InstrumentKind};
use crate::model::{Band, Index, Score, Zone};
use crate::recommend::Recommendation;
use crate::safety::SafetyNotice;
use crate::status::{IndexStatus, Movement, Series, Status};
use crate::trend::Direction;
use crate::warning::{Warning, WarningKind};
use crate::words::{ZoneReading, dimension_title, zone_reading};
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
    /// What a high score means, in words: "Stagnation", "Low mood".
    pub title: String,
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
    /// This response's own zone.
    pub zone: Zone,
    /// Where the person sits with this response and their recent picture together (zone
    /// persistence, leaning, the safety notice), in words: what every surface shows.
    pub reading: ZoneReading,
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
        standing: Option<(Zone, Option<Zone>)>,
        safety: Option<SafetyNotice>,
        recommendations: Vec<Recommendation>,
    ) -> Self {
        let (zone, leaning) = standing.unwrap_or((score.zone, None));
        ResultReport {
            id,
            instrument: score.instrument.clone(),
            taken_at,
            zone: score.zone,
            reading: zone_reading(zone, leaning, safety.is_some()),
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
                    title: dimension_title(&d.id),
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
    /// `rising`, `falling` or `steady`: the slope alone; null with too few points.
    pub trend: Option<Direction>,
    /// Points per week of the trend, when there is one.
    pub slope_per_week: Option<f64>,
    /// Which instrument's points the trend is over (`pulse` or `assessment`).
    pub trend_series: Option<Series>,
    /// How many weeks back the trend looks.
    pub trend_window_weeks: i64,
    /// The trend read together with the early warnings: `rising`, `falling`, `steady` or
    /// `above_usual` (a warning is raised and the slope is not rising). What surfaces show.
    pub movement: Option<Movement>,
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
    /// The zone with persistence: a full check, or two of the last three pulses.
    pub zone: Zone,
    /// The latest response's own zone when it differs from `zone`.
    pub leaning: Option<Zone>,
    /// The zone in words, with the safety notice taken into account.
    pub reading: ZoneReading,
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
            leaning: status.leaning,
            reading: zone_reading(status.zone, status.leaning, safety.is_some()),
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
        trend_series: s.trend_series,
        trend_window_weeks: s.trend_window_weeks,
        movement: s.movement,
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

/// One instrument in a list (`instruments list --json`, `GET /api/v1/instruments`).
#[derive(Debug, Clone, Serialize)]
pub struct InstrumentSummary {
    pub id: String,
    pub title: String,
    /// `assessment` or `pulse`.
    pub kind: InstrumentKind,
    /// How many items it asks.
    pub items: usize,
    /// The reference period the items ask about, e.g. "the past four weeks".
    pub period: String,
    /// False for Anneal's own, unvalidated wording.
    pub validated: bool,
}

impl InstrumentSummary {
    pub fn new(inst: &Instrument) -> Self {
        InstrumentSummary {
            id: inst.id.clone(),
            title: inst.title.clone(),
            kind: inst.kind,
            items: inst.items.len(),
            period: inst.period.clone(),
            validated: inst.validated,
        }
    }
}

/// One instrument in full (`instruments show ID --json`, `GET /api/v1/instruments/{id}`): what a
/// client needs to ask its questions and send the answers back.
#[derive(Debug, Clone, Serialize)]
pub struct InstrumentReport {
    pub id: String,
    pub version: u32,
    pub title: String,
    pub description: String,
    /// `assessment` or `pulse`.
    pub kind: InstrumentKind,
    pub period: String,
    pub validated: bool,
    pub citation: String,
    /// In the order they are asked.
    pub items: Vec<InstrumentItemReport>,
    pub dimensions: Vec<InstrumentDimensionReport>,
}

/// One question of an instrument.
#[derive(Debug, Clone, Serialize)]
pub struct InstrumentItemReport {
    /// The key of its answer in `{"item_id": value}`.
    pub id: String,
    pub text: String,
    /// The dimension it feeds; `None` for a bipolar item, which feeds the two halves in `bipolar`.
    pub dimension: Option<String>,
    /// Whether a high answer means low strain.
    pub reverse: bool,
    /// The lowest value of its scale.
    pub min: i32,
    /// The highest value of its scale.
    pub max: i32,
    /// Every allowed answer with its label, ascending.
    pub scale: Vec<ScalePointReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bipolar: Option<BipolarReport>,
}

/// One allowed answer and its label.
#[derive(Debug, Clone, Serialize)]
pub struct ScalePointReport {
    pub value: i32,
    pub label: String,
}

/// What the two ends of a bipolar item mean.
#[derive(Debug, Clone, Serialize)]
pub struct BipolarReport {
    pub low: String,
    pub high: String,
}

/// A dimension of an instrument and the index it feeds.
#[derive(Debug, Clone, Serialize)]
pub struct InstrumentDimensionReport {
    pub id: String,
    pub index: Index,
}

impl InstrumentReport {
    pub fn new(inst: &Instrument) -> Self {
        InstrumentReport {
            id: inst.id.clone(),
            version: inst.version,
            title: inst.title.clone(),
            description: inst.description.clone(),
            kind: inst.kind,
            period: inst.period.clone(),
            validated: inst.validated,
            citation: inst.citation.clone(),
            items: inst
                .items
                .iter()
                .map(|it| {
                    let scale = inst.scale_of(it);
                    InstrumentItemReport {
                        id: it.id.clone(),
                        text: it.text.clone(),
                        dimension: it.dimension.clone(),
                        reverse: it.reverse,
                        min: scale.min(),
                        max: scale.max(),
                        scale: scale
                            .values
                            .iter()
                            .zip(&scale.labels)
                            .map(|(value, label)| ScalePointReport {
                                value: *value,
                                label: label.clone(),
                            })
                            .collect(),
                        bipolar: it.bipolar.as_ref().map(|b| BipolarReport {
                            low: b.low.clone(),
                            high: b.high.clone(),
                        }),
                    }
                })
                .collect(),
            dimensions: inst
                .dimensions
                .iter()
                .map(|d| InstrumentDimensionReport {
                    id: d.id.clone(),
                    index: d.index,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod instrument_report_tests {
    use super::*;
    use crate::instrument;

    #[test]
    fn every_item_of_the_pulse_is_shown_with_its_whole_scale() {
        let pulse = instrument::builtin_by_id("pulse").expect("pulse ships");
        let report = InstrumentReport::new(pulse);
        assert_eq!(report.items.len(), pulse.items.len());
        for item in &report.items {
            assert_eq!(item.scale.first().map(|p| p.value), Some(item.min));
            assert_eq!(item.scale.last().map(|p| p.value), Some(item.max));
            assert!(item.scale.iter().all(|p| !p.label.is_empty()));
        }
        let bipolar = report
            .items
            .iter()
            .find(|i| i.bipolar.is_some())
            .expect("the pulse has a bipolar load item");
        assert_eq!(bipolar.dimension, None);
        let json = serde_json::to_value(&report).expect("json");
        assert_eq!(json["kind"], "pulse");
        let summary = serde_json::to_value(InstrumentSummary::new(pulse)).expect("json");
        assert_eq!(summary["items"], pulse.items.len());
    }
}
