//! `anneal serve`: the web app and API.

use crate::context::Context;
use crate::support::support_config;
use anneal_server::{AppState, ServerConfig, router};
use anyhow::Context as _;
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
}

pub async fn run(ctx: Context, args: Args) -> anyhow::Result<()> {
    init_logging();
    let support = support_config()?;
    let empty = ctx.store.count_users().await? == 0;
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
