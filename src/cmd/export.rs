//! `anneal export`: all of your data as JSON, to a file or standard output.

use crate::context::Context;
use crate::export_format::{Export, ExportedResponse, FORMAT, VERSION};
use crate::picture::load_history;
use anyhow::Context as _;
use chrono::Utc;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

pub async fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    let responses = match ctx.user().await? {
        Some(user) => load_history(ctx.store.as_ref(), user.id).await?,
        None => vec![],
    };
    let export = Export {
        format: FORMAT.into(),
        version: VERSION,
        exported_at: Utc::now(),
        username: ctx.username.clone(),
        responses: responses.iter().map(ExportedResponse::from).collect(),
    };
    let json = serde_json::to_string_pretty(&export)?;
    match args.out {
        Some(path) => {
            write_atomically(&path, json.as_bytes())?;
            eprintln!(
                "Wrote {} responses to {}.",
                export.responses.len(),
                path.display()
            );
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(json.as_bytes())?;
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}

/// Writes to a temporary file beside the target and renames it, so a crash never leaves half an
/// export where a whole one was.
fn write_atomically(path: &PathBuf, bytes: &[u8]) -> anyhow::Result<()> {
    let tmp = path.with_extension("partial");
    let mut f =
        std::fs::File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
    f.write_all(bytes)?;
    f.sync_all()?;
    std::fs::rename(&tmp, path)
        .with_context(|| format!("cannot move the export into place at {}", path.display()))?;
    Ok(())
}
