//! `anneal history`: the series of scores, as a table with a terminal chart, JSON or CSV.

use crate::context::Context;
use crate::render;
use anneal_core::report::{HistoryPointReport, HistoryReport};
use anneal_store::ResponseQuery;
use chrono::{Duration, Utc};
use textplots::{Chart, Plot, Shape};

#[derive(Debug, clap::Args)]
pub struct Args {
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
    let query = ResponseQuery {
        since: args
            .weeks
            .map(|w| Utc::now() - Duration::weeks(i64::from(w))),
        ..ResponseQuery::default()
    };
    let responses = match ctx.user().await? {
        Some(user) => ctx.store.responses(user.id, query).await?,
        None => vec![],
    };
    let report = HistoryReport {
        points: responses
            .iter()
            .map(|r| HistoryPointReport::new(r.taken_at, &r.score, r.stuck))
            .collect(),
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else if args.csv {
        print!("{}", csv(&report));
    } else if report.points.is_empty() {
        println!("No answers yet. Start with `anneal assess` or `anneal checkin`.");
    } else {
        print_table(&report);
    }
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

fn print_table(report: &HistoryReport) {
    println!(
        "{}",
        render::heading("date        instrument  zone       burnout  rust-out  balance")
    );
    for p in &report.points {
        println!(
            "{}  {:<10}  {:<9}  {:>7.1}  {:>8.1}  {:>7}{}",
            p.at.format("%Y-%m-%d"),
            p.instrument,
            p.zone.as_str(),
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
