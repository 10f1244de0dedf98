//! `anneal instruments list|show|check`: browse the instruments, or validate a file of your own.

use crate::error::{BadInput, bad_input};
use crate::render;
use anneal_core::instrument;
use anneal_core::report::{InstrumentReport, InstrumentSummary};
use std::path::PathBuf;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// The instruments this Anneal ships.
    List {
        #[arg(long)]
        json: bool,
    },
    /// One instrument's items, scales and dimensions.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Validate an instrument file (TOML); exit code 2 with every problem when it is invalid.
    Check { file: PathBuf },
}

pub fn run(cmd: Command) -> anyhow::Result<()> {
    match cmd {
        Command::List { json } => list(json),
        Command::Show { id, json } => show(&id, json),
        Command::Check { file } => check(&file),
    }
}

fn list(json: bool) -> anyhow::Result<()> {
    let entries: Vec<InstrumentSummary> = instrument::builtin()
        .iter()
        .map(InstrumentSummary::new)
        .collect();
    if json {
        println!("{}", serde_json::to_string_pretty(&entries)?);
        return Ok(());
    }
    for e in entries {
        println!(
            "{:<10} {:<16} {:>2} items, {:<10} about {}",
            e.id,
            e.title,
            e.items,
            e.kind.as_str(),
            e.period
        );
    }
    Ok(())
}

fn show(id: &str, json: bool) -> anyhow::Result<()> {
    let inst = super::assess::find_instrument(id)?;
    let shown = InstrumentReport::new(inst);
    if json {
        println!("{}", serde_json::to_string_pretty(&shown)?);
        return Ok(());
    }
    println!(
        "{} ({} v{})",
        render::heading(&inst.title),
        inst.id,
        inst.version
    );
    println!("{}", inst.description);
    println!("About {}. {}", inst.period, render::dim(&inst.citation));
    println!();
    for (n, it) in inst.items.iter().enumerate() {
        let scale = inst.scale_of(it);
        let feeds = match (&it.dimension, &it.bipolar) {
            (_, Some(b)) => format!("{} ← → {}", b.low, b.high),
            (Some(d), None) if it.reverse => format!("{d}, reversed"),
            (Some(d), None) => d.clone(),
            (None, None) => String::new(),
        };
        println!(
            "{:>2}. {}  {}",
            n + 1,
            it.text,
            render::dim(&format!("[{}; {feeds}]", it.id))
        );
        let labels: Vec<String> = scale
            .values
            .iter()
            .zip(&scale.labels)
            .map(|(v, l)| format!("{v} {l}"))
            .collect();
        println!("    {}", render::dim(&labels.join(" · ")));
    }
    Ok(())
}

fn check(file: &PathBuf) -> anyhow::Result<()> {
    let name = file.display().to_string();
    let text =
        std::fs::read_to_string(file).map_err(|e| BadInput(format!("cannot read {name}: {e}")))?;
    match instrument::parse(&name, &text) {
        Ok(inst) => {
            println!(
                "{name}: ok — {} ({}), {} items in {} dimensions.",
                inst.title,
                inst.id,
                inst.items.len(),
                inst.dimensions.len()
            );
            Ok(())
        }
        Err(e) => bad_input(e.to_string()),
    }
}
