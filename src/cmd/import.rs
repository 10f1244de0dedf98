//! `anneal import FILE`: restore data written by `export`. Everything is validated and re-scored
//! first; when anything is wrong nothing is stored. Importing the same file twice adds nothing.

use crate::context::Context;
use crate::error::{BadInput, from_service};
use crate::passphrase;
use anneal_service::export::{import, parse};
use anneal_service::journal;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A file written by `anneal export` (or `-` for standard input).
    file: PathBuf,
}

pub async fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    let name = args.file.display().to_string();
    let text = if name == "-" {
        std::io::read_to_string(std::io::stdin())
            .map_err(|e| BadInput(format!("cannot read standard input: {e}")))?
    } else {
        std::fs::read_to_string(&args.file)
            .map_err(|e| BadInput(format!("cannot read {name}: {e}")))?
    };
    let doc = parse(&name, &text).map_err(from_service)?;
    let user = ctx.user_or_create().await?;
    let store = ctx.store.as_ref();
    let key = if doc.journal.as_ref().is_some_and(|j| !j.is_empty()) {
        let exists = journal::exists(store, user.id)
            .await
            .map_err(from_service)?;
        let pass = passphrase::get("Journal passphrase", !exists)?;
        Some(
            journal::unlock(store, user.id, &pass, true)
                .await
                .map_err(from_service)?,
        )
    } else {
        None
    };
    let summary = import(store, user.id, doc, key.as_ref())
        .await
        .map_err(|e| from_service(e).context(name.clone()))?;
    eprintln!(
        "Imported {} responses, {} plan items, {} dismissals and {} journal entries{}{}.",
        summary.responses,
        summary.plan_items,
        summary.dismissals,
        summary.journal_entries,
        if summary.context {
            ", and what you said about your role"
        } else {
            ""
        },
        if summary.skipped > 0 {
            format!(" ({} responses already present, skipped)", summary.skipped)
        } else {
            String::new()
        }
    );
    Ok(())
}
