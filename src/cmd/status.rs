//! `anneal status`: zone, indices, trends, early warnings and next steps.

use crate::context::Context;
use crate::error::from_service;
use crate::render;
use crate::support::support_config;
use anneal_service::picture::status_view;
use chrono::Utc;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the status as JSON.
    #[arg(long)]
    json: bool,
}

pub async fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    let support = support_config()?;
    let view = match ctx.user().await? {
        Some(user) => status_view(ctx.store.as_ref(), user.id, Utc::now(), &support)
            .await
            .map_err(from_service)?,
        None => None,
    };
    let Some(view) = view else {
        if args.json {
            println!("null");
        } else {
            println!(
                "No answers yet. Start with `anneal assess` (the full check, about 4 minutes) or `anneal checkin` (the weekly pulse, 30 seconds)."
            );
        }
        return Ok(());
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&view)?);
    } else {
        render::print_status(&view.status, &view.next_actions);
    }
    Ok(())
}
