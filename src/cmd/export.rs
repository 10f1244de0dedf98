//! `anneal export`: all of your data as JSON, to a file or standard output.

use crate::context::Context;
use crate::error::from_service;
use crate::passphrase;
use anneal_service::export::{Export, FORMAT, VERSION, export};
use anneal_service::journal;
use anyhow::Context as _;
use chrono::Utc;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Include the journal in plain text (asks for the passphrase unless ANNEAL_PASSPHRASE is
    /// set; with ANNEAL_PASSPHRASE set the journal is included anyway). Without either, the
    /// export says on stderr how many journal entries it left out.
    #[arg(long)]
    journal: bool,
}

pub async fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    // Journal entries there are but this export leaves out (sealed, no passphrase given).
    let mut left_out = 0;
    let doc = match ctx.user().await? {
        Some(user) => {
            let store = ctx.store.as_ref();
            let with_journal = (args.journal || passphrase::from_env().is_some())
                && journal::exists(store, user.id)
                    .await
                    .map_err(from_service)?;
            let key = if with_journal {
                let pass = passphrase::get("Journal passphrase", false)?;
                Some(
                    journal::unlock(store, user.id, &pass, false)
                        .await
                        .map_err(from_service)?,
                )
            } else {
                left_out = store.journal_entries(user.id).await?.len();
                None
            };
            export(store, user.id, &ctx.username, key.as_ref(), Utc::now())
                .await
                .map_err(from_service)?
        }
        None => empty_export(&ctx.username)?,
    };
    let json = serde_json::to_string_pretty(&doc)?;
    match args.out {
        Some(path) => {
            write_atomically(&path, json.as_bytes())?;
            eprintln!(
                "Wrote {} responses, {} plan items and {} to {}.",
                doc.responses.len(),
                doc.plan.len(),
                match &doc.journal {
                    Some(j) => format!(
                        "{} journal entries (in plain text: keep the file safe)",
                        j.len()
                    ),
                    None if left_out > 0 => format!("none of your {left_out} journal entries"),
                    None => "no journal entries".to_string(),
                },
                path.display()
            );
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(json.as_bytes())?;
            out.write_all(b"\n")?;
        }
    }
    if left_out > 0 {
        eprintln!("{}", left_out_note(left_out));
    }
    Ok(())
}

/// The export of a profile that does not exist. Built through the format itself (every optional
/// part of an export has a default), so it stays right as the export gains optional parts.
fn empty_export(username: &str) -> anyhow::Result<Export> {
    Ok(serde_json::from_value(serde_json::json!({
        "format": FORMAT,
        "version": VERSION,
        "exported_at": Utc::now(),
        "username": username,
        "responses": [],
    }))?)
}

/// What a person must hear when their journal stayed out of an export: how much, and how to
/// include it.
fn left_out_note(n: usize) -> String {
    let entries = if n == 1 { "entry" } else { "entries" };
    format!(
        "Note: this export left out {n} journal {entries}: they are sealed with your journal \
         passphrase, and without it they cannot be exported. To include them, run `anneal export \
         --journal` (it asks for the passphrase) or set {}.",
        passphrase::ENV
    )
}

/// Writes to a temporary file beside the target and renames it, so a crash never leaves half an
/// export where a whole one was.
fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let tmp = path.with_extension("partial");
    let mut f =
        std::fs::File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
    f.write_all(bytes)?;
    f.sync_all()?;
    std::fs::rename(&tmp, path)
        .with_context(|| format!("cannot move the export into place at {}", path.display()))?;
    Ok(())
}
