//! A person's plan: actions adopted from the strategy catalogue, goals, learning-log entries and
//! their own free-form actions (DESIGN §3.3). The types here are what the store keeps; the
//! functions decide what "done" means for a cadence, what comes next, and how the person's indices
//! moved around the time they started something — said descriptively, never as cause.

use crate::strategy::Cadence;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// What kind of plan item this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlanKind {
    /// An action adopted from the strategy catalogue.
    Action,
    /// A goal the person set (e.g. "where I want my career to go").
    Goal,
    /// A learning-log entry: something learned or to learn.
    Learning,
    /// The person's own free-form action.
    Custom,
}

impl PlanKind {
    pub const ALL: [PlanKind; 4] = [
        PlanKind::Action,
        PlanKind::Goal,
        PlanKind::Learning,
        PlanKind::Custom,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PlanKind::Action => "action",
            PlanKind::Goal => "goal",
            PlanKind::Learning => "learning",
            PlanKind::Custom => "custom",
        }
    }

    pub fn parse(s: &str) -> Option<PlanKind> {
        PlanKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl fmt::Display for PlanKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a plan item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlanStatus {
    /// In the plan; recurring items stay active while the person keeps doing them.
    Active,
    /// Finished (a one-off action, a reached goal).
    Done,
    /// Set aside by the person.
    Dismissed,
}

impl PlanStatus {
    pub const ALL: [PlanStatus; 3] = [PlanStatus::Active, PlanStatus::Done, PlanStatus::Dismissed];

    pub fn as_str(self) -> &'static str {
        match self {
            PlanStatus::Active => "active",
            PlanStatus::Done => "done",
            PlanStatus::Dismissed => "dismissed",
        }
    }

    pub fn parse(s: &str) -> Option<PlanStatus> {
        PlanStatus::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl fmt::Display for PlanStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A plan item as the person creates it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanDraft {
    pub kind: PlanKind,
    /// The catalogue action adopted (kind `action`), e.g. `learning_pick_skill`.
    pub action_id: Option<String>,
    /// The strategy the action belongs to.
    pub strategy_id: Option<String>,
    pub title: String,
    /// `None` = no rhythm (a goal, a learning entry); `Some(Once)` = one step.
    pub cadence: Option<Cadence>,
    pub due: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

/// A plan item as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanItem {
    pub id: i64,
    pub kind: PlanKind,
    pub action_id: Option<String>,
    pub strategy_id: Option<String>,
    pub title: String,
    pub cadence: Option<Cadence>,
    pub due: Option<NaiveDate>,
    pub status: PlanStatus,
    pub created_at: DateTime<Utc>,
    /// How many times it was marked done (a recurring action is done many times).
    pub completions: u32,
    pub last_done_at: Option<DateTime<Utc>>,
    /// When it left the active plan (done or dismissed).
    pub closed_at: Option<DateTime<Utc>>,
    pub dismiss_reason: Option<String>,
}

/// The fields of a plan item that change after it was created.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanProgress {
    pub status: PlanStatus,
    pub completions: u32,
    pub last_done_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub dismiss_reason: Option<String>,
}

impl PlanItem {
    pub fn progress(&self) -> PlanProgress {
        PlanProgress {
            status: self.status,
            completions: self.completions,
            last_done_at: self.last_done_at,
            closed_at: self.closed_at,
            dismiss_reason: self.dismiss_reason.clone(),
        }
    }
}

mod draft;
mod error;
mod moved;
mod progress;
mod schedule;
#[cfg(test)]
pub(crate) mod test_support;

pub use draft::{MAX_ID_CHARS, MAX_REASON_CHARS, MAX_TITLE_CHARS, validate_draft};
pub use error::PlanError;
pub use moved::{MIN_POINTS_EACH_SIDE, MovedAfter, WINDOW_WEEKS, Window, moved_after};
pub use progress::{dismiss, mark_done};
pub use schedule::{is_overdue, next_actions, next_due};
