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
//! - **Safety rule**: when the safety notice is raised ([`crate::safety`]), either index is high
//!   or `mood` is elevated, the professional-help strategy is always in the list, whatever its
//!   relevance and even if it was dismissed (DESIGN §3.4: never hidden). It comes first when the
//!   notice is raised and no lower than second when burnout is high.
//! - **Advice that fits the load**: a strategy that adds demand (`adds_demand` in the catalogue:
//!   stretch work, a challenge, more responsibility, learning on top) is never offered when the
//!   challenge balance is above [`BALANCE_TOO_MUCH`] or any load answer says "too much" (the
//!   `overload` signal above 0), nor when burnout is
//!   elevated, unless rust-out clearly leads ([`RUSTOUT_LEAD`] points ahead, and elevated) and the
//!   load is about right or too little.
//! - **The healthy middle**: with neither index elevated, no notice, no early warning and no
//!   "stuck" flag, at most
//!   [`MIDDLE_MAX`] light upkeep suggestions (`light` in the catalogue) are offered, and nothing
//!   corrective.
//! - **Risk context**: a strategy that names one of the person's [`RiskContext`] roles counts
//!   [`CONTEXT_BOOST`] times more, and its reason says why. The context never changes a score.
//!
//! The engine is generic over the audience: a leader's team picture is a [`Score`] of means and
//! the leader practices are ranked the same way, in words addressed to the team.

use crate::context::{RiskContext, RiskRole};
use crate::model::{Band, Index, Score};
use crate::safety::SAFETY_DIMENSION;
use crate::strategy::{Audience, Cadence, Catalogue, PROFESSIONAL_HELP_KIND, Signal, Strategy};
use crate::trend::{Direction, Trend};
use crate::warning::{Warning, WarningKind};
use crate::words::{dimension_title, index_title, named_score};
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
/// The most suggestions for someone in the healthy middle.
pub const MIDDLE_MAX: usize = 2;
/// A challenge balance above this (−100…100) says the load is too much: one of two load
/// questions at "a bit too much" with the other about right is 16.7.
pub const BALANCE_TOO_MUCH: f64 = 15.0;
/// How many points rust-out must lead burnout by to "clearly lead".
pub const RUSTOUT_LEAD: f64 = 15.0;
/// Multiplies a strategy's relevance when it names one of the person's risk-context roles.
pub const CONTEXT_BOOST: f64 = 1.2;

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
    /// The safety notice is raised ([`crate::safety::notice`]).
    pub safety: bool,
    /// The person's risk context (empty for a team).
    pub context: RiskContext,
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
    /// Names the scores and the trend that led to it, in the person's terms.
    pub reason: String,
    /// The strategy's summary: what it is and why it helps.
    pub summary: String,
    /// The strategy's reflection prompts; each can open a journal entry.
    pub prompts: Vec<String>,
    /// The entry goes beyond what the source articles say (leader practices for burnout).
    pub beyond_seeds: bool,
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
    let need = SafetyNeed::of(input);
    let fit = Fit::of(input);
    let mut candidates: Vec<Candidate> = catalogue
        .for_audience(audience)
        .filter_map(|s| Candidate::of(s, input, need, fit))
        .collect();
    candidates.sort_by(|a, b| {
        b.relevance
            .total_cmp(&a.relevance)
            .then_with(|| b.closeness.total_cmp(&a.closeness))
            .then_with(|| a.strategy.id.cmp(&b.strategy.id))
    });
    let voice = Voice::of(audience);
    pick(candidates, need, fit)
        .into_iter()
        .map(|c| c.into_recommendation(input, voice, fit))
        .collect()
}

/// What the safety rule asks of this input.
#[derive(Debug, Clone, Copy)]
struct SafetyNeed {
    /// Professional help must be among the recommendations.
    required: bool,
    /// Professional help must come first.
    first: bool,
    /// Professional help must be first or second.
    top_two: bool,
}

impl SafetyNeed {
    fn of(input: &RecommendationInput) -> SafetyNeed {
        let score = input.score;
        let mood = score.dimension(SAFETY_DIMENSION).map(|d| d.band);
        let first = input.safety || mood == Some(Band::High);
        let top_two = score.burnout.band == Band::High;
        let required = first
            || top_two
            || mood.is_some_and(Band::is_elevated)
            || score.rustout.band == Band::High;
        SafetyNeed {
            required,
            first,
            top_two,
        }
    }
}

/// How the advice must fit the person's load and where they sit.
#[derive(Debug, Clone, Copy)]
struct Fit {
    /// Nothing that adds demand may be offered.
    no_demand: bool,
    /// Neither index elevated and no notice: at most [`MIDDLE_MAX`] light suggestions.
    middle: bool,
}

impl Fit {
    fn of(input: &RecommendationInput) -> Fit {
        let score = input.score;
        // Any "too much" answer counts, even when the other load question says "too easy": the
        // halves are not averaged away.
        let load_too_much = score.balance.is_some_and(|c| c > BALANCE_TOO_MUCH)
            || score.dimension("overload").is_some_and(|d| d.score > 0.0);
        let rustout_leads = score.rustout.band.is_elevated()
            && score.rustout.score - score.burnout.score >= RUSTOUT_LEAD;
        let no_demand = load_too_much || (score.burnout.band.is_elevated() && !rustout_leads);
        let middle = !input.safety
            && !input.stuck
            && input.warnings.is_empty()
            && !score.burnout.band.is_elevated()
            && !score.rustout.band.is_elevated();
        Fit { no_demand, middle }
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
    /// The person's risk-context roles this strategy names.
    roles: Vec<RiskRole>,
    /// Σ weight × score / 100 over the triggers whatever their band: how close the signals are
    /// to strain. Breaks ties, which in the healthy middle (nothing elevated) is every tie.
    closeness: f64,
}

impl<'c> Candidate<'c> {
    fn of(
        strategy: &'c Strategy,
        input: &RecommendationInput,
        need: SafetyNeed,
        fit: Fit,
    ) -> Option<Self> {
        let protected = need.required && strategy.kind == PROFESSIONAL_HELP_KIND;
        if !protected && recently_dismissed(&strategy.id, input) {
            return None;
        }
        if strategy.adds_demand && fit.no_demand {
            return None;
        }
        // In the healthy middle only light upkeep (and help the safety rule requires) is offered.
        if fit.middle && !protected && !strategy.light {
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
        let roles: Vec<RiskRole> = strategy
            .roles
            .iter()
            .copied()
            .filter(|r| input.context.has(*r))
            .collect();
        let boost = if roles.is_empty() { 1.0 } else { CONTEXT_BOOST };
        let relevance = contributions.iter().map(|c| c.amount).sum::<f64>() * boost;
        if !protected && !fit.middle && relevance < MIN_RELEVANCE {
            return None;
        }
        let closeness = closeness(strategy, input.score) * boost;
        Some(Candidate {
            strategy,
            actions,
            contributions,
            relevance,
            protected,
            roles,
            closeness,
        })
    }

    fn into_recommendation(
        self,
        input: &RecommendationInput,
        voice: Voice,
        fit: Fit,
    ) -> Recommendation {
        let mut reason = if self.protected {
            safety_reason(input, voice)
        } else if fit.middle {
            middle_reason(&self.contributions, voice)
        } else {
            let mut reason = evidence_reason(&self.contributions, input, voice);
            if self.strategy.kind == PROFESSIONAL_HELP_KIND {
                reason.push(' ');
                reason.push_str(EARLY_HELP);
            }
            reason
        };
        for role in &self.roles {
            reason.push(' ');
            reason.push_str(context_sentence(*role));
        }
        Recommendation {
            strategy_id: self.strategy.id.clone(),
            title: self.strategy.title.clone(),
            kind: self.strategy.kind.clone(),
            reason: reason.trim().to_string(),
            summary: self.strategy.summary.clone(),
            prompts: self.strategy.prompts.clone(),
            beyond_seeds: self.strategy.beyond_seeds,
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
fn pick(candidates: Vec<Candidate<'_>>, need: SafetyNeed, fit: Fit) -> Vec<Candidate<'_>> {
    let max = if fit.middle {
        MIDDLE_MAX
    } else {
        MAX_RECOMMENDATIONS
    };
    let mut kinds: BTreeSet<&str> = BTreeSet::new();
    let mut picked = Vec::new();
    let mut help = None;
    for candidate in candidates {
        if !kinds.insert(candidate.strategy.kind.as_str()) {
            continue;
        }
        if picked.len() < max {
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
    if let Some(pos) = picked.iter().position(|c| c.protected) {
        let to = if need.first {
            Some(0)
        } else if need.top_two && pos > 1 {
            Some(1)
        } else {
            None
        };
        if let Some(to) = to {
            let help = picked.remove(pos);
            picked.insert(to, help);
        }
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

/// See [`Candidate::closeness`].
fn closeness(strategy: &Strategy, score: &Score) -> f64 {
    strategy
        .triggers
        .iter()
        .filter_map(|t| {
            let value = match &t.signal {
                Signal::Dimension(id) => score.dimension(id)?.score,
                Signal::Index(index) => score.index(*index)?.score,
                Signal::Stuck => return None,
            };
            value
                .is_finite()
                .then(|| t.weight * value.clamp(0.0, 100.0) / 100.0)
        })
        .sum()
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
    /// What leads the list of named scores.
    stands_out: &'static str,
    /// The sentence for the stuck flag.
    stuck: &'static str,
    /// The sentence for a light suggestion in the healthy middle.
    middle: &'static str,
    /// The sentence when the safety notice is raised.
    safety: &'static str,
}

impl Voice {
    fn of(audience: Audience) -> Voice {
        match audience {
            Audience::Person => Voice {
                possessive: "your",
                stands_out: "What stands out:",
                stuck: "You said you feel stuck.",
                middle: "You are in the healthy middle; a small habit like this helps you stay there.",
                safety: "Your answers about how low or hopeless you have felt call for talking to someone.",
            },
            Audience::Leader => Voice {
                possessive: "your team's",
                stands_out: "What stands out in your team:",
                stuck: "Someone in your team has said they feel stuck.",
                middle: "Your team is in the healthy middle; this helps keep it there.",
                safety: "Your team's answers call for making help easy to reach.",
            },
        }
    }
}

/// One score named in a reason: "Stagnation 75, high".
fn named(evidence: &Evidence) -> Option<String> {
    match evidence {
        Evidence::Dimension {
            id, value, band, ..
        } => Some(named_score(&dimension_title(id), *value, *band)),
        Evidence::Index { index, value, band } => {
            Some(named_score(index_title(*index), *value, *band))
        }
        Evidence::Stuck => None,
    }
}

/// "What stands out: Exhaustion 68, high; Stress 74, high. Your burnout index has been rising
/// for 4 weeks." — the strongest signals by their strain titles, then the trends, warnings and
/// the stuck flag behind them.
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
    let names: Vec<String> = top.iter().filter_map(|c| named(&c.evidence)).collect();
    if !names.is_empty() {
        sentences.push(format!("{} {}.", voice.stands_out, names.join("; ")));
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

/// Why a light suggestion is offered in the healthy middle.
fn middle_reason(contributions: &[Contribution], voice: Voice) -> String {
    let names: Vec<String> = contributions
        .iter()
        .take(REASON_SIGNALS)
        .filter_map(|c| named(&c.evidence))
        .collect();
    let mut reason = voice.middle.to_string();
    if !names.is_empty() {
        reason.push_str(&format!(" Worth watching: {}.", names.join("; ")));
    }
    reason
}

/// Why professional help is on the list under the safety rule: the notice first, then mood and
/// high indices.
fn safety_reason(input: &RecommendationInput, voice: Voice) -> String {
    let score = input.score;
    let mut names = Vec::new();
    if let Some(mood) = score.dimension(SAFETY_DIMENSION)
        && mood.band.is_elevated()
    {
        names.push(named_score(
            &dimension_title(&mood.id),
            mood.score,
            mood.band,
        ));
    }
    for index in [Index::Burnout, Index::Rustout] {
        if let Some(s) = score.index(index)
            && s.band == Band::High
        {
            names.push(named_score(index_title(index), s.score, s.band));
        }
    }
    let mut sentences = Vec::new();
    if input.safety {
        sentences.push(voice.safety.to_string());
    }
    if !names.is_empty() {
        sentences.push(format!("{} {}.", voice.stands_out, names.join("; ")));
    }
    sentences.push(EARLY_HELP.to_string());
    sentences.join(" ")
}

/// Why a strategy matters more in a role, in a sentence.
fn context_sentence(role: RiskRole) -> &'static str {
    match role {
        RiskRole::Caring => {
            "You said your work is caring for others: giving care all day can wear down your own \
             reserves (compassion fatigue), so this comes earlier for you."
        }
        RiskRole::Emergency => {
            "You said you work in emergency or first response, where stress comes in surges and \
             recovery time is short, so this comes earlier for you."
        }
        RiskRole::HeavyWorkload => {
            "You said a heavy workload is normal in your role, which makes lasting strain more \
             likely, so this comes earlier for you."
        }
        RiskRole::Repetitive => {
            "You said your work is mostly repetitive or predictable, a common road to rust-out, \
             so this comes earlier for you."
        }
        RiskRole::LittleCreativity => {
            "You said your role leaves little room for creativity, which lets interest fade, so \
             this comes earlier for you."
        }
        RiskRole::SkillsUnused => {
            "You said your role leaves skills unused, a common road to rust-out, so this comes \
             earlier for you."
        }
    }
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
