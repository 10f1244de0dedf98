//! `anneal import FILE`: restore data written by `export`. Every response is validated and
//! re-scored first; then all are stored in one transaction, or none. Responses already present
//! (same kind, instrument and time) are skipped, so importing twice changes nothing.

use crate::context::Context;
use crate::error::{BadInput, bad_input};
use crate::export_format::{Export, FORMAT, VERSION};
use crate::picture::load_history;
use anneal_core::instrument;
use anneal_core::scoring::score;
use anneal_store::NewResponse;
use std::collections::HashSet;
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
    let export: Export = serde_json::from_str(&text).map_err(|e| {
        BadInput(format!(
            "{name}: not an Anneal export (line {}, column {}): {e}",
            e.line(),
            e.column()
        ))
    })?;
    if export.format != FORMAT || export.version > VERSION {
        return bad_input(format!(
            "{name}: format {:?} version {} is not one this Anneal reads; expected {FORMAT:?} version {VERSION} or lower",
            export.format, export.version
        ));
    }

    let user = ctx.user_or_create().await?;
    let existing: HashSet<_> = load_history(ctx.store.as_ref(), user.id)
        .await?
        .into_iter()
        .map(|r| (r.kind, r.score.instrument, r.taken_at.timestamp_millis()))
        .collect();

    let mut new = Vec::new();
    let mut problems = Vec::new();
    let mut skipped = 0;
    for (i, r) in export.responses.into_iter().enumerate() {
        let Some(inst) = instrument::builtin_by_id(&r.instrument) else {
            problems.push(format!(
                "responses[{i}]: unknown instrument {:?}",
                r.instrument
            ));
            continue;
        };
        if existing.contains(&(r.kind, r.instrument.clone(), r.taken_at.timestamp_millis())) {
            skipped += 1;
            continue;
        }
        match score(inst, &r.answers) {
            Ok(s) => new.push(NewResponse {
                user: user.id,
                kind: r.kind,
                taken_at: r.taken_at,
                answers: r.answers,
                stuck: r.stuck,
                note: r.note,
                score: s,
            }),
            Err(e) => problems.push(format!("responses[{i}] ({}): {e}", r.instrument)),
        }
    }
    if !problems.is_empty() {
        return bad_input(format!(
            "{name}: nothing was imported, because:\n  {}",
            problems.join("\n  ")
        ));
    }
    let stored = ctx.store.insert_responses(new).await?;
    eprintln!(
        "Imported {} responses{}.",
        stored.len(),
        if skipped > 0 {
            format!(" ({skipped} already present, skipped)")
        } else {
            String::new()
        }
    );
    Ok(())
}
