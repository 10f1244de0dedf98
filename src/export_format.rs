//! The JSON file `export` writes and `import` reads: all of a person's data, in a shape that
//! stays readable without Anneal. Scores are included for the reader; `import` recomputes them
//! from the answers, so an export stays valid as scoring is refined.

use anneal_core::scoring::Answers;
use anneal_store::{ResponseKind, StoredResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub const FORMAT: &str = "anneal-export";
pub const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Export {
    pub format: String,
    pub version: u32,
    pub exported_at: DateTime<Utc>,
    pub username: String,
    pub responses: Vec<ExportedResponse>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportedResponse {
    pub kind: ResponseKind,
    pub instrument: String,
    pub taken_at: DateTime<Utc>,
    pub answers: Answers,
    #[serde(default)]
    pub stuck: bool,
    #[serde(default)]
    pub note: Option<String>,
    /// The score as computed then, for the reader only; import ignores it and re-scores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<serde_json::Value>,
}

impl From<&StoredResponse> for ExportedResponse {
    fn from(r: &StoredResponse) -> Self {
        ExportedResponse {
            kind: r.kind,
            instrument: r.score.instrument.clone(),
            taken_at: r.taken_at,
            answers: r.answers.clone(),
            stuck: r.stuck,
            note: r.note.clone(),
            score: serde_json::to_value(&r.score).ok(),
        }
    }
}
