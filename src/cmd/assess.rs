//! `anneal assess`: the full self-assessment.

use super::respond::{Response, respond};
use crate::context::Context;
use crate::error::BadInput;
use anneal_core::instrument::{self, Instrument};
use chrono::{DateTime, Utc};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Which instrument to take (see `anneal instruments list`).
    #[arg(long, default_value = "spectrum")]
    instrument: String,
    /// Answers as JSON `{"item_id": value}` from a file, or `-` for standard input; without it,
    /// the questions are asked in the terminal.
    #[arg(long, value_name = "FILE|-")]
    answers: Option<String>,
    /// When the answers were given: YYYY-MM-DD or RFC 3339 (default: now).
    #[arg(long, value_parser = crate::time_arg::parse_at)]
    at: Option<DateTime<Utc>>,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

pub async fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    let instrument = find_instrument(&args.instrument)?;
    respond(
        ctx,
        Response {
            instrument,
            answers_from: args.answers.as_deref(),
            at: args.at,
            stuck: false,
            note: None,
            json: args.json,
        },
    )
    .await
}

/// A shipped instrument by id, or bad input listing the ids there are.
pub fn find_instrument(id: &str) -> anyhow::Result<&'static Instrument> {
    instrument::builtin_by_id(id).ok_or_else(|| {
        let ids: Vec<&str> = instrument::builtin()
            .iter()
            .map(|i| i.id.as_str())
            .collect();
        BadInput(format!(
            "unknown instrument {id:?}; available: {}",
            ids.join(", ")
        ))
        .into()
    })
}
