//! The journal passphrase: from `ANNEAL_PASSPHRASE`, or asked in the terminal without echo.

use crate::error::BadInput;
use std::io::IsTerminal;

pub const ENV: &str = "ANNEAL_PASSPHRASE";
pub const NEW_ENV: &str = "ANNEAL_NEW_PASSPHRASE";

/// The passphrase from the environment, if set.
pub fn from_env() -> Option<String> {
    std::env::var(ENV).ok().filter(|p| !p.is_empty())
}

/// The passphrase from the environment, or asked. `confirm` asks twice (for a new one).
pub fn get(prompt: &str, confirm: bool) -> anyhow::Result<String> {
    if let Some(p) = from_env() {
        return Ok(p);
    }
    ask(prompt, confirm, ENV)
}

/// A new passphrase from `ANNEAL_NEW_PASSPHRASE`, or asked twice.
pub fn get_new(prompt: &str) -> anyhow::Result<String> {
    if let Some(p) = std::env::var(NEW_ENV).ok().filter(|p| !p.is_empty()) {
        return Ok(p);
    }
    ask(prompt, true, NEW_ENV)
}

fn ask(prompt: &str, confirm: bool, env: &str) -> anyhow::Result<String> {
    if !std::io::stdin().is_terminal() {
        return Err(BadInput(format!(
            "the journal needs a passphrase and standard input is not a terminal; set {env}"
        ))
        .into());
    }
    let mut p =
        inquire::Password::new(prompt).with_display_mode(inquire::PasswordDisplayMode::Hidden);
    if !confirm {
        p = p.without_confirmation();
    }
    p.prompt()
        .map_err(|e| anyhow::anyhow!("cannot read the passphrase: {e}"))
}
