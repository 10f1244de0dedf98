//! `anneal password`: set the password of a profile, so the data you keep with the CLI can be
//! opened in the web app too (log in with the profile's name, `me` unless `--user` says otherwise).

use crate::context::Context;
use crate::error::BadInput;
use anneal_server::PasswordCost;
use anneal_server::auth::password;
use std::io::IsTerminal;

/// Where a password comes from when standard input is not a terminal.
const ENV: &str = "ANNEAL_NEW_PASSWORD";

#[derive(Debug, clap::Args)]
pub struct Args {}

pub async fn run(ctx: &Context, _args: Args) -> anyhow::Result<()> {
    let new = match std::env::var(ENV).ok().filter(|p| !p.is_empty()) {
        Some(p) => p,
        None if std::io::stdin().is_terminal() => inquire::Password::new(&format!(
            "New password for {:?} (at least {} characters)",
            ctx.username,
            password::MIN_PASSWORD_CHARS
        ))
        .with_display_mode(inquire::PasswordDisplayMode::Masked)
        .prompt()
        .map_err(|e| anyhow::anyhow!("cannot read the password: {e}"))?,
        None => {
            return Err(BadInput(format!(
                "standard input is not a terminal; set {ENV} to the new password"
            ))
            .into());
        }
    };
    password::check_new(&new).map_err(|e| BadInput(e.to_string()))?;
    let hash = password::hash(&new, PasswordCost::Standard)
        .await
        .map_err(|e| BadInput(e.to_string()))?;
    let user = ctx.user_or_create().await?;
    ctx.store.set_password_hash(user.id, hash).await?;
    ctx.store.delete_sessions_of(user.id).await?;
    println!(
        "Password set. In the web app (`anneal serve`), log in as {:?}.",
        ctx.username
    );
    Ok(())
}
