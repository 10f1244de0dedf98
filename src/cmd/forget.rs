//! `anneal forget`: delete all of your data, after confirmation.

use crate::context::Context;
use crate::prompt::{Prompter, TerminalPrompter};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Do not ask for confirmation.
    #[arg(long)]
    yes: bool,
}

pub async fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    let Some(user) = ctx.user().await? else {
        eprintln!(
            "There is no data for {:?}; nothing to delete.",
            ctx.username
        );
        return Ok(());
    };
    let n = ctx.store.count_responses(user.id).await?;
    if !args.yes {
        let mut prompter = TerminalPrompter::new("pass --yes to delete without being asked")?;
        let question = format!(
            "Delete all data of {:?} ({n} responses)? This cannot be undone; `anneal export` first if you want a copy.",
            ctx.username
        );
        if !prompter.confirm(&question, false)? {
            eprintln!("Nothing was deleted.");
            return Ok(());
        }
    }
    ctx.store.delete_user(user.id).await?;
    eprintln!("Deleted {:?} and {n} responses.", ctx.username);
    Ok(())
}
