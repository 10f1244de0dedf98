//! `anneal status`: zone, indices, trends, early warnings and next steps.

use crate::context::Context;
use crate::picture::{load_history, picture};
use crate::render;
use crate::support::support_config;
use chrono::Utc;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the status as JSON.
    #[arg(long)]
    json: bool,
}

pub async fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    let history = match ctx.user().await? {
        Some(user) => load_history(ctx.store.as_ref(), user.id).await?,
        None => vec![],
    };
    let support = support_config()?;
    let Some(pic) = picture(&history, Utc::now(), &support) else {
        if args.json {
            println!("null");
        } else {
            println!(
                "No answers yet. Start with `anneal assess` (the full check, about 4 minutes) or `anneal checkin` (the weekly pulse, 30 seconds)."
            );
        }
        return Ok(());
    };
    let report = pic.report();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        render::print_status(&report);
    }
    Ok(())
}
