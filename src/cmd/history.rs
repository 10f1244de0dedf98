//! `anneal history`: the series of scores, as a table with a terminal chart (each row with the
//! id that names its response), JSON or CSV; `anneal history delete ID` deletes one response.

use crate::context::Context;
use crate::error::from_service;
use crate::prompt::{Prompter, TerminalPrompter};
use crate::render;
use anneal_core::report::{HistoryPointReport, HistoryReport};
use anneal_service::responses::{self, History, HistoryEntry};
use chrono::{Duration, Utc};
use serde::Serialize;
use textplots::{Chart, Plot, Shape};

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    show: ShowArgs,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Delete one response (a pulse or a full check) of yours, by the id `anneal history` shows.
    Delete(DeleteArgs),
}

#[derive(Debug, clap::Args)]
struct DeleteArgs {
    /// The response's id, from `anneal history` (or `anneal history --json`).
    id: i64,
    /// Do not ask for confirmation.
    #[arg(long)]
    yes: bool,
    /// Print what was deleted as JSON.
    #[arg(long)]
    json: bool,
}

/// The `--json` report of `history delete`.
#[derive(Serialize)]
struct Deleted<'a> {
    deleted: bool,
    response: &'a HistoryEntry,
}

#[derive(Debug, clap::Args)]
struct ShowArgs {
    /// Only the last N weeks.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1040))]
    weeks: Option<u32>,
    /// Print the series as JSON.
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// Print the series as CSV.
    #[arg(long)]
    csv: bool,
}

pub async fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    match args.command {
        Some(Command::Delete(a)) => delete(ctx, a).await,
        None => show(ctx, args.show).await,
    }
}

async fn show(ctx: &Context, args: ShowArgs) -> anyhow::Result<()> {
    let since = args
        .weeks
        .map(|w| Utc::now() - Duration::weeks(i64::from(w)));
    let history = match ctx.user().await? {
        Some(user) => responses::history(ctx.store.as_ref(), user.id, since)
            .await
            .map_err(from_service)?,
        None => History { points: vec![] },
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&history)?);
        return Ok(());
    }
    let report = HistoryReport {
        points: history.points.iter().map(|p| p.point.clone()).collect(),
    };
    if args.csv {
        print!("{}", csv(&report));
    } else if report.points.is_empty() {
        println!("No answers yet. Start with `anneal assess` or `anneal checkin`.");
    } else {
        print_table(&history, &report);
    }
    Ok(())
}

/// Deletes one response after showing which one and asking (unless `--yes`).
async fn delete(ctx: &Context, args: DeleteArgs) -> anyhow::Result<()> {
    let store = ctx.store.as_ref();
    let Some(user) = ctx.user().await? else {
        return Err(from_service(anneal_service::ServiceError::NotFound(
            format!(
                "there is no data for {:?}, so no response {} to delete",
                ctx.username, args.id
            ),
        )));
    };
    let response = responses::find(store, user.id, args.id)
        .await
        .map_err(from_service)?;
    let entry = HistoryEntry::from(&response);
    let what = responses::describe(&response);
    if !args.yes {
        eprintln!(
            "This deletes {what} (burnout {:.1}, rust-out {:.1}). It cannot be undone.",
            entry.point.burnout, entry.point.rustout
        );
        let mut prompter = TerminalPrompter::new("pass --yes to delete without being asked")?;
        if !prompter.confirm(&format!("Delete {what}?"), Some(false))? {
            eprintln!("Nothing was deleted.");
            if args.json {
                print_deleted(false, &entry)?;
            }
            return Ok(());
        }
    }
    responses::delete(store, user.id, args.id)
        .await
        .map_err(from_service)?;
    eprintln!("Deleted {what}.");
    if args.json {
        print_deleted(true, &entry)?;
    }
    Ok(())
}

fn print_deleted(deleted: bool, response: &HistoryEntry) -> anyhow::Result<()> {
    let report = Deleted { deleted, response };
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}

fn csv(report: &HistoryReport) -> String {
    let mut out = String::from("at,instrument,zone,burnout,rustout,balance,stuck\n");
    for p in &report.points {
        out.push_str(&format!(
            "{},{},{},{},{},{},{}\n",
            p.at.to_rfc3339(),
            p.instrument,
            p.zone,
            p.burnout,
            p.rustout,
            p.balance.map(|b| b.to_string()).unwrap_or_default(),
            p.stuck
        ));
    }
    out
}

fn print_table(history: &History, report: &HistoryReport) {
    let width = history
        .points
        .iter()
        .map(|p| p.id.to_string().len())
        .max()
        .unwrap_or(2)
        .max(2);
    println!(
        "{}",
        render::heading(&format!(
            "{:>width$}  date        instrument  zone        burnout  rust-out  balance",
            "id"
        ))
    );
    for (entry, p) in history.points.iter().zip(&report.points) {
        println!(
            "{:>width$}  {}  {:<10}  {:<10}  {:>7.1}  {:>8.1}  {:>7}{}",
            entry.id,
            p.at.format("%Y-%m-%d"),
            p.instrument,
            anneal_core::words::zone_label(p.zone),
            p.burnout,
            p.rustout,
            p.balance.map(|b| format!("{b:+.0}")).unwrap_or_default(),
            if p.stuck { "  stuck" } else { "" }
        );
    }
    let b: Vec<f64> = report.points.iter().map(|p| p.burnout).collect();
    let r: Vec<f64> = report.points.iter().map(|p| p.rustout).collect();
    println!();
    println!("burnout   {}", render::sparkline(&b));
    println!("rust-out  {}", render::sparkline(&r));
    if report.points.len() >= 2 {
        print_chart(report);
    }
    println!();
    println!(
        "{}",
        render::dim("To delete one of these: anneal history delete ID")
    );
}

/// Both indices against weeks since the first point. Drawn only when the terminal is wide enough.
fn print_chart(report: &HistoryReport) {
    let Some(first) = report.points.first() else {
        return;
    };
    let weeks = |p: &HistoryPointReport| (p.at - first.at).num_seconds() as f32 / 604_800.0;
    let burnout: Vec<(f32, f32)> = report
        .points
        .iter()
        .map(|p| (weeks(p), p.burnout as f32))
        .collect();
    let rustout: Vec<(f32, f32)> = report
        .points
        .iter()
        .map(|p| (weeks(p), p.rustout as f32))
        .collect();
    let xmax = burnout.last().map(|p| p.0).unwrap_or(1.0).max(1.0);
    println!();
    println!("Burnout (first line) and rust-out (second line) by week, 0–100:");
    Chart::new_with_y_range(120, 40, 0.0, xmax, 0.0, 100.0)
        .lineplot(&Shape::Lines(&burnout))
        .lineplot(&Shape::Lines(&rustout))
        .display();
}

#[cfg(test)]
mod tests {
    use super::*;
    use anneal_core::model::Zone;
    use chrono::TimeZone;

    #[test]
    fn csv_has_a_header_and_one_line_per_point() {
        let report = HistoryReport {
            points: vec![HistoryPointReport {
                at: Utc.with_ymd_and_hms(2026, 3, 2, 12, 0, 0).unwrap(),
                instrument: "pulse".into(),
                zone: Zone::Rustout,
                burnout: 20.0,
                rustout: 55.5,
                balance: Some(-33.3),
                stuck: true,
            }],
        };
        assert_eq!(
            csv(&report),
            "at,instrument,zone,burnout,rustout,balance,stuck\n2026-03-02T12:00:00+00:00,pulse,rustout,20,55.5,-33.3,true\n"
        );
    }
}
