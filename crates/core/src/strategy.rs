//! The strategy catalogue (DESIGN §3.1): every strategy of the source articles as data, with the
//! signals that trigger it, concrete actions and reflection prompts.
//!
//! The catalogue lives in `content/strategies/*.toml` (format in `content/strategies/README.md`)
//! and is embedded at build time; [`builtin`] returns it. [`parse`] reads one file and
//! [`Catalogue::new`] joins files, so an organisation's own catalogue is checked the same way.

mod parse;
mod problem;

pub use parse::parse;
pub use problem::Problem;
pub(crate) use problem::list as problem_list;

use crate::context::RiskRole;
use crate::model::Index;
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;
use thiserror::Error;

/// Every dimension id a trigger may name: the Spectrum check's and the pulse's.
pub const KNOWN_DIMENSIONS: &[&str] = &[
    // burnout
    "exhaustion",
    "pressure",
    "cynicism",
    "detachment",
    "physical",
    "irritability",
    // rust-out
    "boredom",
    "motivation",
    "procrastination",
    "skill_use",
    "growth",
    "purpose",
    "withdrawal",
    // shared
    "sleep_appetite",
    "mood",
    // pulse only
    "overload",
    "underload",
    "connection",
];

/// The trigger name for the pulse's "I feel stuck" flag.
pub const STUCK_TRIGGER: &str = "stuck";

/// Kinds of strategies for a person; recommendations show at most one of each kind.
pub const PERSON_KINDS: &[&str] = &[
    "self_care",
    "understand",
    "support",
    "boundaries",
    "job_fit",
    "learning",
    "creativity",
    "goals",
    "interests",
    "purpose",
    "challenge",
    "connection",
    "role",
    "professional_help",
];

/// Kinds of leader practices: the rust-out ones from the second article, then the burnout ones
/// derived from the first article's strategies for a person.
pub const LEADER_KINDS: &[&str] = &[
    "check_in",
    "development",
    "role_design",
    "voice",
    "recognition",
    "workload",
    "recovery",
    "boundaries",
    "support",
    "listen",
];

/// The kind of the "seek professional help" strategy, which the safety rule puts first.
pub const PROFESSIONAL_HELP_KIND: &str = "professional_help";

/// Fewest and most actions a strategy may have.
pub const MIN_ACTIONS: usize = 2;
/// See [`MIN_ACTIONS`].
pub const MAX_ACTIONS: usize = 5;

/// Who a strategy is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    /// A person acting on their own results.
    Person,
    /// A leader acting on a team's aggregate picture.
    Leader,
}

impl Audience {
    /// The name used in files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Person => "person",
            Audience::Leader => "leader",
        }
    }

    /// The kinds allowed for this audience.
    pub fn kinds(self) -> &'static [&'static str] {
        match self {
            Audience::Person => PERSON_KINDS,
            Audience::Leader => LEADER_KINDS,
        }
    }

    pub(crate) fn parse(name: &str) -> Option<Audience> {
        match name {
            "person" => Some(Audience::Person),
            "leader" => Some(Audience::Leader),
            _ => None,
        }
    }
}

impl fmt::Display for Audience {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How often an action is suggested.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Cadence {
    /// A single step.
    Once,
    /// Every day.
    Daily,
    /// Every week.
    Weekly,
    /// Every month.
    Monthly,
}

impl Cadence {
    /// Every cadence, in the order of the names in files.
    pub const ALL: [Cadence; 4] = [
        Cadence::Once,
        Cadence::Daily,
        Cadence::Weekly,
        Cadence::Monthly,
    ];

    /// The name used in files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Cadence::Once => "once",
            Cadence::Daily => "daily",
            Cadence::Weekly => "weekly",
            Cadence::Monthly => "monthly",
        }
    }

    /// The cadence with this name, if any.
    pub fn parse(name: &str) -> Option<Cadence> {
        Cadence::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

impl fmt::Display for Cadence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a trigger listens to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Signal {
    /// A dimension score, by id (one of [`KNOWN_DIMENSIONS`]).
    Dimension(String),
    /// The burnout or rust-out index.
    Index(Index),
    /// The "I feel stuck" flag.
    Stuck,
}

impl Signal {
    /// Reads a trigger name: `burnout`, `rustout`, `stuck` or a known dimension id.
    pub fn parse(name: &str) -> Option<Signal> {
        match name {
            "burnout" => Some(Signal::Index(Index::Burnout)),
            "rustout" => Some(Signal::Index(Index::Rustout)),
            STUCK_TRIGGER => Some(Signal::Stuck),
            _ if KNOWN_DIMENSIONS.contains(&name) => Some(Signal::Dimension(name.to_string())),
            _ => None,
        }
    }

    /// The name used in files.
    pub fn name(&self) -> &str {
        match self {
            Signal::Dimension(id) => id,
            Signal::Index(index) => index.as_str(),
            Signal::Stuck => STUCK_TRIGGER,
        }
    }
}

/// One trigger: a signal and how strongly it calls for the strategy, in (0, 1].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trigger {
    /// What it listens to.
    pub signal: Signal,
    /// How strongly, in (0, 1].
    pub weight: f64,
}

/// Where an entry was defined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origin {
    /// The name the file was loaded under.
    pub file: String,
    /// 1-based line of the entry's table header.
    pub line: usize,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A concrete step a person (or leader) can adopt into a plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Action {
    /// Stable id, unique across the catalogue; plans refer to it.
    pub id: String,
    /// What to do, in one sentence.
    pub text: String,
    /// How often it is suggested.
    pub cadence: Cadence,
    /// Where it was defined.
    #[serde(skip)]
    pub origin: Origin,
}

/// One strategy: from the source articles, or derived from them when `beyond_seeds`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Strategy {
    /// Stable id, unique across the catalogue.
    pub id: String,
    /// Short, shown as a heading.
    pub title: String,
    /// Who it is for.
    pub audience: Audience,
    /// One of [`PERSON_KINDS`] or [`LEADER_KINDS`], matching the audience.
    pub kind: String,
    /// `seed-file#Section heading` of the source article.
    pub source: String,
    /// One or two sentences.
    pub summary: String,
    /// In the file's order of trigger names (sorted).
    pub triggers: Vec<Trigger>,
    /// Between [`MIN_ACTIONS`] and [`MAX_ACTIONS`].
    pub actions: Vec<Action>,
    /// Reflection questions that can open a journal entry.
    pub prompts: Vec<String>,
    /// It adds demand to the person: stretch work, a challenge, more responsibility, learning on
    /// top of the job, a new project (for a leader: growth paths, rotations, new work for the
    /// team). Not for someone whose load is already too high. Default `false`.
    pub adds_demand: bool,
    /// A light upkeep suggestion for someone in the healthy middle: keeping a good thing going,
    /// with a small, low-effort action. Default `false`.
    pub light: bool,
    /// The entry goes beyond what the source articles say (our own extension); `source` then
    /// names the seed section it is derived from. Default `false`.
    pub beyond_seeds: bool,
    /// Risk contexts of a person's role for which this strategy matters more, in file order.
    /// Default empty.
    pub roles: Vec<RiskRole>,
    /// Where it was defined.
    #[serde(skip)]
    pub origin: Origin,
}

impl Strategy {
    /// The action with this id, if it belongs to this strategy.
    pub fn action(&self, id: &str) -> Option<&Action> {
        self.actions.iter().find(|a| a.id == id)
    }
}

/// Problems found in a catalogue: every one of them, each with file, line and field.
#[derive(Debug, Clone, PartialEq, Error)]
#[error("the strategy catalogue has {} problem(s):\n{}", .problems.len(), problem::list(.problems))]
pub struct CatalogueError {
    /// Every problem found, in file order.
    pub problems: Vec<Problem>,
}

/// A checked set of strategies: ids of strategies and actions are unique across all files.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalogue {
    strategies: Vec<Strategy>,
}

impl Catalogue {
    /// Joins parsed files into one catalogue, rejecting strategy or action ids defined twice.
    pub fn new(strategies: Vec<Strategy>) -> Result<Catalogue, CatalogueError> {
        let problems = duplicate_problems(&strategies);
        if problems.is_empty() {
            Ok(Catalogue { strategies })
        } else {
            Err(CatalogueError { problems })
        }
    }

    /// Parses and joins `(file name, text)` pairs, collecting the problems of every file.
    pub fn from_sources(sources: &[(&str, &str)]) -> Result<Catalogue, CatalogueError> {
        let mut strategies = Vec::new();
        let mut problems = Vec::new();
        for (name, text) in sources {
            match parse(name, text) {
                Ok(mut parsed) => strategies.append(&mut parsed),
                Err(mut error) => problems.append(&mut error.problems),
            }
        }
        if !problems.is_empty() {
            return Err(CatalogueError { problems });
        }
        Catalogue::new(strategies)
    }

    /// Every strategy, in file order.
    pub fn strategies(&self) -> &[Strategy] {
        &self.strategies
    }

    /// The strategies for one audience, in file order.
    pub fn for_audience(&self, audience: Audience) -> impl Iterator<Item = &Strategy> {
        self.strategies
            .iter()
            .filter(move |s| s.audience == audience)
    }

    /// The strategy with this id.
    pub fn get(&self, id: &str) -> Option<&Strategy> {
        self.strategies.iter().find(|s| s.id == id)
    }

    /// The action with this id and the strategy it belongs to.
    pub fn action(&self, id: &str) -> Option<(&Strategy, &Action)> {
        self.strategies
            .iter()
            .find_map(|s| s.action(id).map(|a| (s, a)))
    }
}

/// Ids used twice: strategies among strategies, actions among actions.
pub(crate) fn duplicate_problems(strategies: &[Strategy]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut strategy_ids: HashMap<&str, &Origin> = HashMap::new();
    let mut action_ids: HashMap<&str, &Origin> = HashMap::new();
    for strategy in strategies {
        if let Some(first) = strategy_ids.insert(&strategy.id, &strategy.origin) {
            problems.push(duplicate(&strategy.origin, "strategy", &strategy.id, first));
            strategy_ids.insert(&strategy.id, first);
        }
        for action in &strategy.actions {
            if let Some(first) = action_ids.insert(&action.id, &action.origin) {
                problems.push(duplicate(&action.origin, "action", &action.id, first));
                action_ids.insert(&action.id, first);
            }
        }
    }
    problems
}

fn duplicate(at: &Origin, what: &str, id: &str, first: &Origin) -> Problem {
    Problem {
        file: at.file.clone(),
        line: Some(at.line),
        field: "id".to_string(),
        message: format!(
            "duplicate {what} id `{id}`, first defined at {first}; ids must be unique across the catalogue"
        ),
    }
}

/// The shipped catalogue files, embedded at build time.
pub const BUILTIN_FILES: [(&str, &str); 5] = [
    (
        "content/strategies/burnout.toml",
        include_str!("../../../content/strategies/burnout.toml"),
    ),
    (
        "content/strategies/rustout.toml",
        include_str!("../../../content/strategies/rustout.toml"),
    ),
    (
        "content/strategies/both.toml",
        include_str!("../../../content/strategies/both.toml"),
    ),
    (
        "content/strategies/leaders.toml",
        include_str!("../../../content/strategies/leaders.toml"),
    ),
    (
        "content/strategies/leaders_burnout.toml",
        include_str!("../../../content/strategies/leaders_burnout.toml"),
    ),
];

/// The shipped catalogue, parsed once.
///
/// # Panics
/// Only if the embedded files are invalid, which this module's tests rule out.
pub fn builtin() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        Catalogue::from_sources(&BUILTIN_FILES)
            .unwrap_or_else(|e| panic!("the built-in strategy catalogue is invalid: {e}"))
    })
}

#[cfg(test)]
mod tests;
