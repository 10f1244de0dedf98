//! `anneal serve`: the web app and API.

use crate::cmd::demo::{DEMO_ADMIN_PASSWORD, DEMO_LEADER_PASSWORD};
use crate::context::Context;
use crate::support::support_config;
use anneal_server::auth::password;
use anneal_server::{AppState, PasswordCost, ServerConfig, router};
use anneal_service::demo;
use anneal_service::org::demo::{DEMO_ADMIN, DEMO_LEADER, DemoOrg, DemoSpec, demo_org};
use anneal_store::NewUser;
use anyhow::Context as _;
use chrono::Utc;
use std::net::SocketAddr;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:7878")]
    bind: SocketAddr,

    /// Trust X-Forwarded-Proto and X-Forwarded-For from a reverse proxy in front of Anneal
    /// (cookies become Secure when the proxy says HTTPS). Only behind such a proxy.
    #[arg(long)]
    trust_proxy: bool,

    /// Fill an empty store with a demo person (months of history, a plan, a journal) and a demo
    /// organisation (teams with half a year of shared check-ins, a demo admin and a demo leader),
    /// and print how to log in.
    #[arg(long)]
    demo: bool,
}

/// The demo person's login and journal passphrase (printed at start; a demo is not private).
const DEMO_USER: &str = "demo";
const DEMO_PASSWORD: &str = "demo-password";
const DEMO_JOURNAL: &str = "demo-journal";

/// People in the demo organisation's teams: enough for departments whose figures can be shown.
const DEMO_ORG_PEOPLE: usize = 200;

/// Creates and fills the demo person on an empty store, then builds the demo organisation.
async fn fill_demo(store: &dyn anneal_store::Backend) -> anyhow::Result<DemoOrg> {
    let hash = password::hash(DEMO_PASSWORD, PasswordCost::Standard)
        .await
        .map_err(|e| anyhow::anyhow!("cannot hash the demo password: {e}"))?;
    let user = store
        .create_first_user(NewUser {
            username: DEMO_USER.into(),
            password_hash: Some(hash),
        })
        .await?;
    let made = demo::fill_person(store, user.id, 26, 42, Some(DEMO_JOURNAL), Utc::now())
        .await
        .map_err(crate::error::from_service)?;
    println!(
        "Demo: {} weekly check-ins, {} full checks, {} plan items and a journal entry for a person drifting toward rust-out.",
        made.checkins, made.assessments, made.plan_items
    );
    fill_demo_org(store).await
}

/// Builds the demo organisation: half a year of shared check-ins, a demo admin and a demo leader.
async fn fill_demo_org(store: &dyn anneal_store::Backend) -> anyhow::Result<DemoOrg> {
    let hash = |secret: &'static str| async move {
        password::hash(secret, PasswordCost::Standard)
            .await
            .map_err(|e| anyhow::anyhow!("cannot hash a demo password: {e}"))
    };
    let spec = DemoSpec {
        people: DEMO_ORG_PEOPLE,
        weeks: 26,
        seed: 42,
        now: Utc::now(),
        admin_password_hash: Some(hash(DEMO_ADMIN_PASSWORD).await?),
        leader_password_hash: Some(hash(DEMO_LEADER_PASSWORD).await?),
    };
    let org = demo_org(store, spec)
        .await
        .map_err(|e| anyhow::anyhow!("cannot build the demo organisation: {e}"))?;
    println!(
        "Demo organisation: {}, {} people in {} teams ({} sharing their pulse), {} weeks released.",
        org.organisation.name, org.people, org.teams, org.sharing, org.released_weeks
    );
    Ok(org)
}

pub async fn run(ctx: Context, args: Args) -> anyhow::Result<()> {
    init_logging();
    let support = support_config()?;
    let mut empty = ctx.store.count_users().await? == 0;
    let demo_made = args.demo && empty;
    let mut organisation = None;
    if demo_made {
        organisation = Some(fill_demo(ctx.store.as_ref()).await?);
        empty = false;
    } else if args.demo {
        println!(
            "--demo fills only an empty store; this one already has accounts, so it is left as it is."
        );
    }
    let config = ServerConfig {
        trust_proxy: args.trust_proxy,
        ..ServerConfig::default()
    };
    let state = AppState::new(ctx.store, support, config)
        .context("cannot start: the operating system's random number source failed")?;

    let listener = tokio::net::TcpListener::bind(args.bind)
        .await
        .with_context(|| format!("cannot listen on {}", args.bind))?;
    let addr = listener.local_addr()?;
    println!("Anneal is running at http://{addr}/ — open it in your browser");
    if empty {
        println!("This Anneal has no account yet: the first visit creates the owner account.");
    }
    if demo_made {
        println!(
            "Log in as {DEMO_USER:?} with the password {DEMO_PASSWORD:?}; the journal passphrase is {DEMO_JOURNAL:?}."
        );
    }
    if let Some(org) = &organisation {
        println!(
            "For the organisation: {DEMO_ADMIN:?} with {DEMO_ADMIN_PASSWORD:?} runs it (Organisation); {DEMO_LEADER:?} with {DEMO_LEADER_PASSWORD:?} leads {} (Team).",
            org.leader_unit.name
        );
    }
    println!("Press Ctrl-C to stop.");
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("the server stopped with an error")
}

/// Logs to stderr; `ANNEAL_LOG` (e.g. `debug`, `anneal=info,sqlx=warn`) sets the level.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("ANNEAL_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // A subscriber set earlier (e.g. by a test) stays in place.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}

/// Ctrl-C, or SIGTERM where there are signals (as a service manager or container stops us).
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    eprintln!("Stopping: finishing the requests in flight.");
}
