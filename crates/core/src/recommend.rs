//! The recommendation engine (DESIGN §3.2): from a score, its trends and warnings to a short,
//! ranked, explained list of strategies. Pure and deterministic: same input, same output.
//!
//! # How strategies are ranked
//!
//! - **Relevance** of a strategy = Σ over its triggers of `weight × elevation × boost`, where
//!   *elevation* is `score / 100` for a dimension or index in the moderate or high band and 0 in
//!   the low band (so the instrument's own thresholds decide what counts), the `stuck` trigger
//!   counts 1 when the "I feel stuck" flag is set, and *boost* multiplies by [`TREND_BOOST`] when
//!   the index the signal feeds is rising and by [`WARNING_BOOST`] when an early warning is raised
//!   on it. Ties are broken by strategy id.
//! - Nothing below [`MIN_RELEVANCE`] is shown, so a thriving person gets an empty list: no
//!   "preventive" filler. The interface says nothing stands out instead.
//! - At most one strategy per `kind`, at most [`MAX_RECOMMENDATIONS`].
//! - Strategies and actions dismissed less than [`DISMISSAL_DAYS`] days ago are left out; a
//!   strategy with no action left to offer (all dismissed, or all already in the plan) is left out.
//! - **Safety rule**: when either index is high or `mood` is elevated, the professional-help
//!   strategy is always in the list, whatever its relevance and even if it was dismissed (DESIGN
//!   §3.4: never hidden); when `mood` is high it comes first.
//!
//! The engine is generic over the audience: a leader's team picture is a [`Score`] of means and
//! the leader practices are ranked the same way, in words addressed to the team.

use crate::model::{Band, Index, Score};
use crate::safety::SAFETY_DIMENSION;
use crate::strategy::{Audience, Cadence, Catalogue, PROFESSIONAL_HELP_KIND, Signal, Strategy};
use crate::trend::{Direction, Trend};
use crate::warning::{Warning, WarningKind};
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The most recommendations returned.
pub const MAX_RECOMMENDATIONS: usize = 5;
/// The least relevance a strategy needs to be recommended (safety rule aside). One trigger of
/// weight 1 on a score just inside the moderate band (about 40) clears it; a weak trigger alone
/// does not.
pub const MIN_RELEVANCE: f64 = 0.35;
/// A dismissal hides a strategy or action for this many days.
pub const DISMISSAL_DAYS: i64 = 30;
/// Multiplies a signal's contribution when the index it feeds is rising.
pub const TREND_BOOST: f64 = 1.25;
/// Multiplies a signal's contribution when an early warning is raised on the index it feeds.
pub const WARNING_BOOST: f64 = 1.25;
/// How many signals a reason names at most.
const REASON_SIGNALS: usize = 3;

/// A strategy or action the person dismissed, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dismissal {
    /// A strategy id or an action id.
    pub id: String,
    /// When it was dismissed.
    pub at: DateTime<Utc>,
}

/// Everything the engine looks at.
#[derive(Debug, Clone)]
pub struct RecommendationInput<'a> {
    /// The latest result (assessment or pulse), or for a team the result of means.
    pub score: &'a Score,
    /// Trend of the burnout index, if there is enough history.
    pub burnout_trend: Option<Trend>,
    /// Trend of the rust-out index, if there is enough history.
    pub rustout_trend: Option<Trend>,
    /// Early warnings in force.
    pub warnings: &'a [Warning],
    /// The latest pulse's "I feel stuck" flag.
    pub stuck: bool,
    /// Strategies or actions the person dismissed.
    pub dismissed: &'a [Dismissal],
    /// Action ids already in the plan.
    pub adopted: &'a [String],
    /// The moment dismissals are measured from.
    pub now: DateTime<Utc>,
}

/// One action of a recommended strategy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecommendedAction {
    /// The action's catalogue id.
    pub id: String,
    /// What to do.
    pub text: String,
    /// How often it is suggested.
    pub cadence: Cadence,
    /// Already in the plan.
    pub adopted: bool,
}

/// One recommended strategy, with the reason in plain words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recommendation {
    /// The strategy's catalogue id.
    pub strategy_id: String,
    /// The strategy's title.
    pub title: String,
    /// The strategy's kind.
    pub kind: String,
    /// Names the scores and the trend that led to it.
    pub reason: String,
    /// The strategy's actions minus recently dismissed ones.
    pub actions: Vec<RecommendedAction>,
    /// Rounded to three decimals; see the module docs.
    pub relevance: f64,
}

/// Ranks the `audience`'s strategies of `catalogue` for `input`. See the module docs.
pub fn recommend(
    input: &RecommendationInput,
    catalogue: &Catalogue,
    audience: Audience,
) -> Vec<Recommendation> {
    let need = SafetyNeed::of(input.score);
    let mut candidates: Vec<Candidate> = catalogue
        .for_audience(audience)
        .filter_map(|s| Candidate::of(s, input, need))
        .collect();
    candidates.sort_by(|a, b| {
        b.relevance
            .total_cmp(&a.relevance)
            .then_with(|| a.strategy.id.cmp(&b.strategy.id))
    });
    let voice = Voice::of(audience);
    pick(candidates, need)
        .into_iter()
        .map(|c| c.into_recommendation(input, voice))
        .collect()
}

/// What the safety rule asks of this score.
#[derive(Debug, Clone, Copy)]
struct SafetyNeed {
    /// Professional help must be among the recommendations.
    required: bool,
    /// Professional help must come first.
    first: bool,
}

impl SafetyNeed {
    fn of(score: &Score) -> SafetyNeed {
        let mood = score.dimension(SAFETY_DIMENSION).map(|d| d.band);
        let first = mood == Some(Band::High);
        let required = mood.is_some_and(Band::is_elevated)
            || score.burnout.band == Band::High
            || score.rustout.band == Band::High;
        SafetyNeed { required, first }
    }
}

/// One signal's share of a strategy's relevance.
#[derive(Debug, Clone)]
struct Contribution {
    evidence: Evidence,
    amount: f64,
}

#[derive(Debug, Clone)]
enum Evidence {
    Dimension {
        id: String,
        value: f64,
        band: Band,
        index: Index,
    },
    Index {
        index: Index,
        value: f64,
        band: Band,
    },
    Stuck,
}

impl Evidence {
    /// The index whose trend and warnings bear on this evidence.
    fn index(&self) -> Option<Index> {
        match self {
            Evidence::Dimension { index, .. } | Evidence::Index { index, .. } => Some(*index),
            Evidence::Stuck => None,
        }
    }
}

struct Candidate<'c> {
    strategy: &'c Strategy,
    actions: Vec<RecommendedAction>,
    contributions: Vec<Contribution>,
    relevance: f64,
    /// Professional help that the safety rule requires: immune to dismissal and the minimum.
    protected: bool,
}

impl<'c> Candidate<'c> {
    fn of(strategy: &'c Strategy, input: &RecommendationInput, need: SafetyNeed) -> Option<Self> {
        let protected = need.required && strategy.kind == PROFESSIONAL_HELP_KIND;
        if !protected && recently_dismissed(&strategy.id, input) {
            return None;
        }
        let actions: Vec<RecommendedAction> = strategy
            .actions
            .iter()
            .filter(|a| protected || !recently_dismissed(&a.id, input))
            .map(|a| RecommendedAction {
                id: a.id.clone(),
                text: a.text.clone(),
                cadence: a.cadence,
                adopted: input.adopted.contains(&a.id),
            })
            .collect();
        let nothing_new = actions.iter().all(|a| a.adopted);
        if !protected && nothing_new {
            return None;
        }
        let contributions = contributions(strategy, input);
        let relevance = contributions.iter().map(|c| c.amount).sum::<f64>();
        if !protected && relevance < MIN_RELEVANCE {
            return None;
        }
        Some(Candidate {
            strategy,
            actions,
            contributions,
            relevance,
            protected,
        })
    }

    fn into_recommendation(self, input: &RecommendationInput, voice: Voice) -> Recommendation {
        let reason = if self.protected {
            safety_reason(input.score, voice)
        } else {
            let mut reason = evidence_reason(&self.contributions, input, voice);
            if self.strategy.kind == PROFESSIONAL_HELP_KIND {
                reason.push(' ');
                reason.push_str(EARLY_HELP);
            }
            reason
        };
        Recommendation {
            strategy_id: self.strategy.id.clone(),
            title: self.strategy.title.clone(),
            kind: self.strategy.kind.clone(),
            reason,
            actions: self.actions,
            relevance: (self.relevance * 1000.0).round() / 1000.0,
        }
    }
}

fn recently_dismissed(id: &str, input: &RecommendationInput) -> bool {
    input.dismissed.iter().any(|d| {
        d.id == id && input.now.signed_duration_since(d.at) < TimeDelta::days(DISMISSAL_DAYS)
    })
}

/// Spreads across kinds, caps the count and applies the safety rule to sorted candidates.
fn pick(candidates: Vec<Candidate<'_>>, need: SafetyNeed) -> Vec<Candidate<'_>> {
    let mut kinds: BTreeSet<&str> = BTreeSet::new();
    let mut picked = Vec::new();
    let mut help = None;
    for candidate in candidates {
        if !kinds.insert(candidate.strategy.kind.as_str()) {
            continue;
        }
        if picked.len() < MAX_RECOMMENDATIONS {
            picked.push(candidate);
        } else if candidate.protected && help.is_none() {
            help = Some(candidate);
        }
    }
    if let Some(help) = help {
        // The safety rule outranks the weakest pick.
        picked.pop();
        picked.push(help);
    }
    if need.first
        && let Some(pos) = picked.iter().position(|c| c.protected)
    {
        let help = picked.remove(pos);
        picked.insert(0, help);
    }
    picked
}

/// Each trigger's share of the relevance, largest first (ties by signal name).
fn contributions(strategy: &Strategy, input: &RecommendationInput) -> Vec<Contribution> {
    let score = input.score;
    let mut out: Vec<Contribution> = strategy
        .triggers
        .iter()
        .filter_map(|t| {
            let evidence = match &t.signal {
                Signal::Dimension(id) => {
                    let d = score.dimension(id)?;
                    Evidence::Dimension {
                        id: d.id.clone(),
                        value: d.score,
                        band: d.band,
                        index: d.index,
                    }
                }
                Signal::Index(index) => {
                    let s = score.index(*index)?;
                    Evidence::Index {
                        index: *index,
                        value: s.score,
                        band: s.band,
                    }
                }
                Signal::Stuck if input.stuck => Evidence::Stuck,
                Signal::Stuck => return None,
            };
            let amount = t.weight * strength(&evidence) * boost(evidence.index(), input);
            (amount > 0.0).then_some(Contribution { evidence, amount })
        })
        .collect();
    out.sort_by(|a, b| {
        b.amount
            .total_cmp(&a.amount)
            .then_with(|| evidence_name(&a.evidence).cmp(evidence_name(&b.evidence)))
    });
    out
}

/// How strongly the evidence calls for action, 0–1.
fn strength(evidence: &Evidence) -> f64 {
    match evidence {
        Evidence::Dimension { value, band, .. } | Evidence::Index { value, band, .. } => {
            elevation(*value, *band)
        }
        Evidence::Stuck => 1.0,
    }
}

/// `score / 100` in the moderate or high band, 0 in the low band or for a non-finite score.
fn elevation(value: f64, band: Band) -> f64 {
    if band.is_elevated() && value.is_finite() {
        value.clamp(0.0, 100.0) / 100.0
    } else {
        0.0
    }
}

fn boost(index: Option<Index>, input: &RecommendationInput) -> f64 {
    let Some(index) = index else { return 1.0 };
    let mut boost = 1.0;
    if rising(index, input).is_some() {
        boost *= TREND_BOOST;
    }
    if input.warnings.iter().any(|w| w.index == index) {
        boost *= WARNING_BOOST;
    }
    boost
}

/// The index's trend, when it is rising.
fn rising(index: Index, input: &RecommendationInput) -> Option<Trend> {
    let trend = match index {
        Index::Burnout => input.burnout_trend,
        Index::Rustout => input.rustout_trend,
        Index::Balance | Index::Shared => None,
    }?;
    (trend.direction == Direction::Rising).then_some(trend)
}

fn evidence_name(evidence: &Evidence) -> &str {
    match evidence {
        Evidence::Dimension { id, .. } => id,
        Evidence::Index { index, .. } => index.as_str(),
        Evidence::Stuck => "stuck",
    }
}

// ---- Reasons, in plain words ----

/// The sentence that follows every professional-help reason, in the spirit of the source: early.
const EARLY_HELP: &str = "A therapist, counsellor or qualified coach can help you cope and recover; \
reach out now rather than waiting until you want to leave your job or feel fed up.";

/// Whom the reasons talk about.
#[derive(Debug, Clone, Copy)]
struct Voice {
    /// "your" or "your team's".
    possessive: &'static str,
    /// The sentence for the stuck flag.
    stuck: &'static str,
}

impl Voice {
    fn of(audience: Audience) -> Voice {
        match audience {
            Audience::Person => Voice {
                possessive: "your",
                stuck: "You said you feel stuck.",
            },
            Audience::Leader => Voice {
                possessive: "your team's",
                stuck: "Someone in your team has said they feel stuck.",
            },
        }
    }
}

/// One score named in a reason.
struct Named {
    label: String,
    is_index: bool,
    value: f64,
    band: Band,
}

fn named(evidence: &Evidence) -> Option<Named> {
    match evidence {
        Evidence::Dimension {
            id, value, band, ..
        } => Some(Named {
            label: dimension_label(id),
            is_index: false,
            value: *value,
            band: *band,
        }),
        Evidence::Index { index, value, band } => Some(Named {
            label: index_label(*index).to_string(),
            is_index: true,
            value: *value,
            band: *band,
        }),
        Evidence::Stuck => None,
    }
}

/// "Your exhaustion and pressure scores are high (68, 74). Your burnout index has been rising for
/// 4 weeks." — the strongest signals, then the trends, warnings and the stuck flag behind them.
fn evidence_reason(
    contributions: &[Contribution],
    input: &RecommendationInput,
    voice: Voice,
) -> String {
    let top: Vec<&Contribution> = contributions
        .iter()
        .filter(|c| !matches!(c.evidence, Evidence::Stuck))
        .take(REASON_SIGNALS)
        .collect();
    let mut sentences = Vec::new();
    let names: Vec<Named> = top.iter().filter_map(|c| named(&c.evidence)).collect();
    if !names.is_empty() {
        sentences.push(sentence(&scores_clause(&names, voice.possessive)));
    }
    let indices: BTreeSet<Index> = top.iter().filter_map(|c| c.evidence.index()).collect();
    for index in &indices {
        if let Some(trend) = rising(*index, input) {
            sentences.push(sentence(&format!(
                "{} {} index has been rising {}",
                voice.possessive,
                index_label(*index),
                for_weeks(trend.weeks)
            )));
        }
        if let Some(w) = input.warnings.iter().find(|w| w.index == *index) {
            sentences.push(warning_sentence(w, voice));
        }
    }
    if contributions
        .iter()
        .any(|c| matches!(c.evidence, Evidence::Stuck))
    {
        sentences.push(voice.stuck.to_string());
    }
    sentences.join(" ")
}

/// Why professional help is on the list under the safety rule: mood first, then high indices.
fn safety_reason(score: &Score, voice: Voice) -> String {
    let mut names = Vec::new();
    if let Some(mood) = score.dimension(SAFETY_DIMENSION)
        && mood.band.is_elevated()
    {
        names.push(Named {
            label: dimension_label(&mood.id),
            is_index: false,
            value: mood.score,
            band: mood.band,
        });
    }
    for index in [Index::Burnout, Index::Rustout] {
        if let Some(s) = score.index(index)
            && s.band == Band::High
        {
            names.push(Named {
                label: index_label(index).to_string(),
                is_index: true,
                value: s.score,
                band: s.band,
            });
        }
    }
    let clauses: Vec<String> = names
        .iter()
        .map(|n| single_clause(n, voice.possessive))
        .collect();
    if clauses.is_empty() {
        return EARLY_HELP.to_string();
    }
    format!("{} {EARLY_HELP}", sentence(&clauses.join(", and ")))
}

/// Groups the named scores by band, highest band first.
fn scores_clause(names: &[Named], possessive: &str) -> String {
    let mut groups = Vec::new();
    for band in [Band::High, Band::Moderate, Band::Low] {
        let group: Vec<&Named> = names.iter().filter(|n| n.band == band).collect();
        match group.as_slice() {
            [] => {}
            [one] => groups.push(single_clause(one, possessive)),
            many => groups.push(group_clause(many, possessive, band)),
        }
    }
    groups.join(", and ")
}

/// "your growth score is 72, high"
fn single_clause(n: &Named, possessive: &str) -> String {
    let noun = if n.is_index { "index" } else { "score" };
    format!(
        "{possessive} {} {noun} is {}, {}",
        n.label,
        number(n.value),
        n.band
    )
}

/// "your exhaustion and pressure scores and your burnout index are high (68, 74, 61)"
fn group_clause(group: &[&Named], possessive: &str, band: Band) -> String {
    let dims: Vec<&Named> = group.iter().copied().filter(|n| !n.is_index).collect();
    let indices: Vec<&Named> = group.iter().copied().filter(|n| n.is_index).collect();
    let mut parts = Vec::new();
    if !dims.is_empty() {
        let noun = if dims.len() == 1 { "score" } else { "scores" };
        parts.push(format!(
            "{} {noun}",
            join_and(dims.iter().map(|n| n.label.as_str()))
        ));
    }
    if !indices.is_empty() {
        let noun = if indices.len() == 1 {
            "index"
        } else {
            "indices"
        };
        parts.push(format!(
            "{} {noun}",
            join_and(indices.iter().map(|n| n.label.as_str()))
        ));
    }
    let values: Vec<String> = dims
        .iter()
        .chain(&indices)
        .map(|n| number(n.value))
        .collect();
    format!(
        "{possessive} {} are {band} ({})",
        parts.join(&format!(" and {possessive} ")),
        values.join(", ")
    )
}

fn warning_sentence(w: &Warning, voice: Voice) -> String {
    let index = index_label(w.index);
    let text = match w.kind {
        WarningKind::BandCrossing => format!(
            "Early warning: {} {index} index has moved into a higher band than its usual level",
            voice.possessive
        ),
        WarningKind::Drift => format!(
            "Early warning: {} {index} index has stayed well above its usual level for {}",
            voice.possessive,
            plural(u64::from(w.weeks), "check-in")
        ),
    };
    sentence(&text)
}

/// "for 4 weeks", "for 1 week", or "lately" when the span is unknown.
fn for_weeks(weeks: f64) -> String {
    if weeks.is_finite() && weeks >= 0.0 {
        // Finite, non-negative and clamped, so the cast is exact.
        let n = weeks.round().clamp(1.0, 10_000.0) as u64;
        format!("for {}", plural(n, "week"))
    } else {
        "lately".to_string()
    }
}

fn plural(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A whole number for people; non-finite values read as 0.
fn number(value: f64) -> String {
    let v = if value.is_finite() {
        value.clamp(0.0, 100.0).round()
    } else {
        0.0
    };
    format!("{v:.0}")
}

fn join_and<'s>(items: impl Iterator<Item = &'s str>) -> String {
    let items: Vec<&str> = items.collect();
    match items.as_slice() {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Capitalises the first letter and ends with a full stop.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    out.push('.');
    out
}

fn dimension_label(id: &str) -> String {
    match id {
        "sleep_appetite" => "sleep/appetite".to_string(),
        other => other.replace('_', " "),
    }
}

fn index_label(index: Index) -> &'static str {
    match index {
        Index::Burnout => "burnout",
        Index::Rustout => "rust-out",
        Index::Balance => "challenge balance",
        Index::Shared => "shared",
    }
}

#[cfg(test)]
mod tests;
