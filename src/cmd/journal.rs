//! `anneal journal add|list|show|prompts|passphrase`: the private, encrypted journal.
//!
//! The passphrase comes from `ANNEAL_PASSPHRASE` or is asked without echo. It never leaves this
//! process; the database only holds ciphertext. A forgotten passphrase loses the journal.

use crate::context::Context;
use crate::error::{BadInput, from_service};
use crate::passphrase;
use crate::render;
use anneal_service::journal::{self, OpenEntry};
use chrono::Utc;
use std::io::{IsTerminal, Read};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Write an entry: --text, or standard input (end with Ctrl-D).
    Add {
        /// The entry's text; without it, it is read from standard input.
        #[arg(long)]
        text: Option<String>,
        /// Answer a reflection prompt (see `anneal journal prompts`).
        #[arg(long)]
        prompt: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Your entries, newest first.
    List {
        #[arg(long)]
        json: bool,
    },
    /// One entry in full.
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// The reflection prompts you can answer.
    Prompts {
        #[arg(long)]
        json: bool,
    },
    /// Change the journal passphrase (entries stay as they are; only the key is re-locked).
    Passphrase,
}

pub async fn run(ctx: &Context, cmd: Command) -> anyhow::Result<()> {
    let store = ctx.store.as_ref();
    match cmd {
        Command::Prompts { json } => {
            let prompts = journal::prompts();
            if json {
                println!("{}", serde_json::to_string_pretty(&prompts)?);
            } else {
                for p in prompts {
                    println!("{:<28} {}", p.id, p.text);
                }
            }
        }
        Command::Add { text, prompt, json } => {
            let user = ctx.user_or_create().await?;
            let first = !journal::exists(store, user.id)
                .await
                .map_err(from_service)?;
            if let Some(p) = prompt.as_deref().and_then(journal::prompt)
                && text.is_none()
                && std::io::stdin().is_terminal()
            {
                println!("{}", render::heading(&p.text));
            }
            let text = match text {
                Some(t) => t,
                None => read_stdin()?,
            };
            let pass = if first {
                eprintln!(
                    "Starting your journal. Choose a passphrase: it locks the journal, and if you forget it the journal cannot be recovered by anyone."
                );
                passphrase::get("New journal passphrase", true)?
            } else {
                passphrase::get("Journal passphrase", false)?
            };
            let key = journal::unlock(store, user.id, &pass, true)
                .await
                .map_err(from_service)?;
            let entry = journal::add(store, user.id, &key, &text, prompt.as_deref(), Utc::now())
                .await
                .map_err(from_service)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&entry)?);
            } else {
                println!("Saved journal entry {} (encrypted).", entry.id);
            }
        }
        Command::List { json } => {
            let entries = open_all(ctx).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&entries)?);
            } else if entries.is_empty() {
                println!("No journal entries yet. `anneal journal add` writes one.");
            } else {
                for e in entries.iter().rev() {
                    let first_line = e.text.lines().next().unwrap_or_default();
                    let short: String = first_line.chars().take(70).collect();
                    println!("{:>4}  {}  {short}", e.id, e.created_at.format("%Y-%m-%d"));
                }
            }
        }
        Command::Show { id, json } => {
            let Some(user) = ctx.user().await? else {
                return Err(BadInput(format!("there is no journal entry {id}")).into());
            };
            let pass = passphrase::get("Journal passphrase", false)?;
            let key = journal::unlock(store, user.id, &pass, false)
                .await
                .map_err(from_service)?;
            let entry = journal::show(store, user.id, &key, id)
                .await
                .map_err(from_service)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&entry)?);
            } else {
                print_entry(&entry);
            }
        }
        Command::Passphrase => {
            let Some(user) = ctx.user().await? else {
                return Err(BadInput("you have no journal yet".into()).into());
            };
            let old = passphrase::get("Current journal passphrase", false)?;
            let new = passphrase::get_new("New journal passphrase")?;
            journal::change_passphrase(store, user.id, &old, &new)
                .await
                .map_err(from_service)?;
            println!("The journal passphrase is changed. Your entries are untouched.");
        }
    }
    Ok(())
}

async fn open_all(ctx: &Context) -> anyhow::Result<Vec<OpenEntry>> {
    let Some(user) = ctx.user().await? else {
        return Ok(vec![]);
    };
    if !journal::exists(ctx.store.as_ref(), user.id)
        .await
        .map_err(from_service)?
    {
        return Ok(vec![]);
    }
    let pass = passphrase::get("Journal passphrase", false)?;
    let key = journal::unlock(ctx.store.as_ref(), user.id, &pass, false)
        .await
        .map_err(from_service)?;
    journal::list(ctx.store.as_ref(), user.id, &key)
        .await
        .map_err(from_service)
}

fn read_stdin() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        eprintln!("Write your entry; end it with Ctrl-D on an empty line.");
    }
    let mut s = String::new();
    std::io::stdin()
        .take(journal::MAX_ENTRY_BYTES as u64 + 1)
        .read_to_string(&mut s)
        .map_err(|e| BadInput(format!("cannot read the entry from standard input: {e}")))?;
    Ok(s)
}

fn print_entry(e: &OpenEntry) {
    println!(
        "{}",
        render::dim(&format!(
            "Entry {} — {}",
            e.id,
            e.created_at.format("%Y-%m-%d %H:%M UTC")
        ))
    );
    if let Some(p) = &e.prompt {
        println!("{}", render::heading(&p.text));
    }
    println!();
    println!("{}", e.text);
}
