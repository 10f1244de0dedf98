//! `anneal demo`: fills the store with a synthetic organisation, for trying the leader views and
//! for benchmarks, and prints the demo logins.

use crate::context::Context;
use crate::error::BadInput;
use anneal_server::PasswordCost;
use anneal_server::auth::password;
use anneal_service::org::OrgError;
use anneal_service::org::demo::{DEMO_ADMIN, DEMO_LEADER, DemoSpec, demo_org};
use chrono::Utc;
use std::time::Instant;

/// The demo accounts' passwords (printed: a demo is not private).
pub const DEMO_ADMIN_PASSWORD: &str = "demo-admin-password";
pub const DEMO_LEADER_PASSWORD: &str = "demo-leader-password";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// People in the organisation's teams (3–100000).
    #[arg(long, default_value_t = 200)]
    people: usize,
    /// Weeks of weekly check-ins, ending last week (1–156).
    #[arg(long, default_value_t = 26)]
    weeks: usize,
    /// The same seed builds the same organisation.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    #[arg(long)]
    json: bool,
}

pub async fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    let hash = |secret: &'static str| async move {
        password::hash(secret, PasswordCost::Standard)
            .await
            .map_err(|e| anyhow::anyhow!("cannot hash a demo password: {e}"))
    };
    let started = Instant::now();
    let spec = DemoSpec {
        people: args.people,
        weeks: args.weeks,
        seed: args.seed,
        now: Utc::now(),
        admin_password_hash: Some(hash(DEMO_ADMIN_PASSWORD).await?),
        leader_password_hash: Some(hash(DEMO_LEADER_PASSWORD).await?),
    };
    let made = demo_org(ctx.store.as_ref(), spec)
        .await
        .map_err(|e| match e {
            OrgError::Invalid(m) | OrgError::Conflict(m) => BadInput(m).into(),
            other => anyhow::Error::from(other),
        })?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&made)?);
        return Ok(());
    }
    println!(
        "Built {}: {} departments, {} teams, {} people ({} sharing), {} weekly check-ins ({} shared), {} weeks released, in {:.1} s.",
        made.organisation.name,
        made.departments,
        made.teams,
        made.people,
        made.sharing,
        made.checkins,
        made.shared_checkins,
        made.released_weeks,
        started.elapsed().as_secs_f64()
    );
    println!("Admin:  {DEMO_ADMIN:?} with the password {DEMO_ADMIN_PASSWORD:?}");
    println!(
        "Leader: {DEMO_LEADER:?} with the password {DEMO_LEADER_PASSWORD:?} (leads {}, unit {})",
        made.leader_unit.name, made.leader_unit.id.0
    );
    println!(
        "See it with `anneal serve` and log in, or here: `anneal --user {DEMO_LEADER} org summary {}`.",
        made.leader_unit.id.0
    );
    Ok(())
}
