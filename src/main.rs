//! `anneal`: catch burnout and rust-out early. One binary: the personal CLI, and `serve` for the
//! web app. Each command lives in its own file under `cmd/`.

mod cmd;
mod context;
mod error;
mod passphrase;
mod prompt;
mod render;
mod support;
mod time_arg;

use clap::{Parser, Subcommand};
use context::Context;
use error::BadInput;
use std::process::ExitCode;

/// Catch burnout and rust-out early, and recover from them.
///
/// Anneal is a screening and reflection aid, not a diagnosis.
#[derive(Debug, Parser)]
#[command(name = "anneal", version, about, long_about)]
struct Cli {
    /// Database URL: sqlite://PATH or postgres://USER@HOST/DB. Default: anneal.db in your data directory.
    #[arg(long, global = true, env = "ANNEAL_DB")]
    db: Option<String>,

    /// Whose data the personal commands use, in a shared database.
    #[arg(long, global = true, env = "ANNEAL_USER", default_value = "me")]
    user: String,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Take the full self-assessment (the Spectrum check) and see where you stand.
    Assess(cmd::assess::Args),
    /// Take the weekly 30-second pulse.
    Checkin(cmd::checkin::Args),
    /// Your zone, indices, trends, early warnings and next steps.
    Status(cmd::status::Args),
    /// Your scores over time, as a table and a chart; `history delete ID` deletes one response.
    History(cmd::history::Args),
    /// The optional risk context of your role: shows it, or `context set --caring …` sets it.
    Context(cmd::context::Args),
    /// Write all of your data as JSON.
    Export(cmd::export::Args),
    /// Restore data written by `export`.
    Import(cmd::import::Args),
    /// Delete all of your data.
    Forget(cmd::forget::Args),
    /// Your plan: adopt recommended actions, add goals, mark done, export to your calendar.
    #[command(subcommand)]
    Plan(cmd::plan::Command),
    /// Your private, encrypted journal.
    #[command(subcommand)]
    Journal(cmd::journal::Command),
    /// Browse the instruments, or check an instrument file of your own.
    #[command(subcommand)]
    Instruments(cmd::instruments::Command),
    /// Set a password for your profile, to open your data in the web app too.
    Password(cmd::password::Args),
    /// Run the web app and API.
    Serve(cmd::serve::Args),
    /// Teams: units, rules, leaders, invites, sharing, a leader's summary and briefs.
    #[command(subcommand)]
    Org(cmd::org::Command),
    /// Fill the store with a synthetic organisation, for trying and for benchmarks.
    Demo(cmd::demo::Args),
}

fn main() -> ExitCode {
    restore_default_sigpipe();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            if e.downcast_ref::<BadInput>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    // Commands that need no database come first, so a broken --db does not get in their way.
    let command = match cli.command {
        Command::Instruments(c) => return cmd::instruments::run(c),
        other => other,
    };
    let ctx = Context::open(cli.db.as_deref(), &cli.user).await?;
    match command {
        Command::Assess(a) => cmd::assess::run(&ctx, a).await,
        Command::Checkin(a) => cmd::checkin::run(&ctx, a).await,
        Command::Status(a) => cmd::status::run(&ctx, a).await,
        Command::History(a) => cmd::history::run(&ctx, a).await,
        Command::Context(a) => cmd::context::run(&ctx, a).await,
        Command::Export(a) => cmd::export::run(&ctx, a).await,
        Command::Import(a) => cmd::import::run(&ctx, a).await,
        Command::Forget(a) => cmd::forget::run(&ctx, a).await,
        Command::Plan(c) => cmd::plan::run(&ctx, c).await,
        Command::Journal(c) => cmd::journal::run(&ctx, c).await,
        Command::Password(a) => cmd::password::run(&ctx, a).await,
        Command::Serve(a) => cmd::serve::run(ctx, a).await,
        Command::Org(c) => cmd::org::run(&ctx, c).await,
        Command::Demo(a) => cmd::demo::run(&ctx, a).await,
        Command::Instruments(_) => unreachable!("handled above"),
    }
}

/// Rust ignores SIGPIPE, so printing into a closed pipe (`anneal history | head`) panics. A
/// command-line tool should simply stop, as every Unix tool does.
fn restore_default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any thread exists; resetting a signal's
    // disposition to its default touches no Rust state.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
