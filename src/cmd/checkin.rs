//! `anneal checkin`: the weekly pulse.

use super::assess::find_instrument;
use super::respond::{Response, respond};
use crate::context::Context;
use chrono::{DateTime, Utc};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Answers as JSON `{"item_id": value}` from a file, or `-` for standard input; without it,
    /// the questions are asked in the terminal.
    #[arg(long, value_name = "FILE|-")]
    answers: Option<String>,
    /// Flag that you feel stuck.
    #[arg(long)]
    stuck: bool,
    /// A private note for yourself. Never shared with anyone.
    #[arg(long)]
    note: Option<String>,
    /// When the check-in was made: YYYY-MM-DD or RFC 3339 (default: now). For imports and demos.
    #[arg(long, value_parser = crate::time_arg::parse_at)]
    at: Option<DateTime<Utc>>,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

pub async fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    respond(
        ctx,
        Response {
            instrument: find_instrument("pulse")?,
            answers_from: args.answers.as_deref(),
            at: args.at,
            stuck: args.stuck,
            note: args.note,
            json: args.json,
        },
    )
    .await
}
