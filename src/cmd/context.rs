//! `anneal context`: the optional risk context of your role (DESIGN §2.1). It never changes a
//! score; it only shapes which strategies come first and what their reasons say.

use crate::context::Context;
use crate::error::{bad_input, from_service};
use crate::render;
use anneal_core::context::{RiskContext, RiskRole};
use anneal_service::context as risk;
use serde::Serialize;

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// Print the context as JSON (each role true or false).
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Say which of these describe your role; the roles not named are cleared.
    Set(SetArgs),
}

#[derive(Debug, clap::Args)]
struct SetArgs {
    /// My work is mostly caring for, treating or supporting other people.
    #[arg(long)]
    caring: bool,
    /// I work in emergency or first-response work.
    #[arg(long)]
    emergency: bool,
    /// A heavy workload is the normal state of my role.
    #[arg(long)]
    heavy_workload: bool,
    /// My work is mostly repetitive or predictable.
    #[arg(long)]
    repetitive: bool,
    /// My role leaves little room for creativity or my own way of doing things.
    #[arg(long)]
    little_creativity: bool,
    /// My role leaves skills I have unused.
    #[arg(long)]
    skills_unused: bool,
    /// Clear every role (say nothing about your role).
    #[arg(long, conflicts_with_all = ["caring", "emergency", "heavy_workload", "repetitive", "little_creativity", "skills_unused"])]
    clear: bool,
    /// Print the context as stored, as JSON.
    #[arg(long)]
    json: bool,
}

impl SetArgs {
    fn context(&self) -> RiskContext {
        RiskContext {
            caring: self.caring,
            emergency: self.emergency,
            heavy_workload: self.heavy_workload,
            repetitive: self.repetitive,
            little_creativity: self.little_creativity,
            skills_unused: self.skills_unused,
        }
    }
}

pub async fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    match args.command {
        Some(Command::Set(a)) => set(ctx, a).await,
        None => {
            let context = match ctx.user().await? {
                Some(user) => risk::get(ctx.store.as_ref(), user.id)
                    .await
                    .map_err(from_service)?,
                None => RiskContext::default(),
            };
            if args.json {
                print_json(&context)
            } else {
                print_context(&context);
                Ok(())
            }
        }
    }
}

async fn set(ctx: &Context, args: SetArgs) -> anyhow::Result<()> {
    let context = args.context();
    if context.is_empty() && !args.clear {
        let flags: Vec<String> = RiskRole::ALL
            .iter()
            .map(|r| format!("--{}", r.as_str().replace('_', "-")))
            .collect();
        return bad_input(format!(
            "name at least one role ({}), or --clear to say nothing about your role",
            flags.join(", ")
        ));
    }
    let user = ctx.user_or_create().await?;
    let stored = risk::set(ctx.store.as_ref(), user.id, context)
        .await
        .map_err(from_service)?;
    if args.json {
        print_json(&stored)
    } else {
        if stored.is_empty() {
            println!("Cleared: Anneal knows nothing about your role.");
        } else {
            println!("Saved.");
        }
        print_context(&stored);
        Ok(())
    }
}

/// `--json`: the six roles, each true or false (the body of `GET /api/v1/me/context`).
fn print_json(context: &RiskContext) -> anyhow::Result<()> {
    #[derive(Serialize)]
    struct Shown<'a>(&'a RiskContext);
    println!("{}", serde_json::to_string_pretty(&Shown(context))?);
    Ok(())
}

fn print_context(context: &RiskContext) {
    println!("{}", render::heading("Your role"));
    for role in RiskRole::ALL {
        let mark = if context.has(role) { "[x]" } else { "[ ]" };
        println!(
            "  {mark} {}  {}",
            role.question(),
            render::dim(&format!("--{}", role.as_str().replace('_', "-")))
        );
    }
    println!();
    println!("{}", risk::EXPLANATION);
    println!(
        "{}",
        render::dim("Change it with `anneal context set --caring --repetitive …`, or `--clear`.")
    );
}
