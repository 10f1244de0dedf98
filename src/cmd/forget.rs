//! `anneal forget`: delete all of your data, after showing everything that goes and confirmation.

use crate::context::Context;
use crate::error::from_service;
use crate::prompt::{Prompter, TerminalPrompter};
use anneal_service::forget::{Inventory, inventory};
use serde::Serialize;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Do not ask for confirmation.
    #[arg(long)]
    yes: bool,
    /// Print what was deleted, with counts, as JSON.
    #[arg(long)]
    json: bool,
}

/// The `--json` report: every count, and whether anything was deleted.
#[derive(Serialize)]
struct Report<'a> {
    deleted: bool,
    #[serde(flatten)]
    inventory: &'a Inventory,
}

pub async fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    let Some(user) = ctx.user().await? else {
        eprintln!(
            "There is no data for {:?}; nothing to delete.",
            ctx.username
        );
        if args.json {
            let nothing = Inventory {
                username: ctx.username.clone(),
                ..Inventory::default()
            };
            print_json(false, &nothing)?;
        }
        return Ok(());
    };
    let inv = inventory(ctx.store.as_ref(), &user)
        .await
        .map_err(from_service)?;
    // The whole list, and the journal warning, come before any question (and also when there is
    // no terminal to ask on, so the refusal says what would have gone).
    eprintln!("This deletes everything of {:?}:", ctx.username);
    for line in inv.lines() {
        eprintln!("  - {line}");
    }
    if let Some(warning) = inv.journal_warning() {
        eprintln!("\n{warning}");
    }
    if !args.yes {
        let mut prompter = TerminalPrompter::new("pass --yes to delete without being asked")?;
        let journal = match inv.journal_entries {
            0 => String::new(),
            n => format!(
                " That includes {n} sealed journal {}, which an export without the passphrase does not contain.",
                if n == 1 { "entry" } else { "entries" }
            ),
        };
        let question = format!(
            "Delete all data of {:?}, as listed above?{journal} This cannot be undone; `anneal export --journal --out FILE` first if you want a copy.",
            ctx.username
        );
        if !prompter.confirm(&question, Some(false))? {
            eprintln!("Nothing was deleted.");
            if args.json {
                print_json(false, &inv)?;
            }
            return Ok(());
        }
    }
    ctx.store.delete_user(user.id).await?;
    eprintln!("Deleted everything of {:?}:", ctx.username);
    for line in inv.lines() {
        eprintln!("  - {line}");
    }
    if args.json {
        print_json(true, &inv)?;
    }
    Ok(())
}

fn print_json(deleted: bool, inventory: &Inventory) -> anyhow::Result<()> {
    let report = Report { deleted, inventory };
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}
