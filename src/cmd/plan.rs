//! `anneal plan list|adopt|done|dismiss|add|ics`: the person's plan.

use crate::context::Context;
use crate::error::{BadInput, from_service};
use crate::render;
use crate::time_arg::parse_day;
use anneal_core::calendar::{PulseReminder, plan_calendar};
use anneal_core::plan::{PlanKind, PlanStatus};
use anneal_core::strategy::Cadence;
use anneal_service::plan::{self, Dismissed, PlanEntry};
use anyhow::Context as _;
use chrono::{NaiveDate, Utc, Weekday};
use std::path::PathBuf;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Your plan: active items in the order they come due.
    List {
        /// Also show finished and dismissed items.
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// Adopt a recommended action by its id (shown with each recommendation).
    Adopt {
        action: String,
        /// How often: once, daily, weekly or monthly (default: the suggested rhythm).
        #[arg(long, value_parser = parse_cadence)]
        cadence: Option<Cadence>,
        /// Due (or start) date, YYYY-MM-DD.
        #[arg(long, value_parser = parse_day)]
        due: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// Add a goal, a learning-log entry or an action of your own.
    Add {
        /// What it is, in a line.
        title: String,
        /// goal, learning or custom.
        #[arg(long, default_value = "custom", value_parser = parse_kind)]
        kind: PlanKind,
        #[arg(long, value_parser = parse_cadence)]
        cadence: Option<Cadence>,
        #[arg(long, value_parser = parse_day)]
        due: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// Mark a plan item done (a recurring one logs this time and stays in the plan).
    Done {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Set aside a plan item (by number) or a recommendation (by strategy or action id).
    Dismiss {
        target: String,
        #[arg(long)]
        reason: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Write the plan as an iCalendar file, so reminders land in your own calendar.
    Ics {
        #[arg(long)]
        out: PathBuf,
        /// Day of the weekly pulse reminder (mon … sun), or `none`.
        #[arg(long, default_value = "mon")]
        pulse_day: String,
        /// Time of the weekly pulse reminder, HH:MM.
        #[arg(long, default_value = "09:00")]
        pulse_time: String,
    },
}

fn parse_cadence(s: &str) -> Result<Cadence, String> {
    Cadence::parse(s)
        .ok_or_else(|| format!("{s:?} is not a cadence; allowed: once, daily, weekly, monthly"))
}

fn parse_kind(s: &str) -> Result<PlanKind, String> {
    match PlanKind::parse(s) {
        Some(PlanKind::Action) | None => Err(format!(
            "{s:?} is not a kind you can add; allowed: goal, learning, custom"
        )),
        Some(k) => Ok(k),
    }
}

pub async fn run(ctx: &Context, cmd: Command) -> anyhow::Result<()> {
    let now = Utc::now();
    let store = ctx.store.as_ref();
    match cmd {
        Command::List { all, json } => {
            let entries = match ctx.user().await? {
                Some(u) => plan::list(store, u.id, all, now)
                    .await
                    .map_err(from_service)?,
                None => vec![],
            };
            if json {
                println!("{}", serde_json::to_string_pretty(&entries)?);
            } else {
                print_plan(&entries);
            }
        }
        Command::Adopt {
            action,
            cadence,
            due,
            json,
        } => {
            let user = ctx.user_or_create().await?;
            let item = plan::adopt(store, user.id, &action, cadence, due, now)
                .await
                .map_err(from_service)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&item)?);
            } else {
                println!("Added to your plan as item {}: {}", item.id, item.title);
            }
        }
        Command::Add {
            title,
            kind,
            cadence,
            due,
            json,
        } => {
            let user = ctx.user_or_create().await?;
            let item = plan::add(store, user.id, kind, &title, cadence, due, now)
                .await
                .map_err(from_service)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&item)?);
            } else {
                println!("Added {} {}: {}", item.kind, item.id, item.title);
            }
        }
        Command::Done { id, json } => {
            let user = ctx.user_or_create().await?;
            let item = plan::done(store, user.id, id, now)
                .await
                .map_err(from_service)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&item)?);
            } else if item.status == PlanStatus::Done {
                println!("Done: {}. Well done.", item.title);
            } else {
                println!(
                    "Logged: {} (done {} times). It stays in your plan.",
                    item.title, item.completions
                );
            }
        }
        Command::Dismiss {
            target,
            reason,
            json,
        } => {
            let user = ctx.user_or_create().await?;
            let d = plan::dismiss(store, user.id, &target, reason, now)
                .await
                .map_err(from_service)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&d)?);
            } else {
                match d {
                    Dismissed::Item { item } => println!("Set aside: {}", item.title),
                    Dismissed::Recommendation { id } => {
                        println!("Set aside {id}: it will not be recommended for the next 30 days.")
                    }
                }
            }
        }
        Command::Ics {
            out,
            pulse_day,
            pulse_time,
        } => {
            let pulse = parse_pulse(&pulse_day, &pulse_time)?;
            let items = match ctx.user().await? {
                Some(u) => store.plan_items(u.id).await?,
                None => vec![],
            };
            let text = plan_calendar(&items, pulse, &ctx.username, now);
            std::fs::write(&out, text)
                .with_context(|| format!("cannot write {}", out.display()))?;
            let active = items
                .iter()
                .filter(|i| i.status == PlanStatus::Active)
                .count();
            eprintln!(
                "Wrote {} ({active} active plan items{}). Import it into your calendar; importing a newer file updates the same events.",
                out.display(),
                if pulse.is_some() {
                    " and the weekly pulse"
                } else {
                    ""
                }
            );
        }
    }
    Ok(())
}

fn parse_pulse(day: &str, time: &str) -> anyhow::Result<Option<PulseReminder>> {
    if day.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    let weekday: Weekday = day.parse().map_err(|_| {
        BadInput(format!(
            "--pulse-day {day:?}: allowed mon, tue, wed, thu, fri, sat, sun or none"
        ))
    })?;
    let bad_time = || BadInput(format!("--pulse-time {time:?}: use HH:MM, e.g. 09:00"));
    let (h, m) = time.split_once(':').ok_or_else(bad_time)?;
    let (hour, minute): (u32, u32) = (
        h.parse().map_err(|_| bad_time())?,
        m.parse().map_err(|_| bad_time())?,
    );
    if hour > 23 || minute > 59 {
        return Err(bad_time().into());
    }
    Ok(Some(PulseReminder {
        weekday,
        hour,
        minute,
    }))
}

fn print_plan(entries: &[PlanEntry]) {
    if entries.is_empty() {
        println!(
            "Your plan is empty. `anneal status` shows recommendations; adopt one with `anneal plan adopt ID`."
        );
        return;
    }
    for e in entries {
        let i = &e.item;
        let when = match (i.status, e.next_due) {
            (PlanStatus::Active, Some(d)) if e.overdue => {
                format!("overdue since {}", d.format("%Y-%m-%d"))
            }
            (PlanStatus::Active, Some(d)) => format!("next {}", d.format("%Y-%m-%d")),
            (PlanStatus::Active, None) => String::new(),
            (s, _) => s.to_string(),
        };
        let rhythm = i
            .cadence
            .map(|c| c.to_string())
            .unwrap_or_else(|| i.kind.to_string());
        println!(
            "{:>4}  {}  {}",
            i.id,
            render::heading(&i.title),
            render::dim(&format!("({rhythm}) {when}"))
        );
        if i.completions > 0 {
            println!("      done {} times", i.completions);
        }
        if let Some(m) = &e.moved_after {
            println!("      {}", render::dim(&m.message));
        }
    }
}
