//! What several of the person's pages show alike, ready for the templates: an index with its
//! band, a dimension, the safety notice, a recommendation, and the charts with their text
//! alternatives. Built from the service's reports; no scoring happens here.

use crate::charts::{self, Bands, MapPoint, TrendPoint, WarningMark};
use crate::pages::words;
use anneal_core::instrument::{self, Instrument};
use anneal_core::model::{Band, Index};
use anneal_core::recommend::Recommendation;
use anneal_core::report::{DimensionReport, IndexStatusReport, WarningReport};
use anneal_core::safety::{SafetyNotice, SupportConfig};
use anneal_core::strategy::PROFESSIONAL_HELP_KIND;
use anneal_store::{ResponseKind, StoredResponse};
use chrono::{DateTime, Utc};

/// One index (burnout or rust-out) as a figure with a bar.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexView {
    /// "Burnout" or "Rust-out".
    pub name: &'static str,
    /// The score as a whole number.
    pub score: String,
    /// The bar's width on a 0–100 scale.
    pub width: String,
    /// "low", "moderate" or "high" (also the CSS class suffix).
    pub band: &'static str,
    /// Which way it moves, when the page shows a trend.
    pub trend: Option<String>,
}

impl IndexView {
    pub fn new(index: Index, score: f64, band: Band) -> IndexView {
        IndexView {
            name: words::index_name(index),
            score: words::whole(score),
            width: bar_width(score),
            band: words::band_name(band),
            trend: None,
        }
    }

    /// The same with how it moves in words: the trend read with the early warnings, over the
    /// window and series the status used.
    pub fn with_trend(self, report: &IndexStatusReport) -> IndexView {
        IndexView {
            trend: Some(anneal_core::words::movement_text(
                report.movement,
                report.slope_per_week,
                report.trend_window_weeks,
                report.trend_series,
            )),
            ..self
        }
    }
}

/// A 0–100 score as the width of a bar drawn in a `viewBox="0 0 100 …"` SVG.
pub fn bar_width(score: f64) -> String {
    if score.is_finite() {
        format!("{:.1}", score.clamp(0.0, 100.0))
    } else {
        "0".to_string()
    }
}

/// One dimension of a result.
#[derive(Debug, Clone, PartialEq)]
pub struct DimensionView {
    pub title: String,
    pub description: Option<String>,
    /// What it feeds, in words ("Burnout", "Rust-out", "Both").
    pub feeds: &'static str,
    pub score: String,
    pub width: String,
    pub band: &'static str,
    /// A safety dimension (low mood).
    pub safety: bool,
}

/// The dimensions of a result, with the titles and descriptions of the instrument that scored
/// them (the id stands in for an instrument or dimension that is not known).
pub fn dimensions(instrument_id: &str, reports: &[DimensionReport]) -> Vec<DimensionView> {
    let instrument = instrument::builtin_by_id(instrument_id);
    reports
        .iter()
        .map(|d| {
            let declared = instrument.and_then(|i| i.dimension(&d.id));
            DimensionView {
                title: declared
                    .map(|x| x.title.clone())
                    .unwrap_or_else(|| d.id.clone()),
                description: declared.and_then(|x| x.description.clone()),
                feeds: words::index_name(d.index),
                score: words::whole(d.score),
                width: bar_width(d.score),
                band: words::band_name(d.band),
                safety: declared.is_some_and(|x| x.safety),
            }
        })
        .collect()
}

/// Dimensions of one index, shown as one table.
#[derive(Debug, Clone, PartialEq)]
pub struct DimensionGroup {
    /// The table's caption: which index these dimensions feed.
    pub caption: String,
    pub dimensions: Vec<DimensionView>,
}

/// The dimensions of a result grouped by what they feed (burnout, rust-out, both), in that order,
/// each group in the instrument's order. Empty groups are left out.
pub fn dimension_groups(instrument_id: &str, reports: &[DimensionReport]) -> Vec<DimensionGroup> {
    let views = dimensions(instrument_id, reports);
    [
        (Index::Burnout, "Signs of burnout"),
        (Index::Rustout, "Signs of rust-out"),
        (Index::Shared, "Shared by both"),
    ]
    .into_iter()
    .filter_map(|(index, caption)| {
        let group: Vec<DimensionView> = reports
            .iter()
            .zip(&views)
            .filter(|(r, _)| r.index == index)
            .map(|(_, v)| v.clone())
            .collect();
        (!group.is_empty()).then(|| DimensionGroup {
            caption: caption.to_string(),
            dimensions: group,
        })
    })
    .collect()
}

/// Why the result lands where it does: one sentence per index, naming the dimensions that weigh
/// most in it.
pub fn why(
    instrument_id: &str,
    burnout: (f64, Band),
    rustout: (f64, Band),
    reports: &[DimensionReport],
) -> Vec<String> {
    let instrument = instrument::builtin_by_id(instrument_id);
    [(Index::Burnout, burnout), (Index::Rustout, rustout)]
        .into_iter()
        .map(|(index, (score, band))| {
            let name = words::index_name(index);
            let mut top: Vec<&DimensionReport> =
                reports.iter().filter(|d| d.index == index).collect();
            top.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
            let named: Vec<String> = top
                .iter()
                .take(2)
                .map(|d| {
                    let title = instrument
                        .and_then(|i| i.dimension(&d.id))
                        .map(|x| x.title.to_lowercase())
                        .unwrap_or_else(|| d.id.clone());
                    format!("{title} ({})", words::whole(d.score))
                })
                .collect();
            let threshold = instrument
                .map(|i| words::whole(i.index_thresholds(index).moderate))
                .unwrap_or_else(|| "40".to_string());
            let level = if band.is_elevated() {
                format!("{name} is {} at {}", band.as_str(), words::whole(score))
            } else {
                format!(
                    "{name} is low at {}, under the moderate band that starts at {threshold}",
                    words::whole(score)
                )
            };
            match named.as_slice() {
                [] => format!("{level}."),
                [one] => format!("{level}; it comes from {one}."),
                [a, b, ..] => format!("{level}; the strongest signs are {a} and {b}."),
            }
        })
        .collect()
}

/// Someone to contact, as the safety notice lists them.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceView {
    pub name: String,
    pub contact: String,
    pub note: Option<String>,
}

/// The safety notice: what to do now and whom to contact.
#[derive(Debug, Clone, PartialEq)]
pub struct SafetyView {
    pub message: String,
    pub resources: Vec<ResourceView>,
    /// False while the shipped generic resources are in force (no local numbers set).
    pub configured: bool,
}

impl SafetyView {
    pub fn new(notice: &SafetyNotice, support: &SupportConfig) -> SafetyView {
        SafetyView {
            message: notice.message.clone(),
            resources: notice
                .resources
                .iter()
                .map(|r| ResourceView {
                    name: r.name.clone(),
                    contact: r.contact.clone(),
                    note: r.note.clone(),
                })
                .collect(),
            configured: support.configured,
        }
    }
}

/// One action of a recommendation, with its "Add to my plan" button.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionView {
    pub id: String,
    pub text: String,
    pub cadence: &'static str,
    /// Already in the plan: no button, a note instead.
    pub adopted: bool,
}

/// One recommended strategy with its reason and actions.
#[derive(Debug, Clone, PartialEq)]
pub struct RecommendationView {
    pub strategy_id: String,
    pub title: String,
    /// What the strategy is and why it helps.
    pub summary: String,
    pub reason: String,
    /// Its reflection prompts, each with the id that opens a journal entry on it.
    pub prompts: Vec<(String, String)>,
    pub actions: Vec<ActionView>,
    /// Whether "Not for me" is offered. Professional help is never set aside from here: when it
    /// matters the recommendation engine keeps it anyway, and a button that does nothing would
    /// mislead.
    pub dismissable: bool,
}

pub fn recommendations(recs: &[Recommendation]) -> Vec<RecommendationView> {
    recs.iter()
        .map(|r| RecommendationView {
            strategy_id: r.strategy_id.clone(),
            title: r.title.clone(),
            summary: r.summary.clone(),
            reason: capitalise_first(&r.reason),
            prompts: r
                .prompts
                .iter()
                .enumerate()
                .map(|(i, text)| (format!("{}:{}", r.strategy_id, i + 1), text.clone()))
                .collect(),
            actions: r
                .actions
                .iter()
                .map(|a| ActionView {
                    id: a.id.clone(),
                    text: a.text.clone(),
                    cadence: words::cadence_words(Some(a.cadence)),
                    adopted: a.adopted,
                })
                .collect(),
            dismissable: r.kind != PROFESSIONAL_HELP_KIND,
        })
        .collect()
}

/// The text with its first letter upper-case.
pub fn capitalise_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// An early warning in words.
#[derive(Debug, Clone, PartialEq)]
pub struct WarningView {
    /// "Burnout" or "Rust-out".
    pub index: &'static str,
    pub message: String,
}

pub fn warnings(reports: &[WarningReport]) -> Vec<WarningView> {
    reports
        .iter()
        .map(|w| WarningView {
            index: words::index_name(w.index),
            message: w.message.clone(),
        })
        .collect()
}

/// The band thresholds the charts draw when there are no answers: the Spectrum check's.
pub fn chart_bands() -> Bands {
    bands_of("spectrum")
}

/// The burnout index's band thresholds of a built-in instrument (the default ones for an
/// instrument that is not known).
pub fn bands_of(instrument_id: &str) -> Bands {
    instrument::builtin_by_id(instrument_id)
        .map(|i: &Instrument| {
            let t = i.index_thresholds(Index::Burnout);
            Bands {
                moderate: t.moderate,
                high: t.high,
            }
        })
        .unwrap_or_default()
}

/// One row of a chart's table.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartRow {
    pub date: String,
    pub burnout: String,
    pub rustout: String,
}

/// Both charts of a person's answers, with their text alternatives.
#[derive(Debug, Clone, PartialEq)]
pub struct Charts {
    /// The spectrum map (`<svg>`, generated and escaped by [`crate::charts`]).
    pub map_svg: String,
    /// One or two sentences saying what the map shows.
    pub map_text: String,
    /// The trend chart (`<svg>`).
    pub trend_svg: String,
    /// The points of both charts, oldest first.
    pub rows: Vec<ChartRow>,
}

impl Charts {
    /// The charts of `responses` (any order); `warnings` are marked at `as_of`.
    pub fn new(
        responses: &[StoredResponse],
        warnings: &[WarningReport],
        as_of: Option<DateTime<Utc>>,
    ) -> Charts {
        let mut sorted: Vec<&StoredResponse> = responses.iter().collect();
        sorted.sort_by_key(|r| (r.taken_at, r.id));
        let map_points: Vec<MapPoint> = sorted
            .iter()
            .map(|r| MapPoint {
                at: r.taken_at,
                burnout: r.score.burnout.score,
                rustout: r.score.rustout.score,
                pulse: r.kind == ResponseKind::Checkin,
            })
            .collect();
        let trend_points: Vec<TrendPoint> = sorted
            .iter()
            .map(|r| TrendPoint {
                at: r.taken_at,
                burnout: r.score.burnout.score,
                rustout: r.score.rustout.score,
            })
            .collect();
        let marks: Vec<WarningMark> = match as_of {
            Some(at) => warnings
                .iter()
                .map(|w| WarningMark {
                    at,
                    index: w.index,
                    label: w.message.clone(),
                })
                .collect(),
            None => Vec::new(),
        };
        // The band lines of the instrument of the latest answers: the pulse and the full check
        // have bands of their own, and the lines must agree with the zone the page states.
        let bands = responses
            .iter()
            .max_by_key(|r| (r.taken_at, r.id))
            .map_or_else(chart_bands, |r| bands_of(&r.score.instrument));
        Charts {
            map_svg: charts::spectrum_map(&map_points, &bands),
            map_text: charts::describe_map(&map_points, &bands),
            trend_svg: charts::trend_chart(&trend_points, &bands, &marks),
            rows: charts::trend_table_rows(&trend_points)
                .into_iter()
                .map(|(date, b, r)| ChartRow {
                    date,
                    burnout: format!("{b:.1}"),
                    rustout: format!("{r:.1}"),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dim(id: &str, index: Index, score: f64, band: Band) -> DimensionReport {
        DimensionReport {
            id: id.into(),
            title: anneal_core::words::dimension_title(id),
            index,
            score,
            band,
        }
    }

    #[test]
    fn bars_are_clamped() {
        assert_eq!(bar_width(44.44), "44.4");
        assert_eq!(bar_width(-5.0), "0.0");
        assert_eq!(bar_width(250.0), "100.0");
        assert_eq!(bar_width(f64::NAN), "0");
    }

    #[test]
    fn dimensions_take_titles_from_the_instrument() {
        let views = dimensions(
            "spectrum",
            &[
                dim("exhaustion", Index::Burnout, 62.5, Band::High),
                dim("mood", Index::Shared, 10.0, Band::Low),
                dim("unheard_of", Index::Rustout, 5.0, Band::Low),
            ],
        );
        assert_eq!(views[0].title, "Exhaustion");
        assert_eq!(views[0].feeds, "Burnout");
        assert_eq!(views[0].band, "high");
        assert!(views[1].safety);
        assert_eq!(views[1].feeds, "Both");
        assert_eq!(views[2].title, "unheard_of");
    }

    #[test]
    fn dimension_groups_follow_the_index_and_keep_the_order() {
        let groups = dimension_groups(
            "spectrum",
            &[
                dim("boredom", Index::Rustout, 10.0, Band::Low),
                dim("exhaustion", Index::Burnout, 62.5, Band::High),
                dim("mood", Index::Shared, 10.0, Band::Low),
                dim("growth", Index::Rustout, 55.0, Band::High),
            ],
        );
        let titles: Vec<(&str, Vec<&str>)> = groups
            .iter()
            .map(|g| {
                (
                    g.caption.as_str(),
                    g.dimensions.iter().map(|d| d.title.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            titles,
            vec![
                ("Signs of burnout", vec!["Exhaustion"]),
                ("Signs of rust-out", vec!["Boredom", "Stagnation"]),
                ("Shared by both", vec!["Low mood"]),
            ]
        );
        assert!(dimension_groups("pulse", &[]).is_empty());
    }

    #[test]
    fn why_names_the_strongest_dimensions_of_each_index() {
        let reports = [
            dim("exhaustion", Index::Burnout, 70.0, Band::High),
            dim("pressure", Index::Burnout, 55.0, Band::High),
            dim("cynicism", Index::Burnout, 20.0, Band::Low),
            dim("boredom", Index::Rustout, 10.0, Band::Low),
        ];
        let lines = why(
            "spectrum",
            (48.0, Band::Moderate),
            (10.0, Band::Low),
            &reports,
        );
        assert_eq!(
            lines[0],
            "Burnout is moderate at 48; the strongest signs are exhaustion (70) and pressure (55)."
        );
        assert_eq!(
            lines[1],
            "Rust-out is low at 10, under the moderate band that starts at 40; it comes from boredom (10)."
        );
    }

    #[test]
    fn professional_help_cannot_be_set_aside_from_a_recommendation() {
        let rec = |kind: &str| Recommendation {
            strategy_id: "s".into(),
            title: "T".into(),
            kind: kind.into(),
            reason: "What stands out: Stagnation 72, high.".into(),
            summary: "S.".into(),
            prompts: vec!["What would you like to learn?".into()],
            beyond_seeds: false,
            actions: vec![],
            relevance: 1.0,
        };
        let views = recommendations(&[rec("learning"), rec(PROFESSIONAL_HELP_KIND)]);
        assert!(views[0].dismissable);
        assert!(!views[1].dismissable);
        assert_eq!(views[0].reason, "What stands out: Stagnation 72, high.");
        assert_eq!(views[0].summary, "S.");
        assert_eq!(
            views[0].prompts,
            vec![(
                "s:1".to_string(),
                "What would you like to learn?".to_string()
            )]
        );
    }

    #[test]
    fn no_answers_give_empty_charts_that_say_so() {
        let charts = Charts::new(&[], &[], None);
        assert!(charts.map_svg.starts_with("<svg"));
        assert!(charts.trend_svg.starts_with("<svg"));
        assert!(charts.rows.is_empty());
        assert!(charts.map_text.starts_with("No answers yet"));
    }
}
